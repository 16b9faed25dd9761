"""A table carried on at the top of the next page without its header: the lines there whose
pieces start only at the columns of the table that ended the page before, and run over none of
them, are more of its rows, though no line of them would open a table on its own (a page of the
last lines of long cells, or rows whose every cell holds sentences); above them, the table's header
printed again, however its cells are set."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

import numpy as np
import pandas as pd

from pipeline.tables.bridges import aligned
from pipeline.tables.columns import separators_from_gutters
from pipeline.tables.continuations import columns_within
from pipeline.tables.grid import Region
from pipeline.tables.model import Table
from pipeline.tables.regions import inside, rules_in
from pipeline.tables.segments import LineSegments, cut_at_word_starts, line_boxes, segments_by_line
from pipeline.tables.settings import DEFAULT, TableSettings


def column_lefts(table: Table) -> np.ndarray:
    """Where each column of a table starts: its cells' leftmost edge."""
    return table.cells.groupby("col")["x0"].min().sort_index().to_numpy(float)


def carried_lines(segments: pd.DataFrame, words: pd.DataFrame, table: Table, furniture: set[int],
                  settings: TableSettings = DEFAULT) -> list[int]:
    """The lines at the top of a page that carry on `table`, which ended the page before: its first
    lines (`segments` of the page's words; running headers and footers, `furniture`, looked
    through, but for a header row the table repeats on every page, which fits its columns) down to
    the first that does not fit its columns (`bridges.aligned`, `column_lefts`: a word of the line,
    `words`, opening a cell exactly at a column's start parts the piece it lies in; or each piece in
    a column, `continuations.columns_within`; moved as the page sets them, `page_offset`; never a
    line set larger than any of its words, `Table.largest_size`: a heading) or lies
    further below the line above than a table's rows do (`block_gap`; `alike_block_gap` where the
    table's rows were set clearly apart, `Table.rows_spaced`), but where the lines from it
    on, down to the next such gap, hold a row of two cells or more (the rest of a row the page broke
    keeps the row's height, its cells centred in it, and nothing but the table's rows lies between);
    the table's header printed again above them is taken however its cells are set
    (`printed_header`). None where none holds two cells (a lone line at a page's top may be
    anything)."""
    starts = column_lefts(table)
    extents = list(table.column_extents()[["x0", "x1"]].itertuples(index=False, name=None))
    lines = line_boxes(segments).sort_values("top")
    by_line = segments_by_line(segments)
    header = printed_header(segments, list(lines.index), furniture, table)
    word_lines, word_x0 = words["line"].to_numpy(), words["x0"].to_numpy(float)
    apart = settings.alike_block_gap if table.rows_spaced else settings.block_gap

    def fits(line: int) -> bool:
        pieces = by_line[line]
        if lines.at[line, "size"] > table.largest_size + settings.size_change_pt:
            return False  # a heading set larger than any of the table's words
        if line in header or aligned(starts, pieces, settings) or aligned(
                starts, pieces, settings, word_starts=word_x0[word_lines == line]):
            return True
        cut = cut_at_word_starts(pieces, starts, words[word_lines == line], settings)  # cells set flush right
        return columns_within(extents, sorted(zip(cut.x0.tolist(), cut.x1.tolist())),
                              settings.bridge_snap_pt) is not None

    taken: list[int] = []
    bottom = None
    for index, (line, top, line_bottom, size) in enumerate(zip(lines.index, lines["top"], lines["bottom"],
                                                               lines["size"])):
        if len(taken) == len(header) and line not in furniture:
            offset = page_offset(starts, extents, by_line[line], word_x0[word_lines == line], settings)
            starts, extents = starts + offset, [(x0 + offset, x1 + offset) for x0, x1 in extents]
        fitting = fits(line)
        if line in furniture and not fitting:
            continue
        if not fitting or apart_from(bottom, top, size, apart) and (line in header or not row_before_gap(
                [other for other in lines.index[index:] if other not in furniture], lines, by_line, fits, apart)):
            break
        taken.append(line)
        bottom = line_bottom if bottom is None else max(bottom, line_bottom)
    return taken if any(len(cut_at_word_starts(by_line[line], starts, words[word_lines == line], settings)) >= 2
                        for line in taken) else []


def row_before_gap(below: list[int], lines: pd.DataFrame, by_line: dict[int, LineSegments],
                   fits: Callable[[int], bool], apart: float) -> bool:
    """Whether the lines `below` (top to bottom; `lines`: their boxes), down to the first that lies
    further below the lines above it than the table's rows do (`apart` font sizes) or does not `fit`
    the table's columns, hold a row of two cells or more."""
    bottom = None
    for line in below:
        if apart_from(bottom, lines.at[line, "top"], lines.at[line, "size"], apart) or not fits(line):
            return False
        if len(by_line[line]) >= 2:
            return True
        bottom = lines.at[line, "bottom"] if bottom is None else max(bottom, lines.at[line, "bottom"])
    return False


