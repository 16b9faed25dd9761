"""Rows: where a table's body lines break into rows, from the rules drawn across the columns and,
where there are none, from the gaps between lines judged per table (an in-cell line gap vs a
row gap); rows spanned from above, and entries stacked in a cell."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.tables.settings import DEFAULT_GRID, GridSettings
from pipeline.tables.strokes import merged_strokes

RULE_COLUMNS = ["page", "x0", "x1", "top", "bottom"]


def horizontal_strokes(rulings: pd.DataFrame, pages: set[int], settings: GridSettings) -> dict[int, pd.DataFrame]:
    """Each page's horizontal strokes, collinear pieces joined (see `joined_horizontal`)."""
    flat = rulings[rulings["page"].isin(pages) & (rulings["bottom"] - rulings["top"] < 1.5)]
    strokes = {page: joined_horizontal(group, settings) for page, group in flat.groupby("page")}
    return {page: strokes.get(page, pd.DataFrame(columns=RULE_COLUMNS)) for page in pages}


def horizontal_rules(strokes: pd.DataFrame, starts: list[float]) -> pd.DataFrame:
    """The strokes of a page that cross at least one column start (cell borders, not underlines):
    a table drawn cell by cell (as browsers print) has a piece of border per cell, joined by
    `joined_horizontal`, and a piece that stays inside its column is no evidence."""
    inner = np.asarray(starts[1:]) - 1
    crosses = ((strokes["x0"].to_numpy()[:, None] < inner) & (inner < strokes["x1"].to_numpy()[:, None] - 3)).any(axis=1)
    return strokes[crosses]


def joined_horizontal(flat: pd.DataFrame, settings: GridSettings) -> pd.DataFrame:
    """Horizontal strokes snapped to a common height and joined end to end by pdfplumber's own
    edge merging (`strokes.merged_strokes`, at `rule_join`)."""
    if flat.empty:
        return flat
    edges = [{"x0": x0, "x1": x1, "top": top, "bottom": top, "doctop": top, "width": x1 - x0, "height": 0.0,
              "orientation": "h"} for x0, x1, top in zip(flat["x0"], flat["x1"], flat["top"])]
    return merged_strokes(edges, settings.rule_join).assign(page=flat["page"].iloc[0])[RULE_COLUMNS]


def line_gaps(lines: pd.DataFrame, floor: float = 0.0, rule_tops: np.ndarray | None = None) -> np.ndarray:
    """Vertical gaps between consecutive lines of text inside each column, those above `floor`.
    Measured column by column, so cells centred vertically (whose lines interleave with their
    neighbours' by any offset) show only their own line gap and the gaps between rows; lines set
    solid touch or overlap a little (a `floor` below 0 keeps those). Where `rule_tops` (sorted) are
    given, a gap over lines with no text in the column (`lines`' `order`: each line's place top to
    bottom) and a rule is left out: an empty column's cells span no gap of the text."""
    ordered = lines.sort_values(["col", "top"])
    tops, bottoms = ordered["top"].to_numpy()[1:], ordered["bottom"].to_numpy()[:-1]
    keep = ordered["col"].to_numpy()[1:] == ordered["col"].to_numpy()[:-1]
    if rule_tops is not None:
        order = ordered["order"].to_numpy()
        ruled = np.searchsorted(rule_tops, tops + 0.5) > np.searchsorted(rule_tops, bottoms - 0.5, side="right")
        keep &= ~((order[1:] > order[:-1] + 1) & ruled)
    gaps = (tops - bottoms)[keep]
    return gaps[gaps > floor]


def row_gap_threshold(gaps: np.ndarray, size: float, settings: GridSettings) -> float:
    """The vertical gap above which two lines belong to different rows, judged from this table's
    own gaps: the line gap inside a cell is the smallest kind of gap, so the first clear break in
    the sorted gaps (wider than the jitter of line placement) ends it; larger kinds (row gaps,
    paragraph gaps) lie above. With no such break every gap is of one kind: row gaps if they are
    wider than a line gap can be."""
    found = clear_break(gaps, size, settings)
    return found if found is not None else one_kind_threshold(gaps, size, settings)


