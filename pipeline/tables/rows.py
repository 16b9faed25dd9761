"""Row evidence: the gaps between a table's lines judged per table (an in-cell line gap vs a row
gap), the rules lying in them, and whether the rules alone decide its rows (`line_rows` weighs them)."""
from __future__ import annotations

import numpy as np

from pipeline.tables.settings import TableSettings


def line_gaps(col: np.ndarray, order: np.ndarray, top: np.ndarray, bottom: np.ndarray, floor: float = 0.0,
              rule_tops: np.ndarray | None = None) -> np.ndarray:
    """Vertical gaps between consecutive lines of text inside each column (each line's part in a
    column: its `col`, `order` (the line's place top to bottom), `top` and `bottom`), those above
    `floor`. Measured column by column, so cells centred vertically (whose lines interleave with
    their neighbours' by any offset) show only their own line gap and the gaps between rows; lines
    set solid touch or overlap a little (a `floor` below 0 keeps those). Where `rule_tops` (sorted)
    are given, a gap over lines with no text in the column and a rule is left out: an empty
    column's cells span no gap of the text."""
    ordered = np.lexsort((top, col))
    col, order, top, bottom = col[ordered], order[ordered], top[ordered], bottom[ordered]
    tops, bottoms = top[1:], bottom[:-1]
    keep = col[1:] == col[:-1]
    if rule_tops is not None:
        ruled = np.searchsorted(rule_tops, tops + 0.5) > np.searchsorted(rule_tops, bottoms - 0.5, side="right")
        keep &= ~((order[1:] > order[:-1] + 1) & ruled)
    gaps = (tops - bottoms)[keep]
    return gaps[gaps > floor]

def one_kind_threshold(gaps: np.ndarray, size: float, settings: TableSettings) -> float:
    """The row gap threshold of a table whose gaps show no clear break (`clear_break`): every gap is
    of one kind, row gaps if they are wider than a line gap inside a cell can be."""
    in_cell = min(float(np.min(gaps)) if len(gaps) else size, settings.in_cell_gap_cap * size)
    return in_cell + max(settings.row_gap_min_pt, settings.row_gap_share * size)


def clear_break(gaps: np.ndarray, size: float, settings: TableSettings) -> float | None:
    """The middle of the first clear break in the sorted gaps, if any: the line gap inside a cell is
    the smallest kind of gap, so the first break wider than the jitter of line placement ends it;
    larger kinds (row gaps, paragraph gaps) lie above. The gaps below it are one kind only if they
    lie within the jitter of line placement; spread wider, they are two kinds less than a clear
    break apart (small text printed by a browser, its lines placed to the pixel: line gaps of one
    or two pixels, row gaps of three or four), and the two are parted where they are best separated
    (`best_split`). Their spread leaves out the few smallest and largest (`gap_outlier_share`): one
    line of another font among a hundred line gaps a pixel apart does not make two kinds of them;
    nor do gaps parted below zero: lines set solid overlap by their fonts' boxes, more or less,
    and a row gap is white. Nor does that share of them bridge a break (`first_clear_break`)."""
    margin = max(settings.row_gap_min_pt, settings.row_gap_share * size)
    ordered = np.sort(gaps)
    found = first_clear_break(ordered, max(margin, settings.jitter_pt, settings.row_gap_break * size),
                              settings.gap_outlier_share)
    if found is None:
        return None
    end, threshold = found
    below = ordered[:end + 1]
    trim = int(settings.gap_outlier_share * len(below))
    if below[len(below) - 1 - trim] - below[trim] > settings.jitter_pt:
        split = best_split(below, settings.jitter_pt)
        if split > 0:
            return split
    return threshold


def first_clear_break(ordered: np.ndarray, width: float, outlier_share: float) -> tuple[int, float] | None:
    """The first break at least `width` wide in sorted gaps: the index of the last gap below it, and
    the middle of the widest step inside it. Up to `outlier_share` of the gaps below may lie inside
    it (one gap under a bold header among two hundred line gaps of a pixel or two, a little wider
    than them, does not bridge the break to the row gaps), each then taken with the side it is
    nearer: the break is parted at its first step that wide, else at its widest."""
    ends = np.arange(len(ordered) - 1)
    reach = np.minimum(ends + 1 + (outlier_share * (ends + 1)).astype(int), len(ordered) - 1)
    breaks = np.flatnonzero(ordered[reach] - ordered[ends] >= width)
    if not len(breaks):
        return None
    end = int(breaks[0])
    steps = np.diff(ordered[end:reach[end] + 1])
    wide = np.flatnonzero(steps >= width)
    step = int(wide[0]) if len(wide) else int(np.argmax(steps))
    return end, float(ordered[end + step] + steps[step] / 2)


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


def rule_above_each_line(tops: np.ndarray, bottoms: np.ndarray, rule_tops: np.ndarray,
                         settings: TableSettings) -> list[bool]:
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
    columns or in the first. The last such lines open a row all the same."""
    wide = [index > 0 and gap > threshold for index, gap in enumerate(gaps)]
    gapped = list(wide)
    for index in np.flatnonzero(wide).tolist():
        end = next((later for later in range(index + 1, len(gaps)) if wide[later]), len(gaps))
        gapped[index] = end == len(gaps) or any(cols >= 2 or first == 0 for cols, first in columns[index:end])
    return gapped


def rules_decide(gaps: list[float], ruled: list[bool], gapped: list[bool], settings: TableSettings) -> bool:
    """Whether a table is ruled by row, its rules alone deciding its rows: every gap a rule lies in
    (`ruled`) is clearly wider than any row gap without one (`gapped`). Rules that mark only some
    rows (group separators) leave row gaps as wide as theirs."""
    ruled_gaps = [gap for gap, r in zip(gaps, ruled) if r]
    unruled_gaps = [gap for gap, r, g in zip(gaps, ruled, gapped) if g and not r]
    return bool(ruled_gaps) and (not unruled_gaps or max(unruled_gaps) < min(ruled_gaps) - settings.row_gap_min_pt)


