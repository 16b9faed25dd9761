"""Columns of a table region: vertical white space (gutters) that runs through its lines, or its
vertical rules. Pure functions over plain arrays and frames."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.tables.segments import aligned_counts
from pipeline.tables.settings import DEFAULT, TableSettings


def gutters(segments: pd.DataFrame, x0: float, x1: float, size: float,
            settings: TableSettings = DEFAULT) -> list[tuple[float, float]]:
    """Empty vertical strips of the region [x0, x1] (see `strips`), found again without the
    segments that run right across one (spanning headers): where a spanning header starts or
    ends inside the white space between two columns, that white space still parts them. A strip
    no segment crosses that is lost so stands (what ran across were cells wider than the others of
    their column, not headers). One a segment crosses between columns of fewer than two cells
    (`without_thin_columns`) does not, and is set aside before the segments across strips are:
    a wider cell crossing the white beside its column's shorter cells spans nothing. Nor does one
    inside a cell set flush right (`inside_a_flush_right_cell`), nor the spaces of words on a
    monospaced grid (`word_spaced`)."""
    found = strips(segments, x0, x1, size, settings)
    if not found or segments.empty:
        return found
    sx0, sx1 = segments["x0"].to_numpy(), segments["x1"].to_numpy()
    heights = segments["top"].to_numpy(float), segments["bottom"].to_numpy(float)
    found = without_thin_columns(found, sx0, sx1, heights)
    crossing = [(sx0 < a) & (sx1 > b) for a, b in found]
    spanning = np.logical_or.reduce(crossing)
    if spanning.any() and not spanning.all():
        again = strips(segments[~spanning], x0, x1, size, settings)
        lost = [(a, b) for (a, b), crossed in zip(found, crossing)
                if not crossed.any() and not any(c < b and d > a for c, d in again)]
        found = sorted(again + lost)
    found = without_header_only_columns(without_thin_columns(found, sx0, sx1, heights), sx0, sx1, heights)
    space = letter_width(segments)
    lines = segments["line"].to_numpy()
    return [strip for strip in found
            if not inside_a_flush_right_cell(strip, found, sx0, sx1, lines, settings.exact_start_pt)
            and not (space is not None and word_spaced(strip, segments, space))]


WORD_SPACE_SLACK = 0.1  # of a monospaced font's letter width: a strip this close to one letter wide is a word space


def word_spaced(strip: tuple[float, float], segments: pd.DataFrame, space: float) -> bool:
    """Whether a strip of a table set in a monospaced font (`space`: its letter width) is a word
    space: one letter wide, and the lines where a word ends at its left edge are the lines where one
    starts at its right edge, one letter on (words of one length followed by a space, line after
    line). A gutter one letter wide has cells starting at it after more white on most lines, beside
    its column's shorter cells."""
    a, b = strip
    slack = WORD_SPACE_SLACK * space
    if abs(b - a - space) > slack:
        return False
    lines = segments["line"].to_numpy()
    ending = set(lines[np.abs(segments["x1"].to_numpy(float) - a) <= slack].tolist())
    starting = set(lines[np.abs(segments["x0"].to_numpy(float) - b) <= slack].tolist())
    return bool(ending) and ending == starting


def letter_width(segments: pd.DataFrame, spread: float = 1.02, least_letters: int = 3) -> float | None:
    """The one width per letter (a space's too) of segments set in a monospaced font: each of
    `least_letters` or more (two at least) as wide per letter, to within `spread`; None otherwise.
    Their words stand on a grid of letters, so that the spaces after words of one length line up
    from line to line (`word_spaced`)."""
    letters = segments["text"].str.len().to_numpy()
    counted = letters >= least_letters
    if counted.sum() < 2:
        return None
    per_letter = (segments["x1"].to_numpy(float) - segments["x0"].to_numpy(float))[counted] / letters[counted]
    return float(np.median(per_letter)) if per_letter.max() <= spread * per_letter.min() else None


