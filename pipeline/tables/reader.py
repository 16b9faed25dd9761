"""Read every table of a PDF: `read_pdf(path) -> list[Table]`.

The PDF is parsed once by `pipeline.pdf.documents.read_document` (words and ruling lines); each
page is then read on its own: ruled grids first, then text blocks among the words outside
them. Nothing here knows any document: every decision is geometry and `TableSettings`.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

import numpy as np
import pandas as pd

from pipeline.pdf.documents import Document, read_document
from pipeline.pdf.string_storage import python_strings
from pipeline.pdf.words import assign_lines, summarise_lines
from pipeline.tables.carried import (carried_lines, carried_region, following_column_starts, repeated_header_lines,
                                     with_carried_columns, with_carried_lines, with_following_columns)
from pipeline.tables.continuations import cell_ends_carried_alone, lines_beyond, mark_continuation, page_content
from pipeline.tables.foot_headers import header_left_at_foot
from pipeline.tables.bridges import bridged_blocks, with_rows_set_apart_at_foot
from pipeline.tables.broken_words import broken_over_page, known_words, mend_cell_texts, vouched
from pipeline.tables.grid import Region, region_cells
from pipeline.tables.model import RowJudgement, Table, first_row_texts, grid_frame
from pipeline.tables.blocks import text_blocks
from pipeline.tables.plausible import plausible, without_notes
from pipeline.tables.regions import inside, ruled_region, text_region
from pipeline.tables.segments import page_segments, segment_ids
from pipeline.tables.spans import joined_above
from pipeline.tables.settings import DEFAULT, TableSettings
from pipeline.tables.strokes import page_strokes, stroke_grids
from pipeline.tables.zebra import joined_bands

EMPTY_RULINGS = pd.DataFrame(columns=["page", "x0", "x1", "top", "bottom"], dtype=float)


def overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def page_regions(words: pd.DataFrame, rulings: pd.DataFrame, page_width: float,
                 settings: TableSettings = DEFAULT, carried: Table | None = None,
                 furniture: set[int] = frozenset(), following: np.ndarray | None = None,
                 carrying: tuple[tuple[float, float, float, float], ...] = ()) -> list[Region]:
    """The table regions of one page (`words` with `line` ids, `rulings` of that page): ruled grids
    (the shaded bands of a zebra-striped table joined into one, `joined_bands`), then text blocks
    among the words outside them; above them all, the lines that carry on `carried`, the table
    that ended the page before, start a block or join the first, and the topmost region takes that
    table's columns where its words leave them white (`carried.py`; `furniture`: the ids of the
    page's running header and footer lines; `carrying`: the boxes of a cell's end carried alone,
    found already); the lowest, a text table's, is parted at `following` alone where given
    (`carried.following_column_starts`). Under `carried`, a grid's top rule running through the
    page's first line does not keep that line out (`regions.across_open_edges`)."""
    horizontal, vertical = page_strokes(rulings, settings)
    regions: list[Region] = []
    content = words[~words["line"].isin(furniture)] if carried is not None else words.iloc[:0]
    page_top = float(content["top"].min()) if len(content) else None  # only under a table carried on
    for grid_h, grid_v in stroke_grids(horizontal, vertical, settings):
        region = ruled_region(grid_h, grid_v, words, settings, page_top)
        if region is not None:
            regions.append(region)
    regions = joined_bands(regions, words, settings)
    free = words
    for region in regions:
        free = free[~inside(free, region.bbox)]
    if free.empty:
        return with_following_columns(with_carried_columns(regions, carried), following)
    free, segments = page_segments(free, page_width, settings)
    blocks, wrapped = text_blocks(segments, free, settings, horizontal)
    blocks, adopted = bridged_blocks(blocks, segments, free, settings)
    blocks = with_rows_set_apart_at_foot(blocks, segments, furniture, settings)
    lines = carried_lines(segments, free, carried, furniture, settings) if carried is not None else []
    alone = None  # the index of the block of carried lines alone
    lowest_carried = segments.loc[segments["line"].isin(lines), "bottom"].max() if lines else None
    if lines and all(lowest_carried < other.bbox[1] for other in regions):
        blocks, alone = with_carried_lines(blocks, lines, segments, settings)
        adopted |= set(segments.loc[segments["line"].isin(lines), "segment"])
    segments.loc[segments["segment"].isin(wrapped | adopted), "prose"] = False
    for index, block in enumerate(blocks):
        region = text_region(block, free, segments, horizontal, settings)
        if region is None and index == alone:  # the rests of a row's cells, all but meeting
            region = carried_region(block, free, segments, carried, horizontal, settings)
        if region is not None and not any(overlaps(region.bbox, r.bbox) for r in regions):
            if carried is not None and block[0] in lines:
                region = replace(region, carried=index == alone,
                                 carried_rows=carried.row_judgement() if block[0] == lines[0] else None,
                                 repeated_header_lines=repeated_header_lines(segments, block, carried))
            regions.append(region)
    on_top = carried_on_top(regions, words[~np.any([inside(words, box) for box in carrying], axis=0)]
                            if carrying else words, furniture, carried)
    return with_following_columns(with_carried_columns(regions, on_top), following)