def apart_from(bottom: float | None, top: float, size: float, apart: float) -> bool:
    """Whether a line starting at `top` lies further below the lines above it (ending at `bottom`,
    None where there are none) than a table's rows do (`apart` font sizes)."""
    return bottom is not None and top - bottom > apart * size


def page_offset(starts: np.ndarray, extents: list[tuple[float, float]], pieces: LineSegments,
                word_starts: np.ndarray, settings: TableSettings = DEFAULT) -> float:
    """How far a page sets a table further left or right than the page before (mirrored margins):
    0 where its first line (`pieces`; `word_starts`, its words' left edges) starts its pieces where
    the columns start (`starts`; `aligned`), else the one shift of them all that makes it do so,
    the smallest such; where none does, the smallest that leaves each piece in one column
    (`extents`: cells centred), one piece then starting at a column's start; 0 if none does. No
    shift moves the table as far as its narrowest column is wide."""
    narrowest = min(x1 - x0 for x0, x1 in extents) if extents else 0.0
    shifts = [0.0] + sorted({round(float(x - start), 2) for x in pieces.x0 for start in starts
                             if abs(x - start) < narrowest}, key=abs)
    spans = sorted(zip(pieces.x0.tolist(), pieces.x1.tolist()))
    starting = next((shift for shift in shifts if aligned(starts + shift, pieces, settings, word_starts=word_starts)),
                    None)
    if starting is not None:
        return starting
    return next((shift for shift in shifts if columns_within([(x0 + shift, x1 + shift) for x0, x1 in extents],
                                                             spans, settings.bridge_snap_pt) is not None), 0.0)


def with_carried_lines(blocks: list[list[int]], carried: list[int], segments: pd.DataFrame,
                       settings: TableSettings = DEFAULT) -> tuple[list[list[int]], int | None]:
    """Text blocks (lists of line ids, top to bottom) with the lines that carry on the table of the
    page before (`carried_lines`) as a block of their own, or the first block's first lines where
    they reach it (or run on into it): lines taken already by a block end them, but blocks they
    run through from end to start (parted by a tall gap: the rest of a broken row's height) are
    one, with the lines between, and so are the carried lines a block passed over between two of its
    own (two wordy cells beside a label centred in the row, taken for running text). Also the index
    of the block of carried lines alone (None if they joined a block, or there are none)."""
    run, joined = {line: k for k, line in enumerate(carried)}, []
    for block in blocks:
        if joined and joined[-1][-1] in run and block[0] in run:
            joined[-1] = joined[-1] + carried[run[joined[-1][-1]] + 1:run[block[0]]] + list(block)
        else:
            joined.append(list(block))
    lines = line_boxes(segments)
    blocks = []
    for block in joined:
        at = [run[line] for line in block if line in run]
        passed = [line for line in carried[min(at, default=0):max(at, default=-1) + 1] if line not in block]
        blocks.append(sorted(block + passed, key=lambda line: lines.at[line, "top"]) if passed else block)
    in_blocks = {line for block in blocks for line in block}
    reaching = next((k for k, line in enumerate(carried) if line in in_blocks), len(carried))
    reached = carried[reaching] if reaching < len(carried) else None
    carried = carried[:reaching]
    if not carried:
        return blocks, None
    for index, block in enumerate(blocks):
        gap = lines.at[block[0], "top"] - lines.at[carried[-1], "bottom"]
        if block[0] == reached or 0 <= gap <= settings.block_gap * lines.at[block[0], "size"]:
            return blocks[:index] + [carried + block] + blocks[index + 1:], None
    return [carried] + blocks, 0


def printed_header(segments: pd.DataFrame, order: list[int], furniture: set[int], table: Table) -> set[int]:
    """The first lines of a page (`order`, top to bottom) that print `table`'s header row again
    (`repeated_header_lines`): among the lines that are not the page's running header, or among
    all of them (a header printed on every page at one place is taken for one)."""
    for lines in ([line for line in order if line not in furniture], order):
        printed = repeated_header_lines(segments, lines, table)
        if printed:
            return set(printed)
    return set()


def repeated_header_lines(segments: pd.DataFrame, block: list[int], table: Table) -> frozenset[int]:
    """The first lines of a block (line ids) that print `table`'s header row again: together, its
    words and no others (however its cells are set and wrapped); none if none do. `segments`: the
    page's segments, or a region's words (each with its line id and text)."""
    header = sorted(word for text in table.header for word in text.split())
    texts: dict[int, list[str]] = {}
    for line, text in zip(segments["line"].tolist(), segments["text"].tolist()):
        texts.setdefault(line, []).append(text)
    words: list[str] = []
    for count, line in enumerate(block[:len(header)], start=1):
        words += [word.casefold() for text in texts.get(line, []) for word in text.split()]
        if sorted(words) == header:
            return frozenset(block[:count])
    return frozenset()


