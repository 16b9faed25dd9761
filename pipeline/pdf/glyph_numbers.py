"""Text a font gives as glyph numbers, read by the standard order of TrueType glyphs.

A TrueType font printed to PostScript and distilled again (pdftops, then ps2pdf, as a printer
driver would) can come back with codes that stand for its glyph numbers: no map to Unicode, and
a cmap sending each code to the glyph of that number. Its text then reads shifted, 'UK Policing'
as '8.3ROLFLQJ', with the digits and the space among the control codes. Most TrueType fonts keep
their first 258 glyphs in the standard Macintosh order, whose names (and so characters) are
fixed, so a glyph's number says its character. fontTools reads the font program and knows the
order and the names. A PostScript (CFF) font comes back so as a Type 3 font, with no program to
read: its codes are the numbers of its glyphs, and a font whose glyphs keep the order of CFF's
standard strings (space, exclam, ... zcaron: the ISOAdobe charset) reads by that order. Where the
font a subset was cut from is installed, its glyphs' outlines say their characters exactly, in any
order (`installed_fonts`), and that reading comes first.
"""
from __future__ import annotations

import ctypes
import io
import re
import struct
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

import numpy as np

from pipeline.pdf import pdfium_calls as calls
from pipeline.pdf.installed_fonts import FontReading, characters_by_outline
from pipeline.pdf.text import LIGATURES, UNREADABLE
from pipeline.pdf.words import WHITESPACE

CONTROL_CODES = np.array([code for code in range(1, 32) if chr(code) not in "\t\n\r"])
REPLACEMENT_CHARACTER = ord(UNREADABLE)
LIGATURE_OF_LETTERS = {unicodedata.normalize("NFKC", ligature): ord(ligature) for ligature in LIGATURES}
NO_TEXT = 0x00AD  # a soft hyphen, which `normalise_text` drops: the letters pdfium split a glyph read whole into
SPACE = ord(" ")
MIN_MAPPED_CODES = 3  # codes a font's cmap must map ...
IDENTITY_SHARE = 0.9  # ... this share of them to the glyph of the same number
STANDARD_ASCII_END = 98  # glyphs 3 (space) to 97 (asciitilde) of the standard order are the printable ASCII
ISO_ADOBE_END = 229  # CFF's predefined ISOAdobe charset: its standard strings 1 (space) to 228 (zcaron)
ROOM_PT = 0.5  # points: a glyph drawn where pdfium infers a space stands this far before the next at least
TEXT_SHARE = 0.9  # of a font's characters read by the standard order that must look like running text
AGREEING_SHARE = 0.95  # of a font's characters pdfium reads that must be among those its installed font's outlines read


@lru_cache(maxsize=1)
def standard_characters() -> dict[int, int]:
    """Glyph number → character, for the glyphs of the standard Macintosh order up to '~' (the
    printable ASCII): fonts keep that part of the order far more often than the rest (accented
    letters, ligatures), whose glyphs are left unread (U+FFFD) rather than misread."""
    from fontTools.agl import toUnicode
    from fontTools.ttLib.standardGlyphOrder import standardGlyphOrder
    characters = {number: toUnicode(name) for number, name in enumerate(standardGlyphOrder[:STANDARD_ASCII_END])}
    return {number: ord(text) for number, text in characters.items() if len(text) == 1}


@lru_cache(maxsize=1)
def standard_string_characters() -> dict[int, int]:
    """Glyph number → character, for a font whose glyphs keep the order of CFF's standard strings
    over its predefined ISOAdobe charset (space to zcaron, with '£', 'ﬁ', 'ﬂ' and the dashes): a
    font built on that charset keeps it whole; the glyphs past it ('ﬀ', 'ﬃ') are left unread."""
    from fontTools.agl import toUnicode
    from fontTools.cffLib import cffStandardStrings
    characters = {number: toUnicode(name) for number, name in enumerate(cffStandardStrings[:ISO_ADOBE_END])}
    return {number: ord(text) for number, text in characters.items() if len(text) == 1}


def font_program(font: int) -> bytes:
    """A font's embedded program (empty for a Type 3 font, which draws its glyphs with page operators)."""
    size = ctypes.c_size_t()
    if not calls.font_data(font, None, 0, ctypes.addressof(size)) or not size.value:
        return b""
    data = (ctypes.c_uint8 * size.value)()
    calls.font_data(font, ctypes.addressof(data), size.value, ctypes.addressof(size))
    return bytes(data)


