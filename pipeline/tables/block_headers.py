"""The header of a text block (`blocks.py`): where its cells start, how many of its first lines are
its header (a row of short cells and the lines that go on with them), the header lines and a
first row's lines set above the block's first row of cells, and whether a line's pieces each
fall under one header cell."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.tables.segments import LineSegments, shared_lefts
from pipeline.tables.settings import TableSettings


def block_columns(block: list[int], by_line: dict[int, LineSegments], settings: TableSettings) -> np.ndarray:
    """Where two or more of the block's cells start exactly, but for its first column."""
    columns = shared_lefts(np.concatenate([cell_lefts(by_line[line]) for line in block]), settings.exact_start_pt, 2)
    return columns[columns > min(float(by_line[line].x0.min()) for line in block) + settings.bridge_snap_pt]


def first_row_lines_above(block: list[int], lines: pd.DataFrame, by_line: dict[int, LineSegments], order: list[int],
                          position: dict[int, int], settings: TableSettings) -> tuple[list[int], list[int]]:
    """The block with the lines right above it that open its first row, and their segments taken
    for running text: where a row's cells are centred in its height, its tallest cells' first
    lines lie above the row's label (a page's first row, no header above it). Each piece starts
    exactly where two of the block's cells start, but not in the first column (a title or a
    paragraph over the table starts there), each line set as close over the one under it as a
    cell's lines are (`leading_max`)."""
    columns = block_columns(block, by_line, settings)
    taken: list[int] = []
    while len(columns) and position[block[0]] > 0:
        above = order[position[block[0]] - 1]
        pieces = by_line[above]
        if lines.at[block[0], "top"] - lines.at[above, "bottom"] > settings.leading_max * lines.at[block[0], "size"]:
            break
        if not (np.abs(pieces.x0[:, None] - columns[None, :]).min(axis=1) <= settings.exact_start_pt).all():
            break
        block = [above, *block]
        taken.extend(pieces.segment[pieces.prose].tolist())
    return block, taken


def header_lines_above(block: list[int], lines: pd.DataFrame, by_line: dict[int, LineSegments], order: list[int],
                       position: dict[int, int], settings: TableSettings) -> list[int]:
    """The block with the one-piece lines right above it (within a font size) that belong to its
    header's cells: the top lines of a tall header whose cells are set flush right, the piece ending
    where a piece of the line under it ends, or centred, the piece centred on one, or flush left or
    centred, the piece starting exactly where two of the block's cells start, but not in the first
    column (a title over the table starts there); or lying between the first line's lines (closer
    than a line's height: a header cell centred on the row's height)."""
    columns = block_columns(block, by_line, settings)
    while position[block[0]] > 0:
        above, first = order[position[block[0]] - 1], by_line[block[0]]
        piece = by_line[above]
        if len(piece) != 1 or bool(piece.prose[0]):
            break
        if lines.at[block[0], "top"] - lines.at[above, "bottom"] > lines.at[block[0], "size"]:
            break
        x0, x1 = float(piece.x0[0]), float(piece.x1[0])
        ends = np.abs(first.x1 - x1).min() <= settings.exact_start_pt
        centred = np.abs((first.x0 + first.x1) / 2 - (x0 + x1) / 2).min() <= settings.exact_start_pt
        between = lines.at[block[0], "top"] - lines.at[above, "top"] < lines.at[block[0], "size"]
        if not (ends or centred or between or (np.abs(columns - x0) <= settings.exact_start_pt).any()):
            break
        block = [above, *block]
    return block


def block_starts(block: list[tuple[int, bool, bool]], by_line: dict[int, LineSegments],
                 lefts: dict[int, np.ndarray], settings: TableSettings) -> tuple[np.ndarray, np.ndarray]:
    """(where the block's cells start, where those of its lines under its header start where its
    first line is a row of short cells, a header's, and the lines of one piece right under its
    cells (`header_length`) are that header's too; the header printed again lower down is no line
    under it)."""
    starts = shared_lefts(block_lefts(block, lefts), settings.bridge_snap_pt, 1)
    first = by_line[block[0][0]]
    if len(block) < 2 or (first.words >= settings.wordy_words).any():
        return starts, starts
    below = [entry for entry in block[header_length(block, by_line, settings):]
             if by_line[entry[0]].text != first.text] or block[1:]
    return starts, shared_lefts(block_lefts(below, lefts), settings.bridge_snap_pt, 1)