def column_strips(table: Table) -> list[tuple[float, float]]:
    """The white between each two neighbouring columns of a table: from the right edge of the one's
    cells to the left edge of the next's (cells spanning columns left out); none where they meet."""
    edges = table.column_extents()
    return [(a, b) for a, b in zip(edges["x1"].to_numpy(float)[:-1], edges["x0"].to_numpy(float)[1:]) if a < b]


def carried_region(block: list[int], words: pd.DataFrame, segments: pd.DataFrame, table: Table,
                   horizontal: pd.DataFrame, settings: TableSettings = DEFAULT, slack: float = 0.5) -> Region | None:
    """The lines carrying on `table` alone (`block`, line ids; `words` and `segments`: the page's) as
    a region parted where that table parts its columns, for lines whose text shows no gutter of
    its own (the rests of a row's wordy cells, all but meeting): at each of its strips the words
    leave some white in (`white_left`), moved as the page sets the table (`page_offset`); None
    where there is none."""
    mine = segments[segments["line"].isin(block)]
    region_words = words[words["segment"].isin(mine["segment"])]
    x0, x1 = region_words["x0"].to_numpy(float), region_words["x1"].to_numpy(float)
    bbox = (float(x0.min()), float(region_words["top"].min()), float(x1.max()), float(region_words["bottom"].max()))
    extents = list(table.column_extents()[["x0", "x1"]].itertuples(index=False, name=None))
    first = segments_by_line(mine)[block[0]]
    offset = page_offset(column_lefts(table), extents, first,
                         words.loc[words["line"] == block[0], "x0"].to_numpy(float), settings)
    whites = [white_left(a + offset, b + offset, x0, x1, slack) for a, b in column_strips(table)]
    found = [white for white in whites if white is not None and bbox[0] < white[0] and white[1] < bbox[2]]
    if not found:
        return None
    return Region(bbox, region_words, separators_from_gutters(found), rules_in(horizontal, bbox), gutters=found)


def white_left(a: float, b: float, x0: np.ndarray, x1: np.ndarray, slack: float) -> tuple[float, float] | None:
    """The white words (their left and right edges `x0`, `x1`) leave of a strip from `a` to `b`
    between two columns: from where the words reaching into it from the left end to where those
    reaching in from the right start (a label filled to its column's edge runs past the widest
    cell of the page before); None where less than `slack` is left or a word runs across it."""
    left = x1[(x0 < a + slack) & (x1 > a)]
    right = x0[(x1 > b - slack) & (x0 < b)]
    white = (max(a, float(left.max())) if len(left) else a, min(b, float(right.min())) if len(right) else b)
    inside = (x0 >= white[0]) & (x1 <= white[1])
    return white if white[1] - white[0] >= slack and not inside.any() else None


def region_shift(region: Region, carried: Table, x0: np.ndarray, x1: np.ndarray, slack: float) -> float:
    """How far the page sets `region` (its words' edges `x0`, `x1`) further right than `carried`: as
    far as its left edge lies from that table's (facing pages), unless its words leave more white in
    that table's strips between columns (`white_left`) where the page before set them, or as far
    as a word of its first line lies from where that table printed its header cell opening with it
    (a first column whose rows print nothing here but its header, centred or set flush right: the
    region's edge is no column's)."""
    strips = column_strips(carried)

    def white(shift: float) -> float:
        whites = [white_left(a + shift, b + shift, x0, x1, slack) for a, b in strips]
        return sum(right - left for left, right in (white for white in whites if white is not None))

    candidates = [region.bbox[0] - carried.bbox[0], 0.0]
    if carried.first_row() == carried.header:
        first_line = region.words[region.words["line"] == region.words.loc[region.words["top"].idxmin(), "line"]]
        header = carried.cells[carried.cells["row"] == 0]
        opening = dict(zip(header["text"].str.split().str[0].str.casefold(), header["x0"].astype(float)))
        candidates += [x - opening[word] for word, x in zip(first_line["text"].str.casefold(), first_line["x0"])
                       if word in opening]
    return max(candidates, key=white)


