"""From a table region's words (and its rules) to cells: pieces of lines → columns, lines → rows.

Columns are given as interior separators (x positions): gutter middles for a text table, the
vertical rules for a ruled one. Rows come from the lines of text (`line_rows.py`): in a table ruled
row by row (`rows.rules_decide`) the rules alone (`bands.py`); otherwise a horizontal rule between
two lines always separates rows, and a line opens a row unless it continues the cells of the line
above.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from pipeline.tables.bands import band_rows, stand_in_rules
from pipeline.tables.broken_words import broken_word_pairs
from pipeline.tables.columns import merge_disjoint_columns
from pipeline.tables.grouped import Groups
from pipeline.tables.model import CELL_COLUMNS, RowJudgement
from pipeline.tables.segments import wider_than_a_space
from pipeline.tables.spans import RAW_CELL_COLUMNS, piece_frame, with_spans
from pipeline.tables.line_parts import (in_one_column, line_extent, reading_order, segment_edges, visual_lines,
                                       with_cuts_in_gutters)
from pipeline.tables.line_rows import RowEvidence, line_rows, row_evidence, spans_columns
from pipeline.pdf.text import join_wrapped
from pipeline.tables.settings import DEFAULT, TableSettings


@dataclass(frozen=True)
class Region:
    """Where a table is and what structures it: its box (x0, top, x1, bottom), its words, the
    interior column separators, its horizontal rules and, for a ruled table, vertical strokes."""

    bbox: tuple[float, float, float, float]
    words: pd.DataFrame
    separators: list[float]
    rules: pd.DataFrame
    verticals: pd.DataFrame | None = None
    drawn: list[float] | None = None  # the separators that are vertical rules (the others are gutters)
    carried: bool = False  # the lines that carry on a table of the page before, alone (`carried.py`)
    repeated_header_lines: frozenset[int] = frozenset()  # the ids of its first lines (words' `line`) that print
    #                                 the header of the table it carries on again
    carried_rows: RowJudgement | None = None  # where its first line is the first to carry
    #                                 on the table of the page before, that table's gaps (`RowEvidence.gaps`),
    #                                 whether its rows were spaced apart and the gap its rows opened above where its
    #                                 gaps showed a clear break (`Table.row_judgement`): one table, one judgement
    gutters: list[tuple[float, float]] | None = None  # a text table's: the white strip each separator is the middle of
    carried_by_rules: bool = False  # at a page's top, under a table whose rules alone decided its rows, which
    #                                 it may carry on: with no rule inside, it is one row (a row's rest)
    alike: RowJudgement | None = None  # how a table read before it with the same header row judged its rows
    #                                 (`Table.row_judgement`): tables printed alike, one judgement
    kept_apart: tuple[float, ...] = ()  # separators where the table it carries on parts its columns: the
    #                                 columns beside them are not joined for never sharing a row (a row's rest)

    @property
    def carries_on(self) -> bool:
        """Whether it opens with the lines that carry on the table of the page before (or may: a ruled
        region at a page's top under a table whose rules alone decided its rows)."""
        return self.carried or self.carried_rows is not None or self.carried_by_rules

    def vertical_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        cached = self.__dict__.get("_verticals")
        if cached is None:
            cached = tuple(self.verticals[c].to_numpy(float) for c in ("x0", "top", "bottom"))
            object.__setattr__(self, "_verticals", cached)
        return cached

    @property
    def ruled(self) -> bool:
        return self.verticals is not None


@dataclass
class Line:
    top: float
    bottom: float
    pieces: list[tuple[int, list[int]]]  # (column, word indices) in reading order
    start: float = 0.0  # left edge of its first piece
    spans: bool = False  # a piece runs across a column separator (a header over several columns)
    frames: list[tuple[float, float]] = field(default_factory=list)  # each piece's cell edges: the separators
    #                                 parting it from its neighbours on this line (`spans.piece_frame`)

    @property
    def columns(self) -> set[int]:
        return {col for col, _ in self.pieces}


def rules_beside(region: Region, top: float, bottom: float, tolerance: float = 2.0) -> set[float]:
    """The separators that are vertical rules drawn beside a line (from `top` to `bottom`)."""
    if region.verticals is None or not region.drawn:
        return set()
    vx, vt, vb = region.vertical_arrays()
    middle = (top + bottom) / 2
    beside = vx[(vt <= middle) & (vb >= middle)]
    return {x for x in region.drawn if (np.abs(beside - x) <= tolerance).any()}


def active_separators(region: Region, present: set[float]) -> list[float]:
    """The separators that part cells on a line: every gutter; a vertical rule only where it is
    drawn beside the line (`present`, `rules_beside`: a missing piece of rule is a cell spanning
    columns), unless no rule is drawn beside the line at all (rows ruled only in the header, say)."""
    if not present:
        return region.separators
    drawn = set(region.drawn)
    return [x for x in region.separators if x not in drawn or x in present]


def opening_in_gutters(region: Region, arrays: dict[str, np.ndarray]) -> np.ndarray:
    """For each of a text table's words (`arrays`, in its words' order: a line's side by side, left
    to right), whether it follows a word of its segment across one of the table's gutters: where
    two lines of a header both open a cell so, each lines the other up (`with_cuts_in_gutters`)."""
    if not region.gutters or "segment" not in arrays or not len(arrays["x0"]):
        return np.zeros(len(arrays["x0"]), dtype=bool)
    x0, x1, segment = arrays["x0"].astype(float), arrays["x1"].astype(float), arrays["segment"]
    left, right = separator_bounds(region, region.separators)
    after = np.r_[False, (segment[1:] == segment[:-1]) & (x0[1:] > x1[:-1])]
    ends = np.r_[np.inf, x1[:-1]]
    across = ((right[None, :] > ends[:, None]) & (left[None, :] < x0[:, None])).any(axis=1)
    return after & across


def line_pieces(region: Region, arrays: dict[str, np.ndarray], members: list[int], settings: TableSettings,
                edges: tuple[np.ndarray, np.ndarray, np.ndarray], openers: np.ndarray | None = None) -> Line:
    """Split one line (`members`: positions in `arrays`, the region's words as arrays) into pieces
    (cells) and give each its column. Words set wider apart than a word space part where a
    separator lies between them (a vertical rule drawn between two words parts them however close:
    cells whose padding leaves no more than a word space between their texts), or, in a text
    table, wherever inside its gutter each part then lies in one column, lined up with other lines'
    cells there (`with_cuts_in_gutters`; `edges`: the region's segments, `segment_edges`; `openers`:
    the positions of words opening a cell in a gutter, `opening_in_gutters`, of which other lines'
    count as cells there): header cells centred or set flush right over columns that all but meet
    reach into the gutters. A piece starting inside a gutter and spanning no column is the next
    column's."""
    members = np.asarray(members)
    members = members[np.argsort(arrays["x0"][members], kind="stable")]
    x0, x1, size = (arrays[c][members] for c in ("x0", "x1", "size"))
    top, bottom = line_extent(arrays["top"][members], arrays["bottom"][members], size, settings)
    present = rules_beside(region, top, bottom)
    separators = active_separators(region, present)
    seps, rules = np.asarray(separators, dtype=float), np.asarray(sorted(present), dtype=float)
    left, right = separator_bounds(region, separators)
    reach = np.maximum.accumulate(x1)[:-1]  # how far right the words before each reach: a line read across a row
    #                                          may hold two lines of one cell, set solid
    on_separator = ((seps[None, :] > reach[:, None]) & (seps[None, :] < x0[1:, None])).any(axis=1)
    on_rule = ((rules[None, :] > reach[:, None]) & (rules[None, :] < x0[1:, None])).any(axis=1)
    gap = x0[1:] - reach
    parted = gap > settings.gutter_min * size[1:]
    if "segment" in arrays:  # a segment cut at a column start parts a narrow gutter
        segment = arrays["segment"][members]
        parted |= segment[1:] != segment[:-1]
    cut = np.r_[True, wider_than_a_space(gap, size[1:], settings) | (on_separator & parted) | on_rule]
    if region.gutters and "segment" in arrays:
        in_gutter = ((right[None, :] > reach[:, None]) & (left[None, :] < x0[1:, None])).any(axis=1)
        others = ~np.isin(edges[0], arrays["segment"][members])
        openers = np.zeros(0, dtype=int) if openers is None else openers
        elsewhere = openers[~np.isin(arrays["line"][openers], arrays["line"][members])]
        cut = with_cuts_in_gutters(cut, np.r_[False, in_gutter], x0, x1, left, right,
                                   (np.r_[edges[1][others], arrays["x0"][elsewhere]],
                                    np.r_[edges[2][others], arrays["x1"][elsewhere]]), settings)
    pieces: list[tuple[int, list[int]]] = []
    frames: list[tuple[float, float]] = []
    starts = np.flatnonzero(cut).tolist() + [len(members)]
    full = region.separators
    for a, b in zip(starts[:-1], starts[1:]):
        opening = left if region.gutters and in_one_column(float(x0[a]), float(x1[a:b].max()), left, right) else seps
        active_left = [s for s, edge in zip(separators, opening) if edge <= x0[a]]
        col = full.index(active_left[-1]) + 1 if active_left else 0
        pieces.append((col, reading_order(arrays, members[a:b])))
        frames.append(piece_frame(separators, float(x0[a]), float(x1[a:b].max())))
    return Line(top, bottom, pieces, float(x0[0]), frames=frames)


def separator_bounds(region: Region, separators: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """Where each separator's white space starts and ends: its gutter in a text table (a header's
    words set wider than the column's cells reach into it, and part there), the separator alone
    in a ruled one."""
    seps = np.asarray(separators, dtype=float)
    if not region.gutters:
        return seps, seps
    bounds = dict(zip(region.separators, region.gutters))
    return (np.array([bounds.get(s, (s, s))[0] for s in separators], dtype=float),
            np.array([bounds.get(s, (s, s))[1] for s in separators], dtype=float))


class RegionReading(NamedTuple):
    """What `region_cells` reads of a region."""

    cells: pd.DataFrame  # one row per non-empty cell (row, col, text, box)
    doubts: list[dict]  # the lines whose row the printing leaves in doubt (`Table.doubts`)
    gaps: np.ndarray  # its gaps measured column by column (`RowEvidence.gaps`)
    broken: list[tuple[str, str]]  # words its narrow columns may have broken (`broken_word_candidates`)
    spaced: bool = False  # its rows set clearly further apart than a cell's lines (`RowEvidence.spaced`)
    parting: np.ndarray = np.zeros((0, 3))  # the rules that part its rows (`RowEvidence.parting`)
    by_rules: bool = False  # its rows decided by its rules alone (`RowEvidence.by_rules`)
    threshold: float | None = None  # the gap its lines open rows above, where its gaps showed a clear break


def region_cells(region: Region, settings: TableSettings = DEFAULT, check=None) -> RegionReading:
    """The cells of a region. `check`, if given, judges the cells before neighbouring columns are
    joined: none are returned if it says no. A line's row is in doubt where a gap within
    `TableSettings.doubtful_gap_pt` of the row gap threshold, no rule to say, decided it, and had it
    lain as far on the threshold's other side, the line would have gone the other way."""
    words = region.words
    if words.empty:
        return RegionReading(pd.DataFrame(columns=CELL_COLUMNS), [], np.zeros(0), [])
    arrays = {c: words[c].to_numpy() for c in ("x0", "x1", "top", "bottom", "size", "line")}
    arrays["text"] = np.asarray(words["text"].tolist(), dtype=object)
    if "bold" in words:
        arrays["bold"] = words["bold"].to_numpy(bool)
    if "segment" in words:
        arrays["segment"] = words["segment"].to_numpy()
    edges = segment_edges(arrays)
    openers = np.flatnonzero(opening_in_gutters(region, arrays))
    lines = [line_pieces(region, arrays, members, settings, edges, openers)
             for members in visual_lines(words, region.repeated_header_lines)]
    for line in lines:
        line.spans = spans_columns(line, arrays, region.separators)
    size = float(words["size"].median())
    evidence = row_evidence(region, lines, arrays, size, settings)
    rows, doubts = line_rows(lines, arrays, region.separators, evidence, size, settings, region.carries_on)
    piece_rows = [[(r, r)] * len(line.pieces) for line, r in zip(lines, rows)]
    if evidence.by_rules:
        stand_ins = stand_in_rules(lines, evidence.ruled, evidence.gapped, region.bbox, arrays.get("bold"),
                                   settings.row_gap_min_pt)
        piece_rows = band_rows(lines, arrays, np.r_[evidence.parting, stand_ins])
    cells = _cells(arrays, lines, piece_rows, paragraph_gap(evidence))
    if check is not None and not check(cells):
        return RegionReading(pd.DataFrame(columns=CELL_COLUMNS), [], evidence.gaps, [])
    fixed = {k for k, x in enumerate(region.separators)
             if x in full_height_rules(region, settings) or x in region.kept_apart}
    cells = with_spans(merge_disjoint_columns(cells, fixed), region.separators)
    renumber = {col: k for k, col in enumerate(sorted(cells["col"].unique()))}
    cells = cells.assign(col=cells["col"].map(renumber))[CELL_COLUMNS]
    return RegionReading(cells.sort_values(["row", "col"]).reset_index(drop=True), doubts, evidence.gaps,
                         broken_word_candidates(arrays, lines, piece_rows), evidence.spaced, evidence.parting,
                         evidence.by_rules, evidence.threshold if evidence.parted else None)


def broken_word_candidates(arrays: dict[str, np.ndarray], lines: list[Line],
                           piece_rows: list[list[tuple[int, int]]]) -> list[tuple[str, str]]:
    """The (stem, piece) texts of the words a narrow column may have broken at its edge, cell by
    cell (`broken_words.broken_word_pairs`), to be mended where the document vouches for them."""
    records = [(row, col, member) for line, rows in zip(lines, piece_rows)
               for (col, members), (row, _) in zip(line.pieces, rows) for member in members]
    if not records:
        return []
    row, col, member = (np.asarray(values) for values in zip(*records))
    words = pd.DataFrame({"row": row, "col": col, "top": arrays["top"][member], "bottom": arrays["bottom"][member],
                          "x0": arrays["x0"][member], "x1": arrays["x1"][member], "text": arrays["text"][member]})
    columns = Groups(col)
    edges = dict(zip(columns.keys.tolist(), columns.max(arrays["x1"][member]).tolist()))
    return [(words.at[stem, "text"], words.at[piece, "text"]) for stem, piece in broken_word_pairs(words, edges)]


def full_height_rules(region: Region, settings: TableSettings) -> set[float]:
    """The drawn separators that run down most of the table (`fixed_rule_share` of its height):
    the others (edges of a shaded header, a rule beside a few cells) part cells only where drawn."""
    if not region.drawn:
        return set()
    vx, vt, vb = region.vertical_arrays()
    height = max(region.bbox[3] - region.bbox[1], 1.0)
    return {x for x in region.drawn
            if (vb - vt)[np.abs(vx - x) <= 2.0].sum() >= settings.fixed_rule_share * height}


def paragraph_gap(evidence: RowEvidence) -> float:
    """The gap inside a cell above which its lines are paragraphs apart: the row gap threshold,
    where the table's gaps break clearly into two kinds there and most of the gaps inside its
    columns lie below it (are line gaps); none otherwise (the rules, not the gaps, told its rows)."""
    if evidence.parted and len(evidence.gaps) and float(np.median(evidence.gaps)) <= evidence.threshold:
        return evidence.threshold
    return float("inf")


def text_lines(arrays: dict[str, np.ndarray], members: list[int]) -> list[str]:
    """A piece's text, one string per text line its words (in reading order) come from."""
    lines = arrays["line"][members]
    if lines[0] == lines[-1] and (lines == lines[0]).all():
        return [" ".join(arrays["text"][members])]
    runs = np.flatnonzero(np.r_[True, lines[1:] != lines[:-1]]).tolist() + [len(members)]
    return [" ".join(arrays["text"][members[a:b]]) for a, b in zip(runs[:-1], runs[1:])]


def _cells(arrays: dict[str, np.ndarray], lines: list[Line], piece_rows: list[list[tuple[int, int]]],
           paragraph_gap: float) -> pd.DataFrame:
    """One record per (row, column): its pieces' text, box, cell edges (`frames`) and last row. A
    cell's lines are joined with a space (`join_wrapped`), its paragraphs (set further apart than
    `paragraph_gap`, the table's row gap threshold where its gaps break clearly into line gaps and
    wider ones: entries stacked in one cell) with a line break."""
    cells: dict[tuple[int, int], list] = {}
    for index, (line, rows) in enumerate(zip(lines, piece_rows)):
        for (col, members), (row, last), (left, right) in zip(line.pieces, rows, line.frames):
            texts = text_lines(arrays, members)
            cell = cells.get((row, col))
            box = (float(arrays["x0"][members].min()), float(arrays["x1"][members].max()),
                   float(arrays["top"][members].min()), float(arrays["bottom"][members].max()))
            if cell is None:
                cells[(row, col)] = [[texts], *box, left, right, last, index]
            else:
                if box[2] - cell[4] > paragraph_gap:
                    cell[0].append([])
                if cell[8] == index and cell[0][-1]:  # more of the line its last piece is on: a space apart
                    cell[0][-1][-1] += " " + texts[0]
                    texts = texts[1:]
                cell[0][-1].extend(texts)
                cell[8] = index
                cell[1], cell[2] = min(cell[1], box[0]), max(cell[2], box[1])
                cell[3], cell[4] = min(cell[3], box[2]), max(cell[4], box[3])
                cell[5], cell[6], cell[7] = min(cell[5], left), max(cell[6], right), max(cell[7], last)
    records = [{"row": row, "col": col, "text": "\n".join(join_wrapped(lines) for lines in c[0]), "x0": c[1],
                "x1": c[2], "top": c[3], "bottom": c[4], "left_edge": c[5], "right_edge": c[6], "last_row": c[7]}
               for (row, col), c in sorted(cells.items())]
    return pd.DataFrame(records, columns=[*RAW_CELL_COLUMNS])