def one_kind_threshold(gaps: np.ndarray, size: float, settings: GridSettings) -> float:
    """The row gap threshold of a table whose gaps show no clear break (`clear_break`): every gap is
    of one kind, row gaps if they are wider than a line gap inside a cell can be."""
    in_cell = min(float(np.min(gaps)) if len(gaps) else size, settings.in_cell_gap_cap * size)
    return in_cell + max(settings.row_gap_min, settings.row_gap_share * size)


def clear_break(gaps: np.ndarray, size: float, settings: GridSettings) -> float | None:
    """The middle of the first clear break in the sorted gaps (see `row_gap_threshold`), if any.
    The gaps below it are one kind only if they lie within the jitter of line placement; spread
    wider, they are two kinds less than a clear break apart (small text printed by a browser, its
    lines placed to the pixel: line gaps of one or two pixels, row gaps of three or four), and
    the two are parted where they are best separated (`best_split`). Their spread leaves out the
    few smallest and largest (`gap_outlier_share`): one line of another font among a hundred
    line gaps a pixel apart does not make two kinds of them."""
    margin = max(settings.row_gap_min, settings.row_gap_share * size)
    ordered = np.sort(gaps)
    jumps = np.diff(ordered)
    clear = np.flatnonzero(jumps >= max(margin, settings.jitter, settings.row_gap_break * size))
    if not len(clear):
        return None
    below = ordered[:clear[0] + 1]
    trim = int(settings.gap_outlier_share * len(below))
    if below[len(below) - 1 - trim] - below[trim] > settings.jitter:
        return best_split(below, settings.jitter)
    return float(ordered[clear[0]] + jumps[clear[0]] / 2)


def best_split(values: np.ndarray, jitter: float = 0.0) -> float:
    """The threshold that parts sorted `values` into two groups as far apart as their spread allows
    (Otsu's criterion: the largest between-group variance), halfway between the two values it
    falls between. Where some splits leave each group within the `jitter` of line placement (two
    kinds of gap, each a pixel either way), only those are weighed: the criterion favours groups
    of like size, and would part the many line gaps rather than them from the few row gaps."""
    distinct, counts = np.unique(values, return_counts=True)
    weight = np.cumsum(counts)[:-1] / counts.sum()
    total = np.cumsum(distinct * counts)
    low_mean = total[:-1] / np.cumsum(counts)[:-1]
    high_mean = (total[-1] - total[:-1]) / (counts.sum() - np.cumsum(counts)[:-1])
    score = weight * (1 - weight) * (high_mean - low_mean) ** 2
    tight = (distinct[:-1] - distinct[0] <= jitter) & (distinct[-1] - distinct[1:] <= jitter)
    best = int(np.argmax(np.where(tight, score, -1.0))) if tight.any() else int(np.argmax(score))
    return float((distinct[best] + distinct[best + 1]) / 2)


def column_lines(body: pd.DataFrame) -> pd.DataFrame:
    """Each line's part in each column: its top and bottom (the median of its words': a glyph of
    another font, a bullet whose box sits higher, does not stretch the line into its neighbours),
    its size and first word. (Each column aggregated on its own: pandas' named aggregation costs
    four times as much, 0.4 s of the compendium's run.)"""
    grouped = body.sort_values(["line", "col", "x0"]).groupby(["line", "col"], sort=True)
    return pd.DataFrame({"top": grouped["top"].median(), "bottom": grouped["bottom"].median(),
                         "size": grouped["size"].max(), "first_word": grouped["text"].first()}).reset_index()


def visual_lines(parts: pd.DataFrame) -> list[tuple[int, float, float, int, int]]:
    """Each line of the table top to bottom: (line, top, bottom, columns it has text in, first column)."""
    visual: dict[int, list] = {}
    for line, col, top, bottom in zip(parts["line"].tolist(), parts["col"].tolist(), parts["top"].tolist(),
                                      parts["bottom"].tolist()):
        item = visual.setdefault(line, [top, bottom, 0, col])
        item[0], item[1], item[2], item[3] = min(item[0], top), max(item[1], bottom), item[2] + 1, min(item[3], col)
    return sorted(((line, *item) for line, item in visual.items()), key=lambda item: item[1])


