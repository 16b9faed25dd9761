"""Characters into words by pdfplumber's `extract_words` rules (its defaults: 3 pt tolerances,
font name and size kept as word attributes), on whole columns at once, with two rules added: for
lines of small text, and for the spaces pdfium drops.

pdfplumber's `WordExtractor` builds a dictionary per character and walks them in Python; on a
compendium of 190,000 characters that was a third of the read. The rules are the same:

1. characters are taken in runs of the same font name and size, in the order the page draws them;
2. within a run, their tops are clustered into lines (sorted distinct tops; a gap of more than
   `Y_TOLERANCE` starts a new line, and so does, in a chain of tops spanning more than that, a
   top that far below the one that opened its line: `split_chained_lines`), and each line is
   ordered left to right;
3. a blank character ends a word; so does a character that starts left of the previous one,
   more than `X_TOLERANCE` right of its end, or more than `Y_TOLERANCE` above or below its top.

Two rules are added. In text smaller than 7.5 pt a gap of more than `LINE_SHARE` of the size
between tops starts a new line (3 pt is more than half the size of 5.6 pt text: lines of cells
centred vertically, a few points apart, would chain into one and interleave letter by letter).
And a gap wider than `SPACE_SHARE` of the font size also ends a word. pdfium
drops a PDF's own space characters and infers its own, and where its line analysis fails (as
on pages Chromium prints one glyph at a time) it infers none, leaving only the gap a narrow
space leaves (a quarter of the size, less than 3 pt in 9 pt text). Within a word, glyphs sit
within a few hundredths of the size of each other (kerning), so the rule changes nothing on
the PDFs pdfplumber itself reads with their spaces. Both gap rules are measured beyond the
line's own letter spacing (`letter_spacing`), so a letter-spaced heading stays in words.

Ligatures such as 'ﬁ' are left as they are: `text.normalise_text` (NFKC) expands them.

`tests/test_reading.py` checks the result against pdfplumber's own extractor on real pages.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
SPACE_SHARE = 0.15  # of the font size: narrower than any font's space, wider than any kerning
LINE_TOLERANCE = 0.35  # words whose tops differ by less than this many font sizes share a line (assign_lines)
LINE_SHARE = 0.4  # of the font size: tops further apart are other lines, in text too small for Y_TOLERANCE
MAX_TRACKING = 0.5  # of the font size: the widest letter spacing a heading is given
MIN_TRACKED_PAIRS = 4  # neighbouring letters a line needs before its letter spacing is measured
WHITESPACE = [chr(code) for code in range(0x3001) if chr(code).isspace()]  # none lies beyond U+3000
CHAR_COLUMNS = ["page", "text", "x0", "x1", "top", "bottom", "fontname", "size"]
WORD_COLUMNS = CHAR_COLUMNS


def group_words(chars: pd.DataFrame) -> pd.DataFrame:
    """One row per word: its page, text, bounding box and the font name and size of its first
    character. `chars` may hold many pages, in page order; no word crosses a page."""
    return grouped_words(chars)[0]


def grouped_words(chars: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """`group_words`, and how many of the lines were letter-spaced."""
    if chars.empty:
        return pd.DataFrame(columns=WORD_COLUMNS), 0
    line = line_numbers(chars)
    order = grouped_order(line, chars["x0"].to_numpy())
    line, text = line[order], chars["text"].to_numpy(dtype=object)[order]
    x0, x1 = chars["x0"].to_numpy()[order], chars["x1"].to_numpy()[order]
    top, bottom = chars["top"].to_numpy()[order], chars["bottom"].to_numpy()[order]
    blank = pd.Series(text, dtype=object).isin(WHITESPACE).to_numpy()
    follows = np.zeros(len(text), dtype=bool)  # continues the word of the character before it
    size = chars["size"].to_numpy()[order]
    tracking, word_gap = letter_spacing(line, x0, x1, blank, size), np.minimum(X_TOLERANCE, SPACE_SHARE * size)
    gap_limit = word_gap + tracking
    follows[1:] = ((line[1:] == line[:-1]) & ~blank[:-1] & (x0[1:] >= x0[:-1])
                   & ~(x0[1:] > x1[:-1] + gap_limit[:-1]) & ~(np.abs(top[1:] - top[:-1]) > Y_TOLERANCE))
    letters = order[~blank]
    starts = np.flatnonzero(~follows[~blank])
    ends = np.append(starts[1:], len(letters))
    letter_text = text[~blank].tolist()
    first = letters[starts]
    words = pd.DataFrame({
        "page": chars["page"].to_numpy()[first],
        "text": pd.Series(["".join(letter_text[start:end]) for start, end in zip(starts.tolist(), ends.tolist())],
                          dtype=object),
        "x0": np.minimum.reduceat(x0[~blank], starts),
        "x1": np.maximum.reduceat(x1[~blank], starts),
        "top": np.minimum.reduceat(top[~blank], starts),
        "bottom": np.maximum.reduceat(bottom[~blank], starts),
        "fontname": pd.Series(chars["fontname"].to_numpy(dtype=object)[first], dtype=object),
        "size": chars["size"].to_numpy()[first],
    })
    return words, len(np.unique(line[tracking > word_gap]))  # lines that would have fallen apart into letters


def letter_spacing(line: np.ndarray, x0: np.ndarray, x1: np.ndarray, blank: np.ndarray,
                   size: np.ndarray) -> np.ndarray:
    """The space a line adds after every letter (tracking, as in a letter-spaced heading
    'O v e r a l l'), for each character (in line order): the median gap between neighbouring
    letters of its line, where most neighbours are letters of one word. Ordinary text has a median
    gap of about nothing. A median wider than `MAX_TRACKING` of the size is not tracking but
    columns of one-letter cells, and counts as none."""
    same_line = np.r_[False, (line[1:] == line[:-1]) & ~blank[1:] & ~blank[:-1]]
    gaps = pd.Series(np.where(same_line, x0 - np.r_[x1[:1], x1[:-1]], np.nan))
    by_line = gaps.groupby(line)
    median = by_line.transform("median").fillna(0.0).clip(lower=0.0).to_numpy()
    measured = by_line.transform("count").to_numpy() >= MIN_TRACKED_PAIRS
    return np.where(measured & (median <= MAX_TRACKING * size), median, 0.0)


def grouped_order(groups: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The order that sorts by `groups` (whole numbers), then by `values` within a group, ties
    kept in their order: `np.lexsort((values, groups))`, as one stable sort of one key (each
    group's values shifted past the last group's), which runs in a fraction of the time on
    characters that mostly come in order already."""
    if not len(values):
        return np.arange(0)
    low = float(values.min())
    return np.argsort(groups * (float(values.max()) - low + 1.0) + (values - low), kind="stable")


