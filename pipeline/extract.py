"""Extract: from a located table start to a grid of cells with page and bounding box.

Rows and columns come from the geometry of the text, so the same code reads ruled and
borderless renderings: columns start where the header row's cells start (text in a cell
is left-aligned), rows start after a vertical gap wider than the line spacing inside a
cell. Ruling lines, where the PDF has them, are extra evidence for a row boundary.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pdfplumber.table import merge_edges

from pipeline.text import join_wrapped

RULE_COLUMNS = ["page", "x0", "x1", "top", "bottom"]
CELL_COLUMNS = ["table", "page", "row", "col", "text", "x0", "x1", "top", "bottom", "header", "spanned"]


@dataclass(frozen=True)
class GridSettings:
    """Geometry thresholds, in multiples of the font size unless stated otherwise."""

    gutter: float = 0.9  # a horizontal gap this wide between words separates two header cells
    narrow_gutter: float = 0.4  # ... and one this wide does where cells below start at the same place
    space_factor: float = 1.5  # ... a gutter is at least this many times the text's usual word space
    cell_gap: float = 0.15  # ... and any gap (wider than kerning) where another header line starts a cell
    aligned_lines: int = 2  # lines below with a cell starting there that confirm a narrow gutter ...
    alignment_window: int = 80  # ... among this many lines below the header
    column_snap: float = 2.0  # points: header cell starts closer than this are one column
    header_gap: float = 0.8  # header lines further apart than this are not one header row
    row_gap_min: float = 0.6  # points: a row gap exceeds the in-cell line gap by at least this
    row_gap_share: float = 0.08  # ... or by this share of the font size, whichever is larger
    row_gap_break: float = 0.15  # gaps of a table split into line gaps and row gaps where sorted gaps jump this much
    jitter: float = 1.0  # points: ... and at least this much (browsers place lines to the pixel, 0.75 pt)
    in_cell_gap_cap: float = 0.2  # the in-cell line gap is never taken as more than this
    overlap: float = 0.25  # lines of a cell set solid may overlap by this much
    table_end_gap: float = 4.0  # a vertical gap of this many font sizes ends a table (loose cells leave 2.5)
    size_change: float = 1.0  # points: text this much larger or smaller is not the table's
    rule_join: float = 3.0  # points: rule pieces this close in height and end to end are one rule


DEFAULT_GRID = GridSettings()


def header_lines(page_lines: pd.DataFrame, start_line: int, settings: GridSettings) -> pd.DataFrame:
    """The bold lines that make up the header row, starting at `start_line`."""
    below = page_lines[page_lines["line"] >= start_line]
    chosen = []
    previous_bottom = None
    for line, top, bottom, size, bold in zip(*(below[c].tolist() for c in ("line", "top", "bottom", "size", "bold"))):
        if not bold or (previous_bottom is not None and top - previous_bottom > settings.header_gap * size):
            break
        chosen.append(line)
        previous_bottom = bottom
    return page_lines[page_lines["line"].isin(chosen)]


def aligned_starts(below: pd.DataFrame | None, settings: GridSettings) -> np.ndarray:
    """Where cells start on several lines of the text below a header (text in a cell is aligned
    at its left edge): cell starts (the first word of a line, or one after a gutter: narrow, but
    clearly wider than the text's own word spaces, which in a monospaced font are wide and align
    from line to line) clustered, kept where at least `aligned_lines` lines start a cell."""
    if below is None or not len(below):
        return np.array([])
    line, x0 = below["line"].to_numpy(), below["x0"].to_numpy()
    order = np.lexsort((x0, line))
    line, x0, x1, size = line[order], x0[order], below["x1"].to_numpy()[order], below["size"].to_numpy()[order]
    same_line = line[1:] == line[:-1]
    gaps = (x0[1:] - x1[:-1]) / size[1:]
    spaces = gaps[same_line & (gaps > settings.cell_gap)]  # the narrowest is a word space (kerning aside)
    gutter = max(settings.narrow_gutter, settings.space_factor * float(spaces.min())) if len(spaces) else 0.0
    first = np.r_[True, ~same_line | (gaps > gutter)]
    starts = sorted(zip(x0[first].tolist(), line[first].tolist()))
    aligned, cluster = [], []
    for x, at in starts + [(float("inf"), -1)]:
        if cluster and x - cluster[0][0] > settings.column_snap:
            if len({at_line for _, at_line in cluster}) >= settings.aligned_lines:
                aligned.append(cluster[0][0])
            cluster = []
        cluster.append((x, at))
    return np.array(aligned)


def clear_stretches(below: pd.DataFrame | None, left: float, right: float) -> list[tuple[float, float]]:
    """The stretches of [left, right] that no word of the text below covers, left to right (none
    with no text below: no evidence)."""
    if below is None or not len(below):
        return []
    inside = below[(below["x1"] > left) & (below["x0"] < right)].sort_values("x0")
    stretches, reached = [], left
    for x0, x1 in zip(inside["x0"].tolist(), inside["x1"].tolist()):
        if x0 > reached:
            stretches.append((reached, x0))
        reached = max(reached, x1)
    return stretches + ([(reached, right)] if right > reached else [])


def clear_width(below: pd.DataFrame | None, left: float, right: float) -> float:
    """The widest stretch of [left, right] that no word of the text below covers (0 with no text below)."""
    return max((end - start for start, end in clear_stretches(below, left, right)), default=0.0)


def header_cell_spans(header_words: pd.DataFrame, aligned: np.ndarray, settings: GridSettings,
                      below: pd.DataFrame | None = None) -> list[list[float]]:
    """The header cells of each header line as [x0, x1]: its words split at wide gaps, and at any
    gap where a cell starts on another header line or in the text below (cells of a tight table
    nearly touch), or a narrow gutter the text below leaves clear all the way down (cells centred
    under centred headers start nowhere in common)."""
    words = sorted(zip(*(header_words[c].tolist() for c in ("line", "x0", "x1", "size"))))
    known = [x0 for (line, x0, _, size), before in zip(words, [None] + words[:-1])
             if before is None or before[0] != line or x0 - before[2] > settings.gutter * size]
    known = np.concatenate([aligned, np.asarray(known, dtype=float)])
    gaps = [x0 - before[2] for (line, x0, _, size), before in zip(words[1:], words[:-1])
            if before[0] == line and x0 - before[2] > settings.cell_gap * size]
    word_space = settings.space_factor * min(gaps) if gaps else 0.0  # wide in a monospaced font
    spans: list[list[float]] = []
    previous = None
    for line, x0, x1, size in words:
        gap = x0 - previous[1] if previous is not None and previous[0] == line else None
        opens = gap is None or gap > settings.gutter * size or (
            gap > settings.cell_gap * size and bool((np.abs(known - x0) <= settings.column_snap).any())) or (
            gap > max(settings.narrow_gutter * size, word_space)
            and clear_width(below, previous[1], x0) > settings.narrow_gutter * size)
        if opens:
            spans.append([x0, x1])
        else:
            spans[-1][1] = x1
        previous = (line, x1)
    return spans


def gutter_end(below: pd.DataFrame | None, previous_end: float, x0: float, settings: GridSettings) -> float:
    """Where a column starts that no aligned cells show: at its header text (`x0`), or, where the
    text below runs left of it, at the end of the last gutter that text leaves clear after the
    column before (a centred header over one row of left-aligned cells)."""
    if not np.isfinite(previous_end) or below is None or not len(below):
        return x0
    size = float(below["size"].median())
    gutters = [(start, end) for start, end in clear_stretches(below, previous_end, x0)
               if end - start > settings.narrow_gutter * size]
    return gutters[-1][1] if gutters else x0


def column_starts(header_words: pd.DataFrame, settings: GridSettings,
                  below: pd.DataFrame | None = None) -> list[float]:
    """Where each column starts, from the header row and the text below it.

    Header cells on different lines of the header row that overlap are one column (a wrapped or
    centred header cell). A column starts where its header text starts, or further left where
    the text below starts cells between it and the column before (a centred header over
    left-aligned cells), or where the gutter the text below leaves clear ends (`gutter_end`).
    """
    aligned = aligned_starts(below, settings)
    columns: list[list[float]] = []
    for x0, x1 in sorted(header_cell_spans(header_words, aligned, settings, below)):
        if columns and x0 < columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    starts: list[float] = []
    previous_end = float("-inf")
    for x0, x1 in columns:
        under = aligned[(aligned > previous_end) & (aligned <= x0 + settings.column_snap)]
        start = float(min(x0, under.min())) if len(under) else gutter_end(below, previous_end, x0, settings)
        if not starts or start - starts[-1] > settings.column_snap:
            starts.append(start)
        previous_end = x1
    return starts


def words_below(page_words: pd.DataFrame, page_lines: pd.DataFrame, header_bottom: float,
                stops: set[int] = frozenset(), settings: GridSettings = DEFAULT_GRID) -> pd.DataFrame:
    """The words of the lines below a header row, up to the next line in `stops` (a heading or
    another table's header row): the text that shows how the table's cells align."""
    below = page_lines[page_lines["top"] > header_bottom].sort_values("top")["line"].tolist()
    taken = []
    for line in below[:settings.alignment_window]:
        if line in stops:
            break
        taken.append(line)
    return page_words[page_words["line"].isin(taken)]


def column_of(x0: pd.Series, starts: list[float], settings: GridSettings) -> pd.Series:
    """Index of the column whose start is the last one at or left of each word."""
    edges = np.asarray(starts) - settings.column_snap
    return pd.Series(np.maximum(np.searchsorted(edges, x0.to_numpy(), side="right") - 1, 0), index=x0.index)


def lines_crossing_gutters(page_words: pd.DataFrame, starts: list[float], settings: GridSettings) -> set[int]:
    """Lines with a word that runs over a column start: running text, not a table row."""
    edges = np.asarray(starts[1:]) - settings.column_snap
    if not len(edges):
        return set()
    x0 = page_words["x0"].to_numpy()[:, None]
    x1 = page_words["x1"].to_numpy()[:, None]
    crossing = ((x0 < edges) & (x1 > edges + settings.column_snap)).any(axis=1)
    return set(page_words["line"].to_numpy()[crossing].tolist())


def body_line_ids(page_words: pd.DataFrame, page_lines: pd.DataFrame, header_bottom: float,
                  starts: list[float], heading_size: float, table_starts: set[int],
                  settings: GridSettings) -> list[int]:
    """Lines below the header that belong to the table: same text size, inside the columns, no big
    gap, up to the next heading or the next table's header row."""
    after = page_lines[page_lines["top"] > header_bottom].sort_values("top")
    running_text = lines_crossing_gutters(page_words, starts, settings)
    chosen: list[int] = []
    table_size = None
    previous_bottom = header_bottom if np.isfinite(header_bottom) else None
    for row in after.itertuples(index=False):
        if (row.bold and row.size >= heading_size) or row.line in table_starts:
            break
        if table_size is None:
            table_size = row.size
        if abs(row.size - table_size) > settings.size_change:
            break
        if previous_bottom is not None and row.top - previous_bottom > settings.table_end_gap * row.size:
            break
        if row.line in running_text:
            break
        chosen.append(row.line)
        previous_bottom = row.bottom if previous_bottom is None else max(previous_bottom, row.bottom)
    return chosen


def horizontal_strokes(rulings: pd.DataFrame, pages: set[int], settings: GridSettings) -> dict[int, pd.DataFrame]:
    """Each page's horizontal strokes, collinear pieces joined (see `joined_horizontal`)."""
    flat = rulings[rulings["page"].isin(pages) & (rulings["bottom"] - rulings["top"] < 1.5)]
    strokes = {page: joined_horizontal(group, settings) for page, group in flat.groupby("page")}
    return {page: strokes.get(page, pd.DataFrame(columns=RULE_COLUMNS)) for page in pages}


def horizontal_rules(strokes: pd.DataFrame, starts: list[float]) -> pd.DataFrame:
    """The strokes of a page that cross at least one column start (cell borders, not underlines):
    a table drawn cell by cell (as browsers print) has a piece of border per cell, joined by
    `joined_horizontal`, and a piece that stays inside its column is no evidence."""
    inner = np.asarray(starts[1:]) - 1
    crosses = ((strokes["x0"].to_numpy()[:, None] < inner) & (inner < strokes["x1"].to_numpy()[:, None] - 3)).any(axis=1)
    return strokes[crosses]


def joined_horizontal(flat: pd.DataFrame, settings: GridSettings) -> pd.DataFrame:
    """Horizontal strokes snapped to a common height and joined end to end by pdfplumber's own
    edge merging (its table finder's default tolerances)."""
    if flat.empty:
        return flat
    edges = [{"x0": x0, "x1": x1, "top": top, "bottom": top, "doctop": top, "width": x1 - x0, "height": 0.0,
              "orientation": "h"} for x0, x1, top in zip(flat["x0"], flat["x1"], flat["top"])]
    tolerance = settings.rule_join
    merged = merge_edges(edges, snap_x_tolerance=tolerance, snap_y_tolerance=tolerance,
                         join_x_tolerance=tolerance, join_y_tolerance=tolerance)
    return pd.DataFrame({"page": flat["page"].iloc[0], "x0": [e["x0"] for e in merged],
                         "x1": [e["x1"] for e in merged], "top": [e["top"] for e in merged],
                         "bottom": [e["top"] for e in merged]})


def line_gaps(lines: pd.DataFrame, floor: float = 0.0) -> np.ndarray:
    """Vertical gaps between consecutive lines of text inside each column, those above `floor`.
    Measured column by column, so cells centred vertically (whose lines interleave with their
    neighbours' by any offset) show only their own line gap and the gaps between rows; lines set
    solid touch or overlap a little (a `floor` below 0 keeps those)."""
    ordered = lines.sort_values(["col", "top"])
    same_column = ordered["col"].to_numpy()[1:] == ordered["col"].to_numpy()[:-1]
    gaps = (ordered["top"].to_numpy()[1:] - ordered["bottom"].to_numpy()[:-1])[same_column]
    return gaps[gaps > floor]


def row_gap_threshold(gaps: np.ndarray, size: float, settings: GridSettings) -> float:
    """The vertical gap above which two lines belong to different rows, judged from this table's
    own gaps: the line gap inside a cell is the smallest kind of gap, so the first clear break in
    the sorted gaps (wider than the jitter of line placement) ends it; larger kinds (row gaps,
    paragraph gaps) lie above. With no such break every gap is of one kind: row gaps if they are
    wider than a line gap can be."""
    found = clear_break(gaps, size, settings)
    if found is not None:
        return found
    in_cell = min(float(np.min(gaps)) if len(gaps) else size, settings.in_cell_gap_cap * size)
    return in_cell + max(settings.row_gap_min, settings.row_gap_share * size)


def clear_break(gaps: np.ndarray, size: float, settings: GridSettings) -> float | None:
    """The middle of the first clear break in the sorted gaps (see `row_gap_threshold`), if any."""
    margin = max(settings.row_gap_min, settings.row_gap_share * size)
    ordered = np.sort(gaps)
    jumps = np.diff(ordered)
    clear = np.flatnonzero(jumps >= max(margin, settings.jitter, settings.row_gap_break * size))
    return float(ordered[clear[0]] + jumps[clear[0]] / 2) if len(clear) else None


def column_lines(body: pd.DataFrame) -> pd.DataFrame:
    """Each line's part in each column: its top, bottom, size and first word."""
    ordered = body.sort_values(["line", "col", "x0"])
    parts: dict[tuple[int, int], list] = {}
    for line, col, top, bottom, size, text in zip(ordered["line"].tolist(), ordered["col"].tolist(),
                                                  ordered["top"].tolist(), ordered["bottom"].tolist(),
                                                  ordered["size"].tolist(), ordered["text"].tolist()):
        part = parts.get((line, col))
        if part is None:
            parts[(line, col)] = [line, col, top, bottom, size, text]
        else:
            part[2], part[3], part[4] = min(part[2], top), max(part[3], bottom), max(part[4], size)
    return pd.DataFrame(list(parts.values()), columns=["line", "col", "top", "bottom", "size", "first_word"])


def visual_lines(parts: pd.DataFrame) -> list[tuple[int, float, float, int, int]]:
    """Each line of the table top to bottom: (line, top, bottom, columns it has text in, first column)."""
    visual: dict[int, list] = {}
    for line, col, top, bottom in zip(parts["line"].tolist(), parts["col"].tolist(), parts["top"].tolist(),
                                      parts["bottom"].tolist()):
        item = visual.setdefault(line, [top, bottom, 0, col])
        item[0], item[1], item[2], item[3] = min(item[0], top), max(item[1], bottom), item[2] + 1, min(item[3], col)
    return sorted(((line, *item) for line, item in visual.items()), key=lambda item: item[1])


def row_breaks(lines: list[tuple[int, float, float, int, int]], rules: pd.DataFrame, threshold: float,
               settings: GridSettings) -> list[bool]:
    """Whether a new row opens at each line, from the evidence the printing gives.

    A rule between two lines separates rows. A gap wider than `threshold` does too, unless what
    it opens is only more of one cell (a paragraph break): the next line has text in one column
    only, not the first, and nor does any line down to the next such gap. (A row whose cells are
    centred vertically opens with the lines of its tallest cell, its first cell further down.)
    Where every ruled gap is clearly wider than any gap the rules leave unbroken, the table is
    ruled by row and the rules alone decide: a gap never splits what the rules join (uneven line
    placement, a tall line inside a cell). Rules that mark only some rows (group separators)
    leave row gaps as wide as theirs, so there both kinds of evidence count.
    """
    rule_tops = np.sort(rules["top"].to_numpy())
    tops = np.array([line[1] for line in lines])
    lowest = np.r_[tops[:1], np.maximum.accumulate(np.array([line[2] for line in lines]))[:-1]]
    gaps = (tops - lowest).tolist()
    ruled = [index > 0 and bool(np.searchsorted(rule_tops, top + 0.5) >
                                np.searchsorted(rule_tops, low - 0.5, side="right"))
             for index, (top, low) in enumerate(zip(tops.tolist(), lowest.tolist()))]
    wide = [index > 0 and gap > threshold for index, gap in enumerate(gaps)]
    gapped = list(wide)
    for index in np.flatnonzero(wide).tolist():
        end = next((later for later in range(index + 1, len(lines)) if wide[later]), len(lines))
        gapped[index] = any(cols >= 2 or first_col == 0 for *_, cols, first_col in lines[index:end])
    ruled_gaps = [gap for gap, r in zip(gaps, ruled) if r]
    unruled_gaps = [gap for gap, r, g in zip(gaps, ruled, gapped) if g and not r]
    if ruled_gaps and (not unruled_gaps or max(unruled_gaps) < min(ruled_gaps) - settings.row_gap_min):
        return ruled
    return [r or g for r, g in zip(ruled, gapped)]


def assign_rows(body: pd.DataFrame, parts: pd.DataFrame, rules: pd.DataFrame, threshold: float,
                settings: GridSettings = DEFAULT_GRID) -> pd.Series:
    """Row index per word, from rules and gaps (see `row_breaks`; `parts`: `column_lines(body)`)."""
    lines = visual_lines(parts)
    rows = np.cumsum(row_breaks(lines, rules, threshold, settings))
    return body["line"].map(dict(zip((line[0] for line in lines), rows.tolist())))


def rows_spanned_from_above(body: pd.DataFrame, rules: pd.DataFrame, starts: list[float]) -> set[int]:
    """Rows whose first cell is merged with the one above: the rule between the two rows stops
    short of the first column (only a ruled table can show this; a borderless one cannot)."""
    if len(starts) < 2 or not len(rules):
        return set()
    extents: dict[int, list[float]] = {}
    for row, top, bottom in zip(body["row"].tolist(), body["top"].tolist(), body["bottom"].tolist()):
        extent = extents.setdefault(row, [top, bottom])
        extent[0], extent[1] = min(extent[0], top), max(extent[1], bottom)
    inside_first_column = (starts[0] + starts[1]) / 2
    rule_tops, rule_x0 = rules["top"].to_numpy(), rules["x0"].to_numpy()
    rows = sorted(extents)
    tops, bottoms = [extents[row][0] for row in rows], [extents[row][1] for row in rows]
    spanned = set()
    for row, top, above_bottom in zip(rows[1:], tops[1:], bottoms[:-1]):
        between = (rule_tops > above_bottom - 0.5) & (rule_tops < top + 0.5)
        if between.any() and not (rule_x0[between] < inside_first_column).any():
            spanned.add(row)
    return spanned


def assign_stacked_items(body: pd.DataFrame, parts: pd.DataFrame, threshold: float) -> pd.Series:
    """For tables whose cells stack several entries: each entry becomes its own row, numbered
    down each column independently (row = column × 1000 + entry).

    A line opens a new entry after a paragraph gap, or when it starts with a capital where a
    wrapped line would carry on in lower case ('Police powers and / public treatment').
    """
    item_of = {}
    for col, column in parts.sort_values("top").groupby("col"):
        item, bottom = 0, None
        for line in column.itertuples(index=False):
            capital = line.first_word[:1].isupper()
            if bottom is not None and (line.top - bottom > threshold or capital):
                item += 1
            item_of[(line.line, col)] = col * 1000 + item
            bottom = line.bottom
    return pd.Series([item_of[key] for key in zip(body["line"], body["col"])], index=body.index)


def cells_from_words(words: pd.DataFrame, table: int, page: int, header: bool,
                     spanned: set[int] = frozenset()) -> pd.DataFrame:
    """One cell per (row, column): its words in reading order, wrapped lines joined with single
    spaces, and its bounding box."""
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
                "header": header, "spanned": row in spanned}
               for (row, col), cell in cells.items()]
    return pd.DataFrame(records, columns=CELL_COLUMNS)


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

    def header(self) -> tuple[str, ...]:
        """The header cells' texts, column by column."""
        columns: dict[int, dict[int, list[str]]] = {}
        for col, line, _, text in sorted(zip(*(self.head[c].tolist() for c in ("col", "line", "x0", "text")))):
            columns.setdefault(col, {}).setdefault(line, []).append(text)
        return tuple(join_wrapped([" ".join(words) for words in columns[col].values()]) if col in columns else ""
                     for col in range(max(columns, default=0) + 1))


