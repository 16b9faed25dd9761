"""Characters their clip cuts through at the foot or head of a page's printed area.

A browser that breaks a table row inside a line (Chromium) clips that line at the foot of the
page's printed area and prints it whole on the next page. The tops of its tall letters show
above the clip's edge as a sliver, and pdfium reads them as a line of their own ('P li' for
'Police'). A character cut by the top or bottom edge of its text object's clip with less than
half of it showing is not what the page shows. Characters wholly outside their clip, or cut at
its sides (a word wider than its cell), are left as the file holds them.
"""
from __future__ import annotations

import ctypes
from itertools import repeat

import numpy as np

from pipeline.pdf import pdfium_calls as calls

SHOWING = 0.5  # a character cut by its clip's edge with less than this share of its height showing is hidden
PAGE_EDGE = 0.15  # ... where it lies within this share of the page's height from its top or bottom


def clip_heights(objects: list[int]) -> dict[int, tuple[float, float]]:
    """Per text object (address), the bottom and top of its clip path's box (PDF space, y up), for
    those with a clip of any extent."""
    heights = {}
    for handle in objects:
        clip = calls.clip_path_of(handle)
        if not clip:
            continue
        ys = []
        x, y = ctypes.c_float(), ctypes.c_float()
        for path in range(calls.clip_path_count(clip)):
            for segment in range(max(calls.clip_segment_count(clip, path), 0)):
                point = calls.clip_segment_at(clip, path, segment)
                calls.segment_point(point, ctypes.addressof(x), ctypes.addressof(y))
                ys.append(y.value)
        if ys and max(ys) > min(ys):
            heights[handle] = (min(ys), max(ys))
    return heights


def cut_by_clips(textpage: int, kept: np.ndarray, objects: np.ndarray, y: np.ndarray, sizes: np.ndarray,
                 page_height: float) -> np.ndarray:
    """Which characters near the page's top or bottom (`kept`: their indexes in `textpage`;
    `objects`: their text objects; `y`: their baselines; `sizes`: their font sizes) their clip's
    top or bottom edge cuts with less than SHOWING of them above or below it. Only the text objects
    there are asked for their clips (a browser clips every one)."""
    hidden = np.zeros(len(kept), dtype=bool)
    near_edge = (y < PAGE_EDGE * page_height) | (y > (1 - PAGE_EDGE) * page_height)
    heights = clip_heights(np.unique(objects[near_edge]).tolist())
    if not heights:
        return hidden
    bottom = np.array([heights.get(handle, (-np.inf, np.inf))[0] for handle in objects.tolist()])
    top = np.array([heights.get(handle, (-np.inf, np.inf))[1] for handle in objects.tolist()])
    crossing = ((y - sizes < top) & (y + sizes > top)) | ((y - sizes < bottom) & (y + sizes > bottom))
    near = np.flatnonzero(near_edge & crossing)
    if not len(near):
        return hidden
    boxes, (left, right, low, high) = calls.slots(len(near), 4, np.float64)
    calls.called(calls.char_box_at, repeat(textpage), kept[near].tolist(), left, right, low, high)
    low_y, high_y = boxes[:, 2], boxes[:, 3]
    height = high_y - low_y
    cut = ((low_y < bottom[near]) & (high_y > bottom[near])) | ((low_y < top[near]) & (high_y > top[near]))
    showing = np.minimum(high_y, top[near]) - np.maximum(low_y, bottom[near])
    hidden[near] = cut & (height > 0) & (showing < SHOWING * np.where(height > 0, height, 1.0))
    return hidden
