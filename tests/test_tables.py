"""The general table reader (`pipeline.tables`) on small PDFs made here (its command line, its
Python example and its ICDAR 2013 score: `test_tables_command.py`)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.tables import read_pdf, whole_tables
from pipeline.tables.line_rows import parting_rules

ROOT = Path(__file__).resolve().parent.parent

RULED = [["Region", "Cases", "Rate"], ["North", "1,204", "12.5"], ["South East", "987", "9.1"],
         ["West", "45", "0.7"]]
UNRULED = [["Year", "Arrests", "Charged", "Share (%)"], ["2019", "1,020", "640", "62.7"],
           ["2020", "980", "601", "61.3"], ["2021", "1,110", "702", "63.2"], ["2022", "1,305", "851", "65.2"]]
PROSE = ("This paragraph is running text above the table. It is long enough to wrap over more than one "
         "line of the page, and no column gutter runs through it, so the reader must leave it out.")


def make_pdf(path: Path, ruled: bool) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rows = RULED if ruled else UNRULED
    table = Table(rows, colWidths=[90, 70, 70, 70][:len(rows[0])])
    style = [("FONTSIZE", (0, 0), (-1, -1), 10), ("ALIGN", (1, 1), (-1, -1), "RIGHT")]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
    table.setStyle(TableStyle(style))
    styles = getSampleStyleSheet()
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph(PROSE, styles["Normal"]), Spacer(1, 24), table, Spacer(1, 24), Paragraph(PROSE, styles["Normal"])])


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_reads_the_exact_grid(tmp_path: Path, ruled: bool) -> None:
    pytest.importorskip("reportlab")
    pdf = tmp_path / "table.pdf"
    make_pdf(pdf, ruled)
    tables = read_pdf(pdf)
    assert len(tables) == 1
    table = tables[0]
    assert table.page == 1 and table.order == 1
    assert table.df.values.tolist() == (RULED if ruled else UNRULED)
    x0, top, x1, bottom = table.bbox
    assert x0 < x1 and top < bottom


def test_reading_leaves_the_caller_s_pandas_string_storage_as_it_was(tmp_path: Path) -> None:
    """The reader keeps its text in Python objects for speed (`pipeline.pdf.string_storage`), only
    while it reads: a notebook's own setting stands."""
    pytest.importorskip("reportlab")
    pdf = tmp_path / "table.pdf"
    make_pdf(pdf, ruled=False)
    with pd.option_context("mode.string_storage", "pyarrow"):
        tables = read_pdf(pdf)
        assert pd.get_option("mode.string_storage") == "pyarrow"
        assert pd.Series(["x"]).dtype.storage == "pyarrow"
    assert tables[0].df.values.tolist() == UNRULED




SHADED = [[["Country"], ["Signed TA", "(EURm)"], ["Share"]], [["Algeria"], ["6.19"], ["6%"]],
          [["Egypt"], ["6.60"], ["7%"]], [["Jordan"], ["4.20"], ["5%"]]]
WRAPPED = [[["Substance"], ["To air"], ["To water"]], [["Ammonia (NH3)"], ["10 000"], ["-"]],
           [["Chlorine and inorganic", "Compounds (as HCl)"], ["10 000"], ["-"]],
           [["Halons"], ["1"], ["-"]], [["Methane (CH4)"], ["100 000"], ["-"]]]


def make_cell_pdf(path: Path, rows: list[list[list[str]]], shaded: bool) -> None:
    """A table drawn cell by cell, each cell's lines centred in its row's height. `shaded`: ruled,
    and shaded as a word processor does it: each cell filled and, inside the cell's box, a second
    fill behind each of its lines (inset by the cell's padding), one box on the other in a cell of
    two lines."""
    from reportlab.pdfgen import canvas

    widths, line_height, padding, left, top = (160, 90, 60), 12.0, 5.0, 60.0, 700.0
    edges = [left + sum(widths[:k]) for k in range(len(widths) + 1)]
    pdf = canvas.Canvas(str(path))
    y = top
    for row in rows:
        height = line_height * max(len(lines) for lines in row) + 2
        for x, width, lines in zip(edges, widths, row):
            first = y - 1 - (height - 2 - line_height * len(lines)) / 2
            if shaded:
                pdf.setFillColorRGB(1.0, 1.0, 0.6)
                pdf.rect(x, y - height, width, height, stroke=0, fill=1)
                for k in range(len(lines)):
                    pdf.rect(x + padding, first - (k + 1) * line_height, width - 2 * padding, line_height, stroke=0,
                             fill=1)
            pdf.setFillColorRGB(0, 0, 0)
            pdf.setFont("Helvetica", 9)
            for k, text in enumerate(lines):
                pdf.drawString(x + padding, first - (k + 1) * line_height + 3, text)
        if shaded:
            pdf.line(edges[0], y, edges[-1], y)
        y -= height
    if shaded:
        pdf.line(edges[0], y, edges[-1], y)
        for x in edges:
            pdf.line(x, top, x, y)
    pdf.save()


