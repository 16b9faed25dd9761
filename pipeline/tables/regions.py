"""Where a page's tables are: ruled grids (from strokes; the shaded bands of a zebra-striped
table joined into one) and text blocks whose lines share column gutters (from the alignment of
the words)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pipeline.tables.bridges import aligned, cell_starts
from pipeline.tables.columns import gutters, separators_from_gutters
from pipeline.tables.grid import Region
from pipeline.tables.segments import line_segments, shared_lefts
from pipeline.tables.strokes import distinct
from pipeline.tables.settings import DEFAULT, TableSettings

BULLET = re.compile(r"[^\w\s]|\d{1,2}[.)]|[a-z][.)]")  # a list item's mark opening a line
MARGIN_PT = 2.0  # words are inside a box if their middle is, with this slack


def inside(words: pd.DataFrame, bbox: tuple[float, float, float, float], margin: float = MARGIN_PT) -> np.ndarray:
    x = (words["x0"].to_numpy() + words["x1"].to_numpy()) / 2
    y = (words["top"].to_numpy() + words["bottom"].to_numpy()) / 2
    x0, top, x1, bottom = bbox
    return (x >= x0 - margin) & (x <= x1 + margin) & (y >= top - margin) & (y <= bottom + margin)


def rules_in(horizontal: pd.DataFrame, bbox, margin: float = MARGIN_PT) -> pd.DataFrame:
    x0, top, x1, bottom = bbox
    return horizontal[(horizontal["top"] >= top - margin) & (horizontal["top"] <= bottom + margin)
                      & (horizontal["x1"] > x0) & (horizontal["x0"] < x1)]


def ruled_region(grid_h: pd.DataFrame, grid_v: pd.DataFrame, words: pd.DataFrame,
                 settings: TableSettings = DEFAULT) -> Region | None:
    """A ruled grid as a region: its box, the words inside, its vertical rules as column
    separators (the outermost are its frame). None if no text is inside or it has no inner
    column rule and its text shows no gutter (a framed paragraph)."""
    bbox = (float(min(grid_h["x0"].min(), grid_v["x0"].min())), float(min(grid_h["top"].min(), grid_v["top"].min())),
            float(max(grid_h["x1"].max(), grid_v["x1"].max())),
            float(max(grid_h["bottom"].max(), grid_v["bottom"].max())))
    mine = words[inside(words, bbox)]
    if mine.empty:
        return None
    xs = distinct(grid_v["x0"], settings.stroke_touch_pt)
    drawn = [x for x in xs if bbox[0] + settings.stroke_touch_pt < x < bbox[2] - settings.stroke_touch_pt]
    _, segments = line_segments(mine, settings)
    size = float(mine["size"].median())
    found = gutters(segments, bbox[0], bbox[2], size, settings)
    if not drawn and not found:
        return None
    separators = sorted(drawn + [(a + b) / 2 for a, b in found
                                 if not any(a - settings.stroke_touch_pt <= x <= b + settings.stroke_touch_pt
                                            for x in drawn)])
    return Region(bbox, mine, separators, grid_h, grid_v, drawn)


def same_columns(above: Region, below: Region, tolerance: float) -> bool:
    """Whether two ruled regions span the same width with the same column rules."""
    return (len(above.drawn) == len(below.drawn) and abs(above.bbox[0] - below.bbox[0]) <= tolerance
            and abs(above.bbox[2] - below.bbox[2]) <= tolerance
            and all(abs(a - b) <= tolerance for a, b in zip(above.drawn, below.drawn)))


def widest_gap(tops: np.ndarray, bottoms: np.ndarray) -> float:
    """The widest vertical gap that no one of the boxes (their tops and bottoms) covers, between the
    highest and the lowest."""
    order = np.argsort(tops, kind="stable")
    reached = np.maximum.accumulate(bottoms[order])
    return float(max(0.0, (tops[order][1:] - reached[:-1]).max())) if len(order) > 1 else 0.0


def across_rules(words: pd.DataFrame, rules: list[float]) -> bool:
    """Whether any of the words runs over one of the column rules (at x positions `rules`)."""
    at = np.asarray(rules, dtype=float)[None, :]
    x0, x1 = words["x0"].to_numpy()[:, None], words["x1"].to_numpy()[:, None]
    return bool(((x0 < at - MARGIN_PT) & (x1 > at + MARGIN_PT)).any())


def columns_of(words: pd.DataFrame, separators: list[float]) -> set[int]:
    """The columns (parted at `separators`, 0 the first) the words' middles fall in."""
    middles = (words["x0"].to_numpy() + words["x1"].to_numpy()) / 2
    return set(np.searchsorted(np.asarray(separators, dtype=float), middles).tolist())


