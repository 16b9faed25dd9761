"""How wide each glyph is: its advance as pdfium gives it, or measured on the page where pdfium
finds another glyph or none (a font a printer re-encoded, glyph numbers), and an unread glyph's
ink. `chars.page_chars` takes each character's right edge from here."""
from __future__ import annotations

from itertools import repeat

import numpy as np
import pandas as pd

from pipeline.pdf import pdfium_calls as calls
from pipeline.pdf.glyph_numbers import REPLACEMENT_CHARACTER, FontsRead

LOST_GLYPH_RATIO = 1.5  # a loose box this many times wider than the glyph's advance ...
LOST_GLYPH_SLACK = 0.05  # ... and this share of the size more: pdfium found the wrong glyph;
MONOSPACE_MIN_GLYPHS = 12  # measured glyphs of one font and size that must share an advance ...
MONOSPACE_SPREAD = 0.02  # ... to within this share of it ...
MONOSPACE_SHARE = 0.8  # ... this share of its measured glyphs, for the font to count as monospaced
STEP_BIN = 0.1  # points: steps this close are one advance (a kerning pair moves a letter more) ...
LOOSE_AGREES = 0.05  # ... a step within this share of an em of a glyph's loose box is as wide as it ...
KERNED_MEDIAN = 0.1  # ... and taken where the median step is this share of an em narrower
LOST_GLYPH_SHARE = 0.3  # ... for this share of a font's glyphs: pdfium cannot find its glyphs at all
SPANS_GAP = 0.3  # of an em: a step over an inferred space this much wider than the glyph's loose box spans a gap


def char_widths(textpage: int, kept: np.ndarray, codes: np.ndarray, blank: np.ndarray, style: np.ndarray,
                 styles: dict[str, np.ndarray], objects: np.ndarray, x: np.ndarray, y: np.ndarray,
                 fonts_read: FontsRead | None = None, seen: dict[tuple[str, int], float] | None = None) -> np.ndarray:
    """Each character's glyph advance, stretched by its text's aspect, asked of pdfium once per
    font, size, aspect and glyph. pdfium finds the glyph by its Unicode value, which fails beyond
    the Basic Multilingual Plane or where there is no font (a space pdfium inferred; the loose
    box's width stands in for both) and in a font subset a printer re-encoded, where it finds
    another glyph or none: many glyphs far narrower than their own loose boxes (measured from the
    character's code, but hugging the glyph's ink) give such a font away, and its glyphs' advances
    are measured instead (`measured_advances`), as are those of a font whose text was read again
    (`fonts_read`: pdfium finds no glyph for the codes among the control codes), except where its
    reading gave its glyphs' advances (a font read by its outlines: its own metrics). `seen`
    holds, per font name and code, the advance per point of size measured on earlier pages from
    the letter straight after it: a glyph this page never sets so (')' ending every cell) takes it,
    and this page's such measurements are added to it."""
    numbers: dict[tuple, int] = {}  # styles that share a font, size and aspect share widths
    metric = np.array([numbers.setdefault(key, len(numbers)) for key in zip(
        styles["font"].tolist(), styles["size"].tolist(), styles["aspect"].tolist())], dtype=np.int64)
    char_metric = metric[style]
    _, first, glyph = np.unique(char_metric * 0x110000 + codes, return_index=True, return_inverse=True)
    glyph = glyph.reshape(-1)
    font, size, aspect = (styles[field][style] for field in ("font", "size", "aspect"))
    loose = loose_boxes(textpage, kept[first])
    loose = loose[:, 2] - loose[:, 0]
    font, size, aspect, codes = font[first], size[first], aspect[first], codes[first]
    widths, (at, ) = calls.slots(len(first), 1, np.float32)
    plane = codes <= 0xFFFF
    found = np.zeros(len(first), dtype=bool)
    found[plane] = calls.called(calls.glyph_width_of, font[plane].tolist(), codes[plane].tolist(), size[plane].tolist(),
                           np.array(at, dtype=np.int64)[plane].tolist()) != 0
    advance = np.where(found, widths[:, 0].astype(np.float64) * aspect, loose)
    _, font_number = np.unique(font, return_inverse=True)
    font_number = font_number.reshape(-1)
    wrong = loose > LOST_GLYPH_RATIO * advance + LOST_GLYPH_SLACK * size
    in_lost = (np.bincount(font_number, weights=wrong) / np.bincount(font_number) >= LOST_GLYPH_SHARE)[font_number]
    if fonts_read is not None:
        in_lost |= np.isin(font, fonts_read.handles)
        known = np.array([fonts_read.advances.get(handle, {}).get(code, np.nan)
                          for handle, code in zip(font.tolist(), codes.tolist())], dtype=np.float64)
        given = ~np.isnan(known)
        advance = np.where(given, known * size * aspect, advance)
        in_lost &= ~given
    if not in_lost.any():
        return advance[glyph]
    measured, direct = measured_advances(glyph, len(first), blank, objects, x, y, loose, size * aspect)
    if seen is not None:
        measured = advances_seen(seen, styles["name"][style][first], codes, size * aspect, measured, direct & in_lost)
    measured = shared_advance(measured, char_metric[first], direct)
    plausible = measured <= size  # a step wider than an em spans a gap, not a glyph
    advance = np.where(in_lost, np.where(plausible, measured, loose), advance)
    per_char = advance[glyph]
    # a glyph never measured takes its own loose box, character by character: a letter drawn by a
    # ligature ('f' of 'ffi') would otherwise take the box of wherever it was drawn first
    unmeasured = np.flatnonzero((in_lost & ~plausible)[glyph])
    if len(unmeasured):
        boxes = loose_boxes(textpage, kept[unmeasured])
        per_char[unmeasured] = boxes[:, 2] - boxes[:, 0]
    return per_char