def chunk_under_header(table: int, start_line: int, page_words: pd.DataFrame, page_lines: pd.DataFrame,
                       heading_size: float, table_starts: set[int] = frozenset(),
                       settings: GridSettings = DEFAULT_GRID) -> Chunk:
    """The chunk below the header row that starts at `start_line`, in the columns its cells start."""
    page = int(page_lines["page"].iloc[0])
    header = header_lines(page_lines, start_line, settings)
    header_words = page_words[page_words["line"].isin(header["line"])]
    headings = set(page_lines.loc[page_lines["bold"] & (page_lines["size"] >= heading_size), "line"])
    below = words_below(page_words, page_lines, header["bottom"].max(), headings | set(table_starts), settings)
    starts = column_starts(header_words, settings, below)
    head = header_words.assign(col=column_of(header_words["x0"], starts, settings))
    return chunk_below(table, starts, head, float(header["bottom"].max()), page_words, page_lines, heading_size,
                       table_starts, settings)


def chunk_below(table: int, starts: list[float], head: pd.DataFrame, top: float, page_words: pd.DataFrame,
                page_lines: pd.DataFrame, heading_size: float, table_starts: set[int] = frozenset(),
                settings: GridSettings = DEFAULT_GRID) -> Chunk:
    """The chunk of the table with columns `starts` below `top` of the page: under its header row,
    or from the top of a page the table runs on to (`top` = -inf, no `head`)."""
    page = int(page_lines["page"].iloc[0])
    body_ids = body_line_ids(page_words, page_lines, top, starts, heading_size, set(table_starts), settings)
    body = page_words[page_words["line"].isin(body_ids)]
    body = body.assign(col=column_of(body["x0"], starts, settings))
    return Chunk(table, page, starts, head, body, column_lines(body))


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
    if clear_break(own, size, settings) is None and kind_chunks:
        alike = clear_break(gaps_of(kind_chunks), size, settings)
        if alike is not None:
            return alike
    return row_gap_threshold(own, size, settings)


