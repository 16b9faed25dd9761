"""pdfium's C functions as plain ctypes functions of addresses, so that a call made once per
character, glyph or page object can be mapped over them in C, pdfium writing its answers straight
into numpy arrays (`slots`). pypdfium2's own bindings wrap every handle in a pointer object, which
costs more than the call itself: on a 50-page report the per-character calls are most of a read.
"""
from __future__ import annotations

import ctypes
from itertools import repeat

import numpy as np
import pypdfium2.raw as pdfium_c


def by_address(function):
    """`function` as a ctypes function that takes every pointer (pdfium's handles, the places it
    writes its answers to) and returns a handle as a plain address, an int (0 for none):
    pypdfium2's bindings wrap each in a pointer object, which costs more than the call; with plain
    addresses a per-character call can be mapped over the characters without a Python loop."""
    def is_pointer(kind) -> bool:
        return isinstance(kind, type) and issubclass(kind, ctypes._Pointer)
    restype = ctypes.c_size_t if is_pointer(function.restype) else function.restype
    arguments = [ctypes.c_void_p if is_pointer(kind) else kind for kind in function.argtypes]
    return ctypes.CFUNCTYPE(restype, *arguments)(ctypes.cast(function, ctypes.c_void_p).value)


def address(handle) -> int | None:
    return ctypes.cast(handle, ctypes.c_void_p).value


text_object_at = by_address(pdfium_c.FPDFText_GetTextObject)
origin_at = by_address(pdfium_c.FPDFText_GetCharOrigin)
unicode_at = by_address(pdfium_c.FPDFText_GetUnicode)
loose_box_at = by_address(pdfium_c.FPDFText_GetLooseCharBox)
char_box_at = by_address(pdfium_c.FPDFText_GetCharBox)
matrix_at = by_address(pdfium_c.FPDFText_GetMatrix)
font_size_at = by_address(pdfium_c.FPDFText_GetFontSize)
is_generated = by_address(pdfium_c.FPDFText_IsGenerated)
has_unicode_map_error = by_address(pdfium_c.FPDFText_HasUnicodeMapError)
font_of = by_address(pdfium_c.FPDFTextObj_GetFont)
glyph_width_of = by_address(pdfium_c.FPDFFont_GetGlyphWidth)
descent_of = by_address(pdfium_c.FPDFFont_GetDescent)
ascent_of = by_address(pdfium_c.FPDFFont_GetAscent)
base_font_name = by_address(pdfium_c.FPDFFont_GetBaseFontName)
font_data = by_address(pdfium_c.FPDFFont_GetFontData)
object_count = by_address(pdfium_c.FPDFPage_CountObjects)
object_at = by_address(pdfium_c.FPDFPage_GetObject)
object_type = by_address(pdfium_c.FPDFPageObj_GetType)
object_bounds = by_address(pdfium_c.FPDFPageObj_GetBounds)
object_matrix = by_address(pdfium_c.FPDFPageObj_GetMatrix)
form_object_count = by_address(pdfium_c.FPDFFormObj_CountObjects)
form_object_at = by_address(pdfium_c.FPDFFormObj_GetObject)
segment_count = by_address(pdfium_c.FPDFPath_CountSegments)
segment_at = by_address(pdfium_c.FPDFPath_GetPathSegment)
segment_type = by_address(pdfium_c.FPDFPathSegment_GetType)
segment_point = by_address(pdfium_c.FPDFPathSegment_GetPoint)
segment_closes = by_address(pdfium_c.FPDFPathSegment_GetClose)
clip_path_of = by_address(pdfium_c.FPDFPageObj_GetClipPath)
clip_path_count = by_address(pdfium_c.FPDFClipPath_CountPaths)
clip_segment_count = by_address(pdfium_c.FPDFClipPath_CountPathSegments)
clip_segment_at = by_address(pdfium_c.FPDFClipPath_GetPathSegment)


def slots(count: int, fields: int, dtype) -> tuple[np.ndarray, list[range]]:
    """A (count, fields) array for pdfium to write its answers into, and per field the addresses
    of its slots, one per row: a call mapped over `count` items writes each item's row."""
    values = np.zeros((count, fields), dtype=dtype)
    row, start = fields * values.itemsize, values.ctypes.data  # (an empty array has no strides)
    return values, [range(start + field * values.itemsize, start + field * values.itemsize + row * count, row)
                    for field in range(fields)]


def called(function, *arguments) -> np.ndarray:
    """`function` mapped over `arguments` in C (no Python loop), with what each call returned."""
    return np.fromiter(map(function, *arguments), dtype=np.int64)


def page_objects(page: int) -> tuple[list[int], np.ndarray]:
    """A page's objects (their addresses) and their kinds (FPDF_PAGEOBJ_TEXT, _PATH, ...)."""
    objects = called(object_at, repeat(page), range(object_count(page))).tolist()
    return objects, called(object_type, objects)


def form_objects(form: int) -> tuple[list[int], np.ndarray]:
    """A Form XObject's objects and their kinds, as `page_objects`."""
    objects = called(form_object_at, repeat(form), range(form_object_count(form))).tolist()
    return objects, called(object_type, objects)
