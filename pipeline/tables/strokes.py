"""Ruling strokes: horizontal and vertical lines of a page, joined, and grouped into grids.

A stroke frame has columns x0, x1, top, bottom (points, `top` measured down from the page's
top edge, as pdfplumber does). Horizontal strokes have top == bottom, vertical x0 == x1.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from pdfplumber.table import merge_edges

from pipeline.tables.settings import DEFAULT, TableSettings

STROKE_COLUMNS = ["x0", "x1", "top", "bottom"]


def merged_strokes(edges: list[dict], tolerance: float) -> pd.DataFrame:
    """pdfplumber edges (its table finder's dicts) snapped and joined end to end by its own edge
    merging, with one `tolerance` (points) for both, within each run of edges that overlap or meet
    along their length (`overlapping_runs`): the column rules of two tables one above the other are
    not pulled to one position between them. A frame of STROKE_COLUMNS."""
    merged = [edge for run in overlapping_runs(edges, tolerance)
              for edge in merge_edges(run, snap_x_tolerance=tolerance, snap_y_tolerance=tolerance,
                                      join_x_tolerance=tolerance, join_y_tolerance=tolerance)]
    return pd.DataFrame([{key: float(e[key]) for key in STROKE_COLUMNS} for e in merged], columns=STROKE_COLUMNS,
                        dtype=float)


def overlapping_runs(edges: list[dict], tolerance: float) -> list[list[dict]]:
    """Edges of one orientation in runs whose extents along it overlap or come within `tolerance`."""
    start, end = ("top", "bottom") if edges and edges[0]["orientation"] == "v" else ("x0", "x1")
    runs: list[list[dict]] = []
    reach = -np.inf
    for edge in sorted(edges, key=lambda edge: edge[start]):
        if not runs or edge[start] > reach + tolerance:
            runs.append([])
            reach = -np.inf
        runs[-1].append(edge)
        reach = max(reach, edge[end])
    return runs


def page_strokes(rulings: pd.DataFrame, settings: TableSettings = DEFAULT) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(horizontal, vertical) strokes of one page's rulings, collinear pieces joined by pdfplumber's
    edge merging. A thin filled box counts as a line along its middle; the edges of shading set
    inside a cell are no strokes (see `line_shading`)."""
    rulings = rulings.drop(line_shading(rulings, settings))
    width = rulings["x1"] - rulings["x0"]
    height = rulings["bottom"] - rulings["top"]
    thin = settings.stroke_max_width_pt
    flat = rulings[(height < thin) & (width >= settings.stroke_min_length_pt)]
    upright = rulings[(width < thin) & (height >= settings.stroke_min_length_pt)]
    h_edges = [{"x0": x0, "x1": x1, "top": (t + b) / 2, "bottom": (t + b) / 2, "doctop": (t + b) / 2,
                "width": x1 - x0, "height": 0.0, "orientation": "h"}
               for x0, x1, t, b in zip(flat["x0"], flat["x1"], flat["top"], flat["bottom"])]
    v_edges = [{"x0": (x0 + x1) / 2, "x1": (x0 + x1) / 2, "top": t, "bottom": b, "doctop": t, "width": 0.0,
                "height": b - t, "orientation": "v"}
               for x0, x1, t, b in zip(upright["x0"], upright["x1"], upright["top"], upright["bottom"])]
    return merged_strokes(h_edges, settings.stroke_join_pt), merged_strokes(v_edges, settings.stroke_join_pt)


def page_boxes(rulings: pd.DataFrame) -> list[tuple[float, float, float, float, list]]:
    """The rectangles among a page's rulings: a top and a bottom edge and two sides that meet at
    their corners exactly (as a drawn box gives them). One (x0, x1, top, bottom, labels) per box,
    `labels` the index labels in `rulings` of its edges (of every copy of a box drawn twice)."""
    flat: dict[tuple, list] = {}
    upright: dict[tuple, list] = {}
    for label, x0, x1, top, bottom in zip(rulings.index.tolist(), *(rulings[c].tolist() for c in STROKE_COLUMNS)):
        if top == bottom and x1 > x0:
            flat.setdefault((x0, x1, top), []).append(label)
        elif x0 == x1 and bottom > top:
            upright.setdefault((x0, top, bottom), []).append(label)
    sides: dict[tuple, list[float]] = {}
    for x, top, bottom in upright:
        sides.setdefault((x, top), []).append(bottom)
    boxes = []
    for (x0, x1, top), upper in flat.items():
        for bottom in sides.get((x0, top), ()):
            right, lower = upright.get((x1, top, bottom)), flat.get((x0, x1, bottom))
            if right is not None and lower is not None:
                boxes.append((x0, x1, top, bottom, upper + upright[(x0, top, bottom)] + right + lower))
    return boxes


def line_shading(rulings: pd.DataFrame, settings: TableSettings = DEFAULT) -> list:
    """Index labels of the edges of boxes that sit inside another box, just within its sides
    (`shade_inset_pt` at most, as a cell's padding) and no taller: the fill a word processor
    lays behind each line or paragraph of a shaded cell. Their edges fall between the lines of
    one cell and would part it into rows; the cell's own box keeps its edges."""
    thin = settings.stroke_max_width_pt
    boxes = [box for box in page_boxes(rulings) if box[1] - box[0] >= thin and box[3] - box[2] >= thin]
    if len(boxes) < 2:
        return []
    x0, x1, top, bottom = (np.array([box[k] for box in boxes])[:, None] for k in range(4))
    slack, inset = settings.shade_slack_pt, settings.shade_inset_pt
    left, right = x0 - x0.T, x1.T - x1
    inside = ((left > slack) & (left <= inset) & (right > slack) & (right <= inset)
              & (top >= top.T - slack) & (bottom <= bottom.T + slack))
    return [label for box, nested in zip(boxes, inside.any(axis=1)) if nested for label in box[4]]


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def stroke_grids(horizontal: pd.DataFrame, vertical: pd.DataFrame,
                 settings: TableSettings = DEFAULT) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """Groups of strokes that touch or cross each other (within `stroke_touch_pt`), as
    (horizontal, vertical) pairs, keeping those with enough lines to be a table's ruling
    (`grid_min_lines` one way, `grid_min_other` the other): a lone frame around a text box is not."""
    n_h = len(horizontal)
    if n_h == 0 or len(vertical) == 0:
        return []
    tol = settings.stroke_touch_pt
    hx0, hx1, hy = (horizontal[c].to_numpy() for c in ("x0", "x1", "top"))
    vx, vt, vb = (vertical[c].to_numpy() for c in ("x0", "top", "bottom"))
    touch = ((vx[None, :] >= hx0[:, None] - tol) & (vx[None, :] <= hx1[:, None] + tol)
             & (hy[:, None] >= vt[None, :] - tol) & (hy[:, None] <= vb[None, :] + tol))
    parent = list(range(n_h + len(vertical)))
    for i, j in zip(*np.nonzero(touch)):
        a, b = _find(parent, int(i)), _find(parent, n_h + int(j))
        if a != b:
            parent[a] = b
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(n_h + len(vertical)):
        hs, vs = groups.setdefault(_find(parent, i), ([], []))
        (hs if i < n_h else vs).append(i if i < n_h else i - n_h)
    grids = []
    for hs, vs in groups.values():
        rows = len(distinct(hy[hs], tol)) if hs else 0
        cols = len(distinct(vx[vs], tol)) if vs else 0
        if min(rows, cols) >= settings.grid_min_other and max(rows, cols) >= settings.grid_min_lines:
            grids.append((horizontal.iloc[hs], vertical.iloc[vs]))
    return grids


def distinct(values, tolerance: float) -> list[float]:
    """Sorted values with those within `tolerance` of the previous kept one dropped."""
    kept: list[float] = []
    for value in sorted(float(v) for v in values):
        if not kept or value - kept[-1] > tolerance:
            kept.append(value)
    return kept
