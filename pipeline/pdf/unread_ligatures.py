"""Ligatures a PDF gives no text for, spelled from their widths and the words they stand in.

A font printed to PostScript and distilled again can lose the text of its glyphs past the first
part a printer driver splits it into ('o\ufffdenders': a browser's 'ﬀ' is a glyph numbered in the
thousands, in a part of its own; `glyph_numbers.unread_parts`). Text engines draw the standard
ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ) in place of letters a word has, and each is about as wide as those letters
together, measured on the plain 'f', 'i' and 'l' of the same font. An unread glyph is spelled as
a ligature only where every word it stands in has a letter beside it and no digit ('£' stands
before digits, '•' and '–' alone), and its width leaves one ligature in play, or words decide
among those it leaves: the words the document prints elsewhere, else English words, else the
letters English sets around those letters. Otherwise it stays unread (U+FFFD), which
`unreadable_text` reports.

Each unread glyph is marked on its page by a private code per glyph of its font
(`mark_unread_glyphs`), so that all its uses in the document are weighed together
(`spell_unread_ligatures`).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.pdf.text import UNREADABLE
from pipeline.pdf.words import WHITESPACE

FIRST_MARK = 0xF0000  # supplementary private use area A: codes no font of a PDF maps text to
LIGATURE_LETTERS = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
WIDTH_TOLERANCE = 0.12  # a ligature is this close to its letters' summed width (tighter or looser by its design)
LIGATURE_PATTERN = re.compile("ffi|ffl|ff|fi|fl")  # the longest first, as a text engine ligates
SAME_LINE = 0.3  # of the size: characters whose tops differ by less are on one line (fonts differ in descent)


@dataclass
class UnreadGlyphs:
    """The glyphs a document's PDF gives no text for, gathered page by page: the private code each
    is marked by (per font and code), the font each belongs to (a font split into parts is one
    font; a font with no name is known on its page only), and the widths per point of size of
    that font's plain 'f', 'i' and 'l', and of each glyph itself."""
    marks: dict[tuple, str] = field(default_factory=dict)
    fonts: dict[str, str] = field(default_factory=dict)
    letters: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    widths: dict[str, list[float]] = field(default_factory=dict)  # per private code, its advances as drawn


def mark_unread_glyphs(text: np.ndarray, unread: np.ndarray, glyph_keys: list[tuple], fonts: list[str],
                       per_point: np.ndarray, seen: UnreadGlyphs) -> np.ndarray:
    """The characters' text, each `unread` one (U+FFFD) written as the private code of its glyph
    (`glyph_keys`: font part and code); the widths of those glyphs and of the plain 'f', 'i' and
    'l' of their fonts (`fonts`) added to `seen` (`per_point`: each character's advance as drawn,
    per point of size; NaN where no letter follows it on its line)."""
    if not unread.any():
        return text
    text = text.copy()
    unread_at = np.flatnonzero(unread).tolist()
    for index in unread_at:
        key = glyph_keys[index]
        if key not in seen.marks:
            seen.marks[key] = chr(FIRST_MARK + len(seen.marks))
            seen.fonts[seen.marks[key]] = fonts[index]
        text[index] = seen.marks[key]
        if np.isfinite(per_point[index]):
            seen.widths.setdefault(seen.marks[key], []).append(float(per_point[index]))
    wanted = {fonts[index] for index in unread_at}
    for index in np.flatnonzero(np.isin(text, ["f", "i", "l"])).tolist():
        if fonts[index] in wanted and np.isfinite(per_point[index]):
            seen.letters.setdefault((fonts[index], text[index]), []).append(float(per_point[index]))
    return text


def is_mark(text: str) -> bool:
    """Whether a character is a private code such as `mark_unread_glyphs` writes."""
    return len(text) == 1 and ord(text) >= FIRST_MARK


def spell_unread_ligatures(chars: pd.DataFrame, seen: UnreadGlyphs) -> tuple[pd.DataFrame, int]:
    """The document's characters (`chars_frame`) with each glyph marked in `seen` spelled as the
    ligature it is (see the module's docstring) or U+FFFD, and how many characters were spelled.
    Glyphs their width alone spells go first: the words they make are evidence for the others."""
    texts = chars["text"].tolist()
    marked = [index for index, text in enumerate(texts) if text in seen.fonts]
    if not marked:
        return chars, 0
    words = words_around(chars)
    glyph_widths = {mark: float(np.median(seen.widths[mark])) if mark in seen.widths else float("nan")
                    for mark in dict.fromkeys(texts[index] for index in marked)}
    vocabulary = {word.casefold() for word in words if word.isalpha()}
    spelled: dict[str, str] = {}
    for _ in range(2):
        for mark, width in glyph_widths.items():
            if spelled.get(mark, UNREADABLE) != UNREADABLE:
                continue
            letters = {letter: float(np.median(seen.letters[seen.fonts[mark], letter]))
                       if (seen.fonts[mark], letter) in seen.letters else None for letter in "fil"}
            spelled[mark] = ligature_of(mark, width, letters, [word for word in words if mark in word], vocabulary)
        as_letters = {ord(mark): LIGATURE_LETTERS.get(ligature, ligature) for mark, ligature in spelled.items()}
        vocabulary |= {word.translate(as_letters).casefold() for word in words if not word.isalpha()}
    read = sum(spelled[texts[index]] != UNREADABLE for index in marked)
    texts = [spelled.get(text, text) for text in texts]
    return chars.assign(text=pd.Series(texts, index=chars.index, dtype=object)), int(read)


