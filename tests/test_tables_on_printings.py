"""The general table reader (`pipeline.tables`) on the committed printings: the rendering zoo's
(`tests/zoo/printings`), the fixtures (`tests/fixtures`) and `raw/`: where its tables are, their
rows and headers (their columns and words: `test_columns_on_printings.py`; tables carried on from
page to page: `test_continuations_on_printings.py`). Each
test names the printing, the page and what its layout asks of the reader; the tests on small PDFs
made here are in `test_tables.py`."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.tables import read_pdf

ROOT = Path(__file__).resolve().parent.parent


def test_a_paragraph_break_inside_a_cell_does_not_open_a_row():
    """A zoo printing (LibreOffice, zebra rows, landscape): the outcome cell of a stop-and-search row
    runs on over a paragraph break, a gap as wide as a row gap. The lines after it have text in one
    column only, not the first, down to the next such gap: more of one cell, not a row of their own
    (`rows.wide_gaps_opening_rows`)."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "libreoffice-v16-c23-a1-serif-zebra-landscape.pdf"
    cells = pd.concat([t.cells for t in read_pdf(pdf) if t.page == 5])
    cell = cells[cells["text"].str.contains("understanding of those who have been stopped")]
    assert len(cell) == 1 and "It allows conversation and debate." in cell["text"].iloc[0]


def test_a_report_s_grades_table_is_read_where_its_cells_stack_paragraphs():
    """A PEEL report's grades table: one row, each grade's column stacking the areas given it,
    set a paragraph apart. Read as rows of their own, the areas made a table of mostly one-cell
    rows, and the page showed none; read as paragraphs of one cell, the table is found, each area
    a paragraph of its cell (a line break apart; its wrapped lines joined by spaces): the entries
    a kind that stacks them splits."""
    pdf = ROOT / "raw" / "hmicfrs" / "peel-2021-22-durham-constabulary.pdf"
    table = next(t for t in read_pdf(pdf) if t.page == 3)
    header = table.df.iloc[0].tolist()
    assert header == ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
    assert table.df.iloc[1, 2] == "Providing a service to the victims of crime"
    assert table.df.iloc[1, 0].split("\n") == ["Disrupting serious organised crime",
                                                "Strategic planning, organisational management and value for money"]
    assert len(table.df.iloc[1, 1].split("\n")) == 7


def test_a_table_ruled_row_by_row_has_its_rows_from_its_rules():
    """A zoo printing (reportlab, every row ruled): most lines of the grades matrix are wrapped
    names and grades ('Avon and / Somerset Constabulary', 'Requires / Improvement'), so rules lie
    in fewer than half of its line gaps, and its rows were judged line by line. Every ruled gap is
    clearly wider than any unruled one: the rules alone decide (`rows.rules_decide`)."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-v16-c23-a1-serif-full.pdf"
    matrix = next(t for t in read_pdf(pdf) if t.page == 2).df
    avon = matrix[matrix[0] == "Avon and Somerset Constabulary"]
    assert len(avon) == 1 and avon.iloc[0].tolist()[1:5] == ["Good", "Good", "Requires Improvement",
                                                             "Requires Improvement"]


def test_a_header_set_apart_by_a_gap_above_a_ruled_body_is_a_row():
    """A zoo printing (reportlab, rows ruled apart, the header repeated on each page with no rule
    under it): read by its rules alone, the header and the row under it shared one band. The wide
    gap above the first rule stands in for one (`bands.stand_in_rules`)."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-r9595-both-a4a6-ruled-keys-centred-after-break.pdf"
    table = next(t for t in read_pdf(pdf) if t.page == 7).df
    assert table.iloc[0].tolist() == ["Force (grading)", "Objective", "Detail", "Outcome"]
    assert table.iloc[1, 1].startswith("To prioritise resources")


