"""Page furniture: the running headers and footers a document repeats near the top and bottom
edge of its pages. Neither a table nor running text, they are looked through when judging what
lies between two things on a page (a table and the next page's, a heading and a table)."""
from __future__ import annotations

import math

import pandas as pd

RUNNING_MARGIN = 0.12  # running headers/footers live in this share of the page at top and bottom
RUNNING_SHARE = 0.4  # ... and recur on at least this share of the pages (alternate pages may differ)


def near_edge(lines: pd.DataFrame) -> pd.Series:
    """Whether each line lies near the top or bottom edge of its page (`RUNNING_MARGIN`)."""
    return (lines["top"] < lines["page_height"] * RUNNING_MARGIN) | (
        lines["bottom"] > lines["page_height"] * (1 - RUNNING_MARGIN))


def line_key(texts: pd.Series) -> pd.Series:
    """A line's text with its numbers masked: 'Page 3' and 'Page 4' are one running footer."""
    return texts.str.replace(r"\d+", "#", regex=True)


def running_line_keys(lines: pd.DataFrame) -> set[str]:
    """Texts (`line_key`) that recur near the top or bottom edge of several pages: headers, footers."""
    edge = lines[near_edge(lines)]
    pages_per_key = edge.assign(key=line_key(edge["text"])).groupby("key")["page"].nunique()
    page_count = lines["page"].nunique()
    needed = max(2, min(3, page_count), math.ceil(RUNNING_SHARE * page_count))
    return set(pages_per_key[pages_per_key >= needed].index)


def running_line_mask(lines: pd.DataFrame) -> pd.Series:
    """Whether each line is a running header or footer: near its page's edge, its text recurring there."""
    keys = running_line_keys(lines)
    return near_edge(lines) & line_key(lines["text"]).isin(keys) if keys else pd.Series(False, index=lines.index)
