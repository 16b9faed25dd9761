"""Three engines that print a Document with a Layout to PDF, and two reprinting tools.

    chromium     HTML + CSS, headless Chromium --print-to-pdf
    libreoffice  flat ODT (.fodt) converted by soffice --headless --convert-to pdf
    reportlab    platypus Tables with Paragraph cells
    reprint(pdf, "pdftocairo" | "gs")
"""
from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from document import Block, Cell, Document, link_url, linked
from layouts import FONTS, PAGES, Layout

FONT_DIR = Path("/usr/share/fonts/truetype")
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
    regular, bold = _register(layout, layout.table_font_key)
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


# ================================================================ Chromium

CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer"]


def _html_cell(cell: Cell, layout: Layout) -> str:
    text = html.escape(cell.text)
    if cell.link and layout.link_underlines and linked(cell.link):
        name = html.escape(cell.link)
        text = text.replace(name, f'<a href="{html.escape(link_url(cell.link))}">{name}</a>', 1)
    return text


def _html_table(block: Block, layout: Layout, number: int = 0) -> str:
    size, widths, padding = fit(block, layout, layout.text_width(layout.orientation_of(block.table)))
    cols = "".join(f'<col style="width:{w:.2f}pt">' for w in widths)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in block.header)
    body = "".join("<tr>" + "".join(f"<td>{_html_cell(c, layout)}</td>" for c in row) + "</tr>" for row in block.rows)
    caption = (f'<p class="caption">{html.escape(caption_text(block, number))}</p>' if layout.caption else "")
    return (caption + f'<table class="{block.table}" style="width:{sum(widths):.2f}pt; --size:{size}pt; --pad:{padding}pt"><colgroup>{cols}</colgroup>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def to_html(document: Document, layout: Layout) -> str:
    size = "letter" if layout.page == "Letter" else "A4"
    rules = {"full": f"th, td {{ border: {RULE}pt solid #000; }}",
             "horizontal": f"th, td {{ border-top: {RULE}pt solid #000; border-bottom: {RULE}pt solid #000; }}",
             "none": "",
             "zebra": f"tbody tr:nth-child(even) td {{ background: {ZEBRA}; }} th {{ background: {ZEBRA_HEAD}; }}",
             "double": f"th, td {{ border: {DOUBLE}pt double #000; }}",
             "booktabs": (f"th {{ border-top: {THICK}pt solid #000; border-bottom: {RULE}pt solid #000; }} "
                          f"tbody tr:last-child td {{ border-bottom: {THICK}pt solid #000; }}")}
    extra = ""
    if layout.table_font:
        extra += f"table {{ font-family: '{layout.table_family}'; }}\n"
    if layout.header_align != "left":
        extra += f"th {{ text-align: {layout.header_align}; }}\n"
    if layout.grade_align != "left":
        extra += f"table.matrix td + td {{ text-align: {layout.grade_align}; }}\n"
    if layout.valign != "top":
        extra += f"th, td {{ vertical-align: {layout.valign}; }}\n"
    if layout.caption:
        extra += (f".caption {{ font-weight: bold; font-size: {layout.body_size * 0.9:.1f}pt; margin: 0.6em 0 0.3em 0; "
                  "break-after: avoid; }\n")
    css = f"""
@page {{ size: {size}; margin: {layout.margin}pt; }}
@page landscape {{ size: {size} landscape; margin: {layout.margin}pt; }}
.landscape {{ page: landscape; }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; font-family: '{layout.family}'; font-size: {layout.body_size}pt; line-height: {layout.line_height}; }}
h1, h2, .title {{ font-weight: bold; margin: 0.8em 0 0.4em 0; line-height: 1.2; }}
.title {{ font-size: {layout.body_size * TITLE_SCALE}pt; }}
h1 {{ font-size: {layout.body_size * H1_SCALE * layout.heading_scale}pt; }}
h2 {{ font-size: {layout.body_size * H2_SCALE * layout.heading_scale}pt; }}
h1.cycle {{ break-before: page; }}
p {{ margin: 0 0 0.6em 0; }}
table {{ border-collapse: collapse; table-layout: fixed; margin: 0 0 1em 0; }}
th, td {{ padding: var(--pad); vertical-align: top; text-align: left; font-size: var(--size);
          line-height: {layout.line_height}; overflow-wrap: break-word; }}
th {{ font-weight: bold; }} td {{ font-weight: normal; }}
{rules[layout.rules]}
{'' if layout.repeat_header else 'thead { display: table-row-group; }'}
tr {{ break-inside: {'auto' if layout.rows_break else 'avoid'}; }}
{'td, th { orphans: 1; widows: 1; }' if layout.rows_break else ''}
a {{ color: {LINK_COLOUR}; text-decoration: underline; }}
{extra}"""
    parts: list[str] = []
    in_landscape = False
    first_practices = True
    tables_seen = 0
    for block in document.blocks:
        if is_cycle_heading(block) or block.kind == "h2":
            if in_landscape:
                parts.append("</div>")
                in_landscape = False
        if is_cycle_heading(block) and layout.matrix_orientation == "landscape":
            parts.append('<div class="landscape">')
            in_landscape = True
        if block.kind == "title":
            parts.append(f'<p class="title">{html.escape(block.text)}</p>')
        elif block.kind == "subtitle":
            parts.append(f"<p>{html.escape(block.text)}</p>")
        elif block.kind == "h1":
            cls = ' class="cycle"' if is_cycle_heading(block) else ""
            parts.append(f"<h1{cls}>{html.escape(block.text)}</h1>")
        elif block.kind == "h2":
            parts.append(f"<h2>{html.escape(block.text)}</h2>")
        elif block.kind == "para":
            parts.append(f"<p>{html.escape(block.text)}</p>")
        elif block.kind == "table":
            if block.table == "matrix" and layout.space_before_matrix:
                parts.append(f'<div style="height:{layout.space_before_matrix}pt"></div>')
            if block.table == "practices" and first_practices and layout.space_before_practices:
                parts.append(f'<div style="height:{layout.space_before_practices}pt"></div>')
            if block.table == "practices":
                first_practices = False
            tables_seen += 1
            parts.append(_html_table(block, layout, tables_seen))
    if in_landscape:
        parts.append("</div>")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(document.blocks[0].text)}'
            f"</title><style>{css}</style></head><body>{''.join(parts)}</body></html>")


