"""Words a narrow column broke at its edge with no hyphen are read whole, and only where the
document vouches for the whole word (`pipeline.tables.broken_words`)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.coverage import text_coverage
from pipeline.pdf.documents import read_document
from pipeline.steps import extract_document
from pipeline.tables.broken_words import broken_word_pairs, known_words, mend_broken_words

PRINTING = Path(__file__).resolve().parent / "zoo" / "printings" / "chromium-q7878-c23-m25-a3-narrow-broken-words.pdf"


def cell_words(lines: list[list[tuple[str, float, float]]]) -> pd.DataFrame:
    """One cell's words, line by line, each word as (text, x0, x1)."""
    return pd.DataFrame([{"row": 0, "col": 0, "line": k, "top": 10.0 * k, "bottom": 10.0 * k + 8, "text": text,
                          "x0": x0, "x1": x1}
                         for k, line in enumerate(lines) for text, x0, x1 in line])


def test_a_word_run_to_the_edge_is_joined_to_the_next_line_only_where_the_document_knows_it() -> None:
    words = cell_words([[("Respondin", 0.0, 36.0)], [("g", 0.0, 4.0), ("to", 6.0, 12.0)], [("supporting", 0.0, 37.0)],
                        [("and", 0.0, 12.0)], [("crime", 0.0, 18.0)], [("and", 0.0, 12.0)]])
    pairs = broken_word_pairs(words, {0: 38.0})
    candidates = [(words.at[stem, "text"], words.at[piece, "text"]) for stem, piece in pairs]
    assert candidates == [("Respondin", "g"), ("supporting", "and")]  # 'crime' ends far from the edge
    known = known_words(list(words["text"]) + ["Responding", "supporting", "supporting", "and"], candidates)
    assert "respondin" not in known and "supporting" in known  # printed twice elsewhere, once as a piece
    assert "respondin" not in known_words(list(words["text"]) * 2 + ["Respondin"], candidates * 2)  # as a piece
    #   more often than not: a broken piece whose other breaks no candidate caught
    mended, count = mend_broken_words(words, pairs, known)
    assert count == 1
    assert mended["text"].tolist() == ["Responding", "to", "supporting", "and", "crime", "and"]
    assert mended.iloc[0][["x0", "x1", "top", "bottom"]].tolist() == [0.0, 36.0, 0.0, 18.0]  # takes in 'g'


def test_a_printing_with_words_broken_in_its_narrow_columns_reads_them_whole() -> None:
    grades = extract_document(read_document(PRINTING))["grades"]
    areas = set(grades["area_printed"])
    assert {"Responding to the public", "Leadership and Force management", "Investigating crime",
            "Police powers and treating the public fairly and respectfully"} <= areas
    assert "Preventing and deterring crime and antisocial behaviour, and reducing vulnerability" in areas
    assert grades["area_id"].notna().all() and grades["force_id"].notna().all()


def test_coverage_counts_the_pieces_of_a_mended_word_as_held() -> None:
    region = pd.DataFrame({"table": "grades", "page": 2, "text": ["Requires", "Improveme", "nt", "Lost", "nt"]})
    found = text_coverage(region, {"grades": ["Requires Improvement"]}).iloc[0]
    assert found["lost_text"] == "Lost nt"  # one 'nt' is the end of 'Improvement'; the other, and 'Lost', no row holds
    assert found["covered_chars"] == len("RequiresImproveme") + 2
