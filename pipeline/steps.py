"""The per-document DAG: read tables → pick the kinds' tables → locate → extract → clean → tidy,
one function per edge.

`extract_document` is what the CLI and the process pool call for each input PDF; it reads every
table of the document with the general reader (`pipeline.tables`) and returns every table kind's
tidy rows for that document, with provenance, and every cell of the tables holding data that no
kind took; for a PDF of no known kind, the cells of every table the general reader finds.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline import clean, coverage, locate, stitch
from pipeline.kind_tables import PART_CELL_COLUMNS, KindPart, column_starts_of, kind_parts, part_cells
from pipeline.locate import LocatedDocument
from pipeline.pdf.documents import Document, unreadable_title
from pipeline.pdf.text import rejoin_hyphenated, vocabulary
from pipeline.pdf.words import assign_lines, summarise_lines
from pipeline.kinds import DocumentKind, recognise
from pipeline.pdf.checks import InputError
from pipeline.tables import Table, holds_data, iter_page_tables, long_form, whole_headers
from pipeline.tables.strokes import page_strokes

TITLE_PAGES = 2  # the document kind is recognised from the text of this many first pages
UNKNOWN_KIND_TABLE = "tables"  # where the cells of a document of no known kind are published
ROW_DOUBT_COLUMNS = ["kind", "cycle", "section", "page", "top", "gap", "threshold", "text"]


def document_kind(document: Document) -> DocumentKind | None:
    """The kind whose title the first pages print (read line by line), if any."""
    words = assign_lines(document.words[document.words["page"] <= TITLE_PAGES])
    return recognise(" ".join(words["text"]))


def tables_of_kind(document: Document, kind: DocumentKind) -> tuple[list[tuple[int, list[Table]]], list[KindPart]]:
    """Every table the general reader finds, page by page (its broken words mended with the kind's
    reference words too), and the parts of them that are the kind's tables."""
    pages = list(iter_page_tables(document, vocabulary=kind.known_words()))
    return pages, kind_parts(pages, kind.tables)


def locate_document(document: Document, kind: DocumentKind, parts: list[KindPart]) -> LocatedDocument:
    """The document's words and lines without running headers and footers, and its headings: a
    table's header row printed again at the top of every page (`parts`: the kinds' tables) is
    neither a running header nor a heading."""
    words = assign_lines(document.words)
    lines = summarise_lines(words)
    table_lines = table_header_lines(lines, parts)
    running = locate.running_lines(lines, table_lines)
    words = words[~words["line"].isin(running)].reset_index(drop=True)
    lines = lines[~lines["line"].isin(running)].reset_index(drop=True)
    headings = locate.mark_cycle_headings(locate.find_headings(lines, locate.heading_size(words), table_lines))
    return LocatedDocument(document.path.name, kind, words, lines, headings)


def table_header_lines(lines: pd.DataFrame, parts: list[KindPart]) -> set[int]:
    """The lines printing the header rows of the kinds' tables."""
    found = set()
    for part in parts:
        if not part.header_printed:
            continue
        head = part.cells[part.cells["row"] == 0]
        top, bottom = float(head["top"].min()), float(head["bottom"].max())
        x0, x1 = float(head["x0"].min()), float(head["x1"].max())
        inside = ((lines["page"] == part.page) & (lines["top"] >= top - 0.5) & (lines["bottom"] <= bottom + 0.5)
                  & (lines["x1"] > x0) & (lines["x0"] < x1))
        found.update(lines.loc[inside, "line"].tolist())
    return found


