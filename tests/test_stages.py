"""Each stage on real pages of the stand-in compendium, and on small frames where the case is rare (rows
a page break cut in two joined again: `test_stitch.py`)."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline import clean, locate, steps, tables
from pipeline.kind_tables import part_cells
from pipeline.grades import grade_status, normalise_grade
from pipeline.kinds import DOCUMENT_KINDS, recognise
from pipeline.pdf.checks import InputError
from pipeline.pdf.words import assign_lines, summarise_lines
from pipeline.pdf.text import undo_ghostscript_unicode


def test_document_is_recognised_by_its_title_text(located_ruled):
    _, located = located_ruled
    assert located.kind.name == "compendium"
    assert recognise("PEEL 2023–25 Police effectiveness An inspection of Kent Police").name == "hmicfrs_report"
    assert recognise("Minutes of the board meeting") is None


def test_running_footer_is_dropped_but_repeated_table_headers_are_kept(ruled_kind_tables):
    document, located, parts = ruled_kind_tables
    raw_lines = summarise_lines(assign_lines(document.words))
    footer = raw_lines[raw_lines["text"].str.contains(r"Page \d+$")]
    assert footer["page"].nunique() > 10, "the stand-in prints a footer on every page"
    assert not located.lines["text"].str.contains(r"\| Page \d+$").any()
    practice_pages = pd.Series(sorted(part.page for part in parts
                                      if part.kind.name == "practices" and part.header_printed))
    assert (practice_pages.diff() == 1).sum() > 10, "practice tables repeat their header on following pages"
    headers = located.lines[located.lines["text"].str.match(r"Force \(grading\)", case=False)]
    assert set(practice_pages) <= set(headers["page"]), "a header printed again on every page is kept"


def test_cycle_headings_give_each_table_its_cycle(located_ruled):
    _, located = located_ruled
    cycles = located.headings["cycle"].dropna().tolist()
    assert cycles == ["2023-25", "2021-22"]
    assert locate.cycle_of("Section 2: Overall PEEL Inspection Gradings of Police Forces 2021-2022") == "2021-22"
    assert locate.cycle_of("PEEL 2023–25") == "2023-25"


def first_part_cells(ruled_kind_tables, kind: str) -> pd.DataFrame:
    """The cells of a kind's first table part as `stitch` takes them (`kind_tables.part_cells`)."""
    _, located, parts = ruled_kind_tables
    part = next(part for part in parts if part.kind.name == kind)
    return part_cells(part, 0, located.words[located.words["page"] == part.page])


def test_matrix_columns_come_from_the_wrapped_header(ruled_kind_tables, expected):
    cells = first_part_cells(ruled_kind_tables, "grades_matrix")
    header = cells[cells["header"]].sort_values("col")["text"].tolist()
    areas = expected["grades"].query("cycle == '2023-25'")["area"].unique().tolist()
    assert header[1:] == areas
    body = cells[~cells["header"]]
    assert body.groupby("row")["col"].nunique().eq(len(header)).all(), "every matrix row fills every column"
    assert "Avon and Somerset Constabulary" in set(body.loc[body["col"] == 0, "text"])


def test_practice_cells_join_wrapped_lines(ruled_kind_tables, expected):
    cells = first_part_cells(ruled_kind_tables, "practices")
    first_row = cells[(~cells["header"]) & (cells["row"] == 0)].sort_values("col")["text"].tolist()
    want = expected["practices"].iloc[0]
    assert first_row[1:] == [want["objective"], want["detail"], want["outcome"]]


def test_force_cell_splits_name_and_grade():
    assert clean.split_force_cell("Greater Manchester Police (Adequate)") == ("Greater Manchester Police", "Adequate")
    assert clean.split_force_cell("Thames Valley Police (Requires") == ("Thames Valley Police", "Requires")
    assert clean.split_force_cell("Kent Police") == ("Kent Police", None)
    assert clean.split_force_cell("(Good)") == (None, "Good")


