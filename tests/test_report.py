"""The HTML validation report: self-contained, escaped, pictured, and readable in a real browser."""
from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess

import pandas as pd
import pytest
from PIL import Image

from pipeline import changes, report, review, validate
from tests.conftest import RULED

BOXED = validate.finding("duplicate_rows", "Row 3 of <Area & Co> repeats 'Thames Valley Police'.",
                         table="practices", source_file=RULED.name, cycle="2023-25", section="AREA SIX",
                         force="Thames Valley Police", page=17, x0=54, top=100, x1=540, bottom=200)
UNBOXED = validate.finding("claims_vs_rows", "'AREA SIX' claims 8 examples, but its table holds 11 rows.",
                           table="area_claims", source_file=RULED.name, cycle="2023-25", section="AREA SIX", page=17)
ELSEWHERE = validate.finding("force_missing", "Row 9 prints no force name.", table="practices",
                             source_file="not_given.pdf", page=3, top=100, bottom=200)
SCHEMA = validate.finding("schema", "grades.grade: check 'isin' failed for value 'Grand'", table="grades",
                          source_file=RULED.name, page=6)
FINDINGS = [UNBOXED, BOXED, ELSEWHERE]
NO_CHANGES = pd.DataFrame(columns=changes.COLUMNS)
IMAGE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def summary_of(findings: list[dict], held_back: tuple[str, ...] = ()) -> dict:
    published = not any(validate.is_blocking(f["check"], f["severity"]) for f in findings)
    run = {"pipeline_version": "9.9.9", "editions": ["V1.6"], "failed_inputs": [], "held_back": list(held_back),
           "published": published,
           "inputs": [{"file": RULED.name, "sha256": "ab" * 32, "listed_in_manifest": True}]}
    return {"run": run, "checks": validate.summarise(findings), "tables": {"practices": 278, "grades": 945},
            "review": review.review_summary(findings, [], pd.DataFrame()),
            "text_repairs": [{"source_file": RULED.name, "repair": "ligature", "count": 3,
                              "description": "letters drawn as one glyph read as their letters"}]}


def render(findings: list[dict] = FINDINGS) -> str:
    return report.render_report(summary_of(findings), findings, {RULED.name: RULED},
                                NO_CHANGES)


@pytest.fixture(scope="module")
def page() -> str:
    return render()


def test_messages_are_escaped(page):
    assert "Row 3 of &lt;Area &amp; Co&gt; repeats &#x27;Thames Valley Police&#x27;." in page
    assert "&#x27;AREA SIX&#x27; claims 8 examples, but its table holds 11 rows." in page
    assert "<Area & Co>" not in page


def test_findings_show_where_they_are(page):
    assert "force <b>Thames Valley Police</b> · page <b>17</b>" in page
    assert "file <b>not_given.pdf</b>" in page


def test_images_are_modest_inline_pngs(page):
    images = [Image.open(io.BytesIO(base64.b64decode(data))) for data in IMAGE.findall(page)]
    assert len(images) == 2  # the boxed and unboxed findings; the PDF of the third was not given
    assert all(image.format == "PNG" and image.width <= report.MAX_WIDTH_PX for image in images)
    boxed, top_of_page = images[1], images[0]  # warnings keep the checks table's order: claims first
    assert boxed.height < top_of_page.height  # 100 pt of row plus padding, against 300 pt of page
    assert "the row, outlined in red" in page and "the top of the page" in page


def test_nothing_is_fetched_from_elsewhere(page):
    assert not re.search(r"https?://", page)
    assert not re.search(r"<(script|link)\b", page)
    assert not re.search(r"@import|url\(", page)


def test_counts_table(page):
    checks = page.split('<table class="checks">')[1].split("</table>")[0]
    for name in validate.CHECKS:
        assert f">{name}<" in checks
    assert re.search(r'<a href="#check-duplicate_rows">duplicate_rows</a>.*?<td class="count">1</td>'
                     r'<td><span class="pill fail">fail</span>', checks)
    assert re.search(r'>schema</code>.*?<td class="count">0</td><td><span class="pill pass">pass</span>', checks)


def test_headline(page):
    assert ">PUBLISHED<" in page and "0 errors, 3 warnings" in page
    assert "ab" * 32 in page and "9.9.9" in page and "practices 278" in page


def test_schema_error_blocks():
    assert ">BLOCKED<" in render([SCHEMA, BOXED])
    assert "1 error, 1 warning" in render([SCHEMA, BOXED])


def test_a_held_back_document_is_named_in_the_headline():
    row = validate.finding("held_back_row", "grades.status is null", table="grades", source_file=RULED.name,
                           page=6, x0=54, top=100, x1=540, bottom=120)
    held = validate.finding("document_held_back", f"{RULED.name}: held back, 1 row breaks the schema of grades "
                                                  "(grades.status is null)", source_file=RULED.name)
    page = report.render_report(summary_of([held, row], held_back=(RULED.name,)), [held, row], {RULED.name: RULED},
                                NO_CHANGES)
    assert ">PUBLISHED<" in page and f"Held back: {RULED.name}." in page
    card = page.split("grades.status is null</p>")[-1].split('<div class="finding')[0]
    assert IMAGE.search(card) and "the row, outlined in red" in card


def test_findings_ordered_errors_first():
    page = render([BOXED, SCHEMA])
    assert page.index("check-schema") < page.index("check-duplicate_rows", page.index("<h2>Findings"))


def test_image_cap_is_announced(monkeypatch):
    monkeypatch.setattr(report, "MAX_IMAGES", 1)
    page = render()
    assert len(IMAGE.findall(page)) == 1
    assert "first 1 of 2 findings" in page


def test_unreadable_pdf_gives_no_image(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    page = report.render_report(summary_of(FINDINGS), FINDINGS, {RULED.name: broken}, NO_CHANGES)
    assert not IMAGE.search(page) and "Row 3 of &lt;Area" in page


def test_deterministic(page):
    assert render() == page


CHROMIUM = shutil.which("chromium")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (Debian package `chromium`): "
                                             "no browser to render the report in")
def test_renders_in_headless_chromium(page, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    browser = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2000"]
    shot = tmp_path / "shot.png"
    subprocess.run([*browser, f"--screenshot={shot}", path.as_uri()], capture_output=True, timeout=120, check=True)
    with Image.open(shot) as image:
        assert image.size == (1280, 2000)
        darkest, lightest = image.convert("L").getextrema()
        assert darkest < 64 and lightest > 200  # text on a page, not a blank or black screen
    assert shot.stat().st_size > 50_000
    dom = subprocess.run([*browser, "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    assert "Row 3 of &lt;Area &amp; Co&gt; repeats 'Thames Valley Police'." in dom
    assert "'AREA SIX' claims 8 examples, but its table holds 11 rows." in dom
    assert "Row 9 prints no force name." in dom
