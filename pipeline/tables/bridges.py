"""Text tables whose wordy cells look like running text: a table of sentences wrapped in narrow
columns has lines where two cells or more hold five words or more, which `segments` takes for
text set in page columns, and such lines part its rows into several text blocks. Two blocks whose
cells start at the same places, every line between them starting its pieces only at those places
and running over none, are one table: the lines between are its rows, their wordy pieces cells."""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from pipeline.tables.segments import LineSegments, line_boxes, segments_by_line, shared_lefts
from pipeline.tables.settings import DEFAULT, TableSettings


def cell_starts(pieces: pd.DataFrame, settings: TableSettings, least: int = 2) -> np.ndarray:
    """Where the cells of a block start (`pieces`: its lines' segments): its cell-like segments'
    left edges, clustered `bridge_snap_pt` wide, where `least` of them or more start."""
    return shared_lefts(pieces.loc[~pieces["prose"], "x0"].to_numpy(float), settings.bridge_snap_pt, least)


def in_common(starts: np.ndarray, others: np.ndarray, snap: float) -> int:
    """How many of `starts` lie within `snap` of one of `others`."""
    return sum(1 for x in starts if len(others) and np.abs(others - x).min() <= snap)


def aligned(starts: np.ndarray, pieces: LineSegments, settings: TableSettings,
            crossed: np.ndarray | None = None, word_starts: np.ndarray | None = None) -> bool:
    """Whether every piece of a line (its segments) starts at one of the column `starts` and runs
    over none of them, or of `crossed` where given (a paragraph of running text starts at the first
    and runs over the others). A piece runs over no start that one of its words (`word_starts`, the
    line's words' left edges, where given) opens exactly: two cells whose gutter is one word space."""
    if not len(starts):
        return False
    crossed = starts if crossed is None else crossed
    x0, x1 = pieces.x0.astype(float)[:, None], pieces.x1.astype(float)[:, None]
    snap = settings.bridge_snap_pt
    at_start = (np.abs(x0 - starts[None, :]) <= snap).any(axis=1)
    over = (x0 + snap < crossed[None, :]) & (x1 - snap > crossed[None, :])
    if word_starts is not None:
        over &= ~(np.abs(word_starts[:, None] - crossed[None, :]) <= settings.exact_start_pt).any(axis=0)
    return bool((at_start & ~over.any(axis=1)).all())


def bridged_blocks(blocks: list[list[int]], segments: pd.DataFrame, words: pd.DataFrame,
                   settings: TableSettings = DEFAULT) -> tuple[list[list[int]], set[int]]:
    """Blocks (`text_blocks`, lists of line ids top to bottom) with neighbours joined where they
    start their cells at the same places (two at least in common), every line between them starts
    its pieces only there (`aligned`; a word of the line opening a cell exactly at one of them parts
    the piece it lies in: `words`, the page's words with line ids), and no gap along the way is
    wider than a table's (`block_gap`; `alike_block_gap` between blocks that start their cells alike,
    all their starts but one in common: rows set far apart, a small font in cells of wide padding);
    and the segments of the lines between, to be read as cells.
    A line a block passed over (running text beside it, as it seemed: two wordy pieces) is one of
    its rows too where it starts its pieces only where the joined blocks start their cells: a
    row's sentences wrapped beside its label and centred in its height."""
    if len(blocks) < 2:
        return blocks, set()
    lines = line_boxes(segments)
    order = lines.sort_values("top").index.tolist()
    position = {line: index for index, line in enumerate(order)}
    by_line = segments_by_line(segments)
    word_starts = {line: group.to_numpy(float) for line, group in words.groupby("line")["x0"]}

    def close(above: int, below: int, gap: float = settings.block_gap) -> bool:
        return lines.at[below, "top"] - lines.at[above, "bottom"] <= gap * lines.at[below, "size"]

    joined: list[tuple[list[int], np.ndarray, np.ndarray, bool]] = []  # (lines, cell starts where two cells
    #                                                   start or more, where one does, joined from several)
    adopted: set[int] = set()
    for block in blocks:
        mine = segments[segments["line"].isin(block)]
        starts, every = cell_starts(mine, settings), cell_starts(mine, settings, least=1)
        if joined:
            previous, previous_starts, previous_every, _ = joined[-1]
            common = in_common(starts, previous_starts, settings.bridge_snap_pt)
            both = np.array(sorted({*previous_starts.tolist(), *starts.tolist()}))
            path = [previous[-1], *order[position[previous[-1]] + 1:position[block[0]]], block[0]]
            alike = in_common(every, previous_every, settings.bridge_snap_pt) >= max(
                settings.shared_starts, min(len(every), len(previous_every)) - 1)
            gap = settings.alike_block_gap if alike else settings.block_gap
            if (common >= 2 and all(close(a, b, gap) for a, b in zip(path, path[1:]))
                    and all(aligned(both, by_line[line], settings, word_starts=word_starts[line])
                            for line in path[1:-1])):
                adopted.update(segments.loc[segments["line"].isin(path[1:-1]), "segment"].tolist())
                joined[-1] = (previous + path[1:-1] + list(block), both,
                              np.array(sorted({*previous_every.tolist(), *every.tolist()})), True)
                continue
        joined.append((list(block), starts, every, False))
    filled = []
    for block, starts, _, several in joined:
        members = set(block)
        inside = [line for line in order[position[block[0]]:position[block[-1]] + 1] if line not in members
                  and aligned(starts, by_line[line], settings, word_starts=word_starts[line])]
        if several:
            inside += lines_going_on(block[-1], starts, order, position, by_line, word_starts, close, settings)
        adopted.update(segments.loc[segments["line"].isin(inside), "segment"].tolist())
        filled.append(sorted(block + inside, key=position.__getitem__))
    return filled, adopted


