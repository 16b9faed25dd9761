"""Where a table's body ends: running text over its column starts, told from a row whose gutter was
too narrow to part two cells' words, on frames measured from a held-out printing (Chromium, 9 pt
Liberation Sans Narrow, 1 pt cell padding; the whole printing is read in test_zoo.py)."""
from __future__ import annotations

import pandas as pd

from pipeline.tables import DEFAULT_GRID
from pipeline.tables.body_lines import lines_crossing_gutters

STARTS = [27.24, 111.89, 211.92, 411.99]  # Force (grading) | Objective | Detail | Outcome


def words(rows: list[tuple[int, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["line", "text", "x0", "x1"]).assign(size=9.0)


ROWS = [  # a row whose cells open at every column start, then the fused one
    (96, "Northamptonshire", 27.25, 85.9), (96, "Police", 87.95, 108.05), (96, "To", 111.89, 119.69),
    (96, "improve", 121.74, 147.99), (96, "file", 150.04, 159.47), (96, "completion", 161.52, 197.21),
    (96, "The", 211.92, 224.64), (96, "Force", 226.69, 245.56), (96, "restructure", 247.61, 282.88),
    (96, "and", 384.2, 396.51), (96, "The", 412.0, 424.71), (96, "Force", 426.76, 445.63),
    (110, "(Requires", 27.25, 59.23), (110, "improvement)", 61.28, 106.4), (110, "and", 111.89, 124.2),
    (110, "submission", 126.25, 163.17), (110, "provides", 211.92, 239.82), (110, "drop", 241.87, 256.64),
    (110, "to", 363.72, 369.88), (110, "with", 412.0, 425.12), (110, "84.4%", 427.17, 448.09),
    (123, "investigators.", 211.92, 255.41), (123, "and", 412.0, 424.31), (123, "being", 426.36, 444.41),
    (263, "Surrey", 27.24, 48.44), (263, "Police", 51.03, 71.13), (263, "(Adequate)To", 73.18, 119.68),
    (263, "support", 121.73, 146.35), (263, "the", 148.40, 158.66), (263, "thorough", 160.71, 189.85),
    (263, "Surrey", 211.92, 233.11), (263, "Police", 235.71, 255.81), (263, "has", 257.86, 269.76),
    (263, "introduced", 271.81, 306.27), (263, "each", 384.21, 400.21), (263, "of", 402.26, 408.42),
    (263, "The", 411.99, 424.71), (263, "dedicated", 426.76, 458.77),
]


def test_a_row_that_opens_its_other_cells_at_their_column_starts_is_not_running_text():
    """'(Adequate)To' runs over the Objective column's start (a 2 pt gutter, read as no word space),
    but the line opens the Detail and Outcome cells where other rows open them: it is a row, and
    the three rows after it stay in the table."""
    assert lines_crossing_gutters(words(ROWS), STARTS, DEFAULT_GRID) == set()


def test_a_line_of_running_text_over_the_column_starts_ends_the_table():
    paragraph = [(487, text, x0, x0 + width) for text, x0, width in (
        ("This", 27.24, 15.3), ("area", 44.6, 14.8), ("of", 61.5, 6.2), ("assessment", 69.8, 38.9),
        ("considers", 110.8, 31.2), ("the", 144.1, 10.3), ("practice", 156.5, 27.1), ("that", 185.7, 13.3),
        ("HMICFRS", 201.1, 33.8), ("identified", 237.0, 31.7), ("in", 270.8, 5.7), ("the", 278.6, 10.3),
        ("PEEL", 291.0, 18.9), ("reports", 312.0, 23.9), ("published", 338.0, 31.2), ("for", 371.3, 9.7),
        ("this", 383.1, 12.3), ("area.", 397.5, 16.4), ("Ten", 416.0, 13.3))]
    assert lines_crossing_gutters(words(ROWS + paragraph), STARTS, DEFAULT_GRID) == {487}


def test_a_line_over_a_column_start_no_other_line_opens_is_running_text():
    """Columns taken from another page's header may hold a start this page's rows never open: a line
    crossing it is read as before, whatever other starts it opens."""
    starts = STARTS[:3] + [300.0, STARTS[3]]
    assert 263 in lines_crossing_gutters(words(ROWS), starts, DEFAULT_GRID)
