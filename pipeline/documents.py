"""Read a PDF once into plain geometry: one DataFrame of words, one of ruling lines.

This is the only module that opens PDFs for extraction. Every later stage works on
these frames, so the PDF is parsed once and the stages can be tested without it.
It is also where a hostile or broken file is recognised and turned into one plain
sentence (an `InputError`), so nothing unusable reaches the later stages.
"""
from __future__ import annotations

import hashlib
import logging
import zlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pdfplumber
from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import (LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE, PDFStream,
                                resolve1)
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from pipeline.text import normalise_text

WORD_COLUMNS = ["page", "x0", "x1", "top", "bottom", "text", "size", "bold", "page_width", "page_height"]
RULING_COLUMNS = ["page", "x0", "x1", "top", "bottom"]
MAX_PAGES = 1000  # the compendium and PEEL reports have tens of pages; thousands means the wrong file
EOF_WINDOW = 1024  # like PDF readers, accept the %%EOF marker anywhere in the file's last kilobyte
REASON_CHARS = 120  # pdfminer's messages can quote whole streams; the user needs the gist

# pdfminer warns about every quirk of a file's internals; what matters becomes an InputError here.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


class InputError(Exception):
    """A PDF the pipeline cannot use; the message is one line meant for the user."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


@dataclass(frozen=True)
class Document:
    """A parsed PDF: where it came from and its text and rulings as geometry."""

    path: Path
    sha256: str
    page_count: int
    words: pd.DataFrame
    rulings: pd.DataFrame


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _page_words(page, number: int) -> list[dict]:
    words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
    rows = []
    for word in words:
        text = normalise_text(word["text"])
        if not text:
            continue
        rows.append({
            "page": number, "x0": word["x0"], "x1": word["x1"], "top": word["top"],
            "bottom": word["bottom"], "text": text, "size": round(float(word["size"]), 2),
            "bold": "bold" in word["fontname"].lower(),
            "page_width": float(page.width), "page_height": float(page.height),
        })
    return rows


def _page_rulings(page, number: int) -> list[dict]:
    """Horizontal and vertical strokes, whether drawn as lines or as thin filled rectangles."""
    rows = []
    for edge in page.edges:
        rows.append({"page": number, "x0": edge["x0"], "x1": edge["x1"],
                     "top": edge["top"], "bottom": edge["bottom"]})
    return rows


def _check_file(path: Path) -> None:
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


def _declared_page_count(path: Path) -> int | None:
    """The page count the PDF's page tree declares, read without parsing a single page, so a file
    of thousands of pages is refused at once instead of running into the time limit."""
    with open(path, "rb") as handle:
        pages = resolve1(PDFDocument(PDFParser(handle)).catalog.get("Pages"))
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
            data = ascii85decode(data)
        elif name in LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
        else:  # rarer filters (LZW, run-length, image codecs) are left to pdfminer
            return


def _check_streams(page, number: int, name: str) -> None:
    """A damaged stream would drop or garble a page's text without a word."""
    for stream in _text_streams(page.page_obj):
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


def _classified(name: str, error: Exception) -> InputError:
    """pdfminer's exception (pdfplumber wraps it) as a reason the user can act on."""
    while isinstance(error, PdfminerException) and error.args and isinstance(error.args[0], Exception):
        error = error.args[0]
    if isinstance(error, PDFPasswordIncorrect):
        return InputError(f"{name}: the PDF is encrypted and needs a password to open")
    if isinstance(error, PDFEncryptionError):
        return InputError(f"{name}: the PDF is encrypted in a way that cannot be read ({_reason(error)})")
    if isinstance(error, (PSException, MalformedPDFException)):
        return InputError(f"{name}: the PDF is damaged ({_reason(error)})")
    # pdfminer raises many unrelated types on malformed files
    return InputError(f"{name}: the PDF could not be parsed ({type(error).__name__}: {_reason(error)})")


def read_document(path: Path, max_pages: int = MAX_PAGES) -> Document:
    """Parse every page of the PDF at `path`; raise InputError with a plain reason if it is unusable."""
    path = Path(path)
    _check_file(path)
    words: list[dict] = []
    rulings: list[dict] = []
    try:
        declared = _declared_page_count(path)
        _check_page_count(path.name, declared or 0, max_pages)
        with pdfplumber.open(path) as pdf:
            page_count = len(pdf.pages)
            _check_page_count(path.name, page_count, max_pages)
            if declared is not None and declared != page_count:
                # a page lost from a damaged page tree would be rows lost without a word
                raise InputError(f"{path.name}: the PDF is damaged: it declares {declared} pages but "
                                 f"{page_count} can be found")
            for number, page in enumerate(pdf.pages, start=1):
                _check_streams(page, number, path.name)
                words.extend(_page_words(page, number))
                rulings.extend(_page_rulings(page, number))
                page.flush_cache()
    except (InputError, MemoryError):
        raise
    except Exception as error:
        raise _classified(path.name, error) from error
    if page_count == 0:
        raise InputError(f"{path.name}: the PDF has no pages")
    if not words:
        raise InputError(f"{path.name}: no text layer (a scanned or image-only PDF); OCR it first")
    return Document(
        path=path,
        sha256=file_sha256(path),
        page_count=page_count,
        words=pd.DataFrame(words, columns=WORD_COLUMNS),
        rulings=pd.DataFrame(rulings, columns=RULING_COLUMNS),
    )