def lines_going_on(last: int, starts: np.ndarray, order: list[int], position: dict[int, int],
                   by_line: dict[int, LineSegments], word_starts: dict[int, np.ndarray],
                   close: Callable[[int, int], bool], settings: TableSettings) -> list[int]:
    """The lines right under a joined block's last that go on with its cells: each close to the one
    above (`close`), starting its pieces only where the block's cells start but for the first
    column's (a note under a table starts there) and running over none. `text_blocks` ended the
    block's last part where running text came, judging that part set in such text (the lines above
    it held running text at its starts); once those lines are its rows, the lines under it are its
    last row's rest: sentences wrapped beside a label centred in the row's height."""
    going_on: list[int] = []
    above = last
    for line in order[position[last] + 1:]:
        pieces = by_line[line]
        if (not close(above, line) or (np.abs(pieces.x0 - starts.min()) <= settings.bridge_snap_pt).any()
                or not aligned(starts, pieces, settings, word_starts=word_starts[line])):
            break
        going_on.append(line)
        above = line
    return going_on


def with_rows_set_apart_at_foot(blocks: list[list[int]], segments: pd.DataFrame, furniture: set[int],
                                settings: TableSettings = DEFAULT) -> list[list[int]]:
    """Blocks, the lowest of a page with the page's last lines of content (but its running footer,
    `furniture`) where each is a line of it set further below than a table's rows lie (`block_gap`),
    every piece starting where one of the block's cells starts (cells centred in their columns
    start anywhere in them): a row of `shared_starts` pieces or more no further below than
    `alike_block_gap`, and under such a row a line of fewer (a cell's next line) no further than
    `block_gap` (the lines right under the block are `text_blocks`' to judge). Rows set far
    apart (a small font in cells of wide padding), each one line but for cells wrapped, and a row a
    page broke: its one-line cells centred in the whole row's height, the rest carried on."""
    if not blocks:
        return blocks
    lines = line_boxes(segments)
    order = [line for line in lines.sort_values("top").index if line not in furniture]
    position = {line: index for index, line in enumerate(order)}
    lowest = max(range(len(blocks)), key=lambda index: position.get(blocks[index][-1], -1))
    last = blocks[lowest][-1]
    if last not in position or position[last] == len(order) - 1:
        return blocks
    by_line = segments_by_line(segments)
    starts = cell_starts(segments[segments["line"].isin(blocks[lowest])], settings, least=1)
    above, rows = last, 0
    for below in order[position[last] + 1:]:
        pieces = by_line[below]
        row = len(pieces) >= settings.shared_starts
        gap = settings.alike_block_gap if row else settings.block_gap
        if (not (row or rows) or lines.at[below, "top"] - lines.at[above, "bottom"] > gap * lines.at[below, "size"]
                or in_common(pieces.x0, starts, settings.bridge_snap_pt) < len(pieces)):
            return blocks
        above, rows = below, rows + row
    return [*blocks[:lowest], [*blocks[lowest], *order[position[last] + 1:]], *blocks[lowest + 1:]]
