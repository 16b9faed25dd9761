"""The body of a table under its header row: which lines below the header are its rows, where the
table ends (a heading, another table's header, text of another size, running text over its column
starts, a wide gap that neither a rule of the table nor row-like lines after it bridge)."""
from __future__ import annotations

from itertools import takewhile

import numpy as np
import pandas as pd

from pipeline.tables.header_columns import column_of
from pipeline.tables.settings import DEFAULT_GRID, GridSettings


def lines_below(page_lines: pd.DataFrame, header_bottom: float) -> pd.DataFrame:
    """The lines below a header row, top down: those whose middle is below its bottom. A first row
    set close under the header (cells centred vertically) may reach up past the header's bottom."""
    middle = (page_lines["top"] + page_lines["bottom"]) / 2
    return page_lines[middle > header_bottom].sort_values("top")


def words_below(page_words: pd.DataFrame, page_lines: pd.DataFrame, header_bottom: float,
                stops: set[int] = frozenset(), settings: GridSettings = DEFAULT_GRID) -> pd.DataFrame:
    """The words of the lines below a header row, up to the next line in `stops` (a heading or
    another table's header row) or in another size of text (the running text after the table,
    whose word spaces and line starts say nothing of the table's): the text that shows how the
    table's cells align."""
    below = lines_below(page_lines, header_bottom).head(settings.alignment_window)
    taken = []
    table_size = None
    for line, size in zip(below["line"].tolist(), below["size"].tolist()):
        table_size = size if table_size is None else table_size
        if line in stops or abs(size - table_size) > settings.size_change:
            break
        taken.append(line)
    return page_words[page_words["line"].isin(taken)]