def row_breaks(lines: list[tuple[int, float, float, int, int]], rules: pd.DataFrame, threshold: float,
               settings: GridSettings) -> tuple[list[bool], list[tuple[int, float]]]:
    """Whether a new row opens at each line, from the evidence the printing gives; and the lines
    (index, gap above) it decided by a gap within `settings.doubtful_gap` of the threshold with no
    rule to say, where the printing leaves in doubt whether the line opens a row or carries on.

    A rule between two lines separates rows. A gap wider than `threshold` does too, unless what
    it opens is only more of one cell (a paragraph break): the next line has text in one column
    only, not the first, and nor does any line down to the next such gap. (A row whose cells are
    centred vertically opens with the lines of its tallest cell, its first cell further down.) The
    last such lines of the chunk open a row all the same: they may be the first part of a row cut
    by the page break, its tallest cell printed first; stitching joins them to the row above
    unless the next page carries them on (`stitch.opens_cut_row`).
    Where every ruled gap is clearly wider than any gap the rules leave unbroken, the table is
    ruled by row and the rules alone decide: a gap never splits what the rules join (uneven line
    placement, a tall line inside a cell). Rules that mark only some rows (group separators)
    leave row gaps as wide as theirs, so there both kinds of evidence count.
    """
    gaps, ruled, gapped, rules_decide = _row_evidence(lines, rules, threshold, settings)
    if rules_decide:
        return ruled, []
    doubtful = [(index, gap) for index, (gap, r) in enumerate(zip(gaps, ruled))
                if index > 0 and not r and abs(gap - threshold) < settings.doubtful_gap]
    return [r or g for r, g in zip(ruled, gapped)], doubtful


def rule_above_each_line(tops: np.ndarray, bottoms: np.ndarray, rule_tops: np.ndarray,
                         settings: GridSettings) -> list[bool]:
    """Whether a rule lies in the gap above each line (lines top to bottom; none above the first),
    the gap running from the lowest bottom of the lines above. A rule set close under a line runs
    through its descenders (the line's box reaches below it), one set close over a line through the
    room its font's ascent leaves above its letters."""
    rule_tops = np.sort(rule_tops)
    lowest = np.r_[tops[:1], np.maximum.accumulate(bottoms)[:-1]]
    reach = np.maximum(0.5, settings.rule_in_descent * (bottoms - tops))
    above = np.maximum(0.5, settings.rule_in_ascent * (bottoms - tops))
    return [index > 0 and bool(np.searchsorted(rule_tops, top + room) >
                               np.searchsorted(rule_tops, low - slack, side="right"))
            for index, (top, low, slack, room) in enumerate(zip(tops.tolist(), lowest.tolist(), reach.tolist(),
                                                                above.tolist()))]


def wide_gaps_opening_rows(gaps: list[float], columns: list[tuple[int, int]], threshold: float) -> list[bool]:
    """Whether the gap above each line (`gaps`, top to bottom; `columns`: how many columns each line
    has text in, and its first) opens a row: it is wider than `threshold`, and what it opens is not
    only more of one cell (a paragraph break): some line down to the next such gap has text in two
    columns or in the first. The last such lines open a row all the same (see `row_breaks`)."""
    wide = [index > 0 and gap > threshold for index, gap in enumerate(gaps)]
    gapped = list(wide)
    for index in np.flatnonzero(wide).tolist():
        end = next((later for later in range(index + 1, len(gaps)) if wide[later]), len(gaps))
        gapped[index] = end == len(gaps) or any(cols >= 2 or first == 0 for cols, first in columns[index:end])
    return gapped


