"""Which of a table region's lines open a row: the evidence its printing gives (`RowEvidence`:
rules across it, its gaps judged per table, measured line by line and column by column, its parts
on earlier pages included), then line by line whether a line carries on the row above (`opens_row`).
Whether a rule lies in a gap, whether a wide gap opens a row or is a paragraph break in a cell, and
whether the rules decide are judged in `rows.py`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from pipeline.tables.bands import bold_header_lines
from pipeline.tables.rows import (clear_break, line_gaps, one_kind_threshold, rule_above_each_line, rules_decide,
                                  wide_gaps_opening_rows)
from pipeline.tables.settings import TableSettings

if TYPE_CHECKING:
    from pipeline.tables.grid import Line, Region


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
    text in too: the wrapped ends of a label and of the cells beside it) but wrapped text. A full
    line is a row of its own only under a label since the last wider gap: the first label there is
    its row's, set in the row's middle where the cells are centred in it."""
    if not parted and not ((gaps > threshold).any() and (gaps > -settings.row_overlap * size).all()):
        return False
    small, full, labelled = 0, 0, 0 in lines[0].columns
    for line, above, gap in zip(lines[1:], lines, gaps):
        if gap > threshold:
            labelled = False
        else:
            small += 1
            full += labelled and 0 in line.columns and len(line.pieces) >= 2 and not line.columns < above.columns
        labelled = labelled or 0 in line.columns
    return full <= settings.spaced_full_share * small


def opens_row(line: Line, previous: Line, gap: float, threshold: float, first_text: str,
              spaced: bool = False, following: Line | None = None, slack_pt: float = 1.0,
              reach: float = 0.0, paragraph: bool = False, sentences_go_on: bool = False,
              second_label: bool = False) -> bool:
    """Whether a line without a rule above it opens a new row (see the module docstring).

    A line that reaches up into the row above (its top more than `reach` above the row's bottom)
    is part of it: text that overlaps is never in two rows (the cells beside a wrapped label are
    centred between its lines, or the label wraps beside a longer cell).
    After a wide gap it does, unless it is one piece starting in lower case (a wrapped cell) or
    the gap is a `paragraph` break inside a cell of a body row (`rows.wide_gaps_opening_rows`);
    one piece in lower case still does where the lines running on from it bring a `second_label`
    (a row has one label: a cell a page cut opens its row in lower case beside labels centred in it)
    or, after a gap the table's gaps clearly show to be a row's, end the region (the first lines of
    a row's tallest cell, left alone at a page's foot by a break that carries its labels, centred in
    it, to the next page).
    After a narrow gap it does if it has text in the first column (a row label) and does not
    start in lower case; a line without a row label continues the line above when that had no
    row label either (a header row wrapped over lines) or when it only adds to cells the line
    above has (a wrapped cell). A lone first-column piece under a full row, flush with it and with
    the next line's label, is that row's label wrapped (a group label is set apart: the labels
    under it are indented). Cells under a header that spans columns are a row of their own. Where
    rows are `spaced` apart (see `rows_spaced_apart`), a line after a narrow gap never opens a row,
    nor does one whose cells' sentences go on from the line above (`sentences_go_on`)."""
    if gap < -reach:
        return False
    lower = first_text[:1].islower()
    if gap > threshold:
        return not (paragraph or (lower and len(line.pieces) == 1 and not second_label))
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
    going_on = sum(wordy)
    if line.columns < previous.columns:
        return going_on >= 1 and 2 * going_on >= len(wordy)
    return going_on >= 2 and 2 * going_on > len(wordy)


