"""The general table reader (`pipeline.tables`) on the committed printings: tables carried on
from one page to the next, with or without their header printed again, rows broken by a page's
foot, and what is left of them at the next page's top (where tables are and their rows:
`test_tables_on_printings.py`; their columns and words: `test_columns_on_printings.py`)."""
from __future__ import annotations

from pathlib import Path

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


def test_a_table_s_last_row_alone_at_a_page_s_top_carries_on_the_table_before():
    """A zoo printing (Chromium, header not repeated): a practice table's last row goes over to the
    next page, which opens with it alone, then a heading. One row is a table here, as it carries on
    the table that ended the page before (same columns, nothing between): it is read, and marked as
    that table's continuation."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "chromium-e303-both-a5-sans-booktabs-caption-norepeat.pdf"
    tables = read_pdf(pdf)
    before = max((t for t in tables if t.page == 3), key=lambda t: t.bbox[3])
    after = min((t for t in tables if t.page == 4), key=lambda t: t.bbox[1])
    assert len(after.df) == 1 and after.continues == before.order
    assert before.df.iloc[-1, 0] == "Thames Valley Police (Adequate)"
    assert after.df.iloc[0, 0] == "West Midlands Police (Adequate)"


def test_a_row_s_end_carried_alone_to_a_page_is_judged_with_the_table_it_ends():
    """A LibreOffice fixture: a practice row's last lines open the next page, three lines of
    wrapped cells and a fourth, 'capability', alone under the first of them. Their own gaps are too
    few to tell a line gap from a row gap; judged with the gaps of the table they carry on (one
    table, one judgement), they are
    one row, the first of a table carrying on the table before."""
    pdf = ROOT / "tests" / "fixtures" / "row_end_alone_on_a_facing_page_libreoffice.pdf"
    first = next(t for t in read_pdf(pdf) if t.page == 4)
    assert first.continues is not None
    assert first.df.iloc[0, 1] == "development plan and a leadership academy to improve its leadership capability"
    assert first.df.iloc[1, 0] == "Greater Manchester Police (Adequate)"


def test_a_table_s_part_on_the_next_page_is_judged_with_its_first_part():
    """A zoo printing by Chromium (a condensed font set solid, cells centred in their rows): on the
    page a practice table carries on to, its own gaps alone parted a force's grade from its name."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "chromium-e717-c21-a5a6-dejavucondensed-tiny-solid-middle.pdf"
    labels = [text for t in read_pdf(pdf) if t.page == 5 for text in t.df[0]]
    assert "Humberside Police (Outstanding)" in labels and "(Outstanding)" not in labels


def test_a_row_s_end_of_many_words_carried_to_a_page_is_not_taken_for_a_caption():
    """A zoo printing (LibreOffice, borderless, the header not repeated): a practice row's outcome
    runs on to the next page, three lines of one cell above the next row. A table's first row of
    one cell of many words is a caption inside its frame, and was dropped; where the table carries
    on the table of the page before, it is that table's broken row's end, and stays."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "libreoffice-e23-c23-a4a8-sans-borderless-norepeat.pdf"
    first = next(t for t in read_pdf(pdf) if t.page == 4)
    assert first.continues is not None
    assert first.df.iloc[0].tolist() == ["", "", "", "should take. The digital forensic unit met 100% of its deadlines "
                                                     "for examination."]
    assert first.df.iloc[1, 0] == "Kent Police (Requires improvement)"


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


@pytest.mark.parametrize("printing, page, col, start", [
    ("libreoffice-q6363-both-a6-last-line-alone-mirrored-gs", 9, 3, "better understand the issues that"),
    ("libreoffice-e8282-c23-m25-a1-double-rules-mirrored-one-cell-runs-on", 6, 3, "who had been subjected to")])
def test_a_cell_s_last_lines_carried_alone_to_a_page_carry_its_table_on(printing: str, page: int, col: int,
                                                                        start: str) -> None:
    """Zoo printings (LibreOffice, facing pages set apart; unruled, and boxed with double rules)
    whose practice table ends a page with a row whose outcome cell runs on past the foot, the other
    cells ending above it and its text short of a full stop. The next page opens with those last
    lines alone: no table of their own (one cell), so they were lost. They fit that cell's column,
    the page set further left or right: a one-cell part of the table, in that column, carrying it on."""
    tables = read_pdf(ROOT / "tests" / "zoo" / "printings" / f"{printing}.pdf")
    before = [t for t in tables if t.page == page - 1][-1]
    alone = next(t for t in tables if t.page == page)
    assert alone.continues == before.order and alone.shape == (1, col + 1)
    assert alone.df.iloc[0, col].startswith(start) and not before.df.iloc[-1, col].rstrip().endswith(".")


def test_a_name_s_last_line_carried_alone_among_wrapped_cells_and_a_short_part_carry_the_table_on():
    """A held-out printing (LibreOffice, borderless, header not repeated, cells centred in their
    rows). Page 6's grades matrix ends with 'Hampshire and Isle / of Wight' whose last line,
    'Constabulary', opens page 7; two wrapped grades of that row ('Requires / improvement') run down
    to the foot too. The name's end lies in the first column and the rows under it in the matrix's
    columns (grades centred in them): together they carry the matrix on, the name's end a row of
    one cell. Page 5 opens with a practice row whose Detail is empty: a part printing three of
    its table's four columns carries that table on, each under the column it lies in."""
    tables = read_pdf(ROOT / "tests" / "zoo" / "printings"
                      / "libreoffice-v16-both-a4-serif-right-grades-centred-norepeat-cairo.pdf")
    matrix = [t for t in tables if t.page == 6][-1]
    rows = next(t for t in tables if t.page == 7)
    assert rows.continues == matrix.order and rows.shape[1] == matrix.shape[1]
    assert rows.df.iloc[0, 0] == "Constabulary" and not any(rows.df.iloc[0, 1:])
    assert rows.df.iloc[1, 0] == "Hertfordshire Constabulary"
    practices = [t for t in tables if t.page == 4][-1]
    carried = next(t for t in tables if t.page == 5)
    assert carried.continues == practices.order and carried.shape == (1, 4)
    assert carried.df.iloc[0, 0] == "West Yorkshire Police (Requires improvement)" and carried.df.iloc[0, 2] == ""
    assert carried.df.iloc[0, 3].startswith("Since the introduction of the app")