def line_numbers(chars: pd.DataFrame) -> np.ndarray:
    """Each character's line, numbered in reading order: runs of one page, font name and size in
    drawing order, and within a run, clusters of tops no more than Y_TOLERANCE apart."""
    style_changes = (chars["page"].ne(chars["page"].shift()) | chars["fontname"].ne(chars["fontname"].shift())
                     | chars["size"].ne(chars["size"].shift()))
    run = np.cumsum(style_changes.to_numpy())
    top = chars["top"].to_numpy()
    by_top = grouped_order(run, top)
    sorted_top, sorted_run = top[by_top], run[by_top]
    tolerance = np.minimum(Y_TOLERANCE, LINE_SHARE * chars["size"].to_numpy(dtype=float)[by_top])
    new_line = np.ones(len(chars), dtype=bool)
    new_line[1:] = (sorted_run[1:] != sorted_run[:-1]) | (sorted_top[1:] > sorted_top[:-1] + tolerance[1:])
    split_chained_lines(sorted_top, tolerance, new_line)
    line = np.empty(len(chars), dtype=np.int64)
    line[by_top] = np.cumsum(new_line)
    return line


def split_chained_lines(tops: np.ndarray, tolerance: np.ndarray, new_line: np.ndarray) -> None:
    """Where sorted tops chain into one line over more than its tolerance (cells centred vertically
    set their lines at every height, each a point or two from the next), part the chain where a
    top lies more than the tolerance below the top that opened its line (`new_line` is updated in
    place). Lines of whole-size steps apart would otherwise interleave letter by letter. A chain
    within the tolerance, the usual case, is left as pdfplumber clusters it."""
    starts = np.flatnonzero(new_line)
    ends = np.r_[starts[1:], len(tops)]
    chained = tops[ends - 1] - tops[starts] > tolerance[starts]
    for start, end in zip(starts[chained].tolist(), ends[chained].tolist()):
        anchor = tops[start]
        for at, (top, slack) in enumerate(zip(tops[start + 1:end].tolist(), tolerance[start + 1:end].tolist()),
                                          start=start + 1):
            if top > anchor + slack:
                new_line[at], anchor = True, top


