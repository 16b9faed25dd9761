"""Read a PDF once into plain geometry: one DataFrame of words, one of ruling lines.

This is the only module that reads PDFs for extraction. Every later stage works on
these frames, so the PDF is parsed once and the stages can be tested without it.
The file is first checked by `pipeline.pdf_checks`, so a hostile or broken file is
refused with one plain sentence (an `InputError`) before pypdfium2 reads it here.
"""
from __future__ import annotations

import ctypes
import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.pdf_checks import MAX_PAGES, InputError, check_file, check_structure, classified_error
from pipeline.text import normalise_text
from pipeline.words import CHAR_COLUMNS, grouped_words

WORD_COLUMNS = ["page", "x0", "x1", "top", "bottom", "text", "size", "bold", "page_width", "page_height"]
RULING_COLUMNS = ["page", "x0", "x1", "top", "bottom"]
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")  # the prefix of an embedded font subset's name
OVERPRINT_PT = 2.0  # how far a bold look's second drawing is set off from the first


@dataclass(frozen=True)
class Document:
    """A parsed PDF: where it came from and its text and rulings as geometry."""

    path: Path
    sha256: str
    page_count: int
    words: pd.DataFrame
    rulings: pd.DataFrame
    repairs: dict[str, int]  # how often each repair of the text layer fired (`TEXT_REPAIRS`)


TEXT_REPAIRS = {
    "ligature": "letters drawn as one glyph ('ﬁ') read as their letters",
    "overprint": "text drawn again over itself (a bold look) read once",
    "letter_spaced_line": "a letter-spaced line ('O v e r a l l') read as words",
    "hyphenation": "a word split by a hyphen at a line end ('consist-' / 'ently') joined in running text",
}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


HYPHEN = ord("-")
PDFIUM_LINE_END_HYPHENS = (2, 0xFFFE)  # pdfium's marks for a hyphen that ends a line (GetUnicode, GetText)
LINE_BREAKS = (ord("\r"), ord("\n"))  # the only characters besides spaces that pdfium infers
SURROGATE_TAIL = -1  # the second half of a character pdfium counts twice (see _char_codes)
REPLACEMENT_CHARACTER = 0xFFFD
# pandas' str dtype kept in Python objects: the stages slice small frames of words thousands of
# times, and each slice of pyarrow-backed strings costs more than the text is worth (0.3 s a compendium)
TEXT_DTYPE = pd.StringDtype("python", na_value=float("nan"))


def words_from_chars(chars: pd.DataFrame, page_sizes: pd.DataFrame, repairs: dict[str, int]) -> pd.DataFrame:
    """The document's words, as pdfplumber's `extract_words` would give them, with their text
    normalised, whether their font is bold, and their page's size; letter-spaced lines counted in
    `repairs`."""
    words, repairs["letter_spaced_line"] = grouped_words(chars)
    words["text"] = pd.array([normalise_text(text) for text in words["text"]], dtype=TEXT_DTYPE)
    words["size"] = words["size"].astype(float).round(2)
    words["bold"] = words["fontname"].str.lower().str.contains("bold", regex=False)
    words = words[words["text"] != ""].merge(page_sizes, on="page", how="left")
    return words[WORD_COLUMNS].reset_index(drop=True)


def _page_size(page) -> tuple[float, float]:
    """The MediaBox's size: pdfplumber measures `top` down from its height."""
    left, bottom, right, top = page.get_mediabox()
    return right - left, top - bottom