def test_rows_the_printing_leaves_in_doubt_are_named(tmp_path: Path, capsys) -> None:
    """A zoo printing by Chromium, its matrix at 6.8 pt: lines placed to the pixel, line gaps and
    row gaps a pixel apart. The lines a gap within a hair of the threshold decided, which would
    have gone the other way on its other side, are named on their table and warned of by the
    command; a table the rules decide (`raw/compendium_v1.6.pdf`) has none."""
    from pipeline.tables_cli import main

    pdf = ROOT / "tests" / "zoo" / "printings" / "chromium-e303-both-a5-sans-booktabs-caption-norepeat.pdf"
    doubts = [doubt for table in read_pdf(pdf) for doubt in table.doubts]
    assert doubts and all(abs(d["gap"] - d["threshold"]) < 0.4 for d in doubts)
    assert any(d["text"].startswith("Hertfordshire") for d in doubts)  # its row gap a pixel over its line gaps
    assert not any(table.doubts for table in read_pdf(ROOT / "raw" / "compendium_v1.6.pdf"))
    assert main([str(pdf), "--out", str(tmp_path), "--progress", "never"]) == 0
    warning = capsys.readouterr().err.strip()
    assert warning.startswith(f"warning: {pdf.name}: {len(doubts)} line(s) open a row or carry on")


@pytest.mark.parametrize("pdf", ["zoo/printings/libreoffice-e6565-c23-a4-landscape-centred-headers-all-but-meet.pdf",
                                 "fixtures/compendium_matrix_past_page_edge_libreoffice.pdf"])
def test_a_centred_header_over_rows_of_wide_text_is_a_table(pdf: str) -> None:
    """LibreOffice printings of the compendium's version history: its header cells centred over
    columns whose cells are set flush left, the 'Updates' cells wider than a third of the page
    (running text, taken alone). Each piece of the first row lies under one header cell, the
    nearest, reaching past neither neighbour: the header and its rows are one table."""
    table = next(t for t in read_pdf(ROOT / "tests" / pdf) if t.page == 1).df
    assert table.iloc[0].tolist() == ["Version Number", "Date Published", "Updates"]
    assert table[0].tolist()[1:] == ["V1.5", "V1.6"]


def test_a_zebra_table_s_unshaded_rows_above_its_first_band_are_its_own():
    """A held-out printing's pages (Chromium through PostScript, a zebra-shaded grades matrix,
    `tests/fixtures/heading_weight_unread_type3_postscript.pdf`): the matrix runs over a page, and
    the next page opens with an unshaded row above its first shaded one. That row lies in the
    table's columns, as near the band as its rows are to one another, running over none of its
    column rules: it is the table's first row there, not a table of its own nor lost, and the part
    carries on the matrix of the page before."""
    tables = read_pdf(ROOT / "tests" / "fixtures" / "heading_weight_unread_type3_postscript.pdf")
    before, after = (next(t for t in tables if t.page == page) for page in (2, 3))
    assert before.df.iloc[-1, 0] == "Bedfordshire Police" and after.continues == before.order
    assert after.df.iloc[0].tolist()[:4] == ["Cambridgeshire Constabulary", "Outstanding", "Good", "Inadequate"]


@pytest.mark.parametrize("pdf, page", [("zoo/printings/chromium-q8282-c21-a1a8-cairo-sans-body-serif-tables", 2),
                                       ("zoo/printings/chromium-e303-both-a5-sans-booktabs-caption-norepeat", 5),
                                       ("zoo/printings/libreoffice-g606-c23-a8-rec-row-cut-one-line-above", 2),
                                       ("fixtures/monospaced_table_ghostscript", 1)])
