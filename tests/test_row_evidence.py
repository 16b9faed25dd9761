"""Where a printing leaves in doubt which lines open a row, the reader says so in a finding
(`row_evidence`) instead of guessing silently; where the evidence is clear it says nothing."""
from __future__ import annotations

import numpy as np
import pandas as pd

from conftest import BORDERLESS, ROOT
from pipeline import validate
from pipeline.pdf.documents import read_document
from pipeline.steps import ROW_DOUBT_COLUMNS, extract_document
from pipeline.tables.rows import clear_break
from pipeline.tables.settings import DEFAULT

SMALL_BROWSER_PRINT = ROOT / "tests" / "zoo" / "printings" / "chromium-e303-both-a5-sans-booktabs-caption-norepeat.pdf"


def test_lines_a_pixel_either_side_of_the_row_gap_are_named():
    """5.9 pt matrices printed by Chromium: line gaps of one or two pixels, row gaps of three or
    four, no rules between rows. The rows come out right (the zoo checks that), and the lines whose
    gap lies within a hair of the threshold are listed with their page, gap and threshold."""
    doubts = extract_document(read_document(SMALL_BROWSER_PRINT))["row_doubts"]
    assert len(doubts) and set(doubts["kind"]) == {"grades_matrix"}
    assert (abs(doubts["gap"] - doubts["threshold"]) < 0.4).all()
    # the second line of a row's wrapped force name and grades, at the top of the next page
    assert "Police improvement improvement improvement" in doubts["text"].tolist()


def test_a_table_with_clear_gaps_raises_no_doubt():
    assert extract_document(read_document(BORDERLESS))["row_doubts"].empty


def test_one_finding_per_table_naming_its_doubtful_lines():
    doubts = pd.DataFrame([
        ["grades_matrix", "2021-22", "Section 2", 5, 100.0, 1.48, 1.84, "Constabulary"],
        ["grades_matrix", "2021-22", "Section 2", 6, 80.0, 2.21, 1.84, "Hertfordshire Good Good"],
        ["practices", "2021-22", "AREA ONE", 7, 90.0, 3.0, 3.2, "the rest of a sentence"],
    ], columns=ROW_DOUBT_COLUMNS).assign(source_file="a.pdf")
    findings = validate.row_evidence_findings(doubts, {"a.pdf": "compendium v1.6"})
    assert [f["check"] for f in findings] == ["row_evidence", "row_evidence"]
    assert [f["severity"] for f in findings] == ["warning", "warning"]
    assert "2 line(s)" in findings[0]["message"] and "'Constabulary' (1.48 pt)" in findings[0]["message"]
    assert findings[0]["page"] == 5 and findings[1]["table"] == "practices"
    assert findings[0]["id"] != findings[1]["id"]


def test_one_line_of_another_font_does_not_make_pixel_jitter_two_kinds_of_gap():
    """The in-cell line gaps of a practices table printed by Chromium (10 pt, line height 1.15,
    cells centred vertically, held out as h30 #15): 1.25 or 2.0 pt as the lines fall on the pixel
    grid, and one line of another font 0.93 pt under its neighbour. With that one counted, the gaps
    below the first clear break spread wider than the jitter and were parted at 1.63 pt: half the
    lines of every cell opened a row. The rows are parted at the clear break, as with it left out."""
    cell_gaps = [0.93] + [1.25] * 78 + [2.0] * 31
    row_gaps = [5.0, 5.0, 5.75, 5.75, 5.75, 11.0, 11.0, 11.75, 28.25, 34.25, 39.5, 46.25, 57.5, 68.0]
    threshold = clear_break(np.array(cell_gaps + row_gaps), 10.0, DEFAULT)
    assert 2.0 < threshold < 5.0
    assert 1.25 < clear_break(np.array([0.93, 1.25, 1.25, 2.0, 2.0, 2.0, 5.0, 6.0]), 10.0, DEFAULT) < 2.0


