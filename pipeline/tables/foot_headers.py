"""A header row a page break kept from its rows: left alone at a page's foot (its last lines
perhaps on the next page's top), or printed there again over the first lines of a row the break
cut. Found once the next page is read, by the columns of the table it heads there."""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from pipeline.pdf.text import join_wrapped
from pipeline.tables.continuations import lines_beyond, rule_between
from pipeline.tables.model import CELL_COLUMNS, Table, first_row_texts, grid_frame
from pipeline.tables.segments import opening_at, wider_than_a_space
from pipeline.tables.settings import DEFAULT, TableSettings


def header_left_at_foot(words: pd.DataFrame | None, content: pd.DataFrame | None, lowest: Table | None,
                        first: Table | None, content_after: pd.DataFrame | None,
                        settings: TableSettings = DEFAULT, rulings: pd.DataFrame | None = None,
                        words_after: pd.DataFrame | None = None) -> Table | None:
    """A header row a page break kept from its rows: the last lines of a page's `content` (its
    `words`), below its lowest table (`lowest`, None where it has none), as many as up to
    `header_lines` set close together and in the size of the last allow and no rule parts (one of
    the page's `rulings`: the table's top rule, with a paragraph's last line above it; a paragraph's
    last line set in the text's size, close over a header in the table's), whose pieces each lie
    over one column of the next page's first table (`first`; as the page sets them, or moved as far
    as that page sets its table further left or right than `lowest`, or its text than this page:
    facing pages), all its columns but one at least and two or more. Above `first`, the next page (`content_after`,
    its `words_after`) may hold only the header's last lines, the page having broken the header row
    itself: each piece in one of the columns, added to the header's cells. Where the next page
    prints the header again, the page's last lines set close together (rules between them or not)
    may be that header over the first lines of a row the break cut (`header_again_over_row_start`).
    Returned as a table of that row or two, the last of its page, which `first` is then marked to
    carry on; None where the page leaves no such lines. Running text parts no words at the
    columns' gutters."""
    if words is None or content is None or first is None or first.continues is not None or content.empty:
        return None
    foot = content[content["top"] > (lowest.bbox[3] if lowest is not None else -np.inf)].sort_values("top")
    if foot.empty:
        return None
    rest = header_rest(content_after, words_after, first, settings)
    if rest is None:
        return None
    tops, bottoms, sizes = (foot[c].to_numpy(float) for c in ("top", "bottom", "size"))
    middles = ((foot["x0"] + foot["x1"]) / 2).to_numpy(float)
    close = (tops[1:] - bottoms[:-1] <= settings.block_gap * sizes[1:]).tolist()
    start = reach = len(foot) - 1
    while reach > 0 and close[reach - 1]:
        reach -= 1  # the lines set close together down to the page's foot, rules or not
    while (start > reach and len(foot) - start < settings.header_lines
           and not rule_between(rulings, bottoms[start - 1], tops[start], middles[start], settings)
           and abs(sizes[start - 1] - sizes[-1]) < settings.size_change_pt):
        start -= 1
    margins = 0.0 if content_after is None or content_after.empty else float(
        content_after["x0"].min() - content["x0"].min())  # facing pages: how far the next sets its text further right
    shifts = sorted({0.0, 0.0 if lowest is None else first.bbox[0] - lowest.bbox[0], margins}, key=abs)

    def header_of(first_line: int, shift: float) -> pd.DataFrame | None:
        printed = words[words["line"].isin(foot["line"].iloc[first_line:])]
        if len(rest) and (rest["size"] - printed["size"].median()).abs().max() >= settings.size_change_pt:
            return None  # a heading over the table the next page carries on, not the header's end
        return header_cells(pd.concat([printed, rest]) if len(rest) else printed, first, settings, shift,
                            rest_lines=set(rest["line"]))

    cells = None if len(rest) else next(header_again_over_row_start(
        words[words["line"].isin(foot["line"].iloc[reach:])], first, settings, shifts), None)
    repeats = cells is not None
    if cells is None:
        cells = next((cells for cells in (header_of(first_line, shift) for first_line in range(start, len(foot))
                                          for shift in shifts) if cells is not None), None)
    if cells is None:
        return None
    header = Table(page=int(foot["page"].iloc[0]), bbox=(float(cells["x0"].min()), float(cells["top"].min()),
                                                          float(cells["x1"].max()), float(cells["bottom"].max())),
                   cells=cells, order=first_free_order(lowest))
    first.continues = header.order
    first.header = header.header
    first.repeats_header = repeats
    return header


