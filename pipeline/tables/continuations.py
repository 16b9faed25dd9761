"""Tables that continue on the next page: the first table of a page carries on the last table of
the page before where nothing but running headers and footers (`page_furniture`) lies between
the two, and their columns line up (as many, each over the other's, a page set further left or
right moving them all alike). A first row that repeats the header of the table it carries on is
marked, so that joining the parts can leave it out. What a page break leaves of a table too little
to find as one is one still: a header row alone at a page's foot, heading the next page's table,
and the last lines of one cell carried alone to the next page's top."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pandas as pd

from pipeline.pdf.text import SENTENCE_ENDS, join_wrapped
from pipeline.tables.grouped import Groups
from pipeline.tables.model import CELL_COLUMNS, Table, first_row_texts, grid_frame
from pipeline.tables.page_furniture import running_line_mask
from pipeline.tables.segments import wider_than_a_space
from pipeline.tables.settings import DEFAULT, TableSettings


def page_content(lines: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """Each page's lines (`summarise_lines`) but its running headers and footers."""
    kept = lines[~running_line_mask(lines).to_numpy(dtype=bool)] if len(lines) else lines
    return dict(tuple(kept.groupby("page", sort=False)))


def lines_beyond(content: pd.DataFrame | None, below: float = float("inf"), above: float = float("-inf"),
                 settings: TableSettings = DEFAULT) -> bool:
    """Whether a line of a page's `content` lies below `below` or above `above` (a table's bottom,
    the next page's first table's top)."""
    if content is None or content.empty:
        return False
    middle = (content["top"] + content["bottom"]) / 2
    return bool(((middle > below + settings.continuation_slack_pt)
                 | (middle < above - settings.continuation_slack_pt)).any())


def column_spans(table: Table, origin: float | None = None) -> list[tuple[float, float]]:
    """Each column's extent (its cells' leftmost and rightmost edges), from `origin` (the table's left
    edge where not given)."""
    origin = table.bbox[0] if origin is None else origin
    columns = Groups(table.cells["col"].to_numpy())
    left, right = columns.min(table.cells["x0"]) - origin, columns.max(table.cells["x1"]) - origin
    return list(zip(left.tolist(), right.tolist()))


def columns_under(before: Table, after: Table, slack: float) -> list[int] | None:
    """For each column of `after`, the column of `before` it lies under, or None where they do not
    line up. Where `after` prints as many columns, each lies under the same one: the middle of one
    within the other (a part of a few short cells, a header printed again, sits under the first's
    wider text; each measured from its table's left edge: facing pages set tables further left or
    right). Where it prints fewer (a row whose cells are empty on its page), each lies in one of
    `before`'s (`columns_within`), left to right, where the page sets them or moved by the least
    shift that starts its first column where one of `before`'s starts (its left edge is that
    column's, not the table's); never more."""
    spans, other = column_spans(before), column_spans(after)
    if before.df.shape[1] != len(spans) or after.df.shape[1] != len(other) or len(other) > len(spans):
        return None
    if len(other) == len(spans):
        lined_up = all(a0 <= (b0 + b1) / 2 <= a1 or b0 <= (a0 + a1) / 2 <= b1
                       for (a0, a1), (b0, b1) in zip(spans, other))
        return list(range(len(spans))) if lined_up else None
    other = column_spans(after, origin=before.bbox[0])
    for shift in sorted({0.0} | {other[0][0] - a0 for a0, _ in spans}, key=abs):
        under = columns_within(spans, [(b0 - shift, b1 - shift) for b0, b1 in other], slack)
        if under is not None:
            return under
    return None


def columns_within(spans: list[tuple[float, float]], other: list[tuple[float, float]],
                   slack: float) -> list[int] | None:
    """For each of `other`'s columns (or a line's pieces), left to right, the first of `spans` after
    the last one taken that it lies in: it overlaps that column's extent and reaches, to within
    `slack`, into neither neighbour's (cells centred or set flush right start where no cell above
    did, and a longer one reaches further left than any did); None where one lies in none."""
    under: list[int] = []
    for b0, b1 in other:
        column = next((k for k in range(under[-1] + 1 if under else 0, len(spans))
                       if b0 < spans[k][1] and b1 > spans[k][0]
                       and (k == 0 or b0 >= spans[k - 1][1] - slack)
                       and (k + 1 == len(spans) or b1 <= spans[k + 1][0] + slack)), None)
        if column is None:
            return None
        under.append(column)
    return under