def joined(rows: list[list[list[str]]]) -> list[list[str]]:
    return [[" ".join(lines) for lines in row] for row in rows]


@pytest.mark.parametrize("rows, shaded", [(SHADED, True), (WRAPPED, False)], ids=["line_shading", "wrapped_label"])
def test_cells_that_look_like_several_rows_stay_one(tmp_path: Path, rows, shaded: bool) -> None:
    """The edges of the fills behind each line of a shaded cell are no rules: a header cell of two
    shaded lines stays one cell of one header row. A label wrapped over two lines, its second line
    capitalised, with the cells beside it centred between its lines: the second line reaches up
    into the row and opens none."""
    pytest.importorskip("reportlab")
    pdf = tmp_path / "cells.pdf"
    make_cell_pdf(pdf, rows, shaded=shaded)
    tables = read_pdf(pdf)
    assert len(tables) == 1
    assert tables[0].df.values.tolist() == joined(rows)


ZEBRA = [["Force", "Calls answered", "Within target", "Share"],
         ["North Police", "12,400", "11,100", "89.5"], ["South Constabulary", "9,850", "8,020", "81.4"],
         ["East Police", "15,200", "14,650", "96.4"], ["West Constabulary", "7,300", "6,100", "83.6"],
         ["Central Police", "11,050", "9,900", "89.6"], ["Coast Constabulary", "6,420", "5,310", "82.7"]]


def test_a_zebra_shaded_table_without_rules_is_one_table(tmp_path: Path) -> None:
    """A table whose only rules are the edges of its shaded rows' fills, one fill per cell as a
    browser prints them, every other row unshaded (its last one too), with a note under it: the
    shaded bands are one table with the rows between and after them, and the note, which runs over
    its column edges, is none of it."""
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    pdf_path = tmp_path / "zebra.pdf"
    pdf = canvas.Canvas(str(pdf_path), pagesize=(595, 842))
    edges, height, top = [60, 200, 320, 440, 520], 18, 700
    for r, row in enumerate(ZEBRA):
        y = top - (r + 1) * height
        for c, text in enumerate(row):
            if r % 2 == 0:
                pdf.setFillColorRGB(0.85, 0.88, 0.95)
                pdf.rect(edges[c], y, edges[c + 1] - edges[c], height, stroke=0, fill=1)
            pdf.setFillColorRGB(0, 0, 0)
            pdf.setFont("Helvetica-Bold" if r == 0 else "Helvetica", 9)
            pdf.drawString(edges[c] + 4, y + 6, text)
    pdf.setFont("Helvetica", 9)
    pdf.drawString(60, top - len(ZEBRA) * height - 16, "Note: calls answered within ten seconds of connection, "
                   "counted over the whole year by each force's control room.")
    pdf.save()
    tables = read_pdf(pdf_path)
    assert len(tables) == 1
    assert tables[0].df.values.tolist() == ZEBRA


SPANNED = [["", "Fused aluminum oxide", "", "Silicon carbide", ""], ["", "2009", "2010", "2009", "2010"],
           ["Argentina", "-", "-", "5,000", "5,000"], ["Australia", "50,000", "50,000", "-", "-"],
           ["Brazil", "50,000", "50,000", "43,000", "43,000"], ["China", "700,000", "700,000", "455,000", "455,000"]]