def extract_cells(located: LocatedDocument,
                  parts: list[KindPart]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, int]:
    """Cells of every table part (one page's part of a kind's table, `kind_tables`); one row per
    part saying its kind, cycle, section, header, column starts and the table it belongs to once
    stitched (`stitched`: parts of one table on consecutive pages); the lines whose rows the printing
    leaves in doubt (`ROW_DOUBT_COLUMNS`); and how many words its columns broke were mended."""
    words_by_page = dict(tuple(located.words.groupby("page", sort=False)))
    info, cells, doubts = [], [], []
    for index, part in enumerate(parts):
        context = locate.heading_context(located.headings, part.page, part.top)
        info.append({"table": index, "kind": part.kind.name, "page": part.page, **context, "header": part.header,
                     "starts": column_starts_of(part)})
        cells.append(part_cells(part, index, words_by_page.get(part.page, located.words.iloc[:0])))
        bottom = float(part.cells["bottom"].max())
        doubts += [{"kind": part.kind.name, **context, "page": part.page, **doubt} for doubt in part.source.doubts
                   if part.top - 0.5 <= doubt["top"] <= bottom + 0.5]
    info = pd.DataFrame(info, columns=["table", "kind", "page", "cycle", "section", "header", "starts"])
    if not parts:
        return (pd.DataFrame(columns=PART_CELL_COLUMNS), info.assign(stitched=pd.Series(dtype=int)),
                pd.DataFrame(columns=ROW_DOUBT_COLUMNS), 0)
    info["stitched"] = stitch.stitched_tables(info)
    cells = pd.concat(cells, ignore_index=True)
    info["header"] = whole_headers(read_headers(info, cells), list(info["stitched"]))
    mended = sum(table.words_mended for table in {id(part.source): part.source for part in parts}.values())
    return cells, info, pd.DataFrame(doubts, columns=ROW_DOUBT_COLUMNS), mended


def read_headers(info: pd.DataFrame, cells: pd.DataFrame) -> list[tuple[str, ...]]:
    """Each part's header as its cells read (with the words its columns broke mended); a part that
    does not print its header row keeps the one found for it."""
    heads = cells[cells["header"].astype(bool)]
    read = {table: tuple(dict(zip(group["col"], group["text"])).get(col, "") for col in range(group["col"].max() + 1))
            for table, group in heads.groupby("table")}
    return [read.get(table, header) for table, header in zip(info["table"], info["header"])]