def cell_lefts(pieces: LineSegments) -> np.ndarray:
    """The left edges of a line's cell-like segments (not running text)."""
    return pieces.x0[~pieces.prose]


def block_lefts(block: list[tuple[int, bool, bool]], lefts: dict[int, np.ndarray]) -> np.ndarray:
    """The left edges of the cell-like segments of a block's lines (`lefts`: each line's, as
    `bridges.cell_starts` takes them; asked again as each line joins a block)."""
    return np.concatenate([lefts[member] for member, *_ in block])


def header_length(block: list[tuple[int, bool, bool]], by_line: dict[int, LineSegments],
                  settings: TableSettings) -> int:
    """How many of a block's lines are its first line, a row of cells, and the lines right under
    it that go on with its cells: of one piece, each under one of its cells (a header whose cells
    wrap: 'Version' over 'Number') or beside them all, closer to the line above than a line's height
    (a cell of two lines centred beside cells of one: 'Version' above the row's line, 'Number'
    below); or of several set as a header set flush right or centred sets them (`header_cells_go_on`)."""
    first = by_line[block[0][0]]
    for length, (member, *_) in enumerate(block[1:], start=1):
        piece = by_line[member]
        if len(piece) > 1 and header_cells_go_on(first, piece, settings):
            continue
        if len(piece) != 1 or int(piece.words[0]) >= settings.wordy_words:
            return length
        x0, x1 = float(piece.x0[0]), float(piece.x1[0])
        under = int(((first.x0 < x1) & (first.x1 > x0)).sum())
        above = float(by_line[block[length - 1][0]].top.min())
        interleaved = float(piece.top[0]) - above < float(piece.size[0])
        if under != 1 and not (under == 0 and interleaved):
            return length
    return len(block)


def header_cells_go_on(first: LineSegments, pieces: LineSegments, settings: TableSettings) -> bool:
    """Whether a line of short pieces goes on with the cells of a header set flush right or centred
    (`first`, its first line: 'Version' over 'Number', 'Date' over 'Published'): each piece under
    a cell of its own, ending where that cell ends or centred on it, and none starting where it
    starts (a row of cells set flush left under a header starts there)."""
    if (pieces.words >= settings.wordy_words).any():
        return False
    cells = []
    for x0, x1 in zip(pieces.x0.tolist(), pieces.x1.tolist()):
        over = np.flatnonzero((first.x0 < x1) & (first.x1 > x0))
        if len(over) != 1:
            return False
        start, end = float(first.x0[over[0]]), float(first.x1[over[0]])
        exact = settings.exact_start_pt
        if abs(start - x0) <= exact or not (abs(end - x1) <= exact or abs((start + end) / 2 - (x0 + x1) / 2) <= exact):
            return False
        cells.append(int(over[0]))
    return len(set(cells)) == len(cells)


def under_one_each(header: list[LineSegments], pieces: LineSegments, settings: TableSettings) -> bool:
    """Whether a line's pieces each fall under one cell of a header of short cells above (its lines'
    pieces, those over one another one cell; its cells centred or set flush right over cells set
    flush left): taken left to right, each under a header cell right of the last one's, reaching
    past neither header cell beside it."""
    if not len(pieces) or any((line.words >= settings.wordy_words).any() for line in header):
        return False
    x0s, x1s = (np.concatenate([getattr(line, edge) for line in header]).astype(float) for edge in ("x0", "x1"))
    order = np.argsort(x0s, kind="stable")
    x0s, x1s = x0s[order], x1s[order]
    opens = np.flatnonzero(np.r_[True, x0s[1:] >= np.maximum.accumulate(x1s)[:-1]])
    if len(opens) < 2:
        return False
    hx0, hx1 = x0s[opens], np.maximum.reduceat(x1s, opens)
    column = -1
    for x0, x1 in sorted(zip(pieces.x0.tolist(), pieces.x1.tolist())):
        fits = [k for k in range(column + 1, len(hx0))
                if (k == 0 or x0 >= hx1[k - 1]) and (k + 1 == len(hx0) or x1 <= hx0[k + 1])]
        if not fits:
            return False
        column = fits[0]
    return True
