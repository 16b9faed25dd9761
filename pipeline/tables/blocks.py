"""Text blocks: runs of a page's lines that could be a table, found line by line from the page's
segments: lines of two cells or more, with the one-piece lines between and around them that go
on with their cells (a wrapped cell, a column stacking entries, header lines set over it), and
lines of running text whose pieces fall in the block's columns (sentences wrapped in cells).
`regions.text_region` makes each block a region; `block_headers.py` finds a block's header."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from pipeline.tables.block_headers import (block_lefts, block_starts, cell_lefts, first_row_lines_above,
                                           header_length, header_lines_above, under_one_each)
from pipeline.tables.bridges import aligned, in_common
from pipeline.tables.segments import LineSegments, cut_at_word_starts, segments_by_line, shared_lefts
from pipeline.tables.settings import DEFAULT, TableSettings

BULLET = re.compile(r"[^\w\s]|\d{1,2}[.)]|[a-z][.)]")  # a list item's mark opening a line


def line_table(segments: pd.DataFrame, settings: TableSettings = DEFAULT) -> pd.DataFrame:
    """One row per text line: its box, size and how many cell-like and prose segments it has. A
    bullet or list number opening a line is no cell."""
    stats: dict[int, list] = {}
    previous_line = None
    for line, text, is_prose, top, bottom, size in zip(
            segments["line"].tolist(), segments["text"].tolist(), segments["prose"].tolist(), segments["top"].tolist(),
            segments["bottom"].tolist(), segments["size"].tolist()):
        bullet = line != previous_line and BULLET.fullmatch(text) is not None
        previous_line = line
        item = stats.setdefault(line, [top, bottom, [], 0, 0])
        item[0], item[1] = min(item[0], top), max(item[1], bottom)
        item[2].append(size)
        item[3] += int(not is_prose and not bullet)
        item[4] += int(is_prose)
    lines = pd.DataFrame([(line, top, bottom, float(np.median(sizes)), cells, prose)
                          for line, (top, bottom, sizes, cells, prose) in stats.items()],
                         columns=["line", "top", "bottom", "size", "cells", "prose"]).set_index("line")
    return lines.sort_values("top")


def text_blocks(segments: pd.DataFrame, words: pd.DataFrame, settings: TableSettings = DEFAULT,
                rules: pd.DataFrame | None = None) -> tuple[list[list[int]], set[int]]:
    """Runs of lines that could be a table: lines with two or more cell-like segments, with the
    short one-piece lines between them (group labels, wrapped cells), no line of running text
    across them, no wide vertical gap (a rule drawn across the block, one of the page's horizontal
    `rules`, parts the white it lies in: a header's rule; white between two rules framing the block
    may be as wide as between rows that start alike, `in_rule_frame`) and no line set far larger or
    smaller than the one above it (a heading over the table). Running text beside the block (a page
    column of text next to the table) does not end it, nor do sentences wrapped in its columns
    (`wrapped_cells`; a row whose two cells all but meet, once cut where the line under it starts
    its pieces, `cut_at_starts_below`): their segments are returned too, to be read as cells.
    Leading and trailing one-piece lines are left out, but for a line closer to a row of cells
    above than a line's height (cells centred in a row, their lines interleaved), one that goes on
    with a cell above (`wrapped_on`), one that goes on with the first column's cell
    (`first_column_wraps_on`), or one that opens the next entry of a column stacking entries
    (`column_goes_on`). `words`: the words of the segments, where a word opening a cell exactly at
    a column start parts the piece it lies in."""
    lines = line_table(segments, settings)
    drawn = None if rules is None else tuple(rules[c].to_numpy(float) for c in ("top", "x0", "x1"))
    word_lines = words["line"].to_numpy()

    def words_of(member: int) -> pd.DataFrame:
        return words[word_lines == member]

    prose_spans: dict[int, list[tuple[float, float]]] = {}
    cell_x: dict[int, list[float]] = {}
    for line, x0, x1, is_prose in zip(segments["line"].tolist(), segments["x0"].tolist(), segments["x1"].tolist(),
                                      segments["prose"].tolist()):
        if is_prose:
            prose_spans.setdefault(line, []).append((x0, x1))
        else:
            box = cell_x.setdefault(line, [x0, x1])
            box[0], box[1] = min(box[0], x0), max(box[1], x1)
    by_line = segments_by_line(segments)
    lefts = {line: cell_lefts(pieces) for line, pieces in by_line.items()}
    order = lines.index.tolist()
    position = {line: index for index, line in enumerate(order)}
    blocks: list[list[tuple[int, bool, bool]]] = []  # (line, tabular, kept at the block's end)
    current: list[tuple[int, bool, bool]] = []
    adopted: set[int] = set()
    bottom, left, right, above = 0.0, 0.0, 0.0, 0.0
    for line, top, line_bottom, size, cells in zip(lines.index, lines["top"], lines["bottom"], lines["size"],
                                                   lines["cells"]):
        white = white_between(bottom, top, left, right, drawn, settings) if current else 0.0
        alike = white > settings.block_gap * size and (  # asked of wide gaps only: a narrow one never ends a block
            starts_alike(current, line, by_line, settings)
            or in_rule_frame(lines.at[current[0][0], "top"] - size, bottom, top, left, right, drawn, settings))
        gap = settings.alike_block_gap if alike else settings.block_gap
        if current and (white > gap * size or max(size, above) > settings.block_size_ratio * min(size, above)):
            blocks.append(current)
            current = []
        above = size
        across = any(a < right and b > left for a, b in prose_spans.get(line, [])) if current else bool(
            prose_spans.get(line))
        tabular = cells >= 2
        pieces = wrapped_cells(current, line, by_line, lefts, order, position, words_of,
                               settings) if across and current else None
        if pieces is None and across and current:  # two cells all but meeting, over a row of the table's cells
            printed = by_line[line]
            by_line[line] = cut_at_starts_below(line, lines, by_line, order, position, words_of(line), settings)
            if len(by_line[line]) > len(printed):
                pieces = wrapped_cells(current, line, by_line, lefts, order, position, words_of, settings)
            if pieces is None:
                by_line[line] = printed
        if pieces is not None:
            adopted.update(pieces.segment[pieces.prose].tolist())
            # its cells start columns for the lines below
            by_line[line] = replace(pieces, prose=np.zeros(len(pieces), dtype=bool))
            lefts[line] = cell_lefts(by_line[line])
            bottom, left, right = max(bottom, line_bottom), min(left, float(pieces.x0.min())), max(
                right, float(pieces.x1.max()))
            current.append((line, tabular, True))
        elif (tabular or cells == 1) and not across and (tabular or current):
            x0, x1 = cell_x[line]
            if current:
                bottom, left, right = max(bottom, line_bottom), min(left, x0), max(right, x1)
            else:
                bottom, left, right = line_bottom, x0, x1
            current.append((line, tabular, tabular or bool(current) and (
                current[-1][1] and top - lines.at[current[-1][0], "top"] < size
                or wrapped_on(current, line, by_line, lefts, settings)
                or first_column_wraps_on(current, line, lines, by_line, lefts, settings)
                or column_goes_on(current, line, lines, by_line, lefts, settings))))
        elif current and (across or cells == 0 and not prose_spans.get(line)):
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    kept = []
    for block in blocks:
        while block and not block[-1][2]:
            block.pop()
        if sum(tabular for _, tabular, _ in block) >= settings.min_table_lines:
            members, first_row = first_row_lines_above([line for line, _, _ in block], lines, by_line, order,
                                                       position, settings)
            adopted.update(first_row)
            kept.append(header_lines_above(members, lines, by_line, order, position, settings))
    return kept, adopted


def cut_at_starts_below(line: int, lines: pd.DataFrame, by_line: dict[int, LineSegments], order: list[int],
                        position: dict[int, int], words: pd.DataFrame, settings: TableSettings) -> LineSegments:
    """A line's pieces (its `words`) cut before each word that opens exactly where a piece of the
    line right under it starts (closer than a line's height), that line of `shared_starts` pieces
    or more: a row whose two cells all but meet (a word space apart, read as one run of text) over
    the table's next row."""
    pieces = by_line[line]
    following = position[line] + 1
    if following >= len(order):
        return pieces
    below = order[following]
    if (lines.at[below, "top"] - lines.at[line, "bottom"] > lines.at[line, "size"]
            or by_line[below].worded() < settings.shared_starts):
        return pieces
    return cut_at_word_starts(pieces, by_line[below].x0, words, settings)


def starts_alike(block: list[tuple[int, bool, bool]], line: int, by_line: dict[int, LineSegments],
                 settings: TableSettings) -> bool:
    """Whether a line starts `shared_starts` pieces or more of words or figures, and every piece
    where a piece of the block's last line of cells starts (a sentence wrapped in a cell is a piece
    too): a row of the block's, however far apart the rows are set (`alike_block_gap`: a small font
    in cells of wide padding)."""
    last = next((by_line[member].x0 for member, tabular, _ in reversed(block) if tabular), None)
    pieces = by_line[line]
    return (last is not None and pieces.worded() >= settings.shared_starts
            and in_common(pieces.x0, last, settings.bridge_snap_pt) == len(pieces))


def white_between(bottom: float, top: float, left: float, right: float,
                  rules: tuple[np.ndarray, np.ndarray, np.ndarray] | None, settings: TableSettings = DEFAULT) -> float:
    """The widest white between the heights `bottom` and `top` once the `rules` (their heights, left
    and right ends: the page's, taken once) drawn across `left` to `right` between them are drawn."""
    if rules is None or not len(rules[0]):
        return top - bottom
    at, x0, x1 = rules
    across = ((at > bottom) & (at < top) & (x0 <= left + settings.bridge_snap_pt)
              & (x1 >= right - settings.bridge_snap_pt))
    return float(np.diff(np.r_[bottom, np.sort(at[across]), top]).max())


def in_rule_frame(block_top: float, bottom: float, top: float, left: float, right: float,
                  rules: tuple[np.ndarray, np.ndarray, np.ndarray] | None, settings: TableSettings = DEFAULT) -> bool:
    """Whether the white between the heights `bottom` and `top` lies in a frame of two rules drawn
    across the block (`left` to `right`) with ends alike (within `bridge_snap_pt`): one over it
    from `block_top` down (the rule over a table or under its header) and the first below it. A
    table ruled only there (booktabs) whose rows are set far apart has its rows between them."""
    if rules is None or not len(rules[0]):
        return False
    at, x0, x1 = rules
    across = (x0 <= left + settings.bridge_snap_pt) & (x1 >= right - settings.bridge_snap_pt)
    over = np.flatnonzero(across & (at >= block_top) & (at <= bottom))
    under = np.flatnonzero(across & (at >= top))
    if not len(over) or not len(under):
        return False
    first = under[np.argmin(at[under])]
    return bool(((np.abs(x0[over] - x0[first]) <= settings.bridge_snap_pt)
                 & (np.abs(x1[over] - x1[first]) <= settings.bridge_snap_pt)).any())


def wrapped_on(block: list[tuple[int, bool, bool]], line: int, by_line: dict[int, LineSegments],
               lefts: dict[int, np.ndarray], settings: TableSettings) -> bool:
    """Whether a one-piece line goes on with a cell of the block above it, so that it is kept at the
    block's end, not in the first column (a note under a table starts there): it starts where a
    cell of the block starts and runs over no other start (the last lines of a long cell) but those
    of the block's first line alone, a row of short cells (header cells set flush right); or it
    lies under one piece of the line above and beside no other (a cell centred or set flush
    right). The line above is the block's nearest with a piece over it, within `block_gap` line
    heights: in a row of cells centred in their height, the line right above may be another
    column's."""
    starts, below_header = block_starts(block, by_line, lefts, settings)
    pieces = by_line[line]
    if np.abs(pieces.x0 - starts.min()).min() <= settings.bridge_snap_pt:
        return False
    if aligned(starts, pieces, settings, below_header):
        return True
    x0, x1 = float(pieces.x0[0]), float(pieces.x1[0])
    reach = float(pieces.top.min()) - settings.block_gap * float(np.median(pieces.size))
    for member, *_ in reversed(block):
        above = by_line[member]
        if float(above.bottom.max()) < reach:
            return False
        overlap = np.minimum(above.x1, x1) - np.maximum(above.x0, x0)
        if (overlap > 0).any():
            return bool((overlap > 0).sum() == 1
                        and (overlap >= 0.5 * np.minimum(above.x1 - above.x0, x1 - x0)).any())
    return False


def first_column_wraps_on(block: list[tuple[int, bool, bool]], line: int, lines: pd.DataFrame,
                          by_line: dict[int, LineSegments], lefts: dict[int, np.ndarray],
                          settings: TableSettings) -> bool:
    """Whether a one-piece line in the first column goes on with the first cell of the line above:
    that line has a cell there too, the piece runs over no other column's start (a start most of
    the first column's cells run across, a header's centred over it, is none), and it lies no further
    below than the block's first column ever wraps (the least distance between two next lines of
    the block that both have a cell there: at most one line of a cell under another). A note
    under a table starts there too, but is set further apart than its lines are. Where the line
    above alone opens the first column (the one row under a header), its pieces are the starts,
    and the least distance between two next lines of the block is the wrap."""
    snap = settings.bridge_snap_pt
    members = [member for member, *_ in block]
    starts = shared_lefts(block_lefts(block, lefts), snap, 2)
    last = by_line[members[-1]].x0
    if len(last) >= 2 and (not len(starts) or last[0] < starts.min() - snap):
        starts = last
    if len(starts) < 2:
        return False
    first, pieces = starts.min(), by_line[line]
    in_first = [k for k, member in enumerate(members) if (np.abs(by_line[member].x0 - first) <= snap).any()]
    first_ends = np.concatenate([by_line[members[k]].x1[np.abs(by_line[members[k]].x0 - first) <= snap]
                                 for k in in_first]) if in_first else np.zeros(0)
    across = (first_ends[None, :] > starts[:, None] + snap).sum(axis=1)
    beyond = starts[(starts > first + snap) & (2 * across < len(first_ends))]
    if abs(float(pieces.x0[0]) - first) > snap or len(beyond) and float(pieces.x1.max()) > beyond.min() - snap:
        return False
    if not in_first or in_first[-1] != len(members) - 1:
        return False
    tops = lines.loc[[members[k] for k in in_first], "top"].to_numpy(float)
    next_lines = np.diff(in_first) == 1
    if next_lines.any():
        wrap = float(np.diff(tops)[next_lines].min())
    elif len(members) >= 2:  # one row under the header: its lines are as far apart as the header's
        wrap = float(np.diff(lines.loc[members, "top"].to_numpy(float)).min())
    else:
        return False
    return lines.at[line, "top"] - tops[-1] <= wrap + settings.exact_start_pt


def column_goes_on(block: list[tuple[int, bool, bool]], line: int, lines: pd.DataFrame,
                   by_line: dict[int, LineSegments], lefts: dict[int, np.ndarray], settings: TableSettings) -> bool:
    """Whether a one-piece line opens the next entry of a column that stacks entries of its own
    (cells set at the top of their rows: 'Recording data about crime' under the first column's
    last entry): it starts where that column's cells start, runs over no other start, and lies
    below the column's last line by the very gap (to within the jitter of line placement) by which
    a line of the column opening in a capital lies below the line of the column right above it.
    A note under a table starts in a column too, but is set apart by a gap of its own."""
    starts = shared_lefts(block_lefts(block, lefts), settings.bridge_snap_pt, 2)
    pieces, snap = by_line[line], settings.bridge_snap_pt
    x0, x1 = float(pieces.x0[0]), float(pieces.x1.max())
    column = np.flatnonzero(np.abs(starts - x0) <= snap)
    if len(starts) < 2 or not len(column) or (column[0] + 1 < len(starts) and x1 > starts[column[0] + 1] - snap):
        return False
    start = starts[column[0]]
    in_column = [member for member, *_ in block if (np.abs(by_line[member].x0 - start) <= snap).any()]
    opening = [by_line[member].text[int(np.argmax(np.abs(by_line[member].x0 - start) <= snap))][:1].isupper()
               for member in in_column]
    entry_gaps = [lines.at[below, "top"] - lines.at[above, "bottom"]
                  for above, below, opens in zip(in_column, in_column[1:], opening[1:]) if opens]
    gap = lines.at[line, "top"] - lines.at[in_column[-1], "bottom"] if in_column else np.inf
    return pieces.text[0][:1].isupper() and any(abs(gap - entry) <= settings.jitter_pt
                                                              for entry in entry_gaps)


def wrapped_cells(block: list[tuple[int, bool, bool]], line: int, by_line: dict[int, LineSegments],
                  lefts: dict[int, np.ndarray], order: list[int], position: dict[int, int],
                  words_of: Callable[[int], pd.DataFrame], settings: TableSettings) -> LineSegments | None:
    """The pieces of a line with running text where it is a row of the block above it (None where
    not), cut where one of its words (`words_of` a line) opens a cell exactly where the cells under the block's
    header start (`segments.cut_at_word_starts`; a header cell centred over its column starts where
    no cell does): its pieces start only where the block's cells start and run over none of them
    (`bridges.aligned`; but for the starts of the block's first line alone, a row of short cells:
    header cells set flush right; a piece starting where no cell does may open a column under a
    centred header cell, `opens_under_header`), or, while no row of cells has come under the
    block's header (`header_length`), each lies under one of the header's cells (`under_one_each`),
    whole or else as cut so (a word of a wordy cell may start where a centred header cell starts:
    cut there, its first part would stand under the header cell before), under the header's lines
    as printed or cut where one of their words opens exactly where one of the line's pieces does
    (two header cells a word space apart: a monospaced font); where it has a piece in
    the first column, it has three pieces or two wordy ones (a note, 'Source: ...', has one beside
    its label) and they are not all wordy and in columns of one width (text set in page columns,
    `in_page_columns`); and the block does not itself sit in such text (the line above its first
    starts its two pieces or more at the same places and is set in page columns; one piece alone,
    a cell's line carried to a page's top, is set in no columns)."""
    starts, below_header = block_starts(block, by_line, lefts, settings)
    pieces = cut_at_word_starts(by_line[line], below_header, words_of(line), settings)
    length = header_length(block, by_line, settings)
    if not aligned(starts, pieces, settings, below_header):
        if any(tabular for _, tabular, _ in block[length:]):
            if not opens_under_header(starts, below_header, by_line[block[0][0]], pieces, settings):
                return None
        else:
            header = [by_line[member] for member, *_ in block[:length]]
            candidates = (by_line[line], pieces)
            pieces = next((each for each in candidates if under_one_each(header, each, settings)), None)
            if pieces is None:  # header cells a word space apart: cut where the line's pieces start
                parted = [cut_at_word_starts(cells, by_line[line].x0, words_of(cells.line), settings)
                          for cells in header]
                pieces = next((each for each in candidates if under_one_each(parted, each, settings)), None)
            if pieces is None:
                return None
    in_first = (np.abs(pieces.x0 - starts.min()) <= settings.bridge_snap_pt).any()
    note = pieces.prose.sum() < 2 and len(pieces) < 3
    if in_first and (note or in_page_columns(pieces, settings)):
        return None
    first = position[block[0][0]]
    above = by_line.get(order[first - 1]) if first > 0 else None
    in_running_text = (above is not None and len(above.x0) >= 2 and in_page_columns(above, settings)
                       and aligned(starts, above, settings))
    return None if in_running_text else pieces


def opens_under_header(starts: np.ndarray, crossed: np.ndarray, header: LineSegments, pieces: LineSegments,
                       settings: TableSettings) -> bool:
    """Whether every piece of a line starts at one of a block's cell `starts`, or where it starts
    none lies under one cell of the block's `header` (its first line, a row of short cells) and no
    other: a row's first cell in a column whose header is centred starts where no cell has yet;
    and runs over none of `crossed` (the starts of the cells under the header)."""
    if (header.words >= settings.wordy_words).any():
        return False
    snap = settings.bridge_snap_pt
    for x0, x1 in zip(pieces.x0.tolist(), pieces.x1.tolist()):
        if ((crossed > x0 + snap) & (crossed < x1 - snap)).any():
            return False
        under = int(((header.x0 < x1) & (header.x1 > x0)).sum())
        if not (np.abs(starts - x0) <= snap).any() and under != 1:
            return False
    return True


def in_page_columns(pieces: LineSegments, settings: TableSettings) -> bool:
    """Whether a line is running text set in page columns (`segments.column_widths`): every piece
    wordy, the columns of one width. A table's columns differ: the last lines of a row's cells
    carried to a page's top are wordy too, but in columns of their own widths."""
    widths = pieces.column_width
    return bool((pieces.words >= settings.wordy_words).all()
                and np.nanmax(widths) <= settings.page_columns_spread * np.nanmin(widths))
