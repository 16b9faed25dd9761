"""The validation report: one self-contained HTML page a reviewer can read in two minutes.

Headline status, the checks with their counts, then every finding as a sentence next to a
picture of the place in the PDF it is about, so the reviewer can judge it without opening
the document. Nothing is fetched from elsewhere (inline CSS, images as data: URIs), and the
same inputs give byte-identical output.
"""
from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path

import pandas as pd
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

PAD_PT = 12  # context kept around a finding's row
TOP_OF_PAGE_PT = 300  # shown when a finding names a page but no row
MAX_WIDTH_PX = 900
MAX_SCALE = 2.0  # pixels per point, so a narrow box is not blown up
MAX_IMAGES = 200  # keeps the file small when a run finds hundreds of problems
MAX_CHANGES = 500  # changes listed in the report (changes.parquet has them all)
CHANGE_KINDS = ("added", "removed", "changed")
PNG_COLOURS = 64  # a palette PNG of printed text is a fraction of a true-colour one
OUTLINE_MARGIN_PT = 3  # a row box hugs its text; the outline sits just outside it, not through the letters
# the broken value may be in any cell of the row: the page is shown across, with the row's box outlined
ACROSS_THE_PAGE_CHECKS = ("schema", "held_back_row")
PLACE_LABELS = {"source_file": "file", "table": "table", "cycle": "cycle", "section": "section", "force": "force",
                "page": "page"}

CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1d232a; background: #f4f5f7; margin: 0; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 24px; margin: 0 0 12px; }
h2 { font-size: 19px; margin: 32px 0 8px; }
h3 { font-size: 17px; margin: 28px 0 4px; padding-bottom: 4px; border-bottom: 2px solid #c5cbd3; }
code, .sha { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
.status { display: flex; align-items: center; gap: 20px; padding: 16px 20px; border-radius: 8px;
          color: #fff; margin-bottom: 16px; }
.status.published { background: #1f6f43; }
.status.blocked { background: #a4262c; }
.status strong { font-size: 26px; letter-spacing: .04em; }
.status span { font-size: 17px; }
.facts { background: #fff; border: 1px solid #d8dce1; border-radius: 8px; padding: 12px 20px; }
.facts p { margin: 4px 0; }
details summary { cursor: pointer; margin: 4px 0; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid #e3e6ea; }
th { background: #eceff3; font-weight: 600; }
td.count { text-align: right; font-variant-numeric: tabular-nums; }
.checks tr.fail td { background: #fff8e6; }
.checks tr.fail.error td { background: #fdecec; }
.pill { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 13px; font-weight: 600; }
.pill.pass { background: #dcefe3; color: #1f6f43; }
.pill.fail { background: #f8d7d9; color: #a4262c; }
.pill.warning { background: #fdebc8; color: #7a4f00; }
.pill.error { background: #f8d7d9; color: #a4262c; }
.finding { background: #fff; border: 1px solid #d8dce1; border-left: 5px solid #d9a21b; border-radius: 6px;
           padding: 12px 16px; margin: 12px 0; }
.finding.error { border-left-color: #a4262c; }
.finding p.message { margin: 0 0 6px; font-size: 16px; }
.place { margin: 0 0 8px; color: #4a5561; font-size: 14px; }
.place b { color: #1d232a; font-weight: 600; }
.decision { margin: 0 0 8px; padding: 6px 10px; background: #eef4fb; border-radius: 4px; font-size: 14px; }
.review { margin: 0 0 16px; font-size: 16px; }
figure { margin: 0; }
figure img { display: block; max-width: 100%; border: 1px solid #c5cbd3; }
figcaption, .note { color: #5b6672; font-size: 13px; margin-top: 4px; }
"""


def render_report(summary: dict, findings: list[dict], pdf_paths: dict[str, Path], changes: pd.DataFrame) -> str:
    """The whole report page for one run; `pdf_paths` maps a finding's source_file to the PDF to picture,
    `changes` is the changes table (what changed between consecutive editions of the compendium)."""
    ordered = order_findings(findings, summary["checks"])
    new = [item for item in ordered if item["review"] == "new"]
    reviewed = [item for item in ordered if item["review"] != "new"]
    images, wanted = source_images(new + reviewed, pdf_paths)
    body = [headline(summary), changes_section(summary["run"]["editions"], changes), checks_table(summary["checks"]),
            findings_section(new, summary["checks"], images, wanted),
            reviewed_section(reviewed, summary["checks"], images, len(new)), stale_section(summary["review"]),
            repairs_section(summary["text_repairs"])]
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>peel-extract validation report</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def order_findings(findings: list[dict], checks: list[dict]) -> list[dict]:
    """Errors before warnings, then in the checks table's order, so the report reads top-down by importance."""
    rank = {c["name"]: (c["severity"] != "error", i) for i, c in enumerate(checks)}
    return sorted(findings, key=lambda f: rank[f["check"]])


def headline(summary: dict) -> str:
    """Status banner and the run's facts: what was read (with checksums), by which version, what came out."""
    checks, run = summary["checks"], summary["run"]
    blocked = not run["published"]
    errors = sum(c["count"] for c in checks if c["severity"] == "error")
    warnings = sum(c["count"] for c in checks if c["severity"] == "warning")
    rows = ", ".join(f"{esc(name)} {esc(count)}" for name, count in summary["tables"].items())
    inputs = "".join(f"<tr><td>{esc(i['file'])}</td><td class=\"sha\">{esc(i['sha256'])}</td>"
                     f"<td>{'yes' if i.get('listed_in_manifest') else 'no'}</td></tr>" for i in run["inputs"])
    outcome = ("Nothing was published: the errors below must be fixed first." if blocked
               else "The tables were published; the findings below are for review.")
    if run["held_back"]:
        outcome += f" Held back: {esc(', '.join(run['held_back']))}."
    counts = summary["review"]
    corrected = f" ({counts['corrected']} corrected)" if counts["corrected"] else ""
    review_line = (f"<p class=\"review\">Review: <b>{plural(counts['new'], 'new finding')}</b>, "
                   f"{counts['acknowledged']} acknowledged{corrected}, "
                   f"{counts['stale']} stale review entr{'y' if counts['stale'] == 1 else 'ies'}.</p>")
    return (f"<h1>peel-extract validation report</h1>\n"
            f"<div class=\"status {'blocked' if blocked else 'published'}\"><strong>"
            f"{'BLOCKED' if blocked else 'PUBLISHED'}</strong><span>{plural(errors, 'error')}, "
            f"{plural(warnings, 'warning')}. {outcome}</span></div>\n{review_line}\n"
            f"<div class=\"facts\"><p>Pipeline version <code>{esc(run['pipeline_version'])}</code></p>\n"
            f"<p>Rows: {rows}</p>\n"
            f"<details{' open' if len(run['inputs']) <= 5 else ''}><summary>{plural(len(run['inputs']), 'input file')}"
            f" and their sha256</summary>\n<table><tr><th>file</th><th>sha256</th><th>in raw/sources.toml</th></tr>"
            f"{inputs}</table></details></div>")


def change_cells(change: dict) -> str:
    """One change as table cells: what, where (cycle, force, area), from → to, and which fields."""
    def text(key: str) -> str:
        value = change.get(key)
        return "" if value is None or (isinstance(value, float) and math.isnan(value)) else esc(value)

    what = text("objective") or text("version")
    grades = f"{text('from_grade')} → {text('to_grade')}" if text("from_grade") or text("to_grade") else ""
    return "".join(f"<td>{cell}</td>" for cell in (
        text("table"), text("change"), text("cycle"), text("force_id"), text("area_id"), grades,
        esc(", ".join(change["fields"])), what))


def changes_section(editions: list[str], changes: pd.DataFrame) -> str:
    """The changes from the previous edition of the compendium to the current one, counted, then listed."""
    heading = "<h2>What changed since the previous edition</h2>\n"
    if len(editions) < 2:
        read = f"one edition ({esc(editions[0])})" if editions else "no edition of the compendium"
        return heading + f"<p>The run read {read}: there is no earlier edition to compare with.</p>"
    previous, current = editions[-2:]
    latest = changes[(changes["from_edition"] == previous) & (changes["to_edition"] == current)]
    counts = latest.groupby(["table", "change"], observed=True).size()
    said = "; ".join(f"{esc(table)}: " + ", ".join(f"{counts[table, change]} {change}" for change in CHANGE_KINDS
                                                  if (table, change) in counts.index)
                     for table in dict.fromkeys(latest["table"]))
    if not len(latest):
        return heading + f"<p>From {esc(previous)} to {esc(current)} (the current edition): nothing changed.</p>"
    rows = "".join(f"<tr>{change_cells(change)}</tr>\n" for change in latest.head(MAX_CHANGES).to_dict("records"))
    more = (f"<p class=\"note\">The first {MAX_CHANGES} of {len(latest)} changes are listed; all are in "
            f"changes.parquet.</p>\n") if len(latest) > MAX_CHANGES else ""
    return (heading + f"<p>From {esc(previous)} to {esc(current)} (the current edition): {said}.</p>\n{more}"
            "<table><tr><th>table</th><th>change</th><th>cycle</th><th>force</th><th>area</th><th>grade</th>"
            f"<th>fields changed</th><th>objective or version</th></tr>\n{rows}</table>")


def repairs_section(repairs: list[dict]) -> str:
    """How often the reader mended each document's text layer, so a reviewer knows where the text
    was not as printed underneath."""
    heading = "<h2>Text-layer repairs</h2>\n"
    if not repairs:
        return heading + "<p>No document's text layer needed mending.</p>"
    rows = "".join(f"<tr><td>{esc(item['source_file'])}</td><td>{esc(item['description'])}</td>"
                   f"<td>{esc(item['count'])}</td></tr>\n" for item in repairs)
    return heading + f"<table><tr><th>file</th><th>repair</th><th>times</th></tr>\n{rows}</table>"


def checks_table(checks: list[dict]) -> str:
    """One row per check, failing ones tinted and linked to their findings."""
    rows = []
    for c in checks:
        name = (f"<a href=\"#check-{esc(c['name'])}\">{esc(c['name'])}</a>" if c["count"] else esc(c["name"]))
        rows.append(f"<tr class=\"{esc(c['status'])} {esc(c['severity'])}\"><td><code>{name}</code></td>"
                    f"<td><span class=\"pill {esc(c['severity'])}\">{esc(c['severity'])}</span></td>"
                    f"<td>{esc(c['description'])}</td><td class=\"count\">{esc(c['count'])}</td>"
                    f"<td><span class=\"pill {esc(c['status'])}\">{esc(c['status'])}</span></td></tr>")
    return ("<h2>Checks</h2>\n<table class=\"checks\"><tr><th>check</th><th>severity</th><th>what it looks for</th>"
            "<th>count</th><th>result</th></tr>\n" + "\n".join(rows) + "</table>")


def findings_section(new: list[dict], checks: list[dict], images: dict[int, str], wanted: int) -> str:
    """The findings no review entry decides on, grouped under their check, in order; a note when the image
    cap left some without a picture."""
    if not new:
        return "<h2>Findings</h2>\n<p>Nothing new to review.</p>"
    parts = ["<h2>Findings</h2>", "<p class=\"note\">New: no entry of raw/review.toml decides on these "
                                  "(<code>python -m pipeline review</code> prints them as entries to fill in).</p>"]
    if wanted > len(images):
        parts.append(f"<p class=\"note\">Images are shown for the first {len(images)} of {wanted} findings "
                     f"that point into a PDF (capped at {MAX_IMAGES} to keep this file small).</p>")
    return "\n".join(parts + grouped_cards(new, checks, images, 0, "check-"))


def reviewed_section(reviewed: list[dict], checks: list[dict], images: dict[int, str], start: int) -> str:
    """The findings raw/review.toml acknowledges or corrects, apart from the new ones, each with its decision."""
    if not reviewed:
        return ""
    return "\n".join(["<h2>Acknowledged findings</h2>", "<p class=\"note\">Each is decided on by an entry of "
                                                        "raw/review.toml, quoted under it.</p>"]
                     + grouped_cards(reviewed, checks, images, start, "reviewed-"))


def grouped_cards(items: list[dict], checks: list[dict], images: dict[int, str], start: int, anchor: str) -> list[str]:
    """Finding cards under a heading per check; `start` is the first item's index among the pictured findings."""
    by_name = {c["name"]: c for c in checks}
    parts, current = [], None
    for index, item in enumerate(items, start=start):
        if item["check"] != current:
            current = item["check"]
            count = sum(1 for other in items if other["check"] == current)
            parts.append(f"<h3 id=\"{anchor}{esc(current)}\"><code>{esc(current)}</code> ({count}): "
                         f"{esc(by_name[current]['description'])}</h3>")
        parts.append(finding_card(item, images.get(index)))
    return parts


def finding_card(item: dict, image: str | None) -> str:
    """The finding's sentence, where it is, its id, the decision on it, and the picture of that place."""
    values = {**item, "page": page_number(item)}  # a page read back from a float column prints as 17, not 17.0
    place = " · ".join(f"{label} <b>{esc(values[key])}</b>" for key, label in PLACE_LABELS.items()
                       if values.get(key) is not None)
    return (f"<div class=\"finding {esc(item['severity'])}\"><p class=\"message\">{esc(item['message'])}</p>\n"
            f"<p class=\"place\">{place} · id <code>{esc(item['id'])}</code></p>{decision_note(item)}"
            f"{figure(item, image)}</div>")


def decision_note(item: dict) -> str:
    """'Acknowledged by A. Reviewer on 2025-08-01: reason', or what a correction changed."""
    decision = item["decision"]
    if not decision:
        return ""
    what = (f"Corrected: {esc(decision['column'])} set to <b>{esc(decision['value'])}</b>"
            if decision["decision"] == "correct" else "Acknowledged")
    return (f"<p class=\"decision\">{what} by {esc(decision['who'])} on {esc(decision['when'])}: "
            f"{esc(decision['reason'])}</p>\n")


def stale_section(review: dict) -> str:
    """Review entries whose finding no longer occurs: the document or the checks changed; the entry can go."""
    if not review["stale_entries"]:
        return ""
    rows = "".join(f"<tr><td>{esc(entry['number'])}</td><td><code>{esc(entry['finding'])}</code></td>"
                   f"<td>{esc(entry['decision'])}</td><td>{esc(entry['who'])}</td><td>{esc(entry['when'])}</td>"
                   f"<td>{esc(entry['reason'])}</td></tr>" for entry in review["stale_entries"])
    return ("<h2>Stale review entries</h2>\n<p>No finding of this run has these ids: the document or the checks "
            "changed since the decision was taken. Nothing was applied; the entries can be removed from "
            "raw/review.toml.</p>\n<table><tr><th>entry</th><th>finding</th><th>decision</th><th>who</th>"
            f"<th>when</th><th>reason</th></tr>{rows}</table>")


def figure(item: dict, image: str | None) -> str:
    if image is None:
        return ""
    where = "the row, outlined in red" if box(item) else "the top of the page (the finding gives no position)"
    caption = f"Page {page_number(item)} of {esc(item['source_file'])}: {where}."
    return f"<figure><img src=\"{image}\" alt=\"{caption}\"><figcaption>{caption}</figcaption></figure>"


def coordinate(value) -> float | None:
    """A box edge as a float, or None when missing (None, NaN or pandas NA)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def box(item: dict) -> tuple[float | None, float, float | None, float] | None:
    """(x0, top, x1, bottom) in points from the page's top-left; x0/x1 may be missing, top/bottom may not."""
    x0, top, x1, bottom = (coordinate(item.get(key)) for key in ("x0", "top", "x1", "bottom"))
    if top is None or bottom is None or bottom <= top:
        return None
    return (x0, top, x1, bottom) if x0 is not None and x1 is not None and x1 > x0 else (None, top, None, bottom)


def page_number(item: dict) -> int | None:
    number = coordinate(item.get("page"))
    return int(number) if number is not None else None


def source_images(ordered: list[dict], pdf_paths: dict[str, Path]) -> tuple[dict[int, str], int]:
    """Data URIs by finding index for the first MAX_IMAGES findings that point into an available PDF,
    and how many such findings there were; each PDF is opened once for all its findings."""
    pictured = [i for i, item in enumerate(ordered)
                if item.get("source_file") in pdf_paths and page_number(item) is not None]
    by_file: dict[str, list[int]] = {}
    for index in pictured[:MAX_IMAGES]:
        by_file.setdefault(ordered[index]["source_file"], []).append(index)
    images: dict[int, str] = {}
    for name, indexes in by_file.items():
        images.update(file_images(Path(pdf_paths[name]), {i: ordered[i] for i in indexes}))
    return images, len(pictured)


def file_images(path: Path, items: dict[int, dict]) -> dict[int, str]:
    """The pictures for one PDF's findings; an unreadable PDF (already reported as such) gives none."""
    try:
        document = pdfium.PdfDocument(path)
    except (pdfium.PdfiumError, OSError):
        return {}
    try:
        rendered = {index: page_region(document, item) for index, item in items.items()}
    finally:
        document.close()
    return {index: uri for index, uri in rendered.items() if uri is not None}


def page_region(document: pdfium.PdfDocument, item: dict) -> str | None:
    """The finding's row padded by PAD_PT (full page width when x0/x1 are missing or the finding is about a
    schema), or the top of its page."""
    number = page_number(item)
    if not 1 <= number <= len(document):
        return None
    row, page = box(item), document[number - 1]
    try:
        width, height = page.get_size()
        left, top, right, bottom = crop_area(shown_line(item, row), width, height)
        scale = min(MAX_SCALE, MAX_WIDTH_PX / (right - left))
        image = page.render(scale=scale, crop=(left, height - bottom, width - right, top)).to_pil()
    finally:
        page.close()
    if row:
        outline(image, row, left, top, scale)
    return png_data_uri(image)


def shown_line(item: dict, row: tuple | None) -> tuple | None:
    """The box the picture is cut around: the row's own, or for a schema finding its whole line."""
    if row and item["check"] in ACROSS_THE_PAGE_CHECKS:
        return None, row[1], None, row[3]
    return row


def crop_area(row: tuple | None, width: float, height: float) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the area to show, clipped to the page."""
    if row is None:
        return 0.0, 0.0, width, min(height, TOP_OF_PAGE_PT)
    x0, top, x1, bottom = row
    left, right = (0.0, width) if x0 is None else (max(0.0, x0 - PAD_PT), min(width, x1 + PAD_PT))
    area = left, max(0.0, top - PAD_PT), right, min(height, bottom + PAD_PT)
    return area if area[2] > area[0] and area[3] > area[1] else crop_area(None, width, height)


def outline(image: Image.Image, row: tuple, left: float, top: float, scale: float) -> None:
    """Draw the row's box, so the reviewer sees which of the visible lines the finding is about."""
    x0, row_top, x1, row_bottom = row
    x0, x1 = (left, left + image.width / scale) if x0 is None else (x0 - OUTLINE_MARGIN_PT, x1 + OUTLINE_MARGIN_PT)
    edges = [x0 - left, row_top - OUTLINE_MARGIN_PT - top, x1 - left, row_bottom + OUTLINE_MARGIN_PT - top]
    corners = [edge * scale for edge in edges]
    corners = [max(0, min(c, limit - 1)) for c, limit in zip(corners, [image.width, image.height] * 2)]
    ImageDraw.Draw(image).rectangle(corners, outline=(200, 30, 30), width=2)


def png_data_uri(image: Image.Image) -> str:
    """A small, deterministic PNG (palette, no metadata) as a data: URI."""
    buffer = io.BytesIO()
    # the fast octree palette is deterministic, and for printed text both quicker and smaller than
    # the default median cut; zlib's optimize pass would triple the time for a few per cent
    palette = image.convert("RGB").quantize(colors=PNG_COLOURS, method=Image.Quantize.FASTOCTREE)
    palette.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