def without_thin_columns(found: list[tuple[float, float]], sx0: np.ndarray, sx1: np.ndarray,
                         heights: tuple[np.ndarray, np.ndarray]) -> list[tuple[float, float]]:
    """`found` without the strips crossed between thin columns (`crossed_between_thin_columns`),
    those most segments cross first (together where as many cross each), then again: two such strips
    side by side (the white beside a column's short cells and the gutter after it) each make the
    other's column thin. Strips that meet (a segment's edge between them) are judged as one."""
    while True:
        whole = joined_where_they_meet(found)
        thin = {strip: int(((sx0 < strip[0]) & (sx1 > strip[1])).sum()) for strip, joined in zip(found, whole)
                if crossed_between_thin_columns(joined, sorted(set(whole)), sx0, sx1, heights)}
        if not thin:
            return found
        most = max(thin.values())
        found = [strip for strip in found if thin.get(strip) != most]


MEETING_PT = 0.01  # strips whose ends lie this close meet


def joined_where_they_meet(found: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """For each strip of `found` (sorted), the run of strips that meet end to start it lies in."""
    runs: list[list[float]] = []
    for a, b in found:
        if runs and a <= runs[-1][1] + MEETING_PT:
            runs[-1][1] = max(runs[-1][1], b)
        else:
            runs.append([a, b])
    return [next((run[0], run[1]) for run in runs if run[0] <= a and b <= run[1]) for a, b in found]


def crossed_between_thin_columns(strip: tuple[float, float], found: list[tuple[float, float]], sx0: np.ndarray,
                                 sx1: np.ndarray, heights: tuple[np.ndarray, np.ndarray], least: int = 2) -> bool:
    """Whether a strip some segment runs right across parts columns of fewer than `least` segments
    on either side (between it and the strips beside it): the white space beside a column's
    shorter cells meeting the next column's one cell (a short table's header set flush right); or
    parts what never lies side by side (`heights`: each segment's top and bottom; no two overlap):
    the white between a header's lines set flush left and the cells under it set flush right, in
    one column."""
    across, before, after = beside_strip(strip, found, sx0, sx1)
    if not across.any():
        return False
    if int(before.sum()) < least or int(after.sum()) < least:
        return True
    return not lie_level(before, after, heights)


def lie_level(these: np.ndarray, those: np.ndarray, heights: tuple[np.ndarray, np.ndarray]) -> bool:
    """Whether any of `these` segments lies level with any of `those` (`heights`: tops, bottoms)."""
    top, bottom = heights
    return bool(((top[these][:, None] < bottom[those][None, :]) & (top[those][None, :] < bottom[these][:, None])).any())


def lies_over(these: np.ndarray, those: np.ndarray, heights: tuple[np.ndarray, np.ndarray]) -> bool:
    """Whether every one of `these` segments ends above every one of `those` begins (`heights`: tops, bottoms)."""
    top, bottom = heights
    return bool(these.any() and those.any() and bottom[these].max() <= top[those].min())


def without_header_only_columns(found: list[tuple[float, float]], sx0: np.ndarray, sx1: np.ndarray,
                                heights: tuple[np.ndarray, np.ndarray], least: int = 2) -> list[tuple[float, float]]:
    """`found` without the strips that part a column of fewer than `least` segments from the column
    of `least` or more it heads: no segment crosses the strip and the two never lie level (a short
    table's 'Version Number' set flush right over 'V1.5' set flush left, the white between them
    inside one column). Which neighbour such a column heads follows how the table sets its headers:
    each the column before it (flush right) or each the one after (flush left), the one way that
    gives every such column a neighbour to head; where both ways or neither do, the neighbour
    across the wider strip. So too a column of any length that lies wholly over its neighbour's
    (`lies_over`) across a strip no wider than another of the table's: a header's lines over the
    cells under it, on a page where the column's cells are all set flush right past the header's
    end ('N/A' in every row); text set in page columns lies further apart."""
    sides = [beside_strip(strip, found, sx0, sx1) for strip in found]
    apart = [not across.any() and before.any() and after.any() and not lie_level(before, after, heights)
             for across, before, after in sides]
    # column k lies between strips k - 1 and k: a thin column k + 1 may head column k across strip k
    counts = [(int(before.sum()), int(after.sum())) for _, before, after in sides]
    widths = [b - a for a, b in found]
    narrow = [width <= max(widths[:k] + widths[k + 1:], default=-np.inf) for k, width in enumerate(widths)]
    over = [(apart[k] and narrow[k] and lies_over(after, before, heights),
             apart[k] and narrow[k] and lies_over(before, after, heights))
            for k, (_, before, after) in enumerate(sides)]
    heads_before = {k + 1: k for k, (before, after) in enumerate(counts)
                    if apart[k] and after < least <= before or over[k][0]}
    heads_after = {k: k for k, (before, after) in enumerate(counts)
                   if apart[k] and before < least <= after or over[k][1]}
    thin = set(heads_before) | set(heads_after)
    if thin <= set(heads_before) and not thin <= set(heads_after):
        dropped = set(heads_before.values())
    elif thin <= set(heads_after) and not thin <= set(heads_before):
        dropped = set(heads_after.values())
    else:
        dropped = {max((ways[column] for ways in (heads_before, heads_after) if column in ways),
                       key=lambda k: found[k][1] - found[k][0]) for column in thin}
    return [strip for k, strip in enumerate(found) if k not in dropped]


def inside_a_flush_right_cell(strip: tuple[float, float], found: list[tuple[float, float]], sx0: np.ndarray,
                              sx1: np.ndarray, lines: np.ndarray, tolerance: float) -> bool:
    """Whether a strip some segment runs right across lies inside one cell set flush right: the
    segments across it and all those between it and the next strip end together (within
    `tolerance`), its longer lines running over the white its shorter ones leave (a last column's
    header set flush right over short cells set flush left), and no line (`lines`: each segment's)
    has text on both sides of it: there it parts two cells (names set flush left beside grades
    set flush right, under headers set flush right that all but meet across it)."""
    across, before, after = beside_strip(strip, found, sx0, sx1)
    if not across.any() or not after.any() or np.isin(lines[after], lines[before]).any():
        return False
    ends = sx1[across | after]
    return bool(ends.max() - ends.min() <= tolerance)


def beside_strip(strip: tuple[float, float], found: list[tuple[float, float]], sx0: np.ndarray, sx1: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which segments run right across a strip, and which lie wholly in the column before it and in
    the column after it (up to the strips beside it among `found`)."""
    a, b = strip
    left = max((edge for _, edge in found if edge <= a), default=-np.inf)
    right = min((edge for edge, _ in found if edge >= b), default=np.inf)
    return (sx0 < a) & (sx1 > b), (sx0 >= left) & (sx1 <= a), (sx0 >= b) & (sx1 <= right)


def strips(segments: pd.DataFrame, x0: float, x1: float, size: float,
           settings: TableSettings = DEFAULT) -> list[tuple[float, float]]:
    """Empty vertical strips of the region [x0, x1] at least `gutter_min` font sizes wide, or
    `aligned_gutter_min` where `shared_starts` segments of different widths start at the strip's
    right edge and end at its left edge, counted together (within `exact_start_pt`): cells set
    with tight padding, flush left or flush right in their column (a column of one grade set flush
    left, 'Ungraded' in every row, counts once, and so needs the cells that end before it).

    A strip counts as empty where no segment starts or ends inside it; a few lines
    (`gutter_crossings_share` of them, at least one where there are four lines or more) may run
    right across it: a header or a group label spanning several columns.
    """
    if segments.empty:
        return []
    lines = segments["line"].nunique()
    allowance = int(settings.gutter_crossings_share * lines)
    if lines >= 4:
        allowance = max(1, allowance)
    sx0, sx1 = segments["x0"].to_numpy(), segments["x1"].to_numpy()
    cuts = np.unique(np.r_[x0, x1, sx0, sx1])
    cuts = cuts[(cuts >= x0) & (cuts <= x1)]
    mids = (cuts[:-1] + cuts[1:]) / 2
    cover = (sx0[:, None] < mids[None, :]) & (sx1[:, None] > mids[None, :])
    seg_lines = segments["line"].to_numpy()
    line_count = np.array([len(set(seg_lines[cover[:, k]].tolist())) for k in range(len(mids))])
    free = line_count <= allowance
    found: list[tuple[float, float]] = []
    k = 0
    while k < len(mids):
        if not free[k]:
            k += 1
            continue
        j = k
        while j + 1 < len(mids) and free[j + 1]:
            j += 1
        found.extend(_clear_parts(cuts[k], cuts[j + 1], sx0, sx1))
        k = j + 1
    lefts, rights = segments["x0"].to_numpy(float), segments["x1"].to_numpy(float)
    aligned = (aligned_counts(np.array([b for _, b in found]), lefts, rights, settings.exact_start_pt)
               + aligned_counts(np.array([a for a, _ in found]), rights, lefts, settings.exact_start_pt))
    width = np.where(aligned >= settings.shared_starts, settings.aligned_gutter_min, settings.gutter_min) * size
    return [(a, b) for (a, b), least in zip(found, width) if b - a >= least and a > x0 and b < x1]


def _clear_parts(a: float, b: float, sx0: np.ndarray, sx1: np.ndarray) -> list[tuple[float, float]]:
    """Parts of [a, b] where no segment ends: segments that cover all of it are spanning cells."""
    partial = (sx1 > a) & (sx0 < b) & ~((sx0 <= a) & (sx1 >= b))
    edges = sorted({a, b, *sx0[partial & (sx0 > a)].tolist(), *sx1[partial & (sx1 < b)].tolist()})
    parts = []
    for left, right in zip(edges, edges[1:]):
        middle = (left + right) / 2
        if not ((sx0[partial] < middle) & (sx1[partial] > middle)).any():
            parts.append((left, right))
    return parts


def separators_from_gutters(found: list[tuple[float, float]]) -> list[float]:
    """One column boundary per gutter: its middle."""
    return [(a + b) / 2 for a, b in found]


def column_index(x: np.ndarray, separators: list[float]) -> np.ndarray:
    """Index of the column each x lies in, given sorted interior separators."""
    return np.searchsorted(np.asarray(separators, dtype=float), x, side="right")


def merge_disjoint_columns(cells: pd.DataFrame, fixed: set[int]) -> pd.DataFrame:
    """Join neighbouring columns that never have text in the same row: a header centred over
    right-aligned numbers leaves a gutter between itself and them, yet they are one column.
    `cells` has row, col, x0, x1; the boundary after column c is in `fixed` where it is a drawn
    rule (never joined). The closest pair (by the gap between their texts) is joined first."""
    col_of = cells["col"].tolist()
    rows_of = cells["row"].tolist()
    x0s, x1s = cells["x0"].tolist(), cells["x1"].tolist()
    while True:
        rows: dict[int, set] = {}
        extent: dict[int, list[float]] = {}
        for col, row, x0, x1 in zip(col_of, rows_of, x0s, x1s):
            rows.setdefault(col, set()).add(row)
            box = extent.setdefault(col, [x0, x1])
            box[0], box[1] = min(box[0], x0), max(box[1], x1)
        cols = sorted(rows)
        best = None
        for left, right in zip(cols, cols[1:]):
            if rows[left] & rows[right] or any(b in fixed for b in range(left, right)):
                continue
            gap = extent[right][0] - extent[left][1]
            if best is None or gap < best[0]:
                best = (gap, left, right)
        if best is None:
            return cells.assign(col=col_of)
        col_of = [best[1] if col == best[2] else col for col in col_of]
