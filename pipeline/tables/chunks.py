"""A table under a header row the caller has found: its chunk on each page (header, body, columns)
read into cells, row by row (columns from `header_columns.py`, its lines from `body_lines.py`, rows
from `rows.py`)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.tables.broken_words import broken_word_pairs, mend_broken_words
from pipeline.tables.body_lines import (body_line_ids, lines_below, lines_crossing_gutters, parted_lines,
                                        starts_opened_left, upright_rules, words_below)
from pipeline.tables.header_columns import column_of, column_starts, header_lines
from pipeline.tables.rows import (assign_rows, assign_stacked_items, clear_break, column_lines, horizontal_rules,
                                   horizontal_strokes, line_gaps, one_kind_threshold, rows_spanned_from_above)
from pipeline.tables.settings import DEFAULT_GRID, GridSettings
from pipeline.pdf.text import join_wrapped

CHUNK_CELL_COLUMNS = ["table", "page", "row", "col", "text", "x0", "x1", "top", "bottom", "lines", "header", "spanned"]


def cells_from_words(words: pd.DataFrame, table: int, page: int, header: bool,
                     spanned: set[int] = frozenset()) -> pd.DataFrame:
    """One cell per (row, column): its words in reading order, wrapped lines joined with single
    spaces, its bounding box and how many lines it prints."""
    order = np.lexsort(tuple(words[c].to_numpy() for c in ("x0", "line", "col", "row")))
    cells: dict[tuple[int, int], dict] = {}
    for row, col, line, text, x0, x1, top, bottom in zip(
            *(words[c].to_numpy()[order].tolist() for c in ("row", "col", "line", "text", "x0", "x1", "top",
                                                            "bottom"))):
        cell = cells.get((row, col))
        if cell is None:
            cells[(row, col)] = {"lines": {line: [text]}, "x0": x0, "x1": x1, "top": top, "bottom": bottom}
            continue
        cell["lines"].setdefault(line, []).append(text)
        cell["x0"], cell["x1"] = min(cell["x0"], x0), max(cell["x1"], x1)
        cell["top"], cell["bottom"] = min(cell["top"], top), max(cell["bottom"], bottom)
    records = [{"table": table, "page": page, "row": row, "col": col,
                "text": join_wrapped([" ".join(texts) for texts in cell["lines"].values()]),
                "x0": cell["x0"], "x1": cell["x1"], "top": cell["top"], "bottom": cell["bottom"],
                "lines": len(cell["lines"]), "header": header, "spanned": row in spanned}
               for (row, col), cell in cells.items()]
    return pd.DataFrame(records, columns=CHUNK_CELL_COLUMNS)


@dataclass(frozen=True)
class Chunk:
    """One page's part of a table, before its rows are known: where its columns start, its header
    words (none for a page the table runs on to without repeating its header row) and its body
    words, each with the column it is in."""

    table: int
    page: int
    starts: list[float]
    head: pd.DataFrame
    body: pd.DataFrame
    parts: pd.DataFrame  # `column_lines` of the body

    def right_edges(self) -> dict[int, float]:
        """How far right any word of each column reaches, header and body."""
        return pd.concat([self.head, self.body]).groupby("col")["x1"].max().to_dict()

    def broken_word_candidates(self) -> list[tuple[str, str]]:
        """The texts of every (stem, piece) that may be a word its column broke (`broken_word_pairs`),
        judged before the chunk's rows are known: lines of one column read as one cell."""
        edges = self.right_edges()
        return [(part.at[stem, "text"], part.at[piece, "text"]) for part in (self.head, self.body)
                for stem, piece in broken_word_pairs(part, edges, cell=("col",))]

    def header(self) -> tuple[str, ...]:
        """The header cells' texts, column by column."""
        columns: dict[int, dict[int, list[str]]] = {}
        for col, line, _, text in sorted(zip(*(self.head[c].tolist() for c in ("col", "line", "x0", "text")))):
            columns.setdefault(col, {}).setdefault(line, []).append(text)
        return tuple(join_wrapped([" ".join(words) for words in columns[col].values()]) if col in columns else ""
                     for col in range(max(columns, default=0) + 1))


