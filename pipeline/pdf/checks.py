"""Decide whether a file is a PDF the pipeline can use, before any of it is read for extraction.

pdfium, which reads the text, opens almost anything and reads past damage without a word; a page
lost from a damaged page tree or a stream that fails to inflate would be rows lost in silence. So
pdfminer checks the file first (header and end marker, encryption, page tree, every page's text
streams), and whatever is wrong becomes one plain sentence, an `InputError`, that the user can act
on, so nothing unusable reaches the later stages.
"""
from __future__ import annotations

import logging
import re
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import numpy as np
from pdfminer.ascii85 import asciihexdecode
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import (LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE, PDFStream,
                                resolve1)
from pdfminer.psexceptions import PSException

MAX_PAGES = 1000  # the compendium and PEEL reports have tens of pages; thousands means the wrong file
EOF_WINDOW = 1024  # like PDF readers, accept the %%EOF marker anywhere in the file's last kilobyte
REASON_CHARS = 120  # pdfminer's messages can quote whole streams; the user needs the gist

# pdfminer warns about every quirk of a file's internals; what matters becomes an InputError here.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


class InputError(Exception):
    """A PDF the pipeline cannot use; the message is one line meant for the user."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


def check_file(path: Path) -> None:
    """Refuse what is plainly not a whole PDF before a parser guesses its way through it."""
    if not path.exists():
        raise InputError(f"{path.name}: file not found")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path.name}: the file is empty (0 bytes)")
    with open(path, "rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, size - EOF_WINDOW))
        tail = handle.read()
    if b"%PDF-" not in head:
        raise InputError(f"{path.name}: not a PDF (no %PDF header)")
    if b"%%EOF" not in tail:
        # pdfminer would rebuild what it can find and silently lose the rest
        raise InputError(f"{path.name}: the PDF is truncated (no %%EOF marker at its end)")


def _declared_page_count(document: PDFDocument) -> int | None:
    """The page count the PDF's page tree declares, read without parsing a single page, so a file
    of thousands of pages is refused at once instead of running into the time limit."""
    pages = resolve1(document.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    return count if isinstance(count, int) else None


def _check_page_count(name: str, count: int, max_pages: int) -> None:
    if count > max_pages:
        raise InputError(f"{name}: the PDF has {count} pages, more than the {max_pages} "
                         f"a compendium or PEEL report could have")


def _text_streams(page_object) -> list[PDFStream]:
    """The streams a page's text is read from: its content, and its fonts' maps to Unicode."""
    streams = [resolve1(stream) for stream in page_object.contents]
    resources = resolve1(page_object.resources)
    fonts = resolve1(resources.get("Font")) if isinstance(resources, dict) else None
    for font in fonts.values() if isinstance(fonts, dict) else ():
        font = resolve1(font)
        if isinstance(font, dict):
            streams.append(resolve1(font.get("ToUnicode")))
    return [stream for stream in streams if isinstance(stream, PDFStream)]


def _undo_filters(stream: PDFStream) -> None:
    """Decode the stream strictly, raising on damage: pdfminer reads Flate data that fails to
    inflate as empty (or keeps what came out before the checksum failed) and says nothing."""
    data = stream.get_rawdata()
    if data is None:  # pdfminer has decoded it already, after it was checked for an earlier page
        return
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    for name, _ in stream.get_filters():
        if name in LITERALS_FLATE_DECODE:
            data = zlib.decompress(data)
        elif name in LITERALS_ASCII85_DECODE:
            data = ascii85_decode(data)
        elif name in LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
        else:  # rarer filters (LZW, run-length, image codecs) are left to pdfminer
            return


ASCII85_POWERS = 85 ** np.arange(4, -1, -1, dtype=np.uint64)
WHITESPACE = re.compile(rb"\s+")


def ascii85_decode(data: bytes) -> bytes:
    """ASCII85 data (reportlab writes every page so) decoded as pdfminer decodes it (an optional
    '<~' or '~' before, '~' or '~>' after), in numpy: pdfminer's pure-Python loop takes longer than
    reading the page's characters. Raises ValueError on what is not ASCII85."""
    data = WHITESPACE.sub(b"", data)
    data = data[2:] if data.startswith(b"<~") else data[1:] if data.startswith(b"~") else data
    data = data[:-2] if data.endswith(b"~>") else data[:-1] if data.endswith(b"~") else data
    groups = data.split(b"z")  # 'z' stands for four zero bytes, only between groups of five
    if any(len(group) % 5 for group in groups[:-1]):
        raise ValueError("ASCII85: 'z' inside a group of five")
    data = b"!!!!!".join(groups)
    padding = -len(data) % 5
    digits = np.frombuffer(data + b"u" * padding, dtype=np.uint8).astype(np.int64) - ord("!")
    if ((digits < 0) | (digits > 84)).any():
        raise ValueError("ASCII85: a character outside '!'..'u'")
    values = digits.reshape(-1, 5).astype(np.uint64) @ ASCII85_POWERS
    if (values > 0xFFFFFFFF).any():
        raise ValueError("ASCII85: a group of five beyond 2**32")
    decoded = values.astype(">u4").tobytes()
    return decoded[:len(decoded) - padding]


def _check_streams(page: PDFPage, number: int, name: str) -> None:
    """A damaged stream would drop or garble a page's text without a word."""
    for stream in _text_streams(page):
        try:
            _undo_filters(stream)
        except Exception as error:
            raise InputError(f"{name}: the PDF is damaged: the text of page {number} cannot be decoded "
                             f"({_reason(error)})") from error


def _reason(error: BaseException) -> str:
    """pdfminer's message, shortened and with control characters escaped: it quotes the file's bytes."""
    text = " ".join(str(error).split()) or type(error).__name__
    text = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
    return text if len(text) <= REASON_CHARS else text[:REASON_CHARS - 3] + "..."


def classified_error(name: str, error: Exception) -> InputError:
    """pdfminer's or pdfium's exception as a reason the user can act on."""
    if isinstance(error, PDFPasswordIncorrect):
        return InputError(f"{name}: the PDF is encrypted and needs a password to open")
    if isinstance(error, PDFEncryptionError):
        return InputError(f"{name}: the PDF is encrypted in a way that cannot be read ({_reason(error)})")
    if isinstance(error, (PSException, pdfium.PdfiumError)):
        return InputError(f"{name}: the PDF is damaged ({_reason(error)})")
    # pdfminer raises many unrelated types on malformed files
    return InputError(f"{name}: the PDF could not be parsed ({type(error).__name__}: {_reason(error)})")


def check_structure(path: Path, max_pages: int) -> int:
    """The number of pages, once pdfminer has checked the page tree and every page's text streams:
    pdfium would read past such damage without a word. No page's content is interpreted here."""
    with open(path, "rb") as handle:
        document = PDFDocument(PDFParser(handle))
        declared = _declared_page_count(document)
        _check_page_count(path.name, declared or 0, max_pages)
        pages = list(PDFPage.create_pages(document))
        _check_page_count(path.name, len(pages), max_pages)
        if declared is not None and declared != len(pages):
            # a page lost from a damaged page tree would be rows lost without a word
            raise InputError(f"{path.name}: the PDF is damaged: it declares {declared} pages but "
                             f"{len(pages)} can be found")
        for number, page in enumerate(pages, start=1):
            _check_streams(page, number, path.name)
    return len(pages)