def rows_between(columns: set[int]) -> bool:
    """Whether words between two bands, in these columns, can be rows of their table (see `joined_bands`)."""
    return len(columns) >= 2 or 0 not in columns


def joined_bands(regions: list[Region], words: pd.DataFrame, settings: TableSettings = DEFAULT) -> list[Region]:
    """Ruled regions (`ruled_region`) with those one above another joined where they are one table
    shaded row by row (zebra stripes, whose fills' edges are its only rules): the same width and
    column rules, and between them only lines whose words run over none of those rules and fall in
    two columns or more, or not in the first (rows, or the end of one; not a heading over the next
    table), no gap along the way as wide as one that ends a table (`block_gap`). The unshaded rows
    between are the table's, and so are those after its last shaded row down to the next region
    (`with_rows_below`) and before its first up to the region before (`with_rows_above`); its columns are parted where every band parts them (a gutter one band's
    few words leave is no column's edge)."""
    joined: list[tuple[Region, float]] = []  # (region, the widest gap inside it where bands were joined)
    for region in sorted(regions, key=lambda region: region.bbox[1]):
        previous, inner = joined[-1] if joined else (None, 0.0)
        if previous is not None and region.drawn and previous.drawn and same_columns(
                previous, region, settings.stroke_touch_pt):
            between = words[(words["top"] >= previous.bbox[3] - MARGIN_PT)
                            & (words["bottom"] <= region.bbox[1] + MARGIN_PT)
                            & (words["x1"] > previous.bbox[0]) & (words["x0"] < previous.bbox[2])]
            size = float(pd.concat([previous.words["size"], region.words["size"]]).median())
            gap = widest_gap(np.r_[previous.bbox[1], between["top"], region.bbox[1]],
                             np.r_[previous.bbox[3], between["bottom"], region.bbox[3]])
            if not across_rules(between, previous.drawn) and gap <= settings.block_gap * size and rows_between(
                    columns_of(between, previous.separators)):
                bbox = (min(previous.bbox[0], region.bbox[0]), previous.bbox[1],
                        max(previous.bbox[2], region.bbox[2]), region.bbox[3])
                shared = [x for x in previous.separators
                          if min(abs(x - y) for y in region.separators) <= settings.stroke_touch_pt]
                band = Region(bbox, words[inside(words, bbox)], shared, pd.concat([previous.rules, region.rules]),
                              pd.concat([previous.verticals, region.verticals]), previous.drawn)
                joined[-1] = (band, max(inner, gap))
                continue
        joined.append((region, 0.0))
    tops = [region.bbox[1] for region, _ in joined[1:]] + [float("inf")]
    bottoms = [float("-inf")] + [region.bbox[3] for region, _ in joined[:-1]]
    return [with_rows_above(with_rows_below(region, words[words["bottom"] < below], inner),
                            words[words["top"] > above], inner) if inner else region
            for (region, inner), below, above in zip(joined, tops, bottoms)]


def with_rows_above(region: Region, words: pd.DataFrame, inner: float) -> Region:
    """A zebra-shaded table with its lines above its first shaded row, as `with_rows_below` takes
    those below it, each also in two columns or more, or not in the first (`rows_between`): an
    unshaded header row, or the end of a row carried on from the page before (a paragraph's last
    line above the table stands in the first column alone, a caption runs over its column rules)."""
    x0, top, x1, bottom = region.bbox
    above = words[words["bottom"] < top + MARGIN_PT]
    for _, line in sorted(above.groupby("line"), key=lambda item: -item[1]["bottom"].max()):
        if (top - line["bottom"].max() > inner + MARGIN_PT or line["x0"].min() < x0 - MARGIN_PT
                or line["x1"].max() > x1 + MARGIN_PT or across_rules(line, region.drawn)
                or not rows_between(columns_of(line, region.separators))):
            break
        top = min(top, float(line["top"].min()))
    if top == region.bbox[1]:
        return region
    bbox = (x0, top, x1, bottom)
    return Region(bbox, words[inside(words, bbox)], region.separators, region.rules, region.verticals, region.drawn)