def chunk_under_header(table: int, start_line: int, page_words: pd.DataFrame, page_lines: pd.DataFrame,
                       heading_size: float, table_starts: set[int] = frozenset(),
                       settings: GridSettings = DEFAULT_GRID, rulings: pd.DataFrame | None = None,
                       printed_elsewhere: pd.DataFrame | None = None) -> Chunk:
    """The chunk below the header row that starts at `start_line`, in the columns its cells start
    (and the vertical rules among the page's `rulings` drawn through its header row divide). Rows
    of the same table printed under the same header elsewhere (`printed_elsewhere`, placed as on
    this page) show where its cells start too."""
    header = header_lines(page_lines, start_line, settings)
    header_words = page_words[page_words["line"].isin(header["line"])]
    headings = set(page_lines.loc[page_lines["bold"] & (page_lines["size"] >= heading_size), "line"])
    below = words_below(page_words, page_lines, header["bottom"].max(), headings | set(table_starts), settings)
    if printed_elsewhere is not None:
        below = pd.concat([below, printed_elsewhere[below.columns]], ignore_index=True)
    starts = column_starts(header_words, settings, below, vertical_rules(rulings, header_words, settings))
    head = header_words.assign(col=column_of(header_words["x0"], starts, settings))
    return chunk_below(table, starts, head, float(header["bottom"].max()), page_words, page_lines, heading_size,
                       table_starts, settings, rulings)


def vertical_rules(rulings: pd.DataFrame | None, words: pd.DataFrame, settings: GridSettings) -> pd.DataFrame:
    """The vertical rules of a page (`rulings`) drawn down through some of the height of `words` (a
    header row's, or a table's part on the page)."""
    uprights = upright_rules(rulings, settings)
    if not len(words):
        return uprights.iloc[:0]
    top, bottom = float(words["top"].min()), float(words["bottom"].max())
    return uprights[(uprights["top"] < bottom) & (uprights["bottom"] > top)]


def frame_rules(rulings: pd.DataFrame | None, lines: pd.DataFrame, settings: GridSettings = DEFAULT_GRID) -> np.ndarray:
    """The x of the vertical rules drawn beside some of `lines` (words of a table's part on a page):
    in a ruled table they stand at every column's edge, whatever text its cells hold (`shifted_starts`)."""
    beside = vertical_rules(rulings, lines, settings)
    return np.unique(np.round(((beside["x0"] + beside["x1"]) / 2).to_numpy(dtype=float), 2))


def chunk_below(table: int, starts: list[float], head: pd.DataFrame, top: float, page_words: pd.DataFrame,
                page_lines: pd.DataFrame, heading_size: float, table_starts: set[int] = frozenset(),
                settings: GridSettings = DEFAULT_GRID, rulings: pd.DataFrame | None = None) -> Chunk:
    """The chunk of the table with columns `starts` below `top` of the page: under its header row,
    or from the top of a page the table runs on to (`top` = -inf, no `head`). The page's `rulings`
    say where its frame runs on past a wide gap. Its starts move left to any cell opened a little
    left of them on this page (`starts_opened_left`)."""
    page = int(page_lines["page"].iloc[0])
    starts = starts_opened_left(words_below(page_words, page_lines, top, set(table_starts), settings), starts, settings)
    body_ids = body_line_ids(page_words, page_lines, top, starts, heading_size, set(table_starts), settings,
                             rulings)
    body = page_words[page_words["line"].isin(body_ids)]
    body = body.assign(col=column_of(body["x0"], starts, settings))
    return Chunk(table, page, starts, head, body, column_lines(body))


def lines_left_below(chunk: Chunk, page_words: pd.DataFrame, page_lines: pd.DataFrame, heading_size: float,
                     stops: set[int] = frozenset(), settings: GridSettings = DEFAULT_GRID) -> list[int]:
    """The lines just below a chunk that were not read into it but print like its rows: up to the
    next heading, line in `stops` or two lines running over a column start (running text), if one
    of them has words in two of its columns or more, parted by more than a word space. A table read
    short (its end misjudged by a gap, a size or a page break, or by one line whose cells' words
    touch across a column start: 'staffeffective.') leaves its last rows here, where they would
    otherwise be lost without a word."""
    printed = chunk.body if len(chunk.body) else chunk.head
    bottom = float(printed["bottom"].max()) if len(printed) else float("-inf")
    crossing = lines_crossing_gutters(page_words, chunk.starts, settings)
    below = lines_below(page_lines, bottom)
    lines = below["line"].tolist()
    run = []
    for index, (line, bold, size) in enumerate(zip(lines, below["bold"].tolist(), below["size"].tolist())):
        if (bold and size >= heading_size) or line in stops or (
                line in crossing and (index + 1 == len(lines) or lines[index + 1] in crossing)):
            break
        run.append(line)
    return run if parted_lines(page_words[page_words["line"].isin(run)], chunk.starts, settings) else []


