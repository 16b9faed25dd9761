"""The table reader: from a PDF's words and rulings to tables of cells (knows nothing of any
particular document). It is asked in one of two ways.

Every table of every page, found by their rulings and the alignment of their text:

    from pipeline.tables import read_pdf, whole_tables
    tables = read_pdf("report.pdf")
    for table in tables:
        print(table.page, table.bbox, table.df.shape, table.continues)
    grids = whole_tables(tables)  # a table over several pages as one grid

or the table under a header row the caller has recognised (a document kind knows its tables'
headers): `chunk_under_header` reads its columns from the header's cells, `chunk_below` its
part on each page it runs on to, `chunk_cells` the rows of each part (`rows.py`: rules first,
then the table's own gaps).

`reader.py` says how tables are found, `settings.py` holds every threshold.
"""
from pipeline.tables.body_lines import words_below
from pipeline.tables.broken_words import known_words
from pipeline.tables.continuations import whole_tables
from pipeline.tables.chunks import (CHUNK_CELL_COLUMNS, Chunk, chunk_below, chunk_cells, chunk_under_header,
                                    frame_rules, lines_left_below, read_under_header, table_gap_threshold)
from pipeline.tables.header_columns import column_of, column_starts, header_lines, shifted_starts
from pipeline.tables.model import Table, long_form
from pipeline.tables.repeated_headers import same_header, whole_headers
from pipeline.tables.reader import holds_data, iter_page_tables, page_tables, pages_that_may_hold_tables, read_pdf
from pipeline.tables.rows import horizontal_strokes, row_gap_threshold
from pipeline.tables.settings import DEFAULT, DEFAULT_GRID, GridSettings, TableSettings

__all__ = ["Table", "TableSettings", "DEFAULT", "read_pdf", "whole_tables", "iter_page_tables", "page_tables",
           "pages_that_may_hold_tables", "holds_data", "long_form",
           "CHUNK_CELL_COLUMNS", "Chunk", "chunk_below", "chunk_cells", "chunk_under_header", "frame_rules",
           "lines_left_below",
           "read_under_header", "known_words",
           "table_gap_threshold", "column_of", "column_starts", "header_lines", "shifted_starts", "words_below",
           "horizontal_strokes", "row_gap_threshold", "DEFAULT_GRID", "GridSettings", "same_header", "whole_headers"]