def assign_lines(words: pd.DataFrame) -> pd.DataFrame:
    """Give each word a `line` id: words on the same page whose tops (almost) coincide with the
    top of the line's first word. Returned in line order, each line left to right."""
    page, top, x0 = (words[column].to_numpy() for column in ("page", "top", "x0"))
    by_top = np.lexsort((x0, top, page))  # stable: ties keep the words' order
    line_ids = np.empty(len(words), dtype=np.int64)
    line = -1
    last_page, line_top = None, None
    for at, (word_page, word_top, size) in enumerate(zip(page[by_top].tolist(), top[by_top].tolist(),
                                                          words["size"].to_numpy()[by_top].tolist())):
        if word_page != last_page or word_top - line_top > LINE_TOLERANCE * size:
            line += 1
            last_page, line_top = word_page, word_top
        line_ids[at] = line
    line_ids = nearest_line(line_ids, page[by_top], top[by_top], words["size"].to_numpy()[by_top])
    by_line = grouped_order(line_ids, x0[by_top])
    return words.iloc[by_top[by_line]].assign(line=line_ids[by_line]).reset_index(drop=True)


def nearest_line(line_ids: np.ndarray, page: np.ndarray, top: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Each word (in order of top) moved to the next line where that line's top lies nearer its own
    than its line's does, within `LINE_TOLERANCE`: a glyph of another font set a little higher than
    its line (a bullet whose box the fallback font's ascent lifts) is taken first by a line of
    another column that happens to lie just above it (a centred cell's lines interleave)."""
    if not len(line_ids):
        return line_ids
    starts = np.flatnonzero(np.r_[True, np.diff(line_ids) != 0])
    line_top, line_page = top[starts], page[starts]
    nxt = np.minimum(line_ids + 1, len(starts) - 1)
    own_gap = top - line_top[line_ids]
    next_gap = line_top[nxt] - top
    move = ((nxt != line_ids) & (line_page[nxt] == page) & (next_gap >= 0) & (next_gap < own_gap)
            & (next_gap <= LINE_TOLERANCE * size))
    return np.where(move, nxt, line_ids)


def summarise_lines(words: pd.DataFrame) -> pd.DataFrame:
    """One row per line: its text, box, font size and whether every word is bold."""
    grouped = words.groupby("line", sort=True)
    ordered = words.sort_values("line", kind="stable")  # each line's words together, in their order
    texts = ordered["text"].tolist()
    ends = np.flatnonzero(np.diff(ordered["line"].to_numpy(), append=np.inf)) + 1
    return pd.DataFrame({
        "page": grouped["page"].first(),
        "top": grouped["top"].min(),
        "bottom": grouped["bottom"].max(),
        "x0": grouped["x0"].min(),
        "x1": grouped["x1"].max(),
        "size": grouped["size"].max(),
        "bold": grouped["bold"].all(),
        "text": pd.Series([" ".join(texts[start:end]) for start, end in zip(np.r_[0, ends[:-1]], ends)],
                          index=grouped["page"].first().index, dtype=object),
        "page_height": grouped["page_height"].first(),
    }).reset_index()
