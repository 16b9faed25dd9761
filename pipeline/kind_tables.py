"""Kind tables: which of the tables the general reader finds (`pipeline.tables`) are tables of the
document's kinds, and their cells as `stitch` takes them.

A table whose row reads as a kind's header row (`kinds.TableKind.header_pattern`, the row's cells
read left to right) opens a table of that kind there; a table carrying it on to the next page
(`Table.continues`) is the same table's next part, whether it prints its header again or not. One
part per page: `stitch` joins the parts and the rows a page break cut.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from pipeline.kinds import TableKind
from pipeline.pdf.text import join_wrapped
from pipeline.tables import Table

PART_CELL_COLUMNS = ["table", "page", "row", "col", "text", "x0", "x1", "top", "bottom", "lines", "header", "spanned",
                     "word_rest"]
STACKED_ROW = 1000  # a stacked kind's entry row: column × STACKED_ROW + entry, numbered down each column


@dataclass(frozen=True)
class KindPart:
    """One page's part of a table of a document kind: the general table's cells from the part's
    first row (its header row where it prints one), the header of the table it belongs to, and
    the table it came from (its doubts, column extents and the words it mended)."""

    kind: TableKind
    source: Table
    cells: pd.DataFrame  # the general reader's cells, rows renumbered from the part's first row
    header_printed: bool
    header: tuple[str, ...]
    first_row: int  # the part's first row in `source`

    @property
    def page(self) -> int:
        return self.source.page

    @property
    def top(self) -> float:
        return float(self.cells["top"].min())


def row_text(cells: list[str]) -> str:
    """A grid row's cells read left to right as one line of text."""
    return " ".join(" ".join(text.split()) for text in cells if text.strip())


def cell_line(text: str) -> str:
    """A cell's paragraphs as one text (a wrapped hyphen kept as `join_wrapped` keeps it)."""
    return join_wrapped(text.split("\n"))


def header_rows(table: Table, kinds: Iterable[TableKind]) -> list[tuple[int, TableKind]]:
    """The rows of `table` that read as a kind's header row, with that kind."""
    found = []
    for row, cells in enumerate(table.df.values.tolist()):
        text = row_text(cells)
        kind = next((kind for kind in kinds if kind.header_pattern.search(text)), None)
        if kind is not None:
            found.append((row, kind))
    return found


def rows_from(table: Table, first: int, end: int | None = None) -> pd.DataFrame:
    """The cells of `table` in rows `first` up to `end`, numbered from 0."""
    rows = table.cells["row"]
    kept = table.cells[(rows >= first) & (rows < (end if end is not None else np.inf))]
    return kept.assign(row=kept["row"] - first).reset_index(drop=True)


def header_of(cells: pd.DataFrame) -> tuple[str, ...]:
    """The texts of a part's first row, column by column."""
    first = cells[cells["row"] == 0]
    texts = dict(zip(first["col"], first["text"]))
    return tuple(cell_line(texts.get(col, "")) for col in range(int(cells["col"].max()) + 1))


def kind_parts(pages: Iterable[tuple[int, list[Table]]], kinds: tuple[TableKind, ...]) -> list[KindPart]:
    """The parts of the kinds' tables among a document's tables (`pages`: each page's tables in
    reading order, as `tables.iter_page_tables` gives them). A header row inside a table (a table
    set right under another, or its header printed again on the same page) opens a part there."""
    parts: list[KindPart] = []
    last_on_page: dict[tuple[int, int], KindPart] = {}  # (page, table order) → the last part read from it
    for page, tables in pages:
        for table in tables:
            carried = last_on_page.get((page - 1, table.continues)) if table.continues is not None else None
            starts = header_rows(table, kinds)
            first_header = starts[0][0] if starts else table.shape[0]
            if carried is not None and first_header > 0:
                cells = rows_from(table, 0, first_header)
                if len(cells):
                    part = KindPart(carried.kind, table, cells, False, carried.header, 0)
                    parts.append(part)
                    last_on_page[(page, table.order)] = part
            for index, (row, kind) in enumerate(starts):
                end = starts[index + 1][0] if index + 1 < len(starts) else None
                cells = rows_from(table, row, end)
                same = carried is not None and carried.kind == kind and index == 0
                part = KindPart(kind, table, cells, True, carried.header if same else header_of(cells), row)
                parts.append(part)
                last_on_page[(page, table.order)] = part
    return parts


class PrintedLine(NamedTuple):
    """One line of a cell as printed: its line id, box and text."""

    line: int
    x0: float
    x1: float
    top: float
    bottom: float
    text: str


def lines_in_cells(cells: pd.DataFrame, words: pd.DataFrame) -> list[list[PrintedLine]]:
    """Per cell, the lines of `words` (one page's, with line ids) printed inside its box, top to
    bottom."""
    x0, x1, top, bottom = (words[column].to_numpy(dtype=float) for column in ("x0", "x1", "top", "bottom"))
    x, y, line_of, texts = (x0 + x1) / 2, (top + bottom) / 2, words["line"].to_numpy(), words["text"].tolist()
    found = []
    for left, right, upper, lower in zip(cells["x0"], cells["x1"], cells["top"], cells["bottom"]):
        inside = np.flatnonzero((x >= left - 0.5) & (x <= right + 0.5) & (y >= upper - 0.5) & (y <= lower + 0.5))
        lines: dict[int, list[int]] = {}
        for index in inside[np.argsort(x0[inside], kind="stable")].tolist():
            lines.setdefault(line_of[index], []).append(index)
        found.append(sorted((PrintedLine(line, float(x0[members].min()), float(x1[members].max()),
                                         float(top[members].min()), float(bottom[members].max()),
                                         " ".join(texts[index] for index in members))
                             for line, members in lines.items()), key=lambda printed: printed.top))
    return found