def carried_on_top(regions: list[Region], words: pd.DataFrame, furniture: set[int], carried: Table | None,
                   settings: TableSettings = DEFAULT) -> Table | None:
    """`carried` where no line but the page's running header lies above the page's topmost region,
    else None: a heading or a paragraph there opens a table of its own, which neither takes the
    columns nor carries on the rows of the table that ended the page before."""
    if carried is None or not regions:
        return carried
    content = words[~words["line"].isin(furniture)]
    top = min(region.bbox[1] for region in regions)
    return None if lines_beyond(content, above=top, settings=settings) else carried


def holding(bbox: tuple[float, float, float, float], cells: pd.DataFrame) -> tuple[float, float, float, float]:
    """A region's box grown to hold its cells: the text of a shaded or ruled table's first row may
    rise a little above its band or frame."""
    return (min(bbox[0], float(cells["x0"].min())), min(bbox[1], float(cells["top"].min())),
            max(bbox[2], float(cells["x1"].max())), max(bbox[3], float(cells["bottom"].max())))


def page_tables(words: pd.DataFrame, rulings: pd.DataFrame, page: int, page_width: float,
                settings: TableSettings = DEFAULT, carried: Table | None = None,
                furniture: set[int] = frozenset(),
                alike: dict[tuple[str, ...], RowJudgement] | None = None,
                following: np.ndarray | None = None,
                carrying: tuple[tuple[float, float, float, float], ...] = ()) -> list[Table]:
    """The tables of one page in reading order (top to bottom, then left to right); `carried`,
    `furniture`: see `page_regions`. A table whose header row an earlier table printed (`alike`:
    header → how that table judged its rows, `Table.row_judgement`), which judged its own otherwise
    on fewer gaps (`judged_otherwise`), is read again with that one's gaps beside its own and its
    judgement: tables printed alike are judged alike, and a header over a row or two shows too few
    gaps to tell a row's lines from its rows; read so, it may be one row (the header alone). A region
    right under a part carrying `carried` on (`carrying`: the boxes of those found already, a cell's
    end carried alone) may carry it on too (`read_page` decides), and so may be one row (a shaded
    band): it is judged as `carried` was, as one table is."""
    tables = []
    parts = list(carrying)  # the boxes of the parts carrying `carried` on
    for region in sorted(page_regions(words, rulings, page_width, settings, carried, furniture, following, carrying),
                         key=lambda region: region.bbox[1]):
        may_carry_on = region.carries_on or any(right_under(box, region, settings) for box in parts)
        reading = region_cells(region, settings, check=lambda c: may_carry_on or plausible(c, region.ruled, settings))
        known = (alike or {}).get(first_row_texts(grid_frame(reading.cells)))
        if known is None and may_carry_on and carried is not None:
            known = carried.row_judgement()  # right under a part carrying a table on: the same table
        if known is not None and not region.carries_on and judged_otherwise(
                (reading.gaps, reading.spaced, reading.threshold), known):
            region = replace(region, alike=known)
            reading = region_cells(region, settings, check=lambda c: plausible(c, region.ruled, settings) or (
                len(c) > 0 and c["row"].max() == 0))  # or one row: the header of the rows printed alike
        cells = reading.cells if region.carried else without_notes(reading.cells, region.words, settings,
                                                                    region.carries_on)
        if cells.empty or (cells["col"].max() < 1 and not may_carry_on) or (
                cells["row"].max() < 1 and not (may_carry_on or region.alike is not None)):
            continue  # one row or one column is a table only where it carries on the table before (a row's
            #           end, a cell's alone) or, one row, is the header of rows printed alike (left at a page's foot)
        if not may_carry_on and (cells.groupby("row").size() >= 2).mean() < settings.min_full_rows_share:
            continue  # mostly one-cell rows: paragraphs beside a few short lines, not a row's rest
        tables.append(Table(page=page, bbox=holding(region.bbox, cells), cells=cells, ruled=region.ruled,
                            doubts=reading.doubts, row_gaps=reading.gaps, broken_words=reading.broken,
                            rows_spaced=reading.spaced, rows_by_rules=reading.by_rules,
                            largest_size=float(region.words["size"].max()), row_threshold=reading.threshold,
                            joined_above=joined_above(cells, reading.parting)))
        if region.carries_on:
            parts.append(as_wide_as(tables[-1].bbox, carried))
    tables.sort(key=lambda t: (round(t.bbox[1] / 10), t.bbox[0]))
    for k, table in enumerate(tables, start=1):
        table.order = k
    return tables