def test_lines_set_closer_than_rows_wrap_a_row_s_names_and_grades(pdf: str, page: int) -> None:
    """Grades matrices with no rule between rows, whose gaps show no clear break (a browser places
    lines to the pixel: line gaps of one step, row gaps of two to four): the lines after the
    narrowest gaps hold only the ends of a name and of grades wrapped above them, so those gaps are
    inside rows. Read line by line, 'Somerset Police | improvement' was a row of its own. Where
    the steps are uneven (line gaps of one step or two, row gaps of three or four), the gaps
    measured column by column show the break: under a grade of one line beside a name of two, the
    gap runs to the next row."""
    table = next(t for t in read_pdf(ROOT / "tests" / f"{pdf}.pdf") if t.page == page)
    body = table.df.iloc[:-1]  # the last row may be cut by the page's foot
    assert sum(len(name.split()) >= 2 for name in body[0]) >= 10
    assert not body.apply(lambda column: column.str.fullmatch("(?i)improvement|police|constabulary")).any().any()


@pytest.mark.parametrize("pdf, page, label", [
    ("fixtures/compendium_v1.6_borderless", 52, "Suffolk Constabulary (Requires improvement)"),
    ("zoo/printings/reportlab-e23-c23-a4a8-narrow-borderless-norepeat", 3, "Durham Constabulary (Adequate)")])
def test_a_label_wrapped_beside_a_sentence_that_goes_on_is_one_row(pdf: str, page: int, label: str) -> None:
    """A practice table of one or two rows, no rules, its gaps too few to judge: the line under the
    first has text only in some of the columns the first fills, its grade '(Requires improvement)'
    beside a sentence going on in lower case. It carries the row on; read as a row, the grade was
    parted from its force."""
    tables = [t for t in read_pdf(ROOT / "tests" / f"{pdf}.pdf") if t.page == page]
    assert label in [text for t in tables for text in t.df[0]]


@pytest.mark.parametrize("printing, page, label", [
    ("libreoffice-e52-c21-a6-narrow-zebra", 3, "Bedfordshire Police"),
    ("libreoffice-v16-c21-m16-a4-serif-zebra-gs", 2, "Bedfordshire Police (Requires Improvement)")])
def test_a_header_boxed_over_rows_with_no_rules_heads_them(printing: str, page: int, label: str) -> None:
    """Zoo printings by LibreOffice: at a page's foot a practice table's header row is boxed by
    rules (its column rules drawn through it alone) and its first row has no rule. Found as a
    ruled table of one row, the header was dropped and the row below read line by line; the lines
    under the box that carry it on, as a zebra table's unshaded rows do, are its rows."""
    pdf = ROOT / "tests" / "zoo" / "printings" / f"{printing}.pdf"
    table = [t for t in read_pdf(pdf) if t.page == page][-1]
    assert table.df.iloc[0].tolist() == ["Force (grading)", "Objective", "Detail", "Outcome"]
    assert table.df.iloc[1, 0] == label and table.shape[0] == 2


def test_rows_of_cells_centred_in_them_are_judged_by_the_gaps_inside_each_column():
    """A zoo printing by reportlab, practice rows with cells centred vertically: its lines from
    different columns interleave, leaving gaps between them of half a point that are no gaps of
    any cell. The row gap threshold is judged from the gaps inside each column and those over
    rules; read by the interleaved ones, each line of a centred Detail cell opened a row."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-q5757-c23-a2a8-type1-keys-after-break-middle.pdf"
    table = next(t for t in read_pdf(pdf) if t.page == 9)
    row = table.df[table.df[1] == "To mitigate the risk to public safety caused by street racing"]
    assert len(row) == 1 and row.iloc[0, 0] == "West Midlands Police (Adequate)"
    assert row.iloc[0, 2].startswith("Operation Hercules uses problem solving techniques")


def test_a_header_s_top_line_centred_over_its_cell_is_part_of_the_header():
    """A narrow reportlab grades matrix set solid (zoo v16 'rows set solid'): the tallest header
    cell's first line, 'Preventing and', stands alone a line above the rest of the header, centred
    on the line under it. It is the cell's first line, not a title over the table."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-v16-c23-a4-narrow-matrix-rows-set-solid.pdf"
    matrix = next(t for t in read_pdf(pdf) if t.page == 2)
    assert ("Preventing and deterring crime and antisocial behaviour, and reducing vulnerability"
            in matrix.df.iloc[0].tolist())