def chunk_cells(chunk: Chunk, strokes: pd.DataFrame, threshold: float, stacked: bool = False,
                settings: GridSettings = DEFAULT_GRID) -> pd.DataFrame:
    """All cells of a chunk: the header row as row -1, body rows from 0 (from rules and gaps, see
    `row_breaks`; `strokes`: the page's horizontal strokes). With `stacked`, every entry stacked
    inside a cell is a row of its own (see `assign_stacked_items`)."""
    parts = []
    if len(chunk.head):
        parts.append(cells_from_words(chunk.head.assign(row=-1), chunk.table, chunk.page, header=True))
    if len(chunk.body):
        rules = horizontal_rules(strokes, chunk.starts)
        rows = (assign_stacked_items(chunk.body, chunk.parts, threshold) if stacked
                else assign_rows(chunk.body, chunk.parts, rules, threshold))
        body = chunk.body.assign(row=rows)
        spanned = set() if stacked else rows_spanned_from_above(body, rules, chunk.starts)
        parts.append(cells_from_words(body, chunk.table, chunk.page, header=False, spanned=spanned))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=CELL_COLUMNS)


def extract_table(table: int, start_line: int, page_words: pd.DataFrame, page_lines: pd.DataFrame,
                  rulings: pd.DataFrame, heading_size: float, stacked: bool = False,
                  table_starts: set[int] = frozenset(), settings: GridSettings = DEFAULT_GRID) -> pd.DataFrame:
    """All cells of one table chunk read on its own (its gaps judged alone)."""
    chunk = chunk_under_header(table, start_line, page_words, page_lines, heading_size, table_starts, settings)
    strokes = horizontal_strokes(rulings, {chunk.page}, settings)[chunk.page]
    return chunk_cells(chunk, strokes, table_gap_threshold([chunk], stacked, settings=settings), stacked, settings)
