"""Print with groff: the document as troff with tbl tables, typeset to PostScript by grops and made a
PDF by Ghostscript's ps2pdf (the Unix typesetting route, fonts the PostScript standard 35 as URW
draws them). No macro package: a page trap of its own sets the margins.

troff never breaks a table's row over two pages nor prints its header again (that takes a macro
package's work), sets a row's cells at its top, prints no links and shades no cells: layouts asking
for those are refused. It sets every page of a document in one orientation, so a landscape matrix
makes the whole document landscape. Its booktabs rules are double rules over and under the table
(tbl draws no thick rule).
"""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from document import Block, Document
from layouts import PAGES, Layout
from print_style import H1_SCALE, H2_SCALE, TITLE_SCALE, caption_text, fit, is_cycle_heading

FAMILIES = {  # layout font -> troff's regular and bold PostScript fonts (grops' names)
    "serif": ("TR", "TB"), "urw-serif": ("TR", "TB"), "dejavu-serif": ("TR", "TB"),
    "sans": ("HR", "HB"), "urw-sans": ("HR", "HB"), "dejavu-sans": ("HR", "HB"),
    "condensed": ("HNR", "HNB"), "urw-narrow": ("HNR", "HNB"), "dejavu-condensed": ("HNR", "HNB"),
    "mono": ("CR", "CB"), "urw-bookman": ("BMR", "BMB"),
}
TABLE_BOXES = {"full": "allbox", "horizontal": "", "none": "", "double": "doublebox allbox", "booktabs": ""}
ALIGN = {"left": "l", "center": "c", "right": "r"}
EN = 0.5  # an en, in ems: tbl's column gap is counted in ens


def text(line: str) -> str:
    """A line of troff text: backslashes escaped, quotes printed as typed (troff would set ' as a
    closing quote), a leading period kept from starting a request."""
    line = line.replace("\\", "\\e").replace("'", "\\(aq").replace("`", "\\(ga")
    return "\\&" + line if line[:1] == "." else line


UNPRINTABLE = {"link_underlines": False, "mirror_margins": 0.0, "repeat_header": False,
               "valign": "top"}  # what groff prints instead of what it cannot


def printable(layout: dict) -> dict:
    """A drawn layout (`draw_heldout`) with what groff cannot print replaced by what it prints: no
    links, no facing pages, the header once, cells at the top, no shading."""
    return layout | UNPRINTABLE | ({"rules": "none"} if layout.get("rules") not in TABLE_BOXES else {})


def supported(layout: Layout) -> None:
    """Refuse a layout asking for what groff cannot print (`UNPRINTABLE`, a shaded table)."""
    refused = [name for name, value in UNPRINTABLE.items() if getattr(layout, name) != value]
    assert not refused and layout.rules in TABLE_BOXES, f"groff cannot print {refused or layout.rules}"


def _table(block: Block, layout: Layout, number: int) -> list[str]:
    """A tbl table: its size, column widths and gaps (for the cell padding) from `print_style.fit`, every
    cell a text block so that it wraps in its column."""
    size, widths, padding = fit(block, layout, layout.text_width(layout.matrix_orientation))
    regular, bold = FAMILIES[layout.table_font_key]
    gap = max(1, round(2 * padding / (EN * size)))
    gaps = [str(gap)] * (len(widths) - 1) + [""]
    inner = [w - 2 * padding - 1 for w in widths]  # tbl adds the gaps and its rules' room around the text
    head = " ".join(f"{ALIGN[layout.header_align]}f({bold})w({w:.1f}p){g}" for w, g in zip(inner, gaps))
    aligns = ["l"] + [ALIGN[layout.grade_align] if block.table == "matrix" else "l"] * (len(widths) - 1)
    body = " ".join(f"{a}tf({regular})w({w:.1f}p){g}" for a, w, g in zip(aligns, inner, gaps))
    lines = [f".ps {size}", f".vs {size * layout.line_height:.2f}p"]
    if layout.caption:
        lines += [f".ft {bold}", text(caption_text(block, number)), ".br", f".ft {regular}"]
    options = " ".join(filter(None, [TABLE_BOXES[layout.rules], "tab(\x07)"])) + ";"
    lines += [".TS H", options, head, body + "."]
    ruled_rows = layout.rules in ("horizontal", "booktabs")
    if ruled_rows:
        lines.append("=" if layout.rules == "booktabs" else "_")
    lines.append("\x07".join("T{\n" + text(h) + "\nT}" for h in block.header))
    if ruled_rows:
        lines.append("_")
    lines.append(".TH")
    unruled = layout.rules in ("none", "booktabs")  # rows set apart by their cells' padding, as other engines do
    for index, row in enumerate(block.rows):
        if unruled:
            lines.append(f".sp {2 * padding}p")
        lines.append("\x07".join("T{\n" + text(cell.text) + "\nT}" for cell in row))
        if layout.rules == "horizontal" or (layout.rules == "booktabs" and index == len(block.rows) - 1):
            lines.append("=" if layout.rules == "booktabs" else "_")
    lines += [".TE", f".ps {layout.body_size}", f".vs {layout.body_size * layout.line_height:.2f}p", ".sp 0.6"]
    return lines