@dataclass(frozen=True)
class RowEvidence:
    """What a region's printing says about its rows, line by line (index 0: the first line, above
    which there is no gap): the judgements are `rows.py`'s."""

    threshold: float  # the row gap threshold, judged from the table's own gaps
    parted: bool  # the gaps break clearly into two kinds at the threshold (`rows.clear_break`)
    spaced: bool  # rows set clearly further apart than the lines inside a cell (`rows_spaced_apart`)
    ruled: list[bool]  # a rule that parts rows lies in the gap above the line (or, unruled, a bold header ends)
    gapped: list[bool]  # the gap above the line is wide and opens a row, not a paragraph break in a cell
    under_header: list[bool]  # a rule two font sizes long or more lies in the gap above the line
    header: int  # how many lines the header takes (`header_zone`, or in a ruled box drawing no rule under it
    #   its bold first lines, `bands.bold_header_lines`; 0 where the rules decide)
    repeated_header: int  # how many first lines print again the first row of the table carried on: one row
    by_rules: bool  # the table is ruled row by row: its rules alone decide (`rows.rules_decide`)
    parting: np.ndarray  # the rules that part rows (`parting_rules`), for `band_rows`
    gaps: np.ndarray  # its gaps measured column by column (`column_gaps`), for its part on the next page


def median(values: np.ndarray) -> float:
    """`np.median` of a few values, without its overhead (called once per piece of every line)."""
    ordered = np.sort(values)
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else float((ordered[middle - 1] + ordered[middle]) / 2)


def column_gaps(lines: list[Line], arrays: dict[str, np.ndarray], rule_tops: np.ndarray, floor: float) -> np.ndarray:
    """The gaps between consecutive lines of text inside each column (`rows.line_gaps`, which leaves
    out a gap over an empty cell and a rule): a column
    whose cells take fewer lines than their rows shows the gaps between rows clear of the lines
    wrapping beside it, and cells centred in their rows show only their own line gap."""
    parts = [(col, index, median(arrays["top"][members]), median(arrays["bottom"][members]))
             for index, line in enumerate(lines) for col, members in line.pieces]
    col, order, top, bottom = (np.array(values) for values in zip(*parts)) if parts else (np.zeros(0),) * 4
    return line_gaps(col, order, top, bottom, floor, rule_tops)


def one_row_centred(lines: list[Line], arrays: dict[str, np.ndarray], slack_pt: float) -> bool:
    """Whether a ruled box with no rule across it holds one row of cells centred in it, not the rows
    of a framed table: each column's lines one block set evenly apart, the blocks of different
    lengths, all centred on one middle (rows set their columns' blocks top to bottom alike, or part
    a column's lines by a row's gap where its cell takes fewer lines than the row)."""
    blocks: dict[int, dict[int, tuple[float, float]]] = {}
    for index, line in enumerate(lines):
        for col, members in line.pieces:
            top, bottom = blocks.setdefault(col, {}).get(index, (np.inf, -np.inf))
            blocks[col][index] = (min(top, float(arrays["top"][members].min())),
                                  max(bottom, float(arrays["bottom"][members].max())))
    spans = [list(block.values()) for block in blocks.values()]
    if len(spans) < 2 or len({len(span) for span in spans}) < 2:
        return False
    middles = [(span[0][0] + span[-1][1]) / 2 for span in spans]
    gaps = [below[0] - above[1] for span in spans for above, below in zip(span, span[1:])]
    return max(middles) - min(middles) <= slack_pt and max(gaps) - min(gaps) <= slack_pt


