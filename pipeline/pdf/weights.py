"""Whether a font is bold: by the weight its name gives or, for a font with no name, by its glyphs.

A printer that draws text again as Type 3 glyphs (pdftocairo, of CFF fonts) keeps no font names,
and with them no word of weight; bold header rows and headings would then read as plain text.
The bold of a face is as wide as its regular or wider, letter by letter, and its stems are
thicker: the ink of a stem letter ('l', 'I', 'i') is wider for its height. A wider face of the
same weight (the regular beside the narrow) has stems as thin; another family (a serif beside a
sans) is wider in some letters and narrower in others.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations, repeat

import numpy as np

from pipeline.pdf import pdfium_calls as calls

# the weights a font's name may give: Bold, SemiBold, Demi (URW Bookman, ITC faces), Black, Heavy,
# and 'Bd' as in 'C059-BdIta'
BOLD_FONT_NAME = re.compile(r"(?i:bold|demi|black|heavy)|Bd(?![a-z])")
UNNAMED_FONT = "(unnamed)"
UNNAMED_BOLD_FONT = "(unnamed, Bold by its glyphs)"
STEM_LETTERS = ("l", "I", "i")
LOWERCASE = list("abcdefghijklmnopqrstuvwxyz")  # the letters whose widths tell faces apart
BOLD_STEMS = 1.12  # a bold face's stem letters are this many times as wide for their height as its regular's ...
AS_WIDE = 0.96  # ... and its letters at least this share as wide (URW Bookman Demi sets a few 3% narrower than its Light) ...
AS_WIDE_SHARE = 0.85  # ... nearly all of them (a face's bold may set a letter or two a little narrower ...
NEVER_NARROWER = 0.9  # ... but none this much narrower: a sans beside a serif is, in its 'i', 'l' and 'f' ...
ONE_LETTER_AMISS = 12  # ... but one, among this many letters shared or more: an 'f' measured from its kerned steps)
WIDER, WIDER_SHARE = 1.03, 0.3  # or this share of its letters this much wider ...
SAME_WIDTH, SAME_WIDTH_SHARE = 0.01, 0.2  # ... and this share as wide as the regular's, to within this
MIN_LETTERS = 3  # lowercase letters two fonts must share to be compared
SAME_FACE = 0.01  # two unnamed fonts on two pages are one face where every letter they share is this close in width
SAME_FACE_MANY, SAME_FACE_SHARE = 10, 0.8  # ... or, sharing this many letters, this share of them twice as close
MAX_FAMILIES = 4  # (bold, regular) pairs matched among a page's unnamed fonts ...
PAIR_SPREAD = 2.0  # ... among those no more than this many times as far apart in width as the closest pair


@dataclass
class UnnamedFaces:
    """The faces of a document's fonts with no name, gathered page by page: each face found bold or
    regular on its page (in a pair, `_families`) with its letters' widths per point of size, and
    each face a page gave no pair, numbered, with its widths (`settle_unnamed_faces`)."""
    decided: set[tuple[tuple[tuple[str, float], ...], bool]] = field(default_factory=set)  # (widths' items, bold)
    undecided: list[dict[str, float]] = field(default_factory=list)


def name_unnamed_fonts(textpage: int, kept: np.ndarray, text: list[str], font: np.ndarray, name: np.ndarray,
                       advance: np.ndarray, faces: UnnamedFaces | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The characters' font names, those of fonts with none (or with one another face bears too,
    `names_of_two_faces`) given as UNNAMED_FONT, or as UNNAMED_BOLD_FONT where the font is the bold
    of another unnamed font on the page (`kept`: the characters' indexes in `textpage`; `advance`:
    their widths per point of size). Also, per character, the number in `faces` of its font where
    the page pairs it with none (-1 elsewhere): the faces paired are added to `faces.decided`, the
    others to `faces.undecided`."""
    undecided = np.full(len(font), -1)
    letters = np.asarray(text, dtype=object)
    # font 0: none, a space pdfium inferred
    unnamed = ((name == "") | names_of_two_faces(font, name, letters, advance)) & (font != 0)
    if not unnamed.any():
        return name, undecided
    widths = _medians(font, letters, advance, unnamed & np.isin(letters, LOWERCASE))
    stems = np.flatnonzero(unnamed & np.isin(letters, STEM_LETTERS))
    boxes, (left, right, bottom, top) = calls.slots(len(stems), 4, np.float64)
    calls.called(calls.char_box_at, repeat(textpage), kept[stems].tolist(), left, right, bottom, top)
    height = boxes[:, 3] - boxes[:, 2]
    aspect = np.full(len(font), np.nan)
    aspect[stems] = np.divide(boxes[:, 1] - boxes[:, 0], height, out=np.full(len(stems), np.nan), where=height > 0)
    stem_widths = _medians(font, letters, aspect, np.isfinite(aspect))
    pairs = {(handle, other): _width_difference(widths[handle], widths[other]) for handle in widths for other in widths
             if other != handle and _is_bold_of(widths[handle], widths[other], stem_widths.get(handle, {}),
                                                 stem_widths.get(other, {}))}
    families = _families(pairs)
    bold = [handle for handle, _ in families]
    if faces is not None:
        paired = {handle: handle in bold for family in families for handle in family}
        for handle, letter_widths in widths.items():
            if handle in paired:
                faces.decided.add((tuple(sorted(letter_widths.items())), paired[handle]))
            else:
                undecided[font == handle] = len(faces.undecided)
                faces.undecided.append(letter_widths)
    return np.where(unnamed, np.where(np.isin(font, bold), UNNAMED_BOLD_FONT, UNNAMED_FONT), name), undecided


