"""Text a font gives no letters for, read by its glyphs' outlines where the same font is installed
on this machine.

A document printed to PostScript by LibreOffice and distilled again comes back with subset
TrueType fonts that have lost every clue to their text: no map to Unicode, glyphs named 'uniF001',
'uniF002', ... in the order the document first used them, and codes 1, 2, ... for them. Ghostscript
leaves a glyph or two of an otherwise readable font so (a '£' at code 1, a CFF glyph name cut to
'sterlin'). Only their drawings are left. A subset keeps each glyph's outline as the font had it,
point for point, in a TrueType ('glyf') or a CFF program alike, so where the font it was cut from is
installed (found by its PostScript name among the usual font folders), each glyph is the installed
glyph of the same outline, and that glyph's character is the installed font's own map's. Without
the font the text stays unread (U+FFFD, refused or reported as before).
"""
from __future__ import annotations

import io
import logging
import os
import re
import struct
from contextlib import contextmanager
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import NamedTuple

FONT_DIRS_VARIABLE = "PEEL_FONT_DIRS"  # where set, the folders searched (os.pathsep between) instead of the usual ones
USUAL_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
                   "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts", "%WINDIR%/Fonts")
FONT_SUFFIXES = (".ttf", ".otf")
MIN_MATCHED_SHARE = 0.8  # of a font's glyphs with an outline that must match the installed font's
# how pdfium may report a code a font gives no text for: as WinAnsi reads it, or as Mac Roman does (an en
# dash at 0xF6 as 'ˆ', in a later part of a TrueType font Chromium split for PostScript)
REPORTED_AS = ("cp1252", "mac_roman")
PLAIN_WEIGHT = re.compile(r"regular$")  # 'NimbusSansNarrow-Regular' installed is 'NimbusSansNarrow' embedded
# the weight words a font's description may end in (Pango's names among them), as OpenType weight classes
WEIGHT_CLASSES = {"thin": 100, "hairline": 100, "extralight": 200, "ultralight": 200, "light": 300, "book": 400,
                  "regular": 400, "normal": 400, "medium": 500, "semibold": 600, "demibold": 600, "demi": 600,
                  "bold": 700, "extrabold": 800, "ultrabold": 800, "black": 900, "heavy": 900}
SLANTS = {"italic": True, "oblique": True}
# the width words it may end in, as OpenType width classes (Pango's 'DejaVu-Sans-Semi-Condensed': DejaVu Sans Condensed)
WIDTH_CLASSES = {"ultracondensed": 1, "extracondensed": 2, "condensed": 3, "semicondensed": 4, "semiexpanded": 6,
                 "expanded": 7, "extraexpanded": 8, "ultraexpanded": 9}
NORMAL_WIDTH = 5