def header_gaps(lines: list[Line], arrays: dict[str, np.ndarray], header: int, body_gaps: np.ndarray,
                size: float, settings: TableSettings) -> np.ndarray:
    """The gaps of a header's first `header` lines that tell the table's kinds of gap: those inside
    its cells (line gaps) and the one under it where wider than the body's smallest. A header set
    close over rows whose cells are padded or centred in them sits nearer its first row than the
    rows' lines sit to each other: that gap is no line gap."""
    if not header:
        return np.zeros(0)
    inside = column_gaps(lines[:header], arrays, np.zeros(0), -settings.solid_overlap * size) if header > 1 else []
    under = lines[header].top - max(line.bottom for line in lines[:header])
    return np.r_[inside, [under] if not len(body_gaps) or under > body_gaps.min() else []]


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
    tops, bottoms = np.array([line.top for line in lines]), np.array([line.bottom for line in lines])
    ruled = rule_above_each_line(tops, bottoms, parting[:, 0], settings)
    over_rules = gaps[np.asarray(ruled[1:], dtype=bool) & (gaps > 0)]
    printing = lines_printing_header(lines, arrays, region.repeated_header_lines)
    repeated = printing if printing < len(lines) else 0
    if repeated and not ruled[repeated]:  # a header printed again ends where its rows begin
        ruled[repeated] = True
        middle = (max(line.bottom for line in lines[:repeated]) + lines[repeated].top) / 2
        parting = np.r_[parting, [[middle, region.bbox[0], region.bbox[2]]]]
    weight = bold_header_lines(lines, arrays.get("bold"))
    header = max(weight, repeated)
    in_columns = column_gaps(lines[header:], arrays, np.sort(parting[:, 0]), -settings.solid_overlap * size)
    positive = np.r_[over_rules, in_columns, header_gaps(lines, arrays, header, in_columns, size, settings),
                     region.carried_rows[0] if region.carried_rows is not None else [],
                     region.alike[0] if region.alike is not None else []]
    parted = clear_break(positive, size, settings)
    judged = region.carried_rows if region.carried_rows is not None else region.alike
    if parted is None and judged is not None:
        parted = judged[2]  # the break the table it carries on (or one printed alike) showed: one judgement
    threshold = parted if parted is not None else one_kind_threshold(positive, size, settings) if len(
        positive) else size
    gaps_above = np.r_[0.0, gaps].tolist()
    gapped = wide_gaps_opening_rows(gaps_above, [(len(line.columns), min(line.columns)) for line in lines], threshold)
    gapped[:repeated] = [False] * repeated  # a header printed again is one row, however far apart its lines
    one_row = region.ruled and not any(ruled[1:]) and (  # the rest of a row a page broke, or a box's one row
        region.carried_by_rules or one_row_centred(lines, arrays, settings.jitter_pt))
    if one_row:
        gapped = [False] * len(gapped)  # no gap stands in for a rule inside it
    by_rules = region.ruled and (rules_decide(gaps_above, ruled, gapped, settings) or one_row)
    if by_rules:
        header_lines = 0
    elif region.carried_rows is not None:  # its first lines carry a table's rows on: no header but one printed again
        header_lines = printing
    else:
        header_lines = max(header_zone(ruled[1:], lines, arrays, settings) or (weight if region.ruled else 0),
                           printing)
    ends_header = list(ruled)  # bold lines over the rows of an unruled table, no rule to say: a row of their own
    if not region.ruled and region.carried_rows is None and weight and not header_lines:
        ends_header[weight] = True
    return RowEvidence(
        threshold=threshold, parted=parted is not None,
        spaced=(rows_spaced_apart(lines, gaps, threshold, settings, parted is not None or any(ruled[1:]), size)
                or any(judged is not None and judged[1] for judged in (region.alike, region.carried_rows))),
        ruled=ends_header, gapped=gapped,
        under_header=rule_above_each_line(tops, bottoms, parting_rules(rules, 2 * size)[:, 0], settings),
        header=header_lines,
        repeated_header=printing, by_rules=by_rules, parting=parting, gaps=in_columns)


def lines_printing_header(lines: list[Line], arrays: dict[str, np.ndarray], header: frozenset[int]) -> int:
    """How many of the first `lines` print a header again: every word on one of the word lines
    `header` (`Region.repeated_header_lines`; a line read across a row may join word lines set a
    hair apart, a centred header's among them)."""
    count = 0
    for line in lines:
        if not header or not {int(arrays["line"][m]) for _, members in line.pieces for m in members} <= header:
            break
        count += 1
    return count


