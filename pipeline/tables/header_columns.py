"""Columns: where a table's header cells start (checked against the body's alignment and the gutters
it leaves clear) and which column each word is in (the body's lines are found in `body_lines.py`)."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
import pandas as pd

from pipeline.tables.settings import GridSettings

RULE_REACH = 1.0  # points: a rule falling this short of a line's top or bottom still runs through it
RIGHT_EDGE_LINES = 3  # lines ending a word on one edge, starting at as many places: a right-aligned column
RIGHT_EDGE_MATCH = 0.1  # points: ... to within this
NARROWER_THAN_SPACE = 0.75  # of a header's word space: a gap this narrow parts cells (a monospaced space is wide)
USUAL_GAPS, SAME_GAP = 3, 0.1  # a word space: the gap more than half a header's gaps share, 3 at least, to 0.1 pt
RIGHT_ALIGNED_SHARE = 0.8  # of a cluster's cells ending on a right edge shared with other clusters: flush right


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


def cell_pieces(below: pd.DataFrame, settings: GridSettings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The cells (pieces of a line) of the text below a header, as their lines, starts and ends: a
    cell starts with a line's first word, one after a gutter (narrow, but clearly wider than the
    text's own word spaces, which in a monospaced font are wide and align from line to line), or
    one after a word that ends on a right-aligned column's edge (`flush_right_edges`)."""
    line, x0 = below["line"].to_numpy(), below["x0"].to_numpy()
    order = np.lexsort((x0, line))
    line, x0, x1, size = line[order], x0[order], below["x1"].to_numpy()[order], below["size"].to_numpy()[order]
    same_line = line[1:] == line[:-1]
    gaps = (x0[1:] - x1[:-1]) / size[1:]
    spaces = gaps[same_line & (gaps > settings.cell_gap)]  # the narrowest are word spaces (kerning aside)
    # a low share rather than the narrowest: one odd pair (an apostrophe whose glyph width a
    # re-encoded font hides) must not make every word space of a monospaced table a gutter
    word_space = (min(float(np.quantile(spaces, settings.word_space_quantile)), settings.max_word_space)
                  if len(spaces) else 0.0)
    gutter = max(settings.narrow_gutter, settings.space_factor * word_space) if len(spaces) else 0.0
    first = np.flatnonzero(np.r_[True, ~same_line | (gaps > gutter)])
    edges = flush_right_edges(line[first], x0[first], np.maximum.reduceat(x1, first), settings)
    if len(edges):  # a word ending on a right-aligned column's edge ends its cell, however near the next
        at_edge = (np.abs(x1[:-1, None] - edges[None, :]) <= RIGHT_EDGE_MATCH).any(axis=1)
        first = np.flatnonzero(np.r_[True, ~same_line | (gaps > gutter) | (at_edge & (gaps > settings.cell_gap))])
    return line[first], x0[first], np.maximum.reduceat(x1, first)


def aligned_starts(below: pd.DataFrame | None, settings: GridSettings) -> np.ndarray:
    """Where cells start on several lines of the text below a header (text in a cell is aligned
    at its left edge): cell starts (`cell_pieces`) clustered, kept where at least `aligned_lines`
    lines start a cell."""
    if below is None or not len(below):
        return np.array([])
    cell_lines, starts, ends = cell_pieces(below, settings)
    start_cluster = edge_clusters(starts, settings)
    end_cluster = edge_clusters(ends, settings)
    right_aligned = right_aligned_clusters(start_cluster, end_cluster, cell_lines, settings)
    aligned = [float(starts[start_cluster == cluster].min()) for cluster in np.unique(start_cluster)
               if cluster not in right_aligned
               and len(np.unique(cell_lines[start_cluster == cluster])) >= settings.aligned_lines]
    return np.array(sorted(aligned))


def flush_right_reaches(below: pd.DataFrame | None, settings: GridSettings) -> list[tuple[float, float]]:
    """Per right-aligned column's edge among the cells below a header (`flush_right_edges`), that
    edge and where its widest cell starts: the column starts there at the latest, however far
    right its header is printed ('Not inspected' under a narrow centred header)."""
    if below is None or not len(below):
        return []
    cell_lines, starts, ends = cell_pieces(below, settings)
    return [(edge, float(starts[np.abs(ends - edge) <= RIGHT_EDGE_MATCH].min()))
            for edge in flush_right_edges(cell_lines, starts, ends, settings).tolist()]