def as_wide_as(box: tuple[float, float, float, float], carried: Table | None) -> tuple[float, float, float, float]:
    """The box of a part carrying `carried` on, as wide as that table (None: as it is): the rest of a
    row may fill few of its columns."""
    if carried is None:
        return box
    return min(box[0], carried.bbox[0]), box[1], max(box[2], carried.bbox[2]), box[3]


def right_under(box: tuple[float, float, float, float], region: Region, settings: TableSettings = DEFAULT) -> bool:
    """Whether a region lies right under a table's `box` (its cells' text): below it, closer than a
    table's rows lie (`block_gap` font sizes), its text across the same width (its left and right
    edges within the box's, by a font size; a shaded band's fill reaches past its text by its padding)."""
    size = float(region.words["size"].median())
    gap = region.bbox[1] - box[3]
    return (-settings.continuation_slack_pt <= gap <= settings.block_gap * size
            and region.words["x0"].min() >= box[0] - size and region.words["x1"].max() <= box[2] + size)


def pages_that_may_hold_tables(words: pd.DataFrame, rulings: pd.DataFrame,
                               settings: TableSettings = DEFAULT) -> set[int]:
    """The pages with two lines or more that a gutter parts (two segments, `segment_ids`), or with a
    vertical rule or three rules or more (`words` with `line` ids): a page of prose under a running
    header's rule holds no table the reader could find (a quick look over the whole document)."""
    words = words.sort_values(["line", "x0"], kind="stable")
    segments = pd.Series(segment_ids(words, settings)).groupby(words["line"].to_numpy()).nunique()
    page_of_line = words.groupby("line")["page"].first()
    parted = (segments >= 2).groupby(page_of_line.loc[segments.index].to_numpy()).sum()
    upright = (rulings["bottom"] - rulings["top"]) > (rulings["x1"] - rulings["x0"])
    rules = rulings.groupby("page").size()
    return (set(parted[parted >= 2].index.tolist()) | set(rulings.loc[upright, "page"].tolist())
            | set(rules[rules >= 3].index.tolist()))


@python_strings
def iter_page_tables(document: Document, settings: TableSettings = DEFAULT, pages: set[int] | None = None,
                     on_page: Callable[[int], None] | None = None,
                     vocabulary: frozenset[str] = frozenset()) -> Iterator[tuple[int, list[Table]]]:
    """(page, its tables) for every page of a parsed document, in page order; none on a page left out
    of `pages`, where given. A page's first table that carries on the last of the page before is
    marked so (`continuations.mark_continuation`). The words narrow columns broke are mended once
    every page is read, where the document prints the whole word or `vocabulary` (words the caller
    knows its documents print) names it (`with_broken_words_mended`), so the pages come after that;
    `on_page` is called as each is read (a progress bar's update). Only the pages read vouch: a
    piece broken off on a page not read would count as a word printed there."""
    read = list(tables_page_by_page(document, settings, pages, on_page))
    words = document.words if pages is None else document.words[document.words["page"].isin(pages)]
    over_pages = words_broken_over_pages(read)
    known = known_words(words["text"], [pair for _, tables in read for table in tables for pair in table.broken_words]
                        + [(stem, piece) for broken in over_pages.values() for _, stem, piece in broken], vocabulary)
    return iter([(page, [with_broken_words_mended(table, known, over_pages.get((page, table.order), []))
                         for table in tables]) for page, tables in read])


def words_broken_over_pages(read: list[tuple[int, list[Table]]]) -> dict[tuple[int, int], list[tuple[int, str, str]]]:
    """(page, order) of each table carrying on the table of the page before → the words the page
    break may have broken in the row it cut (`broken_words.broken_over_page`): (column, stem, piece)."""
    tables = {(table.page, table.order): table for _, found in read for table in found}
    broken = {}
    for (page, order), rest in tables.items():
        foot = tables.get((page - 1, rest.continues)) if rest.continues is not None else None
        if foot is not None:
            broken[(page, order)] = broken_over_page(foot.cells, rest.cells, int(rest.repeats_header))
    return broken


