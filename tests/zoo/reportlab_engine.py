"""Print with reportlab: platypus Paragraphs, and Tables with Paragraph cells."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from document import Cell, Document, link_url, linked
from layouts import PAGES, Layout
from print_style import (H1_SCALE, H2_SCALE, LINK_COLOUR, RULE, THICK, TITLE_SCALE, ZEBRA, ZEBRA_HEAD, caption_text,
                         fit, is_cycle_heading, register_fonts)


def reportlab_pdf(document: Document, layout: Layout, out_path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph,
                                    Spacer, Table, TableStyle)

    regular, bold = register_fonts(layout)
    table_regular, table_bold = register_fonts(layout, layout.table_font_key)
    width, height = PAGES[layout.page]
    assert not layout.mirror_margins, "the reportlab engine prints no facing pages"
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