def test_ghostscript_slips_in_maps_to_unicode_are_undone_inside_words():
    assert undo_ghostscript_unicode("o\u6600\u6600enders") == "offenders"  # 'ff' written as swapped UTF-16
    assert undo_ghostscript_unicode("Sta\u00fbordshire") == "Sta\ufb00ordshire"  # 'ﬀ' written as 'û'
    assert undo_ghostscript_unicode("identi\u00fced") == "identi\ufb01ed"
    assert undo_ghostscript_unicode("Offenders") == "Offenders"
    assert undo_ghostscript_unicode("\u6600\u6600") == "\u6600\u6600"  # no ASCII letter: left as printed
    # three letters in two units, the second the sum of the last two ('ffi': 0x66 + 0x69 = 0xCF, 'ffl': 0xD2)
    assert undo_ghostscript_unicode("o\u6600\ucf00cers") == "officers"
    assert undo_ghostscript_unicode("ba\u6600\ud200ed") == "baffled"
    # a letter of a script without case left after that is another glyph's bytes: lost, and shown so
    assert undo_ghostscript_unicode("o\u6600\ud000cers") == "of\ufffdcers"
    assert undo_ghostscript_unicode("Ma\u00f1ana") == "Ma\u00f1ana"  # a letter with case is text, not a slip


def test_grades_normalise_and_say_why_they_are_missing():
    assert normalise_grade("Requires Improvement") == "Requires improvement"
    assert normalise_grade("Requires") == "Requires improvement"
    assert normalise_grade("Excellent") is None
    assert normalise_grade("Adequat e") == "Adequate"  # a narrow column broke the word
    assert normalise_grade("Requir impro") == "Requires improvement"  # the page's edge cut each line
    assert normalise_grade("Re im") is None  # too little of either word
    assert normalise_grade("Require s Impr") == "Requires improvement"
    assert grade_status("N/A") == "not_applicable"
    assert grade_status("Not inspected") == "not_inspected"
    assert grade_status("Good") == "graded"
    assert grade_status("Excellent") is None


def test_claims_read_numbers_in_words_and_digits():
    sections = pd.DataFrame([{"cycle": "2023-25", "section": "OPERATIONAL PRACTICE AREA SIX: X", "page": 4,
                              "line_texts": ("For example, some text. Eight examples of innovative", "practice across the 39 reports."),
                              "line_pages": (4, 5)}])
    claims = clean.tidy_area_claims(sections, pd.DataFrame(columns=["cycle", "section"]))
    assert claims.loc[0, ["claimed_examples", "claimed_reports", "area_number", "page"]].tolist() == [8, 39, 6, 4]


def test_every_table_kind_has_a_published_schema():
    from schemas import MODELS
    for document in DOCUMENT_KINDS:
        for kind in document.tables:
            assert kind.table in MODELS


def test_a_glyph_without_text_is_marked_and_still_joins_a_year_range():
    from pipeline.pdf.text import UNREADABLE, normalise_text
    assert normalise_text("PEEL 2023\x0125 ") == f"PEEL 2023{UNREADABLE}25"
    assert normalise_text("tab\tand ﬁne") == "tab and fine"
    assert locate.cycle_of(f"PEEL 2023 {UNREADABLE} 25") == "2023-25"
    assert locate.cycle_of("PEEL 2023 25") is None  # two numbers with nothing between are not a range


def test_a_table_whose_header_has_no_rows_under_it_refuses_the_document():
    """A header row found with nothing read under it is a table lost (its columns misjudged), not an
    empty table: the document is refused with a sentence naming the table and page."""
    parts = pd.DataFrame({"table": [0, 1, 2], "kind": ["grades_matrix", "practices", "practices"],
                           "page": [2, 3, 4], "stitched": [0, 1, 1]})
    header_only = pd.DataFrame({"table": [0, 1, 2], "header": [True, False, True]})
    with pytest.raises(InputError, match="grades matrix table's header row was found on page 2"):
        steps.require_rows("a.pdf", header_only, parts)
    steps.require_rows("a.pdf", header_only.assign(header=[False, False, True]), parts)  # every table has rows