def with_broken_words_mended(table: Table, known: frozenset[str],
                             over_page: Iterable[tuple[int, str, str]] = ()) -> Table:
    """`table` with the words its narrow columns broke made whole where `known` vouches for them
    (`broken_words.mend_cell_texts`), and the columns of its first body row whose cell opens with
    the rest of a word the page before broke in the row it cut marked (`over_page`: column, stem,
    piece; `Table.word_rests`), counted in `words_mended`."""
    rests = frozenset((int(table.repeats_header), col) for col, stem, piece in over_page if vouched(stem, piece, known))
    cells, count = (mend_cell_texts(table.cells, table.broken_words, known) if table.broken_words
                    else (table.cells, 0))
    if not count and not rests:
        return table
    mended = replace(table, cells=cells, words_mended=count + len(rests), word_rests=rests)
    if table.continues is not None:
        mended.header = table.header  # the header of the table it carries on, not its own first row
    return mended


def tables_page_by_page(document: Document, settings: TableSettings, pages: set[int] | None,
                        on_page: Callable[[int], None] | None) -> Iterator[tuple[int, list[Table]]]:
    """(page, its tables) as `iter_page_tables` gives them, before broken words are mended. A page is
    given once the next is read: whether a header row left alone at its foot heads a table there is
    known then (`foot_headers.header_left_at_foot`), and the part of a table at its foot is read
    again as the rest of it is judged there where it shows too few gaps to judge itself
    (`foot_judged_by_its_rest`), or parted at its columns where it shows too few lines to find them
    and so does not line up with it (`carried.following_column_starts`)."""
    words = assign_lines(document.words if pages is None else document.words[document.words["page"].isin(pages)])
    words_by_page = dict(tuple(words.groupby("page", sort=False)))
    rulings_by_page = dict(tuple(document.rulings.groupby("page", sort=False)))
    content = page_content(summarise_lines(words)) if len(words) else {}
    may_hold = pages_that_may_hold_tables(words, document.rulings, settings) if len(words) else set()
    lowest = None  # the lowest table of the page before (a cell's end carried alone aside)
    alike: dict[tuple[str, ...], RowJudgement] = {}  # header row → how the last table of rows under it judged them
    held = None  # the page before and its tables
    before = None  # the lowest table of the page before that

    def read(number: int, carried: Table | None, judged: dict, following: np.ndarray | None = None
             ) -> tuple[list[Table], Table | None]:
        return read_page(number, words_by_page.get(number), rulings_by_page.get(number, EMPTY_RULINGS), content,
                         carried, judged, settings, number in may_hold, following)

    for page in range(1, document.page_count + 1):
        if on_page is not None:
            on_page(1)
        tables, alone = read(page, lowest, alike)
        if held is not None and foot_judged_by_its_rest(lowest, tables[0] if tables else None, settings):
            again, alone_again = read(held[0], before, dict(alike))
            held, lowest = (held[0], with_marks_kept(again, held[1])), lowest_table(again, alone_again)
        starts = following_column_starts(lowest, tables[0] if tables else None, words_by_page.get(held[0]),
                                         settings) if held is not None else None
        if starts is not None:
            again, alone_again = read(held[0], before, dict(alike), starts)
            parted = lowest_table(again, alone_again)
            retried, alone_retried = read(page, parted, dict(alike))
            if parted is not None and retried and retried[0].continues == parted.order:
                held, lowest = (held[0], with_marks_kept(again, held[1])), parted
                tables, alone = retried, alone_retried
        if held is not None:
            header = header_left_at_foot(words_by_page.get(held[0]), content.get(held[0]), lowest,
                                         tables[0] if tables else None, content.get(page), settings,
                                         rulings_by_page.get(held[0]), words_by_page.get(page))
            if header is not None:
                held[1].append(header)
            yield held
        held, before, lowest = (page, tables), lowest, lowest_table(tables, alone)
    if held is not None:
        yield held


def with_marks_kept(again: list[Table], before: list[Table]) -> list[Table]:
    """A page's tables read again (`again`), its first marked to carry on a table as the same table
    was when first read (`before`): a header row left at the foot of the page before
    (`header_left_at_foot`) is found after a page is read, and heads it still."""
    if (again and before and again[0].continues is None and before[0].continues is not None
            and again[0].bbox == before[0].bbox):
        again[0].continues, again[0].header = before[0].continues, before[0].header
        again[0].repeats_header = before[0].repeats_header
    return again


def lowest_table(tables: list[Table], alone: Table | None) -> Table | None:
    """The lowest of a page's tables but the end of a cell carried alone to its top (`alone`)."""
    rows = [table for table in tables if table is not alone]
    return max(rows, key=lambda table: table.bbox[3]) if rows else None


