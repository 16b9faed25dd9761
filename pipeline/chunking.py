"""Chunks: where each table of a located document lies, page by page. One chunk under each header
row its kinds recognise (`locate.find_table_starts`), read in the columns the same header found
over the most rows; one on each page a table runs on to without repeating its header (placed in
the columns of the chunk before, moved where the page is set further left or right); and which
chunks are one table (`stitched_tables`). Reading each chunk's cells is `pipeline.tables`' work.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from pipeline import locate
from pipeline.locate import LocatedDocument
from pipeline.tables import (DEFAULT_GRID, Chunk, chunk_below, chunk_under_header, column_starts, frame_rules,
                             lines_left_below, same_header, shifted_starts, words_below)


def find_chunks(located: LocatedDocument,
                rulings: pd.DataFrame | None = None) -> tuple[list[Chunk], list[dict]]:
    """Every table chunk: one under each header row, and one on each following page a table runs on
    to without repeating its header row; with each chunk's kind, heading context and header. The
    vertical rules among `rulings` divide header cells."""
    stacked = {kind.name: kind.stacked for kind in located.kind.tables}
    start_lines = set(located.table_starts["line"])
    words_by_page = dict(tuple(located.words.groupby("page")))
    lines_by_page = dict(tuple(located.lines.groupby("page")))
    starts = list(located.table_starts.itertuples(index=False))
    rulings_by_page = dict(tuple(rulings.groupby("page"))) if rulings is not None else {}
    under_headers = [chunk_under_header(0, start.line, words_by_page[start.page], lines_by_page[start.page],
                                        located.heading_size, start_lines, rulings=rulings_by_page.get(start.page))
                     for start in starts]
    layouts: dict[tuple, Chunk] = {}  # per header's words, the chunk whose body shows its columns best
    for start, chunk in zip(starts, under_headers):
        key = (start.kind, header_words(chunk))
        if key not in layouts or len(chunk.body) > len(layouts[key].body):
            layouts[key] = chunk
    chunks, info = [], []
    for start, chunk in zip(starts, under_headers):
        chunk = in_known_columns(replace(chunk, table=len(chunks)), layouts[start.kind, header_words(chunk)], located,
                                 words_by_page, lines_by_page, start_lines, rulings_by_page.get(start.page))
        header = chunk.header()
        head = chunk.head
        while True:
            chunks.append(chunk)
            top = float(chunk.body["top"].min()) if chunk.page != start.page else start.top
            info.append({"table": chunk.table, "kind": start.kind, "page": chunk.page, "header": header,
                         **locate.heading_context(located.headings, chunk.page, top),
                         "left_below": left_below(located, chunk, words_by_page, lines_by_page, start_lines)})
            page = None if stacked[start.kind] else unrepeated_continuation(located, chunk, lines_by_page, start_lines)
            if page is None:
                break
            chunk = continuation_chunk(located, len(chunks), chunk, head, page, words_by_page, lines_by_page,
                                       start_lines, rulings_by_page.get(page), rulings_by_page.get(chunk.page),
                                       layout_offsets(chunks, chunk))
            if not len(chunk.body):
                info[-1]["left_below"] += left_below(located, chunk, words_by_page, lines_by_page, start_lines)
                break
    return chunks, info


def header_words(chunk: Chunk) -> tuple[str, ...]:
    """A header row's words, whatever columns they were found to head: a header repeated over a
    single row shows too little of the columns to find them again, and must still be known."""
    return tuple(sorted(chunk.head["text"]))


def layout_offsets(chunks: list[Chunk], before: Chunk) -> tuple[float, ...]:
    """How far the document has set a table like `before` further left or right on other pages: the
    offsets by which every column start of a chunk with as many columns, on another page, differs
    from `before`'s alike (mirrored margins on facing pages)."""
    offsets = set()
    for chunk in chunks:
        if chunk.page != before.page and len(chunk.starts) == len(before.starts):
            moved = np.asarray(chunk.starts) - np.asarray(before.starts)
            if np.ptp(moved) <= DEFAULT_GRID.column_snap and abs(moved.mean()) > DEFAULT_GRID.column_snap:
                offsets.add(round(float(moved.mean()), 1))
    return tuple(sorted(offsets))


