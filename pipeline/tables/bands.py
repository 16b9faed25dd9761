"""Rows of a table ruled row by row: each piece of text in the band between two rules, a cell the
rules do not close spanning the bands it covers, and gaps standing in for rules above the first."""
from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from pipeline.tables.grid import Line


def stand_in_rules(lines: list[Line], ruled: list[bool], gapped: list[bool], bbox: tuple,
                   bold: np.ndarray | None = None, slack: float = 0.0) -> np.ndarray:
    """Rules to stand in the wide gaps (`gapped`) above a ruled table's first rule (`ruled`): rows
    ruled apart may have a header set apart from them by a gap and no rule (its fill), or by its
    weight alone: under its first lines, every word of them set bold (`bold`, per word), the
    first line with no bold word. A gap stands in for a rule only as wide as the gaps rules lie in,
    but `slack` points: the lines of a tall header cell, set a little unevenly, are one row."""
    first = next((index for index, flag in enumerate(ruled) if flag), len(lines))
    gaps = [0.0] + [line.top - above.bottom for above, line in zip(lines, lines[1:])]
    least = min((gap for gap, flag in zip(gaps[1:], ruled[1:]) if flag), default=0.0) - slack
    parted = [wide and gap >= least for wide, gap in zip(gapped, gaps)]
    header = bold_header_lines(lines[:first], bold)
    if header:
        parted[header] = True
    tops = [(lines[index - 1].bottom + lines[index].top) / 2 for index in range(1, first) if parted[index]]
    return np.array([[top, bbox[0], bbox[2]] for top in tops]).reshape(-1, 3)


def bold_header_lines(lines: list[Line], bold: np.ndarray | None) -> int:
    """How many first lines make a header by weight alone: every word of them set bold, and the
    line under them none (0 where there is no such line)."""
    if bold is None:
        return 0
    weights = [bold[[m for _, members in line.pieces for m in members]] for line in lines]
    header = next((index for index, weight in enumerate(weights) if not weight.all()), len(lines))
    return header if 0 < header < len(lines) and not weights[header].any() else 0


def band_rows(lines: list[Line], arrays: dict[str, np.ndarray], kept: np.ndarray) -> list[list[tuple[int, int]]]:
    """Rows of a table ruled row by row, piece by piece: the band between two rules its middle
    lies in; where the rule above it does not run over it, the cell spans from the band above (a
    label set in the middle of two rows beside a header split in two), and where the rule below
    does not, down to the band below. A column no rule runs over at all (labels beside the grid)
    keeps the bands its text lies in. `kept`: the rules that part rows (`parting_rules`), rows of
    top, x0, x1. Each piece's (first row, last row)."""
    levels: list[float] = []
    for y in sorted(kept[:, 0].tolist()):
        if not levels or y - levels[-1] > 1.5:
            levels.append(y)
    bounds = np.asarray(levels)
    raw, occupied = [], set()
    for line in lines:
        rows = []
        for col, members in line.pieces:
            middle = (arrays["top"][members].min() + arrays["bottom"][members].max()) / 2
            centre = (arrays["x0"][members].min() + arrays["x1"][members].max()) / 2
            band = int(np.searchsorted(bounds, middle))
            rows.append((band, col, centre))
            occupied.add((band, col))
        raw.append(rows)

    at_level = [kept[np.abs(kept[:, 0] - bound) <= 1.5] for bound in levels]

    def ruled_over(level: int, centre: float) -> bool:
        at = at_level[level]
        return bool(((at[:, 1] <= centre) & (at[:, 2] >= centre)).any())

    result = []
    for rows in raw:
        result.append([])
        for band, col, centre in rows:
            if not ((kept[:, 1] <= centre) & (kept[:, 2] >= centre)).any():
                result[-1].append((band, band))  # a column beside the ruled grid: no rule spans it
                continue
            first = band
            while first > 0 and not ruled_over(first - 1, centre):
                first -= 1
            last = band
            while last < len(bounds) and not ruled_over(last, centre):
                last += 1
            result[-1].append((first, last))
    used = sorted({first for rows in result for first, _ in rows})  # a band's row: the last that opens at or above it
    return [[(bisect_right(used, first) - 1, bisect_right(used, last) - 1) for first, last in rows] for rows in result]
