"""The table reader: from a PDF's words and rulings to tables of cells (knows nothing of any
particular document): every table of every page, found by their rulings and the alignment of
their text, with the parts of a table that runs over several pages marked so (`Table.continues`):

    from pipeline.tables import read_pdf, whole_tables
    tables = read_pdf("report.pdf")
    for table in tables:
        print(table.page, table.bbox, table.df.shape, table.continues)
    grids = whole_tables(tables)  # a table over several pages as one grid

The document kinds (`pipeline.kinds`) take their tables from these by their header rows
(`pipeline.kind_tables`).

`reader.py` says how tables are found, `settings.py` holds every threshold.
"""
from pipeline.tables.broken_words import known_words
from pipeline.tables.continuations import whole_tables
from pipeline.tables.model import Table, long_form
from pipeline.tables.repeated_headers import same_header, whole_headers
from pipeline.tables.plausible import holds_data
from pipeline.tables.reader import iter_page_tables, page_tables, pages_that_may_hold_tables, read_pdf
from pipeline.tables.settings import DEFAULT, TableSettings

__all__ = ["Table", "TableSettings", "DEFAULT", "read_pdf", "whole_tables", "iter_page_tables", "page_tables",
           "pages_that_may_hold_tables", "holds_data", "long_form", "known_words", "same_header", "whole_headers"]
