"""Tables that continue on the next page: the first table of a page carries on the last table of
the page before where nothing but running headers and footers (`page_furniture`) lies between
the two, and their columns line up (as many, each over the other's, a page set further left or
right moving them all alike). A first row that repeats the header of the table it carries on is
marked, so that joining the parts can leave it out. What a page break leaves of a table too little
to find as one is one still: the last lines of one cell carried alone to the next page's top, and
a header row alone at a page's foot, heading the next page's table (`foot_headers`)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from pipeline.pdf.text import SENTENCE_ENDS, join_wrapped
from pipeline.tables.grouped import Groups
from pipeline.tables.model import Table
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


def cell_ends_carried_alone(lowest: Table | None, words: pd.DataFrame, content: pd.DataFrame | None,
                            first: Table | None, settings: TableSettings = DEFAULT,
                            rulings: pd.DataFrame | None = None) -> Table | None:
    """The last lines of a row's cells carried alone to the top of a page: `lowest`, the table that
    ended the page before at its foot (None where none did), has cells in its last row running down
    as deep as any of its text, not all (a row of cells ending together ends there, but where the
    page goes on with several of them, or with one whose sentence carries on in lower case: a page
    break splitting a row sets its parts at the top of their cells), whose text stops short of a
    sentence's end; the page's first lines (`content`, its `words`), above its first table (`first`,
    None where it has none), none set larger than the table's words (`Table.largest_size`: a
    heading), set no further apart than a line's height and closed by a wide gap, a rule under them
    (the page's `rulings`: the foot of the cell's frame or a shaded band's edge) or a line set in
    another size (a heading), print side by side the ends of one or more of those cells
    (`side_by_side`), each in one of their columns (`in_running_columns`). A table of that one row,
    carrying `lowest` on; None where the page opens otherwise."""
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
    if sizes[:end].max() > lowest.largest_size + settings.size_change_pt:
        return None  # a heading, set larger than any of the table's words
    if (end < len(lines) and tops[end] - bottoms[end - 1] <= settings.block_gap * height
            and abs(sizes[end] - np.median(sizes[:end])) < settings.size_change_pt
            and not rule_between(rulings, bottoms[end - 1], tops[end],
                                 (float(mine["x0"].min()) + float(mine["x1"].max())) / 2, settings)):
        return None  # more text close under it: not a cell's end alone
    cells = lowest.cells[lowest.cells["col_span"] == 1]
    last = cells[cells["row"] == cells["row"].max()]
    reaching = last["bottom"] >= last["bottom"].max() - height  # its deepest text: a frame a page break cuts
    #                                                          may close a line's height and its padding lower
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
    facing pages, never as far as its narrowest column is wide); None where they fit no such
    columns. A part lies in a column where it overlaps it and reaches neither neighbour's cells: a
    cell's last lines may run wider than its lines on the page before did."""
    boxes = [(float(part["x0"].min()), float(part["x1"].max())) for part in parts]
    columns = [col for col in spans.index if col in running]
    lefts, rights = spans["x0"].to_numpy(float), spans["x1"].to_numpy(float)
    before = dict(zip(spans.index, np.r_[-np.inf, rights[:-1]]))  # where the column's left neighbour ends
    after = dict(zip(spans.index, np.r_[lefts[1:], np.inf]))  # where its right neighbour starts
    fits = {(k, col): (max(x1 - after[col], x0 - spans.at[col, "x1"]),  # the shifts that fit the part there
                       min(x0 - before[col], x1 - spans.at[col, "x0"]))
            for k, (x0, x1) in enumerate(boxes) for col in columns}
    narrowest = float((spans["x1"] - spans["x0"]).min())
    candidates = sorted({float(np.clip(0.0, low, high)) for low, high in fits.values() if low <= high}, key=abs)
    candidates = [shift for shift in candidates if abs(shift) < narrowest]  # none moves it a column's width
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