def character_order(font: int, name: str) -> FontReading | None:
    """Code → character for a font whose text is lost: by its glyphs' outlines where the font
    `name` is installed (`characters_by_outline`: exact wherever it applies, and with the glyphs'
    advances); else, where its codes are its glyph numbers, through its TrueType program
    (`glyphs_of_codes`) by the standard Macintosh order, or, for a font with no program, by the
    order of CFF's standard strings (advances unknown: measured on the page). None where none applies."""
    program = font_program(font)
    if not program:
        return FontReading(standard_string_characters(), {})
    by_outline = characters_by_outline(program, name)
    if by_outline is not None:
        return by_outline
    glyphs = glyphs_of_codes(program)
    if glyphs is None:
        return None
    characters = standard_characters()
    return FontReading({code: characters.get(glyph, REPLACEMENT_CHARACTER) for code, glyph in glyphs.items()} | {
        number: character for number, character in characters.items() if number not in glyphs}, {})


def glyphs_of_codes(program: bytes) -> dict[int, int] | None:
    """Code → glyph number, from a font's embedded TrueType `program`, where its cmap sends nearly
    every code it knows (IDENTITY_SHARE, and MIN_MAPPED_CODES at least) to the glyph of that same
    number: the codes are glyph numbers (a glyph numbered past 255, a ligature, had to take a free
    code). None for any other font."""
    from fontTools.ttLib import TTFont, TTLibError
    try:
        parsed = TTFont(io.BytesIO(program), lazy=True)
        tables = [table for table in parsed["cmap"].tables if (table.platformID, table.platEncID) in ((1, 0), (3, 0))]
        glyphs = {code & 0xFF: parsed.getGlyphID(glyph) for table in tables for code, glyph in table.cmap.items()}
    except (TTLibError, KeyError, AssertionError, ValueError, struct.error):
        return None
    same = sum(code == glyph for code, glyph in glyphs.items())
    return glyphs if len(glyphs) >= MIN_MAPPED_CODES and same >= IDENTITY_SHARE * len(glyphs) else None


@dataclass(frozen=True)
class FontsRead:
    """The fonts of a page whose text `read_glyph_numbers` read, and what their reading tells."""

    handles: list[int]
    letters_at_space: dict[int, int]  # font → the letter it draws at code 32, where not a space (pdfium
    #                                   may drop one after another: `dropped_glyphs`)
    advances: dict[int, dict[int, float]]  # font → character → advance per em, where its program says


def read_glyph_numbers(textpage: int, kept: np.ndarray, codes: np.ndarray, font: np.ndarray, name: np.ndarray,
                       x: np.ndarray, y: np.ndarray,
                       repairs: dict[str, int]) -> tuple[np.ndarray, FontsRead]:
    """The characters' codes, those of a font whose codes are its glyph numbers read by a standard
    order (`character_order`; a glyph past its ASCII part becomes U+FFFD) where that reads as
    running text with more lowercase letters than its own codes; and those fonts. Counted in
    `repairs` as `glyph_numbers`. pdfium leaves some control codes out of the page's text, so the
    codes of such a font are asked for again, one by one. The other parts of a font so read
    (`name`: the fonts' names; see `unread_parts`) and the glyphs past the standard order are left
    unread, unless the installed font's outlines read them (`read_by_installed_outlines`), which read
    too the control codes a font maps to no text (left spaces where they cannot). A font is suspect
    where its text holds control codes; one with no lowercase letter only beside such a font, or
    where pdfium finds no text for any of its codes (`suspect_fonts`). The fonts so read are
    returned with what else their reading tells (`FontsRead`)."""
    codes, read_fonts = codes.copy(), FontsRead([], {}, {})
    numbered = read_fonts.handles
    with_controls, without_lowercase = suspect_fonts(codes, font)
    errors = calls.called(calls.has_unicode_map_error, repeat(textpage), kept.tolist()) != 0
    for handle in with_controls + without_lowercase:
        if handle in without_lowercase and not numbered and not errors[(font == handle) & (codes != SPACE)].all():
            continue  # (a page of a few capitalised words gives no control code away)
        reading = character_order(handle, str(name[np.argmax(font == handle)]))
        if reading is None:
            continue
        order = reading.characters
        chosen = np.flatnonzero(font == handle)
        inferred = calls.called(calls.is_generated, repeat(textpage), kept[chosen].tolist()) != 0
        chosen = chosen[~inferred | takes_room(chosen, x, y)]  # spaces pdfium infers are spaces
        numbers = calls.called(calls.unicode_at, repeat(textpage), kept[chosen].tolist()).tolist()
        read = np.array([order.get(number, REPLACEMENT_CHARACTER) for number in numbers])
        if text_share(read) >= TEXT_SHARE and lowercase_share(read) > lowercase_share(codes[chosen]):
            codes[chosen] = read
            numbered.append(handle)
            read_fonts.advances[handle] = reading.advances
            if chr(order.get(SPACE, SPACE)) not in WHITESPACE and order.get(SPACE) != REPLACEMENT_CHARACTER:
                read_fonts.letters_at_space[handle] = order[SPACE]
            repairs["glyph_numbers"] += len(chosen)
    blank = np.isin(codes, [ord(char) for char in WHITESPACE])
    parts = unread_parts(font, name, numbered)  # a code there is a glyph number, '\n' (10) a drawn dash too
    unmapped = unmapped_codes(errors, font, numbered)
    # a control code a font maps to no text may be a glyph's ('\r' a ',' WeasyPrint drew, through PostScript):
    # read by the installed font's outlines where they tell, a space as before where not
    controls = unmapped & blank & (codes < SPACE)
    unmapped &= ~blank
    past_order = np.isin(font, numbered) & (codes == REPLACEMENT_CHARACTER)  # a '£' past the standard order
    outlined = read_by_installed_outlines(textpage, kept, codes, font, name, parts | unmapped | past_order | controls,
                                          blank, read_fonts.advances, (x, y))
    repairs["glyph_numbers"] += int((parts & ~outlined).sum())
    repairs["unmapped"] += int((unmapped & ~outlined).sum())
    repairs["outline"] += int(outlined.sum())
    codes[(parts | unmapped) & ~outlined] = REPLACEMENT_CHARACTER
    return codes, read_fonts