def test_cells_under_a_spanning_header_are_a_row(tmp_path: Path) -> None:
    """An unruled table set tight (rows as close as lines), whose header spans two columns each: the
    year cells under it are a row of their own, not lines of the header row wrapped."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    table = Table(SPANNED, colWidths=[100, 60, 60, 60, 60])
    table.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 9), ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                               ("SPAN", (1, 0), (2, 0)), ("SPAN", (3, 0), (4, 0)),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               ("LEADING", (0, 0), (-1, -1), 10)]))
    pdf = tmp_path / "spanned.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build([table])
    tables = read_pdf(pdf)
    assert len(tables) == 1
    assert tables[0].df.values.tolist() == SPANNED
    cells = tables[0].cells
    spans = {text: (row_span, col_span) for text, row_span, col_span in zip(cells["text"], cells["row_span"],
                                                                            cells["col_span"])}
    assert spans["Fused aluminum oxide"] == (1, 2) and spans["Silicon carbide"] == (1, 2)
    assert {span for text, span in spans.items() if text not in ("Fused aluminum oxide", "Silicon carbide")} == {(1, 1)}


RULED_SPANS = [["Region", "2019", "", "2020", ""], ["", "Spring", "Autumn", "Spring", "Autumn"],
               ["North", "12", "15", "11", "19"], ["South East", "40", "38", "45", "41"], ["West", "7", "9", "8", "6"]]


def test_a_ruled_table_s_merged_cells_say_how_many_rows_and_columns_they_cover(tmp_path: Path) -> None:
    """A fully ruled table whose first header cell covers two rows and whose year cells two columns
    each (no rule drawn through them): each merged cell's text sits at its top-left position of the
    grid and says what it covers; every other cell covers one row and one column."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    table = Table(RULED_SPANS, colWidths=[90, 55, 55, 55, 55])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTSIZE", (0, 0), (-1, -1), 9),
                               ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (2, 0)), ("SPAN", (3, 0), (4, 0)),
                               ("VALIGN", (0, 0), (0, 1), "MIDDLE"), ("ALIGN", (1, 0), (-1, 0), "CENTER")]))
    pdf = tmp_path / "merged.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build([table])
    tables = read_pdf(pdf)
    assert len(tables) == 1 and tables[0].df.values.tolist() == RULED_SPANS
    cells = tables[0].cells.set_index("text")
    assert (cells.loc["Region", "row_span"], cells.loc["Region", "col_span"]) == (2, 1)
    assert [cells.loc[year, "col_span"] for year in ("2019", "2020")] == [2, 2]
    merged = cells.index.isin(["Region", "2019", "2020"])
    assert (cells.loc[~merged, ["row_span", "col_span"]] == 1).all().all()


def test_a_rule_parts_rows_only_across_a_drawn_column_separator():
    """ICDAR 2013's us-032, measured: its label column is shaded line by line, and each shaded box's
    edges (149.4-234.4) are as long as a fifth of the table, but the cells beside the labels run on
    past them. Read as parting rows, they put each cell beside a label in the row above its own,
    and the table was dropped as mostly one-cell rows. In a table that draws its column separators,
    a rule parts rows only where it runs across one (a rule under a header spanning columns, however
    short, does)."""
    separators = np.array([149.4, 234.4, 239.8, 245.2, 399.6, 405.0, 410.4, 543.6])
    label_box_edge = np.array([[261.4, 149.4, 234.4]])  # top, x0, x1
    across_the_table = np.array([[367.0, 144.2, 548.8]])
    under_a_spanning_header = np.array([[236.5, 230.0, 290.0]])
    need = 0.2 * 405.2
    assert parting_rules(label_box_edge, need, separators)[:, 0].tolist() == []
    assert parting_rules(across_the_table, need, separators)[:, 0].tolist() == [367.0]
    assert parting_rules(under_a_spanning_header, need, separators)[:, 0].tolist() == [236.5]
    assert parting_rules(label_box_edge, need)[:, 0].tolist() == [261.4]  # no separators drawn: its length decides


def test_one_row_left_under_a_caption_is_row_0():
    """ICDAR's us-036 p3: a box holding a sidebar's rotated letters beside a paragraph, under a
    caption. With the caption left out one row remained, still numbered 1, and passed for a table
    of two rows; renumbered, it is one row, and no table."""
    from pipeline.tables.plausible import without_notes

    cells = pd.DataFrame({"row": [0, 1, 1], "col": [0, 0, 1],
                          "text": ["A caption of many words set above the box", "e r a p e r P", "personal savings"]})
    cells = cells.assign(x0=[10.0, 10.0, 60.0], x1=[200.0, 50.0, 120.0], top=[0.0, 20.0, 20.0], bottom=[8.0, 28.0, 28.0])
    words = pd.DataFrame({"x0": [10.0, 10.0, 60.0], "x1": [200.0, 50.0, 120.0], "top": [0.0, 20.0, 20.0],
                          "bottom": [8.0, 28.0, 28.0], "size": [8.0, 8.0, 8.0]})
    assert without_notes(cells, words)["row"].tolist() == [0, 0]


