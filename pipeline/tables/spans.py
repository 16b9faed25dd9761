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


def joined_above(cells: pd.DataFrame, parting: np.ndarray) -> frozenset[tuple[int, int]]:
    """The empty cells (row, col) merged with the cell above them: a rule parts their row from the
    row above (`parting`: the rules that part rows, rows of top, x0, x1) across other columns but
    stops short of this one. A merged cell prints its text once, on the page it opens on: on the
    page carrying its table on, its part shows no text, only the rule missing over it."""
    if not len(parting) or cells.empty:
        return frozenset()
    row, col, span, down = (cells[name].to_numpy() for name in ("row", "col", "col_span", "row_span"))
    x0, x1, top, bottom = (cells[name].to_numpy(float) for name in ("x0", "x1", "top", "bottom"))
    columns = np.unique(col[span == 1])
    centres = np.array([(x0[(col == c) & (span == 1)].min() + x1[(col == c) & (span == 1)].max()) / 2 for c in columns])
    rows = np.unique(row)
    tops = np.array([top[row == r].min() for r in rows])
    bottoms = np.array([bottom[row == r].max() for r in rows])
    covered = {(r, c) for start, first, width, height in zip(row.tolist(), col.tolist(), span.tolist(), down.tolist())
               for r in range(start, start + height) for c in range(first, first + width)}  # printed cells
    joined = set()
    for upper, (below, lower) in zip(bottoms[:-1], zip(rows[1:].tolist(), tops[1:])):
        between = parting[(parting[:, 0] > upper - 0.5) & (parting[:, 0] < lower + 0.5)]
        if not len(between):
            continue
        for column, centre in zip(columns.tolist(), centres):
            if (below, column) not in covered and not ((between[:, 1] <= centre) & (between[:, 2] >= centre)).any():
                joined.add((int(below), int(column)))
    return frozenset(joined)
