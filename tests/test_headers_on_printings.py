"""The general table reader (`pipeline.tables`) on the committed printings: header cells over their
columns, however they are set (flush right over cells set flush left, all but meeting, a hair more
than a word space apart). Where other columns part: `test_columns_on_printings.py`."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.tables import read_pdf

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("pdf", ["libreoffice-e6565-c23-a4-landscape-centred-headers-all-but-meet",
                                 "reportlab-v16-c23-a4-narrow-matrix-rows-set-solid"])
def test_header_cells_that_all_but_meet_part_where_their_words_reach_into_a_gutter(pdf: str):
    """Two zoo printings (LibreOffice and reportlab, landscape grades matrices) whose header cells,
    centred in narrow columns, all but meet: 'Preventing and' and 'Responding to', 'Leadership and
    Force' and 'Recording data about' are each one piece of words a little more than a word space
    apart, and the body's gutter between them lies inside a word, so neither parted them. Cut
    inside the gutter where each part then lies in one column centred, or starting or ending, as a
    piece over or under it is (a header spanning columns is not), each header cell is whole."""
    header = next(t for t in read_pdf(ROOT / "tests" / "zoo" / "printings" / f"{pdf}.pdf") if t.page == 2).df.iloc[0]
    assert header.tolist()[2:4] == [
        "Preventing and deterring crime and antisocial behaviour, and reducing vulnerability", "Responding to the public"]
    assert header.tolist()[8:10] == ["Leadership and Force management", "Recording data about crime"]


def test_header_cells_set_flush_right_part_where_they_end_as_the_lines_above_end():
    """A zoo printing (reportlab, a landscape grades matrix, its header cells set flush right in
    columns set tight): 'respectfully' ends its column 2 pt before 'and reducing' opens the next,
    'Responding' 4.7 pt before 'Investigating', each line one piece. Each part ends where the lines
    above it in its column end ('the', 'to the public'), so they part there. The last column's
    header ('Disrupting / serious / organised / crime') ends where its shorter lines end, over
    cells set flush left: the white its short lines leave, crossed by its longer ones, is no
    gutter."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-s9898-both-m25-a6a8-unruled-tall-row-centred-gap.pdf"
    header = next(t for t in read_pdf(pdf) if t.page == 2).df.iloc[0].tolist()
    assert header[1:5] == ["Police powers and treating the public fairly and respectfully",
                           "Preventing and deterring crime and antisocial behaviour, and reducing vulnerability",
                           "Responding to the public", "Investigating crime"]
    assert header[-1] == "Disrupting serious organised crime" and len(header) == 12


def test_a_header_set_flush_left_over_cells_set_flush_right_is_one_column_with_them():
    """A held-out printing (LibreOffice, borderless landscape grades matrix, grades set flush right
    and centred in their rows, padding of 1 pt): 'Building, supporting and protecting the workforce'
    wraps over six lines set flush left, its short lines 'and' and 'the' ending left of where the
    column's short grades ('Adequate') start. The white between, crossed only by the header's longer
    lines and two wrapped 'Requires improvement', looked like a gutter: the column was read as two,
    'Requires' and 'improvement' in different cells. What lies left of that white never lies beside
    what lies right of it: one column."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "libreoffice-v16-both-a4-serif-right-grades-centred-norepeat-cairo.pdf"
    matrix = next(t for t in read_pdf(pdf) if t.page == 6).df
    assert matrix.shape[1] == 13
    column = matrix.iloc[:, 10].tolist()
    assert column[0] == "Building, supporting and protecting the workforce"
    assert column[6] == "Requires improvement" and set(column[1:]) <= {"Good", "Adequate", "Requires improvement",
                                                                      "Inadequate", "Outstanding", "Ungraded"}


def test_a_short_table_s_headers_set_flush_right_over_cells_set_flush_left_head_their_columns():
    """A held-out printing (reportlab, URW Nimbus Sans Narrow, booktabs rules, headers set flush
    right): the version history has two rows, 'V1.5' and 'V1.6' set flush left under 'Version
    Number' set flush right, with white between them on every line. That white parted a column
    of two cells from one of only a header; it is the white inside one column."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-e6411-both-m25-a5a8-narrow-booktabs-right-headers-over-short-cells.pdf"
    history = read_pdf(pdf)[0]
    assert history.header == ("version number", "date published", "updates")
    assert history.df.iloc[1:, 0].tolist() == ["V1.5", "V1.6"]
    assert history.df.iloc[1:, 1].tolist() == ["February 2025", "July 2025"]


def test_a_two_row_table_s_header_cells_a_hair_more_than_a_word_space_apart_are_parted():
    """A held-out printing (reportlab to PostScript and back, 1 pt of padding): the version history's
    'Version Number' ends 3.4 pt before 'Date Published', 1.3 word spaces, and 'Date' starts exactly
    where 'February 2025' and 'July 2025' start, two rows, one short of the three starts a column
    needs. The header cell is one of the starts: the line is parted there."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-e6511-both-a8-dejavu-rules-between-rows-two-row-table-header-a-hair-apart-postscript.pdf"
    history = read_pdf(pdf)[0]
    assert history.header == ("version number", "date published", "updates")
    assert history.df.iloc[1:, 1].tolist() == ["February 2025", "July 2025"]


def test_a_row_of_running_text_under_a_header_alone_is_read_whole_under_centred_header_cells():
    """A held-out printing (reportlab, URW Nimbus Sans Narrow, booktabs rules, headers centred): the
    version history's header stands alone over its first row, whose updates run on as sentences;
    'Somerset' in them starts exactly where the centred 'Updates' starts, and cut there the row had
    four pieces under three header cells: no row, no table. Read whole, each piece lies under one
    header cell."""
    pdf = ROOT / "tests" / "zoo" / "printings" / "reportlab-e6811-c23-a3a8-narrow-booktabs-centred-headers-over-running-text.pdf"
    history = read_pdf(pdf)[0]
    assert history.header == ("version number", "date published", "updates")
    assert history.df.iloc[1:, 0].tolist() == ["V1.5", "V1.6"]


def test_a_header_set_flush_right_over_two_lines_heads_a_version_history_of_running_text():
    """A held-out printing's first page (LibreOffice, Liberation Mono at 10 pt, headers set flush
    right, `versions_header_flush_right_mono_libreoffice.pdf`): 'Version' / 'Number' and 'Date' /
    'Published' over two lines, the Updates cells wordy enough to read as running text. The header's
    second line was taken for the first row and only the header was read as the table."""
    import csv

    with open(ROOT / "tests" / "zoo" / "expected" / "v16-c21-a1a3" / "version_history.csv", newline="") as f:
        versions = [list(row.values()) for row in csv.DictReader(f)]
    pdf = ROOT / "tests" / "fixtures" / "versions_header_flush_right_mono_libreoffice.pdf"
    table = next(t for t in read_pdf(pdf) if t.page == 1)
    assert table.df.values.tolist() == [["Version Number", "Date Published", "Updates"], *versions]
