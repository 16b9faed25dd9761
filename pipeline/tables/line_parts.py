"""A table region's words as lines, and where a line's words part into cells: which text lines
are one visual line (a cell's text set a little lower than its neighbours'), a line's top and
bottom, its words in reading order, and the cuts inside a piece that spans columns where its
parts lie in one column each (header cells centred over gutters narrower than they are)."""
from __future__ import annotations

from itertools import combinations
from typing import Iterator

import numpy as np
import pandas as pd

from pipeline.tables.settings import TableSettings


def visual_lines(words: pd.DataFrame, header: frozenset[int] = frozenset()) -> list[list[int]]:
    """Word positions (0-based, in `words`' order) grouped into lines top to bottom: text lines
    whose boxes overlap by more than half the smaller height are one line (a cell's text set a
    little lower than its neighbours'), but for the lines printing a header again (`header`, text
    line ids), never one with another: a row's rest may be set over them."""
    boxes_by_line: dict[int, list] = {}
    for position, (line, top, bottom) in enumerate(zip(words["line"].tolist(), words["top"].tolist(),
                                                       words["bottom"].tolist())):
        box = boxes_by_line.setdefault(line, [top, bottom, [], line in header])
        box[0], box[1] = min(box[0], top), max(box[1], bottom)
        box[2].append(position)
    boxes = sorted(boxes_by_line.values(), key=lambda b: b[0])
    merged: list[list] = []
    for top, bottom, members, printing_header in boxes:
        if merged:
            last = merged[-1]
            overlap = min(last[1], bottom) - max(last[0], top)
            if overlap > 0.5 * min(bottom - top, last[1] - last[0]) and last[3] == printing_header:
                last[1], last[2] = max(last[1], bottom), last[2] + members
                continue
        merged.append([top, bottom, members, printing_header])
    return [m[2] for m in merged]


def line_extent(tops: np.ndarray, bottoms: np.ndarray, sizes: np.ndarray,
                settings: TableSettings) -> tuple[float, float]:
    """A line's top and bottom: where most of its words' boxes lie, unless a word reaches further by
    more than a sliver of its size (`box_jitter_share`: a taller word, set larger). A word whose box
    its font alone makes a little taller (a ligature a reprint set in a font of its own) does not
    narrow the gaps a line is judged by."""
    highest, lowest = float(tops.min()), float(bottoms.max())
    if highest == float(tops.max()) and lowest == float(bottoms.min()):
        return highest, lowest  # its words' boxes all alike: nothing to weigh (most lines, and quicker)
    slack = settings.box_jitter_share * float(np.median(sizes))
    top, bottom = float(np.median(tops)), float(np.median(bottoms))
    return highest if top - highest > slack else top, lowest if lowest - bottom > slack else bottom


def in_one_column(x0: float, x1: float, left: np.ndarray, right: np.ndarray) -> bool:
    """Whether x0 to x1 holds no separator's gutter whole (`separator_bounds`): it spans no column."""
    return not ((left > x0) & (right < x1)).any()


