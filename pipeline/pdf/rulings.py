"""A page's rulings, as pdfplumber reports edges: every horizontal and vertical stroke, whether
drawn as a line, as a side of a rectangle (a thin filled one is a rule too) or as a segment of
another path, in page coordinates (`top` measured down from the page's top)."""
from __future__ import annotations

import ctypes

import numpy as np
import pypdfium2.raw as pdfium_c

from pipeline.pdf import pdfium_calls as calls


def page_rulings(page, number: int, height: float,
                 page_objects: tuple[list[int], np.ndarray] | None = None) -> list[dict]:
    """Horizontal and vertical strokes, whether drawn as lines or as thin filled rectangles: the
    edges pdfplumber reports (lines, then rectangles' sides, then other paths' segments).
    `page_objects`: the page's objects and their kinds (`pdfium_calls.page_objects`), if listed already."""
    lines, rects, curves = [], [], []
    for points, shape in _subpaths(page_objects or calls.page_objects(calls.address(page.raw))):
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


def _subpaths(objects: tuple[list[int], np.ndarray], matrix=(1, 0, 0, 1, 0, 0)):
    """Every path's subpaths among `objects` (addresses and kinds), in page coordinates, as pdfminer
    splits and spells them: its points (a Bézier curve by its end point) and a shape such as
    'mlllh' (h: closed back to the start). Form XObjects are entered, as pdfminer does."""
    for item, kind in zip(objects[0], objects[1].tolist()):
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield from _path_subpaths(item, _times(_matrix(item), matrix))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            yield from _subpaths(calls.form_objects(item), _times(_matrix(item), matrix))


def _path_subpaths(path, matrix):
    """pdfium keeps a path as points; a curve takes three (two control points, then its end)."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    points, shape, curve_points = [], "", 0
    for index in range(calls.segment_count(path)):
        segment = calls.segment_at(path, index)
        kind = calls.segment_type(segment)
        calls.segment_point(segment, ctypes.byref(x), ctypes.byref(y))
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
        if calls.segment_closes(segment):
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
    calls.object_matrix(item, ctypes.byref(matrix))
    return matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f


def _times(inner, outer) -> tuple[float, ...]:
    """The matrix applying `inner`, then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F


