"""A general table reader for born-digital PDFs (knows nothing of any particular document).

    from pipeline.tables import read_pdf
    for table in read_pdf("report.pdf"):
        print(table.page, table.bbox, table.df.shape)

See `reader.py` for how it works and `settings.py` for every threshold.
"""
from pipeline.tables.model import Table, long_form
from pipeline.tables.reader import iter_page_tables, page_tables, read_pdf
from pipeline.tables.settings import DEFAULT, TableSettings

__all__ = ["Table", "TableSettings", "DEFAULT", "read_pdf", "iter_page_tables", "page_tables", "long_form"]