def edge_clusters(edges: np.ndarray, settings: GridSettings) -> np.ndarray:
    """Each edge's cluster: edges in order, a new cluster more than `column_snap` past the first of
    the one before."""
    order = np.argsort(edges, kind="stable")
    cluster = np.empty(len(edges), dtype=np.int64)
    number, first = -1, float("-inf")
    for index in order.tolist():
        if edges[index] - first > settings.column_snap:
            number, first = number + 1, edges[index]
        cluster[index] = number
    return cluster


def right_aligned_clusters(start_cluster: np.ndarray, end_cluster: np.ndarray, lines: np.ndarray,
                           settings: GridSettings) -> set[int]:
    """Clusters of cell starts that are not a column's left edge but the starts of right-aligned
    cells of one length (every 'Good' of a column of grades set flush right): most of their cells
    end on one right edge, on `aligned_lines` lines or more, where most cells of another cluster
    end too. (A few cells of another cluster ending there by chance are no evidence: a row label
    run into a column of one word, 'Ungraded' on every line, read as one cell with it.)"""
    flush_end = {}
    for cluster in np.unique(start_cluster).tolist():
        ends, counts = np.unique(end_cluster[start_cluster == cluster], return_counts=True)
        if counts.max() >= RIGHT_ALIGNED_SHARE * counts.sum():
            flush_end[cluster] = int(ends[np.argmax(counts)])
    sharing = Counter(flush_end.values())
    return {cluster for cluster, end in flush_end.items()
            if sharing[end] >= 2 and len(np.unique(lines[end_cluster == end])) >= settings.aligned_lines}


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


def header_cell_spans(header_words: pd.DataFrame, aligned: np.ndarray, settings: GridSettings,
                      below: pd.DataFrame | None = None, dividers: pd.DataFrame | None = None,
                      flush_ends: np.ndarray = np.array([])) -> list[list[float]]:
    """The header cells of each header line as [x0, x1]: its words split
    - at wide gaps, and at gaps clearly narrower than the header's word space (a monospaced font's
      space is wider than a tight table's gutter);
    - at a vertical rule drawn between them (`dividers`);
    - at any gap where a cell starts in the text below or a column set flush right below ends
      (`flush_ends`), or where a cell starts on another header line (exactly, and not where the
      two words also end together: engines align a cell's lines, and the lines of a right-aligned
      cell meet inner words of another by chance), or where cells part on other lines too
      (`shared_narrow_edges`: cells of a tight table nearly touch; `right_aligned_edges`);
    - at a narrow gutter the text below leaves clear all the way down (cells centred under
      centred headers start nowhere in common)."""
    words = sorted(zip(*(header_words[c].tolist() for c in ("line", "x0", "x1", "size"))))
    bands = dividers_by_line(header_words, dividers)
    sized_gaps = [(x0 - before[2], size) for (line, x0, _, size), before in zip(words[1:], words[:-1])
                  if before[0] == line and x0 - before[2] > settings.cell_gap * size]
    gaps = [gap for gap, _ in sized_gaps]
    space = usual_gap([gap for gap, size in sized_gaps if gap <= settings.gutter * size])  # the word space
    narrower = space is not None and min(gaps) < NARROWER_THAN_SPACE * space
    word_space = settings.space_factor * (space if narrower else min(gaps, default=0.0))  # wide in a monospaced font
    opening = [(x0, x1) for (line, x0, x1, size), before in zip(words, [None] + words[:-1])
               if before is None or before[0] != line or x0 - before[2] > settings.gutter * size]
    known, known_width_ends = np.asarray(opening, dtype=float).reshape(-1, 2).T
    narrow_starts, narrow_ends = shared_narrow_edges(words, word_space, settings)
    narrow_starts = np.asarray(narrow_starts, dtype=float)
    known_ends = np.asarray(narrow_ends + right_aligned_edges(words, settings), dtype=float)
    spans: list[list[float]] = []
    previous = None
    for line, x0, x1, size in words:
        gap = x0 - previous[1] if previous is not None and previous[0] == line else None
        at_known_edge = gap is not None and bool(
            ((aligned > previous[1]) & (aligned <= x0 + settings.column_snap)).any()
            or ((flush_ends > previous[1] - settings.edge_match) & (flush_ends < x0)).any()
            or ((np.abs(known - x0) <= settings.edge_match)
                & (np.abs(known_width_ends - x1) > settings.edge_match)).any()
            or (np.abs(narrow_starts - x0) <= settings.edge_match).any()
            or (np.abs(known_ends - previous[1]) <= settings.edge_match).any())
        opens = gap is None or gap > settings.gutter * size or (
            narrower and settings.cell_gap * size < gap < NARROWER_THAN_SPACE * space) or bool(
            line in bands and ((bands[line] > previous[1]) & (bands[line] < x0)).any()) or (
            gap > settings.cell_gap * size and at_known_edge) or (
            gap > max(settings.narrow_gutter * size, word_space)
            and clear_width(below, previous[1], x0) > settings.narrow_gutter * size)
        if opens:
            spans.append([x0, x1])
        else:
            spans[-1][1] = x1
        previous = (line, x1)
    return spans


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
    ending = [(line, before[1], before[2]) for (line, x0, _, size), before in zip(words[1:], words[:-1])
              if before[0] == line and x0 - before[2] > settings.cell_gap * size]
    lines, starts, ends = (np.array(values, dtype=float) for values in zip(*ending)) if ending else ([], [], [])
    return flush_right_edges(np.asarray(lines), np.asarray(starts), np.asarray(ends), settings).tolist()


