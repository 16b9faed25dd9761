"""Page furniture: the running headers and footers a document repeats near the top and bottom
edge of its pages. Neither a table nor running text, they are looked through when judging what
lies between two things on a page (a table and the next page's, a heading and a table)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

RUNNING_MARGIN = 0.12  # running headers/footers live in this share of the page at top and bottom
RUNNING_SHARE = 0.4  # ... and recur on at least this share of the pages (alternate pages may differ)
RUNNING_SLACK_PT = 1.0  # ... each at one distance from the page's edge, within this


def near_edge(lines: pd.DataFrame) -> pd.Series:
    """Whether each line lies near the top or bottom edge of its page (`RUNNING_MARGIN`)."""
    return (lines["top"] < lines["page_height"] * RUNNING_MARGIN) | (
        lines["bottom"] > lines["page_height"] * (1 - RUNNING_MARGIN))


def line_key(texts: pd.Series) -> pd.Series:
    """A line's text with its numbers masked: 'Page 3' and 'Page 4' are one running footer."""
    return texts.str.replace(r"\d+", "#", regex=True)


def edge_distance(lines: pd.DataFrame) -> pd.Series:
    """How far each line lies from the nearer of its page's top and bottom edges (points)."""
    return np.minimum(lines["top"], lines["page_height"] - lines["bottom"])


def running_line_mask(lines: pd.DataFrame) -> pd.Series:
    """Whether each line is a running header or footer: near its page's edge (`RUNNING_MARGIN`), its
    text (`line_key`) recurring at one distance from the edge (within `RUNNING_SLACK_PT`) on several
    pages (`RUNNING_SHARE`, two or three at least). A page template sets them where it set them on
    every page; a table's header row left at three pages' feet lies a little higher or lower on each."""
    page_count = lines["page"].nunique()
    needed = max(2, min(3, page_count), math.ceil(RUNNING_SHARE * page_count))
    edge = lines[near_edge(lines)]
    edge = edge.assign(key=line_key(edge["text"]), distance=edge_distance(edge))
    mask = pd.Series(False, index=lines.index)
    for _, same in edge.groupby("key"):
        if same["page"].nunique() < needed:
            continue
        distance, pages = same["distance"].to_numpy(float), same["page"].to_numpy()
        for at in np.unique(distance):
            near = np.abs(distance - at) <= RUNNING_SLACK_PT
            if len(np.unique(pages[near])) >= needed:
                mask.loc[same.index[near]] = True
    return mask