def test_the_rows_under_a_row_read_apart_at_a_page_s_top_carry_the_table_on_with_it():
    """A held-out printing (Chromium, zebra-shaded grades matrix, header not repeated, printed again
    by Ghostscript). Page 10 opens with an unshaded row ('South Yorkshire Police') above the first
    shaded band: read as lines carrying the matrix on, a table of its own; the shaded rows under it
    made another table, which no longer was the page's first, and its six forces were lost. With
    nothing between them, it carries the matrix on too."""
    tables = read_pdf(ROOT / "tests" / "zoo" / "printings"
                      / "chromium-e5727-both-a1a6-bookman-zebra-norepeat-row-above-shaded-band-gs.pdf")
    matrix = [t for t in tables if t.page == 9][-1]
    first, rows = [t for t in tables if t.page == 10][:2]
    assert first.df.iloc[0, 0] == "South Yorkshire Police" and first.continues == matrix.order
    assert rows.continues == matrix.order and rows.df.iloc[:, 0].tolist()[0] == "Thames Valley Police"
    whole = next(w for w in whole_tables(tables) if first.df.iloc[0, 0] in w.iloc[:, 0].tolist())
    assert whole.iloc[-len(rows.df) - 1:, 0].tolist() == ["South Yorkshire Police", *rows.df.iloc[:, 0]]


@pytest.mark.parametrize("printing, page", [
    ("chromium-e5727-c21-m25-a2a8-sans-zebra-norepeat-two-cell-ends-carried-gs", 5),
    ("chromium-e5737-c21-m25-a7-serif-booktabs-mirrored-two-cell-ends-carried-postscript", 7)],
    ids=["same-margins", "facing-pages"])
def test_the_ends_of_two_cells_carried_to_a_page_are_a_part_of_the_table_in_their_columns(printing: str, page: int):
    """Held-out printings (Chromium): a practice row's Detail and Outcome run past the page's foot
    and the next page opens with their ends alone, two cells starting at the Detail column. Their
    part prints two of the table's four columns and starts where its third does (on facing pages,
    as far further left or right as the page sets it): it carries the table on, its cells in the
    Detail and Outcome columns."""
    tables = read_pdf(ROOT / "tests" / "zoo" / "printings" / f"{printing}.pdf")
    before = [t for t in tables if t.page == page - 1][-1]
    ends = next(t for t in tables if t.page == page)
    assert ends.continues == before.order and ends.shape == (1, 4)
    assert ends.df.iloc[0, :2].tolist() == ["", ""] and all(ends.df.iloc[0, 2:])