def shared_advance(measured: np.ndarray, metric: np.ndarray, direct: np.ndarray) -> np.ndarray:
    """`measured` (per glyph; NaN where never measured), with a glyph not measured from a letter
    straight after it (`direct`) given the advance the measured glyphs of its font share at its
    size, where they share one (a monospaced font; a few steps that spanned a gap aside): a comma
    always followed by a space is as wide as any other glyph there, and so is a full stop whose
    only steps ran over a gap to the next sentence. More glyphs than the ten digits must agree, as
    figures share one width in most fonts."""
    filled = measured.copy()
    for number in np.unique(metric).tolist():
        mine = metric == number
        known = measured[mine & ~np.isnan(measured)]
        median = np.median(known) if len(known) else np.nan
        agree = np.abs(known - median) <= MONOSPACE_SPREAD * median  # the rest stepped over a gap
        if agree.sum() >= MONOSPACE_MIN_GLYPHS and agree.mean() >= MONOSPACE_SHARE:
            filled[mine & (np.isnan(measured) | ~direct)] = median
    return filled


def measured_advances(glyph: np.ndarray, glyphs: int, blank: np.ndarray, objects: np.ndarray, x: np.ndarray,
                      y: np.ndarray, loose: np.ndarray, em: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per glyph (`glyph`: each character's glyph number, of `glyphs`), the median step from its
    origin to the next letter's in the same text object and line (its advance, with any letter
    spacing), or the unkerned one where the median is kerned (`unkerned_steps`: the glyphs' `loose`
    box widths and `em`s); NaN for a glyph never followed so. A step over a space is no advance,
    unless pdfium put the space at the next letter's origin (it infers them where its own widths
    leave a gap), and then only for a glyph never followed straight by a letter, and only where it
    is not far wider than the glyph's loose box (`SPANS_GAP`). Also which glyphs are so followed."""
    letters = np.flatnonzero(~blank)
    here, there = letters[:-1], letters[1:]
    step = x[there] - x[here]
    # next to each other, or apart only by a space pdfium inferred: at the next letter's origin (no
    # room), or one of no text object (its own widths for this font, which are what is wrong here)
    between = np.minimum(here + 1, len(x) - 1)
    touching = (there == here + 1) | ((there == here + 2) & ((x[between] == x[there]) | (objects[between] == 0)))
    follows = touching & (objects[here] == objects[there]) & (y[here] == y[there]) & (step > 0)
    straight = follows & (there == here + 1)
    # a step over a space that runs well past the glyph's loose box spans the gap pdfium saw: one cell's
    # last glyph and the next cell's first, drawn as one object (')' of '(Good)' and 'T' of 'To ...')
    follows &= straight | (step <= loose[glyph[here]] + SPANS_GAP * em[glyph[here]])
    measured, direct = np.full(glyphs, np.nan), np.zeros(glyphs, dtype=bool)
    # a step over a space takes in the gap that made pdfium infer it (two cells' texts drawn as one
    # object): where a glyph is ever followed straight by a letter, those steps alone measure it
    for kept in (follows, straight):
        medians = pd.Series(step[kept]).groupby(glyph[here][kept]).median()
        measured[medians.index.to_numpy(dtype=np.int64)] = medians.to_numpy()
    unkerned = unkerned_steps(glyph[here][straight], step[straight], medians, loose, em)
    measured[unkerned.index.to_numpy(dtype=np.int64)] = unkerned.to_numpy()
    direct[glyph[here][straight]] = True
    return measured, direct


