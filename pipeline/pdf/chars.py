"""A page's characters as pdfium gives them, boxed as pdfminer boxes them for pdfplumber's word
rules, with the text layer's slips mended (ligatures, overprinting, spaces without room).

pdfium is asked per character only for what differs per character (its text object and origin),
through `pdfium_calls`, mapped over the characters in C: on a 50-page report that is most of the
read. Everything per text object, font or glyph is looked up once.
"""
from __future__ import annotations

import ctypes
import re
from pathlib import Path
from itertools import repeat

import numpy as np
import pandas as pd
import pypdfium2.raw as pdfium_c

from pipeline.pdf import pdfium_calls as calls
from pipeline.pdf.advances import char_widths, drawn_advances, loose_boxes, unread_glyphs_to_their_ink
from pipeline.pdf.clipping import cut_by_clips
from pipeline.pdf.dropped_glyphs import restore_dropped_glyphs
from pipeline.pdf.glyph_numbers import REPLACEMENT_CHARACTER, read_glyph_numbers, whole_font_names
from pipeline.pdf.text import UNREADABLE
from pipeline.pdf.unread_ligatures import UnreadGlyphs, mark_unread_glyphs
from pipeline.pdf.weights import UNNAMED_BOLD_FONT, UNNAMED_FONT, UnnamedFaces, name_unnamed_fonts
from pipeline.pdf.words import CHAR_COLUMNS, WHITESPACE

SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")  # the prefix of an embedded font subset's name
OVERPRINT_PT = 2.0  # how far a bold look's second drawing is set off from the first
DRAWN_AGAIN_SHARE = 0.1  # ... and, as a share of the size, the same letter drawn again that near is that drawing
ROOM_TOLERANCE = 0.1  # points: a space ending no further than this past the letter before it takes no room
KERN_SHARE = 0.1  # of a font size: letters either side of a space set closer than this are kerned, not words
USUAL_DESCENT = -0.21  # per point of size: a font's descent where pdfium gives none that can be one
NO_METRIC = 0.01  # per point of size: an ascent no larger is none stated
HYPHEN = ord("-")
PDFIUM_LINE_END_HYPHENS = (2, 0xFFFE)  # pdfium's marks for a hyphen that ends a line (GetUnicode, GetText)
PDFIUM_MARKS = {0x2, 0x3, 0x93, 0x94, 0x96, 0x97, 0x98, 0xFFFE}  # codes pdfium leaves out of a page's text
LINE_BREAKS = (ord("\r"), ord("\n"))  # the only characters besides spaces that pdfium infers
SURROGATE_TAIL = -1  # the second half of a character pdfium counts twice (see _char_codes)
WHITESPACE_CODES = np.array([ord(char) for char in WHITESPACE])


def page_box(page) -> dict[str, float]:
    """The page's size (its MediaBox), and the box it shows in the words' coordinates (x as in the
    PDF, `top` measured down from the MediaBox's height): a word wholly outside it is not printed."""
    left, bottom, right, top = page.get_mediabox()
    width, height = right - left, top - bottom
    return {"page_width": width, "page_height": height, "page_x0": left, "page_x1": right,
            "page_top": height - top, "page_bottom": height - bottom}


