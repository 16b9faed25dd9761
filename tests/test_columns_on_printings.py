"""The general table reader (`pipeline.tables`) on the committed printings: where its columns part
and how the words in them are read (gutters narrower than a word space, cells set flush right,
monospaced grids, running text in wide columns, words a narrow column broke). Its tables and rows:
`test_tables_on_printings.py`; header cells over their columns: `test_headers_on_printings.py`;
tables carried on from page to page: `test_continuations_on_printings.py`."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.pdf.documents import read_document
from pipeline.tables import iter_page_tables, read_pdf, whole_tables

ROOT = Path(__file__).resolve().parent.parent


def test_a_borderless_table_of_wordy_cells_is_not_parted_where_two_cells_hold_sentences():
    """The borderless compendium read without knowing the document: lines whose Detail and Outcome
    cells both hold five words or more look like text set in page columns, and they parted each
    practice table into blocks of a few lines (130 tables, 34 of the 278 objectives whole). Blocks
    that start their cells at the same places, the lines between them starting their pieces only
    there, are one table. A row whose label stands beside one wordy cell and short ones, and a
    header row right under a paragraph, over a row of sentences, are the table's too: as many whole
    tables as the ruled printing gives (a table over several pages counted once), nine objectives in
    ten whole."""
    from conftest import BORDERLESS, RULED as COMPENDIUM
    expected = pd.read_csv(ROOT / "tests" / "expected" / "compendium" / "practices.csv")
    objectives = {" ".join(text.split()).casefold() for text in expected["objective"]}
    borderless, ruled = read_pdf(BORDERLESS), read_pdf(COMPENDIUM)
    assert len(borderless) <= 1.1 * len(ruled)
    assert len(whole_tables(borderless)) == len(whole_tables(ruled))
    read = {" ".join(text.split()).casefold() for t in borderless if t.df.shape[1] == 4 for text in t.df[1]}
    assert len(objectives & read) >= 0.9 * len(objectives)


@pytest.mark.parametrize("printing, content, page, rows", [
    ("libreoffice-v16-c21-a3a9-serif-horizontal-norepeat-gs", "v16-c21-a3a9", 3, 13),
    ("reportlab-t3939-both-m25-a1a7-flush-right-under-close-centred-headers", "t3939-both-m25-a1a7", 4, 13)])
def test_rows_whose_cells_hold_sentences_are_rows_not_page_columns(printing: str, content: str, page: int,
                                                                   rows: int) -> None:
    """Zoo printings whose practice rows open with lines of three or four pieces of five words or
    more, as text set in page columns has: a LibreOffice printing with rules under the rows only,
    re-distilled by Ghostscript, and a reportlab one with its header cells centred over the rows'
    starts. The pieces differ in width as a table's columns do (page columns are of one width), and
    they start at the table's cell starts: each page's practices are one table, each objective whole."""
    from conftest import norm
    pdf = ROOT / "tests" / "zoo" / "printings" / f"{printing}.pdf"
    expected = pd.read_csv(ROOT / "tests" / "zoo" / "expected" / content / "practices.csv")

    def words(text: str) -> str:  # a word the printing broke at a line's end keeps its hyphen
        return norm(text).replace("-", "").casefold()
    objectives = {words(text) for text in expected["objective"]}
    table = max((t for t in read_pdf(pdf) if t.page == page), key=lambda t: len(t.df)).df
    assert table.iloc[0].tolist() == ["Force (grading)", "Objective", "Detail", "Outcome"]
    assert len(table) == rows and {words(text) for text in table[1][1:]} <= objectives


def test_a_table_whose_gutter_is_one_word_space_is_not_parted_where_a_line_fuses_two_cells():
    """A LibreOffice fixture, a practice table in a condensed font: on a few lines a cell's text
    runs to one word space before the next column, so the line's two cells read as one piece that
    runs over the column's start, and the table broke into four there. A word opening exactly at a
    column start the blocks above and below share parts the piece: one table."""
    pdf = ROOT / "tests" / "fixtures" / "ligature_touching_next_column_libreoffice.pdf"
    tables = [t for t in read_pdf(pdf) if t.page == 1]
    labels = tables[0].df[0].tolist()
    assert len(tables) == 1 and "Lancashire Police (Good)" in labels and "Lincolnshire Police (Adequate)" in labels


def test_words_a_narrow_column_broke_are_read_whole_where_the_document_prints_them():
    """A zoo printing by Chromium with narrow matrix columns: 'Requires improveme / nt', 'Outstandin /
    g'. The general reader joins a one-word line run to its column's edge to the lower-case piece
    under it where the document prints the whole word elsewhere and the pieces mostly as pieces;
    'Respondi / ng', whose whole word it never prints, stays as printed."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "chromium-t7575-c21-a1a8-centred-headers-tight-narrow-cairo.pdf"
    table = next(t for t in read_pdf(pdf) if t.page == 4)
    cells = set(table.df.to_numpy().ravel())
    assert {"Requires improvement", "Outstanding"} <= cells and "Requires improveme nt" not in cells
    assert "Respondi ng to the public" in cells