@contextmanager
def quiet_font_tools():
    """fontTools warns (through logging) of every oddity of a font a printer rebuilt ('modified'
    timestamps, extra 'hmtx' data): none stops its outlines being read, and none is the user's concern."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def font_dirs() -> tuple[str, ...]:
    """The folders searched for installed fonts: those PEEL_FONT_DIRS names, where it is set (so a
    run can be made independent of the machine's fonts, as the tests are), else the usual ones."""
    chosen = os.environ.get(FONT_DIRS_VARIABLE)
    folders = [part for part in chosen.split(os.pathsep) if part] if chosen is not None else USUAL_FONT_DIRS
    return tuple(os.path.expanduser(os.path.expandvars(folder)) for folder in folders)


def font_key(name: str) -> str:
    """A PostScript name as fonts are looked up by: letters and digits only, in lower case, a plain
    weight's 'Regular' left off (printers name a subset after the family, or drop the hyphen:
    'NimbusSansNarrowBold' for 'NimbusSansNarrow-Bold')."""
    return PLAIN_WEIGHT.sub("", re.sub(r"[^0-9a-z]", "", name.lower()))


def described_key(description: str) -> str | None:
    """The key a font named by its family, weight, width and slant is looked up by
    ('URW-Bookman-Semi-Bold', 'Nimbus-Roman,-Bold Italic', 'DejaVu-Sans-Semi-Condensed', as WeasyPrint
    names fonts after Pango's descriptions, a regular weight left unsaid): the family's letters and
    digits with the rest as classes (`family_key`); None where the name ends in none of those words."""
    words = [word for word in re.split(r"[^0-9a-z]+", description.lower()) if word]
    style = {"weight": 400, "width": NORMAL_WIDTH, "slant": False}
    described = False
    while (found := style_word_at_end(words)) is not None:
        field, value, count = found
        style[field], words, described = value, words[:-count], True
    return family_key("".join(words), **style) if described else None


def style_word_at_end(words: list[str]) -> tuple[str, int | bool, int] | None:
    """The style field the last one or two of a name's `words` give ('semi' 'bold' as 'semibold'),
    its value and how many words it took; None where they give none or would leave no family."""
    for count, (field, classes) in product((2, 1), (("weight", WEIGHT_CLASSES), ("width", WIDTH_CLASSES),
                                                      ("slant", SLANTS))):
        word = "".join(words[-count:])
        if len(words) > count and word in classes:
            return field, classes[word], count
    return None


def family_key(family: str, weight: int, width: int, slant: bool) -> str:
    """'urwbookman@600', 'dejavusans@400w4', 'dejavusans@700i': a family's letters and digits, its
    weight class, its width class where not normal, its slant."""
    wide = f"w{width}" if width != NORMAL_WIDTH else ""
    return f"{re.sub(r'[^0-9a-z]', '', family.lower())}@{weight}{wide}{'i' if slant else ''}"


@lru_cache(maxsize=4)
def installed_fonts(folders: tuple[str, ...]) -> dict[str, list[Path]]:
    """`font_key` of its PostScript name → files, for every TrueType or OpenType font file in
    `folders` (a machine may hold two versions of a font under one name: Liberation 1 and 2); and
    its family's key with its weight and width classes and slant (`family_key`) → files."""
    from fontTools.ttLib import TTFont
    found: dict[str, list[Path]] = {}
    for folder in folders:
        for root, _, files in os.walk(folder):
            for file in sorted(files):
                if not file.lower().endswith(FONT_SUFFIXES):
                    continue
                try:
                    font = TTFont(os.path.join(root, file), lazy=True)
                    names, style = font["name"], font["OS/2"]
                    name, family = names.getDebugName(6), names.getDebugName(16) or names.getDebugName(1)
                    keys = [font_key(name)] if name else []
                    if family:
                        keys.append(family_key(family, style.usWeightClass, style.usWidthClass,
                                               bool(style.fsSelection & 1)))
                except Exception:  # an unreadable file is not a font we can use
                    continue
                for key in keys:
                    found.setdefault(key, []).append(Path(root) / file)
    return found


def truetype_outline_keys(font) -> dict[str, tuple]:
    """Glyph name → its outline as data (contour ends and points; a composite glyph its parts'
    outlines and offsets, whatever the parts are named): equal for a glyph and its copy in a subset."""
    glyf = font["glyf"]
    keys: dict[str, tuple] = {}

    def key(name: str) -> tuple:
        if name not in keys:
            glyph = glyf[name]
            if glyph.isComposite():
                keys[name] = ("composite", tuple((key(part.glyphName), part.x, part.y,
                                                  getattr(part, "transform", None) is not None)
                                                 for part in glyph.components))
            elif glyph.numberOfContours == 0:
                keys[name] = ("empty", font["hmtx"][name][0])
            else:
                coordinates, ends, _ = glyph.getCoordinates(glyf)
                keys[name] = ("simple", tuple(ends), tuple(map(tuple, coordinates)))
        return keys[name]

    for name in font.getGlyphOrder():
        key(name)
    return keys


def cff_outline_keys(charstrings, names) -> dict[str, tuple]:
    """Glyph name → its outline as the pen draws it (moves, lines and curves, point for point), for
    a CFF font's `charstrings`: equal for a glyph and its copy in a subset however its charstring
    is written (subroutines inlined, hints dropped). An empty glyph keys by its width."""
    from fontTools.pens.recordingPen import RecordingPen
    keys: dict[str, tuple] = {}
    for name in names:
        pen = RecordingPen()
        charstrings[name].draw(pen)
        drawn = tuple((operator, tuple(points)) for operator, points in pen.value)
        keys[name] = ("cff", drawn) if drawn else ("empty", charstrings[name].width)
    return keys


def outline_keys(font) -> dict[str, tuple]:
    """Glyph name → outline key, for an installed TrueType or OpenType (CFF) font."""
    if "glyf" in font:
        return truetype_outline_keys(font)
    top = font["CFF "].cff.topDictIndex[0]
    return cff_outline_keys(top.CharStrings, font.getGlyphOrder())


@lru_cache(maxsize=32)
def installed_characters(path: Path) -> dict[tuple, tuple[int, float]]:
    """Outline → (character, advance per em), over an installed font's map from characters to
    glyphs (a glyph drawn for several characters is the first of them: '-' rather than the soft
    hyphen). The advance is the installed font's: a subset a printer rewrote may keep its glyphs'
    outlines but not their widths (Ghostscript's Liberation Mono: 0.29 em for a '£' set 0.6 em on)."""
    from fontTools.ttLib import TTFont
    font = TTFont(path, lazy=True)
    keys = outline_keys(font)
    metrics, per_em = font["hmtx"], float(font["head"].unitsPerEm)
    characters: dict[tuple, tuple[int, float]] = {}
    for character, glyph in sorted(font.getBestCmap().items()):
        characters.setdefault(keys[glyph], (character, metrics[glyph][0] / per_em))
    return characters


class EmbeddedGlyphs(NamedTuple):
    """What an embedded font program says of its glyphs."""

    codes: dict[int, str]  # code (its low byte) → glyph name
    keys: dict[str, tuple]  # glyph name → outline key


def embedded_glyphs(program: bytes) -> EmbeddedGlyphs:
    """The glyphs of an embedded TrueType program (codes by its cmap) or bare CFF program (codes by
    its own encoding). Raises what fontTools raises for a program it cannot read."""
    from fontTools.cffLib import CFFFontSet
    from fontTools.encodings.StandardEncoding import StandardEncoding
    from fontTools.ttLib import TTFont
    if program[:1] == b"\x01":  # a CFF header: major version 1
        fonts = CFFFontSet()
        fonts.decompile(io.BytesIO(program), None)
        top = fonts.topDictIndex[0]
        encoding = top.Encoding
        if isinstance(encoding, str):  # a predefined encoding: the standard one (the expert one is for small caps)
            encoding = StandardEncoding if encoding == "StandardEncoding" else []
        codes = {code: glyph for code, glyph in enumerate(encoding) if glyph and glyph != ".notdef"}
        return EmbeddedGlyphs(codes, cff_outline_keys(top.CharStrings, top.charset))
    subset = TTFont(io.BytesIO(program), lazy=True)
    tables = [table for table in subset["cmap"].tables if (table.platformID, table.platEncID) in ((1, 0), (3, 0))]
    codes = {code & 0xFF: glyph for table in tables for code, glyph in table.cmap.items()}
    return EmbeddedGlyphs(codes, truetype_outline_keys(subset))


class FontReading(NamedTuple):
    """How a font whose text is lost reads (here by its outlines; `glyph_numbers` by standard orders)."""

    characters: dict[int, int]  # code → character
    advances: dict[int, float]  # character → its glyph's advance per em, where the font's own metrics say


def characters_by_outline(program: bytes, name: str) -> FontReading | None:
    """Code → character for the subset TrueType or CFF font `program` named `name` (its subset tag
    dropped), where the font it was cut from is installed: a file of that name (`font_key`; else of
    the family and weight it names, `described_key`) whose outlines match those of nearly all the
    glyphs that draw something (MIN_MATCHED_SHARE). Each code is keyed as itself and as the
    characters the encodings of REPORTED_AS give it, in that order (how pdfium reports a code it has
    no text for); with each character's advance, which the page need not be measured for. None
    otherwise. A document's every page asks again for the same font: the answer is kept per program,
    name and folders."""
    return _characters_by_outline(program, (font_key(name), described_key(name)), font_dirs())


@lru_cache(maxsize=32)
def _characters_by_outline(program: bytes, keys: tuple[str, str | None], folders: tuple[str, ...]
                           ) -> FontReading | None:
    installed = installed_fonts(folders)
    with quiet_font_tools():
        for path in installed.get(keys[0]) or installed.get(keys[1], []):
            read = _read_by_outline(program, path)
            if read is not None:
                return read
    return None


def _read_by_outline(program: bytes, path: Path) -> FontReading | None:
    from fontTools.ttLib import TTLibError
    try:
        glyphs = embedded_glyphs(program)
        characters = installed_characters(path)
    except (TTLibError, KeyError, IndexError, AssertionError, ValueError, TypeError, struct.error):
        return None
    keys = glyphs.keys
    drawn = [glyph for glyph in set(glyphs.codes.values()) if glyph in keys and keys[glyph][0] != "empty"]
    if not drawn or sum(keys[glyph] in characters for glyph in drawn) < MIN_MATCHED_SHARE * len(drawn):
        return None
    read: dict[int, int] = {}
    advances: dict[int, float] = {}
    for code, glyph in glyphs.codes.items():
        if glyph in keys and keys[glyph] in characters:
            character, advance = characters[keys[glyph]]
            read[code] = character
            advances.setdefault(character, advance)
    by_code = dict(read)
    for encoding in REPORTED_AS:
        for code, character in by_code.items():
            as_encoded = bytes([code]).decode(encoding, errors="ignore")
            if as_encoded:
                read.setdefault(ord(as_encoded), character)
    return FontReading(read, advances)