def letters(text: str) -> int:
    return sum(character.isalnum() for character in text)


def after_letters(text: str, count: int) -> int:
    """The index in `text` just past its first `count` letters and digits."""
    seen = 0
    for index, character in enumerate(text):
        if seen == count:
            return index
        seen += character.isalnum()
    return len(text)


def entries_of(text: str, lines: list[PrintedLine],
               box: tuple[float, float, float, float]) -> list[tuple[str, float, float, float, float, int]]:
    """A stacked cell's entries (its `text`, printed on `lines` in `box`: x0, x1, top, bottom), each
    with the box and number of the lines that print it. Each paragraph opens an entry, and so does
    a line opening in a capital where a wrapped line would carry on in lower case ('Preventing
    crime and antisocial behaviour' / 'Managing offenders and suspects', set solid). A paragraph's
    lines are taken in order until they hold as many letters; an entry no line was found for keeps
    the cell's box."""
    entries, position = [], 0
    for paragraph in text.split("\n"):
        want, taken = letters(paragraph), []
        while position < len(lines) and (not taken or sum(letters(line.text) for line in taken) < want):
            taken.append(lines[position])
            position += 1
        opens = [0] + [index for index in range(1, len(taken)) if taken[index].text[:1].isupper()]
        offsets = [after_letters(paragraph, sum(letters(line.text) for line in taken[:index])) for index in opens]
        for start, (first, end) in enumerate(zip(opens, opens[1:] + [len(taken)])):
            piece = paragraph[offsets[start]:offsets[start + 1] if start + 1 < len(offsets) else len(paragraph)]
            members = taken[first:end]
            edges = ((min(line.x0 for line in members), max(line.x1 for line in members),
                      min(line.top for line in members), max(line.bottom for line in members)) if members else box)
            entries.append((" ".join(piece.split()), *edges, len(members)))
    return entries


def rows_spanned(part: KindPart) -> set[int]:
    """A part's rows whose first cell is merged with the one above: covered by a first-column cell
    spanning down, or empty with the rule above stopping short of it (`Table.joined_above`)."""
    first = part.cells[(part.cells["col"] == 0) & (part.cells["row_span"] > 1)]
    spanned = {row for start, span in zip(first["row"], first["row_span"]) for row in range(start + 1, start + span)}
    return spanned | {row - part.first_row for row, col in part.source.joined_above if col == 0}


def part_cells(part: KindPart, table: int, words: pd.DataFrame) -> pd.DataFrame:
    """A part's cells as `stitch` takes them (`PART_CELL_COLUMNS`): the header row as row -1, body
    rows from 0, each cell's text on one line with the number of lines it prints (`words`: the
    page's words with line ids), and whether it opens with the rest of a word the page before broke
    (`Table.word_rests`); a stacked kind's every entry a row of its own."""
    cells = part.cells.assign(row=part.cells["row"] - int(part.header_printed)).sort_values(["row", "col"])
    spanned = {row - int(part.header_printed) for row in rows_spanned(part)}
    first_in_source = part.first_row + int(part.header_printed)  # added to a body row's row here: its row in `source`
    records, entries = [], {}  # entries: per column, how many a stacked kind's cells have given so far
    for cell, lines in zip(cells.itertuples(index=False), lines_in_cells(cells, words)):
        base = {"table": table, "page": part.page, "col": cell.col, "header": cell.row < 0}
        if part.kind.stacked and cell.row >= 0:
            for text, x0, x1, top, bottom, count in entries_of(cell.text, lines, (cell.x0, cell.x1, cell.top,
                                                                                   cell.bottom)):
                entry = entries[cell.col] = entries.get(cell.col, -1) + 1
                records.append({**base, "row": cell.col * STACKED_ROW + entry, "text": text, "x0": x0, "x1": x1,
                                "top": top, "bottom": bottom, "lines": count, "spanned": False, "word_rest": False})
            continue
        records.append({**base, "row": cell.row, "text": cell_line(cell.text), "x0": cell.x0, "x1": cell.x1,
                        "top": cell.top, "bottom": cell.bottom, "lines": max(len(lines), 1),
                        "spanned": cell.row in spanned,
                        "word_rest": (cell.row + first_in_source, cell.col) in part.source.word_rests})
    return pd.DataFrame(records, columns=PART_CELL_COLUMNS)


def column_starts_of(part: KindPart) -> list[float]:
    """Where each of a part's columns starts (its single-column cells' left edge)."""
    extents = part.source.column_extents()["x0"]
    return [float(extents.get(col, np.nan)) for col in range(part.source.shape[1])]
