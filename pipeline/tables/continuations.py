"""Tables that continue on the next page: the first table of a page carries on the last table of
the page before where nothing but running headers and footers (`page_furniture`) lies between
the two, and their columns line up (as many, each over the other's, a page set further left or
right moving them all alike). A first row that repeats the header of the table it carries on is
marked, so that joining the parts can leave it out."""
from __future__ import annotations

import pandas as pd

from pipeline.tables.model import Table
from pipeline.tables.page_furniture import running_line_mask
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


def column_spans(table: Table) -> list[tuple[float, float]]:
    """Each column's extent (its cells' leftmost and rightmost edges), from the table's left edge."""
    cells = table.cells.groupby("col").agg(x0=("x0", "min"), x1=("x1", "max"))
    return [(x0 - table.bbox[0], x1 - table.bbox[0]) for x0, x1 in zip(cells["x0"], cells["x1"])]


def columns_line_up(before: Table, after: Table) -> bool:
    """As many columns, each over the other table's same column: the middle of one within the other
    (a part of a few short cells, a header printed again, sits under the first's wider text)."""
    spans, other = column_spans(before), column_spans(after)
    if before.df.shape[1] != after.df.shape[1] or len(spans) != len(other):
        return False
    return all(a0 <= (b0 + b1) / 2 <= a1 or b0 <= (a0 + a1) / 2 <= b1 for (a0, a1), (b0, b1) in zip(spans, other))


def mark_continuation(last: Table | None, first: Table | None, content_before: pd.DataFrame | None,
                      content: pd.DataFrame | None, settings: TableSettings = DEFAULT) -> None:
    """Set `continues` on a page's `first` table (and `header`, `repeats_header`) where it carries on
    `last`, the lowest table of the page before (None where that page has none); `content_before`,
    `content`: the two pages' lines but their running headers and footers."""
    if last is None or first is None:
        return
    if (not lines_beyond(content_before, below=last.bbox[3], settings=settings)
            and not lines_beyond(content, above=first.bbox[1], settings=settings)
            and columns_line_up(last, first)):
        first.continues = last.order
        first.header = last.header
        first.repeats_header = first.first_row() == first.header


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