def foot_judged_by_its_rest(foot: Table | None, rest: Table | None, settings: TableSettings = DEFAULT) -> bool:
    """Whether the part of a table at a page's foot (`foot`) is to be read again with the judgement
    of its rest at the next page's top (`rest`, carrying it on): as `page_tables` reads a table
    whose header an earlier table printed (`alike`), looking forward: a header over a row or two
    that the page cut, or a header alone, no rules parting them, shows too few gaps to tell a row's
    lines from rows."""
    return (foot is not None and rest is not None and rest.continues == foot.order
            and rest.shape[0] >= settings.data_rows and not foot.rows_by_rules
            and foot.first_row() == foot.header and judged_otherwise(foot.row_judgement(), rest.row_judgement()))


def judged_otherwise(own: RowJudgement, other: RowJudgement) -> bool:
    """Whether a table showing fewer gaps than another printed alike (`own`, `other`: how each judged
    its rows, `Table.row_judgement`) judged its rows otherwise: spaced apart or not, or every line a
    row by one kind of gap where the other's gaps broke clearly above all of its own (a header's
    lines set as far apart as a row's lines, over rows that show both kinds of gap)."""
    gaps, spaced, threshold = own
    other_gaps, other_spaced, other_threshold = other
    if len(gaps) >= len(other_gaps):
        return False
    return spaced != other_spaced or (threshold is None and other_threshold is not None and len(gaps) > 0
                                      and bool((gaps < other_threshold).all()))


def read_page(page: int, words: pd.DataFrame | None, rulings: pd.DataFrame, content: dict[int, pd.DataFrame],
              lowest: Table | None, alike: dict[tuple[str, ...], RowJudgement],
              settings: TableSettings, may_hold_tables: bool = True,
              following: np.ndarray | None = None) -> tuple[list[Table], Table | None]:
    """One page's tables (`words`: its words, with line ids; `content`: every page's lines but running
    headers and footers; `lowest`: the lowest table of the page before; `alike`: see `page_tables`,
    updated with this page's), its first marked where it carries `lowest` on (and the one right under
    it where that does, nothing between); and among them the ends of a row's cells carried alone
    (`cell_ends_carried_alone`), None where there are none. A page of prose (`may_hold_tables` false:
    `pages_that_may_hold_tables`) that carries no table on is not read."""
    if words is None or words.empty:
        return [], None
    reaches_foot = lowest is not None and not lines_beyond(content.get(page - 1), below=lowest.bbox[3],
                                                           settings=settings)
    carried = lowest if reaches_foot else None
    if not may_hold_tables and carried is None:
        return [], None
    kept = content.get(page)
    furniture = set(words["line"]) - (set(kept["line"]) if kept is not None else set())

    def tables_marked(carrying: tuple[tuple[float, float, float, float], ...] = ()) -> list[Table]:
        found = page_tables(words, rulings, page, float(words["page_width"].iloc[0]), settings, carried, furniture,
                            alike, following, carrying)
        if found:
            found[0] = mark_continuation(lowest, found[0], content.get(page - 1), kept, settings)
        return found

    tables = tables_marked()
    alone = cell_ends_carried_alone(carried, words, kept, tables[0] if tables else None, settings, rulings)
    if alone is not None:  # the rows right under a cell's end carried alone may be one row (a shaded band)
        tables = tables_marked((as_wide_as(alone.bbox, carried),))
    alike.update((table.header, table.row_judgement()) for table in tables
                 if table.shape[0] >= settings.data_rows)
    if alone is not None:
        tables = [alone] + tables
        for order, table in enumerate(tables, start=1):
            table.order = order
    if len(tables) > 1 and tables[0].continues is not None and tables[1].continues is None:
        # the rows right under a part carrying the table on (a cell's end, a row read apart from a
        # zebra table's shaded rows) carry it on too, where nothing else lies between
        below = kept[kept["top"] > tables[0].bbox[3]] if kept is not None else None
        tables[1] = mark_continuation(lowest, tables[1], content.get(page - 1), below, settings)
    return tables, alone


def read_pdf(path: str | Path, settings: TableSettings = DEFAULT,
             on_page: Callable[[int], None] | None = None) -> list[Table]:
    """Every table of every page of the PDF at `path`, page by page in reading order.

    Like `camelot.read_pdf`: each `Table` has `.df` (the grid), `.page` and `.bbox`. `on_page` is
    called once per page read (a progress bar's update)."""
    return [table for _, found in iter_page_tables(read_document(Path(path)), settings, on_page=on_page)
            for table in found]