@pytest.mark.parametrize("pdf, page", [("fixtures/flush_right_rows_on_a_facing_page_libreoffice", 2),
                                       ("zoo/printings/chromium-e5555-c23-m25-a4a5-postscript-glyph-never-followed", 3)])
def test_columns_set_flush_right_with_tight_padding_are_parted(pdf: str, page: int) -> None:
    """Grades matrices whose grades are set flush right with tight padding: 'Ungraded' ends a
    little more than a word space before 'Not inspected' of the next column. Where cells of
    different widths end exactly at one place, as cells set flush left start at one, a word ending
    there ends its cell and the strip after it is a gutter; read as one, two columns were one."""
    table = next(t for t in read_pdf(ROOT / "tests" / f"{pdf}.pdf") if t.page == page)
    assert table.shape[1] >= 12 and table.df.iloc[1, 1] in {"Ungraded", "Good"}
    assert not table.df.iloc[1:, 1].str.match(r"(Ungraded|Good|Adequate|Outstanding|Inadequate) [A-Z]").any()


def test_columns_whose_gutter_is_narrower_than_a_word_space_are_parted():
    """A reportlab grades matrix set tight (zoo s9898): 'Not inspected' ends 2 pt before the next
    column's 'Inadequate', a narrower gap than its own word space. The words before end exactly
    where the column's other cells end, and the next word starts exactly where the next column's
    cells start: two cells, where read by gap alone they were one and two columns became one. On
    the same printing's short matrix at a page's foot, a column of 'Ungraded' (one width, counted
    once) beside the names, whose right-aligned header ends where its gutter starts, is a column."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-s9898-both-m25-a6a8-unruled-tall-row-centred-gap.pdf"
    tables = read_pdf(pdf)
    matrix = next(t for t in tables if t.page == 9)
    row = matrix.df[matrix.df.iloc[:, 0] == "North Yorkshire Police"].iloc[0].tolist()
    assert row[1:5] == ["Ungraded", "Not inspected", "Inadequate", "Not inspected"]
    short = next(t for t in tables if t.page == 8 and t.df.iloc[:, 0].eq("Cambridgeshire Police").any())
    assert short.df.iloc[1:, 1].eq("Ungraded").all() and short.shape[1] == matrix.shape[1]


def test_words_on_a_monospaced_letter_grid_are_not_column_starts():
    """A Courier page re-distilled through PostScript: every word starts on a grid of letter
    widths, so words of different lines start and end together wherever they fall. That is no
    column: the practice table keeps each force in its own cell, where taking the grid for
    column edges cut its rows into the columns beside."""
    pdf = ROOT / "tests" / "fixtures" / "full_stop_monospaced_postscript.pdf"
    cells = set(pd.concat([t.cells for t in read_pdf(pdf)])["text"])
    assert "Avon and Somerset Constabulary (Good)" in cells


def test_a_ruled_table_s_cells_are_parted_where_its_columns_start_and_end():
    """A reportlab grades matrix ruled between its rows only (zoo t3636), its grades set flush right
    with tight padding: 'Ungraded' ends a little more than a word space before the next column's
    grade. A ruled table's text is cut where its columns' cells start or end, as a table found by
    its text alone is; read by gap alone, two columns were one."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-t3636-both-a5-flush-right-under-narrow-header.pdf"
    matrix = next(t for t in read_pdf(pdf) if t.page == 7)
    row = matrix.df[matrix.df.iloc[:, 0] == "Avon and Somerset Police"].iloc[0].tolist()
    assert row[1:4] == ["Ungraded", "Requires improvement", "Outstanding"]