def _page_chars(page, number: int, height: float, chars: list[tuple], repairs: dict[str, int]) -> None:
    """Append the page's characters to `chars` (as CHAR_COLUMNS), boxed as pdfminer boxes them for
    pdfplumber's word rules: from the baseline, the font's descent and size, and the character's
    width (pdfium's own boxes hug the glyph, which would part a 'g' from its word). pdfium reads
    them several times faster than pdfminer. The line breaks it infers (`IsGenerated`) are left
    out; its inferred spaces are kept, as it marks a space drawn on its own as inferred too. Per
    character only its origin and text object are asked for: font, size and widths are looked up
    once per text object and glyph. Letters drawn by one glyph (a ligature: 'ff' from one 'ﬀ' glyph)
    share its origin: they become one character as wide as that glyph's box, as pdfminer gives it;
    the same letter drawn again at the same place by another text object (and so with the same
    box) is dropped. Both are counted in `repairs`."""
    textpage = page.get_textpage()
    raw = textpage.raw
    text_object_of, origin_of, is_generated = (
        pdfium_c.FPDFText_GetTextObject, pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_IsGenerated)
    x, y = ctypes.c_double(), ctypes.c_double()
    styles: dict[bytes, tuple] = {}
    fonts: dict[bytes, tuple[str, float]] = {}
    widths: dict[tuple, float] = {}
    previous = None  # (text object, font, origin x, y, index) of the character before
    for index, code in enumerate(_char_codes(raw)):
        if code == SURROGATE_TAIL or (code in LINE_BREAKS and is_generated(raw, index)):
            continue
        code = HYPHEN if code in PDFIUM_LINE_END_HYPHENS else code
        text_object = text_object_of(raw, index)
        key = bytes(text_object)  # the pointer's own bytes: a cheap key, even when it is NULL
        style = styles.get(key) or styles.setdefault(key, _text_style(raw, index, text_object, fonts))
        font, font_key, name, descent, size, aspect = style
        width = widths.get((font_key, size, aspect, code))
        if width is None:
            width = widths[font_key, size, aspect, code] = (
                _glyph_width(font, code, size) * aspect if code <= 0xFFFF else _loose_width(raw, index))
        origin_of(raw, index, x, y)
        if previous is not None and previous[1:4] == (font_key, x.value, y.value):
            right = _loose_right(raw, index)
            if previous[0] == key or right != _loose_right(raw, previous[4]) or chars[-1][1][-1] != chr(code):
                last = chars[-1]  # another letter of the same glyph: a ligature
                repairs["ligature"] += len(last[1]) == 1
                chars[-1] = (*last[:1], last[1] + chr(code), last[2], max(last[3], right), *last[4:])
            else:  # the same letter drawn again on top of itself
                repairs["overprint"] += 1
            continue
        previous = (key, font_key, x.value, y.value, index)
        bottom = height - y.value - descent * size
        chars.append((number, chr(code), x.value, x.value + width, bottom - size, bottom, name, size))
    repairs["overprint"] += _overprinted_runs(page, set(styles))
    textpage.close()


def _overprinted_runs(page, drawn: set[bytes]) -> int:
    """Text objects drawn again over another with a small offset (a bold look). pdfium leaves their
    characters out of the text page, as pdfplumber's `dedupe_chars` would: such an object gave no
    character (it is not in `drawn`, the text objects that did) while one that did lies within
    OVERPRINT_PT of its box. This counts them."""
    objects = [pdfium_c.FPDFPage_GetObject(page.raw, index)
               for index in range(pdfium_c.FPDFPage_CountObjects(page.raw))]
    text = [item for item in objects if pdfium_c.FPDFPageObj_GetType(item) == pdfium_c.FPDF_PAGEOBJ_TEXT]
    silent = [item for item in text if bytes(item) not in drawn]
    if not silent:
        return 0
    box = [ctypes.c_float() for _ in range(4)]

    def bounds(item) -> list[float]:
        pdfium_c.FPDFPageObj_GetBounds(item, *box)
        return [side.value for side in box]

    kept = np.array([bounds(item) for item in text if bytes(item) in drawn]).reshape(-1, 4)
    return sum(bool((np.abs(kept - edges).max(axis=1) <= OVERPRINT_PT).any())
               for edges in map(bounds, silent) if edges[2] - edges[0] > OVERPRINT_PT)


def _glyph_width(font, code: int, size: float) -> float:
    width = ctypes.c_float()
    pdfium_c.FPDFFont_GetGlyphWidth(font, code, size, width)
    return width.value


def _loose_right(textpage, index: int) -> float:
    box = pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(textpage, index, box)
    return box.right