def with_carried_columns(regions: list[Region], carried: Table | None, slack: float = 0.5) -> list[Region]:
    """`regions` with the page's topmost one parted also where `carried`, the table that ended the
    page before, parts its columns and the region's words leave some of that strip white
    (`white_left`; moved as far as the page sets the region further left or right): a page carrying
    on a row or two under the header printed again shows too little of its columns to find the
    narrow gutters between cells that all but meet; a region carrying it on keeps apart the columns
    it parts where that table does (`Region.kept_apart`: a row's rest shows too few rows to tell two
    columns from one). Only a region no wider than the carried table (by a font size) is taken for
    it. A ruled one, or the first under the lines carrying the table on alone (the rests of a row's
    cells over a zebra table's next band), is told where the carried table's rules alone decided its
    rows (`carried_by_rules`): one table, one judgement; and how many of its first lines print that
    table's header again (`repeated_header_lines`: one row, however far apart its lines are set)."""
    if carried is None or not regions:
        return regions
    top = min(regions, key=lambda region: region.bbox[1])
    x0, x1 = top.words["x0"].to_numpy(float), top.words["x1"].to_numpy(float)
    shift = region_shift(top, carried, x0, x1, slack)
    if top.bbox[2] - shift > carried.bbox[2] + float(top.words["size"].median()):
        return regions
    ordered = sorted(regions, key=lambda region: region.bbox[1])
    first_ruled = next((region for region in ordered if region.ruled), None)
    if first_ruled is not None and all(region.carried for region in ordered[:ordered.index(first_ruled)]):
        order = first_ruled.words.groupby("line")["top"].min().sort_values().index.tolist()
        opening = first_ruled is ordered[0] and not carried.rows_by_rules  # its first line the first carrying on
        judged = replace(first_ruled, carried_by_rules=carried.rows_by_rules,
                         carried_rows=carried.row_judgement() if opening else first_ruled.carried_rows,
                         repeated_header_lines=repeated_header_lines(first_ruled.words, order, carried))
        regions = [judged if region is first_ruled else region for region in regions]
        top = judged if top is first_ruled else top
    owned = top.gutters if top.gutters is not None else [(x, x) for x in top.separators]
    strips = [(a + shift, b + shift) for a, b in column_strips(carried)]
    whites = [white_left(a, b, x0, x1, slack) for a, b in strips if not any(c <= b and d >= a for c, d in owned)]
    added = [white for white in whites if white is not None]
    parted = top
    if added and top.gutters is not None:
        found = sorted(top.gutters + added)
        parted = replace(top, separators=separators_from_gutters(found), gutters=found)
    elif added:
        parted = replace(top, separators=sorted(top.separators + separators_from_gutters(added)))
    if parted.carries_on:
        parted = replace(parted, kept_apart=tuple(x for x in parted.separators
                                                  if any(a - slack <= x <= b + slack for a, b in strips)))
    return [parted if region is top else region for region in regions]


def following_column_starts(foot: Table | None, rest: Table | None, words: pd.DataFrame | None,
                            settings: TableSettings = DEFAULT) -> np.ndarray | None:
    """Where the part of a text table at a page's foot (`foot`) is to be parted at the columns of the
    table at the next page's top (`rest`), which does not carry it on: `rest` shows more columns,
    from the same left edge, and no word of the foot (`words`: its page's) runs over where one
    starts (a header and a row or two show too few lines to find a gutter a label and the next
    cell leave one word space wide). Those starts, but the first, less `exact_start_pt`; None where
    not so."""
    if (foot is None or rest is None or words is None or rest.continues is not None or foot.ruled or rest.ruled
            or rest.shape[1] <= foot.shape[1] or abs(rest.bbox[0] - foot.bbox[0]) > settings.bridge_snap_pt):
        return None
    starts = column_lefts(rest)[1:] - settings.exact_start_pt
    mine = words[inside(words, foot.bbox)]
    x0, x1 = mine["x0"].to_numpy(float)[:, None], mine["x1"].to_numpy(float)[:, None]
    return None if ((x0 < starts[None, :]) & (x1 > starts[None, :])).any() else starts


def with_following_columns(regions: list[Region], starts: np.ndarray | None) -> list[Region]:
    """`regions` with the page's lowest, a text table's, parted at `starts` alone
    (`following_column_starts`): its segments cut before each word that starts past one."""
    if starts is None or not regions:
        return regions
    lowest = max(regions, key=lambda region: region.bbox[3])
    if lowest.gutters is None:
        return regions
    words = lowest.words.sort_values(["segment", "x0"], kind="stable")
    ids, column = words["segment"].to_numpy(), np.searchsorted(starts, words["x0"].to_numpy(float))
    opens = np.r_[True, (ids[1:] != ids[:-1]) | (column[1:] != column[:-1])]
    words = words.assign(segment=int(ids.max()) + np.cumsum(opens)).loc[lowest.words.index]
    parted = replace(lowest, words=words, separators=starts.tolist(), gutters=[(x, x) for x in starts.tolist()])
    return [parted if region is lowest else region for region in regions]