def chromium_pdf(document: Document, layout: Layout, out_path: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="zoo-chromium-") as scratch:
        source = Path(scratch) / "document.html"
        source.write_text(to_html(document, layout), encoding="utf-8")
        subprocess.run(CHROMIUM + [f"--user-data-dir={scratch}/profile", f"--print-to-pdf={out_path}",
                                   source.as_uri()], check=True, capture_output=True, timeout=300)


# ================================================================ LibreOffice (flat ODT)

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink"')


def _pstyle(name: str, size: float, bold: bool, layout: Layout, extra: str = "", para: str = "",
            line_height: float | None = None, font: str = "Zoo") -> str:
    weight = ' fo:font-weight="bold"' if bold else ' fo:font-weight="normal"'
    lh = line_height or layout.line_height
    return (f'<style:style style:name="{name}" style:family="paragraph"{extra}>'
            f'<style:paragraph-properties fo:line-height="{lh * 100:.0f}%" {para}/>'
            f'<style:text-properties style:font-name="{font}" fo:font-size="{size}pt"{weight}/></style:style>')


def _cell_style(name: str, layout: Layout, background: str | None, padding: float, part: str = "body") -> str:
    """part: body | head | last (booktabs rules differ for the header row and the last row)."""
    line = f"{RULE}pt solid #000000"
    thick = f"{THICK}pt solid #000000"
    booktabs = {"head": f'fo:border-top="{thick}" fo:border-bottom="{line}" fo:border-left="none" fo:border-right="none"',
                "last": f'fo:border-bottom="{thick}" fo:border-top="none" fo:border-left="none" fo:border-right="none"',
                "body": 'fo:border="none"'}[part]
    borders = {"full": f'fo:border="{line}"',
               "horizontal": f'fo:border-top="{line}" fo:border-bottom="{line}" fo:border-left="none" fo:border-right="none"',
               "none": 'fo:border="none"', "zebra": 'fo:border="none"',
               "double": f'fo:border="{DOUBLE}pt double #000000" style:border-line-width="0.5pt 1pt 0.5pt"',
               "booktabs": booktabs}[layout.rules]
    bg = f' fo:background-color="{background}"' if background else ""
    return (f'<style:style style:name="{name}" style:family="table-cell"><style:table-cell-properties '
            f'{borders} fo:padding="{padding}pt" style:vertical-align="{layout.valign}"{bg}/></style:style>')