def test_a_name_s_last_line_under_a_table_s_last_row_stays_in_its_cell():
    """A reportlab grades matrix at a page's foot (zoo q5858): the last force's name wraps, and its
    last line, 'Police', stands alone under the row, in the first column, where a note under a
    table would start. It lies as close under the name's first line as the column's names wrap
    everywhere else in the table: the name goes on, where a note is set further apart."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-q5858-c23-m25-a3-type1-header-at-foot-column-empty.pdf"
    matrix = next(t for t in read_pdf(pdf) if t.page == 2)
    assert matrix.df.iloc[-1, 0] == "Northumbria Police"


@pytest.mark.parametrize("pdf", ["reportlab-q7171-c21-a4a9-booktabs-one-word-column-gs",
                                 "reportlab-t2323-c23-a7a8-row-kept-whole-empty-detail"])
def test_a_table_whose_wide_column_reads_as_running_text_is_found_under_a_wrapped_header(pdf: str):
    """The compendium's version history printed by reportlab: two short columns and an Updates
    column wider than a third of the page, its lines running text by width alone, under a header
    whose first cell wraps ('Version' over 'Number'). Each row's pieces lie under one header cell
    each: the header with its wrapped line is the header, and the rows under it are the table's,
    where the wrapped line read as a row of its own had left the table unfound."""
    table = next(t for t in read_pdf(ROOT / "tests" / "zoo" / "printings" / f"{pdf}.pdf") if t.page == 1)
    assert table.df.iloc[0].tolist() == ["Version Number", "Date Published", "Updates"]
    assert table.df.iloc[1:, 0].tolist() == ["V1.5", "V1.6"]


@pytest.mark.parametrize("pdf, page, label", [
    ("reportlab-r9494-both-a4a6-ruled-tall-row-centred-at-page-top", 12, None),
    ("reportlab-q8181-c23-a2a8-double-header-at-foot", 4, None),
    ("reportlab-r9494-both-a4a6-ruled-tall-row-centred-at-page-top", 6, "West Yorkshire Police (Requires improvement)"),
    ("reportlab-q1313-c21-a5a7-solid-middle-double-rules", 9, "Northumbria Police (Good)"),
    ("reportlab-r9595-both-a4a6-ruled-keys-centred-after-break", 15, "Improvement)")])
def test_a_bold_header_with_no_rule_under_it_is_a_row_of_its_own(pdf: str, page: int, label: str | None) -> None:
    """Zoo printings (reportlab) whose practice tables are ruled, but for the header repeated at a
    page's top: no rule and no gap part it from the row under it, whose cells are centred or carried
    on from the page before. Ruled row by row, the rules joined the two in one band; boxed with no
    rule inside (a row reaching up into the header), the two were one row and the table was lost;
    ruled under a row's first lines carried on, those lines were taken for the header's. The header
    is set bold and the row is not: its weight parts it as a rule would."""
    table = next(t for t in read_pdf(ROOT / "tests" / "zoo" / "printings" / f"{pdf}.pdf") if t.page == page)
    assert table.df.iloc[0].tolist() == ["Force (grading)", "Objective", "Detail", "Outcome"]
    assert label is None or table.df.iloc[1, 0] == label


def test_a_header_set_close_over_centred_rows_does_not_set_the_line_gap():
    """A zoo printing (reportlab, practice cells centred in tall unruled rows): the bold header sits
    2.6 pt over the first row's tallest cell, closer than the lines inside any cell (4.5 pt). Taken
    among the table's gaps, it was the line gap, every line gap a row gap, and each centred line a
    row of its own. A header's weight says where it ends; the gap under it tells the table's kinds
    of gap only where wider than the body's smallest, so the rows are the seven forces on the page."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-s9898-both-m25-a6a8-unruled-tall-row-centred-gap.pdf"
    table = next(t for t in read_pdf(pdf) if t.page == 7).df
    assert table.iloc[0].tolist() == ["Force (grading)", "Objective", "Detail", "Outcome"]
    assert [name.split(" (")[0] for name in table.iloc[1:, 0]] == [
        "Hertfordshire Constabulary", "Humberside Police", "Lancashire Constabulary", "Merseyside Police",
        "Northumbria Police", "Thames Valley Police", "West Midlands Police"]
    assert table.iloc[-1, 2].endswith("and updating HR records.")