def page_chars(page, number: int, height: float, repairs: dict[str, int],
               page_objects: tuple[list[int], np.ndarray] | None = None,
               advances_seen: dict[tuple[str, int], float] | None = None,
               unread: UnreadGlyphs | None = None, faces: UnnamedFaces | None = None,
               source: Path | None = None) -> dict[str, np.ndarray]:
    """The page's characters, as one array per column of CHAR_COLUMNS (a document's pages make one
    frame, `chars_frame`: a frame per page cost a tenth of a report's read), boxed as pdfminer
    boxes them for pdfplumber's word rules: from the baseline, the font's descent and size, and
    the character's width (pdfium's own boxes hug the glyph, which would part a 'g' from its
    word). pdfium reads them several times faster than pdfminer. The line breaks it infers
    (`IsGenerated`) are left out; its inferred spaces are kept, as it marks a space drawn on its
    own as inferred too. Letters drawn by one glyph (a ligature: 'ff' from one 'ﬀ' glyph) share
    its origin: they become one character as wide as that glyph's box, as pdfminer gives it; the
    same letter drawn again at the same place by another text object (and so with the same box)
    is dropped. Both are counted in `repairs`. `page_objects`: the page's objects and their kinds
    (`pdfium_calls.page_objects`), if listed already. `advances_seen`: glyph advances measured on
    the document's earlier pages (`advances.char_widths`), added to. `unread`: the glyphs the
    PDF gives no text for, marked for the whole document (`unread_ligatures`), added to; without
    it they are U+FFFD. `faces`: the faces of fonts with no name found on the document's pages
    (`weights.UnnamedFaces`), added to; each character's `face` says where its page paired its
    font with none (`weights.settle_unnamed_faces`). `source`: the PDF's path, for pdfminer to list
    the glyphs pdfium may have left out (`dropped_glyphs`)."""
    textpage = page.get_textpage()
    address = calls.address(textpage.raw)
    codes = _char_codes(textpage.raw)
    breaks = np.flatnonzero(np.isin(codes, LINE_BREAKS))
    inferred = np.fromiter(map(calls.is_generated, repeat(address), breaks.tolist()), dtype=bool, count=len(breaks))
    keeping = codes != SURROGATE_TAIL
    keeping[breaks[inferred]] = False
    kept = np.flatnonzero(keeping)
    codes = np.where(np.isin(codes[keeping], PDFIUM_LINE_END_HYPHENS), HYPHEN, codes[keeping])
    objects, x, y = _origins(address, kept)
    style, styles = _text_styles(address, kept, objects)
    font, name, descent, size = (styles[field][style] for field in ("font", "name", "descent", "size"))
    given = codes
    codes, fonts_read = read_glyph_numbers(address, kept, codes, font, name, x, y, repairs)
    parts, name = name, whole_font_names(name)
    descent = one_descent_per_font(name, parts, descent)
    text = list(map(chr, codes.tolist()))
    blank = np.isin(codes, WHITESPACE_CODES)
    right = x + char_widths(address, kept, codes, blank, style, styles, objects, x, y, fonts_read, advances_seen)
    right = unread_glyphs_to_their_ink(address, kept, codes, x, right)
    name, face = name_unnamed_fonts(address, kept, text, font, name, (right - x) / np.where(size > 0, size, 1.0),
                                    faces)
    keep = _merge_shared_origins(address, kept, objects, font, size, x, y, text, right, repairs)
    keep &= ~_spaces_without_room(blank, x, right, y, size)
    again = _drawn_again(codes, font, size, x, y, keep & ~blank)
    repairs["overprint"] += int((again & ~np.r_[False, again[:-1]]).sum())  # one per run drawn again
    keep &= ~again
    clipped = cut_by_clips(address, kept, objects, y, size, height)
    repairs["clipped"] += int(clipped.sum())
    keep &= ~clipped
    bottom = height - y - descent * size
    page_objects = page_objects or calls.page_objects(calls.address(page.raw))
    repairs["overprint"] += _overprinted_runs(page_objects, objects, x, y)
    textpage.close()
    text = np.array(text, dtype=object)
    unreadable = text == UNREADABLE
    if unread is not None and unreadable.any():
        glyph_keys = [(each or f"page {number} font {handle}", code)  # an unnamed font is known on its page only
                      for each, handle, code in zip(parts.tolist(), font.tolist(), given.tolist())]
        fonts = [each if each != UNNAMED_FONT and each != UNNAMED_BOLD_FONT else key
                 for each, (key, _) in zip(name.tolist(), glyph_keys)]
        text = mark_unread_glyphs(text, unreadable, glyph_keys, fonts,
                                  drawn_advances(x, y, blank) / np.where(size > 0, size, np.nan), unread)
    found = {"page": np.full(int(keep.sum()), number), "text": text[keep],
             "x0": x[keep], "x1": right[keep], "top": (bottom - size)[keep], "bottom": bottom[keep],
             "fontname": name[keep], "size": size[keep], "face": face[keep]}
    if source is None or not fonts_read.letters_at_space:
        return found
    letters = {str(name[np.argmax(font == handle)]): chr(code) for handle, code in fonts_read.letters_at_space.items()}
    found, restored = restore_dropped_glyphs(found, y[keep], source, number, letters)
    repairs["dropped_glyph"] += restored
    return found