def test_the_rest_of_a_row_a_page_broke_in_a_table_ruled_row_by_row_is_one_row():
    """A held-out printing (LibreOffice, practice tables ruled row by row with double rules, cells
    centred in their rows). Thames Valley's row breaks over pages 11 and 12: page 12 opens with its
    rest, framed by the rules above and below it and none inside, its force and objective centred
    between its Detail's and Outcome's lines. Judged by its gaps alone, each of its lines was a row.
    The table it carries on had its rows decided by its rules: so has its part, one row."""
    tables = read_pdf(ROOT / "tests" / "zoo" / "printings"
                      / "libreoffice-e5717-c21-m25-a3a6-double-rules-centred-row-broken-over-a-page.pdf")
    before = [t for t in tables if t.page == 11][-1]
    rest = next(t for t in tables if t.page == 12)
    assert before.rows_by_rules and rest.continues == before.order and rest.shape == (1, 4)
    assert rest.df.iloc[0, :2].tolist() == ["Police (Good)", "offending and change behaviour"]
    assert rest.df.iloc[0, 3].endswith("may be driving crime.")


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


def test_a_name_s_end_beside_a_grade_set_flush_right_on_a_facing_page_carries_the_table_on():
    """A held-out printing (LibreOffice to PostScript and back, zebra-shaded landscape matrix, grades
    set flush right, facing pages set 20 pt apart). Page 9 holds one line: 'Constabulary', the end
    of 'Gloucestershire Constabulary', and 'improvement', the end of a grade set flush right, longer
    than any cell of its column on page 8. Each lies in one of the table's columns, reaching into
    neither neighbour's cells: they carry the table on, 'improvement' in the column it ends."""
    tables = read_pdf(ROOT / "tests" / "zoo" / "printings"
                      / "libreoffice-e5828-both-a8-mono-zebra-mirrored-grades-right-name-end-carried-postscript.pdf")
    before = [t for t in tables if t.page == 8][-1]
    end = next(t for t in tables if t.page == 9)
    assert end.continues == before.order and end.shape == (1, 12)
    assert end.df.iloc[0].tolist() == ["Constabulary", *[""] * 10, "improvement"]


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


def test_a_last_row_alone_in_its_shaded_band_under_a_row_s_rest_carries_the_table_on():
    """A held-out printing (LibreOffice, printed again by Ghostscript, zebra-shaded practice tables,
    header not repeated). Page 6 opens with the rest of Thames Valley's row, unshaded, read as lines
    carrying the table on; right under it lies the table's last row, Warwickshire's, alone in its
    shaded band: a table of one row, dropped as no table, and the row was lost without a word.
    Right under a part carrying the table on, nothing between, it carries it on too."""
    tables = read_pdf(ROOT / "tests" / "zoo" / "printings"
                      / "libreoffice-e6211-c23-a1a6-condensed-zebra-norepeat-last-row-alone-under-a-row-s-rest-gs.pdf")
    before = [t for t in tables if t.page == 5][-1]
    rest, last = [t for t in tables if t.page == 6][:2]
    assert rest.continues == before.order and last.continues == before.order
    assert last.shape == (1, 4) and last.df.iloc[0, 0] == "Warwickshire Police (Adequate)"


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


@pytest.mark.parametrize("printing, page, label, cell", [
    ("chromium-v16-c21-a4a5-serif-centred-cells-rest-of-a-row-over-a-lower-case-row", 8,
     "South Yorkshire Police (Outstanding)", "into its custody suites."),
    ("chromium-e6922-c23-m25-a1a5-bookman-zebra-one-shaded-row-under-rest-of-a-row", 4,
     "Thames Valley Police (Good)", "Either a scrutiny panel"),
    ("reportlab-e6922-c21-a4a5-6pt-centred-row-under-header-printed-again-gs", 6,
     "West Midlands Police (Requires Improvement)", "The Force prioritises the examination")],
    ids=["lower-case-row", "zebra-band", "centred-row"])
def test_the_row_under_the_rest_of_a_row_is_whole(printing: str, page: int, label: str, cell: str) -> None:
    """Zoo printings whose page opens with the table of the page before carried on, cells centred in
    their rows: the rest of a row, then a row whose Detail opens in lower case a gap below it (its
    label centred lower); the rest in two columns, then one shaded band (a zebra table's row), the
    full width of the table; a header printed again over one row whose first line has no label. The
    row under the rest is one row of its own, whole, and carries the table on."""
    tables = [t for t in read_pdf(ROOT / "tests" / "zoo" / "printings" / f"{printing}.pdf") if t.page == page]
    rows = pd.concat([t.df for t in tables if t.continues is not None], ignore_index=True)
    row = rows[rows[0] == label]
    assert len(row) == 1 and row.iloc[0, 2].startswith(cell)
    assert not any(cell in text for text in rows[2].drop(row.index))  # nor in the rest above it
