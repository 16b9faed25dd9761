"""From a table region's words (and its rules) to cells: pieces of lines → columns, lines → rows.

Columns are given as interior separators (x positions): gutter middles for a text table, the
vertical rules for a ruled one. Rows come from the lines of text: in a table ruled row by row
(`rows.rules_decide`) the rules alone (`bands.py`); otherwise a horizontal rule between two lines always
separates rows, and a line opens a row unless it continues the cells of the line above (see
`opens_row`). Whether a rule lies in a gap, whether a wide gap opens a row or is a paragraph
break in a cell, and whether the rules decide are judged as the header-anchored reader judges
them (`rows.py`): one row model.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from pipeline.tables.bands import band_rows, gaps_above_rules
from pipeline.tables.broken_words import broken_word_pairs
from pipeline.tables.columns import merge_disjoint_columns
from pipeline.tables.model import CELL_COLUMNS
from pipeline.tables.spans import RAW_CELL_COLUMNS, piece_frame, with_spans
from pipeline.tables.rows import (clear_break, one_kind_threshold, rule_above_each_line, rules_decide,
                                  wide_gaps_opening_rows)
from pipeline.pdf.text import join_wrapped
from pipeline.tables.settings import DEFAULT, DEFAULT_GRID, TableSettings


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
    repeated_header_lines: int = 0  # how many of its first lines print the header of the table it carries on
    carried_gaps: np.ndarray | None = None  # where its first line is the first to carry on the table of the page
    #                                 before, that table's gaps (`RowEvidence.gaps`): one table, one judgement

    @property
    def carries_on(self) -> bool:
        """Whether it opens with the lines that carry on the table of the page before."""
        return self.carried or self.carried_gaps is not None

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


def visual_lines(words: pd.DataFrame) -> list[list[int]]:
    """Word positions (0-based, in `words`' order) grouped into lines top to bottom: text lines whose boxes overlap by more than
    half the smaller height are one line (a cell's text set a little lower than its neighbours')."""
    boxes_by_line: dict[int, list] = {}
    for position, (line, top, bottom) in enumerate(zip(words["line"].tolist(), words["top"].tolist(),
                                                       words["bottom"].tolist())):
        box = boxes_by_line.setdefault(line, [top, bottom, []])
        box[0], box[1] = min(box[0], top), max(box[1], bottom)
        box[2].append(position)
    boxes = sorted(boxes_by_line.values(), key=lambda b: b[0])
    merged: list[list] = []
    for top, bottom, members in boxes:
        if merged:
            last = merged[-1]
            overlap = min(last[1], bottom) - max(last[0], top)
            if overlap > 0.5 * min(bottom - top, last[1] - last[0]):
                last[1], last[2] = max(last[1], bottom), last[2] + members
                continue
        merged.append([top, bottom, members])
    return [m[2] for m in merged]


def active_separators(region: Region, top: float, bottom: float, tolerance: float = 2.0) -> list[float]:
    """The separators that part cells on a line: every gutter; a vertical rule only where it is
    drawn beside the line (a missing piece of rule is a cell spanning columns), unless no rule is
    drawn beside the line at all (rows ruled only in the header, say)."""
    if region.verticals is None or not region.drawn:
        return region.separators
    vx, vt, vb = region.vertical_arrays()
    middle = (top + bottom) / 2
    beside = vx[(vt <= middle) & (vb >= middle)]
    present = {x for x in region.drawn if (np.abs(beside - x) <= tolerance).any()}
    if not present:
        return region.separators
    drawn = set(region.drawn)
    return [x for x in region.separators if x not in drawn or x in present]


def line_pieces(region: Region, arrays: dict[str, np.ndarray], members: list[int], settings: TableSettings) -> Line:
    """Split one line (`members`: positions in `arrays`, the region's words as arrays) into pieces
    (cells) and give each its column."""
    members = np.asarray(members)
    members = members[np.argsort(arrays["x0"][members], kind="stable")]
    x0, x1, size = (arrays[c][members] for c in ("x0", "x1", "size"))
    top, bottom = float(arrays["top"][members].min()), float(arrays["bottom"][members].max())
    separators = active_separators(region, top, bottom)
    seps = np.asarray(separators, dtype=float)
    gap_has_sep = np.array([((seps > a) & (seps < b)).any() for a, b in zip(x1[:-1], x0[1:])], dtype=bool)
    gap = x0[1:] - x1[:-1]
    cut = np.r_[True, (gap > settings.segment_gap * size[1:]) | (gap_has_sep & (gap > settings.gutter_min * size[1:]))]
    pieces: list[tuple[int, list[int]]] = []
    frames: list[tuple[float, float]] = []
    starts = np.flatnonzero(cut).tolist() + [len(members)]
    full = region.separators
    for a, b in zip(starts[:-1], starts[1:]):
        active_left = [s for s in separators if s <= x0[a]]
        col = full.index(active_left[-1]) + 1 if active_left else 0
        pieces.append((col, members[a:b].tolist()))
        frames.append(piece_frame(separators, float(x0[a]), float(x1[a:b].max())))
    return Line(top, bottom, pieces, float(x0[0]), frames=frames)


def parting_rules(rules: np.ndarray, need: float, seps: np.ndarray | None = None) -> np.ndarray:
    """The horizontal rules (`rules`: rows of top, x0, x1) that part rows: those
    at least `need` long or, where the table draws column separators (`seps`), those running across
    one of them: the edges of boxes shading one column's labels line by line part no row (the
    cells beside them run on past them), and a rule under a header spanning columns, however
    short, does."""
    if not len(rules):
        return rules
    long = rules[:, 2] - rules[:, 1] >= need
    if seps is not None and len(seps):
        long = ((rules[:, 1, None] < seps[None, :] - 2.0) & (rules[:, 2, None] > seps[None, :] + 2.0)).any(axis=1)
    return rules[long]


def rows_spaced_apart(lines: list[Line], gaps: np.ndarray, threshold: float, settings: TableSettings,
                      parted: bool, size: float) -> bool:
    """Whether the table sets its rows clearly further apart than the lines inside a cell: its gaps
    break clearly into two kinds at `threshold` or rules part some of its rows (`parted`), or,
    placed to the pixel (a browser: line gaps of one step, row gaps of two or more), some lie above
    the threshold one kind of gap would give (`rows.one_kind_threshold`) and no lines interleave
    (cells centred in their rows, whose narrow gaps say nothing); and the lines after the smaller
    gaps are mostly not full rows (a label and other cells, not only in columns the line above has
    text in too: the wrapped ends of a label and of the cells beside it) but wrapped text."""
    if not parted and not ((gaps > threshold).any() and (gaps > -settings.row_overlap * size).all()):
        return False
    after_small = [(line, above) for line, above, gap in zip(lines[1:], lines, gaps) if gap <= threshold]
    full = sum(1 for line, above in after_small
               if 0 in line.columns and len(line.pieces) >= 2 and not line.columns < above.columns)
    return full <= settings.spaced_full_share * len(after_small)


def opens_row(line: Line, previous: Line, gap: float, threshold: float, first_text: str,
              spaced: bool = False, following: Line | None = None, slack_pt: float = 1.0,
              reach: float = 0.0, paragraph: bool = False, sentences_go_on: bool = False) -> bool:
    """Whether a line without a rule above it opens a new row (see the module docstring).

    A line that reaches up into the row above (its top more than `reach` above the row's bottom)
    is part of it: text that overlaps is never in two rows (the cells beside a wrapped label are
    centred between its lines, or the label wraps beside a longer cell).
    After a wide gap it does, unless it is one piece starting in lower case (a wrapped cell) or
    the gap is a `paragraph` break inside a cell of a body row (`rows.wide_gaps_opening_rows`).
    After a narrow gap it does if it has text in the first column (a row label) and does not
    start in lower case; a line without a row label continues the line above when that had no
    row label either (a header row wrapped over lines) or when it only adds to cells the line
    above has (a wrapped cell). A lone first-column piece under a full row, flush with it and with
    the next line's label, is that row's label wrapped (a group label is set apart: the labels
    under it are indented). Cells under a header that spans columns are a row of their own. Where rows are `spaced` apart (see `rows_spaced_apart`), a line
    after a narrow gap never opens a row, nor does one whose cells' sentences go on from the line
    above (`sentences_go_on`)."""
    if gap < -reach:
        return False
    lower = first_text[:1].islower()
    if gap > threshold:
        return not (paragraph or (lower and len(line.pieces) == 1))
    if spaced or lower or sentences_go_on:
        return False
    if 0 in line.columns:
        wrapped = (line.columns == {0} and len(line.pieces) == 1 and 0 in previous.columns
                   and len(previous.pieces) >= 2 and abs(line.start - previous.start) <= slack_pt
                   and following is not None and 0 in following.columns
                   and abs(following.start - line.start) <= slack_pt)
        return not wrapped
    if 0 not in previous.columns:
        return previous.spans and len(line.pieces) >= 2
    return not line.columns <= previous.columns


def sentences_go_on(line: Line, previous: Line, arrays: dict[str, np.ndarray]) -> bool:
    """Whether most of a line's pieces of several words open in lower case, two at least: the
    sentences of its cells go on from the line above (a table of wordy cells set solid, each line
    text in every column, its label's '(Good)' included). One is enough where the line has text
    only in some of the columns the line above has text in: a label and a cell beside it wrapped."""
    wordy = [arrays["text"][members[0]][:1].islower() for _, members in line.pieces if len(members) >= 2]
    least = 1 if line.columns < previous.columns else 2
    return sum(wordy) >= least and 2 * sum(wordy) >= len(wordy) + (least == 2)


@dataclass(frozen=True)
class RowEvidence:
    """What a region's printing says about its rows, line by line (index 0: the first line, above
    which there is no gap): the judgements are the header-anchored reader's (`rows.py`)."""

    threshold: float  # the row gap threshold, judged from the table's own gaps
    spaced: bool  # rows set clearly further apart than the lines inside a cell (`rows_spaced_apart`)
    ruled: list[bool]  # a rule that parts rows lies in the gap above the line
    gapped: list[bool]  # the gap above the line is wide and opens a row, not a paragraph break in a cell
    under_header: list[bool]  # a rule two font sizes long or more lies in the gap above the line
    header: int  # how many lines the header takes (`header_zone`; 0 where the rules decide)
    repeated_header: int  # how many first lines print again the first row of the table carried on: one row
    by_rules: bool  # the table is ruled row by row: its rules alone decide (`rows.rules_decide`)
    parting: np.ndarray  # the rules that part rows (`parting_rules`), for `band_rows`
    gaps: np.ndarray  # its gaps measured column by column (`column_gaps`), for its part on the next page


def column_gaps(lines: list[Line], arrays: dict[str, np.ndarray], rule_tops: np.ndarray, floor: float) -> np.ndarray:
    """The gaps between consecutive lines of text inside each column, those above `floor`, as the
    header-anchored reader measures them (`rows.line_gaps`): a column whose cells take fewer lines
    than their rows shows the gaps between rows clear of the lines wrapping beside it, and cells
    centred in their rows show only their own line gap. A gap over lines with no text in the column
    and a rule (`rule_tops`, sorted) is left out: an empty column's cells span no gap of the text."""
    parts = sorted((col, index, float(np.median(arrays["top"][members])), float(np.median(arrays["bottom"][members])))
                   for index, line in enumerate(lines) for col, members in line.pieces)
    gaps = []
    for (col, index, _, bottom), (next_col, next_index, top, _) in zip(parts, parts[1:]):
        ruled = np.searchsorted(rule_tops, top + 0.5) > np.searchsorted(rule_tops, bottom - 0.5, side="right")
        if next_col == col and top - bottom > floor and not (next_index > index + 1 and ruled):
            gaps.append(top - bottom)
    return np.asarray(gaps, dtype=float)


def row_evidence(region: Region, lines: list[Line], arrays: dict[str, np.ndarray], size: float,
                 settings: TableSettings) -> RowEvidence:
    """The rules and gaps of a region's lines, judged (see `RowEvidence`)."""
    width = region.bbox[2] - region.bbox[0]
    share = settings.min_rule_share if region.ruled else settings.rule_overlap_share
    rules = (region.rules[["top", "x0", "x1"]].to_numpy(float) if region.rules is not None and len(region.rules)
             else np.zeros((0, 3)))
    seps = np.asarray(region.drawn or [], dtype=float) if region.ruled else None
    parting = parting_rules(rules, share * width, seps)
    gaps = np.array([b.top - a.bottom for a, b in zip(lines, lines[1:])])
    in_columns = column_gaps(lines, arrays, np.sort(parting[:, 0]), -DEFAULT_GRID.overlap * size)
    positive = np.r_[gaps[gaps > 0], in_columns, region.carried_gaps if region.carried_gaps is not None else []]
    parted = clear_break(positive, size, DEFAULT_GRID)
    threshold = parted if parted is not None else one_kind_threshold(positive, size, DEFAULT_GRID) if len(
        positive) else size
    tops, bottoms = np.array([line.top for line in lines]), np.array([line.bottom for line in lines])
    ruled = rule_above_each_line(tops, bottoms, parting[:, 0], DEFAULT_GRID)
    if 0 < region.repeated_header_lines < len(lines):
        ruled[region.repeated_header_lines] = True  # a header printed again ends where its rows begin
    gaps_above = np.r_[0.0, gaps].tolist()
    gapped = wide_gaps_opening_rows(gaps_above, [(len(line.columns), min(line.columns)) for line in lines], threshold)
    by_rules = region.ruled and rules_decide(gaps_above, ruled, gapped, DEFAULT_GRID)
    return RowEvidence(
        threshold=threshold,
        spaced=rows_spaced_apart(lines, gaps, threshold, settings, parted is not None or any(ruled[1:]), size),
        ruled=ruled, gapped=gapped,
        under_header=rule_above_each_line(tops, bottoms, parting_rules(rules, 2 * size)[:, 0], DEFAULT_GRID),
        header=max(header_zone(ruled[1:], settings), region.repeated_header_lines) if not by_rules else 0,
        repeated_header=region.repeated_header_lines, by_rules=by_rules, parting=parting, gaps=in_columns)


def line_rows(lines: list[Line], arrays: dict[str, np.ndarray], separators: list[float], evidence: RowEvidence,
              size: float, settings: TableSettings) -> tuple[list[int], list[dict]]:
    """The row of each line, line by line (the header's lines one row but for spanning headers and
    rules under them; then a rule, or `opens_row`, where the rules do not decide alone); and the
    lines whose row the printing leaves in doubt (see `region_cells`)."""
    row, rows, doubts = 0, [0], []
    row_bottom = lines[0].bottom
    for index, (previous, line) in enumerate(zip(lines, lines[1:]), start=1):
        if index < evidence.header:
            if index >= evidence.repeated_header and (spans_columns(previous, arrays, separators)
                                                      or evidence.under_header[index]):
                row += 1
            rows.append(row)
            row_bottom = line.bottom
            continue
        gap = line.top - row_bottom
        following = lines[index + 1] if index + 1 < len(lines) else None

        def opens(gap: float) -> bool:
            return opens_row(line, previous, gap, evidence.threshold, arrays["text"][line.pieces[0][1][0]],
                             evidence.spaced, following, reach=settings.row_overlap * size,
                             paragraph=row > 0 and not evidence.gapped[index],
                             sentences_go_on=sentences_go_on(line, previous, arrays))

        ruled = evidence.ruled[index]
        if (not ruled and not evidence.by_rules and abs(gap - evidence.threshold) < DEFAULT_GRID.doubtful_gap
                and opens(gap) != opens(2 * evidence.threshold - gap)):
            doubts.append({"top": round(line.top, 2), "gap": round(gap, 2), "threshold": round(evidence.threshold, 2),
                           "text": " ".join(" ".join(arrays["text"][members]) for _, members in line.pieces)})
        if ruled or (not evidence.by_rules and opens(gap)):
            row += 1
            row_bottom = line.bottom
        else:
            row_bottom = max(row_bottom, line.bottom)
        rows.append(row)
    return rows, doubts


class RegionReading(NamedTuple):
    """What `region_cells` reads of a region."""

    cells: pd.DataFrame  # one row per non-empty cell (row, col, text, box)
    doubts: list[dict]  # the lines whose row the printing leaves in doubt (`Table.doubts`)
    gaps: np.ndarray  # its gaps measured column by column (`RowEvidence.gaps`)
    broken: list[tuple[str, str]]  # words its narrow columns may have broken (`broken_word_candidates`)


def region_cells(region: Region, settings: TableSettings = DEFAULT, check=None) -> RegionReading:
    """The cells of a region. `check`, if given, judges the cells before neighbouring columns are
    joined: none are returned if it says no. A line's row is in doubt where a gap within
    `GridSettings.doubtful_gap` of the row gap threshold, no rule to say, decided it, and had it
    lain as far on the threshold's other side, the line would have gone the other way."""
    words = region.words
    if words.empty:
        return RegionReading(pd.DataFrame(columns=CELL_COLUMNS), [], np.zeros(0), [])
    arrays = {c: words[c].to_numpy() for c in ("x0", "x1", "top", "bottom", "size")}
    arrays["text"] = np.asarray(words["text"].tolist(), dtype=object)
    lines = [line_pieces(region, arrays, members, settings) for members in visual_lines(words)]
    for line in lines:
        line.spans = spans_columns(line, arrays, region.separators)
    size = float(words["size"].median())
    evidence = row_evidence(region, lines, arrays, size, settings)
    rows, doubts = line_rows(lines, arrays, region.separators, evidence, size, settings)
    piece_rows = [[(r, r)] * len(line.pieces) for line, r in zip(lines, rows)]
    if evidence.by_rules:
        piece_rows = band_rows(lines, arrays, np.r_[evidence.parting, gaps_above_rules(lines, evidence.ruled,
                                                                                          evidence.gapped, region.bbox)])
    cells = _cells(arrays, lines, piece_rows)
    if check is not None and not check(cells):
        return RegionReading(pd.DataFrame(columns=CELL_COLUMNS), [], evidence.gaps, [])
    fixed = {k for k, x in enumerate(region.separators) if x in full_height_rules(region, settings)}
    cells = with_spans(merge_disjoint_columns(cells, fixed), region.separators)
    renumber = {col: k for k, col in enumerate(sorted(cells["col"].unique()))}
    cells = cells.assign(col=cells["col"].map(renumber))[CELL_COLUMNS]
    return RegionReading(cells.sort_values(["row", "col"]).reset_index(drop=True), doubts, evidence.gaps,
                         broken_word_candidates(arrays, lines, piece_rows))


def broken_word_candidates(arrays: dict[str, np.ndarray], lines: list[Line],
                           piece_rows: list[list[tuple[int, int]]]) -> list[tuple[str, str]]:
    """The (stem, piece) texts of the words a narrow column may have broken at its edge, cell by
    cell (`broken_words.broken_word_pairs`), to be mended where the document vouches for them."""
    records = [(row, col, index, member) for index, (line, rows) in enumerate(zip(lines, piece_rows))
               for (col, members), (row, _) in zip(line.pieces, rows) for member in members]
    if not records:
        return []
    row, col, line, member = (np.asarray(values) for values in zip(*records))
    words = pd.DataFrame({"row": row, "col": col, "line": line, "x0": arrays["x0"][member],
                          "x1": arrays["x1"][member], "text": arrays["text"][member]})
    edges = words.groupby("col")["x1"].max().to_dict()
    return [(words.at[stem, "text"], words.at[piece, "text"]) for stem, piece in broken_word_pairs(words, edges)]


def header_zone(ruled: list[bool], settings: TableSettings) -> int:
    """How many lines the header takes: those above a rule across the table under one of the first
    `header_lines` lines (0 if there is none)."""
    for index, flag in enumerate(ruled[:settings.header_lines], start=1):
        if flag:
            return index
    return 0


def spans_columns(line: Line, arrays: dict[str, np.ndarray], separators: list[float], slack_pt: float = 2.0) -> bool:
    """Whether a piece of the line runs across a column separator (a header spanning columns)."""
    seps = np.asarray(separators, dtype=float)
    for _, members in line.pieces:
        x0, x1 = arrays["x0"][members].min(), arrays["x1"][members].max()
        if ((seps > x0 + slack_pt) & (seps < x1 - slack_pt)).any():
            return True
    return False


def full_height_rules(region: Region, settings: TableSettings) -> set[float]:
    """The drawn separators that run down most of the table (`fixed_rule_share` of its height):
    the others (edges of a shaded header, a rule beside a few cells) part cells only where drawn."""
    if not region.drawn:
        return set()
    vx, vt, vb = region.vertical_arrays()
    height = max(region.bbox[3] - region.bbox[1], 1.0)
    return {x for x in region.drawn
            if (vb - vt)[np.abs(vx - x) <= 2.0].sum() >= settings.fixed_rule_share * height}


def _cells(arrays: dict[str, np.ndarray], lines: list[Line], piece_rows: list[list[tuple[int, int]]]) -> pd.DataFrame:
    """One record per (row, column): its pieces' text, box, cell edges (`frames`) and last row."""
    cells: dict[tuple[int, int], list] = {}
    for line, rows in zip(lines, piece_rows):
        for (col, members), (row, last), (left, right) in zip(line.pieces, rows, line.frames):
            text = " ".join(arrays["text"][members])
            cell = cells.get((row, col))
            box = (float(arrays["x0"][members].min()), float(arrays["x1"][members].max()),
                   float(arrays["top"][members].min()), float(arrays["bottom"][members].max()))
            if cell is None:
                cells[(row, col)] = [[text], *box, left, right, last]
            else:
                cell[0].append(text)
                cell[1], cell[2] = min(cell[1], box[0]), max(cell[2], box[1])
                cell[3], cell[4] = min(cell[3], box[2]), max(cell[4], box[3])
                cell[5], cell[6], cell[7] = min(cell[5], left), max(cell[6], right), max(cell[7], last)
    records = [{"row": row, "col": col, "text": join_wrapped(c[0]), "x0": c[1], "x1": c[2], "top": c[3],
                "bottom": c[4], "left_edge": c[5], "right_edge": c[6], "last_row": c[7]}
               for (row, col), c in sorted(cells.items())]
    return pd.DataFrame(records, columns=[*RAW_CELL_COLUMNS])
