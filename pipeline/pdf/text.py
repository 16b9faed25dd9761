"""Text clean-up shared by the stages: Unicode normalisation and joining wrapped lines."""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata


UNREADABLE = "\ufffd"  # a glyph the PDF gives no text for


def normalise_text(text: str) -> str:
    """NFKC (which also expands ligatures such as 'ﬁ'), soft hyphens removed, spaces collapsed,
    and control characters shown as U+FFFD: a PDF whose font maps a glyph to no text (as a
    re-distilled PDF can for a dash) yields a bare glyph code such as U+0001."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    if any(unicodedata.category(char) == "Cc" for char in text):
        text = "".join(UNREADABLE if unicodedata.category(char) == "Cc" and not char.isspace() else char
                       for char in text)
    return " ".join(text.split())


LIGATURES = tuple(chr(0xFB00 + k) for k in range(5))  # 'ﬀ', 'ﬁ', 'ﬂ', 'ﬃ', 'ﬄ'
# the last two letters of a three-letter ligature ('ffi', 'ffl') written as one swapped unit of their sum
GHOSTSCRIPT_SUMMED = {(ord("f") + ord(last)) << 8: "f" + last for last in "il"}


def slipped_ligatures(mapped: set[str] = frozenset()) -> dict[int, str]:
    """Which ligature each code Ghostscript counts up from U+00FB stands for: the ligatures its maps
    to Unicode do not hold right (`mapped`: see `unicode_maps.py`), in their standard order. 'û' is
    'ﬀ' where no map holds a ligature right, and 'ﬁ' where the maps hold 'ﬀ' and 'ﬃ' (URW's CFF
    fonts: 'beneûts' is 'benefits')."""
    return {0x00FB + k: ligature for k, ligature in enumerate(lig for lig in LIGATURES if lig not in mapped)}


UNMAPPED_SLIPS = slipped_ligatures()  # where no map holds a ligature right: 'û' is 'ﬀ'


def undo_ghostscript_unicode(text: str) -> str:
    """A word as its letters, where Ghostscript's pdfwrite wrote its fonts' maps to Unicode wrongly:
    an entry of several letters as UTF-16 with each unit's bytes swapped ('ff' as U+6600 U+6600,
    read '昀昀'), an entry of three letters as two such units, the second holding the sum of the
    last two letters ('ffi' as U+6600 U+CF00: 0x66 + 0x69 = 0xCF), and a run of ligatures from
    U+FB00 counted up from U+00FB ('ﬀ' as 'û', 'ﬁ' as 'ü', where no map holds a ligature right;
    a document whose maps do are spelled before its words are made: `unicode_maps.py`). Only inside
    a word that also has ASCII letters: a CJK character or a 'û' there can only be such a slip. A letter of a script
    without case (CJK, Hangul) left there after that is a slip that cannot be undone (Ghostscript
    wrote another glyph's bytes): its text is lost, and it becomes U+FFFD, which `unreadable_text`
    reports."""
    if text.isascii() or not any(char.isascii() and char.isalpha() for char in text):
        return text
    mended = []
    for char in text:
        code = ord(char)
        swapped = code >> 8
        if code & 0xFF == 0 and chr(swapped).isascii() and chr(swapped).isalpha():
            mended.append(chr(swapped))
        elif code in GHOSTSCRIPT_SUMMED:
            mended.append(GHOSTSCRIPT_SUMMED[code])
        elif code in UNMAPPED_SLIPS:
            mended.append(UNMAPPED_SLIPS[code])
        else:
            mended.append(UNREADABLE if unicodedata.category(char) == "Lo" else char)
    return "".join(mended)


WORD_CLOSING_SLASH = re.compile(r"\S/$")  # 'CI/' a line ends in, as a browser breaks 'CI/Supt'


def join_wrapped(parts: list[str]) -> str:
    """Join wrapped pieces of text with single spaces; a piece ending in a hyphen, or in a slash
    closing its last word, joins without one (a browser may break a line after 'CI/' of 'CI/Supt',
    where 'Sgt /' of 'Sgt / Insp' was set with a space)."""
    return _joined_with_starts(parts)[0]


def _joined_with_starts(parts) -> tuple[str, list[int]]:
    """`join_wrapped`'s text, and where each non-empty piece starts in it."""
    pieces, starts, length = [], [], 0
    for part in parts:
        if not part:
            continue
        glue = "" if not pieces or pieces[-1].endswith("-") or WORD_CLOSING_SLASH.search(pieces[-1]) else " "
        starts.append(length + len(glue))
        pieces.append(glue + part)
        length += len(glue) + len(part)
    return "".join(pieces), starts


SENTENCE_ENDS = (".", "!", "?")  # text stopping without one of these runs on (a cell a page break cut)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


@functools.lru_cache(maxsize=256)
def sentences(line_texts: tuple[str, ...], line_pages: tuple[int, ...]) -> tuple[tuple[str, int], ...]:
    """The sentences of a run of printed lines, each with the page it starts on. (Kept for the
    next caller: a report's section is searched for several kinds of sentence.)"""
    text, starts = _joined_with_starts(line_texts)
    if not starts:
        return ()
    pages = [page for line, page in zip(line_texts, line_pages) if line]
    found, offset = [], 0
    for sentence in SENTENCE_END.split(text):
        offset = text.find(sentence, offset)
        found.append((sentence.strip(), pages[max(bisect.bisect_right(starts, offset) - 1, 0)]))
    return tuple((sentence, page) for sentence, page in found if sentence)


WORD_EDGES = "\"'“”‘’()[],.;:!?"


def vocabulary(texts) -> frozenset[str]:
    """The words a document prints (casefolded, punctuation at their edges stripped), hyphenated
    compounds ('anti-social') as one word: what tells a word split at a line end from a compound."""
    spellings = {word for text in texts for word in text.split()}  # most words recur: each mended once
    return frozenset(word.strip(WORD_EDGES).casefold() for word in spellings)


def rejoin_hyphenated(line_texts: tuple[str, ...], words: frozenset[str]) -> tuple[tuple[str, ...], int]:
    """Lines with each word a line-end hyphen split ('consist-' / 'ently') put back together on the
    first line, and how many were. A hyphen that belongs ('anti-' / 'social') stays: the split is
    mended only where the document prints the joined word elsewhere, or where the second piece is
    no word of the document while the hyphenated form is not printed either."""
    lines, joined = list(line_texts), 0
    for index in range(len(lines) - 1):
        head, rest = lines[index], lines[index + 1].split(" ", 1)
        stem = head.rsplit(" ", 1)[-1]
        if not (stem.endswith("-") and stem[:-1].isalpha() and rest[0][:1].islower()):
            continue
        piece = rest[0].strip(WORD_EDGES).casefold()
        compound, whole = f"{stem[:-1]}-{piece}".casefold(), f"{stem[:-1]}{piece}".casefold()
        if compound not in words and (whole in words or piece not in words):
            lines[index], lines[index + 1] = head[:-1] + rest[0], rest[1] if len(rest) > 1 else ""
            joined += 1
    return tuple(lines), joined