def with_rows_below(region: Region, words: pd.DataFrame, inner: float) -> Region:
    """A zebra-shaded table with its lines below its last shaded row: each line as near the line
    above as the table's rows are to its bands (`inner`, the widest gap between them), inside its
    width, and running over none of its column rules (an unshaded last row; a note below runs over
    them, or stands further off)."""
    x0, top, x1, bottom = region.bbox
    below = words[words["top"] > bottom - MARGIN_PT]
    for _, line in sorted(below.groupby("line"), key=lambda item: item[1]["top"].min()):
        if (line["top"].min() - bottom > inner + MARGIN_PT or line["x0"].min() < x0 - MARGIN_PT
                or line["x1"].max() > x1 + MARGIN_PT or across_rules(line, region.drawn)):
            break
        bottom = max(bottom, float(line["bottom"].max()))
    if bottom == region.bbox[3]:
        return region
    bbox = (x0, top, x1, bottom)
    return Region(bbox, words[inside(words, bbox)], region.separators, region.rules, region.verticals, region.drawn)


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


def text_blocks(segments: pd.DataFrame, settings: TableSettings = DEFAULT) -> tuple[list[list[int]], set[int]]:
    """Runs of lines that could be a table: lines with two or more cell-like segments, with the
    short one-piece lines between them (group labels, wrapped cells), no line of running text
    across them and no wide vertical gap. Running text beside the block (a page column of text
    next to the table) does not end it, nor do sentences wrapped in its columns (`wrapped_cells`):
    their segments are returned too, to be read as cells. Leading and trailing one-piece lines
    are left out, but for a line closer to a row of cells above than a line's height (cells centred
    in a row, their lines interleaved)."""
    lines = line_table(segments, settings)
    prose_spans: dict[int, list[tuple[float, float]]] = {}
    cell_x: dict[int, list[float]] = {}
    for line, x0, x1, is_prose in zip(segments["line"].tolist(), segments["x0"].tolist(), segments["x1"].tolist(),
                                      segments["prose"].tolist()):
        if is_prose:
            prose_spans.setdefault(line, []).append((x0, x1))
        else:
            box = cell_x.setdefault(line, [x0, x1])
            box[0], box[1] = min(box[0], x0), max(box[1], x1)
    by_line = dict(tuple(segments.groupby("line")))
    order = lines.index.tolist()
    position = {line: index for index, line in enumerate(order)}
    blocks: list[list[tuple[int, bool, bool]]] = []  # (line, tabular, kept at the block's end)
    current: list[tuple[int, bool, bool]] = []
    adopted: set[int] = set()
    bottom, left, right = 0.0, 0.0, 0.0
    for line, top, line_bottom, size, cells in zip(lines.index, lines["top"], lines["bottom"], lines["size"],
                                                   lines["cells"]):
        if current and top - bottom > settings.block_gap * size:
            blocks.append(current)
            current = []
        across = any(a < right and b > left for a, b in prose_spans.get(line, [])) if current else bool(
            prose_spans.get(line))
        tabular = cells >= 2
        if across and current and wrapped_cells(current, line, by_line, order, position, settings):
            pieces = by_line[line]
            adopted.update(pieces.loc[pieces["prose"], "segment"].tolist())
            by_line[line] = pieces.assign(prose=False)  # its cells start columns for the lines below
            bottom, left, right = max(bottom, line_bottom), min(left, float(pieces["x0"].min())), max(
                right, float(pieces["x1"].max()))
            current.append((line, tabular, True))
        elif (tabular or cells == 1) and not across and (tabular or current):
            x0, x1 = cell_x[line]
            if current:
                bottom, left, right = max(bottom, line_bottom), min(left, x0), max(right, x1)
            else:
                bottom, left, right = line_bottom, x0, x1
            current.append((line, tabular, tabular or bool(current) and (
                current[-1][1] and top - lines.at[current[-1][0], "top"] < size
                or wrapped_on(current, line, by_line, settings))))
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
            kept.append(header_lines_above([line for line, _, _ in block], lines, by_line, order, position, settings))
    return kept, adopted