def test_a_gap_under_a_bold_header_between_the_line_gaps_and_the_row_gaps_does_not_bridge_them():
    """Chromium, Nimbus Sans Narrow at 10 pt, line height 1.1, cells centred vertically, borderless
    (held out as h208 #8): line gaps of 0.5 or 1.25 pt as lines fall on the pixel grid, row gaps of
    2.75 pt where the tallest cells of two rows meet, and one gap of 1.99 pt under the bold header
    printed again. That one gap left no clear break between the kinds, and the rows were parted
    inside the line gaps, at 0.88 pt: a page's rows each took the next row's first lines."""
    gaps = np.array([0.5] * 79 + [1.25] * 141 + [1.99] + [2.75] * 6 + [3.5] * 2 + [8.0, 14.0, 19.25, 30.5, 41.0])
    assert 1.99 < clear_break(gaps, 10.0, DEFAULT) < 2.75
    assert 1.25 < clear_break(np.array([0.5] * 20 + [1.25] * 30 + [2.75] * 3 + [8.0]), 10.0, DEFAULT) < 2.75


def test_two_kinds_of_gap_a_pixel_either_way_are_parted_between_the_kinds():
    """Chromium, 7 pt, line height 1.0, 1 pt padding, cells centred vertically (held out as h27 #3):
    line gaps of -0.25 or 0.5 pt and row gaps of 1.25 or 2.0 pt as lines fall on the pixel grid,
    0.75 pt apart, with no clear break between the kinds. Otsu's criterion favours groups of like
    size and parted the 104 line gaps of -0.25 pt from the 51 of 0.5 pt: every other line of a
    cell opened a row. Of the splits, only one leaves each group within the jitter."""
    gaps = np.array([-0.25] * 104 + [0.5] * 51 + [1.25] * 2 + [2.0] * 9 + [5.0, 5.75, 8.75, 12.5, 19.25, 26.0])
    assert 0.5 < clear_break(gaps, 7.0, DEFAULT) < 1.25


def test_lines_set_solid_overlapping_a_hair_more_or_less_are_one_kind_of_gap():
    """A header set solid (DejaVu Sans, line height 1.0, held out as h60 #18): its lines overlap by
    up to 0.9 pt or all but touch, and the rows under it lie 5 pt apart with rules between. The gaps
    under the clear break spread a hair wider than the jitter and were parted below zero, at
    -0.2 pt: every header line opened a row. No split below zero parts two kinds of white."""
    gaps = np.array([-0.9, -0.6, 0.15, 0.15, 0.15, 0.15, 0.15, 0.2, 5.3, 5.4, 5.4])
    assert 0.2 < clear_break(gaps, 8.0, DEFAULT) < 5.3


def test_a_fill_edge_under_the_ascent_of_a_row_s_first_line_parts_the_rows():
    """Chromium's zebra-filled practice tables sent through PostScript, 1 pt padding, rows centred
    (`zebra_rows_centred_type3_postscript.pdf`, a held-out printing): a filled row's top edge lies
    0.75 pt under the top of its tallest cell's first line, whose box the font's ascent lifts above
    its letters. Read as no rule, two rows whose gap was within a hair of the row gap were joined
    ('Avon and Somerset Constabulary (Requires Improvement) Bedfordshire Police') and 37 lines were
    named in doubt. The edge parts the rows: every row as printed, none in doubt."""
    fixture = ROOT / "tests" / "fixtures" / "zebra_rows_centred_type3_postscript.pdf"
    tables = extract_document(read_document(fixture))
    want = pd.read_csv(fixture.with_suffix(".practices.csv"), dtype=str)
    got = tables["practices"]
    assert got["force_printed"].tolist() == want["force"].tolist()
    assert got["objective"].str[:20].tolist() == want["objective"].str[:20].tolist()
    assert tables["row_doubts"].empty