def test_rows_a_table_was_read_short_of_are_a_table_of_their_own_not_lost():
    """A page of a practices table (`ligature_touching_next_column_libreoffice.pdf`) with one line's
    detail and outcome words made to touch ('staffeffective.', as a ligature read too wide once
    made them): that line runs over the Outcome column's start and the table is read short of its
    last three rows. They are a table of their own, every row whole and holding data, which a
    document of a known kind publishes cell by cell and names (`steps.unclaimed_tables`): not lost
    without a word."""
    from dataclasses import replace
    from conftest import FIXTURES
    from pipeline.pdf import documents
    document = documents.read_document(FIXTURES / "ligature_touching_next_column_libreoffice.pdf")
    words = document.words
    staff = words[(words["text"] == "staff") & words["x0"].between(390, 420)]  # the Detail cell's last word
    effective = words[((words["top"] - staff["top"].iloc[0]).abs() < 1) & (words["text"] == "effective.")]
    fused = words.drop(index=effective.index)
    fused.loc[staff.index[0], ["text", "x1"]] = ["staffeffective.", float(effective["x1"].iloc[0])]

    def rows(document) -> list[list]:
        found = [table for _, page in tables.iter_page_tables(document) for table in page]
        return found, [row for table in found for row in table.df.iloc[1 if table is found[0] else 0:].values.tolist()]

    (whole,), whole_rows = rows(document)
    (short, rest), short_rows = rows(replace(document, words=fused))
    assert len(whole_rows) == len(short_rows) == 6 and rest.shape == (3, 4) and tables.holds_data(rest.cells)
    assert [row[0] for row in short_rows] == [row[0] for row in whole_rows]
def test_a_cell_opened_left_of_its_column_start_moves_the_start_not_ends_the_table():
    """A borderless landscape grades matrix LibreOffice printed with grades set flush right, mirrored
    margins and no repeated header, printed again by pdftocairo (pages 1 and 6-8 of a held-out
    printing: `matrix_cell_opened_left_of_its_column_libreoffice.pdf`). On its second page, shifted
    20 pt right, 'Not inspected' is wider than any cell of its column on the first and opens 2.4 pt
    left of the start the first page gave: it was taken for running text over a column start, the
    table ended there, and its last 14 rows went to no table. A word opening a cell after a gap
    moves its column's start instead (`starts_opened_left`): all 43 forces' rows are read."""
    from conftest import FIXTURES
    from pipeline.pdf.documents import read_document
    tables_read = steps.extract_document(read_document(FIXTURES / "matrix_cell_opened_left_of_its_column_libreoffice.pdf"))
    grades = tables_read["grades"]
    assert len(grades) == 43 * 12 and grades["force_id"].nunique() == 43 and grades["status"].notna().all()
    assert (grades["grade_printed"] == "Not inspected").sum() == 36
    assert "tables" not in tables_read or tables_read["tables"].empty


def test_a_heading_whose_face_its_page_cannot_tell_bold_is_bold_as_another_page_shows_it():
    """Chromium's pages through PostScript as Type 3 fonts with no names (pages 1-3 and 10 of a
    held-out printing: `heading_weight_unread_type3_postscript.pdf`). 'Section 1: Analysis of
    2023-2025 PEEL reports' is set in the bold of the text face, but its page shows too few letters to
    pair the two faces by their widths: it read as plain, no cycle was read for the first grades
    matrix, and the document was refused. Page 10's heading shows the face bold; measured from their
    steps, three of the thirteen letters the two share differ by kerning ('l' before 'y'), the rest
    agree: one face, bold on both pages."""
    from conftest import FIXTURES
    from pipeline.pdf.documents import read_document
    document = read_document(FIXTURES / "heading_weight_unread_type3_postscript.pdf")
    assert document.repairs["bold_by_another_page"] == 1
    section_one = document.words[(document.words["page"] == 2) & (document.words["text"] == "Section")]
    assert section_one["bold"].all()
    grades = steps.extract_document(document)["grades"]
    assert set(grades["cycle"]) == {"2023-25", "2021-22"}
    assert set(grades.loc[grades["page"] <= 3, "cycle"]) == {"2023-25"}