def make_long_table_pdf(path: Path, repeat_header: bool) -> None:
    """A table of 50 rows over two pages (its header repeated or not), then a heading and a second
    table in the same columns on the second page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTSIZE", (0, 0), (-1, -1), 9)])
    first = Table([["Region", "Cases", "Rate"]] + [[f"Area {n}", f"{n * 37 % 1000}", f"{n % 17}.{n % 10}"]
                                                   for n in range(1, 51)],
                  colWidths=[120, 70, 70], repeatRows=1 if repeat_header else 0, style=style)
    second = Table([["Region", "Cases", "Rate"], ["North", "12", "1.5"], ["South", "40", "2.5"]],
                   colWidths=[120, 70, 70], style=style)
    styles = getSampleStyleSheet()
    SimpleDocTemplate(str(path), pagesize=A4).build([first, Paragraph("Another table", styles["Heading2"]), second])


@pytest.mark.parametrize("repeat_header", [True, False], ids=["header_repeated", "header_not_repeated"])
def test_a_table_running_on_to_the_next_page_is_marked_as_carried_on(tmp_path: Path, repeat_header: bool) -> None:
    """The part on page 2 carries on table 1 of page 1 (nothing but the page's edge between them,
    its columns over theirs), and says whether it prints the header again; the table after a
    heading on page 2 starts a table of its own, though its columns are the same."""
    pytest.importorskip("reportlab")
    pdf = tmp_path / "long.pdf"
    make_long_table_pdf(pdf, repeat_header)
    tables = read_pdf(pdf)
    assert [(t.page, t.order) for t in tables] == [(1, 1), (2, 1), (2, 2)]
    first, carried, other = tables
    assert first.continues is None and other.continues is None
    assert carried.continues == 1 and carried.repeats_header is repeat_header
    assert carried.header == ("region", "cases", "rate")
    rows = len(first.df) + len(carried.df) - carried.repeats_header
    assert rows == 51, "header and the 50 rows, once each"
    whole, after = whole_tables(tables)
    assert whole.shape == (51, 3) and whole.iloc[0].tolist() == ["Region", "Cases", "Rate"]
    assert whole.iloc[1:, 0].tolist() == [f"Area {n}" for n in range(1, 51)] and after.shape == (3, 3)


WORDY = [["Force", "Objective", "Detail", "Outcome"],
         ["North Police (Good)", "To reduce repeat calls from the same callers",
          "The force set up a team that reviews every caller who rings more than five times in a month and agrees "
          "a plan with partners for each of them.",
          "Repeat calls fell by a third within six months and the team now trains staff in other areas of the force."],
         ["South Constabulary (Adequate)", "To answer emergency calls faster",
          "Call handlers were given a new script and the control room was staffed to match the demand seen at "
          "weekends and on holidays.",
          "The share of emergency calls answered within ten seconds rose from 82 to 91 percent over the year."]]


@pytest.mark.parametrize("space_above", [18, 3])
def test_a_borderless_table_whose_rows_open_with_sentences_is_found(tmp_path: Path, space_above: int) -> None:
    """A borderless table whose Detail and Outcome cells wrap sentences from its first row on: every
    line of its rows has two pieces of five words or more, as text set in page columns has, yet its
    pieces start only at the header's cell starts and run over none, and its first column holds short
    labels. It is one table, rows set solid: a line whose cells' sentences go on in lower case
    carries its row on, and a cell's last lines alone below the rest are still the table's. Its
    header row may sit right under a paragraph: with the first row's sentences below them, the
    header's words are still no paragraph's line split by wide spaces."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontSize=9, leading=11)
    table = Table([[Paragraph(text, cell) for text in row] for row in WORDY], colWidths=[85, 95, 160, 160],
                  style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    text = ("This paragraph of running text sits above the table and runs across the whole width of the page, so "
            "it is no row of it")
    prose = Paragraph(text + ".", styles["Normal"])
    above = Paragraph(text + " and its last line runs on nearly as far as the lines above it "
                      "do, over the table.", styles["Normal"])  # its last line over every column of the table
    pdf = tmp_path / "wordy.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build([above, Spacer(1, space_above), table, Spacer(1, 18), prose])
    tables = read_pdf(pdf)
    assert len(tables) == 1 and tables[0].df.values.tolist() == WORDY


TIGHT = [["Force and its grading", "Objective of the work", "What the force did", "Outcome"],
         ["Avon and Somerset Constabulary", "To support the investigation of online child abuse",
          "Every report of grooming or indecent images of children is reviewed by an officer in the online "
          "abuse team before it is allocated.", "Officers can be supported as live cases progress."],
         ["Cumbria Constabulary", "To proactively monitor sex offenders",
          "The force prioritises securing orders to manage sex offenders and set up a small team to look at how "
          "this work was done.", "n/a"],
         ["Durham Constabulary", "To support families of suspects",
          "Recognising the impact on the families of suspects, the force has taken steps to ensure families get "
          "access to support.", "Families said they felt supported throughout."],
         ["Lancashire Constabulary (Good)", "To audit registered sex offender cases",
          "The constabulary reviews and assesses registered sex offender cases.", "Feedback is used to improve."]]


def test_a_borderless_table_with_tight_padding_and_rows_centred_is_read_whole(tmp_path: Path) -> None:
    """Cells padded by under a point, each row's cells centred on its height, the header set flush
    right and at the foot of its row: the gutters are narrower than a third of the font size and, on
    some lines, barely wider than a word space. Cells that start where others of different widths
    start exactly are columns all the same; the header's first line, alone over its column's end,
    is the table's; so is the last row's last line, which lies between lines of that row."""
    pytest.importorskip("reportlab")
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=9, leading=10.5)
    head = ParagraphStyle("head", parent=body, fontName="Times-Bold", alignment=TA_RIGHT)
    rows = [[Paragraph(text, head) for text in TIGHT[0]]] + [
        [Paragraph(text.replace("y (", "y<br/>("), body) for text in row] for row in TIGHT[1:]]
    table = Table(rows, colWidths=[80, 95, 200, 130])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, 0), "BOTTOM"), ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0.8), ("RIGHTPADDING", (0, 0), (-1, -1), 0.8),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    pdf = tmp_path / "tight.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build([Paragraph("A heading over the table", body), Spacer(1, 12),
                                                    table])
    tables = read_pdf(pdf)
    assert len(tables) == 1
    assert tables[0].df.values.tolist() == TIGHT