def test_a_column_start_is_where_words_after_wide_spaces_start_on_several_lines():
    """A LibreOffice grades matrix in a condensed font set solid (zoo e828), three rows on its last
    page: in each, the last column's grade follows 'Not inspected' a little over two word spaces
    on, too close to part segments, and always at the same place. No segment starts there (every
    one of them is fused), but the words after those wide spaces do, row after row: a column starts
    there, and the last two columns are two."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "libreoffice-e828-c21-a5a6-dejavucondensed-solid-booktabs-cairo.pdf"
    matrix = next(t for t in read_pdf(pdf) if t.page == 3)
    assert matrix.df.iloc[1:, -2].eq("Not inspected").all()
    assert matrix.df.iloc[1:, -1].tolist() == ["Good", "Outstanding", "Inadequate"]


def test_a_line_whose_cells_meet_closer_than_a_word_space_is_parted_where_a_column_starts():
    """The same printing's practice table: on one line, 'vulnerability' ends 2.3 pt before the
    Detail column's 'repeat', closer than the line's word spaces. The reader found the gutter
    between the columns from the other lines, and the word after the gap starts exactly where
    the column's cells of many widths start: the line is parted there, and the Objective keeps
    its own words."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "libreoffice-e828-c21-a5a6-dejavucondensed-solid-booktabs-cairo.pdf"
    practices = next(t for t in read_pdf(pdf) if t.page == 3 and t.df.iloc[0, 0] == "Force (grading)")
    assert ("To enhance its frontline response to vulnerable people by introducing specialised vulnerability "
            "focus desks.") in practices.df.iloc[:, 1].tolist()