def chars_frame(pages: list[dict[str, np.ndarray]]) -> pd.DataFrame:
    """Pages' characters (`page_chars`) as one frame. Its text columns stay Python objects: words
    are made of them, and pandas' own strings would be built and taken apart again."""
    return pd.DataFrame({column: pd.Series(np.concatenate([page[column] for page in pages]) if pages else [],
                                           dtype=object if column in ("text", "fontname") else None)
                         for column in CHAR_COLUMNS}, columns=CHAR_COLUMNS)


def _origins(textpage: int, kept: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each character's text object (its address) and origin: the only calls made per character."""
    indexes = kept.tolist()
    objects = calls.called(calls.text_object_at, repeat(textpage), indexes).astype(np.uint64)
    origins, (at_x, at_y) = calls.slots(len(indexes), 2, np.float64)
    calls.called(calls.origin_at, repeat(textpage), indexes, at_x, at_y)
    return objects, origins[:, 0].copy(), origins[:, 1].copy()


def _text_styles(textpage: int, kept: np.ndarray, objects: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Each character's style (an index into the arrays returned with it): the font, base name,
    descent per point of size, size and aspect of its text object, asked of pdfium once per
    object. The size is as printed, as pdfminer gives it: pdfium's font size times the vertical
    scale of the character's matrix (a page drawn at 0.75, as browsers print, would otherwise read
    a third too large); the aspect (horizontal over vertical scale) stretches glyph widths where
    text is squeezed or widened. A font's name and descent are looked up once per font; the name
    without its subset tag ('YCZAFJ+DejaVuSans'), so that glyphs a printer put in a second subset
    of the same font (ligatures, as pdftocairo does) stay in their word."""
    drawn_by, first, style = np.unique(objects, return_index=True, return_inverse=True)
    indexes = kept[first].tolist()
    font = calls.called(calls.font_of, drawn_by.tolist()).astype(np.uint64)
    matrices, (at, *_) = calls.slots(len(indexes), 6, np.float32)  # FS_MATRIX: a b c d e f
    calls.called(calls.matrix_at, repeat(textpage), indexes, at)
    a, b, c, d = matrices.astype(np.float64)[:, :4].T
    vertical = np.hypot(c, d)
    vertical[vertical == 0] = 1.0  # a degenerate matrix draws nothing visible
    size = np.fromiter(map(calls.font_size_at, repeat(textpage), indexes), dtype=np.float64, count=len(indexes))
    fonts, font_number = np.unique(font, return_inverse=True)
    names, descents = zip(*map(_font_name_and_descent, fonts.tolist())) if len(fonts) else ((), ())
    return style.reshape(-1), {
        "font": font,
        "name": np.array(names, dtype=object)[font_number.reshape(-1)],
        "descent": np.array(descents, dtype=np.float64)[font_number.reshape(-1)],
        "size": size * vertical,
        "aspect": np.hypot(a, b) / vertical,
    }


def _font_name_and_descent(font: int) -> tuple[str, float]:
    length = calls.base_font_name(font, None, 0)
    name = ctypes.create_string_buffer(length)
    calls.base_font_name(font, name, length)
    descent, ascent = ctypes.c_float(), ctypes.c_float()
    calls.descent_of(font, 1.0, ctypes.byref(descent))
    calls.ascent_of(font, 1.0, ctypes.byref(ascent))
    return SUBSET_TAG.sub("", name.value.decode("utf-8", "replace")), font_descent(descent.value, ascent.value)


def one_descent_per_font(name: np.ndarray, parts: np.ndarray, descent: np.ndarray) -> np.ndarray:
    """The characters' descents, one per font split into parts for PostScript (`name`: the whole
    fonts' names, `parts`: the parts'): the descent most of its characters' parts state. A later
    part may state another ('ﬀ' in a part of its own, boxed a point and a half above its word's
    letters), and the lines its words lie on would seem to close up on the lines around them."""
    split = name != parts
    if not split.any():
        return descent
    descent = descent.copy()
    for whole in np.unique(name[split]).tolist():
        mine = name == whole
        values, counts = np.unique(descent[mine], return_counts=True)
        descent[mine] = values[np.argmax(counts)]
    return descent


def font_descent(descent: float, ascent: float) -> float:
    """A font's descent per point of size, as pdfium gives it, except where it is positive: a Type 3
    font drawn upside down in its own space (as pdftocairo writes them) has its ascent and descent
    with their signs turned, and its boxes would stand most of a line above the text. Its descent
    is then the negative one of the two, or USUAL_DESCENT where neither is. A font that states
    neither (both 0, as a Type 3 font a PostScript round trip writes) takes USUAL_DESCENT too:
    boxed from its baseline, its lines would stand a descent higher than their letters, and a rule
    just over a line would seem to cross it."""
    if descent < 0 or (descent == 0 and ascent > NO_METRIC):
        return descent
    return ascent if ascent < 0 else USUAL_DESCENT


def _merge_shared_origins(textpage: int, kept: np.ndarray, objects: np.ndarray, font: np.ndarray, size: np.ndarray,
                          x: np.ndarray, y: np.ndarray, text: list[str], right: np.ndarray,
                          repairs: dict[str, int]) -> np.ndarray:
    """Characters drawn at the origin of the one before in the same font: letters of one glyph
    (a ligature) join the first, as wide as the glyph's loose box or, narrower, its drawn advance
    (`_end_at_next_origin`); the same letter drawn again over itself by another text object is
    dropped, and so is a space at the origin of the letter after it (pdfium infers one wherever its
    own widths leave a gap, even where the text has none).
    `text` and `right` are updated in place; returns which characters remain."""
    keep = np.ones(len(kept), dtype=bool)
    shared = np.zeros(len(kept), dtype=bool)
    shared[1:] = (font[1:] == font[:-1]) & (x[1:] == x[:-1]) & (y[1:] == y[:-1])
    if not shared.any():
        return keep
    loose_right = np.full(len(kept), np.nan)
    boxed = np.flatnonzero(shared | np.r_[shared[1:], False])  # the characters that share an origin
    loose_right[boxed] = loose_boxes(textpage, kept[boxed])[:, 2]
    first, joined = 0, []
    for index in np.flatnonzero(shared).tolist():
        if not shared[index - 1]:
            first = index - 1
        if text[first].isspace():  # a space pdfium inferred where the next letter starts takes no room
            keep[first] = False
            first = index
            continue
        if (objects[first] == objects[index] or loose_right[index] != loose_right[first]
                or text[first][-1] != text[index]):
            repairs["ligature"] += len(text[first]) == 1
            text[first] += text[index]
            right[first] = max(right[first], loose_right[index])
            joined.append(first)
        else:
            repairs["overprint"] += 1
        keep[index] = False
    _end_at_next_origin(sorted(set(joined)), keep, objects, font, size, x, y, text, right)
    return keep


def _end_at_next_origin(ligatures: list[int], keep: np.ndarray, objects: np.ndarray, font: np.ndarray,
                        size: np.ndarray, x: np.ndarray, y: np.ndarray, text: list[str], right: np.ndarray) -> None:
    """A ligature's right edge no further than its advance as drawn: the median step, over the page,
    from its origin to the next character's on its line in the same text object, per font, size and
    ligature (one ending a cell's last word takes the steps of the others). Its letters' loose boxes
    reach past the glyph's advance ('ff' of URW Bookman 7.3 pt wide, drawn 6.3 pt before the next
    letter), and 'staff' set close to the next column's 'effective.' would read as one word.
    `right` is updated in place."""
    after = np.flatnonzero(keep)
    steps: dict[tuple[int, float, str], list[float]] = {}
    for first in ligatures:
        position = np.searchsorted(after, first, side="right")
        following = after[position] if position < len(after) else None
        if (following is not None and objects[following] == objects[first] and y[following] == y[first]
                and x[following] > x[first]):
            steps.setdefault((font[first], size[first], text[first]), []).append(float(x[following] - x[first]))
    for first in ligatures:
        drawn = steps.get((font[first], size[first], text[first]))
        if drawn:
            right[first] = min(right[first], x[first] + float(np.median(drawn)))


def _drawn_again(codes: np.ndarray, font: np.ndarray, size: np.ndarray, x: np.ndarray, y: np.ndarray,
                 candidates: np.ndarray) -> np.ndarray:
    """Characters that repeat one drawn before them, in the same font and size, set off by less than
    DRAWN_AGAIN_SHARE of their size (and OVERPRINT_PT): text drawn twice for a bold look. pdfium
    reads such a second drawing once where it is a text object of its own over the first, but a
    reprinted file (Ghostscript, pdftocairo) may hold both in one object, and the words would read
    'PPEEEELL'. A letter doubled in a word ('ll') is set off by its advance, a fifth of the size
    or more even in a narrow font (the widths a file gives may be wrong: they are not asked)."""
    again = np.zeros(len(codes), dtype=bool)
    among = np.flatnonzero(candidates)
    if len(among) < 2:
        return again
    order = among[np.lexsort((x[among], y[among], codes[among]))]
    first, then = order[:-1], order[1:]
    reach = np.minimum(OVERPRINT_PT, DRAWN_AGAIN_SHARE * size[then])
    twice = ((codes[first] == codes[then]) & (font[first] == font[then]) & (size[first] == size[then])
             & (np.abs(x[then] - x[first]) < reach) & (np.abs(y[then] - y[first]) < reach))
    again[np.maximum(first, then)[twice]] = True
    return again


def _spaces_without_room(blank: np.ndarray, x: np.ndarray, right: np.ndarray, y: np.ndarray,
                         size: np.ndarray) -> np.ndarray:
    """Spaces that lie wholly inside the letter before them on the same baseline: pdfium inferred
    them from its own glyph widths (a font whose glyphs it cannot find), where the text has no gap.
    A space it inferred has no width: one at the letter's end marks a gap and is kept. Nor does a
    space take room where the letter after it starts less than KERN_SHARE of a font size past the
    letter before it: the text all but advances nothing across it (troff's PostScript kerns a pair
    of letters by a space drawn with its width taken away: 'Av on', 'Constabular y')."""
    inside = np.zeros(len(blank), dtype=bool)
    letter_before = ~blank[:-1] & (y[1:] == y[:-1])
    inside[1:] = (blank[1:] & letter_before & (right[1:] <= right[:-1] + ROOM_TOLERANCE)
                  & (x[1:] < right[:-1] - ROOM_TOLERANCE))
    inside[1:-1] |= (blank[1:-1] & letter_before[:-1] & ~blank[2:] & (y[2:] == y[1:-1])
                     & (x[2:] - right[:-2] < KERN_SHARE * size[1:-1]))
    return inside


def _overprinted_runs(page_objects: tuple[list[int], np.ndarray], objects_of_chars: np.ndarray, x: np.ndarray,
                      y: np.ndarray) -> int:
    """Text objects drawn again over another with a small offset (a bold look). pdfium leaves their
    characters out of the text page, as pdfplumber's `dedupe_chars` would: such an object gave no
    character (none of `objects_of_chars`, the text objects of the characters at origins `x`, `y`)
    while one that did lies within OVERPRINT_PT of its box. This counts them."""
    objects, kinds = page_objects
    text = np.array(objects, dtype=np.uint64)[kinds == pdfium_c.FPDF_PAGEOBJ_TEXT]
    silent = text[~_within(text, objects_of_chars)]
    if not len(silent):
        return 0
    boxes = [edges for edges in _bounds(silent.tolist()) if edges[2] - edges[0] > OVERPRINT_PT]
    # only a drawn object with a character whose origin lies near such a box can lie within
    # OVERPRINT_PT of it (an origin lies within a line's height of its glyph's ink): the other
    # objects' boxes are not asked for
    near = np.zeros(len(objects_of_chars), dtype=bool)
    for left, bottom, right, top in boxes:
        pad = OVERPRINT_PT + top - bottom
        near |= (x >= left - pad) & (x <= right + pad) & (y >= bottom - pad) & (y <= top + pad)
    kept = _bounds(np.unique(objects_of_chars[near & (objects_of_chars != 0)]).tolist())
    return sum(bool((np.abs(kept - edges).max(axis=1) <= OVERPRINT_PT).any()) for edges in boxes)


def _within(items: np.ndarray, values_in_runs: np.ndarray) -> np.ndarray:
    """Which `items` are among `values_in_runs` (values that come in runs, as a page's characters'
    text objects do): one value per run sorted, then a binary search; `np.isin` sorts them all."""
    if not len(values_in_runs):
        return np.zeros(len(items), dtype=bool)
    values = np.sort(values_in_runs[np.r_[True, values_in_runs[1:] != values_in_runs[:-1]]])
    return values[np.searchsorted(values, items).clip(max=len(values) - 1)] == items


def _bounds(objects: list[int]) -> np.ndarray:
    """Each page object's box (left, bottom, right, top)."""
    boxes, sides = calls.slots(len(objects), 4, np.float32)
    calls.called(calls.object_bounds, objects, *sides)
    return boxes


