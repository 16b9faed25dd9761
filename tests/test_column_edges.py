"""Where an unruled table's columns part when its header shows them barely (`pipeline.tables.segments`,
`pipeline.tables.columns`), on small PDFs made here: header cells set a little more than a word
space apart over grades set flush right, and a column whose cells all lie past its header's end."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.tables import read_pdf

HEADER = [("Preventing crime", "and victim safety"), ("Responding to", "to local people"),
          ("Investigating", "all its victims")]  # the two lines of each as wide as each other, to a point
GRADES = [["North", "Adequate", "Good", "Outstanding"], ["South", "Good", "Inadequate", "Good"],
          ["East", "Outstanding", "Adequate", "Inadequate"], ["West", "Inadequate", "Outstanding", "Adequate"]]
SIZE = 8.0


def draw_matrix(pdf: Path, header: list[tuple[str, str]], rows: list[list[str]], gap_spaces: float) -> None:
    """Labels at the left, each column's header lines flush left and its cells flush right, the
    next header starting `gap_spaces` word spaces after the wider of this header's lines."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    def width(text: str) -> float:
        return stringWidth(text, "Helvetica", SIZE)

    canvas = Canvas(str(pdf), pagesize=A4)
    canvas.setFont("Helvetica", SIZE)
    left = 100.0
    for k, lines in enumerate(header):
        for n, text in enumerate(lines):
            canvas.drawString(left, 760 - 10 * n, text)
        wide = max([width(text) for text in lines] + [width(row[k + 1]) for row in rows])
        for n, row in enumerate(rows):
            canvas.drawRightString(left + wide + 1.0, 736 - 10 * n, row[k + 1])
        left += wide + gap_spaces * width(" ")
    canvas.drawString(40, 760, "Force")
    for n, row in enumerate(rows):
        canvas.drawString(40, 736 - 10 * n, row[0])
    canvas.save()


def test_header_cells_a_little_more_than_a_word_space_apart_part_over_cells_set_flush_right(tmp_path: Path):
    """A matrix's header cells set 1.8 word spaces apart, its grades flush right: each header line
    read as one piece over the columns (a gap narrower than parts segments), and so the columns as
    one. A gap a little wider than a word space with a column's edge inside it parts two cells."""
    pytest.importorskip("reportlab")
    pdf = tmp_path / "matrix.pdf"
    draw_matrix(pdf, HEADER, GRADES, gap_spaces=1.8)
    tables = read_pdf(pdf)
    assert len(tables) == 1
    assert tables[0].df.values.tolist() == [["Force", *(" ".join(lines) for lines in HEADER)], *GRADES]

