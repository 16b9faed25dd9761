"""Glyphs pdfium leaves out of a page's text, put back as pdfminer reads them.

In a font whose code 32 draws a letter (a subset that numbers its glyphs as the document first
used them, read by `glyph_numbers`), pdfium takes each glyph of that code for a space, and one
drawn right after another for a second space, which it drops: 'N/A' in one cell, then 'Adequate'
in the next, reads 'dequate'. pdfminer lists every glyph a page draws, so on a page where pdfium
may have dropped one (such a letter followed on its line by a gap it could stand in), the glyphs
pdfminer finds at code 32 of such a font with no character of pdfium's at their origin are put
back, as the letter that code draws.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

ORIGIN_PT = 0.5  # points: a glyph of pdfminer's and a character of pdfium's this close are one


def may_have_dropped(letters: np.ndarray, y: np.ndarray, x0: np.ndarray, x1: np.ndarray, size: np.ndarray) -> bool:
    """Whether some character that is such a letter (`letters`) is followed on its line by a gap as
    wide as half its size at least: room for the one pdfium dropped after it."""
    at = np.flatnonzero(letters[:-1])
    same_line = np.abs(y[at + 1] - y[at]) < ORIGIN_PT
    return bool((same_line & (x0[at + 1] - x1[at] >= 0.5 * size[at])).any())


def glyphs_at_code_32(source: Path, number: int, fonts: set[str]) -> list[tuple[str, float, float, float]]:
    """(font, x0, x1, baseline) of every glyph page `number` of `source` draws at code 32 in one of
    `fonts` (names without their subset tag), as pdfminer reads the page: a glyph with no map to
    Unicode in a font encoded as WinAnsi reads ' ' there only for code 32."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    with open(source, "rb") as handle:
        page = next(PDFPage.get_pages(handle, pagenos={number - 1}), None)
        if page is None:
            return []
        resources = PDFResourceManager()
        device = PDFPageAggregator(resources, laparams=None)  # every glyph as drawn, none grouped
        PDFPageInterpreter(resources, device).process_page(page)
        layout = device.get_result()
    found = []
    for item in layout:
        if isinstance(item, LTChar) and item.get_text() == " ":
            font = item.fontname.split("+", 1)[-1]
            if font in fonts:
                found.append((font, float(item.x0), float(item.x1), float(item.matrix[5])))
    return found


def restore_dropped_glyphs(chars: dict[str, np.ndarray], baseline: np.ndarray, source: Path, number: int,
                           letters: dict[str, str]) -> tuple[dict[str, np.ndarray], int]:
    """`chars` (a page's characters, `chars.page_chars`' columns; `baseline`: each one's origin y) with
    every glyph pdfium dropped put back (see the module docstring; `letters`: font name → the letter
    its code 32 draws), each before the first character right of it on its line, in that one's box
    and font; and how many were."""
    fonts = np.asarray(chars["fontname"], dtype=object)
    is_letter = np.array([letters.get(font) == text for font, text in zip(fonts.tolist(), chars["text"].tolist())],
                         dtype=bool)
    if not is_letter.any() or not may_have_dropped(is_letter, baseline, chars["x0"], chars["x1"], chars["size"]):
        return chars, 0
    inserts: list[tuple[int, str, float, float]] = []
    for font, x0, x1, y in glyphs_at_code_32(source, number, set(letters)):
        on_line = np.abs(baseline - y) < ORIGIN_PT
        if (on_line & (fonts == font) & (np.abs(chars["x0"] - x0) < ORIGIN_PT)).any():
            continue
        after = np.flatnonzero(on_line & (chars["x0"] > x0))
        if len(after):
            inserts.append((int(after[0]), letters[font], x0, x1))
    if not inserts:
        return chars, 0
    inserts.sort(key=lambda insert: (insert[0], insert[2]))
    at = np.array([index for index, *_ in inserts])
    restored = {column: np.insert(values, at, values[at]) for column, values in chars.items()}
    positions = at + np.arange(len(at))  # where each one lands once those before it are in
    text = restored["text"]
    text[positions] = [letter for _, letter, _, _ in inserts]
    restored["x0"][positions] = [x0 for *_, x0, _ in inserts]
    restored["x1"][positions] = [x1 for *_, x1 in inserts]
    return restored, len(inserts)
