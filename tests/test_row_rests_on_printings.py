"""The general table reader (`pipeline.tables`) on the committed printings: what a page's foot
leaves of a row at the next page's top (the rest of a row, a cell's last lines, a name's end, a
row alone) carries on the table the page before ended with, in the columns it lies in, and the rows
under it are rows of their own (tables carried on, their headers printed again:
`test_continuations_on_printings.py`)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.tables import read_pdf, whole_tables

ROOT = Path(__file__).resolve().parent.parent


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


@pytest.mark.parametrize("printing, page, col, start", [
    ("libreoffice-q6363-both-a6-last-line-alone-mirrored-gs", 9, 3, "better understand the issues that"),
    ("libreoffice-e8282-c23-m25-a1-double-rules-mirrored-one-cell-runs-on", 6, 3, "who had been subjected to"),
    ("chromium-v16-c21-m25-a5a8-narrow-double-rules-cell-end-alone-over-a-heading-cairo", 5, 3,
     "meetings to discuss perpetrators")])
def test_a_cell_s_last_lines_carried_alone_to_a_page_carry_its_table_on(printing: str, page: int, col: int,
                                                                        start: str) -> None:
    """Zoo printings (LibreOffice, facing pages set apart; unruled, and boxed with double rules; and
    Chromium, boxed with double rules) whose practice table ends a page with a row whose outcome cell
    runs on past the foot, the other cells ending above it and its text short of a full stop. The
    next page opens with those last lines alone: no table of their own (one cell), so they were
    lost. They fit that cell's column, the page set further left or right: a one-cell part of the
    table, in that column, carrying it on. A heading set close under them, past the rule closing
    their frame, leaves them alone still."""
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


def test_a_label_centred_between_the_lines_of_two_wordy_cells_at_a_page_s_top_keeps_every_line():
    """A held-out printing (LibreOffice through Ghostscript, borderless, cells centred in their rows,
    line height 1.5): page 4 carries a practice table on, and Cleveland's row there sets its label and
    objective centred between the lines of its Detail and Outcome, each line of those two wordy
    cells taken for running text set in page columns. The lines the carried rows passed over between
    the label's were left out of the table: the two cells lost their middle lines without a word."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "libreoffice-e7033-c21-a1-condensed-borderless-label-centred-between-wordy-lines-gs.pdf"
    rows = pd.concat([t.df for t in read_pdf(pdf) if t.page == 4], ignore_index=True)
    row = rows[rows[0] == "Cleveland Police (Adequate)"].iloc[0]
    assert "might have been expected. This helps the Force better understand" in row[2]
    assert row[2].endswith("reporting their use of force.")
    assert "In the year ending 31 March 2021, there was a 37% increase in recorded use of force" in row[3]


def test_an_unshaded_last_row_under_shaded_bands_set_one_on_another_is_the_table_s():
    """A held-out printing (Chromium to PostScript and back, zebra-shaded landscape matrix): page 4
    carries the matrix on with its header printed again and Lincolnshire's row, two shaded bands
    set one on another, then the last row, Merseyside's, unshaded. With a rule between the bands the
    part was no box of one row to carry rows under it, and the last row was lost without a word. It
    sits under the bands as far as their rows' text sits under the rule above it: a row of the part."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "chromium-e7111-c21-m25-a2a8-serif-zebra-last-row-unshaded-under-two-bands-postscript.pdf"
    part = next(t for t in read_pdf(pdf) if t.page == 4)
    assert part.continues is not None and part.df.iloc[:, 0].tolist()[-2:] == ["Lincolnshire Police", "Merseyside Police"]
    assert part.df.iloc[-1, 1:].tolist()[:2] == ["Adequate", "Good"] and all(part.df.iloc[-1, 1:])