def _odt_text(cell: Cell, layout: Layout) -> str:
    text = escape(cell.text)
    if cell.link and layout.link_underlines and linked(cell.link):
        name = escape(cell.link)
        anchor = (f'<text:a xlink:type="simple" xlink:href={quoteattr(link_url(cell.link))}>'
                  f'<text:span text:style-name="Link">{name}</text:span></text:a>')
        text = text.replace(name, anchor, 1)
    return text


def to_fodt(document: Document, layout: Layout) -> str:
    width, height = PAGES[layout.page]
    m = layout.margin
    text_width = {"portrait": width - 2 * m, "landscape": height - 2 * m}
    auto: list[str] = []
    body: list[str] = []
    # cell styles: plain, zebra-even, zebra-header
    zebra = layout.rules == "zebra"
    keep = "auto" if layout.rows_break else "always"
    auto.append(f'<style:style style:name="Row" style:family="table-row"><style:table-row-properties '
                f'fo:keep-together="{keep}"/></style:style>')
    auto.append('<style:style style:name="Link" style:family="text"><style:text-properties '
                f'fo:color="{LINK_COLOUR}" style:text-underline-style="solid" style:text-underline-width="auto" '
                'style:text-underline-color="font-color"/></style:style>')
    orientation = "portrait"
    tables = 0
    first_practices = True
    for block in document.blocks:
        if block.kind == "title":
            body.append(f'<text:p text:style-name="Title">{escape(block.text)}</text:p>')
        elif block.kind == "subtitle":
            body.append(f'<text:p text:style-name="Body">{escape(block.text)}</text:p>')
        elif block.kind in ("h1", "h2"):
            style = "H1" if block.kind == "h1" else "H2"
            if is_cycle_heading(block):
                orientation = layout.matrix_orientation
                style = "H1Land" if orientation == "landscape" else "H1Page"
            elif block.kind == "h2" and orientation == "landscape":
                orientation, style = "portrait", "H2Port"
            level = 1 if block.kind == "h1" else 2
            body.append(f'<text:h text:style-name="{style}" text:outline-level="{level}">{escape(block.text)}</text:h>')
        elif block.kind == "para":
            body.append(f'<text:p text:style-name="Body">{escape(block.text)}</text:p>')
        elif block.kind == "table":
            if block.table == "matrix" and layout.space_before_matrix:
                body.append(f'<text:p text:style-name="Space{tables}"/>')
                auto.append(_pstyle(f"Space{tables}", 1, False, layout, line_height=1.0,
                                    para=f'fo:margin-top="{layout.space_before_matrix}pt" fo:margin-bottom="0pt"'))
            if block.table == "practices" and first_practices and layout.space_before_practices:
                body.append(f'<text:p text:style-name="Space{tables}"/>')
                auto.append(_pstyle(f"Space{tables}", 1, False, layout, line_height=1.0,
                                    para=f'fo:margin-top="{layout.space_before_practices}pt" fo:margin-bottom="0pt"'))
            if block.table == "practices":
                first_practices = False
            tables += 1
            name = f"T{tables}"
            tw = text_width[layout.orientation_of(block.table)]
            size, widths, padding = fit(block, layout, tw)
            auto += [_cell_style(f"{name}.P", layout, None, padding),
                     _cell_style(f"{name}.Z", layout, ZEBRA if zebra else None, padding),
                     _cell_style(f"{name}.H", layout, ZEBRA_HEAD if zebra else None, padding, "head")]
            if layout.rules == "booktabs":
                auto.append(_cell_style(f"{name}.L", layout, None, padding, "last"))
            if layout.caption:
                body.append(f'<text:p text:style-name="Caption">{escape(caption_text(block, tables))}</text:p>')
            auto.append(f'<style:style style:name="{name}" style:family="table"><style:table-properties '
                        f'style:width="{sum(widths):.2f}pt" table:align="left" fo:margin-bottom="8pt" '
                        'style:may-break-between-rows="true"/></style:style>')
            columns = []
            for i, w in enumerate(widths):
                auto.append(f'<style:style style:name="{name}.C{i}" style:family="table-column">'
                            f'<style:table-column-properties style:column-width="{w:.2f}pt"/></style:style>')
                columns.append(f'<table:table-column table:style-name="{name}.C{i}"/>')
            prefix = f"{name}."
            cell_font = "ZooTable" if layout.table_font else "Zoo"
            auto.append(_pstyle(f"{name}.Cell", size, False, layout, para='fo:margin="0pt"', font=cell_font))
            head_align = f' fo:text-align="{ {"left": "start", "center": "center", "right": "end"}[layout.header_align]}"'
            auto.append(_pstyle(f"{name}.CellHead", size, True, layout, font=cell_font,
                                para='fo:margin="0pt"' + (head_align if layout.header_align != "left" else "")))
            if block.table == "matrix" and layout.grade_align != "left":
                grade_align = {"center": "center", "right": "end"}[layout.grade_align]
                auto.append(_pstyle(f"{name}.Grade", size, False, layout, font=cell_font,
                                    para=f'fo:margin="0pt" fo:text-align="{grade_align}"'))
            head = ('<table:table-row table:style-name="Row">' + "".join(
                f'<table:table-cell table:style-name="{name}.H" office:value-type="string">'
                f'<text:p text:style-name="{prefix}CellHead">{escape(h)}</text:p></table:table-cell>'
                for h in block.header) + "</table:table-row>")
            if layout.repeat_header:
                head = f"<table:table-header-rows>{head}</table:table-header-rows>"
            rows = []
            graded = block.table == "matrix" and layout.grade_align != "left"
            for r, row in enumerate(block.rows):
                cell_style = f"{name}.Z" if r % 2 == 1 else f"{name}.P"
                if layout.rules == "booktabs" and r == len(block.rows) - 1:
                    cell_style = f"{name}.L"
                rows.append('<table:table-row table:style-name="Row">' + "".join(
                    f'<table:table-cell table:style-name="{cell_style}" office:value-type="string">'
                    f'<text:p text:style-name="{prefix}{"Grade" if graded and i else "Cell"}">{_odt_text(c, layout)}'
                    '</text:p></table:table-cell>'
                    for i, c in enumerate(row)) + "</table:table-row>")
            body.append(f'<table:table table:name="{name}" table:style-name="{name}">{"".join(columns)}{head}'
                        f'{"".join(rows)}</table:table>')
    b = layout.body_size
    styles = "".join([
        _pstyle("Body", b, False, layout, para='fo:margin-top="0pt" fo:margin-bottom="6pt"'),
        _pstyle("Title", b * TITLE_SCALE, True, layout, line_height=1.2, para='fo:margin-bottom="8pt"'),
        _pstyle("H1", b * H1_SCALE * layout.heading_scale, True, layout, ' style:default-outline-level="1"', line_height=1.2,
                para='fo:margin-top="12pt" fo:margin-bottom="6pt" fo:keep-with-next="always"'),
        _pstyle("H2", b * H2_SCALE * layout.heading_scale, True, layout, ' style:default-outline-level="2"', line_height=1.2,
                para='fo:margin-top="10pt" fo:margin-bottom="5pt" fo:keep-with-next="always"'),
    ] + ([_pstyle("Caption", round(b * 0.9, 1), True, layout, line_height=1.2,
                  para='fo:margin-top="6pt" fo:margin-bottom="3pt" fo:keep-with-next="always"')] if layout.caption else []))
    auto += [
        '<style:style style:name="H1Page" style:family="paragraph" style:parent-style-name="H1" '
        'style:master-page-name="Standard"><style:paragraph-properties fo:break-before="page"/></style:style>',
        '<style:style style:name="H1Land" style:family="paragraph" style:parent-style-name="H1" '
        'style:master-page-name="Landscape"><style:paragraph-properties fo:break-before="page"/></style:style>',
        '<style:style style:name="H2Port" style:family="paragraph" style:parent-style-name="H2" '
        'style:master-page-name="Standard"><style:paragraph-properties fo:break-before="page"/></style:style>',
    ]
    for name, (w, h, orient) in {"PLPort": (width, height, "portrait"), "PLLand": (height, width, "landscape")}.items():
        auto.append(f'<style:page-layout style:name="{name}"><style:page-layout-properties fo:page-width="{w}pt" '
                    f'fo:page-height="{h}pt" style:print-orientation="{orient}" fo:margin-top="{m}pt" '
                    f'fo:margin-bottom="{m}pt" fo:margin-left="{m}pt" fo:margin-right="{m}pt"/></style:page-layout>')
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:version="1.3" '
            'office:mimetype="application/vnd.oasis.opendocument.text">'
            f'<office:font-face-decls><style:font-face style:name="Zoo" svg:font-family="&apos;{layout.family}&apos;"/>'
            + (f'<style:font-face style:name="ZooTable" svg:font-family="&apos;{layout.table_family}&apos;"/>'
               if layout.table_font else "") + '</office:font-face-decls>'
            f'<office:styles>{styles}</office:styles><office:automatic-styles>{"".join(auto)}</office:automatic-styles>'
            '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PLPort"/>'
            '<style:master-page style:name="Landscape" style:page-layout-name="PLLand"/></office:master-styles>'
            f'<office:body><office:text>{"".join(body)}</office:text></office:body></office:document>\n')