def spaced_words(page_words: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """The words line by line, left to right: (line, x0, x1, the gap before each (inf for a line's
    first), its line's word space (its narrowest gap), the index of each line's first word)."""
    line, x0, x1 = (page_words[c].to_numpy() for c in ("line", "x0", "x1"))
    order = np.lexsort((x0, line))
    line, x0, x1 = line[order], x0[order], x1[order]
    first = np.flatnonzero(np.r_[True, line[1:] != line[:-1]]) if len(line) else np.array([], dtype=int)
    gap = x0 - np.r_[0.0, x1[:-1]]
    gap[first] = np.inf
    word_space = np.repeat(np.minimum.reduceat(gap, first), np.diff(np.r_[first, len(line)])) if len(line) else gap
    return line, x0, x1, gap, word_space, first


def lines_crossing_gutters(page_words: pd.DataFrame, starts: list[float], settings: GridSettings) -> set[int]:
    """Lines with a word that runs over a column start, by more than `column_snap` either side:
    running text, not a table row (a cell's last word may touch the next column's start). A word
    opens a cell at a column start where it starts there after a gap wider than its line's word
    space (`space_factor` times its narrowest gap): a line that opens cells at more column starts than
    it runs over, each of those it runs over opened on `aligned_lines` other lines, is a row whose
    gutter was too narrow to part two cells' words. A line of running text spaces its words
    evenly, and taking such a row for it would end the table there without a word."""
    edges = np.asarray(starts[1:])
    if not len(edges):
        return set()
    line, x0, x1, gap, word_space, first = spaced_words(page_words)
    crossing = (x0[:, None] < edges - settings.column_snap) & (x1[:, None] > edges + settings.column_snap)
    if not crossing.any():
        return set()
    opening = (gap[:, None] > settings.space_factor * word_space[:, None]) & np.isfinite(gap)[:, None] & (
        np.abs(x0[:, None] - edges) <= settings.column_snap)
    confirmed = (np.add.reduceat(opening, first, axis=0) > 0).sum(axis=0) >= settings.aligned_lines
    crossed = np.add.reduceat(crossing.sum(axis=1), first)
    unconfirmed = np.add.reduceat((crossing & ~confirmed).sum(axis=1), first)
    opened = np.add.reduceat(opening.sum(axis=1), first)
    running = (crossed > 0) & ((unconfirmed > 0) | (opened <= crossed))
    return set(line[first][running].tolist())


def starts_opened_left(page_words: pd.DataFrame, starts: list[float], settings: GridSettings) -> list[float]:
    """Column starts moved left to the words that open a cell a little left of them: a word after a gap
    wider than its line's word space (`space_factor` times it), or first on its line right of the
    first column (a wrapped cell's next line), that runs over a column start and begins no further
    left of it than a `gutter`; and again from where it moved, as long as a cell opens a little left
    of it (a column set flush right is as wide as its widest cell: 'improvement' under 'Requires',
    then 'Not inspected'). Starts found on another page, or from a header and rows that never filled
    a cell set flush right ('Not inspected' the widest grade), lie inside such a cell, and its text
    would be taken for running text or parted from its column."""
    if len(starts) < 2 or page_words.empty:
        return starts
    _, x0, x1, gap, word_space, _ = spaced_words(page_words)
    opens = np.where(np.isfinite(gap), gap > settings.space_factor * word_space, x0 > starts[0] + settings.column_snap)
    size = float(page_words["size"].median())
    moved = list(starts)
    for index, edge in enumerate(starts[1:], start=1):
        while True:
            over = opens & (x0 < edge - settings.column_snap) & (x1 > edge + settings.column_snap) & (
                x0 >= max(edge - settings.gutter * size, moved[index - 1] + settings.column_snap))
            if not over.any():
                break
            edge = float(x0[over].min())
        moved[index] = edge
    return moved


def upright_rules(rulings: pd.DataFrame | None, settings: GridSettings) -> pd.DataFrame:
    """The vertical rules among a page's `rulings` (none where the page has no rulings)."""
    if rulings is None or not len(rulings):
        return pd.DataFrame(columns=["x0", "x1", "top", "bottom"])
    width, height = rulings["x1"] - rulings["x0"], rulings["bottom"] - rulings["top"]
    return rulings[(width <= settings.rule_join) & (height > settings.rule_join)]


def ruled_across(uprights: pd.DataFrame, starts: list[float], top: float, bottom: float,
                 settings: GridSettings) -> bool:
    """Whether a vertical rule at or right of the table's first column start runs down from `top`
    to `bottom`: the gap between them is inside the table's frame (a tall row's cells centred in
    it), not after the table."""
    if not len(uprights):
        return False
    return bool(((uprights["x1"] >= starts[0] - settings.column_snap - settings.rule_join)
                 & (uprights["top"] <= top + settings.rule_join)
                 & (uprights["bottom"] >= bottom - settings.rule_join)).any())


def frame_closes(uprights: pd.DataFrame, starts: list[float], above: list[tuple[float, float]],
                 below: list[tuple[float, float]], settings: GridSettings) -> bool:
    """Whether the table's frame closes between its lines so far (`above`: top and bottom of each)
    and the lines `below`: a vertical rule at or right of its first column start is drawn beside
    every line above and none beside any line below (the edges of its boxes or its frame stop
    there, and what follows is not in the table, however its words fall into the columns).
    Shading every other row draws edges beside the shaded rows only: an unshaded row above or
    a shaded row below keeps the table open."""
    if not len(uprights) or not above:
        return False
    x1, top, bottom = (uprights[c].to_numpy(dtype=float) for c in ("x1", "top", "bottom"))
    ours = x1 >= starts[0] - settings.column_snap - settings.rule_join

    def beside(line: tuple[float, float]) -> bool:
        middle = (line[0] + line[1]) / 2
        return bool((ours & (top <= middle) & (bottom >= middle)).any())

    return all(map(beside, above)) and not any(map(beside, below))


def word_gaps(page_words: pd.DataFrame, starts: list[float], settings: GridSettings) -> pd.DataFrame:
    """Each gap between two words of a line: its line, whether a column start parts the two words
    (`parted`) and whether it is wider than a word space (`gutter`: `narrow_gutter` font sizes)."""
    words = page_words.assign(col=column_of(page_words["x0"], starts, settings).to_numpy()).sort_values(["line", "x0"])
    line, col = words["line"].to_numpy(), words["col"].to_numpy()
    x0, x1, size = (words[c].to_numpy() for c in ("x0", "x1", "size"))
    same_line = line[1:] == line[:-1]
    return pd.DataFrame({"line": line[1:], "parted": col[1:] != col[:-1],
                         "gutter": x0[1:] - x1[:-1] > settings.narrow_gutter * size[1:]})[same_line]


def parted_lines(page_words: pd.DataFrame, starts: list[float], settings: GridSettings) -> set[int]:
    """Lines that print like a table's rows: words in two of its columns or more, each column's
    words parted from the next one's by more than a word space (`narrow_gutter`)."""
    if not len(page_words):
        return set()
    gaps = word_gaps(page_words, starts, settings)
    by_line = gaps[gaps["parted"]].groupby("line")["gutter"].all()
    return set(by_line.index[by_line].tolist())


def prose_lines(page_words: pd.DataFrame, starts: list[float], settings: GridSettings) -> set[int]:
    """Lines with words in two of a table's columns or more and no gap wider than a word space: a
    sentence whose words happen to fall on either side of column starts, not a row of cells."""
    if not len(page_words):
        return set()
    gaps = word_gaps(page_words, starts, settings).groupby("line")
    crossing, spaced = gaps["parted"].any(), gaps["gutter"].any()
    return set(crossing.index[crossing & ~spaced].tolist())


def body_line_ids(page_words: pd.DataFrame, page_lines: pd.DataFrame, header_bottom: float,
                  starts: list[float], heading_size: float, table_starts: set[int],
                  settings: GridSettings, rulings: pd.DataFrame | None = None) -> list[int]:
    """Lines below the header that belong to the table: same text size, inside the columns, up to
    the next heading or the next table's header row, and up to a big gap, unless a vertical rule of
    the table (among the page's `rulings`) runs through it or the lines after it print like the
    table's rows (`parted_lines`): a tall row's cells centred leave such gaps, ruled or not. A
    smaller gap ends it where the table's frame closes in it (`frame_closes`) or a sentence follows
    it (`prose_lines`)."""
    after = lines_below(page_lines, header_bottom)
    running_text = lines_crossing_gutters(page_words, starts, settings)
    uprights = upright_rules(rulings, settings)
    parted = prose = None
    chosen: list[int] = []
    table_size = None
    previous_bottom = header_bottom if np.isfinite(header_bottom) else None
    rows = list(after.itertuples(index=False))

    def ends(row) -> bool:
        return ((row.bold and row.size >= heading_size) or row.line in table_starts or row.line in running_text
                or abs(row.size - table_size) > settings.size_change)

    def ahead(index: int) -> list:
        return list(takewhile(lambda later: not ends(later), rows[index:]))

    above: list[tuple[float, float]] = []
    for index, row in enumerate(rows):
        if table_size is None:
            table_size = row.size
        if ends(row):
            break
        if above and row.top - previous_bottom > settings.closing_gap * row.size:
            prose = prose_lines(page_words, starts, settings) if prose is None else prose
            if row.line in prose or frame_closes(uprights, starts, above,
                                                 [(later.top, later.bottom) for later in ahead(index)], settings):
                break
        if (previous_bottom is not None and row.top - previous_bottom > settings.table_end_gap * row.size
                and not ruled_across(uprights, starts, previous_bottom, row.top, settings)):
            parted = parted_lines(page_words, starts, settings) if parted is None else parted
            if not parted.intersection(later.line for later in ahead(index)):
                break
        chosen.append(row.line)
        above.append((row.top, row.bottom))
        previous_bottom = row.bottom if previous_bottom is None else max(previous_bottom, row.bottom)
    return chosen