VERSIONS = [["Version", "Published", "Updates"],
            ["V1.5", "February 2025", "Included relevant updates from the following forces: Avon and Somerset "
             "Constabulary, Bedfordshire Police, Cheshire Constabulary, Kent Police and Leicestershire Police."],
            ["V1.6", "July 2025", "Included relevant updates from Gwent Police, Warwickshire Police, West Mercia "
             "Police and Northumbria Police, and an update on the forthcoming inspection framework."]]


def test_a_header_set_flush_right_over_cells_set_flush_left_heads_its_table(tmp_path: Path) -> None:
    """A version history whose header cells are set flush right, each ending where its column ends,
    over cells set flush left, and whose last column's sentences are wider than a third of the page
    (running text, taken alone). The first row's pieces, left to right, each lie under a header cell
    right of the one before, reaching past neither neighbour, though 'February 2025' lies as near the
    header cell before its own as its own: header and rows are one table."""
    pytest.importorskip("reportlab")
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11)
    head = ParagraphStyle("head", parent=body, fontName="Helvetica-Bold", alignment=TA_RIGHT)
    rows = [[Paragraph(text, head) for text in VERSIONS[0]]] + [[Paragraph(text, body) for text in row]
                                                                for row in VERSIONS[1:]]
    table = Table(rows, colWidths=[60, 90, 350], style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    pdf = tmp_path / "versions.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build([Paragraph("Version history", body), Spacer(1, 12), table])
    tables = read_pdf(pdf)
    assert len(tables) == 1 and tables[0].df.values.tolist() == VERSIONS


def test_words_a_monospaced_word_space_apart_stay_one_segment(tmp_path: Path) -> None:
    """A report's judgments in Courier, one column per grade, areas stacked in the cells, and a
    sentence in 11 pt Courier under them. Courier's word space is exactly 0.6 of its size, and the
    words' positions, summed from glyph advances, come out a hair either side of it: half the
    sentence's spaces and of its heading's were taken for gutters, its pieces crossed the table's
    gutters and the grades' columns ran together. A space that wide parts no segment."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from test_reports import GRADES_2023, grade_column_report
    pdf = tmp_path / "courier.pdf"
    grade_column_report(pdf, "2023–25", "Gwent Police", GRADES_2023, ["recording data about crime"])
    judgments = next(table for table in read_pdf(pdf) if table.page == 2)
    assert judgments.df.iloc[0].tolist() == ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
    stacked = " ".join(" ".join(judgments.df.iloc[1:].values.ravel()).split())
    assert "Building, supporting and protecting the workforce" in stacked
    assert not any("did not grade" in text for text in judgments.df.values.ravel())


def test_an_empty_cell_under_a_rule_stopping_short_of_it_is_merged_with_the_cell_above() -> None:
    """Chromium's ruled practice table carried on to a page (`mini_compendium_chromium_ruled.pdf`,
    page 4): a force's cell spans the rest of its cut row and its next objective, its text printed
    on the page before. On this page the cell is empty; the rule between the two rows stops short
    of it, and the reader says the second row's first cell is merged with the first's."""
    pdf = ROOT / "tests" / "fixtures" / "mini_compendium_chromium_ruled.pdf"
    carried = next(table for table in read_pdf(pdf) if table.page == 4)
    assert carried.df.iloc[2].tolist()[:2] == ["", "To train investigators in interviewing"]
    assert carried.joined_above == {(2, 0)}
    assert all(not table.joined_above for table in read_pdf(pdf) if table.page != 4)



def test_a_bold_header_over_a_row_set_closer_under_it_than_its_own_lines_is_a_row_of_its_own(tmp_path: Path) -> None:
    """No rule under a bold header, and the first row's text set closer under it than the row's own
    lines are to each other (reportlab prints the rest of a row broken over a page up into the header
    it repeats): no gap tells the header from the row, the weight does."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    header = ["Force", "Objective", "Outcome"]
    rows = [[["Avon and", "Somerset"], ["To ensure risk", "assessments are", "supervised"],
             ["Fewer repeat", "referrals"]],
            [["Cheshire"], ["To protect", "children"], ["Visits were", "welcomed"]],
            [["Cumbria"], ["To support", "young people"], ["Victims were", "kept informed"]]]
    lefts, size, pitch, row_gap = [40, 140, 280], 7, 10.5, 9.5
    pdf = tmp_path / "overprinted.pdf"
    page = canvas.Canvas(str(pdf), pagesize=A4)
    y = A4[1] - 60
    page.setFont("Helvetica-Bold", size)
    for x, text in zip(lefts, header):
        page.drawString(x, y, text)
    y -= size + 2.7  # closer than the row's lines (pitch 10.5: 3.5 between them)
    page.setFont("Helvetica", size)
    for row in rows:
        for x, lines in zip(lefts, row):
            for k, text in enumerate(lines):
                page.drawString(x, y - k * pitch, text)
        y -= pitch * max(len(lines) for lines in row) + row_gap - (pitch - size)
    page.save()
    tables = read_pdf(pdf)
    assert len(tables) == 1
    assert tables[0].df.values.tolist() == [header] + [[" ".join(lines) for lines in row] for row in rows]