def test_a_header_alone_at_a_page_foot_takes_its_columns_from_the_text_on_the_next_page():
    """Chromium's URW Bookman through PostScript (a held-out printing whole:
    `practices_header_alone_at_page_foot_chromium.pdf`): the practices table's header row, set flush
    right in its cells, is the last line of page 2, and its rows run on to page 3, which does not
    repeat it. The header's words alone put the Objective, Detail and Outcome columns under the
    right edges of their cells; read so, page 3 gave one row of nine. With nothing under it on its
    own page, the header's columns are found as if page 3's text stood under it."""
    from conftest import FIXTURES
    from pipeline.pdf.documents import read_document
    practices = steps.extract_document(read_document(FIXTURES / "practices_header_alone_at_page_foot_chromium.pdf"))[
        "practices"]
    assert len(practices) == 9 and practices["force_id"].notna().all()
    assert practices["objective"].str.match(r"^To ").all()


def test_a_page_holding_one_line_of_a_table_takes_the_offset_its_facing_pages_show():
    """LibreOffice's practices table with mirrored margins, printed again by Ghostscript (pages 1-2
    and 7-10 of a held-out printing: `row_end_alone_on_a_facing_page_libreoffice.pdf`): the last
    page holds only 'which was well-received.', the end of a row broken over the page before. One
    line is too little to tell the page is set 20 pt left; read in the page before's columns,
    'which' went to the Detail cell. The table showed that offset between its pages already (two
    pages back), and one line lining up with it is enough."""
    from conftest import FIXTURES
    from pipeline.pdf.documents import read_document
    practices = steps.extract_document(read_document(FIXTURES / "row_end_alone_on_a_facing_page_libreoffice.pdf"))[
        "practices"]
    row = practices[practices["outcome"].str.contains("Members showed", na=False)].iloc[0]
    assert row["outcome"].endswith("delivering training which was well-received.")
    assert not isinstance(row["detail"], str) or "which" not in row["detail"]


def test_a_facing_page_in_a_monospaced_font_takes_the_offset_that_lines_up_every_column():
    """Chromium's practices table in Liberation Mono with mirrored margins, sent through PostScript
    (pages 1 and 6-9 of a held-out printing: `monospaced_rows_on_a_facing_page_postscript.pdf`). Page
    4 is set 19.5 pt left of page 3; its starts line up every column once shifted, but the mono
    font's wide spaces part its lines into many more cell starts than the table has columns, too
    many for the share asked of a new offset. Read in page 3's columns, '(the' went to the Objective
    cell and the table ended at the next force, losing six rows. The offset was seen between the
    table's pages already and lines up all four columns: it is taken."""
    from conftest import FIXTURES
    from pipeline.pdf.documents import read_document
    practices = steps.extract_document(read_document(FIXTURES / "monospaced_rows_on_a_facing_page_postscript.pdf"))[
        "practices"]
    area = practices[(practices["cycle"] == "2021-22") & (practices["area_number"] == 6)]
    assert area["force_printed"].tolist()[-7:] == [
        "Durham Constabulary", "Durham Constabulary", "Dyfed-Powys Police", "Humberside Police",
        "Leicestershire Police", "South Wales Police", "Thames Valley Police"]
    row = area[area["objective"].str.startswith("To manage the risk")].iloc[0]
    assert row["objective"] == "To manage the risk registered sex offenders pose"
    assert "MOSOVO staff (the unit that manages sexual and violent offenders) visit" in row["detail"]