def with_cuts_in_gutters(cut: np.ndarray, candidates: np.ndarray, x0: np.ndarray, x1: np.ndarray,
                         left: np.ndarray, right: np.ndarray, others: tuple[np.ndarray, np.ndarray],
                         settings: TableSettings) -> np.ndarray:
    """`cut` (where each piece of a line's words, sorted by x0, starts) also cut at the `candidates`
    inside each piece that spans columns, where every part then lies in one column lined up with a
    cell of other lines there (`lined_up`; `others`: their left and right edges), or at those set
    further from the word before than the piece's other words are (`narrow_gutter_spaces` times:
    header cells centred over a gutter no wider than a word space), where every part then lies in
    one column: a header spanning columns is cut nowhere. Where neither cuts, as many of the
    candidates as leave every part in one column lined up so are cut (`fewer_cuts`): a word space
    is a gutter where a cell set flush right ends it, though its neighbour's first word, longer
    than its column's others, reaches into the gutter."""
    if not candidates.any():
        return cut
    cut = cut.copy()
    starts = np.flatnonzero(cut).tolist() + [len(x0)]

    def lined(start: float, end: float) -> bool:
        return lined_up(start, end, left, right, others, settings.exact_start_pt)

    def alone(start: float, end: float) -> bool:
        return in_one_column(start, end, left, right)

    for a, b in zip(starts[:-1], starts[1:]):
        inner = [k for k in range(a + 1, b) if candidates[k]]
        if not inner or alone(float(x0[a]), float(x1[a:b].max())):
            continue
        spaces = [x0[k] - x1[k - 1] for k in range(a + 1, b) if not candidates[k]]
        wide = [k for k in inner if spaces and x0[k] - x1[k - 1] > settings.narrow_gutter_spaces * max(spaces)]
        for chosen, fits in ((inner, lined), (wide, alone), *((subset, lined) for subset in fewer_cuts(inner))):
            bounds = [a, *chosen, b]
            if chosen and all(fits(float(x0[p]), float(x1[p:q].max())) for p, q in zip(bounds, bounds[1:])):
                cut[chosen] = True
                break
    return cut


def fewer_cuts(inner: list[int], most: int = 4) -> Iterator[list[int]]:
    """The proper subsets of a piece's candidate cuts (`inner`), those of more cuts first; none where
    it has more than `most` (a header's long line, whose cuts the gutters decide)."""
    if len(inner) > most:
        return
    for size in range(len(inner) - 1, 0, -1):
        yield from (list(subset) for subset in combinations(inner, size))


def lined_up(x0: float, x1: float, left: np.ndarray, right: np.ndarray, others: tuple[np.ndarray, np.ndarray],
             tolerance: float) -> bool:
    """Whether x0 to x1 lies in one column and starts, ends or is centred where a piece over or under
    it does (`others`: the left and right edges of the segments of other lines), to within
    `tolerance`: a header's cells are set as one another and as the cells under them are."""
    if not in_one_column(x0, x1, left, right):
        return False
    ox0, ox1 = others
    near = (ox0 < x1) & (ox1 > x0)
    ox0, ox1 = ox0[near], ox1[near]
    return bool((np.abs(ox0 - x0) <= tolerance).any() or (np.abs(ox1 - x1) <= tolerance).any()
                or (np.abs((ox0 + ox1) - (x0 + x1)) <= 2 * tolerance).any())


def segment_edges(arrays: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each segment of a region's words (`arrays["segment"]`): its id, left and right edge."""
    if "segment" not in arrays or not len(arrays["segment"]):
        return np.zeros(0, dtype=int), np.zeros(0), np.zeros(0)
    ids, index = np.unique(arrays["segment"], return_inverse=True)
    lefts, rights = np.full(len(ids), np.inf), np.full(len(ids), -np.inf)
    np.minimum.at(lefts, index, arrays["x0"].astype(float))
    np.maximum.at(rights, index, arrays["x1"].astype(float))
    return ids, lefts, rights


def reading_order(arrays: dict[str, np.ndarray], members: np.ndarray) -> list[int]:
    """A piece's words (sorted left to right) line by line where they come from text lines stacked
    one over the other (a cell's lines merged into one visual line beside a taller neighbour's:
    words of different lines overlapping across), each line left to right."""
    lines, x0, x1 = arrays["line"][members], arrays["x0"][members], arrays["x1"][members]
    if (lines == lines[0]).all() or not (x0[1:] < np.maximum.accumulate(x1)[:-1] - 1.0).any():
        return members.tolist()
    tops = {line: float(arrays["top"][members][lines == line].min()) for line in set(lines.tolist())}
    return sorted(members.tolist(), key=lambda m: (tops[arrays["line"][m]], arrays["x0"][m]))