def header_lines_above(block: list[int], lines: pd.DataFrame, by_line: dict[int, pd.DataFrame], order: list[int],
                       position: dict[int, int], settings: TableSettings) -> list[int]:
    """The block with the one-piece lines right above it (within a font size) that belong to its
    header's cells: the top lines of a tall header whose cells are set flush right, the piece
    ending where a piece of the line under it ends, or flush left or centred, the piece starting
    exactly where two of the block's cells start, but not in the first column (a title over the
    table starts there); or lying between the first line's lines (closer than a line's height: a
    header cell centred on the row's height)."""
    members = pd.concat([by_line[line] for line in block])
    columns = shared_lefts(members.loc[~members["prose"], "x0"].to_numpy(float), settings.exact_start_pt, 2)
    columns = columns[columns > members["x0"].min() + settings.bridge_snap_pt]
    while position[block[0]] > 0:
        above, first = order[position[block[0]] - 1], by_line[block[0]]
        piece = by_line[above]
        if len(piece) != 1 or bool(piece["prose"].iloc[0]):
            break
        if lines.at[block[0], "top"] - lines.at[above, "bottom"] > lines.at[block[0], "size"]:
            break
        x0, x1 = float(piece["x0"].iloc[0]), float(piece["x1"].iloc[0])
        ends = (first["x1"] - x1).abs().min() <= settings.exact_start_pt
        between = lines.at[block[0], "top"] - lines.at[above, "top"] < lines.at[block[0], "size"]
        if not (ends or between or (np.abs(columns - x0) <= settings.exact_start_pt).any()):
            break
        block = [above, *block]
    return block