def test_a_repeated_header_cut_at_the_page_edge_heads_the_same_columns():
    """LibreOffice's 2023-25 grades matrix with mirrored margins, sent through PostScript (pages 1-3
    of a held-out printing: `repeated_header_cut_at_edge_postscript.pdf`). Page 3 is set further
    right, and its copy of the header keeps only 'Disrup / ser / organ / c' of the last column's
    label; its grades reach onto the page. Read as a header of its own, that label named no area,
    the page's rows lacked one and the document was held back. The copy is the same table's header
    with words cut short: the page continues the table, and its cells read as page 2 prints them."""
    from conftest import FIXTURES
    from pipeline.pdf.documents import read_document
    grades = steps.extract_document(read_document(FIXTURES / "repeated_header_cut_at_edge_postscript.pdf"))["grades"]
    assert grades["area_id"].notna().all()
    assert grades["area_printed"].nunique() == 11
    assert (grades.groupby("force_id").size() == 11).all()
    page_3 = grades[grades["page"] == 3]
    assert page_3["force_id"].nunique() == 7
    assert (page_3.loc[page_3["area_id"] == "disrupting_serious_organised_crime", "grade_printed"] == "N/A").all()


def test_flush_right_rows_on_a_facing_page_without_a_repeated_header_are_read():
    """LibreOffice's 2021-22 grades matrix, grades set flush right, with mirrored margins and no
    repeated header (pages 1 and 10-12 of a held-out printing:
    `flush_right_rows_on_a_facing_page_libreoffice.pdf`). Page 2 holds the header and three forces
    only; page 3, set 20 pt further right, all the rest of a page. Flush right, its grades' edges
    line up with page 2's once shifted, but page 2's three rows show few such edges, too few for
    the share asked of all page 3 shows: the table was not continued. Shifted, 'Not inspected' and
    a wrapped 'improvement', wider than any cell above, open their columns further left than page 2
    showed, and their lines were taken for running text that ends the table."""
    from conftest import FIXTURES
    from pipeline.pdf.documents import read_document
    grades = steps.extract_document(read_document(
        FIXTURES / "flush_right_rows_on_a_facing_page_libreoffice.pdf"))["grades"]
    assert grades.groupby("page")["force_id"].nunique().to_dict() == {2: 3, 3: 18, 4: 4}
    assert (grades.groupby("force_id").size() == 12).all()
    assert grades["status"].notna().all()
    derbyshire = grades[grades["force_printed"] == "Derbyshire Constabulary"].set_index("area_id")["grade_printed"]
    assert derbyshire["tackling_workforce_corruption"] == "Not inspected"


def test_lines_of_a_right_aligned_header_cell_that_start_together_by_chance_are_one_cell():
    """LibreOffice's 2023-25 grades matrix, landscape, headers set flush right (pages 1-2 of a
    held-out printing: `right_aligned_header_lines_meeting_by_chance_libreoffice.pdf`). The header
    cell 'Responding to the / public' has its second line start 0.2 pt from where 'to' starts on the
    first: taken for two cells starting together, it parted the header into 'Responding' and 'to the
    public', neither an area, at a gap one word space wide. Its lines also end together, as a
    right-aligned cell's do: they are one cell."""
    from conftest import FIXTURES
    from pipeline.pdf.documents import read_document
    grades = steps.extract_document(read_document(
        FIXTURES / "right_aligned_header_lines_meeting_by_chance_libreoffice.pdf"))["grades"]
    assert grades["area_id"].notna().all()
    assert "Responding to the public" in set(grades["area_printed"])
    assert (grades.groupby("force_id").size() == 11).all() and grades["force_id"].nunique() == 21


