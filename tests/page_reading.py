"""Pages read two ways, for the reading tests: as the reader records their characters, and as
pdfplumber gives their words."""
from __future__ import annotations

import pandas as pd
import pdfplumber
import pypdfium2 as pdfium

from pipeline.pdf import chars as pdf_chars, documents


def page_chars(pdf) -> list[list[tuple]]:
    """Each page's characters as the reader records them."""
    document = pdfium.PdfDocument(pdf)
    pages = []
    for number in range(1, len(document) + 1):
        page = document[number - 1]
        chars = pdf_chars.page_chars(page, number, pdf_chars.page_box(page)["page_height"],
                                     dict.fromkeys(documents.TEXT_REPAIRS, 0))
        pages.append(list(pdf_chars.chars_frame([chars]).itertuples(index=False, name=None)))
    document.close()
    return pages


def pdfplumber_page_words(pdf) -> pd.DataFrame:
    with pdfplumber.open(pdf) as document:
        return pd.DataFrame(document.pages[0].extract_words(extra_attrs=["size"]))
