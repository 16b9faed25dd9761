"""What pdfium gives of one page, as plain geometry: its characters, boxed as pdfminer boxes them
for pdfplumber's word rules, and its rulings, as pdfplumber reports edges.

pdfium is asked per character only for what differs per character (its text object and origin),
through ctypes functions that take and return plain addresses: on a 50-page report that loop is
most of the read. Everything per text object, font or glyph is looked up once.
"""
from __future__ import annotations

import ctypes
import math
import re

import numpy as np
import pandas as pd
import pypdfium2.raw as pdfium_c

from pipeline.words import CHAR_COLUMNS

SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")  # the prefix of an embedded font subset's name
OVERPRINT_PT = 2.0  # how far a bold look's second drawing is set off from the first
ROOM_TOLERANCE = 0.1  # points: a space ending no further than this past the letter before it takes no room
LOST_GLYPH_RATIO = 1.5  # a loose box this many times wider than the glyph's advance ...
LOST_GLYPH_SLACK = 0.05  # ... and this share of the size more: pdfium found the wrong glyph;
LOST_GLYPH_SHARE = 0.3  # ... for this share of a font's glyphs: pdfium cannot find its glyphs at all
HYPHEN = ord("-")
PDFIUM_LINE_END_HYPHENS = (2, 0xFFFE)  # pdfium's marks for a hyphen that ends a line (GetUnicode, GetText)
LINE_BREAKS = (ord("\r"), ord("\n"))  # the only characters besides spaces that pdfium infers
SURROGATE_TAIL = -1  # the second half of a character pdfium counts twice (see _char_codes)
REPLACEMENT_CHARACTER = 0xFFFD


def page_size(page) -> tuple[float, float]:
    """The MediaBox's size: pdfplumber measures `top` down from its height."""
    left, bottom, right, top = page.get_mediabox()
    return right - left, top - bottom


def _by_address(function):
    """`function` as a ctypes function that takes and returns pdfium's handles as plain addresses
    (ints): pypdfium2's bindings wrap every handle in a pointer object, which on a per-character
    loop costs more than the call."""
    def plain(kind):
        return ctypes.c_void_p if kind is not None and kind.__name__.startswith("LP_struct_fpdf_") else kind
    prototype = ctypes.CFUNCTYPE(plain(function.restype), *map(plain, function.argtypes))
    return prototype(ctypes.cast(function, ctypes.c_void_p).value)


def _address(handle) -> int | None:
    return ctypes.cast(handle, ctypes.c_void_p).value


_text_object_at = _by_address(pdfium_c.FPDFText_GetTextObject)
_origin_at = _by_address(pdfium_c.FPDFText_GetCharOrigin)
_loose_box_at = _by_address(pdfium_c.FPDFText_GetLooseCharBox)
_matrix_at = _by_address(pdfium_c.FPDFText_GetMatrix)
_font_size_at = _by_address(pdfium_c.FPDFText_GetFontSize)
_is_generated = _by_address(pdfium_c.FPDFText_IsGenerated)
_font_of = _by_address(pdfium_c.FPDFTextObj_GetFont)
_glyph_width_of = _by_address(pdfium_c.FPDFFont_GetGlyphWidth)
_descent_of = _by_address(pdfium_c.FPDFFont_GetDescent)
_base_font_name = _by_address(pdfium_c.FPDFFont_GetBaseFontName)
_object_count = _by_address(pdfium_c.FPDFPage_CountObjects)
_object_at = _by_address(pdfium_c.FPDFPage_GetObject)
_object_type = _by_address(pdfium_c.FPDFPageObj_GetType)
_object_bounds = _by_address(pdfium_c.FPDFPageObj_GetBounds)


