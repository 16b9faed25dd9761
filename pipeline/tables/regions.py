"""Where a page's tables are: ruled grids (from strokes; a zebra-striped table's bands are joined
in `zebra.py`) and text blocks (`blocks.py`) whose lines share column gutters (from the alignment
of the words), each as a `Region`."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.tables.columns import gutters, separators_from_gutters
from pipeline.tables.grid import Region
from pipeline.tables.segments import aligned_counts, cell_segments, cut_at_exact_starts, cut_before
from pipeline.tables.strokes import distinct
from pipeline.tables.settings import DEFAULT, TableSettings

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
                 settings: TableSettings = DEFAULT, page_top: float | None = None) -> Region | None:
    """A ruled grid as a region: its box, the words inside, its vertical rules as column
    separators (the outermost are its frame), and the middles of the gutters its text leaves
    where no rule is drawn (a header running across one parted where a word opens exactly at
    its right edge, `parted_at_column_starts`). None if no text is inside or it has no inner
    column rule and its text shows no gutter (a framed paragraph). `page_top`: see
    `across_open_edges`; the rule its box then reaches over is no rule of its rows."""
    edges = (float(min(grid_h["x0"].min(), grid_v["x0"].min())),
             float(min(grid_h["top"].min(), grid_v["top"].min())),
             float(max(grid_h["x1"].max(), grid_v["x1"].max())),
             float(max(grid_h["bottom"].max(), grid_v["bottom"].max())))
    bbox = across_open_edges(words, edges, grid_h, grid_v, settings, page_top)
    if bbox[1] < edges[1]:
        grid_h = grid_h[(grid_h["top"] - edges[1]).abs() > settings.stroke_touch_pt]
    mine = words[inside(words, bbox)]
    if mine.empty:
        return None
    xs = distinct(grid_v["x0"], settings.stroke_touch_pt)
    drawn = [x for x in xs if bbox[0] + settings.stroke_touch_pt < x < bbox[2] - settings.stroke_touch_pt]
    mine, segments = cell_segments(mine, settings)
    size = float(mine["size"].median())
    found = gutters(segments, bbox[0], bbox[2], size, settings)
    if not drawn and not found:
        return None
    mine, _, found = parted_at_column_starts(mine, segments, found, settings)
    separators = sorted(drawn + [(a + b) / 2 for a, b in found
                                 if not any(a - settings.stroke_touch_pt <= x <= b + settings.stroke_touch_pt
                                            for x in drawn)])
    return Region(bbox, mine, separators, grid_h, grid_v, drawn)


def across_open_edges(words: pd.DataFrame, bbox: tuple[float, float, float, float], grid_h: pd.DataFrame,
                      grid_v: pd.DataFrame, settings: TableSettings = DEFAULT,
                      page_top: float | None = None) -> tuple[float, float, float, float]:
    """A ruled grid's box reaching out to the words that run across its top or bottom where no rule
    closes it over them, each between two of its column rules: a cell's text a printer set past
    the open edge of a row the page broke (a label centred in the whole row, overflowing the part
    on this page). At a page's top under a table the page before carried on (`page_top`: the top of
    the page's first line but its running header, None elsewhere), the words of that line reach
    over its top rule too: a shaded row's rest whose first line the printer set over its band."""
    x0, top, x1, bottom = bbox
    columns = np.sort(grid_v["x0"].to_numpy(float))
    left, right, upper, lower = (words[c].to_numpy(float) for c in ("x0", "x1", "top", "bottom"))
    lies_in_a_column = ((np.searchsorted(columns, left) == np.searchsorted(columns, right))
                        & (left >= x0) & (right <= x1))

    def open_over(edge: float) -> np.ndarray:
        at = grid_h[(grid_h["top"] - edge).abs() <= settings.stroke_touch_pt]
        middles = (left + right) / 2
        closed = ((at["x0"].to_numpy(float)[None, :] <= middles[:, None])
                  & (at["x1"].to_numpy(float)[None, :] >= middles[:, None])).any(axis=1)
        return lies_in_a_column & ~closed

    first_line = lies_in_a_column & (upper <= page_top + settings.stroke_touch_pt) if page_top is not None else False
    over_top = (open_over(top) | first_line) & (upper < top - MARGIN_PT) & (lower > top)
    under_bottom = open_over(bottom) & (lower > bottom + MARGIN_PT) & (upper < bottom)
    return (x0, float(upper[over_top].min()) if over_top.any() else top,
            x1, float(lower[under_bottom].max()) if under_bottom.any() else bottom)


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
    running across a column gutter (once parted where a word opens exactly at a gutter's right
    edge, `parted_at_column_starts`: header cells a word space apart are no caption)."""
    for x0, x1, words in zip(line_segments["x0"], line_segments["x1"], line_segments["words"]):
        if words >= settings.caption_words and any(x0 < a and x1 > b for a, b in found):
            return True
    return False


def text_region(block: list[int], words: pd.DataFrame, segments: pd.DataFrame, horizontal: pd.DataFrame,
                settings: TableSettings = DEFAULT) -> Region | None:
    """A text block as a region: the words of its cell-like segments, columns from its gutters.
    Its first or last line is left out where it is a caption or a note running across a gutter
    (`caption_line`), or, one piece, across a gutter the lines under it share and it alone fills
    (a caption set close over header cells set flush right in wide columns). None if its lines
    share no gutter."""
    in_block = segments[segments["line"].isin(block)]
    mine = beside_prose_removed(in_block[~in_block["prose"]], in_block[in_block["prose"]])
    words, mine = cut_at_exact_starts(words, mine, settings)
    bbox = (float(mine["x0"].min()), float(mine["top"].min()), float(mine["x1"].max()), float(mine["bottom"].max()))
    size = float(mine["size"].median())
    found = gutters(mine, bbox[0], bbox[2], size, settings)
    parting = None  # the block parted at its column starts (header cells a word space apart), once per block
    while found and len(block) > settings.min_table_lines:
        parting = parted_at_column_starts(words, mine, found, settings)
        parted = parting[1]
        edge = [line for line in (block[0], block[-1]) if caption_line(parted[parted["line"] == line], found, settings)]
        first = parted[parted["line"] == block[0]]
        if not edge and len(first) == 1 and int(first["words"].iloc[0]) >= settings.caption_words:
            hidden = gutters(mine[mine["line"] != block[0]], bbox[0], bbox[2], size, settings)  # gutters it alone fills
            edge = [block[0]] if caption_line(first, hidden, settings) else []
        if not edge:
            break
        block = [line for line in block if line not in edge]
        mine = mine[mine["line"].isin(block)]
        bbox = (float(mine["x0"].min()), float(mine["top"].min()), float(mine["x1"].max()), float(mine["bottom"].max()))
        found = gutters(mine, bbox[0], bbox[2], size, settings)
        parting = None
    if not found:
        return None
    words, mine, found = parting or parted_at_column_starts(words, mine, found, settings)
    region_words = words[words["segment"].isin(mine["segment"])]
    return Region(bbox, region_words, separators_from_gutters(found), rules_in(horizontal, bbox), gutters=found)


def parted_at_column_starts(words: pd.DataFrame, mine: pd.DataFrame, found: list[tuple[float, float]],
                            settings: TableSettings = DEFAULT
                            ) -> tuple[pd.DataFrame, pd.DataFrame, list[tuple[float, float]]]:
    """`words`, a region's segments (`mine`) and its gutters (`found`) with each segment running
    right across a gutter cut before its word that opens exactly at the gutter's right edge, where
    cells of two widths or more start (`exact_start_pt`), and the gutter narrowed to start where the
    word before ends: two header cells a word space apart (a monospaced font), over a table of too
    few rows to cut them by (`segments.cut_at_exact_starts`), not one cell spanning two columns."""
    chosen = words["segment"].isin(mine["segment"]).to_numpy()
    block = words[chosen]
    ids, x0, x1 = block["segment"].to_numpy(), block["x0"].to_numpy(float), block["x1"].to_numpy(float)
    lefts, rights = mine["x0"].to_numpy(float), mine["x1"].to_numpy(float)
    column_starts = np.array([b for _, b in found])
    starting = aligned_counts(column_starts, lefts, rights, settings.exact_start_pt) >= 2
    inside = np.r_[False, ids[1:] == ids[:-1]]
    at = (np.abs(x0[:, None] - column_starts[None, :]) <= settings.exact_start_pt) & starting[None, :]
    opens = inside & at.any(axis=1)
    if not opens.any():
        return words, mine, found
    ends = x1[np.flatnonzero(opens) - 1]
    opened = column_starts[at[opens].argmax(axis=1)]
    narrowed = [(max([a, *ends[(opened == b) & (ends < b)].tolist()]), b) for a, b in found]
    words, mine = cut_before(words, chosen, opens)
    return words, mine, narrowed
