"""Whether what a region reads as cells is a table: enough rows and columns filled (not a chart's
scattered labels or a line of prose), data rather than a contents list, and without a caption or
a note printed inside its frame as a first or last row."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.tables.regions import inside
from pipeline.tables.settings import DEFAULT, TableSettings


def plausible(cells: pd.DataFrame, ruled: bool, settings: TableSettings = DEFAULT) -> bool:
    """Two rows and two columns at least; a table found by its text alone must also fill enough of
    its grid and have most columns filled in more than one row (a chart's scattered labels, a
    justified line of prose under a heading do not). (Once its columns are joined, most of its
    rows must have two cells or more: see `page_tables`.)"""
    if cells.empty or cells["row"].max() < 1 or cells["col"].max() < 1:
        return False
    if ruled:
        return True
    rows, cols = cells["row"].max() + 1, cells["col"].nunique()
    per_column = cells.groupby("col").size()
    return (len(cells) >= settings.min_fill_share * rows * cols
            and (per_column >= 2).sum() >= settings.min_full_columns_share * cols)


def holds_data(cells: pd.DataFrame, settings: TableSettings = DEFAULT) -> bool:
    """Whether a table holds data rather than a contents list (titles with leader dots, page numbers)
    or a title set wide (two lines parted into 'columns'): a header row and two rows under it at least,
    and two columns or more of words or figures in two rows or more."""
    worded = cells[cells["text"].str.contains(r"[^\W_]", regex=True)]
    columns = worded.groupby("col")["row"].nunique()
    leaders = cells["text"].str.fullmatch(r"[\s.\u00b7\u2026]+")
    return (cells["row"].nunique() >= settings.data_rows and int((columns >= 2).sum()) >= settings.data_columns
            and leaders.mean() < settings.leader_share)


def without_notes(cells: pd.DataFrame, words: pd.DataFrame, settings: TableSettings = DEFAULT,
                  carries_on: bool = False) -> pd.DataFrame:
    """The cells without a first or last row that is one cell of many words in the first column,
    set in another size than the rows between them or reaching further right than any cell of the
    column between them: a caption or a note ('Source: ...') inside the table's frame (one in a
    later column is the end of a cell the page broke; one of the rows' size the column's width
    holds is its last entry, in a column stacking entries of its own). Not the first row of a table
    that `carries_on` the table of the page before: that is the end of a row the page broke.
    `words`: the table's words, with their sizes."""
    while not cells.empty:
        first, last = cells["row"].min(), cells["row"].max()
        if first == last:
            break
        rows, cols, texts = cells["row"].to_numpy(), cells["col"].to_numpy(), cells["text"].to_numpy()
        right = cells["x1"].to_numpy(float)
        alone = {row: np.flatnonzero(rows == row) for row in ((last,) if carries_on else (first, last))}
        between = (rows != first) & (rows != last)
        candidates = [row for row, at in alone.items() if len(at) == 1 and cols[at[0]] == cols.min()
                      and len(texts[at[0]].split()) >= settings.caption_words]
        body_size = text_size(words, cells[between]) if candidates else float("nan")
        drop = [row for row in candidates
                if abs(text_size(words, cells.iloc[alone[row]]) - body_size) >= settings.size_change_pt
                or right[alone[row][0]] > right[between & (cols == cols[alone[row][0]])].max(initial=-np.inf)
                + settings.bridge_snap_pt]
        if not drop:
            break
        cells = cells[~cells["row"].isin(drop)]
    rows = {row: k for k, row in enumerate(sorted(cells["row"].unique()))}
    cols = {col: k for k, col in enumerate(sorted(cells["col"].unique()))}
    return cells.assign(row=cells["row"].map(rows), col=cells["col"].map(cols)).reset_index(drop=True)


def text_size(words: pd.DataFrame, cells: pd.DataFrame) -> float:
    """The median size of the words printed inside `cells`' boxes (NaN where none is)."""
    held = np.zeros(len(words), dtype=bool)
    for box in zip(cells["x0"], cells["top"], cells["x1"], cells["bottom"]):
        held |= inside(words, box)
    return float(np.median(words["size"].to_numpy(float)[held])) if held.any() else float("nan")
