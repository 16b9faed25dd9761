"""Tables whose rules mark only some of their rows. Zebra stripes: the shaded bands of a table
whose fills' edges are its only rules, each found as a ruled region of its own
(`regions.ruled_region`), joined into one table with the unshaded rows between, after and before
them. A header boxed over rows with no rules: the box found as a ruled region of one row, with the
rows under it."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.tables.grid import Region
from pipeline.tables.line_rows import parting_rules
from pipeline.tables.regions import MARGIN_PT, inside
from pipeline.tables.segments import cell_segments, segment_ids
from pipeline.tables.settings import DEFAULT, TableSettings


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


def labelled_row(columns: set[int]) -> bool:
    """Whether words in these columns are a row with its label: in the first column and another."""
    return 0 in columns and len(columns) >= 2


def cell_words(words: pd.DataFrame, settings: TableSettings = DEFAULT) -> pd.DataFrame:
    """A grown region's words with the segment ids its cells are parted by (`cell_segments`)."""
    return cell_segments(words, settings)[0]


def joined_bands(regions: list[Region], words: pd.DataFrame, settings: TableSettings = DEFAULT) -> list[Region]:
    """Ruled regions (`ruled_region`) with those one above another joined where they are one table
    shaded row by row (zebra stripes, whose fills' edges are its only rules): the same width and
    column rules, and between them only lines whose words run over none of those rules and fall in
    two columns or more, or not in the first (rows, or the end of one; not a heading over the next
    table), no gap along the way as wide as one that ends a table (`block_gap`). The unshaded rows
    between are the table's, and so are those after its last shaded row down to the next region
    and before its first up to the region before (`with_rows_beyond`); its columns are parted
    where every band parts them (a gutter one band's few words leave is no column's edge)."""
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
                verticals = pd.concat([previous.verticals, region.verticals])
                band = Region(bbox, cell_words(words[inside(words, bbox)], settings), shared,
                              pd.concat([previous.rules, region.rules]), verticals, previous.drawn)
                joined[-1] = (band, max(inner, gap))
                continue
        joined.append((region, 0.0))
    tops = [region.bbox[1] for region, _ in joined[1:]] + [float("inf")]
    bottoms = [float("-inf")] + [region.bbox[3] for region, _ in joined[:-1]]
    return [with_rows_beyond(with_rows_beyond(region, words[words["bottom"] < below], inner, below=True,
                                              settings=settings),
                             words[words["top"] > above], inner, below=False, settings=settings) if inner
            else with_rows_under_its_box(region, words[words["bottom"] < below], settings)
            for (region, inner), below, above in zip(joined, tops, bottoms)]


def with_rows_under_its_box(region: Region, words: pd.DataFrame, settings: TableSettings = DEFAULT) -> Region:
    """A ruled region with the lines under it that carry it on as a zebra table's unshaded rows do
    (`with_rows_beyond`). Under a region of one row (no rule across it between its top and bottom: a
    header row boxed over rows printed with no rules), each as near the line above as a table's lines
    are (`block_gap`). Under one of several rows (shaded bands set one on another, the header's and a
    row's), as near as its rows' text lies under the rules over them (the most of them: the rest of
    a row the page broke starts at its rule), and each set as its cells are (`set_as_cells`): an
    unshaded row after the last shaded one, set in the same padding (a note under a ruled table
    sets its words as no column does). Only rules that cross a column's edge part its rows
    (`parting_rules`): a link's underline does not."""
    if not region.drawn or region.words.empty:
        return region
    rules = (parting_rules(region.rules[["top", "x0", "x1"]].to_numpy(float), 0.0, np.asarray(region.drawn))[:, 0]
             if region.rules is not None and len(region.rules) else np.zeros(0))
    inner = rules[(rules > region.bbox[1] + MARGIN_PT) & (rules < region.bbox[3] - MARGIN_PT)]
    if not len(inner):
        return with_rows_beyond(region, words, settings.block_gap * float(region.words["size"].median()), below=True,
                                settings=settings)
    tops = region.words["top"].to_numpy(float)
    if not (tops > inner.max()).any():
        return region
    bounds = np.r_[np.sort(inner), np.inf]
    padding = max(float(tops[(tops > above) & (tops < below)].min()) - above
                  for above, below in zip(bounds[:-1], bounds[1:]) if ((tops > above) & (tops < below)).any())
    return with_rows_beyond(region, words, padding, below=True, set_as_cells=settings.bridge_snap_pt,
                            settings=settings)