def unkerned_steps(glyph: np.ndarray, step: np.ndarray, median: pd.Series, loose: np.ndarray,
                   em: np.ndarray) -> pd.Series:
    """Per glyph whose `median` step to the letter straight after it is a kerned one, the step its
    loose box is as wide as (within `LOOSE_AGREES` of an em): the pairs of a kerning class ('T'
    before 'o', 'e', 'a', 0.17 em closer) can outnumber its unkerned steps, and a median that much
    too narrow (`KERNED_MEDIAN` of an em or more) leaves a gap like a word space after the glyph
    ('T he'). Smaller kerns part no words and are left in the median."""
    steps = pd.DataFrame({"glyph": glyph, "step": step, "bin": np.round(step / STEP_BIN).astype(np.int64)})
    bins = steps.groupby(["glyph", "bin"], as_index=False)["step"].median()
    at = bins["glyph"].to_numpy()
    off = np.abs(bins["step"].to_numpy() - loose[at])
    wider = bins["step"].to_numpy() - median.loc[at].to_numpy()
    bins = bins.assign(off=off)[(off <= LOOSE_AGREES * em[at]) & (wider >= KERNED_MEDIAN * em[at])]
    return bins.sort_values("off").drop_duplicates("glyph").set_index("glyph")["step"]


def drawn_advances(x: np.ndarray, y: np.ndarray, blank: np.ndarray) -> np.ndarray:
    """How far each character's origin is from the next one's where a letter (not a space) follows
    on its line: the glyph's advance as drawn, kerning and all (NaN elsewhere)."""
    steps = np.full(len(x), np.nan)
    if len(x) > 1:
        follows = (np.abs(y[1:] - y[:-1]) < 0.5) & ~blank[1:] & (x[1:] > x[:-1])
        steps[:-1] = np.where(follows, x[1:] - x[:-1], np.nan)
    return steps


def advances_seen(seen: dict[tuple[str, int], float], names: np.ndarray, codes: np.ndarray, em: np.ndarray,
                  measured: np.ndarray, direct: np.ndarray) -> np.ndarray:
    """`measured` (per glyph: its font's name, its code, its size times aspect `em`), a glyph not
    measured from a letter straight after it (`direct`) given the advance `seen` on an earlier page,
    where there is one; `seen` takes this page's direct measurements. Fonts with no name (pdftocairo's
    Type 3 glyphs) cannot be told apart from page to page and are left as measured."""
    keys = list(zip(names.tolist(), codes.tolist()))
    named = names != ""
    earlier = np.array([seen.get(key, np.nan) for key in keys]) * em
    measured = np.where(named & ~direct & ~np.isnan(earlier), earlier, measured)
    for at in np.flatnonzero(named & direct & (em > 0)).tolist():
        seen[keys[at]] = measured[at] / em[at]
    return measured


def unread_glyphs_to_their_ink(textpage: int, kept: np.ndarray, codes: np.ndarray, x: np.ndarray,
                                right: np.ndarray) -> np.ndarray:
    """The characters' right edges, an unread glyph's (U+FFFD) where its ink ends: its advance
    is the width of whatever glyph its code finds ('•' as wide as 'Ó', running over the space
    after it), while its ink is its own."""
    unread = np.flatnonzero(codes == REPLACEMENT_CHARACTER)
    if not len(unread):
        return right
    boxes, (left, ink_right, bottom, top) = calls.slots(len(unread), 4, np.float64)
    found = calls.called(calls.char_box_at, repeat(textpage), kept[unread].tolist(), left, ink_right, bottom,
                         top) != 0
    inked = found & (boxes[:, 1] > x[unread])
    right = right.copy()
    right[unread[inked]] = boxes[inked, 1]
    return right


def loose_boxes(textpage: int, indexes: np.ndarray) -> np.ndarray:
    """The characters' loose boxes (left, top, right, bottom): they take in a glyph's overhang, as
    in 'j'."""
    boxes, (at, *_) = calls.slots(len(indexes), 4, np.float32)
    calls.called(calls.loose_box_at, repeat(textpage), indexes.tolist(), at)
    return boxes.astype(np.float64)
