"""Locate: from a document's lines (`pdf.words.summarise_lines`) to its headings and table starts.

Pure functions over DataFrames. Nothing here knows a page number, a force or an area:
headings are found by style (bold, larger than the body text), running headers and
footers by repetition; the kinds' tables (`kind_tables`) say which lines are their header rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.tables.page_furniture import running_line_mask
from pipeline.kinds import DocumentKind


@dataclass(frozen=True)
class LocatedDocument:
    """A document's words with line ids (running headers/footers removed), its lines and headings."""

    name: str  # the file name, for messages
    kind: DocumentKind
    words: pd.DataFrame
    lines: pd.DataFrame
    headings: pd.DataFrame


def running_lines(lines: pd.DataFrame, table_header_lines: set[int]) -> set[int]:
    """Page headers and footers, to be dropped so that tables running over pages read as one.

    A running line recurs near the top or bottom edge of several pages and has only other
    running lines between it and that edge: a sentence that happens to recur right under each
    section's heading is text. A table's header row repeated at the top of every page is not a
    page header: the lines of the kinds' header rows (`table_header_lines`) are kept.
    """
    candidate = running_line_mask(lines) & ~lines["line"].isin(table_header_lines)
    if not candidate.any():
        return set()
    running = set()
    for _, page in lines.assign(candidate=candidate).sort_values("top").groupby("page", sort=False):
        flags, ids = page["candidate"].tolist(), page["line"].tolist()
        for order in (range(len(ids)), range(len(ids) - 1, -1, -1)):
            for index in order:
                if not flags[index]:
                    break
                running.add(ids[index])
    return running


COMMON_SIZE_SHARE = 0.05  # a font size carrying this share of the plain text is a text size


def largest_text_size(words: pd.DataFrame) -> float:
    """The largest font size that a fair share of the plain (not bold) text is set in.

    Paragraphs and table cells use such sizes; a heading is bold and larger than all of them.
    """
    plain = words[~words["bold"]] if (~words["bold"]).any() else words
    chars = plain.assign(chars=plain["text"].str.len()).groupby("size")["chars"].sum()
    common = chars[chars >= COMMON_SIZE_SHARE * chars.sum()]
    return float(common.index.max())


CAPTION = re.compile(r"^(table|figure|chart|exhibit)\s+\d+[a-z]?\s*[.:–-]", re.IGNORECASE)
CONTENTS_ENTRY = re.compile(r"(?:[.\u00b7\u2026]\s*){3,}\d+$")  # leader dots, then a page number


HEADING_STEP = 1.0  # points: a heading is bold and at least this much larger than any common text size


def heading_size(words: pd.DataFrame) -> float:
    """The smallest size of bold text that is a heading (see `largest_text_size`)."""
    return largest_text_size(words) + HEADING_STEP


SET_APART = 0.6  # of its size: the space above a bold line that heads a section however small it is set


def set_apart(lines: pd.DataFrame, table_lines: set[int]) -> pd.Series:
    """Bold lines that stand alone at the left margin, space and plain text above them, plain text or
    a table header row right below, worded as a title (a capital first, no full stop at the end): a
    heading set no larger than the text (or smaller) still looks so. Below it may be the next page's
    top: a printer that does not keep a heading with what follows leaves it alone at a page's foot.
    A bold line right under another ('Grade: Good' under its section's heading) is a label, not a
    heading."""
    ordered = lines.sort_values(["page", "top"])
    same_page_above = ordered["page"].eq(ordered["page"].shift())
    same_page_below = ordered["page"].eq(ordered["page"].shift(-1))
    next_page_below = ordered["page"].shift(-1).eq(ordered["page"] + 1)
    gap_above = (ordered["top"] - ordered["bottom"].shift()).where(same_page_above, float("inf"))
    next_bold = ordered["bold"].shift(-1, fill_value=True).astype(bool)
    wraps = (next_bold & ordered["size"].eq(ordered["size"].shift(-1)) & same_page_below
             & (ordered["top"].shift(-1) - ordered["bottom"] < 0.8 * ordered["size"]))  # a heading on two lines
    below_plain = ~next_bold | ordered["line"].shift(-1).isin(table_lines)
    margin = ordered.groupby("page")["x0"].transform("min")
    titled = ordered["text"].str.match(r"^[A-Z0-9]") & ~ordered["text"].str.endswith(".")  # not a sentence
    after_plain = ~(ordered["bold"].shift(fill_value=False).astype(bool) & same_page_above)  # not a heading's label
    alone = (ordered["bold"] & titled & after_plain & ~ordered["line"].isin(table_lines)
             & (gap_above >= SET_APART * ordered["size"])
             & (same_page_below | next_page_below) & (below_plain | wraps) & (ordered["x0"] - margin < 1.0))
    continued = alone.shift(fill_value=False) & wraps.shift(fill_value=False) & ~ordered["line"].isin(table_lines)
    return (alone | continued).reindex(lines.index)