def test_a_table_under_a_heading_at_a_page_s_top_carries_nothing_on() -> None:
    """The table that ended the page before is carried on by the page's topmost region only where
    nothing but the running header lies above it: a heading there opens a table of its own."""
    from pipeline.tables.grid import Region
    from pipeline.tables.model import Table
    from pipeline.tables.reader import carried_on_top

    def words(*lines: tuple[int, float, str]) -> pd.DataFrame:
        return pd.DataFrame([{"line": line, "top": top, "bottom": top + 8, "x0": 40.0, "x1": 200.0, "text": text}
                             for line, top, text in lines])

    cells = pd.DataFrame([{"row": r, "col": c, "text": f"{r}{c}", "x0": 40.0 + 100 * c, "x1": 120.0 + 100 * c,
                           "top": 400.0 + 12 * r, "bottom": 408.0 + 12 * r} for r in range(3) for c in range(2)])
    before = Table(page=1, bbox=(40, 400, 220, 432), cells=cells)
    table_words = words((5, 100, "Force Grade"), (6, 112, "Kent Good"))
    region = Region(bbox=(40, 100, 220, 120), words=table_words, separators=[130.0], rules=pd.DataFrame())
    running_header = words((1, 20, "UK Policing Compendium"))
    heading = words((2, 60, "OPERATIONAL PRACTICE AREA TWO"))
    assert carried_on_top([region], pd.concat([running_header, table_words]), {1}, before) is before
    assert carried_on_top([region], pd.concat([running_header, heading, table_words]), {1}, before) is None
