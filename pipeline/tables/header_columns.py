"""Columns: where a table's header cells start (checked against the body's alignment, the edges of
its cells, `cell_edges.py`, and the gutters it leaves clear) and which column each word is in (the
body's lines are found in `body_lines.py`)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from pipeline.tables.cell_edges import (aligned_starts, cell_pieces, flush_right_edges, flush_right_reaches,
                                        starts_aligned)
from pipeline.tables.settings import GridSettings

RULE_REACH = 1.0  # points: a rule falling this short of a line's top or bottom still runs through it
NARROWER_THAN_SPACE = 0.75  # of a header's word space: a gap this narrow parts cells (a monospaced space is wide)
USUAL_GAPS, SAME_GAP = 3, 0.1  # a word space: the gap more than half a header's gaps share, 3 at least, to 0.1 pt
WIDER_THAN_SPACE = 1.2  # of a header's word space: a gap this much wider parts cells over a wide gutter below


def header_lines(page_lines: pd.DataFrame, start_line: int, settings: GridSettings) -> pd.DataFrame:
    """The bold lines of one size that make up the header row, starting at `start_line` and ending
    before its first line is printed again (a header row printed twice over, the first with no row
    under it, as a page's last lines: the second is a header row of its own). A bold line of another
    size is a heading or a caption above the header, however close it is set."""
    below = page_lines[page_lines["line"] >= start_line]
    chosen, first_text, first_size = [], None, None
    previous_bottom = None
    for line, top, bottom, size, bold, text in zip(*(below[c].tolist()
                                                     for c in ("line", "top", "bottom", "size", "bold", "text"))):
        if (not bold or (previous_bottom is not None and top - previous_bottom > settings.header_gap * size)
                or " ".join(text.split()) == first_text
                or (first_size is not None and abs(size - first_size) > settings.size_change)):
            break
        first_text, first_size = first_text or " ".join(text.split()), first_size or size
        chosen.append(line)
        previous_bottom = bottom
    return page_lines[page_lines["line"].isin(chosen)]


def clear_stretches(below: pd.DataFrame | None, left: float, right: float) -> list[tuple[float, float]]:
    """The stretches of [left, right] that no word of the text below covers, left to right (none
    with no text below: no evidence)."""
    if below is None or not len(below):
        return []
    inside = below[(below["x1"] > left) & (below["x0"] < right)].sort_values("x0")
    stretches, reached = [], left
    for x0, x1 in zip(inside["x0"].tolist(), inside["x1"].tolist()):
        if x0 > reached:
            stretches.append((reached, x0))
        reached = max(reached, x1)
    return stretches + ([(reached, right)] if right > reached else [])


def clear_width(below: pd.DataFrame | None, left: float, right: float) -> float:
    """The widest stretch of [left, right] that no word of the text below covers (0 with no text below)."""
    return max((end - start for start, end in clear_stretches(below, left, right)), default=0.0)


def clear_around(below: pd.DataFrame | None, left: float, right: float) -> float:
    """How wide the stretch is that the text below leaves clear all the way across [left, right],
    reaching out either side as far as it goes (0 where a word below covers any of it, or with no
    text below)."""
    if below is None or not len(below):
        return 0.0
    reach = below[(below["x1"] > left) & (below["x0"] < right)]
    if len(reach):
        return 0.0
    before, after = below["x1"][below["x1"] <= left], below["x0"][below["x0"] >= right]
    return (float(after.min()) if len(after) else right) - (float(before.max()) if len(before) else left)


def header_cell_spans(header_words: pd.DataFrame, aligned: np.ndarray, settings: GridSettings,
                      below: pd.DataFrame | None = None, dividers: pd.DataFrame | None = None,
                      flush_ends: np.ndarray = np.array([])) -> list[list[float]]:
    """The header cells of each header line as [x0, x1]: its words split
    - at wide gaps, and at gaps clearly narrower than the header's word space (a monospaced font's
      space is wider than a tight table's gutter);
    - at a vertical rule drawn between them (`dividers`);
    - at any gap where a cell starts in the text below or a column set flush right below ends
      (`flush_ends`), or where a cell starts on another header line (exactly, and not where the
      words from there to the next gutter end together with that cell too: engines align a
      cell's lines, and a line of a right-aligned cell meets inner words of another line of the
      same cell by chance, 'Responding to the / public'), or where cells part on other lines too
      (`shared_narrow_edges`: cells of a tight table nearly touch; `right_aligned_edges`);
    - at a narrow gutter the text below leaves clear all the way down (cells centred under
      centred headers start nowhere in common), or at any gap clearly wider than the header's
      word space over a wide gutter of the text below (two centred header cells whose first
      lines, wider than their columns' text, all but meet: 'Leadership and | Recording data')."""
    words = sorted(zip(*(header_words[c].tolist() for c in ("line", "x0", "x1", "size"))))
    bands = dividers_by_line(header_words, dividers)
    sized_gaps = [(x0 - before[2], size) for (line, x0, _, size), before in zip(words[1:], words[:-1])
                  if before[0] == line and x0 - before[2] > settings.cell_gap * size]
    gaps = [gap for gap, _ in sized_gaps]
    space = usual_gap([gap for gap, size in sized_gaps if gap <= settings.gutter * size])  # the word space
    narrower = space is not None and min(gaps) < NARROWER_THAN_SPACE * space
    word_space = settings.space_factor * (space if narrower else min(gaps, default=0.0))  # wide in a monospaced font
    run_ends = ends_of_runs(words, settings)
    opening = [(x0, end) for (line, x0, x1, size), before, end in zip(words, [None] + words[:-1], run_ends)
               if before is None or before[0] != line or x0 - before[2] > settings.gutter * size]
    known, known_run_ends = np.asarray(opening, dtype=float).reshape(-1, 2).T
    narrow_starts, narrow_ends = shared_narrow_edges(words, word_space, settings)
    narrow_starts = np.asarray(narrow_starts, dtype=float)
    known_ends = np.asarray(narrow_ends + right_aligned_edges(words, settings), dtype=float)
    spans: list[list[float]] = []
    previous = None
    for (line, x0, x1, size), run_end in zip(words, run_ends):
        gap = x0 - previous[1] if previous is not None and previous[0] == line else None
        at_known_edge = gap is not None and bool(
            ((aligned > previous[1]) & (aligned <= x0 + settings.column_snap)).any()
            or ((flush_ends > previous[1] - settings.edge_match) & (flush_ends < x0)).any()
            or ((np.abs(known - x0) <= settings.edge_match)
                & (np.abs(known_run_ends - run_end) > settings.edge_match)).any()
            or (np.abs(narrow_starts - x0) <= settings.edge_match).any()
            or (np.abs(known_ends - previous[1]) <= settings.edge_match).any())
        opens = gap is None or gap > settings.gutter * size or (
            narrower and settings.cell_gap * size < gap < NARROWER_THAN_SPACE * space) or bool(
            line in bands and ((bands[line] > previous[1]) & (bands[line] < x0)).any()) or (
            gap > settings.cell_gap * size and at_known_edge) or (
            gap > max(settings.narrow_gutter * size, word_space)
            and clear_width(below, previous[1], x0) > settings.narrow_gutter * size) or (
            space is not None and gap > WIDER_THAN_SPACE * space
            and clear_around(below, previous[1], x0) > settings.gutter * size)
        if opens:
            spans.append([x0, x1])
        else:
            spans[-1][1] = x1
        previous = (line, x1)
    return spans


def ends_of_runs(words: list[tuple], settings: GridSettings) -> list[float]:
    """For each word (line, x0, x1, size, in line order), where the words from it to the next gap
    wide enough to part cells on its own (`gutter`) end."""
    ends = [0.0] * len(words)
    for index in range(len(words) - 1, -1, -1):
        line, _, x1, _ = words[index]
        following = words[index + 1] if index + 1 < len(words) else None
        joined = following is not None and following[0] == line and following[1] - x1 <= settings.gutter * following[3]
        ends[index] = ends[index + 1] if joined else x1
    return ends


def usual_gap(gaps: list[float]) -> float | None:
    """The gap more than half of a header's narrow gaps (none wide enough to part cells alone)
    share to within SAME_GAP, USUAL_GAPS at least: engines set one font's word spaces alike. None
    where no gap is that usual."""
    values = np.sort(np.asarray(gaps, dtype=float))
    if len(values) < USUAL_GAPS:
        return None
    counts = np.searchsorted(values, values + SAME_GAP, side="right") - np.searchsorted(values, values - SAME_GAP)
    best = int(np.argmax(counts))
    if counts[best] < USUAL_GAPS or counts[best] * 2 <= len(values):
        return None
    return float(values[best])


def shared_narrow_edges(words: list[tuple], word_space: float,
                        settings: GridSettings) -> tuple[list[float], list[float]]:
    """Where header cells that nearly touch part: a narrow gutter (wider than the header's word
    spaces, narrower than a gutter that parts cells on its own) after which a word starts where a
    word of another header line starts too, after more than kerning (left-aligned cells wrapped over
    the same lines: 'Responding / to the public' beside 'Investigating / crime'), or before which a
    word ends where a word of another line ends (right-aligned cells). Engines align a cell's lines
    exactly, so the edges must agree to `edge_match`. The starts and the ends, from words (line, x0,
    x1, size) in line order."""
    pairs = [(line, before[2], x0,
              max(settings.narrow_gutter * size, word_space) < x0 - before[2] <= settings.gutter * size)
             for (line, x0, _, size), before in zip(words[1:], words[:-1])
             if before[0] == line and x0 - before[2] > settings.cell_gap * size]

    def shared(edge: int) -> list[float]:
        return [pair[edge] for pair in pairs if pair[3] and any(
            other[0] != pair[0] and abs(other[edge] - pair[edge]) <= settings.edge_match for other in pairs)]
    return shared(2), shared(1)


def right_aligned_edges(words: list[tuple], settings: GridSettings) -> list[float]:
    """The right edges of right-aligned header cells (`flush_right_edges`) among the words followed
    by another on their line, where a gap parts cells however narrow it is (a tight header whose
    word spaces are as wide as its gutters). From words (line, x0, x1, size) in line order."""
    ending = np.array([(line, before[1], before[2]) for (line, x0, _, size), before in zip(words[1:], words[:-1])
                       if before[0] == line and x0 - before[2] > settings.cell_gap * size], dtype=float)
    if not len(ending):
        return []
    return flush_right_edges(ending[:, 0], ending[:, 1], ending[:, 2], settings).tolist()


def gutter_end(below: pd.DataFrame | None, previous_end: float, x0: float, settings: GridSettings) -> float:
    """Where a column starts that no aligned cells show: at its header text (`x0`), or, where the
    text below runs left of it, at the end of the last gutter that text leaves clear after the
    column before (a centred header over one row of left-aligned cells)."""
    if not np.isfinite(previous_end) or below is None or not len(below):
        return x0
    size = float(below["size"].median())
    gutters = [(start, end) for start, end in clear_stretches(below, previous_end, x0)
               if end - start > settings.narrow_gutter * size]
    return gutters[-1][1] if gutters else x0


def straddled(below: pd.DataFrame | None, x: float, settings: GridSettings) -> bool:
    """Whether a word of the text below runs across `x`: no column starts there (cells centred
    under the header: the words of one length align, a longer word starts further left)."""
    if below is None or not len(below):
        return False
    return bool(((below["x0"] < x - settings.column_snap) & (below["x1"] > x + settings.column_snap)).any())


def cells_of_column_before(start: float, before: float, aligned: np.ndarray, below: pd.DataFrame | None,
                           x0: float, settings: GridSettings) -> bool:
    """Whether cells aligned at `start`, left of a header cell starting at `x0`, belong to the column
    before (starting at `before`) rather than to this one: they all end clear of the header's start,
    and no other cells start in the column before. Cells of one width set flush right ('N/A' all the
    way down) show no alignment of their own; taken as this column's, they would leave the column
    before empty."""
    if below is None or not len(below) or ((aligned >= before - settings.column_snap)
                                           & (aligned < start - settings.column_snap)).any():
        return False
    cells = below[(below["x0"] - start).abs() <= settings.column_snap]
    return bool(len(cells)) and bool((cells["x1"] < x0 - settings.narrow_gutter * cells["size"]).all())


def column_starts(header_words: pd.DataFrame, settings: GridSettings,
                  below: pd.DataFrame | None = None, dividers: pd.DataFrame | None = None) -> list[float]:
    """Where each column starts, from the header row, the text below it and the vertical rules
    drawn through the header (`dividers`: x0, x1, top, bottom).

    Header cells on different lines of the header row that overlap are one column (a wrapped or
    centred header cell). A column starts at the rule drawn between its header and the column
    before (a ruled table: the cell's own edge, wherever its text is aligned); else where its
    header text starts, or further left where the text below starts cells between it and the
    column before (a centred header over left-aligned cells), or where the gutter the text below
    leaves clear ends (`gutter_end`); there too where a word below runs across the start the
    aligned cells give (`straddled`: cells centred, only the words of one length align).
    """
    pieces = cell_pieces(below, settings) if below is not None and len(below) else None
    aligned, reaches = starts_aligned(pieces, settings), flush_right_reaches(pieces, settings)
    columns: list[list[float]] = []
    for x0, x1 in sorted(header_cell_spans(header_words, aligned, settings, below, dividers,
                                           np.array([edge for edge, _ in reaches]))):
        if columns and x0 < columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    starts: list[float] = []
    previous_end = float("-inf")
    for (x0, x1), next_x0 in zip(columns, [column[0] for column in columns[1:]] + [float("inf")]):
        under = aligned[(aligned > previous_end) & (aligned <= x0 + settings.column_snap)]
        if len(under) and starts and cells_of_column_before(float(under.min()), starts[-1], aligned, below, x0,
                                                            settings):
            under = under[:0]
        edges = rules_between(dividers, previous_end, x0)
        if len(edges):
            start = float(edges.max())
        elif len(under) and not straddled(below, float(min(x0, under.min())), settings):
            start = float(min(x0, under.min()))
        else:
            start = gutter_end(below, previous_end, float(min([x0, *under])), settings)
        if not len(edges):
            start = min([start, *(reach for edge, reach in reaches if x0 < edge < next_x0 and reach > previous_end)])
        if not starts or start - starts[-1] > settings.column_snap:
            starts.append(start)
        previous_end = x1
    return starts


SHIFTED_SHARE = 0.8  # of the cell starts on a page a table runs on to that must line up with the page before once shifted


def shifted_starts(starts: list[float], below: pd.DataFrame, settings: GridSettings,
                   printed: pd.DataFrame | None = None,
                   frames: tuple[np.ndarray, np.ndarray] | None = None,
                   seen_offsets: tuple[float, ...] = ()) -> list[float]:
    """The column starts of a table that runs on to a page where it is set further left or right
    (mirrored margins on facing pages): shifted by the offset that lines up most (`SHIFTED_SHARE`),
    and two or more, of the places where the page's text starts cells (on any line: a table's last
    rows may be all it has on the page) with where its cells start on the page before: its column
    starts, and where the text of its rows there (`printed`) starts cells (grades centred in their
    columns start wherever their words put them, the same on every page); if that lines up more of
    them than the starts as they are. The edges of columns set flush right (`flush_right_edges`)
    count too, against those of the rows before: such a column's cells start wherever their words'
    lengths put them; and so do the vertical rules of a ruled table (`frames`: the x of those beside
    its first line on this page, and of those beside its rows on the page before), which stand at
    every column's edge however few of its cells the page's lines fill. The share is of the places
    both pages can show (of each kind, the fewer of the two: a page before holding a row or two
    shows fewer than a full page). Of offsets that line up as
    many, the smallest is taken. An offset the document has shown already between the table's
    pages and others set alike (`seen_offsets`: facing pages alternate) needs but one start lined
    up: a page may hold only the last line of a row broken over the page before; and where it lines
    up every column start of the table, it needs no share of the page's other starts (a monospaced
    font's wide spaces part its lines' words into many more)."""
    one_line = replace(settings, aligned_lines=1)
    aligned = aligned_starts(below, one_line)
    if not len(aligned) or not starts:
        return starts
    known = np.union1d(starts, aligned_starts(printed, one_line)) if printed is not None else np.sort(starts)
    edges, known_edges = (flush_right_edges(*cell_pieces(text, one_line), one_line)
                          if text is not None and len(text) else np.array([]) for text in (below, printed))
    rules, known_rules = frames if frames is not None and all(len(x) for x in frames) else (np.array([]),) * 2
    offsets = np.unique(np.round(np.r_[(aligned[:, None] - known[None, :]).ravel(),
                                       (edges[:, None] - known_edges[None, :]).ravel(),
                                       (rules[:, None] - known_rules[None, :]).ravel()], 2))
    lined_up = sum(starts_lined_up(here, np.sort(before), np.r_[0.0, offsets], settings.column_snap)
                   for here, before in ((aligned, known), (edges, known_edges), (rules, known_rules)))
    best = int(np.lexsort((np.abs(offsets), -lined_up[1:]))[0])
    evidence = sum(min(len(here), len(before)) for here, before in ((aligned, known), (edges, known_edges),
                                                                     (rules, known_rules)))
    seen = any(abs(offsets[best] - offset) <= settings.column_snap for offset in seen_offsets)
    moved = np.asarray(starts, dtype=float) + offsets[best]
    every_column = seen and starts_lined_up(moved, aligned, np.zeros(1), settings.column_snap)[0] == len(moved)
    if lined_up[best + 1] > lined_up[0] and (every_column or
                                             lined_up[best + 1] >= max(1 if seen else 2, SHIFTED_SHARE * evidence)):
        return moved.tolist()
    return starts


def starts_lined_up(aligned: np.ndarray, known: np.ndarray, offsets: np.ndarray, snap: float) -> np.ndarray:
    """For each offset, how many of the `aligned` starts lie within `snap` of a `known` start
    (sorted) moved by it."""
    if not len(known):
        return np.zeros(len(offsets), dtype=int)
    wanted = aligned[None, :] - offsets[:, None]
    at = np.searchsorted(known, wanted).clip(1, len(known) - 1) if len(known) > 1 else np.zeros_like(wanted, int)
    nearest = np.minimum(np.abs(wanted - known[at]), np.abs(wanted - known[np.maximum(at - 1, 0)]))
    return (nearest <= snap).sum(axis=1)


def rules_between(dividers: pd.DataFrame | None, left: float, right: float) -> np.ndarray:
    """The x of the vertical rules strictly between `left` and `right`."""
    if dividers is None or not len(dividers):
        return np.array([])
    middle = rule_middles(dividers)
    return middle[(middle > left) & (middle < right)]


def rule_middles(dividers: pd.DataFrame) -> np.ndarray:
    return ((dividers["x0"] + dividers["x1"]) / 2).to_numpy()


def dividers_by_line(header_words: pd.DataFrame, dividers: pd.DataFrame | None) -> dict[int, np.ndarray]:
    """Per header line, the x of the vertical rules drawn down through its height."""
    if dividers is None or not len(dividers):
        return {}
    bands: dict[int, list[float]] = {}
    for line, top, bottom in zip(*(header_words[c].tolist() for c in ("line", "top", "bottom"))):
        band = bands.setdefault(line, [top, bottom])
        band[0], band[1] = min(band[0], top), max(band[1], bottom)
    middle = rule_middles(dividers)
    tops, bottoms = dividers["top"].to_numpy(), dividers["bottom"].to_numpy()
    return {line: middle[(tops <= top + RULE_REACH) & (bottoms >= bottom - RULE_REACH)]
            for line, (top, bottom) in bands.items()}


def column_of(x0: pd.Series, starts: list[float], settings: GridSettings) -> pd.Series:
    """Index of the column whose start is the last one at or left of each word."""
    edges = np.asarray(starts) - settings.column_snap
    return pd.Series(np.maximum(np.searchsorted(edges, x0.to_numpy(), side="right") - 1, 0), index=x0.index)
