"""The general table reader (`pipeline.tables`) on the committed printings: tables carried on
from one page to the next, with or without their header printed again (what a page's foot leaves
of a row at the next page's top: `test_row_rests_on_printings.py`; where tables are and their
rows: `test_tables_on_printings.py`; their columns and words: `test_columns_on_printings.py`)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.tables import read_pdf, whole_tables

ROOT = Path(__file__).resolve().parent.parent



def test_the_compendium_s_tables_carried_over_pages_are_one_table_each():
    """Read without knowing the document, the stand-in compendium's practice tables make one table
    each (the sections of tests/expected), however many pages each runs on, and its two grades
    matrices one each; every carried-on part repeats its header."""
    from conftest import RULED as COMPENDIUM
    expected = pd.read_csv(ROOT / "tests" / "expected" / "compendium" / "practices.csv")
    tables = read_pdf(COMPENDIUM)
    practices = [t for t in tables if t.header[:2] == ("force (grading)", "objective")]
    assert sum(t.continues is None for t in practices) == expected.groupby(["cycle", "section"]).ngroups
    matrices = [t for t in tables if t.header[:1] == ("constabulary name",)]
    assert sum(t.continues is None for t in matrices) == 2 and len(matrices) > 2
    assert all(t.repeats_header for t in tables if t.continues is not None)
    assert len(whole_tables(tables)) == sum(t.continues is None for t in tables)


@pytest.mark.parametrize("printing, page, first_row", [
    ("libreoffice-e23-c23-a4a8-sans-borderless-norepeat", 5,
     ["Hertfordshire Constabulary (Requires improvement)", "To recruit expertise in a specialised area"]),
    ("libreoffice-e505-c23-a4-mirrored-norepeat", 4, ["", "", "", "nd nationally."])], ids=["wordy", "mirrored"])
def test_a_table_carried_on_without_its_header_keeps_its_first_lines(printing: str, page: int, first_row) -> None:
    """Zoo printings (LibreOffice, header not repeated): a page opens with the rest of the table of
    the page before, its first row's Detail and Outcome cells so wordy that no text block opens
    there (two pieces of five words or more read as text set in page columns), or only the last
    words of a cell, on a page its mirrored margins set further left. The lines that fit the
    columns of the table ending the page before, moved as the page is, are its rows: the first row
    is whole, and the part carries on that table."""
    tables = read_pdf(ROOT / "tests" / "zoo" / "printings" / f"{printing}.pdf")
    before = max((t for t in tables if t.page == page - 1), key=lambda t: t.bbox[3])
    part = min((t for t in tables if t.page == page), key=lambda t: t.bbox[1])
    assert part.df.iloc[0].tolist()[:len(first_row)] == first_row
    assert part.continues == before.order and not part.repeats_header


def test_a_header_printed_again_over_several_lines_is_one_row_and_a_last_cell_s_end_stays():
    """A zoo printing (reportlab, grades matrix in narrow columns, each cell set flush right): the
    matrix's last row on its first page ends with a line holding only the end of one grade ('Requires
    / Improvement'), under that grade and beside no other cell, so the table runs to the page's foot
    and goes on overleaf. There its header is printed again over six lines: they are one row, as on
    the first page, though some of their words cross the narrow columns' edges."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-v16-c23-m25-a3-one-width-column-flush-right.pdf"
    first, overleaf = (next(t for t in read_pdf(pdf) if t.page == page).df for page in (2, 3))
    assert first.iloc[-1, 0] == "Humberside Police" and "Requires Improvement" in first.iloc[-1].tolist()
    assert overleaf.iloc[0].tolist() == first.iloc[0].tolist()
    assert overleaf.iloc[1, 0] == "Kent Police"