def libreoffice_pdf(document: Document, layout: Layout, out_path: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="zoo-lo-") as scratch:
        source = Path(scratch) / f"{out_path.stem}.fodt"
        source.write_text(to_fodt(document, layout), encoding="utf-8")
        profile = f"file:///tmp/lo-{os.getpid()}-{out_path.stem}"
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", scratch, str(source)],
                       check=True, capture_output=True, timeout=300)
        shutil.move(str(Path(scratch) / f"{out_path.stem}.pdf"), out_path)
        shutil.rmtree(profile[len("file://"):], ignore_errors=True)


# ================================================================ reportlab

def _register(layout: Layout, key: str | None = None) -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.lib.fonts import addMapping
    key = key or layout.font
    _, regular, bold = FONTS[key]
    names = (f"Zoo-{key}", f"Zoo-{key}-Bold")
    if names[0] not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(names[0], str(FONT_DIR / regular)))
        pdfmetrics.registerFont(TTFont(names[1], str(FONT_DIR / bold)))
        addMapping(names[0], 0, 0, names[0])
        addMapping(names[0], 1, 0, names[1])
    return names


def reportlab_pdf(document: Document, layout: Layout, out_path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph,
                                    Spacer, Table, TableStyle)

    regular, bold = _register(layout)
    table_regular, table_bold = _register(layout, layout.table_font_key)
    width, height = PAGES[layout.page]
    m = layout.margin
    lh = layout.line_height
    b = layout.body_size

    def style(name: str, size: float, font: str, leading: float, before: float = 0, after: float = 0) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * leading, spaceBefore=before,
                              spaceAfter=after)

    body = style("body", b, regular, lh, after=0.6 * b)
    title = style("title", b * TITLE_SCALE, bold, 1.2, after=8)
    h1 = style("h1", b * H1_SCALE * layout.heading_scale, bold, 1.2, before=12, after=6)
    h2 = style("h2", b * H2_SCALE * layout.heading_scale, bold, 1.2, before=10, after=5)
    caption = style("caption", round(b * 0.9, 1), bold, 1.2, before=6, after=3)
    caption.keepWithNext = 1
    aligns = {"left": 0, "center": 1, "right": 2}
    h1.keepWithNext = h2.keepWithNext = 1

    def cells(size: float) -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
        head = style(f"head{size}", size, table_bold, lh)
        head.alignment = aligns[layout.header_align]
        grade = style(f"grade{size}", size, table_regular, lh)
        grade.alignment = aligns[layout.grade_align]
        return style(f"cell{size}", size, table_regular, lh), head, grade

    def markup(cell: Cell) -> str:
        text = escape(cell.text)
        if cell.link and layout.link_underlines and linked(cell.link):
            name = escape(cell.link)
            text = text.replace(name, f'<a href={quoteattr(link_url(cell.link))} color="{LINK_COLOUR}">'
                                      f'<u>{name}</u></a>', 1)
        return text

    story: list = []
    orientation = "portrait"
    first_practices = True
    tables_seen = 0
    for block in document.blocks:
        if is_cycle_heading(block):
            orientation = layout.matrix_orientation
            story += [NextPageTemplate(orientation), PageBreak()]
        elif block.kind == "h2" and orientation == "landscape":
            orientation = "portrait"
            story += [NextPageTemplate("portrait"), PageBreak()]
        if block.kind == "title":
            story.append(Paragraph(escape(block.text), title))
        elif block.kind in ("subtitle", "para"):
            story.append(Paragraph(escape(block.text), body))
        elif block.kind == "h1":
            story.append(Paragraph(escape(block.text), h1))
        elif block.kind == "h2":
            story.append(Paragraph(escape(block.text), h2))
        elif block.kind == "table":
            if block.table == "matrix" and layout.space_before_matrix:
                story.append(Spacer(1, layout.space_before_matrix))
            if block.table == "practices" and first_practices and layout.space_before_practices:
                story.append(Spacer(1, layout.space_before_practices))
            if block.table == "practices":
                first_practices = False
            size, widths, padding = fit(block, layout, layout.text_width(layout.orientation_of(block.table)))
            cell, head, grade = cells(size)
            if block.table != "matrix":
                grade = cell
            tables_seen += 1
            if layout.caption:
                story.append(Paragraph(escape(caption_text(block, tables_seen)), caption))
            data = [[Paragraph(escape(h), head) for h in block.header]]
            data += [[Paragraph(markup(c), grade if i else cell) for i, c in enumerate(row)] for row in block.rows]
            commands = [("VALIGN", (0, 0), (-1, -1), layout.valign.upper())]
            commands += [(f"{side}PADDING", (0, 0), (-1, -1), padding)
                         for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")]
            if layout.rules == "full":
                commands.append(("GRID", (0, 0), (-1, -1), RULE, colors.black))
            elif layout.rules == "horizontal":
                commands += [("LINEABOVE", (0, 0), (-1, -1), RULE, colors.black),
                             ("LINEBELOW", (0, 0), (-1, -1), RULE, colors.black)]
            elif layout.rules == "zebra":
                commands += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(ZEBRA_HEAD)),
                             ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor(ZEBRA)])]
            elif layout.rules == "double":   # two 0.5 pt lines 1 pt apart
                commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black, None, None, None, 2, 1.0))
            elif layout.rules == "booktabs":
                commands += [("LINEABOVE", (0, 0), (-1, 0), THICK, colors.black),
                             ("LINEBELOW", (0, 0), (-1, 0), RULE, colors.black),
                             ("LINEBELOW", (0, -1), (-1, -1), THICK, colors.black)]
            story.append(Table(data, colWidths=widths, style=TableStyle(commands),
                               repeatRows=1 if layout.repeat_header else 0, splitByRow=1,
                               splitInRow=1 if layout.rows_break else 0, hAlign="LEFT", spaceAfter=8))
    frames = {o: Frame(m, m, (w if o == "portrait" else h) - 2 * m, (h if o == "portrait" else w) - 2 * m, id=o,
                       leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
              for o, (w, h) in {"portrait": (width, height), "landscape": (width, height)}.items()}
    doc = BaseDocTemplate(str(out_path), pagesize=(width, height), leftMargin=m, rightMargin=m, topMargin=m,
                          bottomMargin=m, title=document.blocks[0].text, author="peel-extract rendering zoo",
                          invariant=1)
    doc.addPageTemplates([PageTemplate("portrait", [frames["portrait"]], pagesize=(width, height)),
                          PageTemplate("landscape", [frames["landscape"]], pagesize=(height, width))])
    doc.build(story)


# ================================================================ dispatch

ENGINES = {"chromium": chromium_pdf, "libreoffice": libreoffice_pdf, "reportlab": reportlab_pdf}


def print_pdf(engine: str, document: Document, layout: Layout, out_path: Path) -> None:
    ENGINES[engine](document, layout, Path(out_path))


def reprint(pdf: Path, tool: str) -> None:
    """Print `pdf` again through pdftocairo or Ghostscript, in place."""
    pdf = Path(pdf)
    tmp = pdf.with_suffix(f".{tool}.pdf")
    if tool == "pdftocairo":
        subprocess.run(["pdftocairo", "-pdf", str(pdf), str(tmp)], check=True, capture_output=True, timeout=300)
    elif tool == "gs":
        subprocess.run(["gs", "-sDEVICE=pdfwrite", "-dNOPAUSE", "-dBATCH", "-dQUIET", f"-sOutputFile={tmp}", str(pdf)],
                       check=True, capture_output=True, timeout=300)
    else:
        raise ValueError(f"unknown reprint tool {tool!r}")
    tmp.replace(pdf)
