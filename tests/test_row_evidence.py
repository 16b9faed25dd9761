"""Where a printing leaves in doubt which lines open a row, the reader says so in a finding
(`row_evidence`) instead of guessing silently; where the evidence is clear it says nothing."""
from __future__ import annotations

import pandas as pd

from conftest import BORDERLESS, ROOT
from pipeline import validate
from pipeline.pdf.documents import read_document
from pipeline.steps import ROW_DOUBT_COLUMNS, extract_document

SMALL_BROWSER_PRINT = ROOT / "tests" / "zoo" / "printings" / "chromium-e303-both-a5-sans-booktabs-caption-norepeat.pdf"


def test_lines_a_pixel_either_side_of_the_row_gap_are_named():
    """5.9 pt matrices printed by Chromium: line gaps of one or two pixels, row gaps of three or
    four, no rules between rows. The rows come out right (the zoo checks that), and the lines whose
    gap lies within a hair of the threshold are listed with their page, gap and threshold."""
    doubts = extract_document(read_document(SMALL_BROWSER_PRINT))["row_doubts"]
    assert len(doubts) and set(doubts["kind"]) == {"grades_matrix"}
    assert (abs(doubts["gap"] - doubts["threshold"]) < 0.4).all()
    assert "Constabulary" in doubts["text"].tolist()  # a wrapped force name's second line


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