def _char_codes(textpage: int) -> np.ndarray:
    """Every character's code point, in one call (`_codes_by_index` where that call's text does
    not line up with the characters). pdfium counts a character beyond the Basic Multilingual
    Plane as two, its UTF-16 surrogates: the pair's code point goes to the first and the second
    becomes SURROGATE_TAIL, to be skipped; a surrogate without its partner is U+FFFD (text with it
    could not be written as UTF-8)."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    buffer = (ctypes.c_ushort * (count + 1))()
    written = max(pdfium_c.FPDFText_GetText(textpage, 0, count, buffer) - 1, 0)  # less its terminator
    codes = np.frombuffer(buffer, dtype=np.uint16, count=written).astype(np.int64)
    if written != count:
        codes = _codes_by_index(textpage, count, codes)
    for index in np.flatnonzero((codes >= 0xD800) & (codes <= 0xDFFF)).tolist():
        code = codes[index]
        following = codes[index + 1] if index + 1 < count else None
        if 0xD800 <= code <= 0xDBFF and following is not None and 0xDC00 <= following <= 0xDFFF:
            codes[index] = 0x10000 + ((code - 0xD800) << 10) + (following - 0xDC00)
            codes[index + 1] = SURROGATE_TAIL
        elif code != SURROGATE_TAIL:
            codes[index] = REPLACEMENT_CHARACTER
    return codes


def _codes_by_index(textpage: int, count: int, text: np.ndarray) -> np.ndarray:
    """Each character's code, asked of pdfium one by one, where its text of the page (`text`)
    leaves characters out: a glyph the PDF maps to no text gets its bare code, and where that is
    one of pdfium's own marks (PDFIUM_MARKS) the text skips it, so every later character would take
    the code of the one after it. Such a glyph becomes U+FFFD; a mark that stands for a hyphen at a
    line end is where the text has that hyphen."""
    by_index = calls.called(calls.unicode_at, repeat(textpage), range(count))
    units, at = text.tolist(), 0
    for index, code in enumerate(by_index.tolist()):
        in_text = at < len(units) and (units[at] == code or (code in PDFIUM_MARKS
                                                              and units[at] == PDFIUM_LINE_END_HYPHENS[1]))
        if in_text:
            by_index[index] = units[at]
            at += 1
        elif code in PDFIUM_MARKS:
            by_index[index] = REPLACEMENT_CHARACTER
    return by_index