def to_troff(document: Document, layout: Layout) -> str:
    supported(layout)
    width, height = page_size(layout)
    regular, bold = FAMILIES[layout.font]
    m, b, lh = layout.margin, layout.body_size, layout.line_height
    lines = [f".pl {height}p", f".po {m}p", f".ll {width - 2 * m}p", ".nh", ".na",
             # what tbl asks of a macro package: the header it diverts is set at .TH, so that the rows after
             # it break over pages, the table's rules drawn on each page by T# from the page's top (#T)
             ".de TS", "..", ".de TE", ".nr T. 0", "..",
             ".de TH", ".if '\\\\n[.z]'3table' \\{\\", ".di", ".nr 3tflag 0", ".in 0", ".nf", ".3table", ".\\}",
             ".nr T. 1", "..",
             ".de page-top", f"'sp |{m}p", r".if \\n[T.] .mk #T", "..",
             ".de page-foot", r".if \\n[T.] .T#", "'bp", "..",
             ".wh 0 page-top", f".wh -{m}p page-foot",
             f".ft {regular}", f".ps {b}", f".vs {b * lh:.2f}p"]

    def heading(line: str, scale: float, before: float) -> list[str]:
        size = b * scale * (layout.heading_scale if scale != TITLE_SCALE else 1.0)
        return [f".sp {before}p", f".ps {size:.1f}", f".vs {size * 1.2:.1f}p", f".ft {bold}", ".ne 3",
                text(line), ".br", f".ft {regular}", f".ps {b}", f".vs {b * lh:.2f}p", f".sp {0.5 * size:.1f}p"]

    tables = 0
    for block in document.blocks:
        if is_cycle_heading(block):
            lines.append(".bp")
        if block.kind == "title":
            lines += heading(block.text, TITLE_SCALE, 0)
        elif block.kind in ("subtitle", "para"):
            lines += [text(block.text), ".br", f".sp {0.6 * b:.1f}p"]
        elif block.kind in ("h1", "h2"):
            lines += heading(block.text, H1_SCALE if block.kind == "h1" else H2_SCALE, 12 if block.kind == "h1" else 10)
        elif block.kind == "table":
            tables += 1
            if block.table == "matrix" and layout.space_before_matrix:
                lines.append(f".sp {layout.space_before_matrix}p")
            lines += _table(block, layout, tables)
    return "\n".join(lines) + "\n"


def page_size(layout: Layout) -> tuple[float, float]:
    """Every page's width and height: the matrix's orientation is the document's."""
    width, height = PAGES[layout.page]
    return (width, height) if layout.matrix_orientation == "portrait" else (height, width)


def groff_pdf(document: Document, layout: Layout, out_path: Path) -> None:
    width, height = page_size(layout)
    with tempfile.TemporaryDirectory() as tmp:
        source, postscript = Path(tmp) / "doc.tr", Path(tmp) / "doc.ps"
        source.write_text(to_troff(document, layout), encoding="utf-8")
        with postscript.open("wb") as out:
            subprocess.run(["groff", "-k", "-t", "-Tps", f"-P-p{height}p,{width}p", str(source)], stdout=out,
                           check=True, timeout=300)
        subprocess.run(["ps2pdf", f"-dDEVICEWIDTHPOINTS={width:g}", f"-dDEVICEHEIGHTPOINTS={height:g}", "-dFIXEDMEDIA",
                        str(postscript), str(out_path)], check=True, capture_output=True, timeout=300)