def ligature_of(mark: str, width: float, letter_widths: dict[str, float | None], words: list[str],
                vocabulary: set[str]) -> str:
    """The ligature an unread glyph (`mark`, `width` per point of size) is, or U+FFFD: see the
    module's docstring. `words`: the words it is printed in. Where its width leaves several in
    play, the words decide: those the document prints, else English words, else the letters
    English sets around each (`EnglishWords`), three either side, then two, then one. Where the
    font prints no plain 'f', 'i' or 'l' to measure against (a page of names), every ligature is
    in play, and only whole words decide."""
    if not words or not all(stands_in_letters(mark, word) for word in words):
        return UNREADABLE
    measured = not np.isnan(width) and all(letter_widths[letter] is not None for letter in "fil")
    if measured:
        summed = {ligature: sum(letter_widths[letter] for letter in letters)
                  for ligature, letters in LIGATURE_LETTERS.items()}
        in_play = [ligature for ligature, total in summed.items() if abs(width - total) <= WIDTH_TOLERANCE * total]
    else:
        in_play = list(LIGATURE_LETTERS)
    if len(in_play) <= 1:
        return in_play[0] if in_play else UNREADABLE
    spelt = {ligature: [word.replace(mark, LIGATURE_LETTERS[ligature]).casefold() for word in words]
             for ligature in in_play}
    english = english_words()
    evidence = [lambda ligature: sum(word in vocabulary for word in spelt[ligature]),
                lambda ligature: sum(word in english.words for word in spelt[ligature])]
    evidence += [lambda ligature, reach=reach: sum(english.sets_in_context(mark, LIGATURE_LETTERS[ligature], word, reach)
                                                   for word in words) for reach in CONTEXT_REACH if measured]
    for score in evidence:
        scores = {ligature: score(ligature) for ligature in in_play}
        ranked = sorted(scores.values(), reverse=True)
        if ranked[0] > 0:
            return max(scores, key=scores.get) if ranked[0] > ranked[1] else UNREADABLE
    return UNREADABLE


def stands_in_letters(mark: str, word: str) -> bool:
    """Whether each use of `mark` in the word has a letter beside it and no digit: a ligature's
    letters belong to a word ('sta\ufffd's', 'well-de\ufffdned'); '£' stands before digits, and
    '•' and '–' alone."""
    padded = f" {word} "
    for at in (index for index, char in enumerate(padded) if char == mark):
        beside = padded[at - 1] + padded[at + 1]
        if any(char.isdigit() for char in beside) or not any(char.isalpha() or is_mark(char) for char in beside):
            return False
    return True


@dataclass(frozen=True)
class EnglishWords:
    """The English words with ligature letters (`data/ligature_words.txt`), and the letters each
    sets around them, `reach` letters either side ('^' and '$' pad a word's ends)."""
    words: frozenset[str]
    contexts: frozenset[tuple[str, str]]

    def sets_in_context(self, mark: str, letters: str, word: str, reach: int) -> int:
        """At how many of its places in the word `mark` read as `letters` stands between letters
        English words set those letters between."""
        padded = f"{'^' * reach}{word.casefold()}{'$' * reach}"
        return sum((letters, padded[at - reach:at] + padded[at + 1:at + 1 + reach]) in self.contexts
                   for at, char in enumerate(padded) if char == mark)


CONTEXT_REACH = (3, 2, 1)  # letters either side weighed, the most first


@functools.lru_cache(maxsize=1)
def english_words() -> EnglishWords:
    words = frozenset(line for line in (Path(__file__).parent / "data" / "ligature_words.txt")
                      .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))
    contexts = set()
    for reach in CONTEXT_REACH:
        for word in words:
            padded = f"{'^' * reach}{word}{'$' * reach}"
            for match in LIGATURE_PATTERN.finditer(padded):
                contexts.add((match.group(), padded[match.start() - reach:match.start()]
                              + padded[match.end():match.end() + reach]))
    return EnglishWords(words, frozenset(contexts))


def words_around(chars: pd.DataFrame) -> list[str]:
    """The document's words as its characters run (a space, a new line or page ends one), edge
    punctuation stripped: the context each marked glyph is printed in."""
    texts = chars["text"].tolist()
    page, top, size = (chars[column].to_numpy() for column in ("page", "top", "size"))
    new_line = np.r_[True, (page[1:] != page[:-1]) | (np.abs(top[1:] - top[:-1]) >= SAME_LINE * size[1:])].tolist()
    pieces = []
    for text, starts in zip(texts, new_line):
        pieces.append((" " if starts else "") + (" " if text in WHITESPACE else text))
    return [word.strip("\"'“”‘’()[],.;:!?") for word in "".join(pieces).split()]