def with_rows_beyond(region: Region, words: pd.DataFrame, inner: float, below: bool,
                     set_as_cells: float | None = None, settings: TableSettings = DEFAULT) -> Region:
    """A zebra-shaded table with its unshaded lines beyond its last shaded row (`below`) or its
    first: each line as near the line before as the table's rows are to its bands (`inner`, the
    widest gap between them), or, once a line is taken and where `set_as_cells` is given, as near
    as the region's nearest two lines (a row's lines set further apart than its cells' padding),
    inside its width, running over none of its column rules and set no larger than its text (an
    unshaded last row; a note below runs over them, or stands further off; a heading is set larger).
    Above, each also lies in two columns or more, or not in the first (`rows_between`): an unshaded
    header row, or the end of a row carried on from the page before (a paragraph's last line above
    the table stands in the first column alone, a caption runs over its column rules), but for a
    line reaching in among the lines taken (a label centred in their row).
    Where `set_as_cells` (points) is given, each line is also set as its cells are
    (`set_as_its_cells`: its pieces start, end or are centred as a cell of their column does) and
    is of a row with its label (`labelled_row`), the lines of which lie no further apart than the
    nearest two lines of the region (a wrapped cell's; cells centred in their row set the label
    below the row's first lines): a row's lines that end before its label comes are not taken."""
    x0, top, x1, bottom = region.bbox
    edge = bottom if below else top
    beyond = words[words["top"] > bottom - MARGIN_PT] if below else words[words["bottom"] < top + MARGIN_PT]
    leading = (nearest_lines_gap(region.words, region.separators) if set_as_cells is not None and not beyond.empty
               else None)
    lines = [line for _, line in sorted(beyond.groupby("line"), key=lambda item: item[1]["top"].min()
                                        if below else -item[1]["bottom"].max())]
    larger = float(region.words["size"].median()) + settings.size_change_pt  # a heading's size, at least
    taken = False
    kept = edge  # how far the lines taken reach, but those still waiting for their row's label
    waiting: list[pd.DataFrame] = []  # lines of a row whose label has not come yet (cells centred in the row)
    for line in lines:
        distance = line["top"].min() - edge if below else edge - line["bottom"].max()
        carries_row = taken and leading is not None and distance <= leading + MARGIN_PT
        beside = taken and distance < 0  # reaching in among the lines taken: a label centred in their row
        if (distance > inner + MARGIN_PT and not carries_row
                or line["x0"].min() < x0 - MARGIN_PT or line["x1"].max() > x1 + MARGIN_PT
                or across_rules(line, region.drawn) or line["size"].max() >= larger
                or not below and not beside and not rows_between(columns_of(line, region.separators))
                or waiting and not carries_row
                or set_as_cells is not None and not set_as_its_cells(line, region, set_as_cells,
                                                                     settings.exact_start_pt)):
            break
        edge = max(edge, float(line["bottom"].max())) if below else min(edge, float(line["top"].min()))
        taken = True
        if set_as_cells is None or carries_row and not waiting:
            kept = edge
            continue
        waiting.append(line)
        if labelled_row(columns_of(pd.concat(waiting), region.separators)):
            kept, waiting = edge, []
    edge = kept
    bbox = (x0, top, x1, edge) if below else (x0, edge, x1, bottom)
    if bbox == region.bbox:
        return region
    return Region(bbox, cell_words(words[inside(words, bbox)]), region.separators, region.rules, region.verticals,
                  region.drawn)


def nearest_lines_gap(words: pd.DataFrame, separators: list[float]) -> float | None:
    """The narrowest gap between one line of `words` and the next below it in the same column (its
    `separators` part the columns; lines of cells centred in their row interleave across columns:
    a wrapped cell's own lines never do). None where no column holds two lines."""
    column = np.searchsorted(np.asarray(separators, dtype=float), ((words["x0"] + words["x1"]) / 2).to_numpy(float))
    lines = (words.assign(column=column).groupby(["column", "line"])
             .agg(top=("top", "min"), bottom=("bottom", "max")).sort_values(["column", "top"]))
    tops, bottoms = lines["top"].to_numpy(float), lines["bottom"].to_numpy(float)
    same = lines.index.get_level_values("column").to_numpy()
    gaps = (tops[1:] - bottoms[:-1])[same[1:] == same[:-1]]
    return float(gaps.min()) if len(gaps) else None


def set_as_its_cells(line: pd.DataFrame, region: Region, snap: float, exact: float) -> bool:
    """Whether each piece of a line (its words, parted as `segment_ids` parts them, and before a word
    starting within `exact` points of where a cell of the region starts: a cell filled to its
    column's edge leaves the next one a word space away) lies within one of the region's columns and
    starts, ends or is centred within `snap` points of where a cell in that column does (a grade set
    flush left, right or centred as the grades above it are; a note runs across a column's edge)."""
    separators = np.asarray(region.separators, dtype=float)

    def edges(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        x0, x1 = frame["x0"].to_numpy(float), frame["x1"].to_numpy(float)
        return np.c_[x0, (x0 + x1) / 2, x1], np.searchsorted(separators, (x0 + x1) / 2)

    line = line.sort_values("x0", kind="stable")
    cells = region.words.groupby("segment").agg(x0=("x0", "min"), x1=("x1", "max"))
    ids, starts = segment_ids(line), cells["x0"].to_numpy(float)
    at_start = (np.abs(line["x0"].to_numpy(float)[:, None] - starts[None, :]) <= exact).any(axis=1)
    parts = np.cumsum(np.r_[True, (ids[1:] != ids[:-1]) | at_start[1:]])
    pieces = line.groupby(parts, sort=True).agg(x0=("x0", "min"), x1=("x1", "max"))
    (piece_edges, piece_cols), (cell_edges, cell_cols) = edges(pieces), edges(cells)
    within = np.searchsorted(separators, piece_edges[:, 0] + snap) == np.searchsorted(separators,
                                                                                       piece_edges[:, 2] - snap)
    return bool(within.all()) and all((np.abs(cell_edges[cell_cols == col] - at[None, :]) <= snap).any()
                                      for at, col in zip(piece_edges, piece_cols))