def continuation_chunk(located: LocatedDocument, table: int, before: Chunk, head: pd.DataFrame, page: int,
                       words_by_page: dict[int, pd.DataFrame], lines_by_page: dict[int, pd.DataFrame],
                       start_lines: set[int], rulings: pd.DataFrame | None = None,
                       rulings_before: pd.DataFrame | None = None, seen_offsets: tuple[float, ...] = ()) -> Chunk:
    """The chunk of a table on a page it runs on to without its header row: in the columns of the
    chunk before (shifted, where the page is set further left or right: by its text, and by the
    vertical rules beside its first line and beside the chunk before), or, where none of the
    page's lines fits those, in the columns the header row (`head`) gives with this page's text
    below it. A header over a few rows at a page's foot shows too little of the text's alignment
    (a column empty there, its header set flush right) to place every column; a header alone at a
    page's foot shows none of it, and its columns are also found as if this page's text stood under
    it, the reading that takes more of the page's lines into the table kept (on a page set further
    left or right, the header's own columns fit none of them). `seen_offsets`: how far the document
    has set such a table further left or right on other pages (`layout_offsets`)."""
    def read_in(columns: list[float]) -> Chunk:
        return chunk_below(table, columns, head.iloc[:0], float("-inf"), words_by_page[page], lines_by_page[page],
                           located.heading_size, start_lines, rulings=rulings)

    below = words_below(words_by_page[page], lines_by_page[page], float("-inf"), start_lines)
    first_line = below[below["line"] == below.loc[below["top"].idxmin(), "line"]] if len(below) else below
    frames = (frame_rules(rulings, first_line),
              frame_rules(rulings_before, before.body if len(before.body) else before.head))
    chunk = read_in(shifted_starts(before.starts, below, DEFAULT_GRID, before.body, frames, seen_offsets))
    if not len(head) or (len(chunk.body) and len(before.body)):
        return chunk
    columns = column_starts(head, DEFAULT_GRID, below)
    if len(columns) != len(before.starts):
        return chunk
    under_header = read_in(columns)
    return under_header if under_header.body["line"].nunique() > chunk.body["line"].nunique() else chunk


def left_below(located: LocatedDocument, chunk: Chunk, words_by_page: dict[int, pd.DataFrame],
               lines_by_page: dict[int, pd.DataFrame], start_lines: set[int]) -> list[int]:
    """The lines below a chunk that print like its rows but were not read into it (`lines_left_below`)."""
    return lines_left_below(chunk, words_by_page[chunk.page], lines_by_page[chunk.page], located.heading_size,
                            start_lines)


def in_known_columns(chunk: Chunk, known: Chunk | None, located: LocatedDocument,
                     words_by_page: dict[int, pd.DataFrame], lines_by_page: dict[int, pd.DataFrame],
                     start_lines: set[int], rulings: pd.DataFrame | None = None) -> Chunk:
    """A chunk under a header row printed before with more text below it (a header repeated over a
    page or two of rows) is read again with that text as evidence of its columns: the same header
    words at the same places head the same columns, and one row centred in its cells shows too
    little to find them again. On a page set further left or right (mirrored margins) the text is
    moved as the header's words are."""
    if known is None or len(known.body) <= len(chunk.body):
        return chunk
    offset = header_offset(known.head, chunk.head)
    if offset is None:
        return chunk
    elsewhere = known.body.assign(x0=known.body["x0"] + offset, x1=known.body["x1"] + offset)
    return chunk_under_header(chunk.table, int(chunk.head["line"].min()), words_by_page[chunk.page],
                              lines_by_page[chunk.page], located.heading_size, start_lines, rulings=rulings,
                              printed_elsewhere=elsewhere)


def header_offset(first: pd.DataFrame, second: pd.DataFrame) -> float | None:
    """How far across the page the second of two header rows prints its words from where the first
    does, where they print them at the same places but for that (None where they do not)."""
    left, right = np.sort(first["x0"].to_numpy()), np.sort(second["x0"].to_numpy())
    if len(left) != len(right) or not len(left):
        return None
    shifts = right - left
    offset = float(np.median(shifts))
    return offset if bool((np.abs(shifts - offset) <= DEFAULT_GRID.column_snap).all()) else None


def stitched_tables(info: pd.DataFrame) -> list[int]:
    """Chunk → table: a chunk continues the previous one when both are of the same kind, cycle,
    section and header (a table printed over several pages; one copy of its header may be cut short
    by the page's edge, `same_header`)."""
    places = list(zip(info["kind"], info["cycle"], info["section"]))
    headers = list(info["header"])
    tables = []
    for index, place in enumerate(places):
        continues = index > 0 and place == places[index - 1] and same_header(headers[index], headers[index - 1])
        tables.append(0 if index == 0 else tables[-1] + (not continues))
    return tables


def unrepeated_continuation(located: LocatedDocument, chunk: Chunk, lines_by_page: dict[int, pd.DataFrame],
                            start_lines: set[int]) -> int | None:
    """The next page, if the table of `chunk` runs on to it without repeating its header row: the
    chunk (or its header row alone) reaches the last line of its page, and the next page opens with
    neither a heading nor another table's header row."""
    printed = chunk.body if len(chunk.body) else chunk.head
    if chunk.page + 1 not in lines_by_page or not len(printed):
        return None
    if printed["bottom"].max() < lines_by_page[chunk.page]["bottom"].max() - 0.5:
        return None
    first = lines_by_page[chunk.page + 1].sort_values("top").iloc[0]
    opens_section = bool(first["bold"]) and first["size"] >= located.heading_size
    return None if opens_section or first["line"] in start_lines else chunk.page + 1


def page_feet(lines: pd.DataFrame) -> dict[int, float]:
    """Per page, the foot of its printed area: the median, over the pages of its size, of the lowest
    line each prints (running footers left out). Pages a section leaves half empty make it lower,
    never higher, than the true foot."""
    pages = lines.groupby("page").agg(bottom=("bottom", "max"), height=("page_height", "first"))
    feet = pages.groupby("height")["bottom"].median()
    return pages["height"].map(feet).to_dict()