def tidy_tables(located: LocatedDocument, cells: pd.DataFrame, part_info: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Logical rows of every table kind, tidied, and gathered by the table they publish to."""
    keys = {kind.name: kind.key_columns for kind in located.kind.tables}
    cut = {kind.name: kind.key_cut_by_break for kind in located.kind.tables if kind.key_cut_by_break}
    logical = (stitch.stitch_continued_rows(stitch.part_rows(cells, part_info), part_info, keys,
                                            stitch.page_feet(located.lines), cut)
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


def region_words(located: LocatedDocument, cells: pd.DataFrame, part_info: pd.DataFrame,
                 rulings: pd.DataFrame) -> pd.DataFrame:
    """Every word printed inside a table part's box, down to the rule that closes it where one does
    (`coverage.down_to_closing_rules`; `rulings`: the document's; no heading between), labelled
    with the table it publishes to."""
    published = {kind.name: kind.table for kind in located.kind.tables}
    boxes = cells.groupby("table").agg(page=("page", "first"), x0=("x0", "min"), x1=("x1", "max"),
                                       top=("top", "min"), bottom=("bottom", "max"))
    pages = set(boxes["page"])
    horizontal = {page: page_strokes(on_page)[0] for page, on_page in rulings.groupby("page") if page in pages}
    boxes = coverage.down_to_closing_rules(boxes, horizontal, located.headings)
    table_of_part = dict(zip(part_info["table"], (published[kind] for kind in part_info["kind"])))
    words = located.words
    page, x0, x1 = words["page"].to_numpy(), words["x0"].to_numpy(), words["x1"].to_numpy()
    top, bottom = words["top"].to_numpy(), words["bottom"].to_numpy()
    picked, labels = [], []
    for part, box in zip(boxes.index, boxes.itertuples(index=False)):
        inside = np.flatnonzero((page == box.page) & (top >= box.top - 0.5) & (bottom <= box.bottom + 0.5)
                                & (x0 >= box.x0 - 0.5) & (x1 <= box.x1 + 0.5))
        picked.append(inside)
        labels += [table_of_part[part]] * len(inside)
    rows = words.iloc[np.concatenate(picked)] if picked else words.iloc[[]]
    return rows[["page", "text"]].assign(table=labels).reset_index(drop=True)


def coverage_of(located: LocatedDocument, cells: pd.DataFrame, part_info: pd.DataFrame,
                tables: dict[str, pd.DataFrame], rulings: pd.DataFrame) -> pd.DataFrame:
    """How much of the text printed in each table's regions reached its published rows (or its
    recognised header rows, which are structure rather than data)."""
    headers = cells[cells["header"].astype(bool)].merge(part_info[["table", "kind"]], on="table")
    published = {kind.name: kind.table for kind in located.kind.tables}
    texts = {name: coverage.text_values(frame) for name, frame in tables.items()}
    for kind, header in zip(headers["kind"], headers["text"]):
        texts.setdefault(published[kind], []).append(header)
    return coverage.text_coverage(region_words(located, cells, part_info, rulings), texts)


def require_rows(name: str, cells: pd.DataFrame, part_info: pd.DataFrame) -> None:
    """A table whose header row was found but under which no row could be read is a table lost, not
    an empty one: the document is refused rather than published without it."""
    body = set(cells.loc[~cells["header"].astype(bool), "table"])
    for table, members in part_info.groupby("stitched", sort=True):
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
    leaves in doubt, an `off_page` frame of what runs off a page beside a table, a `blank_past_edge`
    frame of the blank cells of columns that run past a page's edge, the cells of the
    tables on pages none of its kinds' tables is on (`unclaimed_tables`), and the repairs made to its
    running text and its cells."""
    pages, parts = tables_of_kind(document, kind)
    located = locate_document(document, kind, parts)
    cells, part_info, doubts, broken_words = extract_cells(located, parts)
    require_rows(located.name, cells, part_info)
    tables = tidy_tables(located, cells, part_info)
    sections, hyphenation = running_text(located, cells)
    tables.update(derive_tables(located, sections, tables))
    if not any(len(tables[table]) for table in {table_kind.table for table_kind in kind.tables}):
        raise InputError(f"{located.name}: recognised as a {kind.name} but none of its tables was found")
    require_context(document.path.name, tables)
    tables["coverage"] = coverage_of(located, cells, part_info, tables, document.rulings)
    tables["row_doubts"] = doubts
    tables[UNKNOWN_KIND_TABLE] = unclaimed_tables(pages, parts)
    unclaimed = tables[UNKNOWN_KIND_TABLE]  # beside these too: a matrix set wider than its page is one
    tables["off_page"] = off_page_beside(document, coverage.table_extents(  # (ids from -1 down: not the kinds')
        pd.concat([cells, unclaimed.assign(table=-1 - unclaimed["table"])])))
    tables["blank_past_edge"] = coverage.blank_cells_past_edge(cells, part_info, page_sizes(document))
    return ({name: clean.add_canonical_ids(frame) for name, frame in tables.items()},
            {"hyphenation": hyphenation, "broken_word": broken_words})


def page_sizes(document: Document) -> pd.DataFrame:
    """Each page's width and height (of the pages that print words)."""
    return document.words.drop_duplicates("page")[["page", "page_width", "page_height"]]


def off_page_beside(document: Document, extents: pd.DataFrame) -> pd.DataFrame:
    """What runs off a page at the height of a table (`coverage.off_page_beside_tables`)."""
    return coverage.off_page_beside_tables(document.off_page, document.rulings, page_sizes(document), extents,
                                           document.words)


def unclaimed_tables(pages: list[tuple[int, list[Table]]], parts: list[KindPart]) -> pd.DataFrame:
    """Every cell of the tables holding data (`holds_data`) that the general reader finds (`pages`;
    it reads no page of prose, `pages_that_may_hold_tables`) and that none of the kinds' tables took,
    and of those right under a table one took (`right_under_one`, however few their rows): a table
    whose header row a printing left unrecognisable, or the rows a table was read short of (its last
    row read apart), are published cell by cell and named in a finding (`unclaimed_table`), not lost
    in silence."""
    taken = {(part.page, part.source.order) for part in parts}
    claimed: dict[int, list[tuple[float, float, float, float]]] = {}
    for part in parts:
        claimed.setdefault(part.page, []).append(part.source.bbox)
    return long_form((page, [table for table in tables if (page, table.order) not in taken
                             and (holds_data(table.cells) or right_under_one(table.bbox, claimed.get(page, [])))])
                     for page, tables in pages)


def right_under_one(box: tuple[float, float, float, float], above: list[tuple[float, float, float, float]],
                    slack: float = 1.0) -> bool:
    """Whether a table's box lies right under one of `above` (boxes on its page), within its width
    (to within `slack` points), nearer to it than the table is tall."""
    x0, top, x1, bottom = box
    return any(a0 - slack <= x0 and x1 <= a1 + slack and 0.0 <= top - a_bottom <= bottom - top
               for a0, _, a1, a_bottom in above)


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