def _loose_width(textpage, index: int) -> float:
    """The width of the character's loose box, for a character beyond the Basic Multilingual
    Plane: pdfium finds a glyph's width by its Unicode value only within that plane. (Elsewhere
    the glyph width is used: the loose box takes in a glyph's overhang, as in 'j'.)"""
    box = pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(textpage, index, box)
    return box.right - box.left


def _char_codes(textpage) -> list[int]:
    """Every character's code point, in one call. pdfium counts a character beyond the Basic
    Multilingual Plane as two, its UTF-16 surrogates: the pair's code point goes to the first and
    the second becomes SURROGATE_TAIL, to be skipped; a surrogate without its partner is U+FFFD
    (text with it could not be written as UTF-8)."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    buffer = (ctypes.c_ushort * (count + 1))()
    pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    codes = buffer[:count]
    surrogates = [index for index, code in enumerate(codes) if 0xD800 <= code <= 0xDFFF]
    for index in surrogates:
        code = codes[index]
        following = codes[index + 1] if index + 1 < count else None
        if 0xD800 <= code <= 0xDBFF and following is not None and 0xDC00 <= following <= 0xDFFF:
            codes[index] = 0x10000 + ((code - 0xD800) << 10) + (following - 0xDC00)
            codes[index + 1] = SURROGATE_TAIL
        elif code != SURROGATE_TAIL:
            codes[index] = REPLACEMENT_CHARACTER
    return codes


def _text_style(textpage, index: int, text_object, fonts: dict[bytes, tuple[str, float]]) -> tuple:
    """(font, font key, base name, descent per point of size, size, aspect) of a character's text
    object. The size is as printed, as pdfminer gives it: pdfium's font size times the vertical
    scale of the character's matrix (a page drawn at 0.75, as browsers print, would otherwise read
    a third too large); the aspect (horizontal over vertical scale) stretches glyph widths where
    text is squeezed or widened. A font's name and descent are looked up once per font; the name
    without its subset tag ('YCZAFJ+DejaVuSans'), so that glyphs a printer put in a second subset of
    the same font (ligatures, as pdftocairo does) stay in their word."""
    font = pdfium_c.FPDFTextObj_GetFont(text_object)
    key = bytes(font)
    if key not in fonts:
        length = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
        name = ctypes.create_string_buffer(length)
        pdfium_c.FPDFFont_GetBaseFontName(font, name, length)
        descent = ctypes.c_float()
        pdfium_c.FPDFFont_GetDescent(font, 1.0, descent)
        fonts[key] = SUBSET_TAG.sub("", name.value.decode("utf-8", "replace")), descent.value
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(textpage, index, matrix)
    size = pdfium_c.FPDFText_GetFontSize(textpage, index)
    vertical = math.hypot(matrix.c, matrix.d) or 1.0  # a degenerate matrix draws nothing visible
    return font, key, *fonts[key], size * vertical, math.hypot(matrix.a, matrix.b) / vertical


def _page_rulings(page, number: int, height: float) -> list[dict]:
    """Horizontal and vertical strokes, whether drawn as lines or as thin filled rectangles: the
    edges pdfplumber reports (lines, then rectangles' sides, then other paths' segments)."""
    lines, rects, curves = [], [], []
    for points, shape in _subpaths(page.raw):
        if shape in ("ml", "mlh"):
            lines.append(_edge(points[0], points[1]))
        elif shape in ("mlllh", "mllll") and _is_rectangle(points):
            rects.extend(_rectangle_edges(points))
        else:
            curves.extend(_edge(start, end) for start, end in zip(points, points[1:]))
    return [{"page": number, "x0": x0, "x1": x1, "top": height - y1, "bottom": height - y0}
            for x0, x1, y0, y1 in lines + rects + curves]


def _edge(start, end) -> tuple[float, float, float, float]:
    return min(start[0], end[0]), max(start[0], end[0]), min(start[1], end[1]), max(start[1], end[1])


def _is_rectangle(points) -> bool:
    """pdfminer's test: a closed loop of four axis-aligned sides."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), end = points
    square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
    return points[0] == end and square


