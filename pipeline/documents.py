"""Read a PDF once into plain geometry: one DataFrame of words, one of ruling lines.

This is the only module that opens PDFs for extraction. Every later stage works on
these frames, so the PDF is parsed once and the stages can be tested without it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from pipeline.text import normalise_text

WORD_COLUMNS = ["page", "x0", "x1", "top", "bottom", "text", "size", "bold", "page_width", "page_height"]
RULING_COLUMNS = ["page", "x0", "x1", "top", "bottom"]


class InputError(Exception):
    """A PDF the pipeline cannot use; the message is one line meant for the user."""


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


def read_document(path: Path) -> Document:
    """Parse every page of the PDF at `path`; raise InputError with a plain reason if it is unusable."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path.name}: file not found")
    if path.stat().st_size == 0:
        raise InputError(f"{path.name}: the file is empty (0 bytes)")
    with open(path, "rb") as handle:
        if b"%PDF-" not in handle.read(1024):
            raise InputError(f"{path.name}: not a PDF (no %PDF header)")
    words: list[dict] = []
    rulings: list[dict] = []
    try:
        with pdfplumber.open(path) as pdf:
            page_count = len(pdf.pages)
            for number, page in enumerate(pdf.pages, start=1):
                words.extend(_page_words(page, number))
                rulings.extend(_page_rulings(page, number))
                page.flush_cache()
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise InputError(f"{path.name}: the PDF is encrypted and cannot be read ({type(error).__name__})") from error
    except PDFSyntaxError as error:
        raise InputError(f"{path.name}: the PDF is damaged or truncated ({error})") from error
    except Exception as error:  # pdfminer raises many unrelated types on malformed files
        raise InputError(f"{path.name}: the PDF could not be parsed ({type(error).__name__}: {error})") from error
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