def test_a_one_row_table_under_a_header_keeps_the_header_s_gap_as_evidence():
    """A zoo printing (Chromium through pdftocairo, borderless): a practice table of one row, its
    lines placed to the pixel (gaps of 2.2 and 3.0 pt, one kind). The gap under its header (6.8 pt)
    is wider than any of them: a row gap, which tells the lines of the row apart from rows."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "chromium-e11-c21-a3a9-serif-borderless-cairo.pdf"
    table = next(t for t in read_pdf(pdf) if t.page == 5 and t.df.shape[0] == 2).df
    assert table.iloc[1, 0] == "Suffolk Constabulary (Requires improvement)"


def test_a_cell_s_lines_merged_into_one_line_beside_a_taller_cell_read_line_by_line():
    """A zoo printing (reportlab, zebra-shaded rows, cells centred in them): the objective
    'To support officers in / creating problem- / solving plans' lies beside a detail cell whose
    lines fall between its own, and the three became one line of the table, its words read left to
    right across both ('creating solving plans problem-'). A piece whose words come from text lines
    stacked over each other reads line by line, its lines joined as a cell's; and the table's box,
    its first row rising above the shaded band, holds that row."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-t4444-c23-a2a3-centred-rows-cut-mid-sentence.pdf"
    table = next(t for t in read_pdf(pdf) if t.page == 9)
    assert table.df.iloc[0, 1] == "To support officers in creating problem-solving plans"
    assert table.bbox[1] <= table.cells["top"].min()




def test_cells_a_narrow_gutter_apart_in_a_row_of_short_cells_are_two(tall_centred_rows: list):
    """A zoo printing (reportlab, a landscape grades matrix set tight): 'Requires Improvement' in
    two neighbouring columns, 4 pt apart, their 'Improvement' lines one segment. The gutter's line
    has no other gap inside a segment, so its 'usual word space' was the gutter itself, and the
    second column's start (where its 'Requires' lines start) did not part it. A line with too few
    gaps to tell its word space takes the page's."""
    matrix = next(t for t in tall_centred_rows if t.page == 2).df
    thames = matrix[matrix[0] == "Thames Valley Police"]
    assert len(thames) == 1
    assert thames.iloc[0].tolist()[3:6] == ["Requires Improvement", "Requires Improvement", "Inadequate"]


def test_a_cell_s_last_line_under_another_column_s_lines_stays_in_the_table(tall_centred_rows: list):
    """A zoo printing (reportlab, practice cells centred in tall unruled rows, a row broken by the
    page): the outcome cell's last line on the page lies under the detail column's last line, not
    under a line of its own column, and was left out of the table as a note under it. The line
    above it is the nearest of the block with a piece over it."""
    table = next(t for t in tall_centred_rows if t.page == 5)
    assert table.df.iloc[-1, 3].endswith("population (3.69 compared to")


def test_a_lone_cell_of_many_words_in_a_later_column_is_no_note(tall_centred_rows: list):
    """The same page's foot: the header printed again over a row's first two lines, set in the
    outcome column alone. A table's last row of one cell of many words is a note under it ('Source:
    ...'); but a note starts in the first column, and this was a row's end, dropped."""
    table = [t for t in tall_centred_rows if t.page == 6][-1]
    assert table.df.iloc[-1, 3] == "From the 53 applicants, three individuals were hired. This"


