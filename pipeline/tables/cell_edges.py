"""Where the cells of the text below a header start and end: the pieces its lines part into
(`cell_pieces`), the starts several lines share (`aligned_starts`), and the edges of columns set
flush right (`flush_right_edges`, `flush_right_reaches`). `header_columns.py` weighs them against
the header's own cells."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from pipeline.tables.settings import GridSettings

RIGHT_EDGE_LINES = 3  # lines ending a word on one edge, starting at as many places: a right-aligned column
RIGHT_EDGE_MATCH = 0.1  # points: ... to within this
RIGHT_ALIGNED_SHARE = 0.8  # of a cluster's cells ending on a right edge shared with other clusters: flush right


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


Pieces = tuple[np.ndarray, np.ndarray, np.ndarray]  # cells of the text below a header: lines, starts, ends


def aligned_starts(below: pd.DataFrame | None, settings: GridSettings) -> np.ndarray:
    """Where cells start on several lines of the text below a header (text in a cell is aligned
    at its left edge): cell starts (`cell_pieces`) clustered, kept where at least `aligned_lines`
    lines start a cell."""
    return starts_aligned(cell_pieces(below, settings) if below is not None and len(below) else None, settings)


def starts_aligned(pieces: Pieces | None, settings: GridSettings) -> np.ndarray:
    """`aligned_starts`, of the cells found already."""
    if pieces is None:
        return np.array([])
    cell_lines, starts, ends = pieces
    start_cluster = edge_clusters(starts, settings)
    end_cluster = edge_clusters(ends, settings)
    right_aligned = right_aligned_clusters(start_cluster, end_cluster, cell_lines, settings)
    aligned = [float(starts[start_cluster == cluster].min()) for cluster in np.unique(start_cluster)
               if cluster not in right_aligned
               and len(np.unique(cell_lines[start_cluster == cluster])) >= settings.aligned_lines]
    return np.array(sorted(aligned))


def flush_right_reaches(pieces: Pieces | None, settings: GridSettings) -> list[tuple[float, float]]:
    """Per right-aligned column's edge among the cells below a header (`flush_right_edges`), that
    edge and where its widest cell starts: the column starts there at the latest, however far
    right its header is printed ('Not inspected' under a narrow centred header)."""
    if pieces is None:
        return []
    cell_lines, starts, ends = pieces
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


def flush_right_edges(lines: np.ndarray, starts: np.ndarray, ends: np.ndarray, settings: GridSettings) -> np.ndarray:
    """The ends (of words or cells: their `lines`, `starts`, `ends`) that are a right-aligned
    column's edge: on RIGHT_EDGE_LINES lines or more a word or cell ends there to within
    RIGHT_EDGE_MATCH (engines align a cell's lines exactly), starting at as many different places
    (the lines of left-aligned cells whose words happen to be as long start together: in a
    monospaced font, cells of one column, or of two, often end together)."""
    edges: list[float] = []
    candidates, ordered = np.unique(ends), np.sort(ends)
    near = (np.searchsorted(ordered, candidates + RIGHT_EDGE_MATCH, side="right")
            - np.searchsorted(ordered, candidates - RIGHT_EDGE_MATCH))
    for end in candidates[near >= RIGHT_EDGE_LINES].tolist():
        together = np.abs(ends - end) <= RIGHT_EDGE_MATCH
        places = np.sort(starts[together])
        if (len(np.unique(lines[together])) >= RIGHT_EDGE_LINES
                and 1 + np.count_nonzero(np.diff(places) > settings.edge_match) >= RIGHT_EDGE_LINES
                and not (edges and end - edges[-1] <= RIGHT_EDGE_MATCH)):
            edges.append(end)
    return np.array(edges)
