"""Five engines that print a Document with a Layout to PDF, and two reprinting tools.

    chromium     html_engine.py       HTML + CSS, headless Chromium --print-to-pdf
    libreoffice  odt_engine.py        flat ODT (.fodt) converted by soffice --headless --convert-to pdf
    reportlab    reportlab_engine.py  platypus Tables with Paragraph cells
    groff        groff_engine.py      troff with tbl tables, grops to PostScript, ps2pdf
    weasyprint   weasyprint_engine.py the HTML Chromium prints, laid out by WeasyPrint
    reprint(pdf, "pdftocairo" | "gs" | "postscript")  here

What all engines print alike (sizes, colours, rules, column widths) is in print_style.py.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from document import Document
from groff_engine import groff_pdf
from html_engine import chromium_pdf
from layouts import Layout
from odt_engine import libreoffice_pdf
from reportlab_engine import reportlab_pdf
from weasyprint_engine import weasyprint_pdf

ENGINES = {"chromium": chromium_pdf, "libreoffice": libreoffice_pdf, "reportlab": reportlab_pdf, "groff": groff_pdf,
           "weasyprint": weasyprint_pdf}


def print_pdf(engine: str, document: Document, layout: Layout, out_path: Path) -> None:
    ENGINES[engine](document, layout, Path(out_path))


def reprint(pdf: Path, tool: str) -> None:
    """Print `pdf` again through pdftocairo or Ghostscript, or to PostScript (poppler's pdftops, as a
    printer driver would) and back to PDF by Ghostscript's ps2pdf, in place."""
    pdf = Path(pdf)
    tmp = pdf.with_suffix(f".{tool}.pdf")
    if tool == "pdftocairo":
        subprocess.run(["pdftocairo", "-pdf", str(pdf), str(tmp)], check=True, capture_output=True, timeout=300)
    elif tool == "gs":
        subprocess.run(["gs", "-sDEVICE=pdfwrite", "-dNOPAUSE", "-dBATCH", "-dQUIET", f"-sOutputFile={tmp}", str(pdf)],
                       check=True, capture_output=True, timeout=300)
    elif tool == "postscript":
        postscript = pdf.with_suffix(".ps")
        subprocess.run(["pdftops", str(pdf), str(postscript)], check=True, capture_output=True, timeout=300)
        subprocess.run(["ps2pdf", str(postscript), str(tmp)], check=True, capture_output=True, timeout=300)
        postscript.unlink()
    else:
        raise ValueError(f"unknown reprint tool {tool!r}")
    tmp.replace(pdf)