def find_headings(lines: pd.DataFrame, heading_size: float, table_lines: set[int] = frozenset()) -> pd.DataFrame:
    """Bold lines at least `heading_size`, or set apart as headings are (`set_apart`), with wrapped
    heading lines joined into one heading; a caption ('Table 3: ...') names a table, not a section,
    however large it is printed, and a contents entry ('About the data . . . 33') names a section
    on another page."""
    candidates = lines[lines["bold"] & ((lines["size"] >= heading_size) | set_apart(lines, table_lines))
                       & ~lines["text"].str.match(CAPTION) & ~lines["text"].str.contains(CONTENTS_ENTRY)]
    headings = []
    for row in candidates.itertuples(index=False):
        previous = headings[-1] if headings else None
        if (previous is not None and previous["page"] == row.page and previous["size"] == row.size
                and row.top - previous["bottom"] < 0.8 * row.size):
            previous["text"] += " " + row.text
            previous["bottom"] = row.bottom
        else:
            headings.append({"page": row.page, "top": row.top, "bottom": row.bottom,
                             "size": row.size, "text": row.text})
    return pd.DataFrame(headings, columns=["page", "top", "bottom", "size", "text"])


CYCLE_PATTERN = re.compile(r"\b(20\d\d)\s*[-‐‑–—/\ufffd]\s*(?:20)?(\d\d)\b")


def cycle_of(text: str) -> str | None:
    """'2023-2025', '2023–25' or '2021/22' → '2023-25' / '2021-22'; a dash the PDF gives no text
    for (U+FFFD, see `text.normalise_text`) still joins the two years."""
    match = CYCLE_PATTERN.search(text)
    return f"{match.group(1)}-{match.group(2)}" if match else None


def mark_cycle_headings(headings: pd.DataFrame) -> pd.DataFrame:
    """Add `cycle`: set on the top-level headings that name an inspection cycle ('Section 1: ...
    2023-2025 PEEL reports'); a smaller heading naming a year range is an ordinary section."""
    cycles = headings["text"].map(cycle_of)
    naming = headings[cycles.notna()]
    top_size = naming["size"].max() if len(naming) else None
    return headings.assign(cycle=cycles.where(headings["size"] == top_size))


def heading_context(headings: pd.DataFrame, page: int, top: float) -> dict:
    """The section (nearest heading above) and cycle (nearest cycle heading above) at a point."""
    above = headings[(headings["page"] < page) | ((headings["page"] == page) & (headings["top"] < top))]
    section = above["text"].iloc[-1] if len(above) else None
    cycles = above["cycle"].dropna()
    return {"section": section, "cycle": cycles.iloc[-1] if len(cycles) else None}


def section_texts(headings: pd.DataFrame, lines: pd.DataFrame, table_extents: pd.DataFrame) -> pd.DataFrame:
    """The running text of each section inside a cycle: the lines between its heading and the
    next one, leaving out lines inside a table (`table_extents`: page, top, bottom of each part)."""
    page, top, bottom = (lines[column].to_numpy() for column in ("page", "top", "bottom"))
    position = page * 1e5 + top
    in_table = np.zeros(len(lines), dtype=bool)
    for extent in table_extents.itertuples(index=False):
        in_table |= (page == extent.page) & (top >= extent.top - 0.5) & (bottom <= extent.bottom + 0.5)
    texts, pages = lines["text"].tolist(), page.tolist()
    heading_positions = (headings["page"] * 1e5 + headings["top"]).to_numpy()
    sections = []
    cycle = None
    for index, heading in enumerate(headings.itertuples(index=False)):
        if pd.notna(heading.cycle):
            cycle = heading.cycle
            continue
        if cycle is None:
            continue
        start = heading.page * 1e5 + heading.bottom
        end = heading_positions[index + 1] if index + 1 < len(heading_positions) else float("inf")
        body = np.flatnonzero((position > start) & (position < end) & ~in_table).tolist()
        sections.append({"cycle": cycle, "section": heading.text, "page": heading.page,
                         "line_texts": tuple(texts[index] for index in body),
                         "line_pages": tuple(pages[index] for index in body)})
    return pd.DataFrame(sections, columns=["cycle", "section", "page", "line_texts", "line_pages"])