def line_rows(lines: list[Line], arrays: dict[str, np.ndarray], separators: list[float], evidence: RowEvidence,
              size: float, settings: TableSettings, carries_on: bool = False) -> tuple[list[int], list[dict]]:
    """The row of each line, line by line (the header's lines one row but for spanning headers and
    rules under them; then a rule, or `opens_row`, where the rules do not decide alone); and the
    lines whose row the printing leaves in doubt (see `region_cells`). The first row of a region that
    `carries_on` a table has its label on the page before: the rest of a row the page broke. A line
    overlapping the row above is part of it where the lines inside the table's cells never overlap
    (its narrowest line gap in a column, `RowEvidence.gaps`, is white): a row set below another is
    at least as far from it, so the line is interleaved with the lines of a row centred in its cells."""
    reach = settings.row_overlap * size  # how far up into the row above a line of the next may reach
    if len(evidence.gaps) and evidence.gaps.min() > 0:
        reach = max(0.0, reach - float(evidence.gaps.min()))
    row, rows, doubts = 0, [0], []
    row_bottom = lines[0].bottom
    labelled = 0 in lines[0].columns or carries_on and not evidence.header  # the row so far has a label
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
                             evidence.spaced, following, reach=reach,
                             paragraph=row > 0 and not evidence.gapped[index],
                             sentences_go_on=sentences_go_on(line, previous, arrays),
                             second_label=labelled and gap > evidence.threshold
                             and label_or_end_runs_on(lines, index, evidence.threshold, evidence.parted))

        ruled = evidence.ruled[index] or index == evidence.header  # the header ends where its rows begin
        if (not ruled and not evidence.by_rules and abs(gap - evidence.threshold) < settings.doubtful_gap_pt
                and opens(gap) != opens(2 * evidence.threshold - gap)):
            doubts.append({"top": round(line.top, 2), "gap": round(gap, 2), "threshold": round(evidence.threshold, 2),
                           "text": " ".join(" ".join(arrays["text"][members]) for _, members in line.pieces)})
        if ruled or (not evidence.by_rules and opens(gap)):
            row += 1
            row_bottom = line.bottom
            labelled = carries_on and index == evidence.header
        else:
            row_bottom = max(row_bottom, line.bottom)
        labelled = labelled or 0 in line.columns
        rows.append(row)
    return rows, doubts


def label_or_end_runs_on(lines: list[Line], index: int, threshold: float, end_counts: bool) -> bool:
    """Whether a row label (text in the first column), or the region's end where it counts
    (`end_counts`: the table's gaps break clearly at `threshold`, so the gap over these lines is a
    row's), comes in the lines running on from line `index` with no gap wider than `threshold`."""
    bottom = lines[index].bottom
    for line in lines[index:]:
        if line.top - bottom > threshold:
            return False
        if 0 in line.columns:
            return True
        bottom = max(bottom, line.bottom)
    return end_counts


def header_zone(ruled: list[bool], lines: list[Line], arrays: dict[str, np.ndarray], settings: TableSettings) -> int:
    """How many lines the header takes: those above a rule across the table under one of the first
    `header_lines` lines (0 if there is none), or only the first of them where they are set bold and
    the rest not (`bold_header_lines`): the first lines of a row the page carries on, ruled off with
    the header printed again over them."""
    for index, flag in enumerate(ruled[:settings.header_lines], start=1):
        if flag:
            return bold_header_lines(lines[:index], arrays.get("bold")) or index
    return 0


def spans_columns(line: Line, arrays: dict[str, np.ndarray], separators: list[float], slack_pt: float = 2.0) -> bool:
    """Whether a piece of the line runs across a column separator (a header spanning columns)."""
    seps = np.asarray(separators, dtype=float)
    for _, members in line.pieces:
        x0, x1 = arrays["x0"][members].min(), arrays["x1"][members].max()
        if ((seps > x0 + slack_pt) & (seps < x1 - slack_pt)).any():
            return True
    return False
