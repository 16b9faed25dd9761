"""Words a narrow column broke at its edge with no hyphen ('Respondin' / 'g to the public').

A browser or word processor that cannot fit a word in its column starts it on a line of its own,
runs it to the column's edge and carries the rest to the next line, where it opens in lower case.
Geometry alone cannot tell that from a long word that happens to fill its column ('supporting' /
'and'), so such a pair is only a candidate (`broken_word_pairs`); it is mended where the document
prints the joined word elsewhere and not both pieces as words of their own (`mend_broken_words`).
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

from pipeline.pdf.text import WORD_EDGES

EDGE_GLYPHS = 1.5  # the piece before the break ends within this many glyph widths of its column's edge


def word_key(text: str) -> str:
    """How a word is looked up in a vocabulary: casefolded, punctuation at its edges stripped."""
    return text.strip(WORD_EDGES).casefold()


def broken_word_pairs(words: pd.DataFrame, right_edges: dict[int, float],
                      cell: tuple[str, ...] = ("row", "col")) -> list[tuple[int, int]]:
    """(stem, piece) index pairs of `words` (with col, top, bottom, x0, x1, text and the `cell`
    columns): in one cell, a line of one word ending in a letter, run to within a glyph or so of its
    column's right edge (`right_edges`: the furthest any word of the column reaches), and the next
    line of the cell opening with a lower-case letter."""
    if words.empty:
        return []
    frame = with_cell_lines(words, cell)
    keys = [frame[c].to_numpy() for c in cell]
    line = frame["cell_line"].to_numpy()
    starts = np.flatnonzero(np.r_[True, line[1:] != line[:-1]])  # each cell line's first word
    one_word = np.diff(np.r_[starts, len(frame)]) == 1
    next_in_cell = np.logical_and.reduce([key[starts[1:]] == key[starts[:-1]] for key in keys])
    text, x0, x1 = (frame[c].to_numpy() for c in ("text", "x0", "x1"))
    column = frame["col"].to_numpy()
    pairs = []
    for upper in np.flatnonzero(one_word[:-1] & next_in_cell):
        stem, piece = starts[upper], starts[upper + 1]
        if not (text[stem][-1:].isalpha() and text[piece][:1].islower()):
            continue
        glyph = max((x1[stem] - x0[stem]) / len(text[stem]), (x1[piece] - x0[piece]) / len(text[piece]))
        if x1[stem] >= right_edges.get(column[stem], np.inf) - EDGE_GLYPHS * glyph:
            pairs.append((frame.index[stem], frame.index[piece]))
    return pairs


def broken_over_page(foot: pd.DataFrame, rest: pd.DataFrame, first_row: int) -> list[tuple[int, str, str]]:
    """(column, stem, piece) of the words a page break may have broken in a row it cut: in a column,
    the last row's cell at a page's foot (`foot`: its table's cells) ending in a letter, run to
    within a glyph or so of its column's right edge, and the first body row's cell (`first_row`)
    of the table's rest on the next page (`rest`'s cells) opening with a lower-case letter."""
    if foot.empty or rest.empty:
        return []
    single = foot[foot["col_span"] == 1]
    edges = single.groupby("col")["x1"].max()
    last = foot[foot["row"] == foot["row"].max()].set_index("col")
    opening = rest[rest["row"] == first_row].set_index("col")
    pairs = []
    for col in last.index.intersection(opening.index).intersection(edges.index):
        text, x0, x1 = last.at[col, "text"], last.at[col, "x0"], last.at[col, "x1"]
        stem, piece = text.split()[-1:], opening.at[col, "text"].split()[:1]
        if not stem or not piece or not (stem[0][-1:].isalpha() and piece[0][:1].islower()):
            continue
        glyph = (x1 - x0) / len(stem[0])  # its widest line over the stem's letters: a glyph or more
        if x1 >= edges[col] - EDGE_GLYPHS * glyph:
            pairs.append((int(col), stem[0], piece[0]))
    return pairs


def with_cell_lines(words: pd.DataFrame, cell: tuple[str, ...]) -> pd.DataFrame:
    """`words` in reading order cell by cell, each with its line in its cell (`cell_line`, numbered
    across cells): a word opens a line where it starts below the middle of the word above it. Taken
    from the cell's own words, not the page's lines: where cells are set at staggered heights (a
    header row's cells centred in it) a page line can chain two lines of one cell into one."""
    by_top = words.iloc[np.lexsort((words["top"].to_numpy(),) + tuple(words[c].to_numpy() for c in cell[::-1]))]
    keys = [by_top[c].to_numpy() for c in cell]
    top, bottom = by_top["top"].to_numpy(), by_top["bottom"].to_numpy()
    same_cell = np.logical_and.reduce([key[1:] == key[:-1] for key in keys])
    opens = np.r_[True, ~same_cell | (top[1:] > (top[:-1] + bottom[:-1]) / 2)]
    lined = by_top.assign(cell_line=np.cumsum(opens))
    return lined.iloc[np.lexsort((lined["x0"].to_numpy(), lined["cell_line"].to_numpy()))]


def known_words(texts, candidates: list[tuple[str, str]], extra: frozenset[str] = frozenset()) -> frozenset[str]:
    """The words a document prints more often elsewhere than as a candidate piece of a broken word
    (`texts`: all its words; `candidates`: the (stem, piece) texts of `broken_word_pairs`), and
    the words `extra` names (what a caller knows its documents print). More often, not at all: a
    piece broken where no candidate was read (a table part a reader missed, a cell whose stem shares
    its line) is still a piece. Only the words a candidate can ask about (`vouched`: the pieces and
    the joined word) are counted: most documents give no candidate, and then nothing is."""
    as_pieces = Counter(word_key(text) for pair in candidates for text in pair)
    asked = set(as_pieces) | {word_key(stem + piece) for stem, piece in candidates}
    printed = Counter(key for key in map(word_key, texts) if key in asked) if asked else Counter()
    return frozenset(word for word, count in printed.items() if count > 2 * as_pieces[word]) | extra


def vouched(stem: str, piece: str, known: frozenset[str]) -> bool:
    """Whether a candidate pair is one word: the joined word is `known`, its pieces not both."""
    return word_key(stem + piece) in known and not (word_key(stem) in known and word_key(piece) in known)


def mend_cell_texts(cells: pd.DataFrame, pairs: list[tuple[str, str]],
                    known: frozenset[str]) -> tuple[pd.DataFrame, int]:
    """`cells` (of a table the general reader read, its wrapped lines joined by a space) with each
    candidate pair's text (`pairs`: the (stem, piece) texts of `broken_word_pairs` in its cells)
    made one word where the document vouches for it (`vouched`); and how many words were mended."""
    mends = {(stem, piece) for stem, piece in pairs if vouched(stem, piece, known)}
    if not mends:
        return cells, 0
    texts, count = cells["text"].tolist(), 0
    for stem, piece in mends:
        broken = re.compile(rf"(?<!\S){re.escape(stem)} {re.escape(piece)}(?!\S)")
        for index, text in enumerate(texts):
            texts[index], found = broken.subn(stem + piece, text)
            count += found
    return cells.assign(text=texts), count


def mend_broken_words(words: pd.DataFrame, pairs: list[tuple[int, int]],
                      known: frozenset[str]) -> tuple[pd.DataFrame, int]:
    """`words` with each candidate pair whose joined word is `known`, and whose pieces are not
    both known words, made one word on the stem's line, its box taking in the piece's (the cell
    still covers every line it prints); and how many were mended."""
    mended, pieces = [], set()
    for stem, piece in pairs:
        if stem not in pieces and vouched(words.at[stem, "text"], words.at[piece, "text"], known):
            mended.append((stem, piece))
            pieces.add(piece)
    if not mended:
        return words, 0
    words = words.copy()
    for stem, piece in mended:
        words.at[stem, "text"] = words.at[stem, "text"] + words.at[piece, "text"]
        for edge, widest in (("x0", min), ("x1", max), ("top", min), ("bottom", max)):
            words.at[stem, edge] = widest(words.at[stem, edge], words.at[piece, edge])
    return words.drop(index=list(pieces)), len(mended)