def header_again_over_row_start(words: pd.DataFrame, first: Table, settings: TableSettings,
                                shifts: list[float]) -> Iterator[pd.DataFrame]:
    """The ways of parting a page's last lines (their `words`) into a header row over the first
    lines of a row a page break cut, as the cells of both (rows 0 and 1): the header's words are
    those the next page's first table (`first`) prints again as its first row, lying over its
    columns as they do there (`header_cells`), and each word of the lines under it lies in one of
    those columns (`cells_in_columns`), all moved by one of `shifts` (facing pages). A row's first
    line shows too few lines to find its columns by: two cells all but meeting print as one piece."""
    again = sorted(" ".join(first.first_row()).split())
    lines = [line for _, line in words.sort_values("top", kind="stable").groupby("line", sort=False)]
    texts = [line["text"].str.casefold().tolist() for line in lines]
    for first_line in range(len(lines) - 1):
        for split in range(first_line + 1, min(first_line + settings.header_lines, len(lines) - 1) + 1):
            if sorted(word for line in texts[first_line:split] for word in line) != again:
                continue
            for shift in shifts:
                header = header_cells(pd.concat(lines[first_line:split]), first, settings, shift)
                if header is None or first_row_texts(grid_frame(header)) != first.first_row():
                    continue
                row = cells_in_columns(pd.concat(lines[split:]), first, shift)
                if row is not None:
                    yield pd.concat([header, row.assign(row=1)], ignore_index=True)


def first_free_order(lowest: Table | None) -> int:
    """The reading order of a table below the lowest of its page (`lowest`: None where it has none;
    the lowest table is the last in reading order)."""
    return 1 if lowest is None else lowest.order + 1


def header_rest(content: pd.DataFrame | None, words: pd.DataFrame | None, first: Table,
                settings: TableSettings = DEFAULT) -> pd.DataFrame | None:
    """The words of a page's lines above its first table (`content`, its `words`): the last lines
    of a header row the page before broke, where each piece lies in one of `first`'s columns (an
    empty frame where no line lies above it); None where another line does (a heading, a paragraph)."""
    if not lines_beyond(content, above=first.bbox[1], settings=settings):
        return pd.DataFrame(columns=["line"])
    above = content[(content["top"] + content["bottom"]) / 2 < first.bbox[1] - settings.continuation_slack_pt]
    mine = words[words["line"].isin(above["line"])] if words is not None else None
    if mine is None or mine.empty or header_cells(mine, first, settings, least=1) is None:
        return None
    return mine