def read_by_installed_outlines(textpage: int, kept: np.ndarray, codes: np.ndarray, font: np.ndarray,
                               name: np.ndarray, unread: np.ndarray, blank: np.ndarray,
                               advances: dict[int, dict[int, float]], origins: tuple[np.ndarray, np.ndarray]
                               ) -> np.ndarray:
    """Reads in place the `unread` characters of `codes` whose font is installed, by their glyphs'
    outlines (`characters_by_outline`; a font split into parts for PostScript by its whole name),
    from the codes pdfium gives for them one by one (its text of the page leaves out a code that is
    one of its own marks): Ghostscript leaves a '£' or an en dash at a code with no text, a printer
    driver a later part of a font with glyph numbers past the standard order. The font's other
    characters must be among those its outlines read (AGREEING_SHARE of them): the installed font is
    the one printed. The characters so read take their advances from the installed font's metrics
    (into `advances`: pdfium finds no glyph for a code it has no text for, and a ligature's box would
    end short of its advance, 'o' 'ﬀ' 'enders' parted by a space). The letters pdfium splits one
    glyph into (`origins`: the characters' x and y; `glyphs_as_drawn`) are read as that glyph.
    Returns which were read."""
    outlined = np.zeros(len(codes), dtype=bool)
    for handle in np.unique(font[unread]).tolist():
        mine = font == handle
        family = SPLIT_PART.sub("", str(name[np.argmax(mine)]))
        program = font_program(handle)
        reading = characters_by_outline(program, family) if program else None
        if reading is None:
            continue
        order = reading.characters
        outlined_characters = set(order.values())
        given = codes[mine & ~unread & ~blank].tolist()
        if sum(code in outlined_characters for code in given) < AGREEING_SHARE * len(given):
            continue
        chosen = np.flatnonzero(mine & unread)
        numbers, rest = glyphs_as_drawn(calls.called(calls.unicode_at, repeat(textpage), kept[chosen].tolist()).tolist(),
                                        origins[0][chosen], origins[1][chosen])
        read = np.array([NO_TEXT if after else order.get(number, REPLACEMENT_CHARACTER)
                         for number, after in zip(numbers, rest)])
        codes[chosen] = read
        outlined[chosen] = read != REPLACEMENT_CHARACTER
        advances.setdefault(handle, {}).update({character: reading.advances[character] for character in read.tolist()
                                                if character in reading.advances})
    return outlined


def glyphs_as_drawn(numbers: list[int], x: np.ndarray, y: np.ndarray) -> tuple[list[int], list[bool]]:
    """Characters' codes with the letters pdfium split one glyph into (drawn at one origin: 'f' 'l'
    for a glyph it took for 'ﬂ') spelled as that ligature on the first, and which are such letters
    after the first."""
    numbers, rest = list(numbers), [False] * len(numbers)
    k = 0
    while k < len(numbers):
        end = k + 1
        while end < len(numbers) and x[end] == x[k] and y[end] == y[k]:
            end += 1
        ligature = LIGATURE_OF_LETTERS.get("".join(map(chr, numbers[k:end])))
        if end - k > 1 and ligature is not None:
            numbers[k] = ligature
            rest[k + 1:end] = [True] * (end - k - 1)
        k = end
    return numbers, rest


