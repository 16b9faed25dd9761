"""Where an unruled table's lines begin and end (`pipeline.tables.blocks`), on small PDFs made
here: a heading over it is no row of it, and a first row whose cells are centred in its height
starts above its label."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.tables import read_pdf

ROWS = [["Year", "Arrests", "Charged", "Share (%)"], ["2019", "1,020", "640", "62.7"],
        ["2020", "980", "601", "61.3"], ["2021", "1,110", "702", "63.2"]]
CRISIS = ("The force set up a desk in its control room where trained staff answer calls from people in crisis "
          "and decide with them what help they need, day and night, every day of the week, all year round.")
PRACTICES = [["North Police (Good)", "To answer calls from people in crisis and to send the right help to them quickly",
              CRISIS],
             ["South Police (Adequate)", "To train call handlers", "Call handlers were trained over two days."],
             ["West Police (Good)", "To share what it learnt", "It wrote a short guide for other forces to read."]]


def test_a_heading_in_two_pieces_over_a_table_is_no_row_of_it(tmp_path: Path) -> None:
    """A title and a subtitle set large over a small unruled table, the subtitle in two pieces (its
    words a tab apart, or a monospaced word space measured wide): lines of two pieces close above
    the header, they started the block, and the table's rows, which did not line up with them,
    were left out. A line set far larger than the one above it ends a block."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "heading.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(40, 760, "Edition")
    canvas.drawString(90, 760, "2.1")
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(40, 736, "Force")
    canvas.drawString(100, 736, "Summary")
    canvas.setFont("Helvetica", 6.5)
    for k, row in enumerate(ROWS):
        for x, text in zip((50, 110, 170, 230), row):
            canvas.drawString(x, 722 - 9 * k, text)
    canvas.save()
    tables = read_pdf(pdf)
    assert len(tables) == 1 and tables[0].df.values.tolist() == ROWS


def test_a_first_row_centred_in_its_height_starts_above_its_label(tmp_path: Path) -> None:
    """A table at a page's top, no header over it (printed on the page before), its cells centred
    in their rows: the first row's long cells begin above its label, and a line of two wordy pieces
    there read as running text set in two columns, so the block began at the label and those lines
    were lost without a word."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = ParagraphStyle("cell", fontName="Helvetica", fontSize=7, leading=7)
    table = Table([[Paragraph(text, style) for text in row] for row in PRACTICES], colWidths=[90, 110, 150],
                  style=TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 6),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    pdf = tmp_path / "centred.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4, topMargin=40).build([table])
    tables = read_pdf(pdf)
    assert len(tables) == 1 and tables[0].df.values.tolist() == PRACTICES


def test_a_header_set_flush_right_over_two_lines_heads_rows_of_running_text(tmp_path: Path) -> None:
    """A version history whose header cells are set flush right, two of them over two lines
    ('Version' over 'Number', 'Date' over 'Published'), over rows whose last cell is sentences
    wide enough to read as running text: the header's second line, a row of two cells, was taken
    for the table's first row, under which the sentences did not line up, and only the header was
    read as the table."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    updates = [["Included relevant updates from the following forces: Avon and",
                "Somerset Constabulary, Bedfordshire Police and Cheshire Constabulary."],
               ["Included relevant updates from the following forces: Gwent Police,",
                "Warwickshire Police and West Mercia Police, and the new framework."]]
    pdf = tmp_path / "versions.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    canvas.setFont("Helvetica-Bold", 10)
    for right, lines in ((112, ["Version", "Number"]), (206, ["Date", "Published"]), (560, ["Updates"])):
        for k, text in enumerate(lines):
            canvas.drawRightString(right, 700 - 14 * k, text)
    canvas.setFont("Helvetica", 10)
    for k, (version, date, lines) in enumerate([("V1.5", "February 2025", updates[0]),
                                                 ("V1.6", "July 2025", updates[1])]):
        top = 662 - 40 * k
        canvas.drawString(51, top, version)
        canvas.drawString(122, top, date)
        for j, text in enumerate(lines):
            canvas.drawString(216, top - 14 * j, text)
    canvas.save()
    tables = read_pdf(pdf)
    assert len(tables) == 1
    assert tables[0].df.values.tolist() == [["Version Number", "Date Published", "Updates"],
                                            ["V1.5", "February 2025", " ".join(updates[0])],
                                            ["V1.6", "July 2025", " ".join(updates[1])]]