def names_of_two_faces(font: np.ndarray, name: np.ndarray, letters: np.ndarray, advance: np.ndarray) -> np.ndarray:
    """Per character, whether its font's name is borne by another font of the page of another face,
    by the widths of SAME_FACE_MANY letters or more (not `_same_face`): WeasyPrint may name every
    font it embeds alike ('Anonymous'), and such a name tells neither face's weight (the faces are
    then paired by their glyphs). Two subsets of one face under one name (a printer's simple font,
    and beside it the font of its ligatures, whose letters measure a share of their glyph each)
    keep it."""
    named = (name != "") & (font != 0)
    fonts_named = Counter(each for each, _ in set(zip(name[named].tolist(), font[named].tolist())))
    shared = [each for each, count in fonts_named.items() if count >= 2]
    if not shared:
        return np.zeros(len(font), dtype=bool)
    lower = np.isin(letters, LOWERCASE)
    widths = _medians(font, letters, advance, named & np.isin(name, shared) & lower)

    def other_faces(a: int, b: int) -> bool:
        return len(widths[a].keys() & widths[b].keys()) >= SAME_FACE_MANY and not _same_face(widths[a], widths[b])

    fonts_of = {each: sorted(set(font[name == each].tolist()) & widths.keys()) for each in shared}
    two_faces = [each for each in shared if any(other_faces(a, b) for a, b in combinations(fonts_of[each], 2))]
    return named & np.isin(name, two_faces)


def settle_unnamed_faces(pages: list[dict[str, np.ndarray]], faces: UnnamedFaces) -> int:
    """Pages' characters (`chars.page_chars`, each page's `face` the number of its font's face where
    the page paired it with none), the faces of the same letters' widths as a face found bold on
    another page named UNNAMED_BOLD_FONT: a header row repeated at the top of a page whose other
    text is a few letters of another face ('nt' of 'Improvement' run on over the break) shows no
    pair to tell bold by, and a heading with few letters beside its text may not either. A face
    that matches faces found both bold and regular is left as it is. Returns how many faces were."""
    decided = [(dict(items), bold) for items, bold in faces.decided]
    page_of = {face: page for page in pages for face in np.unique(page["face"][page["face"] >= 0]).tolist()}
    settled = 0
    for number, letter_widths in enumerate(faces.undecided):
        page = page_of.get(number)  # (none where all its characters were left out: clipped, overprinted)
        if page is not None and {bold for widths, bold in decided if _same_face(letter_widths, widths)} == {True}:
            page["fontname"] = np.where(page["face"] == number, UNNAMED_BOLD_FONT, page["fontname"])
            settled += 1
    return settled


