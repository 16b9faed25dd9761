"""The per-document DAG: read → locate → extract → clean → tidy, one function per edge.

`extract_document` is what the CLI and the process pool call for each input PDF; it
returns every table kind's tidy rows for that document, with provenance, and every cell of
the tables the general reader (`pipeline.tables`) finds on pages none of them is on; for a
PDF of no known kind, the cells of every table the general reader finds.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from pipeline import clean, coverage, locate, stitch
from pipeline.pdf.documents import Document, unreadable_title
from pipeline.pdf.text import rejoin_hyphenated, vocabulary
from pipeline.pdf.words import assign_lines, summarise_lines
from pipeline.kinds import DocumentKind, recognise
from pipeline.pdf.checks import InputError
from pipeline.tables import (CHUNK_CELL_COLUMNS, DEFAULT_GRID, Chunk, chunk_below, chunk_cells, chunk_under_header,
                             column_starts, frame_rules, holds_data, horizontal_strokes, iter_page_tables, known_words,
                             lines_left_below, long_form, pages_that_may_hold_tables, shifted_starts, table_gap_threshold,
                             words_below)

TITLE_PAGES = 2  # the document kind is recognised from the text of this many first pages
UNKNOWN_KIND_TABLE = "tables"  # where the cells of a document of no known kind are published
ROW_DOUBT_COLUMNS = ["kind", "cycle", "section", "page", "top", "gap", "threshold", "text"]


@dataclass(frozen=True)
class LocatedDocument:
    """A document's words with line ids (running headers/footers removed), its lines and headings."""

    name: str  # the file name, for messages
    kind: DocumentKind
    words: pd.DataFrame
    lines: pd.DataFrame
    headings: pd.DataFrame
    heading_size: float  # bold text at least this large is a heading, never a table row
    table_starts: pd.DataFrame  # the header rows that open a table (`locate.find_table_starts`)


def document_kind(document: Document) -> DocumentKind | None:
    """The kind whose title the first pages print (read line by line), if any."""
    words = assign_lines(document.words[document.words["page"] <= TITLE_PAGES])
    return recognise(" ".join(words["text"]))


def locate_document(document: Document, kind: DocumentKind) -> LocatedDocument:
    words = assign_lines(document.words)
    lines = summarise_lines(words)
    starts = locate.find_table_starts(lines, words, list(kind.tables))
    running = locate.running_lines(lines, {line for block in starts["header_lines"] for line in block})
    words = words[~words["line"].isin(running)].reset_index(drop=True)
    lines = lines[~lines["line"].isin(running)].reset_index(drop=True)
    heading_size = locate.heading_size(words)
    table_lines = {line for block in starts["header_lines"] for line in block}
    headings = locate.mark_cycle_headings(locate.find_headings(lines, heading_size, table_lines))
    return LocatedDocument(document.path.name, kind, words, lines, headings, heading_size, starts)


def extract_cells(located: LocatedDocument,
                  rulings: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, int]:
    """Cells of every table chunk; one row per chunk saying its kind, cycle, section, header and
    the table it belongs to once stitched (`stitched`: chunks of one table on consecutive pages);
    the lines whose rows the printing leaves in doubt (`ROW_DOUBT_COLUMNS`); and how many words
    its columns broke were mended (`chunk_cells`)."""
    chunks, info = find_chunks(located, rulings)
    info = pd.DataFrame(info, columns=["table", "kind", "page", "cycle", "section", "header", "left_below"])
    if not chunks:
        return (pd.DataFrame(columns=CHUNK_CELL_COLUMNS), info.assign(stitched=pd.Series(dtype=int)),
                pd.DataFrame(columns=ROW_DOUBT_COLUMNS), 0)
    info["stitched"] = stitched_tables(info)
    stacked = {kind.name: kind.stacked for kind in located.kind.tables}
    strokes = horizontal_strokes(rulings, set(info["page"]), DEFAULT_GRID)
    known = known_words(located.words["text"], [pair for chunk in chunks for pair in chunk.broken_word_candidates()],
                        located.kind.known_words())
    cells, doubts, mended = [], [], 0
    of_kind = {kind: [chunks[table] for table in tables] for kind, tables in info.groupby("kind")["table"]}
    for _, members in info.groupby("stitched", sort=True):
        kind = members["kind"].iloc[0]
        table_chunks = [chunks[table] for table in members["table"]]
        threshold = table_gap_threshold(table_chunks, stacked[kind], of_kind[kind])
        for chunk, place in zip(table_chunks, members.itertuples(index=False)):
            found, in_doubt, mends = chunk_cells(chunk, strokes[chunk.page], threshold, stacked[kind], known=known)
            cells.append(found)
            mended += mends
            doubts += [{"kind": kind, "cycle": place.cycle, "section": place.section, **doubt} for doubt in in_doubt]
    cells = pd.concat(cells, ignore_index=True)
    info["header"] = read_headers(info, cells)
    return cells, info, pd.DataFrame(doubts, columns=ROW_DOUBT_COLUMNS), mended