def test_a_table_ends_where_its_frame_closes_though_rows_like_lines_follow_close_below(tmp_path):
    """A boxed table, and three font sizes under it a line whose two parts fall into its columns
    with a gutter between them ('Source:' / 'HMICFRS'): too close to end the table by the gap alone
    (four sizes), yet its frame's vertical rules stop above that line. The table ends there."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle
    from pipeline.pdf import documents

    pdf = tmp_path / "boxed.pdf"
    widths = [160, 120]
    boxed = Table([["Area", "Grade"], ["Investigating crime", "Good"], ["Responding to the public", "Adequate"]],
                  colWidths=widths, style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                                      ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"),
                                                      ("FONTSIZE", (0, 0), (-1, -1), 10)]))
    note = Table([["Source:", "HMICFRS"]], colWidths=widths, style=TableStyle([("FONTSIZE", (0, 0), (-1, -1), 10)]))
    SimpleDocTemplate(str(pdf), pagesize=A4).build([boxed, Spacer(1, 24), note])
    document = documents.read_document(pdf)
    page_lines = summarise_lines(assign_lines(document.words))
    boxed_read = next(table for table in tables.read_pdf(pdf) if table.df.iloc[0].tolist() == ["Area", "Grade"])
    assert boxed_read.df.values.tolist() == [["Area", "Grade"], ["Investigating crime", "Good"],
                                             ["Responding to the public", "Adequate"]]
    note_line = page_lines.loc[page_lines["text"] == "Source: HMICFRS"].iloc[0]
    last_row = page_lines.loc[page_lines["text"].str.startswith("Responding")].iloc[0]
    assert 2 < (note_line["top"] - last_row["bottom"]) / 10 < 4, "the gap alone would not end the table"


def test_a_header_copy_cut_short_at_the_page_edge_is_the_same_header():
    """h47-libreoffice-e11212-c23-a2a5-1: page 3's copy of the header keeps 'Disrup / ser / organ / c'
    of 'Disrupting serious organised crime' (each line cut where the page ends); it heads the same
    table and reads as page 2 prints it. A label that is not the start of the other, word by word,
    is another header."""
    from pipeline.tables.repeated_headers import cut_short, same_header, whole_headers
    whole = ("Constabulary Name", "Vetting and counter corruption", "Disrupting serious organised crime")
    cut = ("Constabulary  Name", "Vetting and counter corruption", "Disrup ser organ c")
    assert cut_short("Disrup ser organ c", "Disrupting serious organised crime")
    assert cut_short("Str pla organisa manage and va money",
                     "Strategic planning, organisational management and value for money")
    assert not cut_short("Disrupting serious organised crime", "Disrupting serious organised crime")
    assert not cut_short("Serious organised crime", "Disrupting serious organised crime")
    assert same_header(whole, cut) and same_header(cut, whole)
    assert not same_header(whole, cut[:2] + ("Tackling workforce corruption",))
    assert whole_headers([whole, cut, ("A", "B")], [1, 1, 2]) == [whole, cut[:2] + (whole[2],), ("A", "B")]
    assert whole_headers([cut, cut], [1, 1]) == [cut, cut]


def test_a_stacked_kind_s_entries_are_its_cells_paragraphs_and_lines_opening_in_a_capital():
    """A generated report's judgments (`realistic_reports/peel-2023-25-city-of-london.pdf`), set
    solid: the general reader prints the first column's last cell as one paragraph of three areas
    ('Managing offenders and / suspects / Leadership and force / management / Recording data about
    crime'). The report kind stacks entries in its cells: a line opening in a capital where a
    wrapped line would carry on in lower case opens the next, each a row of its own with the box
    of its own lines."""
    from conftest import FIXTURES
    from pipeline.pdf.documents import read_document
    document = read_document(FIXTURES / "realistic_reports" / "peel-2023-25-city-of-london.pdf")
    kind = steps.document_kind(document)
    _, parts = steps.tables_of_kind(document, kind)
    located = steps.locate_document(document, kind, parts)
    (part,) = [part for part in parts if part.kind.stacked]
    cells = part_cells(part, 0, located.words[located.words["page"] == part.page])
    first = cells[(cells["col"] == 0) & ~cells["header"]].sort_values("row")
    assert first["text"].tolist() == ["Preventing crime and antisocial behaviour", "Managing offenders and suspects",
                                      "Leadership and force management", "Recording data about crime"]
    assert first["lines"].tolist() == [2, 2, 2, 1] and first["top"].is_monotonic_increasing
    assert first["row"].nunique() == 4


def test_a_row_read_apart_right_under_a_known_table_is_published_not_lost():
    """A table of one row holds no data by itself (`tables.holds_data`: a title set wide looks so),
    yet right under a table of a known kind it is the rows that table was read short of: a zebra
    matrix's unshaded last row read apart (as h100-6's was, a cell filled to its column's edge) is
    published cell by cell and named (`steps.unclaimed_tables`); a row set further off than it is
    tall is not. The zoo printing of that matrix, its lowest known table's last row moved under it."""
    from pathlib import Path
    from pipeline.pdf.documents import read_document
    from pipeline.tables import Table
    printings = Path(__file__).resolve().parent / "zoo" / "printings"
    document = read_document(
        printings / "chromium-e10022-c21-a3-dejavu-zebra-last-row-unshaded-a-cell-filled-to-its-edge-gs.pdf")
    pages, parts = steps.tables_of_kind(document, steps.document_kind(document))
    part = max(parts, key=lambda part: (part.page, part.source.bbox[3]))
    known = part.source
    last = known.cells[known.cells["row"] == known.cells["row"].max()]
    height = float(last["bottom"].max() - last["top"].min())

    def row_apart(gap: float, order: int) -> Table:
        top = known.bbox[3] + gap
        table = Table(page=part.page, bbox=(known.bbox[0], top, known.bbox[2], top + height),
                      cells=last.assign(row=0, top=top, bottom=top + height))
        table.order = order
        return table

    read = [(page, [*found, row_apart(3.0, 98), row_apart(2 * height, 99)] if page == part.page else found)
            for page, found in pages]
    published = steps.unclaimed_tables(read, parts)
    on_page = published[published["page"] == part.page]
    assert len(on_page[on_page["table"] == 98]) == len(last) and not (on_page["table"] == 99).any()
    assert steps.unclaimed_tables(pages, parts).empty


def test_rows_between_a_table_read_short_and_its_closing_rule_count_for_coverage():
    """A booktabs table's bottom rule spans it as its top rule does: the rows between its last row
    read and that rule are the table's, read or not (`coverage.down_to_closing_rules`). The version
    history of a zoo printing (Chromium, booktabs, rows centred, printed again via PostScript; its
    second row was once lost with no finding) read short of its last row: that row's words are still
    among the words printed inside the table, so coverage reports what did not reach a row."""
    from pathlib import Path
    from pipeline.pdf.documents import read_document
    printings = Path(__file__).resolve().parent / "zoo" / "printings"
    document = read_document(printings / ("chromium-v16-c23-a3-urw-serif-booktabs-centred-rows-a-wordy-cell-word-"
                                          "starting-under-a-centred-header-postscript.pdf"))
    kind = steps.document_kind(document)
    parts = steps.tables_of_kind(document, kind)[1]
    located = steps.locate_document(document, kind, parts)
    cells, part_info, _, _ = steps.extract_cells(located, parts)
    versions = cells[cells["table"].isin(part_info.loc[part_info["kind"] == "version_history", "table"])]
    last = versions[versions["row"] == versions["row"].max()]
    short = cells.drop(index=last.index)
    printed = set(steps.region_words(located, short, part_info, document.rulings)["text"])
    unruled = set(steps.region_words(located, short, part_info, document.rulings.iloc[0:0])["text"])
    last_words = set(" ".join(last["text"]).split())
    assert last_words <= printed and not last_words <= unruled


def test_a_box_reaches_down_to_its_closing_rule_but_not_into_the_next_part():
    """A zebra table's fills span it as its top does, and the first under a part on a page may lie
    under the next part (a header row left at the page's foot, read apart): the part's box stops at
    that part's top, so no word is counted in two boxes; with no part between, it reaches the rule."""
    from pipeline import coverage
    boxes = pd.DataFrame({"page": [3, 3], "x0": [37.5, 37.5], "x1": [573.6, 557.6],
                          "top": [281.4, 725.4], "bottom": [722.5, 755.5]})
    rules = pd.DataFrame({"top": [270.0, 734.0], "x0": [36.0, 36.0], "x1": [575.0, 575.0]})
    no_headings = pd.DataFrame({"page": pd.Series(dtype=int), "top": pd.Series(dtype=float)})
    reached = coverage.down_to_closing_rules(boxes, {3: rules}, no_headings)
    assert reached["bottom"].tolist() == [725.4, 755.5]
    alone = coverage.down_to_closing_rules(boxes.iloc[:1], {3: rules}, no_headings)
    assert alone["bottom"].tolist() == [734.0]