def block_starts(block: list[tuple[int, bool, bool]], by_line: dict[int, pd.DataFrame], settings: TableSettings
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(where the block's cells start, where those of its lines under the first start where that
    is a row of short cells, a header's)."""
    starts = cell_starts(pd.concat([by_line[member] for member, *_ in block]), settings, least=1)
    if len(block) < 2 or (by_line[block[0][0]]["words"] >= settings.wordy_words).any():
        return starts, starts
    return starts, cell_starts(pd.concat([by_line[member] for member, *_ in block[1:]]), settings, least=1)


def wrapped_on(block: list[tuple[int, bool, bool]], line: int, by_line: dict[int, pd.DataFrame],
               settings: TableSettings) -> bool:
    """Whether a one-piece line goes on with a cell of the block above it, so that it is kept at the
    block's end, not in the first column (a note under a table starts there): it starts where a
    cell of the block starts and runs over no other start (the last lines of a long cell) but those
    of the block's first line alone, a row of short cells (header cells set flush right); or it
    lies under one piece of the line above and beside no other (a cell centred or set flush
    right)."""
    starts, below_header = block_starts(block, by_line, settings)
    pieces = by_line[line]
    if (pieces["x0"] - starts.min()).abs().min() <= settings.bridge_snap_pt:
        return False
    if aligned(starts, pieces, settings, below_header):
        return True
    above = by_line[block[-1][0]]
    x0, x1 = float(pieces["x0"].iloc[0]), float(pieces["x1"].iloc[0])
    overlap = np.minimum(above["x1"], x1) - np.maximum(above["x0"], x0)
    return bool((overlap > 0).sum() == 1 and (overlap >= 0.5 * np.minimum(above["x1"] - above["x0"], x1 - x0)).any())


def wrapped_cells(block: list[tuple[int, bool, bool]], line: int, by_line: dict[int, pd.DataFrame],
                  order: list[int], position: dict[int, int], settings: TableSettings) -> bool:
    """Whether a line with running text is a row of the block above it: its pieces start only
    where the block's cells start and run over none of them (`bridges.aligned`; but for the starts
    of the block's first line alone, a row of short cells: header cells set flush right), or, under
    a header alone, each lies under one of its cells (`under_one_each`); where it has a
    piece in the first column, it has three pieces or two wordy ones (a note, 'Source: ...', has
    one beside its label) and they are not all wordy and of one width (text set in page columns;
    a table's columns differ); and the block does not
    itself sit in such text (the line above its first starts its pieces at the same places and
    holds running text)."""
    starts, below_header = block_starts(block, by_line, settings)
    pieces = by_line[line]
    if not (aligned(starts, pieces, settings, below_header)
            or len(block) == 1 and under_one_each(by_line[block[0][0]], pieces, settings)):
        return False
    in_first = ((pieces["x0"] - starts.min()).abs() <= settings.bridge_snap_pt).any()
    note = pieces["prose"].sum() < 2 and len(pieces) < 3
    widths = pieces["x1"] - pieces["x0"]
    page_columns = (pieces["words"] >= settings.wordy_words).all() and (
        widths.max() <= settings.page_column_spread * widths.min())
    if in_first and (note or page_columns):
        return False
    first = position[block[0][0]]
    above = by_line.get(order[first - 1]) if first > 0 else None
    return above is None or not (above["prose"].any() and aligned(starts, above, settings))


def under_one_each(header: pd.DataFrame, pieces: pd.DataFrame, settings: TableSettings) -> bool:
    """Whether a line's pieces (two or more) each fall under one piece of a row of short cells above
    (a header, its cells centred or set flush right over cells set flush left): the nearest of them,
    each under a different one, none reaching past the header cells either side of its own."""
    if len(pieces) < 2 or (header["words"] >= settings.wordy_words).any():
        return False
    header = header.sort_values("x0")
    hx0, hx1 = header["x0"].to_numpy(float), header["x1"].to_numpy(float)
    taken = set()
    for x0, x1 in zip(pieces["x0"].tolist(), pieces["x1"].tolist()):
        distance = np.maximum(np.maximum(hx0 - x1, x0 - hx1), 0.0)
        overlap = np.minimum(hx1, x1) - np.maximum(hx0, x0)
        k = int(np.argmax(overlap)) if overlap.max() > 0 else int(np.argmin(distance))
        if k in taken or (k > 0 and x0 < hx1[k - 1]) or (k + 1 < len(hx0) and x1 > hx0[k + 1]):
            return False
        taken.add(k)
    return True


def beside_prose_removed(cells: pd.DataFrame, prose: pd.DataFrame) -> pd.DataFrame:
    """The cell-like segments of a block without those beyond running text beside the table (a
    page column of text next to a table in the other: its short lines are no cells)."""
    if prose.empty or cells.empty:
        return cells
    centre = float(((cells["x0"] + cells["x1"]) / 2).median())
    right = prose.loc[prose["x0"] > centre, "x0"]
    left = prose.loc[prose["x1"] < centre, "x1"]
    keep = pd.Series(True, index=cells.index)
    if len(right):
        keep &= cells["x1"] <= right.min() + 1.0
    if len(left):
        keep &= cells["x0"] >= left.max() - 1.0
    return cells[keep]


def caption_line(line_segments: pd.DataFrame, found: list[tuple[float, float]], settings: TableSettings) -> bool:
    """A first or last line of a block that is a caption or a note: a segment of many words
    running across a column gutter."""
    for x0, x1, words in zip(line_segments["x0"], line_segments["x1"], line_segments["words"]):
        if words >= settings.caption_words and any(x0 < a and x1 > b for a, b in found):
            return True
    return False


def text_region(block: list[int], words: pd.DataFrame, segments: pd.DataFrame, horizontal: pd.DataFrame,
                settings: TableSettings = DEFAULT) -> Region | None:
    """A text block as a region: the words of its cell-like segments, columns from its gutters.
    None if its lines share no gutter."""
    in_block = segments[segments["line"].isin(block)]
    mine = beside_prose_removed(in_block[~in_block["prose"]], in_block[in_block["prose"]])
    bbox = (float(mine["x0"].min()), float(mine["top"].min()), float(mine["x1"].max()), float(mine["bottom"].max()))
    size = float(mine["size"].median())
    found = gutters(mine, bbox[0], bbox[2], size, settings)
    while found and len(block) > settings.min_table_lines:
        edge = [line for line in (block[0], block[-1]) if caption_line(mine[mine["line"] == line], found, settings)]
        if not edge:
            break
        block = [line for line in block if line not in edge]
        mine = mine[mine["line"].isin(block)]
        bbox = (float(mine["x0"].min()), float(mine["top"].min()), float(mine["x1"].max()), float(mine["bottom"].max()))
        found = gutters(mine, bbox[0], bbox[2], size, settings)
    if not found:
        return None
    region_words = words[words["segment"].isin(mine["segment"])]
    return Region(bbox, region_words, separators_from_gutters(found), rules_in(horizontal, bbox))