@pytest.mark.parametrize("pdf", ["reportlab-s9999-both-a8-header-repeated-over-one-centred-row",
                                 "reportlab-q4242-c23-a1a5-right-headers-centred-grades-gs"])
def test_a_table_whose_rows_open_with_running_text_under_its_header_is_found(pdf: str):
    """Two zoo printings (reportlab) of the version history: each row's updates, a few lines of
    running text, are centred or start above the row's version and date, right under the header
    ('Updates' set flush right; 'Version / Number' a cell of two lines centred beside the header's
    line). No line of cells followed the header before the running text ended the block, so no
    table was found. A line whose pieces each lie under one cell of the header above (its lines'
    pieces taken together) is the table's while no row of cells has come yet."""
    history = next(t for t in read_pdf(ROOT / "tests" / "zoo" / "printings" / f"{pdf}.pdf") if t.page == 1).df
    assert history.iloc[:, :2].values.tolist() == [["Version Number", "Date Published"], ["V1.5", "February 2025"],
                                                   ["V1.6", "July 2025"]]
    assert history.iloc[1, 2].startswith("Included relevant updates from the following forces")


def test_a_table_of_one_row_is_judged_with_a_table_printed_alike_before_it():
    """A zoo printing (Chromium, re-printed by pdftocairo; cells centred in rows set apart by gaps,
    no rules): a practice table of one row under its header, its label wrapped over four lines and
    its objective centred beside them. Its own gaps, the header's and a row's lines', could not tell
    that the objective's first line opens no row, and the row read as two. The tables before it with
    the same header, rows spaced apart, judge its gaps with theirs."""
    tables = read_pdf(ROOT / "tests" / "zoo" / "printings" / "chromium-e23-c21-a3a9-sans-none-middle-cairo.pdf")
    suffolk = next(t for t in tables if t.page == 5 and t.df[0].str.contains("Suffolk").any()).df
    assert suffolk.shape[0] == 2 and suffolk.iloc[1, 0] == "Suffolk Constabulary (Requires improvement)"
    assert suffolk.iloc[1, 3].startswith("The system makes sure that higher priority calls")


@pytest.mark.parametrize("pdf, last", [
    ("fixtures/realistic_reports/peel-2023-25-city-of-london.pdf", "Recording data about crime"),
    ("fixtures/realistic_reports/peel-2021-22-hertfordshire.pdf", "Recording data about crime"),
    ("fixtures/not_graded_beside_about_the_data_reportgen.pdf",
     "Strategic planning, organisational management and value for money")])
def test_a_column_stacking_entries_keeps_its_last_entries(pdf: str, last: str) -> None:
    """Generated reports' judgments: one column per grade, each stacking the areas given it, cells
    set at the top of their row. The first column runs on below the others: its last entries are
    one-piece lines under the table, set below the column's last line by the gap its entries are
    set apart by (not the gap a note under a table is set apart by), and a long one in the
    column's width, of the table's size, is an entry, not a note. They are the table's."""
    table = next(table for table in read_pdf(ROOT / "tests" / pdf) if table.page == 3)
    column = " ".join(" ".join(table.df.iloc[1:, 0]).split())
    assert column.endswith(last)


def test_a_line_of_sentences_between_a_centred_label_s_lines_is_one_of_the_table_s_rows():
    """Three pages of a held-out printing (Chromium, URW Nimbus Sans Narrow to PostScript and back, cells
    centred in their rows; `tests/fixtures/make_heldout_printing_fixtures.py`). Devon & Cornwall's
    row opens with a line of two cells of sentences set between the two lines of its label: two
    wordy pieces, taken for running text beside the table, and passed over, 'maintaining an
    efficient, healthy and' lost from the Outcome. It starts its pieces only where the table's
    cells start: one of its rows."""
    tables = read_pdf(ROOT / "tests" / "fixtures" / "sentences_beside_a_centred_label_chromium.pdf")
    outcomes = [text for table in tables for text in table.df.values.ravel() if "resilient organisation" in text]
    assert outcomes == ["It also increases the likelihood of maintaining an efficient, healthy and resilient "
                        "organisation."]