def flush_right_edges(lines: np.ndarray, starts: np.ndarray, ends: np.ndarray, settings: GridSettings) -> np.ndarray:
    """The ends (of words or cells: their `lines`, `starts`, `ends`) that are a right-aligned
    column's edge: on RIGHT_EDGE_LINES lines or more a word or cell ends there to within
    RIGHT_EDGE_MATCH (engines align a cell's lines exactly), starting at as many different places
    (the lines of left-aligned cells whose words happen to be as long start together: in a
    monospaced font, cells of one column, or of two, often end together)."""
    edges: list[float] = []
    for end in np.unique(ends).tolist():
        together = np.abs(ends - end) <= RIGHT_EDGE_MATCH
        places = np.sort(starts[together])
        if (len(np.unique(lines[together])) >= RIGHT_EDGE_LINES
                and 1 + np.count_nonzero(np.diff(places) > settings.edge_match) >= RIGHT_EDGE_LINES
                and not (edges and end - edges[-1] <= RIGHT_EDGE_MATCH)):
            edges.append(end)
    return np.array(edges)


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
    aligned = aligned_starts(below, settings)
    reaches = flush_right_reaches(below, settings)
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
                   printed: pd.DataFrame | None = None) -> list[float]:
    """The column starts of a table that runs on to a page where it is set further left or right
    (mirrored margins on facing pages): shifted by the offset that lines up most (`SHIFTED_SHARE`),
    and two or more, of the places where the page's text starts cells (on any line: a table's last
    rows may be all it has on the page) with where its cells start on the page before: its column
    starts, and where the text of its rows there (`printed`) starts cells (grades centred in their
    columns start wherever their words put them, the same on every page); if that lines up more of
    them than the starts as they are. Of offsets that line up as many, the smallest is taken."""
    one_line = replace(settings, aligned_lines=1)
    aligned = aligned_starts(below, one_line)
    if not len(aligned) or not starts:
        return starts
    known = np.union1d(starts, aligned_starts(printed, one_line)) if printed is not None else np.sort(starts)
    offsets = np.unique(np.round((aligned[:, None] - known[None, :]).ravel(), 2))
    lined_up = starts_lined_up(aligned, known, np.r_[0.0, offsets], settings.column_snap)
    best = int(np.lexsort((np.abs(offsets), -lined_up[1:]))[0])
    if lined_up[best + 1] > lined_up[0] and lined_up[best + 1] >= max(2, SHIFTED_SHARE * len(aligned)):
        return (np.asarray(starts, dtype=float) + offsets[best]).tolist()
    return starts


def starts_lined_up(aligned: np.ndarray, known: np.ndarray, offsets: np.ndarray, snap: float) -> np.ndarray:
    """For each offset, how many of the `aligned` starts lie within `snap` of a `known` start
    (sorted) moved by it."""
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
