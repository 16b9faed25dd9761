"""Print with WeasyPrint: the same HTML + CSS Chromium prints (`html_engine.to_html`), laid out by
another engine (its own table layout, line breaking and font subsetting; fonts from fontconfig)."""
from __future__ import annotations

from pathlib import Path

from document import Document
from html_engine import to_html
from layouts import Layout


def weasyprint_pdf(document: Document, layout: Layout, out_path: Path) -> None:
    from weasyprint import HTML  # only `make zoo` needs it (the `zoo` extra)

    HTML(string=to_html(document, layout)).write_pdf(out_path)