def test_a_table_s_part_on_the_next_page_is_judged_with_its_first_part():
    """A zoo printing by Chromium (a condensed font set solid, cells centred in their rows): on the
    page a practice table carries on to, its own gaps alone parted a force's grade from its name."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "chromium-e717-c21-a5a6-dejavucondensed-tiny-solid-middle.pdf"
    labels = [text for t in read_pdf(pdf) if t.page == 5 for text in t.df[0]]
    assert "Humberside Police (Outstanding)" in labels and "(Outstanding)" not in labels


@pytest.mark.parametrize("pdf, page", [("chromium-e5555-c23-m25-a4a5-postscript-glyph-never-followed", 4),
                                       ("reportlab-s9898-both-m25-a6a8-unruled-tall-row-centred-gap", 7)])
def test_a_header_printed_again_over_a_carried_row_is_a_row_of_its_own(pdf: str, page: int) -> None:
    """Two zoo printings whose practice table runs on to the next page under its header printed
    again, its cells set flush right or centred: the header's lines do not start at the table's
    column starts, so the lines carrying the table on were not taken from the page's top, and the
    header was read as the first line of the row it stands over. Taken for the header it prints
    again (its words and no others), it is its own row, the carried row under it."""
    table = next(t for t in read_pdf(ROOT / "tests" / "zoo" / "printings" / f"{pdf}.pdf") if t.page == page)
    assert table.df.iloc[0].tolist() == ["Force (grading)", "Objective", "Detail", "Outcome"]
    assert table.continues is not None


def test_a_row_carried_on_below_a_tall_gap_is_still_the_table_before(tall_centred_rows: list):
    """The same printing, the next page: the broken row's end (one line of its outcome) under the
    header printed again, then a gap six lines tall (the rest of the row's height), then the next
    rows. They were two tables, the rows under the gap not marked as carrying anything on. Rows of
    two cells or more fitting the carried table's columns, nothing else between, are its rows."""
    table = next(t for t in tall_centred_rows if t.page == 6)
    assert table.continues is not None
    assert table.df.iloc[0].tolist() == ["Force (grading)", "Objective", "Detail", "Outcome"]
    assert table.df.iloc[1, 3] == "0.52 in England and Wales as a whole)."
    assert table.df.iloc[-1, 0] == "Warwickshire Police (Adequate)"


@pytest.mark.parametrize("page, rows", [(14, ["Thames Valley Police (Good)"]),
                                        (17, ["South Yorkshire Police (Outstanding)", "Suffolk Constabulary (Good)",
                                              "Suffolk Constabulary (Good)", "Humberside Police (Outstanding)"])])
def test_a_carried_table_runs_on_past_a_tall_gap_to_its_next_rows(page: int, rows: list[str],
                                                                  tall_centred_rows: list):
    """The same printing, two more pages opening with a broken row's end under the header printed
    again, then a gap several lines tall. Under the gap, the next row's tallest cell starts alone,
    a line at a time, its other cells lower down (page 17); or those lines and the row beside them
    were a block of their own, the carried lines above another (page 14). Lines fitting the carried
    table's columns past the gap, down to a row of two cells or more, carry it on, and blocks they
    run through are one table."""
    table = next(t for t in tall_centred_rows if t.page == page)
    assert table.continues is not None
    assert table.df.iloc[0].tolist() == ["Force (grading)", "Objective", "Detail", "Outcome"]
    assert table.df.iloc[2:2 + len(rows), 0].tolist() == rows


def test_a_header_printed_again_inside_a_block_sets_no_column_start():
    """A zoo printing (reportlab, practice cells centred in tall unruled rows): the header printed
    again over a broken row at the page's foot, its cells set flush right, and the row's two lines
    of running text ('management. This is underpinned by' beside 'local and Force levels.') ran
    over where 'Detail' starts, so the block ended there and the row's last lines made a table of
    their own. The header printed again is no line under the block's header."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-s9999-both-a8-header-repeated-over-one-centred-row.pdf"
    table = next(t for t in read_pdf(pdf) if t.page == 11)
    assert table.df.iloc[-1, 2].endswith("co-ordinated approach to data collection and robust governance arrangements")
    assert table.df.iloc[-1, 3].endswith("There are also bi-monthly resourcing meetings to align resources")


@pytest.mark.parametrize("printing, page, row", [
    ("reportlab-s9999-both-a8-header-repeated-over-one-centred-row", 5,
     ["Wiltshire Police", "Requires Improvement", "Good", "Requires Improvement", "Requires Improvement",
      "Requires Improvement", "Good", "Adequate", "Adequate", "Adequate", "N/A", "N/A"]),
    ("reportlab-t3636-both-a5-flush-right-under-narrow-header", 9,
     ["West Yorkshire Police", "Adequate", "Not inspected", "Outstanding", "Outstanding", "Good", "Adequate", "Good",
      "Good", "Requires improvement", "Good", "Not inspected", "Outstanding"])])
def test_a_page_showing_too_little_of_its_columns_takes_those_of_the_table_it_carries_on(
        printing: str, page: int, row: list[str]) -> None:
    """Zoo printings (reportlab): a grades matrix's last row or two carried to a page under its header
    printed again, grades set flush right or left so that cells of two columns all but meet. Their
    few lines leave the gutter between too narrow to tell from a word space, and the two columns read
    as one; the columns of the table the page carries on, where its words leave them white, part them
    (and the part is then found to carry that table on)."""
    pdf = ROOT / "tests" / "zoo" / "printings" / f"{printing}.pdf"
    tables = read_pdf(pdf)
    before = [t for t in tables if t.page == page - 1][-1]
    table = next(t for t in tables if t.page == page)
    assert table.df.iloc[1].tolist() == row
    assert table.continues == before.order and table.shape[1] == before.shape[1]


@pytest.mark.parametrize("printing", ["reportlab-q4242-c23-a1a5-right-headers-centred-grades-gs",
                                      "libreoffice-v16-c21-a3a9-serif-horizontal-norepeat-gs"])
def test_a_header_row_left_alone_at_a_page_s_foot_heads_the_rows_on_the_next(printing: str) -> None:
    """Zoo printings (reportlab, header cells set flush right; LibreOffice, rules between rows only,
    the header not repeated) whose page 3 ends with a practice table's header row alone, its rows on
    page 4. One line of no rows made no table, and the rows on page 4 headed nothing. The header's
    pieces each lie over one column of the table at the next page's top: it is a table of one row,
    which that table carries on, taking it for its header."""
    tables = read_pdf(ROOT / "tests" / "zoo" / "printings" / f"{printing}.pdf")
    header = [t for t in tables if t.page == 3][-1]
    assert header.df.values.tolist() == [["Force (grading)", "Objective", "Detail", "Outcome"]]
    rows = next(t for t in tables if t.page == 4)
    assert rows.continues == header.order and not rows.repeats_header
    assert rows.header == ("force (grading)", "objective", "detail", "outcome")
    whole = next(w for w in whole_tables(tables) if w.iloc[0].tolist() == header.df.iloc[0].tolist()
                 and len(w) > 1 and w.iloc[1].tolist() == rows.df.iloc[0].tolist())
    assert len(whole) >= 1 + len(rows.df)


def test_rows_carried_to_a_page_without_their_header_are_rows_not_a_header():
    """A held-out printing (reportlab, grades matrix ruled row by row, grades centred in their
    columns, its header not printed again, force names underlined as links). 'Greater Manchester
    Police' breaks over pages 3 and 4: page 4 opens with 'Greater' and its grades, 'Manchester
    Police' under it. Those lines start where no cell of page 3 started (centred grades), so they
    were not taken as carrying the table on, and the two lines above the first rule were read as a
    header: the name became two rows, 'Manchester Police' one without grades (the document was held
    back). Lines lying in the table's columns carry it on, and a part carrying a table on has no
    header but the one it prints again: 'Greater Manchester Police' is one row."""
    tables = read_pdf(ROOT / "tests" / "zoo" / "printings"
                      / "reportlab-e5838-c23-a8-narrow-rules-by-row-grades-centred-norepeat-name-broken-over-a-page.pdf")
    before = [t for t in tables if t.page == 3][-1]
    part = next(t for t in tables if t.page == 4)
    assert part.continues == before.order and not part.repeats_header
    assert part.df.iloc[0, 0] == "Greater Manchester Police" and part.df.iloc[1, 0] == "Suffolk Constabulary"
    assert all(part.df.iloc[0, 1:])


@pytest.mark.parametrize("printing, row", [
    ("chromium-e6033-both-a3a5-dejavu-double-rules-set-solid-header-again-over-one-row-postscript",
     "Wiltshire Police"),
    ("chromium-e6122-c23-m25-a6a8-dejavu-double-rules-right-header-again-over-one-row-postscript",
     "Norfolk Constabulary")], ids=["set-solid", "lines-far-apart"])
def test_a_header_printed_again_over_one_ruled_row_is_one_row(printing: str, row: str) -> None:
    """Held-out printings (Chromium to PostScript and back, DejaVu Sans, double rules between rows):
    page 4 prints the matrix's header again over one row. Set solid (line height 1.0), its lines
    overlap or all but touch (gaps from -0.9 to 0.2 pt) and were parted at -0.2 pt as two kinds of
    gap; set at line height 1.5 (header cells flush right), its lines lie 3 to 4 pt apart, and with
    one row to judge by, gaps that wide opened rows. Either way each header line or two became a
    row and the document was held back. Gaps parted below zero are not two kinds, and the lines of
    a ruled part that print the table's header again are its header: one row, then the part's row."""
    tables = read_pdf(ROOT / "tests" / "zoo" / "printings" / f"{printing}.pdf")
    before = [t for t in tables if t.page == 3][-1]
    part = next(t for t in tables if t.page == 4)
    assert part.continues == before.order and part.repeats_header and part.header == before.header
    assert part.shape[0] == 2 and part.df.iloc[1, 0] == row


def test_a_header_printed_again_ends_at_its_own_last_line_however_its_words_make_lines():
    """A held-out printing (Chromium, double rules, cells centred in their rows' height, the
    matrix's header printed again on each page): the header's words take eleven lines as the page
    groups words, ten as the reader sets lines across the row. Counted in the first, the header
    took the first line of the row under it, 'Requires' set higher than 'Humberside Police', which
    then read as a row of its own, the end of the row the page before ended with."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "chromium-v16-c23-a2a4-condensed-double-rules-header-again-over-a-grade-set-higher.pdf"
    part = next(table for table in read_pdf(pdf) if table.page == 3)
    assert part.df.iloc[1, 0] == "Humberside Police" and part.df.iloc[1, 4] == "Requires Improvement"


def test_a_header_alone_at_a_page_s_foot_heads_the_table_its_facing_page_sets_further_right():
    """A held-out printing (LibreOffice through Ghostscript, mirrored margins, booktabs rules): a
    practices table's header row is left alone at the foot of page 8, under its area's heading, and
    its rows start page 9, which sets its table 20 pt further right. Taken where the page sets them,
    'Objective' ran over two of page 9's columns, the header was no header, and the 22 rows were no
    practices table. Moved as far as page 9 sets its table from page 8's, it heads them."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "libreoffice-e6833-both-m25-a6a7-urw-booktabs-header-at-foot-facing-page-gs.pdf"
    part = next(table for table in read_pdf(pdf) if table.page == 9)
    assert part.continues is not None and part.header == ("force (grading)", "objective", "detail", "outcome")


def test_a_header_row_broken_over_two_pages_and_one_under_its_top_rule_head_their_rows():
    """A held-out printing (LibreOffice through Ghostscript, rules between rows, headers set flush
    right, mirrored margins, header not repeated). Page 2 ends with a practices table's header row
    whose '(grading)' the page break sent to page 3's top, alone above the rows: the header was no
    header, and the twelve rows were no practices table. Page 4 ends with the next table's header
    under its top rule, the paragraph's last line ('time of writing.') just above the rule: it was
    read into the header's first cell. The header's end at the next page's top is the header's, and
    no line above the top rule is."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "libreoffice-e7322-c23-m25-a1a3-bookman-mirrored-header-row-broken-over-pages-gs.pdf"
    tables = read_pdf(pdf)
    for page in (3, 5):
        part = next(table for table in tables if table.page == page)
        assert part.continues is not None and part.header == ("force (grading)", "objective", "detail", "outcome")


def test_a_header_left_at_the_feet_of_three_pages_is_no_running_footer():
    """A held-out printing's pages (LibreOffice through Ghostscript, 6 pt, rules between rows): a
    practices table's caption and header row lie at the foot of three of the four pages, a little
    higher or lower on each. Recurring near the pages' feet, they were taken for a running footer:
    the header on page 3 headed nothing, and page 4's twelve rows were no practices table. A running
    footer lies at one distance from the page's edge on every page; these do not."""
    tables = read_pdf(ROOT / "tests" / "fixtures" / "header_at_three_feet_libreoffice.pdf")
    rows = next(table for table in tables if table.page == 4)
    assert rows.continues is not None and rows.header == ("force (grading)", "objective", "detail", "outcome")
    assert rows.shape == (12, 4)


def line_of(pieces: list[tuple[float, float]]):
    """A line's segments as the block finders take them (`segments.LineSegments`)."""
    from pipeline.tables.segments import LineSegments
    n = len(pieces)
    return LineSegments(line=0, segment=np.arange(n), x0=np.array([a for a, _ in pieces]),
                        x1=np.array([b for _, b in pieces]), top=np.zeros(n), bottom=np.full(n, 7.0),
                        size=np.full(n, 7.0), words=np.full(n, 3), text=["x"] * n, prose=np.zeros(n, dtype=bool),
                        column_width=np.full(n, np.nan))


def test_a_page_sets_a_table_over_by_a_shift_its_first_line_shows_never_wider_than_a_column():
    """Facing pages: the table on the next page moved 20 pt, its first line's label at the first
    column's start moved so (its grades centred, starting where no cell did) gives the shift. A first
    line of one piece running into the last column, where one of its words opens that column exactly
    (cells all but meeting), is where the table was: no shift would move the table further than its
    narrowest column is wide to leave that piece inside the last column."""
    from pipeline.tables.carried import page_offset
    starts = np.array([27.1, 111.4, 168.2, 225.0])
    extents = [(27.1, 104.0), (111.4, 160.0), (168.2, 218.0), (225.0, 280.0)]
    mirrored = line_of([(47.1, 95.9), (141.0, 176.5), (190.9, 240.2), (262.8, 281.9)])
    assert page_offset(starts, extents, mirrored, mirrored.x0) == 20.0
    carried = line_of([(168.2, 270.0)])
    assert page_offset(starts, extents, carried, np.array([168.2, 190.0, 225.0])) == 0.0
