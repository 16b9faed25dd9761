"""What every engine prints alike, so that printings differ only where their layouts say.

Heading scales, link and zebra colours, rule widths, table captions, and each table's font size,
column widths and cell padding, fitted so that no word is broken inside a cell. Words are measured
with reportlab's font metrics whichever engine prints, so all engines get the same columns.
"""
from __future__ import annotations

from pathlib import Path

from document import Block
from layouts import FONTS, Layout

FONT_DIR = Path("/usr/share/fonts/truetype")
TYPE1_DIR = Path("/usr/share/fonts/X11/Type1")
TYPE1_AFM_DIR = Path("/usr/share/fonts/type1/urw-base35")
TITLE_SCALE, H1_SCALE, H2_SCALE = 2.0, 1.6, 1.3
LINK_COLOUR = "#0563c1"
ZEBRA, ZEBRA_HEAD = "#e4e4e4", "#c8c8c8"
RULE = 0.6   # pt
DOUBLE = 2.0  # pt: total width of a double rule (two 0.5 pt lines, 1 pt apart)
THICK = 1.2   # pt: booktabs top and bottom rules


def rule_width(layout: Layout) -> float:
    return DOUBLE if layout.rules == "double" else RULE


def caption_text(block: Block, number: int) -> str:
    if block.table == "versions":
        return f"Table {number}: Version history of the compendium"
    if block.table == "matrix":
        return f"Table {number}: Overall grades by force, {block.cycle}"
    return f"Table {number}: Practice examples identified in the reports"


def table_pt(block: Block, layout: Layout) -> float:
    return layout.matrix_pt if block.table == "matrix" else layout.table_size


def _word_widths(block: Block, layout: Layout) -> list[float]:
    """Per column, the width at 1 pt of its longest word (header words in bold)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    regular, bold = register_fonts(layout, layout.table_font_key)
    widest = []
    for i, header in enumerate(block.header):
        words = [(w, bold) for w in header.split()] + [(w, regular) for row in block.rows for w in row[i].text.split()]
        widest.append(max((stringWidth(w, font, 1.0) for w, font in words), default=0.0))
    return widest


def fit(block: Block, layout: Layout, text_width: float) -> tuple[float, list[float], float]:
    """Font size, column widths (pt) and cell padding of a table, so that no word is broken inside a cell:
    the layout's size and padding where the longest words fit; else the largest size down to 6 pt where
    they do; else 6 pt and less padding (down to 1 pt). Space beyond the words' needs goes to the columns
    in proportion to the block's relative widths."""
    size, padding = table_pt(block, layout), layout.padding
    widest = _word_widths(block, layout)

    def needs(s: float, pad: float) -> list[float]:
        return [s * w + 2 * pad + 2.0 + rule_width(layout) for w in widest]

    while size > 6.0 and sum(needs(size, padding)) > text_width:
        size = round(size - 0.1, 1)
    while padding > 1.0 and sum(needs(size, padding)) > text_width:
        padding = max(1.0, padding - 0.5)
    need = needs(size, padding)
    total = sum(block.widths)
    widths = [text_width * w / total for w in block.widths]
    for _ in range(len(widths)):   # columns narrower than their words take room from the others
        short = [i for i, w in enumerate(widths) if w < need[i] - 1e-6]
        if not short:
            break
        wanted = sum(need[i] - widths[i] for i in short)
        for i in short:
            widths[i] = need[i]
        donors = [i for i in range(len(widths)) if i not in short and widths[i] > need[i]]
        spare = sum(widths[i] - need[i] for i in donors)
        for i in donors:
            widths[i] -= min(wanted, spare) * (widths[i] - need[i]) / spare if spare else 0
    return size, widths, padding


def is_cycle_heading(block: Block) -> bool:
    return block.kind == "h1" and bool(block.cycle)


def type1_font(name: str, pfb: str):
    """A Type 1 font for reportlab: its outlines (PFB) embedded, its metrics from its AFM file."""
    from reportlab.pdfbase import pdfmetrics
    face = pdfmetrics.EmbeddedType1Face(str(TYPE1_AFM_DIR / pfb.replace(".pfb", ".afm")), str(TYPE1_DIR / pfb))
    pdfmetrics.registerTypeFace(face)
    return pdfmetrics.Font(name, face.name, "WinAnsiEncoding")


def register_fonts(layout: Layout, key: str | None = None) -> tuple[str, str]:
    """reportlab's names for the regular and bold of the layout's font (or of font `key`), registered once."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.lib.fonts import addMapping
    key = key or layout.font
    _, regular, bold = FONTS[key]
    names = (f"Zoo-{key}", f"Zoo-{key}-Bold")
    if names[0] not in pdfmetrics.getRegisteredFontNames():
        for name, path in zip(names, (regular, bold)):
            pdfmetrics.registerFont(type1_font(name, path) if path.endswith(".pfb")
                                    else TTFont(name, str(FONT_DIR / path)))
        addMapping(names[0], 0, 0, names[0])
        addMapping(names[0], 1, 0, names[1])
    return names
