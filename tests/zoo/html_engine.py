"""Print with headless Chromium: the document as HTML + CSS, then `chromium --print-to-pdf`."""
from __future__ import annotations

import html
import subprocess
import tempfile
from pathlib import Path

from document import Block, Cell, Document, link_url, linked
from layouts import FONTS, Layout
from print_style import (DOUBLE, H1_SCALE, H2_SCALE, LINK_COLOUR, RULE, THICK, TITLE_SCALE, ZEBRA, ZEBRA_HEAD,
                         caption_text, fit, is_cycle_heading)

CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer"]
CSS_STRETCHED = {"urw-narrow": ("Nimbus Sans", "condensed")}  # Chromium finds no 'Nimbus Sans Narrow' family:
#                                                              it is Nimbus Sans condensed (and draws it as Type 3)


def css_font(key: str) -> str:
    """The CSS declarations that select a layout font (`layouts.FONTS` key) in Chromium."""
    family, stretch = CSS_STRETCHED.get(key, (FONTS[key][0], "normal"))
    return f"font-family: '{family}'; font-stretch: {stretch};"


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
        extra += f"table {{ {css_font(layout.table_font_key)} }}\n"
    if layout.header_align != "left":
        extra += f"th {{ text-align: {layout.header_align}; }}\n"
    if layout.grade_align != "left":
        extra += f"table.matrix td + td {{ text-align: {layout.grade_align}; }}\n"
    if layout.valign != "top":
        extra += f"th, td {{ vertical-align: {layout.valign}; }}\n"
    if layout.caption:
        extra += (f".caption {{ font-weight: bold; font-size: {layout.body_size * 0.9:.1f}pt; margin: 0.6em 0 0.3em 0; "
                  "break-after: avoid; }\n")
    if layout.mirror_margins:
        inner, outer = layout.margin + layout.mirror_margins, layout.margin - layout.mirror_margins
        extra += (f"@page :right {{ margin-left: {inner}pt; margin-right: {outer}pt; }}\n"
                  f"@page :left {{ margin-left: {outer}pt; margin-right: {inner}pt; }}\n")
    css = f"""
@page {{ size: {size}; margin: {layout.margin}pt; }}
@page landscape {{ size: {size} landscape; margin: {layout.margin}pt; }}
.landscape {{ page: landscape; }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; {css_font(layout.font)} font-size: {layout.body_size}pt; line-height: {layout.line_height}; }}
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