def test_a_row_of_tight_cells_is_parted_by_the_page_s_word_space_not_its_own():
    """A Chromium grades matrix with tight, narrow columns (zoo t7575): 'Inadequate' ends 3.2 pt
    before the next column's 'Good', and its line's own word spaces, most of them gutters like
    this one, are as wide. Judged against the page's word spaces (2.8 pt), the gap is a gutter
    where cells of several widths start: the columns keep their grades, and the grade that a
    narrow column broke, 'Requires improveme / nt', is read whole."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "chromium-t7575-c21-a1a8-centred-headers-tight-narrow-cairo.pdf"
    matrix = next(t for t in read_pdf(pdf) if t.page == 6)
    assert matrix.df.iloc[1, :7].tolist() == ["Sussex Police", "Ungraded", "Inadequate", "Good", "Good", "Inadequate",
                                              "Requires improvement"]


def test_a_word_space_is_not_a_gutter_because_names_end_alike():
    """A LibreOffice practices table (held-out h55, cut to its page): 'North Wales Police' and 'South
    Wales Police (Requires improvement)' end 'Police' at one place, and '(Requires' follows at a
    word space, a hair wider than the page's narrowest spaces. A row's word space is judged
    against the page's usual one, not its narrowest: the force keeps its grade, and the table its row."""
    practices = next(t for t in read_pdf(ROOT / "tests" / "fixtures" / "row_of_names_ending_alike_libreoffice.pdf")
                     if t.df.iloc[0, 0] == "Force (grading)")
    assert "South Wales Police (Requires improvement)" in practices.df.iloc[:, 0].tolist()


@pytest.mark.parametrize("pdf, page", [("fixtures/row_end_alone_on_a_facing_page_libreoffice.pdf", 4),
                                       ("zoo/printings/chromium-v16-c21-m30-a8-mirrored-norepeat.pdf", 3)])
def test_rows_of_sentences_in_columns_of_different_widths_are_not_page_columns(pdf: str, page: int):
    """Practice rows whose detail and outcome cells both hold sentences, their lines ragged: line by
    line the two were about as wide as text set in page columns, and the rows between read as
    running text, cutting the table in three. Page columns are of one width as columns, each its
    widest line near it (`segments.column_widths`); these columns differ, so every row is a row."""
    tables = [t for t in read_pdf(ROOT / "tests" / pdf) if t.page == page]
    assert len(tables) == 1
    forces = tables[0].df[0].tolist()
    assert sum(force.startswith("Humberside Police") for force in forces) == 3


def test_a_word_a_narrow_column_broke_is_mended_where_the_caller_s_vocabulary_names_it():
    """A zoo printing (Chromium, URW Nimbus Sans Narrow, re-printed by Ghostscript) whose grades
    matrix breaks 'Improvement' and 'Outstanding' at the edge of its narrow columns. Read alone, its
    page prints 'Outstanding' whole once but 'Improvement' never: a caller that knows its documents
    print it (a document kind's reference words) names it, and the cells read whole. The pieces
    broken off on the pages not read ('g', 'nt') do not count as words printed there."""
    document = read_document(ROOT / "tests" / "zoo" / "printings" / "chromium-t2121-both-a8-urw-narrow-gs-ligatures.pdf")

    def grades(vocabulary: frozenset[str]) -> list[str]:
        tables = dict(iter_page_tables(document, pages={3}, vocabulary=vocabulary))[3]
        return tables[0].df.iloc[1].tolist()[1:5]

    assert grades(frozenset()) == ["Good", "Outstanding", "Good", "Requires Improveme nt"]
    assert grades(frozenset({"improvement"})) == ["Good", "Outstanding", "Good", "Requires Improvement"]


@pytest.mark.parametrize("pdf, page, row, cells", [
    ("chromium-q2424-both-a9-matrices-most-of-the-text", 4, 0, ["Responding to the public", "Investigating crime"]),
    ("libreoffice-e828-c21-a5a6-dejavucondensed-solid-booktabs-cairo", 5, 2,
     ["South Yorkshire Police (Outstanding)",
      "To take forward protection orders to safeguard victims of domestic abuse and partnership work with local schools"])])
def test_a_word_starting_a_column_after_a_word_over_its_gutter_opens_a_cell(pdf: str, page: int, row: int,
                                                                             cells: list[str]) -> None:
    """Two zoo printings whose columns meet a word space apart: a wrapped header line, 'public' then
    'crime' under 'Investigating'; a force name's '(Outstanding)' then 'protection' under 'To take
    forward'. No gutter of the table lies in the gap: the word before runs over it. The word after
    starts exactly where the column's cells of several widths start, and so opens its cell."""
    table = next(t for t in read_pdf(ROOT / "tests" / "zoo" / "printings" / f"{pdf}.pdf") if t.page == page)
    texts = table.df.iloc[row].tolist()
    assert all(cell in texts for cell in cells), texts


def test_a_column_whose_gutter_is_a_word_space_wide_is_parted_where_its_cells_start():
    """A zoo printing (reportlab, a grades matrix set in narrow columns with tight padding): 'Not
    inspected' ends a word space short of the next column, whose grades of several widths all
    start at one x. Read as segments, 'Not inspected Adequate' ran over the gutter on most lines,
    and the two columns were one. Cut where the block's cells start exactly, the gutter is clear."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-s9999-both-a8-header-repeated-over-one-centred-row.pdf"
    matrix = next(t for t in read_pdf(pdf) if t.page == 10).df
    assert matrix.iloc[0, 2:4].tolist() == ["Recording data about crime",
                                            "Engaging with and treating the public with fairness and respect"]
    north_wales = matrix[matrix[0] == "North Wales Police"].iloc[0].tolist()
    assert north_wales[1:5] == ["Ungraded", "Not inspected", "Adequate", "Good"]


def test_a_zebra_shaded_table_s_cells_are_parted_where_its_columns_start():
    """The zebra-shaded fixture (a Type 3 font through PostScript): its table is found by its
    shaded bands and grown to the unshaded rows between and beyond them, its words taken afresh
    from the page. They were not cut where its columns start, as a ruled table's and a text
    block's are, so a wrapped header line ran 'Responding to' and 'Investigating' together."""
    pdf = ROOT / "tests" / "fixtures" / "zebra_rows_centred_type3_postscript.pdf"
    header = next(t for t in read_pdf(pdf) if t.page == 2).df.iloc[0].tolist()
    assert header[3:5] == ["Responding to the public", "Investigating crime"]


@pytest.mark.parametrize("pdf, page, last", [
    ("chromium-t7575-c21-a1a8-centred-headers-tight-narrow-cairo", 9, "they serve."),
    ("libreoffice-e6565-c23-a4-landscape-centred-headers-all-but-meet", 7, "interview app.")])
def test_a_line_of_cells_meeting_closer_than_a_word_space_stays_in_its_table(pdf: str, page: int, last: str):
    """Two zoo printings whose justified cells run up to the next column's start: a line of two
    such cells reads as one piece of running text across the table's gutter and ended the table
    there. Cut where a word opens a cell exactly at a column start of the lines under the header
    (not at any start: a header cell centred over its column starts where no cell does), its
    pieces are the table's cells, and the table runs from its header to its last line."""
    table = next(t for t in read_pdf(ROOT / "tests" / "zoo" / "printings" / f"{pdf}.pdf") if t.page == page).df
    assert table.iloc[0].tolist() == ["Force (grading)", "Objective", "Detail", "Outcome"]
    assert table.iloc[-1, -1].endswith(last)


def test_a_cell_wider_than_its_column_s_others_does_not_make_a_gutter_of_the_space_beside_them():
    """A zoo printing (Chromium, a version history of two rows): 'February 2025' is wider than
    'July 2025' under it, and the white between 'July 2025' and the header 'Date Published', set
    flush right over its column, looked like a gutter that one line (a spanning header) may cross.
    A strip crossed so, with fewer than two cells on either side of it, is no gutter: 'V1.5' and
    'February 2025' ran together in one column."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "chromium-e5555-c23-m25-a4a5-postscript-glyph-never-followed.pdf"
    history = next(t for t in read_pdf(pdf) if t.page == 1).df
    assert history.iloc[:, :2].values.tolist() == [["Version Number", "Date Published"], ["V1.5", "February 2025"],
                                                   ["V1.6", "July 2025"]]


def test_white_one_letter_wide_in_a_monospaced_table_is_a_word_space():
    """A zoo printing (Chromium, tables in a monospaced font): the version history's 'Date Published'
    header and 'July 2025' under it. Their first words are four letters each, so on the letter grid
    the spaces after them line up (one letter wide, 'February 2025' alone running across): read as a
    gutter, they parted the dates in two. White one letter wide in a monospaced table is a word
    space; the narrower gutters of its practice tables still part their columns."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "chromium-t3939-both-m25-a1a7-mono-gutters-narrower-than-spaces.pdf"
    tables = read_pdf(pdf)
    history = next(t for t in tables if t.page == 1).df
    assert history.iloc[0].tolist() == ["Version Number", "Date Published", "Updates"]
    assert history[1].tolist()[1:] == ["February 2025", "July 2025"]
    practices = next(t for t in tables if t.page == 6).df
    assert practices.iloc[0].tolist() == ["Force (grading)", "Objective", "Detail", "Outcome"]


def test_words_of_one_line_in_one_cell_stay_a_space_apart_after_a_hyphen():
    """The same printing: a practice's detail prints 'first- time' (the document's own slip), the two
    words a space apart on one line, which the monospaced grid parted into two pieces of the cell.
    Joined as a line wrapped after a hyphen is, they read 'first-time'; pieces of one line are a
    space apart."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "chromium-t3939-both-m25-a1a7-mono-gutters-narrower-than-spaces.pdf"
    texts = " ".join(text for t in read_pdf(pdf) if t.page == 6 for text in t.df.to_numpy().ravel())
    assert "suitable first- time offenders" in texts


def test_a_vertical_rule_between_two_words_a_space_apart_parts_them():
    """A held-out printing (reportlab to PostScript and back, fully ruled landscape matrix, 1 pt of
    padding): the header's 'Leadership and' ends 2.2 pt from 'Recording data', a word space, with a
    vertical rule drawn between them. Read as one piece, it was a header cell spanning two columns:
    'Leadership and Recording data Force management' and 'about crime'. A rule drawn between two
    words parts them however close they are."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-e5828-both-a1a5-sans-ruled-header-cells-a-word-space-apart-postscript.pdf"
    matrix = next(t for t in read_pdf(pdf) if t.page == 3)
    assert matrix.header[8:10] == ("leadership and force management", "recording data about crime")


def test_a_word_a_few_tenths_of_a_point_off_its_column_s_start_still_opens_a_cell():
    """A held-out printing (LibreOffice, printed again by pdftocairo, practice tables ruled row by
    row with 1 pt of padding). Page 5 ends with the first line of Humberside's row, drawn a hair
    narrower than the lines above: its Outcome, 'Officers and staff found the', starts 0.37 pt
    left of where 37 cells of its column start, a word space after its Detail's last word. Read as
    one piece of running text across the gutter, the line was left out of the table and its row
    lost its force and its first lines. A word that close to a column's start opens a cell."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "libreoffice-v16-both-m25-a7-serif-rules-by-row-tight-row-opening-at-page-foot-cairo.pdf"
    table = [t for t in read_pdf(pdf) if t.page == 5][-1]
    assert table.df.iloc[-1].tolist() == ["Humberside Police", "To provide additional",
                                          "Recognising the impact of a critical incidents and",
                                          "Officers and staff found the"]


def test_a_paragraph_parts_the_column_starts_of_the_table_above_it_from_the_lines_below():
    """Two pages of a held-out printing (LibreOffice, URW Bookman at 7 pt, rules between rows,
    `tests/fixtures/make_heldout_printing_fixtures.py`): a practices table starts under a paragraph
    under the grades matrix's end, and its first row's 'The online retailer' has 'retailer' where
    many of the matrix's cells start. Cut there, the row fitted the table under it no longer, which
    lost its header and first row. A column starts where cells start between the same paragraphs."""
    tables = read_pdf(ROOT / "tests" / "fixtures" / "paragraph_under_a_matrix_libreoffice.pdf")
    practices = next(table for table in tables if table.page == 1 and table.header[0] == "force (grading)")
    assert practices.header == ("force (grading)", "objective", "detail", "outcome")
    first = practices.df.iloc[1].tolist()
    assert first[0] == "City of London Police (Requires Improvement)"
    assert first[2].startswith("The online retailer Amazon is working")