def test_the_lines_under_a_centred_label_s_row_go_on_with_its_cells():
    """The same printing's second page, carrying on the table of the first: Thames Valley's label is
    centred in its row's height, with sentences wrapped above and below it. Its block of lines was
    judged set in running text (the lines above it held sentences at its starts) and ended where
    running text came; once those lines are rows, the lines under it, starting their pieces only
    where its cells start, are the row's rest: its Detail's and its Outcome's last lines."""
    tables = read_pdf(ROOT / "tests" / "fixtures" / "sentences_beside_a_centred_label_chromium.pdf")
    row = next(list(row) for table in tables if table.page == 2
               for row in table.df.itertuples(index=False) if "Thames Valley" in row[0])
    assert row[2].endswith("can take part in a diversion")
    assert row[3].endswith("uses analytics to better understand the issues that may be driving crime.")


def test_the_column_rules_of_two_tables_near_each_other_stay_where_each_is_drawn():
    """A held-out printing (reportlab to PostScript and back, fully ruled, 1 pt of padding): the
    practices table under a heading has its first column rule 2 pt left of the rule of the table
    above it. Snapped together (pdfplumber's edge merging, page-wide), both sat midway, at the very
    left edge of 'To use driver', which then read as the end of 'Avon and' in the first column.
    Rules are snapped only among rules that overlap or meet along their length."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-v16-c23-m25-a6a8-dejavu-ruled-column-rules-of-two-tables-near-postscript.pdf"
    practices = [table for table in read_pdf(pdf) if table.page == 4][1]
    assert practices.df.iloc[1, :2].tolist() == ["Avon and Somerset Constabulary (Good)",
                                                 "To use driver telematics to improve use of fleet"]


def test_rows_set_further_apart_than_a_table_s_gap_are_one_table_where_their_cells_start_alike():
    """A held-out printing (LibreOffice through pdftocairo, the grades matrix at 6 pt in cells of
    6 pt padding, centred in their rows, booktabs rules: none between rows): its rows lie 16.5 pt
    apart, 2.75 font sizes, past the gap that ends a table (2.6). Each row was a block of its own,
    too small to be a table; the document failed ('no row could be read under' the header). Blocks
    that start their cells alike, all their starts but one in common, are one table across gaps of
    up to four font sizes."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "libreoffice-e6811-both-m25-a6a7-narrow-6pt-matrix-wide-padding-rows-far-apart-cairo.pdf"
    matrix = next(table for table in read_pdf(pdf) if table.page == 2)
    assert matrix.df.iloc[1:4, 0].tolist() == ["Avon and Somerset Constabulary", "Bedfordshire Police",
                                               "Cambridgeshire Constabulary"]
    assert matrix.shape[0] >= 12


def test_two_lines_of_one_cell_read_across_a_row_together_keep_their_words_in_order():
    """A held-out printing (reportlab through pdftocairo, URW Bookman set solid in zebra rows, cells
    centred in their rows' height): 'Constabulary (Outstanding)', centred beside the objective's
    lines, joins its second and third lines into one line read across the row. Cut where a word
    starts a gap after the word before it in left-to-right order, 'of online' (the second line's
    end) parted from 'investigation' and 'child abuse': 'investigation child abuse of online'. A gap
    is measured from as far right as the words before it reach."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-e6811-both-m25-a6a7-bookman-zebra-set-solid-centred-lines-of-one-cell-cairo.pdf"
    practices = next(table for table in read_pdf(pdf) if table.page == 4 and table.header[0] == "force (grading)")
    assert practices.df.iloc[1, 1] == "To support the investigation of online child abuse"