def mark_continuation(last: Table | None, first: Table | None, content_before: pd.DataFrame | None,
                      content: pd.DataFrame | None, settings: TableSettings = DEFAULT) -> Table | None:
    """A page's `first` table, with `continues` set (and `header`, `repeats_header`) where it carries
    on `last`, the lowest table of the page before (None where that page has none): nothing else
    lies between them and its columns lie under `last`'s (`columns_under`, within `bridge_snap_pt`);
    where it prints fewer, its columns numbered as those they lie under. `content_before`,
    `content`: the two pages' lines but their running headers and footers."""
    if last is None or first is None:
        return first
    if (lines_beyond(content_before, below=last.bbox[3], settings=settings)
            or lines_beyond(content, above=first.bbox[1], settings=settings)):
        return first
    under = columns_under(last, first, settings.bridge_snap_pt)
    if under is None:
        return first
    if under != list(range(len(under))):
        first = replace(first, cells=first.cells.assign(col=np.asarray(under)[first.cells["col"].to_numpy()]),
                        joined_above=frozenset((row, under[col]) for row, col in first.joined_above))
    first.continues = last.order
    first.header = last.header
    first.repeats_header = first.first_row() == first.header
    return first


def header_left_at_foot(words: pd.DataFrame | None, content: pd.DataFrame | None, lowest: Table | None,
                        first: Table | None, content_after: pd.DataFrame | None,
                        settings: TableSettings = DEFAULT, rulings: pd.DataFrame | None = None,
                        words_after: pd.DataFrame | None = None) -> Table | None:
    """A header row a page break kept from its rows: the last lines of a page's `content` (its
    `words`), below its lowest table (`lowest`, None where it has none), as many as up to
    `header_lines` set close together allow and no rule parts (one of the page's `rulings`: the
    table's top rule, with a paragraph's last line above it), whose pieces each lie over one column
    of the next page's first table (`first`; as the page sets them, or moved as far as that page sets
    its table further left or right than `lowest`, or its text than this page: facing pages), all
    its columns but one at least and two or more. Above `first`, the next page (`content_after`,
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
           and not rule_between(rulings, bottoms[start - 1], tops[start], middles[start], settings)):
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


def cell_ends_carried_alone(lowest: Table | None, words: pd.DataFrame, content: pd.DataFrame | None,
                            first: Table | None, settings: TableSettings = DEFAULT,
                            rulings: pd.DataFrame | None = None) -> Table | None:
    """The last lines of a row's cells carried alone to the top of a page: `lowest`, the table that
    ended the page before at its foot (None where none did), has cells in its last row running down
    to its foot, not all (a row of cells ending together ends there, but where the page goes on with
    several of them, or with one whose sentence carries on in lower case: a page break splitting a
    row sets its parts at the top of their cells), whose text stops short of a sentence's end; the
    page's first lines (`content`, its `words`), above its first table (`first`, None where it has
    none), set no further apart than a line's height and closed by a wide gap, a rule under them
    (the page's `rulings`: the foot of the cell's frame) or a line set in another size (a heading),
    print side by side the ends of one or more of those cells (`side_by_side`), each in one of
    their columns (`in_running_columns`). A table of that one row, carrying `lowest` on; None where
    the page opens otherwise."""
    if lowest is None or content is None or content.empty or first is not None and first.continues is not None:
        return None
    lines = content.sort_values("top")
    if first is not None:
        lines = lines[lines["bottom"] <= first.bbox[1]]
    if lines.empty:
        return None
    tops, bottoms = lines["top"].to_numpy(float), lines["bottom"].to_numpy(float)
    height = float(np.median(bottoms - tops))
    opening = words[words["line"] == lines["line"].iloc[0]]
    middle = (float(opening["x0"].min()) + float(opening["x1"].max())) / 2  # a rule under it ends the cell there
    end = 1
    while (end < len(lines) and tops[end] - bottoms[end - 1] <= height
           and not rule_between(rulings, bottoms[end - 1], tops[end], middle, settings)):
        end += 1
    mine = words[words["line"].isin(lines["line"].iloc[:end])].sort_values(["top", "x0"], kind="stable")
    sizes = lines["size"].to_numpy(float)
    if (end < len(lines) and tops[end] - bottoms[end - 1] <= settings.block_gap * height
            and abs(sizes[end] - np.median(sizes[:end])) < settings.size_change_pt
            and not rule_between(rulings, bottoms[end - 1], tops[end],
                                 (float(mine["x0"].min()) + float(mine["x1"].max())) / 2, settings)):
        return None  # more text close under it: not a cell's end alone
    cells = lowest.cells[lowest.cells["col_span"] == 1]
    last = cells[cells["row"] == cells["row"].max()]
    reaching = last["bottom"] >= lowest.bbox[3] - height
    going_on = ~last["text"].str.rstrip().str.endswith(SENTENCE_ENDS)
    parts = side_by_side(mine, settings)
    if reaching.all() and len(parts) < 2 and not str(parts[0]["text"].iloc[0])[:1].islower():
        return None  # a row of cells ending together ends there, but where it goes on in several or mid-sentence
    running = set(last.loc[reaching & going_on, "col"].tolist())
    columns = in_running_columns(parts, lowest.column_extents(), running)
    if columns is None:
        return None
    cell = pd.DataFrame([{"row": 0, "col": col, "text": join_wrapped([" ".join(line["text"])
                                                                     for _, line in part.groupby("line", sort=False)]),
                          "x0": float(part["x0"].min()), "x1": float(part["x1"].max()),
                          "top": float(part["top"].min()), "bottom": float(part["bottom"].max()),
                          "row_span": 1, "col_span": 1} for part, col in zip(parts, columns)])
    box = (float(mine["x0"].min()), float(mine["top"].min()), float(mine["x1"].max()), float(mine["bottom"].max()))
    alone = Table(page=int(lines["page"].iloc[0]), bbox=box, cells=cell, continues=lowest.order)
    alone.header = lowest.header
    return alone


def side_by_side(words: pd.DataFrame, settings: TableSettings = DEFAULT) -> list[pd.DataFrame]:
    """The words of a few lines parted, left to right, where no word of any of them lies over the
    white between: the cells they print side by side (each part's words in reading order). Cells
    centred in their row interleave their lines; a gutter no wider than a word space parts none."""
    across = words.sort_values("x0", kind="stable")
    x0, x1, size = (across[c].to_numpy(float) for c in ("x0", "x1", "size"))
    opens = np.r_[True, wider_than_a_space(x0[1:] - np.maximum.accumulate(x1)[:-1], size[1:], settings)]
    labels = pd.Series(np.cumsum(opens), index=across.index).reindex(words.index).to_numpy()
    return [words[labels == k] for k in range(1, int(labels.max()) + 1)]


def in_running_columns(parts: list[pd.DataFrame], spans: pd.DataFrame, running: set[int]) -> list[int] | None:
    """The column each part (left to right) lies in, of the table's columns whose cells run on
    (`running`; `spans`: each column's extent, `Table.column_extents`), one each and in their order,
    all moved by one shift as small as fits them (the page may set the table further left or right:
    facing pages); None where they fit no such columns."""
    boxes = [(float(part["x0"].min()), float(part["x1"].max())) for part in parts]
    columns = [col for col in spans.index if col in running]
    fits = {(k, col): (x1 - spans.at[col, "x1"], x0 - spans.at[col, "x0"])  # the shifts that fit the part there
            for k, (x0, x1) in enumerate(boxes) for col in columns}
    candidates = sorted({float(np.clip(0.0, low, high)) for low, high in fits.values() if low <= high}, key=abs)
    for shift in candidates:
        placed: list[int] = []
        for k in range(len(boxes)):
            col = next((col for col in columns if (not placed or col > placed[-1])
                        and fits[k, col][0] <= shift <= fits[k, col][1]), None)
            if col is None:
                break
            placed.append(col)
        if len(placed) == len(boxes):
            return placed
    return None


def rule_between(rulings: pd.DataFrame | None, above: float, below: float, x: float,
                 settings: TableSettings = DEFAULT) -> bool:
    """Whether a horizontal rule (one of `rulings`, thinner than `stroke_max_width_pt`) crosses `x`
    between the heights `above` and `below`."""
    if rulings is None or rulings.empty:
        return False
    top, bottom = rulings["top"].to_numpy(float), rulings["bottom"].to_numpy(float)
    return bool(((bottom - top < settings.stroke_max_width_pt) & (top > above) & (bottom < below)
                 & (rulings["x0"].to_numpy(float) <= x) & (rulings["x1"].to_numpy(float) >= x)).any())


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
    at_start = (np.abs(moved[:, None] - spans["x0"].to_numpy(float)[None, :]) <= settings.exact_start_pt).any(axis=1)
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


def whole_tables(tables: list[Table]) -> list[pd.DataFrame]:
    """One grid per table however many pages it runs on (`tables` as `read_pdf` gives them, in page
    order): each part that carries on a table (`continues`) has its rows appended to that table's,
    leaving out a header it prints again. A row a page break cut in two stays two rows."""
    wholes: list[pd.DataFrame] = []
    whole_of: dict[tuple[int, int], int] = {}  # (page, order) of a part → index of its whole table
    for table in tables:
        index = whole_of.get((table.page - 1, table.continues)) if table.continues is not None else None
        if index is None:
            index = len(wholes)
            wholes.append(table.df.reset_index(drop=True))
        else:
            part = table.df.iloc[1:] if table.repeats_header else table.df
            wholes[index] = pd.concat([wholes[index], part], ignore_index=True)
        whole_of[(table.page, table.order)] = index
    return wholes