def _rectangle_edges(points) -> list[tuple[float, float, float, float]]:
    x0, x1 = min(x for x, _ in points), max(x for x, _ in points)
    y0, y1 = min(y for _, y in points), max(y for _, y in points)
    return [(x0, x1, y1, y1), (x0, x1, y0, y0), (x0, x0, y0, y1), (x1, x1, y0, y1)]


def _subpaths(container, matrix=(1, 0, 0, 1, 0, 0), form: bool = False):
    """Every path's subpaths in page coordinates, as pdfminer splits and spells them: its points
    (a Bézier curve by its end point) and a shape such as 'mlllh' (h: closed back to the start).
    Form XObjects are entered, as pdfminer does."""
    count = pdfium_c.FPDFFormObj_CountObjects if form else pdfium_c.FPDFPage_CountObjects
    get = pdfium_c.FPDFFormObj_GetObject if form else pdfium_c.FPDFPage_GetObject
    for index in range(count(container)):
        item = get(container, index)
        kind = pdfium_c.FPDFPageObj_GetType(item)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield from _path_subpaths(item, _times(_matrix(item), matrix))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            yield from _subpaths(item, _times(_matrix(item), matrix), form=True)


def _path_subpaths(path, matrix):
    """pdfium keeps a path as points; a curve takes three (two control points, then its end)."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    points, shape, curve_points = [], "", 0
    for index in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if shape:
                yield points, shape
            points, shape, curve_points = [point], "m", 0
            continue
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            curve_points += 1
            if curve_points % 3:
                continue
            points.append(point)
            shape += "c"
        else:
            points.append(point)
            shape += "l"
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            # pdfium closes with a line back to the start; pdfminer spells that line 'h'
            if shape.endswith("l"):
                shape = shape[:-1] + "h"
            else:
                points.append(points[0])
                shape += "h"
    if shape:
        yield points, shape


def _matrix(item) -> tuple[float, ...]:
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(item, matrix)
    return matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f


def _times(inner, outer) -> tuple[float, ...]:
    """The matrix applying `inner`, then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F


def _read_pages(path: Path, page_count: int) -> tuple[pd.DataFrame, list[dict], dict[str, int]]:
    """Every page's words and rulings, read by pdfium, and how often each text repair fired."""
    chars: list[tuple] = []
    repairs = dict.fromkeys(TEXT_REPAIRS, 0)
    sizes: list[dict] = []
    rulings: list[dict] = []
    pdf = pdfium.PdfDocument(path)
    try:
        if len(pdf) != page_count:
            raise InputError(f"{path.name}: the PDF is damaged: its page tree is read as {page_count} pages "
                             f"and as {len(pdf)}")
        for number in range(1, page_count + 1):
            page = pdf[number - 1]
            width, height = _page_size(page)
            sizes.append({"page": number, "page_width": width, "page_height": height})
            _page_chars(page, number, height, chars, repairs)
            rulings.extend(_page_rulings(page, number, height))
            page.close()
    finally:
        pdf.close()
    words = words_from_chars(pd.DataFrame.from_records(chars, columns=CHAR_COLUMNS),
                             pd.DataFrame(sizes, columns=["page", "page_width", "page_height"]), repairs)
    return words, rulings, repairs


def read_document(path: Path, max_pages: int = MAX_PAGES) -> Document:
    """Parse every page of the PDF at `path`; raise InputError with a plain reason if it is unusable."""
    path = Path(path)
    check_file(path)
    try:
        page_count = check_structure(path, max_pages)
        words, rulings, repairs = _read_pages(path, page_count)
    except (InputError, MemoryError):
        raise
    except Exception as error:
        raise classified_error(path.name, error) from error
    if page_count == 0:
        raise InputError(f"{path.name}: the PDF has no pages")
    if words.empty:
        raise InputError(f"{path.name}: no text layer (a scanned or image-only PDF); OCR it first")
    return Document(
        path=path,
        sha256=file_sha256(path),
        page_count=page_count,
        words=words,
        rulings=pd.DataFrame(rulings, columns=RULING_COLUMNS),
        repairs=repairs,
    )