def header_cells(words: pd.DataFrame, table: Table, settings: TableSettings, shift: float = 0.0,
                 least: int | None = None, rest_lines: set[int] = frozenset()) -> pd.DataFrame | None:
    """The cells of a header row printed over `table`'s columns (`words`: its lines' words), one per
    column its pieces lie over (`segment_gap` apart at least, or a word opening exactly where a
    column's cells start: header cells a word space apart; each in the column its middle lies in,
    reaching no cell of a column beside it: a header wider than its column's cells runs into the
    gutters, whose middle need not part the header cells), moved by `shift` (the next page sets
    the table further right: facing pages); the lines `rest_lines` are the header's last lines, which
    that page prints: not moved, their text added to the cells above them, their boxes (on another
    page) left out. None where a piece runs over two columns, or the pieces lie over fewer than
    `least` columns (all the columns but one, and two, where not given), or a last line's piece lies
    under no other."""
    spans = table.column_extents()
    words = words.sort_values(["line", "x0"], kind="stable")
    x0, x1, size = (words[c].to_numpy(float) for c in ("x0", "x1", "size"))
    line = words["line"].to_numpy()
    moved = x0 + np.where(np.isin(line, list(rest_lines)), 0.0, shift)
    at_start = opening_at(moved, spans["x0"].to_numpy(float), settings)
    opens = np.r_[True, (line[1:] != line[:-1]) | wider_than_a_space(x0[1:] - x1[:-1], size[1:], settings)
                  | at_start[1:]]
    piece = np.cumsum(opens)
    pieces = words.assign(piece=piece).groupby("piece").agg(line=("line", "first"), x0=("x0", "min"),
                                                           x1=("x1", "max"), top=("top", "min"),
                                                           bottom=("bottom", "max"), text=("text", " ".join))
    rest = pieces["line"].isin(rest_lines).to_numpy()
    col, inside = column_placed(pieces, spans, np.where(rest, 0.0, shift))
    hit = set(col.tolist())
    if not inside.all() or len(hit) < (max(2, len(spans) - 1) if least is None else least):
        return None
    pieces = pieces.assign(col=spans.index.to_numpy()[col])
    if rest.any() and not set(pieces.loc[rest, "col"]) <= set(pieces.loc[~rest, "col"]):
        return None
    cells = pieces[~rest].groupby("col").agg(x0=("x0", "min"), x1=("x1", "max"), top=("top", "min"),
                                            bottom=("bottom", "max"))
    cells["text"] = pieces.groupby("col")["text"].agg(lambda texts: join_wrapped(list(texts)))
    return cells.reset_index().assign(row=0, row_span=1, col_span=1)[CELL_COLUMNS]


def column_placed(boxes: pd.DataFrame, spans: pd.DataFrame, shift: float | np.ndarray = 0.0
                  ) -> tuple[np.ndarray, np.ndarray]:
    """For each box (`x0`, `x1`, moved by `shift`), the position of the column (of `spans`, as
    `Table.column_extents` gives them) its middle lies in, and whether it reaches no cell of a
    column beside it (a header wider than its column's cells runs into the gutters)."""
    bounds = np.r_[-np.inf, (spans["x1"].to_numpy()[:-1] + spans["x0"].to_numpy()[1:]) / 2, np.inf]
    ends, starts = np.r_[-np.inf, spans["x1"].to_numpy()], np.r_[spans["x0"].to_numpy()[1:], np.inf]
    left, right = boxes["x0"].to_numpy(float) + shift, boxes["x1"].to_numpy(float) + shift
    col = np.searchsorted(bounds, (left + right) / 2) - 1
    return col, (left > ends[col]) & (right < starts[col])


def cells_in_columns(words: pd.DataFrame, table: Table, shift: float = 0.0) -> pd.DataFrame | None:
    """One row of cells from a few lines' `words`, each word in the column of `table` it lies over
    (`column_placed`, moved by `shift`), a cell's lines joined as wrapped text; None where a word
    runs over two columns."""
    spans = table.column_extents()
    col, inside = column_placed(words, spans, shift)
    if not inside.all():
        return None
    placed = words.assign(col=spans.index.to_numpy()[col]).sort_values(["top", "x0"], kind="stable")
    cells = placed.groupby("col").agg(x0=("x0", "min"), x1=("x1", "max"), top=("top", "min"),
                                      bottom=("bottom", "max"))
    cells["text"] = pd.Series({col: join_wrapped([" ".join(line["text"])
                                                  for _, line in cell.groupby("line", sort=False)])
                               for col, cell in placed.groupby("col")})
    return cells.reset_index().assign(row=0, row_span=1, col_span=1)[CELL_COLUMNS]