def page_chars(page, number: int, height: float, repairs: dict[str, int]) -> pd.DataFrame:
    """The page's characters (CHAR_COLUMNS), boxed as pdfminer boxes them for pdfplumber's word
    rules: from the baseline, the font's descent and size, and the character's width (pdfium's own
    boxes hug the glyph, which would part a 'g' from its word). pdfium reads them several times
    faster than pdfminer. The line breaks it infers (`IsGenerated`) are left out; its inferred
    spaces are kept, as it marks a space drawn on its own as inferred too. Letters drawn by one
    glyph (a ligature: 'ff' from one 'ﬀ' glyph) share its origin: they become one character as
    wide as that glyph's box, as pdfminer gives it; the same letter drawn again at the same place
    by another text object (and so with the same box) is dropped. Both are counted in `repairs`."""
    textpage = page.get_textpage()
    address = _address(textpage.raw)
    codes = _char_codes(textpage.raw)
    kept = [index for index, code in enumerate(codes) if code != SURROGATE_TAIL
            and not (code in LINE_BREAKS and _is_generated(address, index))]
    codes = [HYPHEN if codes[index] in PDFIUM_LINE_END_HYPHENS else codes[index] for index in kept]
    objects, x, y = _origins(address, kept)
    style, styles = _text_styles(address, kept, objects)
    font, descent, size, names = (np.array([item[field] for item in styles] or [0], dtype=dtype)[style]
                                  for field, dtype in ((0, object), (2, float), (3, float), (1, object)))
    text = [chr(code) for code in codes]
    right = x + _char_widths(address, kept, codes, style, styles, objects, x, y)
    keep = _merge_shared_origins(address, kept, objects, font, x, y, text, right, repairs)
    keep &= ~_spaces_without_room(text, x, right, y)
    bottom = height - y - descent * size
    repairs["overprint"] += _overprinted_runs(_address(page.raw), set(objects))
    textpage.close()
    return pd.DataFrame({"page": number, "text": np.array(text, dtype=object)[keep], "x0": x[keep],
                         "x1": right[keep], "top": (bottom - size)[keep], "bottom": bottom[keep],
                         "fontname": names[keep], "size": size[keep]}, columns=CHAR_COLUMNS)


def _origins(textpage: int, indexes: list[int]) -> tuple[list, np.ndarray, np.ndarray]:
    """Each character's text object (its address) and origin: the one loop over every character."""
    x, y = ctypes.c_double(), ctypes.c_double()
    at_x, at_y = ctypes.byref(x), ctypes.byref(y)
    objects, xs, ys = [], [], []
    for index in indexes:
        objects.append(_text_object_at(textpage, index))
        _origin_at(textpage, index, at_x, at_y)
        xs.append(x.value)
        ys.append(y.value)
    return objects, np.array(xs, dtype=float), np.array(ys, dtype=float)


def _text_styles(textpage: int, kept: list[int], objects: list) -> tuple[np.ndarray, list[tuple]]:
    """Each character's style (an index into the list returned with it): (font, base name,
    descent per point of size, size, aspect) of its text object, asked of pdfium once per object.
    The size is as printed, as pdfminer gives it: pdfium's font size times the vertical scale of
    the character's matrix (a page drawn at 0.75, as browsers print, would otherwise read a third
    too large); the aspect (horizontal over vertical scale) stretches glyph widths where text is
    squeezed or widened. A font's name and descent are looked up once per font; the name without
    its subset tag ('YCZAFJ+DejaVuSans'), so that glyphs a printer put in a second subset of the
    same font (ligatures, as pdftocairo does) stay in their word."""
    fonts: dict[int | None, tuple[str, float]] = {}
    style_of: dict[int | None, int] = {}
    styles: list[tuple] = []
    matrix = pdfium_c.FS_MATRIX()
    for index, text_object in zip(kept, objects):
        if text_object in style_of:
            continue
        style_of[text_object] = len(styles)
        font = _font_of(text_object)
        if font not in fonts:
            fonts[font] = _font_name_and_descent(font)
        _matrix_at(textpage, index, ctypes.byref(matrix))
        vertical = math.hypot(matrix.c, matrix.d) or 1.0  # a degenerate matrix draws nothing visible
        size = _font_size_at(textpage, index) * vertical
        styles.append((font, *fonts[font], size, math.hypot(matrix.a, matrix.b) / vertical))
    return np.array([style_of[text_object] for text_object in objects], dtype=np.int64), styles