def _same_face(widths: dict[str, float], other_widths: dict[str, float]) -> bool:
    """Whether two unnamed fonts are one face: MIN_LETTERS lowercase letters shared or more, every
    one as wide as the other's to within SAME_FACE; or, sharing SAME_FACE_MANY letters or more, all
    but a few (SAME_FACE_SHARE of them) to within twice that: a letter measured on the page by its
    step to the next is narrowed by kerning ('l' before 'y'), and a heading of a few words shows
    each letter in one pair or two."""
    shared = sorted(widths.keys() & other_widths.keys())
    off = np.array([abs(widths[letter] / other_widths[letter] - 1.0) for letter in shared])
    return len(shared) >= MIN_LETTERS and (bool((off <= SAME_FACE).all()) or (
        len(shared) >= SAME_FACE_MANY and float(np.mean(off <= 2 * SAME_FACE)) >= SAME_FACE_SHARE))


def _width_difference(widths: dict, other_widths: dict) -> float:
    """How far two fonts' letter widths lie apart: the mean of |log ratio| over the letters they share."""
    shared = sorted(widths.keys() & other_widths.keys())
    return float(np.mean(np.abs(np.log([widths[letter] / other_widths[letter] for letter in shared]))))


def _families(pairs: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """The (bold, regular) pairs of the page's faces, from the `pairs` that pass `_is_bold_of` (each
    with its `_width_difference`), of those no more than PAIR_SPREAD times as far apart as the
    closest: first as many pairs as can be taken with no font in two of them, the closest in width
    among those; then every other font that is the bold of one of their regulars (a regular with
    several bold faces on its page). A face of another family can pass for a bold (URW Bookman
    Light beside Nimbus Sans: wider in every letter, its stems thicker), but then its own bold, or
    the other family's, is left with no regular of its own."""
    if not pairs:
        return []
    closest = min(pairs.values())
    pairs = {pair: difference for pair, difference in pairs.items() if difference <= PAIR_SPREAD * closest}
    fonts = {font for pair in pairs for font in pair}
    items = sorted(pairs)
    matched: list[tuple[int, int]] = []
    for count in range(min(len(items), len(fonts) // 2, MAX_FAMILIES), 0, -1):
        taken = [chosen for chosen in combinations(items, count)
                 if len({font for pair in chosen for font in pair}) == 2 * count]
        if taken:
            matched = list(min(taken, key=lambda chosen: sum(pairs[pair] for pair in chosen)))
            break
    paired = {font for pair in matched for font in pair}
    regulars = {regular for _, regular in matched}
    return matched + [(bold, regular) for bold, regular in items if bold not in paired and regular in regulars]


def _medians(font: np.ndarray, letters: np.ndarray, values: np.ndarray, chosen: np.ndarray) -> dict[int, dict]:
    """Per font, per letter, the median of `values` over the `chosen` characters."""
    medians: dict[int, dict] = {}
    for handle, letter in set(zip(font[chosen].tolist(), letters[chosen].tolist())):
        medians.setdefault(handle, {})[letter] = float(np.median(values[chosen & (font == handle)
                                                                        & (letters == letter)]))
    return medians


def _is_bold_of(widths: dict, other_widths: dict, stems: dict, other_stems: dict) -> bool:
    """Whether a font (its letters' `widths` and `stems`) is the bold of another: as wide in nearly
    every letter they share and much narrower in none (or one, of many: a glyph measured on the page
    from kerned steps), and either a stem letter BOLD_STEMS as wide for its height, or some letters
    wider while others keep their width exactly (a serif's stems hide behind its serifs; a face
    merely set wider widens every letter alike)."""
    shared = sorted(widths.keys() & other_widths.keys())
    if len(shared) < MIN_LETTERS:
        return False
    ratios = np.array([widths[letter] / other_widths[letter] for letter in shared])
    stem_ratios = [stems[letter] / other_stems[letter] for letter in stems.keys() & other_stems.keys()]
    thicker = max(stem_ratios, default=0.0) >= BOLD_STEMS
    widened_unevenly = (np.mean(ratios >= WIDER) >= WIDER_SHARE
                        and np.mean(np.abs(ratios - 1.0) <= SAME_WIDTH) >= SAME_WIDTH_SHARE)
    narrowest = np.sort(ratios)[1 if len(ratios) >= ONE_LETTER_AMISS else 0]  # one glyph measured amiss aside
    return bool(np.mean(ratios >= AS_WIDE) >= AS_WIDE_SHARE and narrowest >= NEVER_NARROWER
                and (thicker or widened_unevenly))