def table_gap_threshold(chunks: list[Chunk], stacked: bool, kind_chunks: list[Chunk] = (),
                        settings: GridSettings = DEFAULT_GRID) -> float:
    """The row gap threshold of one table, judged from the gaps of all its chunks together (a chunk
    of two lines at the foot of a page shows too few gaps to tell a line gap from a row gap). A
    table whose gaps are all of one kind (a single row of wrapped cells) is judged by the tables
    of its kind in the same document (`kind_chunks`), printed alike, where they show a break."""
    parts = [chunk.parts for chunk in chunks if len(chunk.body)]
    if not parts:
        return 0.0
    size = float(pd.concat(parts)["size"].median())

    def gaps_of(members: list[Chunk]) -> np.ndarray:
        return np.concatenate([line_gaps(chunk.parts, 0.0 if stacked else -settings.overlap * size)
                               for chunk in members if len(chunk.body)] or [np.array([])])

    own = gaps_of(chunks)
    own_break = clear_break(own, size, settings)
    if own_break is not None:
        return own_break
    alike = clear_break(gaps_of(kind_chunks), size, settings) if kind_chunks else None
    if alike is not None:
        return alike
    if len(own) and all(map(lines_open_rows, parts)):
        return float(np.min(own)) - settings.jitter
    return one_kind_threshold(own, size, settings)


def lines_open_rows(parts: pd.DataFrame) -> bool:
    """Whether every line of a chunk (`column_lines`) prints as a row of its own: text in its first
    column and in another, no cell carrying on from the line above (led by a lower-case letter or
    punctuation). Where all of a table's gaps are of one kind and its lines so, the gaps part rows
    (each row one line, set solid), whatever their width: the cells of one row wrapped over
    several lines do not all run to the same number of lines, nor start each line capitalised."""
    by_line = parts.groupby("line")
    first_columns = by_line["col"].min()
    columns = by_line["col"].nunique()
    carried_on = parts["first_word"].str.match(r"[^A-Z0-9(“\"'‘]")
    return bool((first_columns == 0).all() and (columns >= 2).all() and not carried_on.any())


def chunk_cells(chunk: Chunk, strokes: pd.DataFrame, threshold: float, stacked: bool = False,
                settings: GridSettings = DEFAULT_GRID,
                known: frozenset[str] = frozenset()) -> tuple[pd.DataFrame, list[dict], int]:
    """All cells of a chunk: the header row as row -1, body rows from 0 (from rules and gaps, see
    `row_breaks`; `strokes`: the page's horizontal strokes). With `stacked`, every entry stacked
    inside a cell is a row of its own (see `assign_stacked_items`). Words a column broke are
    mended where the joined word is `known` (`mend_broken_words`). Also the lines whose rows the
    printing leaves in doubt, each with its page, top, the gap above it, the threshold it was
    judged by and its text; and how many broken words were mended."""
    parts, doubts, mends = [], [], [0]
    edges = chunk.right_edges() if known else {}

    def mended(words: pd.DataFrame) -> pd.DataFrame:
        if not known:
            return words
        words, count = mend_broken_words(words, broken_word_pairs(words, edges), known)
        mends[0] += count
        return words

    if len(chunk.head):
        parts.append(cells_from_words(mended(chunk.head.assign(row=-1)), chunk.table, chunk.page, header=True))
    if len(chunk.body):
        rules = horizontal_rules(strokes, chunk.starts)
        if stacked:
            rows = assign_stacked_items(chunk.body, chunk.parts, threshold)
        else:
            rows, doubtful = assign_rows(chunk.body, chunk.parts, rules, threshold, settings)
            texts = chunk.body.sort_values("x0").groupby("line")["text"].agg(" ".join) if doubtful else {}
            doubts = [{"page": chunk.page, "top": top, "gap": round(gap, 2), "threshold": round(threshold, 2),
                       "text": texts.get(line, "")} for line, top, gap in doubtful]
        body = chunk.body.assign(row=rows)
        spanned = set() if stacked else rows_spanned_from_above(body, rules, chunk.starts)
        parts.append(cells_from_words(mended(body), chunk.table, chunk.page, header=False, spanned=spanned))
    cells = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=CHUNK_CELL_COLUMNS)
    return cells, doubts, mends[0]


def read_under_header(table: int, start_line: int, page_words: pd.DataFrame, page_lines: pd.DataFrame,
                      rulings: pd.DataFrame, heading_size: float, stacked: bool = False,
                      table_starts: set[int] = frozenset(), settings: GridSettings = DEFAULT_GRID) -> pd.DataFrame:
    """All cells of one table chunk read on its own (its gaps judged alone)."""
    chunk = chunk_under_header(table, start_line, page_words, page_lines, heading_size, table_starts, settings)
    strokes = horizontal_strokes(rulings, {chunk.page}, settings)[chunk.page]
    return chunk_cells(chunk, strokes, table_gap_threshold([chunk], stacked, settings=settings), stacked, settings)[0]