def read_headers(info: pd.DataFrame, cells: pd.DataFrame) -> list[tuple[str, ...]]:
    """Each chunk's header as its cells read (with the words its columns broke mended); a chunk that
    does not print its header row keeps the one found for it."""
    heads = cells[cells["header"].astype(bool)]
    read = {table: tuple(dict(zip(group["col"], group["text"])).get(col, "") for col in range(group["col"].max() + 1))
            for table, group in heads.groupby("table")}
    return [read.get(table, header) for table, header in zip(info["table"], info["header"])]


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
    section and header (a table printed over several pages)."""
    signatures = list(zip(info["kind"], info["cycle"], info["section"],
                          (tuple(" ".join(t.split()).casefold() for t in header) for header in info["header"])))
    tables = []
    for index, signature in enumerate(signatures):
        tables.append(0 if index == 0 else tables[-1] + (signature != signatures[index - 1]))
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


def tidy_tables(located: LocatedDocument, cells: pd.DataFrame, chunks: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Logical rows of every table kind, tidied, and gathered by the table they publish to."""
    keys = {kind.name: kind.key_columns for kind in located.kind.tables}
    cut = {kind.name: kind.key_cut_by_break for kind in located.kind.tables if kind.key_cut_by_break}
    logical = (stitch.stitch_continued_rows(stitch.chunk_rows(cells, chunks), chunks, keys, page_feet(located.lines),
                                            cut)
               if len(cells) else pd.DataFrame(columns=stitch.ROW_COLUMNS))
    tables: dict[str, list[pd.DataFrame]] = {}
    for kind in located.kind.tables:
        tables.setdefault(kind.table, []).append(kind.tidy(logical[logical["kind"] == kind.name]))
    return {name: pd.concat(frames, ignore_index=True) for name, frames in tables.items()}


