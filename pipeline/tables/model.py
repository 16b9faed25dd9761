"""What the reader returns: a table as a grid of strings with its page, box and cells."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline.tables.grouped import Groups

CELL_COLUMNS = ["row", "col", "text", "x0", "x1", "top", "bottom", "row_span", "col_span"]
LONG_COLUMNS = ["page", "table", *CELL_COLUMNS, "continues", "repeats_header"]
RowJudgement = tuple[np.ndarray, bool, float | None]  # a table's row gaps, rows spaced apart, row threshold
LONG_TYPES = {"page": "int32", "table": "int32", "row": "int32", "col": "int32",
              "x0": "float64", "x1": "float64", "top": "float64", "bottom": "float64",
              "row_span": "int32", "col_span": "int32", "continues": "Int64", "repeats_header": "bool"}


@dataclass
class Table:
    """One table of one page.

    `df` is the grid (a DataFrame of strings, positional row and column labels, "" for an empty
    cell; a spanning cell's text sits in its top-left position). `page` is 1-based; `bbox` is
    (x0, top, x1, bottom) in PDF points measured from the page's top-left corner, as pdfplumber
    gives boxes. `cells` holds one row per non-empty cell: row, col, text, its box, and how many
    rows and columns it covers (`row_span`, `col_span`, `spans.py`). `ruled` says whether the
    table was found by its ruling lines (else by the alignment of its text).
    `doubts` names the lines whose row the printing leaves in doubt (top, gap above, the table's
    row gap threshold, text): the reader does not guess silently. `continues` is the `order` of
    the table on the page before that this one carries on (None for a table that starts here);
    `header` the first row of the table it belongs to, and `repeats_header` says whether this
    part prints it again (`continuations.py`). `row_gaps` holds the gaps between its lines measured
    column by column: the part of the table on the next page is judged with them (and by the gap
    its rows opened above, `row_threshold`, where that page shows no clear break of its own), as
    it is by its rules where they alone decided this one's rows (`rows_by_rules`); `broken_words`
    the (stem, piece) texts of the words its narrow columns may have broken at their edge, mended
    where the document prints the whole word (`reader.with_broken_words_mended`), `words_mended`
    how many were (with the words a page broke in a row it cut, whose rest opens a cell of this
    part's first body row: `word_rests`, joined to the cell above without a space where the rows
    are joined). `joined_above` names the empty cells merged with the cell above them, their
    text printed on the page before (`spans.joined_above`).
    """

    page: int
    bbox: tuple[float, float, float, float]
    cells: pd.DataFrame
    ruled: bool = False
    order: int = 0  # 1-based position on its page in reading order, set by the reader
    doubts: list[dict] = field(default_factory=list)
    continues: int | None = None
    repeats_header: bool = False
    row_gaps: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)  # `line_rows.RowEvidence.gaps`
    broken_words: list[tuple[str, str]] = field(default_factory=list, repr=False)  # `grid.broken_word_candidates`
    words_mended: int = 0
    joined_above: frozenset[tuple[int, int]] = frozenset()  # (row, col) of empty cells merged with the one above
    word_rests: frozenset[tuple[int, int]] = frozenset()  # (row, col) of cells opening with a broken word's rest
    rows_spaced: bool = False  # its rows set clearly further apart than a cell's lines (`line_rows.RowEvidence.spaced`)
    rows_by_rules: bool = False  # its rows decided by its rules alone (`line_rows.RowEvidence.by_rules`)
    largest_size: float = float("nan")  # the largest font size its words are set in (a heading is larger)
    row_threshold: float | None = None  # the gap above which its lines open rows, where its gaps showed a clear
    #                                     break (`line_rows.RowEvidence.parted`)
    df: pd.DataFrame = field(init=False)
    header: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.df = grid_frame(self.cells)
        self.header = self.first_row()

    def row_judgement(self) -> RowJudgement:
        """How its rows were judged (`row_gaps`, `rows_spaced`, `row_threshold`): the part of it on the
        next page is judged so too (`Region.carried_rows`): one table, one judgement."""
        return self.row_gaps, self.rows_spaced, self.row_threshold

    def first_row(self) -> tuple[str, ...]:
        return first_row_texts(self.df)

    def column_extents(self) -> pd.DataFrame:
        """Each column's extent (`x0`, `x1`, indexed by column in order) from its cells, those
        spanning several columns left out."""
        single = self.cells["col_span"].to_numpy() == 1
        columns = Groups(self.cells["col"].to_numpy()[single])
        return pd.DataFrame({"x0": columns.min(self.cells["x0"].to_numpy(float)[single]),
                             "x1": columns.max(self.cells["x1"].to_numpy(float)[single])},
                            index=pd.Index(columns.keys, name="col"))

    @property
    def shape(self) -> tuple[int, int]:
        return self.df.shape

    def to_csv(self, path, **kwargs) -> None:
        """The grid as CSV: no header, no index, UTF-8 (the ICDAR 2013 prediction format)."""
        self.df.to_csv(path, header=False, index=False, encoding="utf-8", **kwargs)

    def __repr__(self) -> str:
        carried = f" continues=t{self.continues}" if self.continues is not None else ""
        return f"<Table page={self.page} shape={self.shape} bbox={tuple(round(v, 1) for v in self.bbox)}{carried}>"


def first_row_texts(grid: pd.DataFrame) -> tuple[str, ...]:
    """A grid's first row's texts, spaces and case folded (to tell a header printed again)."""
    return tuple(" ".join(text.split()).casefold() for text in grid.iloc[0].tolist()) if len(grid) else ()


def grid_frame(cells: pd.DataFrame) -> pd.DataFrame:
    """The plain grid of a cells frame, rows and columns numbered from 0 without gaps."""
    if cells.empty:
        return pd.DataFrame(dtype=str)
    rows = max(cells["row"]) + 1
    cols = max(cells["col"]) + 1
    grid = [[""] * cols for _ in range(rows)]
    for row, col, text in zip(cells["row"], cells["col"], cells["text"]):
        grid[row][col] = text
    return pd.DataFrame(grid, dtype=str)


def long_form(page_tables: Iterable[tuple[int, list[Table]]]) -> pd.DataFrame:
    """Every non-empty cell of a document's tables, one row each (page, table, row, col, text, box,
    and the table on the page before it carries on, if any, and whether it repeats its header):
    one frame for a whole document, however many tables it has, for users to filter."""
    found = [(page, table) for page, tables in page_tables for table in tables]
    if not found:
        return pd.DataFrame(columns=LONG_COLUMNS).astype(LONG_TYPES)
    cells = pd.concat([table.cells[CELL_COLUMNS] for _, table in found], ignore_index=True)
    each = [len(table.cells) for _, table in found]  # each table's values, once per cell of it
    cells["page"] = np.repeat([page for page, _ in found], each)
    cells["table"] = np.repeat([table.order for _, table in found], each)
    cells["continues"] = pd.array(np.repeat(np.array([table.continues for _, table in found], dtype=object), each),
                                  dtype="Int64")
    cells["repeats_header"] = np.repeat([table.repeats_header for _, table in found], each)
    return cells[LONG_COLUMNS].astype(LONG_TYPES)
