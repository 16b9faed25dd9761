"""Print with LibreOffice: the document as a flat ODT (.fodt), then `soffice --headless --convert-to pdf`."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from document import Cell, Document, link_url, linked
from layouts import PAGES, Layout
from print_style import (DOUBLE, H1_SCALE, H2_SCALE, LINK_COLOUR, RULE, THICK, TITLE_SCALE, ZEBRA, ZEBRA_HEAD,
                         caption_text, fit, is_cycle_heading)

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
        usage = ' style:page-usage="mirrored"' if layout.mirror_margins else ""
        inner, outer = m + layout.mirror_margins, m - layout.mirror_margins
        auto.append(f'<style:page-layout style:name="{name}"{usage}><style:page-layout-properties fo:page-width="{w}pt" '
                    f'fo:page-height="{h}pt" style:print-orientation="{orient}" fo:margin-top="{m}pt" '
                    f'fo:margin-bottom="{m}pt" fo:margin-left="{inner}pt" fo:margin-right="{outer}pt"/>'
                    '</style:page-layout>')
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