def _row_evidence(lines: list[tuple[int, float, float, int, int]], rules: pd.DataFrame, threshold: float,
                  settings: GridSettings) -> tuple[list[float], list[bool], list[bool], bool]:
    """Per line: the gap above it, whether a rule lies in that gap, whether the gap opens a row
    (see `row_breaks`); and whether the rules alone decide the table's rows."""
    tops, bottoms = np.array([line[1] for line in lines]), np.array([line[2] for line in lines])
    lowest = np.r_[tops[:1], np.maximum.accumulate(bottoms)[:-1]]
    gaps = (tops - lowest).tolist()
    ruled = rule_above_each_line(tops, bottoms, rules["top"].to_numpy(float), settings)
    gapped = wide_gaps_opening_rows(gaps, [(cols, first_col) for *_, cols, first_col in lines], threshold)
    return gaps, ruled, gapped, rules_decide(gaps, ruled, gapped, settings)


def rules_decide(gaps: list[float], ruled: list[bool], gapped: list[bool], settings: GridSettings) -> bool:
    """Whether a table is ruled by row, its rules alone deciding its rows: every gap a rule lies in
    (`ruled`) is clearly wider than any row gap without one (`gapped`). Rules that mark only some
    rows (group separators) leave row gaps as wide as theirs."""
    ruled_gaps = [gap for gap, r in zip(gaps, ruled) if r]
    unruled_gaps = [gap for gap, r, g in zip(gaps, ruled, gapped) if g and not r]
    return bool(ruled_gaps) and (not unruled_gaps or max(unruled_gaps) < min(ruled_gaps) - settings.row_gap_min)


def assign_rows(body: pd.DataFrame, parts: pd.DataFrame, rules: pd.DataFrame, threshold: float,
                settings: GridSettings = DEFAULT_GRID) -> tuple[pd.Series, list[tuple[int, float, float]]]:
    """Row index per word, from rules and gaps (see `row_breaks`; `parts`: `column_lines(body)`),
    and the lines whose row is in doubt: (line, top, gap above)."""
    lines = visual_lines(parts)
    breaks, doubtful = row_breaks(lines, rules, threshold, settings)
    rows = np.cumsum(breaks)
    return (body["line"].map(dict(zip((line[0] for line in lines), rows.tolist()))),
            [(lines[index][0], lines[index][1], gap) for index, gap in doubtful])


def rows_spanned_from_above(body: pd.DataFrame, rules: pd.DataFrame, starts: list[float]) -> set[int]:
    """Rows whose first cell is merged with the one above: the rule between the two rows stops
    short of the first column (only a ruled table can show this; a borderless one cannot)."""
    if len(starts) < 2 or not len(rules):
        return set()
    extents: dict[int, list[float]] = {}
    for row, top, bottom in zip(body["row"].tolist(), body["top"].tolist(), body["bottom"].tolist()):
        extent = extents.setdefault(row, [top, bottom])
        extent[0], extent[1] = min(extent[0], top), max(extent[1], bottom)
    inside_first_column = (starts[0] + starts[1]) / 2
    rule_tops, rule_x0 = rules["top"].to_numpy(), rules["x0"].to_numpy()
    rows = sorted(extents)
    tops, bottoms = [extents[row][0] for row in rows], [extents[row][1] for row in rows]
    spanned = set()
    for row, top, above_bottom in zip(rows[1:], tops[1:], bottoms[:-1]):
        between = (rule_tops > above_bottom - 0.5) & (rule_tops < top + 0.5)
        if between.any() and not (rule_x0[between] < inside_first_column).any():
            spanned.add(row)
    return spanned


def assign_stacked_items(body: pd.DataFrame, parts: pd.DataFrame, threshold: float) -> pd.Series:
    """For tables whose cells stack several entries: each entry becomes its own row, numbered
    down each column independently (row = column × 1000 + entry).

    A line opens a new entry after a paragraph gap, or when it starts with a capital where a
    wrapped line would carry on in lower case ('Police powers and / public treatment').
    """
    item_of = {}
    for col, column in parts.sort_values("top").groupby("col"):
        item, bottom = 0, None
        for line in column.itertuples(index=False):
            capital = line.first_word[:1].isupper()
            if bottom is not None and (line.top - bottom > threshold or capital):
                item += 1
            item_of[(line.line, col)] = col * 1000 + item
            bottom = line.bottom
    return pd.Series([item_of[key] for key in zip(body["line"], body["col"])], index=body.index)
