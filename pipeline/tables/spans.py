"""Spanning cells: how many columns and rows each cell of a region covers. A cell's edges are
the column separators parting it from its neighbours on its line (a vertical rule missing beside
it, or a gutter its text runs across, joins columns), and, in a table ruled row by row, the rules
that run over it above and below (`bands.band_rows`): a label set beside two rows spans both."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.tables.model import CELL_COLUMNS

RAW_CELL_COLUMNS = ["row", "col", "text", "x0", "x1", "top", "bottom", "left_edge", "right_edge", "last_row"]
EDGE_SLACK_PT = 2.0  # a word reaching this little past a separator still ends its cell before it


def piece_frame(separators: list[float], x0: float, x1: float) -> tuple[float, float]:
    """The edges of the cell a piece of a line (x0 to x1) lies in, among the separators that part
    cells on its line: the last at or left of its start, the first right of its end."""
    left = [s for s in separators if s <= x0]
    right = [s for s in separators if s > x1 - EDGE_SLACK_PT]
    return (left[-1] if left else float("-inf"), right[0] if right else float("inf"))


def with_spans(cells: pd.DataFrame, separators: list[float]) -> pd.DataFrame:
    """`row_span` and `col_span` of each cell (RAW_CELL_COLUMNS, columns as joined by
    `merge_disjoint_columns`): the column boundaries left between its edges, and its last row."""
    remaining = sorted(cells["col"].unique())
    bounds = np.array([separators[col - 1] for col in remaining[1:]], dtype=float)
    left, right = cells["left_edge"].to_numpy(float), cells["right_edge"].to_numpy(float)
    inside = (bounds[None, :] > left[:, None]) & (bounds[None, :] < right[:, None])
    return cells.assign(row_span=(cells["last_row"] - cells["row"] + 1).astype(int),
                        col_span=1 + inside.sum(axis=1))[CELL_COLUMNS]