def takes_room(chosen: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Which of the characters at `chosen` stand before the next character on their line: a space
    pdfium infers between two glyphs takes the next one's origin, while a glyph whose code pdfium
    reads as a space (code 32 of a font whose codes are not letters, a 'D') and so marks inferred
    too is drawn, and the next glyph stands one advance further on."""
    following = np.minimum(chosen + 1, len(x) - 1)
    return (following > chosen) & (y[following] == y[chosen]) & (x[following] > x[chosen] + ROOM_PT)


def unmapped_codes(errors: np.ndarray, font: np.ndarray, numbered: list[int]) -> np.ndarray:
    """The characters pdfium found no text for (their code missing from their font's map to
    Unicode, their glyph name unknown), outside the fonts read by glyph numbers: pdfium then gives
    the code itself, another letter, silently ('£' as 'I' where Ghostscript cut the glyph name
    'sterling' to 'sterlin' and left its code out of the map). They are left unread (U+FFFD,
    reported by `unreadable_text`; `errors`: per character, whether pdfium has its map error)."""
    return errors & ~np.isin(font, numbered)


SPLIT_PART = re.compile(r"_[0-9a-f]{2}$")  # 'LiberationSans_07', 'DejaVuSerif_0c': a 256-glyph part of a font
# printed to PostScript, numbered in hexadecimal


def whole_font_names(name: np.ndarray) -> np.ndarray:
    """The characters' font names, a font split into parts for PostScript named as one where the
    page prints two parts of it or more: their characters are one font's, and words run across
    its parts ('Sta' + 'ﬀ' + 'ordshire')."""
    names = [str(each) for each in np.unique(name)]
    families = Counter(SPLIT_PART.sub("", each) for each in names if SPLIT_PART.search(each))
    whole = {each: SPLIT_PART.sub("", each) for each in names
             if SPLIT_PART.search(each) and families[SPLIT_PART.sub("", each)] >= 2}
    if not whole:
        return name
    return np.array([whole.get(str(each), each) for each in name.tolist()], dtype=object)


def unread_parts(font: np.ndarray, name: np.ndarray, numbered: list[int]) -> np.ndarray:
    """The characters of the other parts of a font read as glyph numbers. A printer driver splits a
    large TrueType font into parts of 256 glyphs ('_00', '_07'); in a later part the codes are
    glyph numbers past the standard order, and read as their codes they are other letters ('•' as
    'Ó' or 'ë'), so they are better shown as unread (U+FFFD, which `unreadable_text` reports)."""
    if not numbered:
        return np.zeros(len(font), dtype=bool)
    read = np.isin(font, numbered)
    families = {SPLIT_PART.sub("", str(part)) for part in np.unique(name[read])}
    parts = [str(part) for part in np.unique(name[~read])
             if SPLIT_PART.search(str(part)) and SPLIT_PART.sub("", str(part)) in families]
    return ~read & np.isin(name, parts)


def suspect_fonts(codes: np.ndarray, font: np.ndarray) -> tuple[list[int], list[int]]:
    """The fonts whose text may be glyph numbers: those whose text holds control codes (the space
    and the digits are among them), and apart, those with no lowercase letter but no control code
    either (a line of headers in a bold font, whose spaces the page leaves as gaps)."""
    fonts, number = np.unique(font, return_inverse=True)
    number = number.reshape(-1)
    controls = np.bincount(number, weights=np.isin(codes, CONTROL_CODES) | (codes == REPLACEMENT_CHARACTER),
                           minlength=len(fonts))
    lowercase = np.bincount(number, weights=is_lowercase(codes), minlength=len(fonts))
    real = fonts != 0  # a space pdfium inferred has no font
    return (fonts[real & (controls > 0)].tolist(),
            fonts[real & (controls == 0) & (lowercase == 0)].tolist())


def is_lowercase(codes: np.ndarray) -> np.ndarray:
    return (codes >= ord("a")) & (codes <= ord("z"))


def lowercase_share(codes: np.ndarray) -> float:
    return float(np.mean(is_lowercase(codes))) if len(codes) else 0.0


def text_share(codes: np.ndarray) -> float:
    """The share of characters that running text is mostly made of: letters, digits, spaces and
    the commonest punctuation (a font's glyph numbers read by another order are mostly not)."""
    common = [chr(code).isalnum() or chr(code) in " .,;:'()-*" for code in codes.tolist()]
    return float(np.mean(common)) if common else 0.0