def running_text(located: LocatedDocument, cells: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Each section's text outside the tables, with words split by a line-end hyphen rejoined, and
    how many were."""
    extents = cells.groupby("table").agg(page=("page", "first"), top=("top", "min"), bottom=("bottom", "max"))
    sections = locate.section_texts(located.headings, located.lines, extents)
    words = vocabulary(located.lines["text"])
    mended = [rejoin_hyphenated(lines, words) for lines in sections["line_texts"]]
    return (sections.assign(line_texts=[lines for lines, _ in mended]),
            sum(joined for _, joined in mended))


def derive_tables(located: LocatedDocument, sections: pd.DataFrame,
                  tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables the document kind reads from running text, given each section's text, the lines of the
    first page (its cover) and the tables."""
    cover = tuple(located.lines[located.lines["page"] == 1].sort_values("top", kind="stable")["text"])
    return located.kind.derive(sections, cover, tables)


def region_words(located: LocatedDocument, cells: pd.DataFrame, chunks: pd.DataFrame) -> pd.DataFrame:
    """Every word printed inside a table chunk's box or on a line left below it (`lines_left_below`),
    labelled with the table it publishes to."""
    published = {kind.name: kind.table for kind in located.kind.tables}
    boxes = cells.groupby("table").agg(page=("page", "first"), x0=("x0", "min"), x1=("x1", "max"),
                                       top=("top", "min"), bottom=("bottom", "max"))
    table_of_chunk = dict(zip(chunks["table"], (published[kind] for kind in chunks["kind"])))
    words = located.words
    page, x0, x1 = words["page"].to_numpy(), words["x0"].to_numpy(), words["x1"].to_numpy()
    top, bottom = words["top"].to_numpy(), words["bottom"].to_numpy()
    picked, labels = [], []
    for chunk, box in zip(boxes.index, boxes.itertuples(index=False)):
        inside = np.flatnonzero((page == box.page) & (top >= box.top - 0.5) & (bottom <= box.bottom + 0.5)
                                & (x0 >= box.x0 - 0.5) & (x1 <= box.x1 + 0.5))
        picked.append(inside)
        labels += [table_of_chunk[chunk]] * len(inside)
    for chunk, lines in zip(chunks["table"], chunks["left_below"]):
        left = np.flatnonzero(words["line"].isin(lines).to_numpy())
        picked.append(left)
        labels += [table_of_chunk[chunk]] * len(left)
    rows = words.iloc[np.concatenate(picked)] if picked else words.iloc[[]]
    return rows[["page", "text"]].assign(table=labels).reset_index(drop=True)


def coverage_of(located: LocatedDocument, cells: pd.DataFrame, chunks: pd.DataFrame,
                tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """How much of the text printed in each table's regions reached its published rows (or its
    recognised header rows, which are structure rather than data)."""
    headers = cells[cells["header"].astype(bool)].merge(chunks[["table", "kind"]], on="table")
    published = {kind.name: kind.table for kind in located.kind.tables}
    texts = {name: coverage.text_values(frame) for name, frame in tables.items()}
    for kind, header in zip(headers["kind"], headers["text"]):
        texts.setdefault(published[kind], []).append(header)
    return coverage.text_coverage(region_words(located, cells, chunks), texts)


def require_rows(name: str, cells: pd.DataFrame, chunks: pd.DataFrame) -> None:
    """A table whose header row was found but under which no row could be read is a table lost, not
    an empty one: the document is refused rather than published without it."""
    body = set(cells.loc[~cells["header"].astype(bool), "table"])
    for table, members in chunks.groupby("stitched", sort=True):
        if not body & set(members["table"]):
            first = members.iloc[0]
            raise InputError(f"{name}: a {first['kind'].replace('_', ' ')} table's header row was found on page "
                             f"{first['page']}, but no row could be read under it")


def require_context(name: str, tables: dict[str, pd.DataFrame]) -> None:
    """Rows that cannot say which cycle (or, for a report, which force) they belong to make the
    document unusable: say so for this file instead of failing the whole run's validation."""
    for table, frame in tables.items():
        for column in ("cycle", "force_printed") if table.startswith("report_") else ("cycle",):
            if column in frame and len(frame) and frame[column].isna().any():
                what = "PEEL cycle" if column == "cycle" else "inspected force ('An inspection of ...')"
                raise InputError(f"{name}: no {what} could be read for its {table} rows")


def typed_tables(document: Document, kind: DocumentKind) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """The tables a document of a known kind publishes, a `coverage` frame saying how much of each
    table's printed text the rows hold, a `row_doubts` frame of the lines whose rows the printing
    leaves in doubt, an `off_page` frame of what runs off a page beside a table, the cells of the
    tables on pages none of its kinds' tables is on (`unclaimed_tables`), and the repairs made to its
    running text and its cells."""
    located = locate_document(document, kind)
    cells, chunks, doubts, broken_words = extract_cells(located, document.rulings)
    require_rows(located.name, cells, chunks)
    tables = tidy_tables(located, cells, chunks)
    sections, hyphenation = running_text(located, cells)
    tables.update(derive_tables(located, sections, tables))
    if not any(len(tables[table]) for table in {table_kind.table for table_kind in kind.tables}):
        raise InputError(f"{located.name}: recognised as a {kind.name} but none of its tables was found")
    require_context(document.path.name, tables)
    tables["coverage"] = coverage_of(located, cells, chunks, tables)
    tables["row_doubts"] = doubts
    tables["off_page"] = off_page_beside(document, coverage.table_extents(cells))
    tables[UNKNOWN_KIND_TABLE] = unclaimed_tables(located, document, set(chunks["page"]))
    return ({name: clean.add_canonical_ids(frame) for name, frame in tables.items()},
            {"hyphenation": hyphenation, "broken_word": broken_words})


def off_page_beside(document: Document, extents: pd.DataFrame) -> pd.DataFrame:
    """What runs off a page at the height of a table (`coverage.off_page_beside_tables`)."""
    page_sizes = document.words.drop_duplicates("page")[["page", "page_width", "page_height"]]
    return coverage.off_page_beside_tables(document.off_page, document.rulings, page_sizes, extents)


def unclaimed_tables(located: LocatedDocument, document: Document, claimed_pages: set[int]) -> pd.DataFrame:
    """Every cell of the tables holding data (`holds_data`) that the general reader finds on the pages
    where no table of the document's kinds was found and a table may be (`pages_that_may_hold_tables`):
    a table whose header row a printing left unrecognisable is published cell by cell and named in a
    finding (`unclaimed_table`), not lost in silence."""
    pages = pages_that_may_hold_tables(located.words, document.rulings) - claimed_pages
    return long_form((page, [table for table in tables if holds_data(table.cells)])
                     for page, tables in iter_page_tables(document, pages=pages))


def general_tables(document: Document) -> dict[str, pd.DataFrame]:
    """A document of no known kind still has tables a user may want: every cell the general
    reader finds, in the one table such documents publish to (and the words that run off their pages)."""
    cells = long_form(iter_page_tables(document))
    return {UNKNOWN_KIND_TABLE: cells, "off_page": off_page_beside(document, coverage.table_extents(cells))}


def extract_document(document: Document) -> dict[str, pd.DataFrame]:
    """Every table of one document, each row carrying `source_file` and `source_sha256`: its kind's
    typed tables and the tables of no kind (`unclaimed_tables`), or for a document of no known kind
    only `UNKNOWN_KIND_TABLE`; and a `text_repairs` frame saying how often each repair of the text
    layer fired."""
    kind = document_kind(document)
    if kind is None and unreadable_title(document.words, TITLE_PAGES):
        raise InputError(f"{document.path.name}: its title does not read as text (its fonts give codes, not letters, "
                         f"as after a round trip through PostScript), so what document it is cannot be told; install "
                         f"the fonts it was printed in to read it by their outlines, print it again from its source, "
                         f"or OCR it")
    tables, repairs = typed_tables(document, kind) if kind else (general_tables(document), {})
    repairs = {**document.repairs, **repairs}
    tables["text_repairs"] = pd.DataFrame({"repair": list(repairs), "count": list(repairs.values())})
    return {name: frame.assign(source_file=document.path.name, source_sha256=document.sha256)
            for name, frame in tables.items()}