def _font_name_and_descent(font: int | None) -> tuple[str, float]:
    length = _base_font_name(font, None, 0)
    name = ctypes.create_string_buffer(length)
    _base_font_name(font, name, length)
    descent = ctypes.c_float()
    _descent_of(font, 1.0, ctypes.byref(descent))
    return SUBSET_TAG.sub("", name.value.decode("utf-8", "replace")), descent.value


def _char_widths(textpage: int, kept: list[int], codes: list[int], style: np.ndarray, styles: list[tuple],
                 objects: list, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each character's glyph advance, stretched by its text's aspect, asked of pdfium once per
    font, size, aspect and glyph. pdfium finds the glyph by its Unicode value, which fails beyond
    the Basic Multilingual Plane (the loose box's width stands in) and in a font subset a printer
    re-encoded, where it finds another glyph or none: many glyphs far narrower than their own
    loose boxes (measured from the character's code, but hugging the glyph's ink) give such a
    font away, and its glyphs' advances are measured instead (`measured_advances`)."""
    if not kept:
        return np.zeros(0, dtype=float)
    metric_of: dict[tuple, int] = {}  # styles that share a font, size and aspect share widths
    metric = np.array([metric_of.setdefault((font, size, aspect), len(metric_of))
                       for font, _, _, size, aspect in styles], dtype=np.int64)[style]
    glyph = metric * 0x110000 + np.array(codes, dtype=np.int64)
    _, first, inverse = np.unique(glyph, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    width = ctypes.c_float()
    advances, looses, fonts = [], [], []
    for position in first.tolist():
        font, _, _, size, aspect = styles[style[position]]
        box = _loose_box(textpage, kept[position])
        looses.append(box.right - box.left)
        fonts.append(font)
        if codes[position] <= 0xFFFF:
            _glyph_width_of(font, codes[position], size, ctypes.byref(width))
            advances.append(width.value * aspect)
        else:
            advances.append(looses[-1])
    advance, loose = np.array(advances, dtype=float), np.array(looses, dtype=float)
    sizes = np.array([styles[style[position]][3] for position in first.tolist()], dtype=float)
    wrong = pd.Series(loose > LOST_GLYPH_RATIO * advance + LOST_GLYPH_SLACK * sizes).groupby(fonts).mean()
    lost = set(wrong.index[wrong >= LOST_GLYPH_SHARE])
    if lost:
        measured = measured_advances(inverse, len(first), codes, objects, x, y)
        in_lost = np.array([font in lost for font in fonts])
        plausible = measured <= sizes  # a step wider than an em spans a gap, not a glyph
        advance = np.where(in_lost, np.where(plausible, measured, loose), advance)
    return advance[inverse]


def measured_advances(glyph: np.ndarray, glyphs: int, codes: list[int], objects: list, x: np.ndarray,
                      y: np.ndarray) -> np.ndarray:
    """Per glyph (`glyph`: each character's glyph number, of `glyphs`), the median step from its
    origin to the next letter's in the same text object and line (its advance, with any letter
    spacing); NaN for a glyph never followed so. A step over a space is no advance, unless pdfium put
    the space at the next letter's origin (it infers them where its own widths leave a gap)."""
    letters = np.flatnonzero([not chr(code).isspace() for code in codes])
    here, there = letters[:-1], letters[1:]
    drawn_by = np.array(objects, dtype=object)
    step = x[there] - x[here]
    # next to each other, or apart only by a space pdfium put at the next letter's origin (no room)
    touching = (there == here + 1) | ((there == here + 2) & (x[np.minimum(here + 1, len(x) - 1)] == x[there]))
    follows = touching & (drawn_by[here] == drawn_by[there]) & (y[here] == y[there]) & (step > 0)
    medians = pd.Series(step[follows]).groupby(glyph[here][follows]).median()
    measured = np.full(glyphs, np.nan)
    measured[medians.index.to_numpy(dtype=np.int64)] = medians.to_numpy()
    return measured


def _loose_box(textpage: int, index: int):
    """The character's loose box: it takes in a glyph's overhang, as in 'j'."""
    box = pdfium_c.FS_RECTF()
    _loose_box_at(textpage, index, ctypes.byref(box))
    return box


def _merge_shared_origins(textpage: int, kept: list[int], objects: list, font: np.ndarray, x: np.ndarray,
                          y: np.ndarray, text: list[str], right: np.ndarray, repairs: dict[str, int]) -> np.ndarray:
    """Characters drawn at the origin of the one before in the same font: letters of one glyph
    (a ligature) join the first, as wide as the glyph's loose box; the same letter drawn again over
    itself by another text object is dropped, and so is a space at the origin of the letter after
    it (pdfium infers one wherever its own widths leave a gap, even where the text has none). `text` and `right` are updated in place; returns
    which characters remain."""
    keep = np.ones(len(kept), dtype=bool)
    shared = np.zeros(len(kept), dtype=bool)
    shared[1:] = (font[1:] == font[:-1]) & (x[1:] == x[:-1]) & (y[1:] == y[:-1])
    first = 0
    for index in np.flatnonzero(shared).tolist():
        if not shared[index - 1]:
            first = index - 1
        if text[first].isspace():  # a space pdfium inferred where the next letter starts takes no room
            keep[first] = False
            first = index
            continue
        loose = _loose_box(textpage, kept[index]).right
        if (objects[first] == objects[index] or loose != _loose_box(textpage, kept[first]).right
                or text[first][-1] != text[index]):
            repairs["ligature"] += len(text[first]) == 1
            text[first] += text[index]
            right[first] = max(right[first], loose)
        else:
            repairs["overprint"] += 1
        keep[index] = False
    return keep


def _spaces_without_room(text: list[str], x: np.ndarray, right: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Spaces that lie wholly inside the letter before them on the same baseline: pdfium inferred
    them from its own glyph widths (a font whose glyphs it cannot find), where the text has no gap."""
    blank = np.array([char.isspace() for char in text], dtype=bool)
    inside = np.zeros(len(text), dtype=bool)
    inside[1:] = blank[1:] & ~blank[:-1] & (y[1:] == y[:-1]) & (right[1:] <= right[:-1] + ROOM_TOLERANCE)
    return inside


def _overprinted_runs(page: int, drawn: set[int | None]) -> int:
    """Text objects drawn again over another with a small offset (a bold look). pdfium leaves their
    characters out of the text page, as pdfplumber's `dedupe_chars` would: such an object gave no
    character (it is not in `drawn`, the text objects that did) while one that did lies within
    OVERPRINT_PT of its box. This counts them."""
    objects = [_object_at(page, index) for index in range(_object_count(page))]
    text = [item for item in objects if _object_type(item) == pdfium_c.FPDF_PAGEOBJ_TEXT]
    silent = [item for item in text if item not in drawn]
    if not silent:
        return 0
    box = [ctypes.c_float() for _ in range(4)]
    sides = [ctypes.byref(side) for side in box]

    def bounds(item: int) -> list[float]:
        _object_bounds(item, *sides)
        return [side.value for side in box]

    kept = np.array([bounds(item) for item in text if item in drawn]).reshape(-1, 4)
    return sum(bool((np.abs(kept - edges).max(axis=1) <= OVERPRINT_PT).any())
               for edges in map(bounds, silent) if edges[2] - edges[0] > OVERPRINT_PT)


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


def page_rulings(page, number: int, height: float) -> list[dict]:
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


