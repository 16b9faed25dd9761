"""What a PDF's fonts' maps to Unicode say, where pdfium does not tell: read with pdfminer.

Ghostscript's pdfwrite writes the ligatures whose text it cannot map as 'û', 'ü', ... (U+00FB
counted up), in the standard order of the ligatures (ﬀ, ﬁ, ﬂ, ﬃ, ﬄ) it did not map; those it
could map it writes as themselves. Which ones those are is in the maps, not in the text: a font's
map may hold 'ﬀ' for a glyph the page never prints. Some fonts' slips give two ligatures one code
('ﬁ' and 'ﬃ'); their widths tell them apart.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.pdf.text import LIGATURES, slipped_ligatures

ONE_BYTE_CODES = re.compile(rb"begincodespacerange\s*<[0-9a-fA-F]{2}>")
TARGET = re.compile(rb"<([0-9a-fA-F]{4})>")
SLIPPED = {f"{0x00FB + k:04x}".encode() for k in range(5)}


def spell_ghostscript_ligatures(chars: pd.DataFrame, path: Path) -> tuple[pd.DataFrame, int]:
    """The characters of a PDF Ghostscript wrote, its slipped ligature codes spelled as the
    ligatures they stand for (`spell_slipped_ligatures`, by what the maps hold), and how many were.
    The maps are read only where a slip is printed."""
    slipped = slipped_ligatures()
    if not chars["text"].isin([chr(code) for code in slipped]).any():
        return chars, 0
    spelled = spell_slipped_ligatures(chars, slipped_ligatures(ligatures_mapped_beside_slips(path)))
    return spelled, int((spelled["text"] != chars["text"]).sum())


def ligatures_mapped_beside_slips(path: Path) -> set[str]:
    """The ligatures that a font of the PDF maps to their own code points in its map to Unicode,
    among the one-byte fonts whose map also sends a code to 'û'..'ÿ'."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    mapped: set[str] = set()
    with open(path, "rb") as handle:
        document = PDFDocument(PDFParser(handle))
        for xref in document.xrefs:
            for number in xref.get_objids():
                try:
                    font = document.getobj(number)
                    stream = resolve1(font.get("ToUnicode")) if isinstance(font, dict) else None
                    data = stream.get_data() if isinstance(stream, PDFStream) else b""
                except Exception:  # a damaged object says nothing of the maps; pdfium read the pages
                    continue
                targets = {target.lower() for target in TARGET.findall(data)}
                if ONE_BYTE_CODES.search(data) and targets & SLIPPED:
                    mapped |= {ligature for ligature in LIGATURES if f"{ord(ligature):04x}".encode() in targets}
    return mapped


WIDER_LIGATURES = {"\ufb01": "\ufb03", "\ufb02": "\ufb04"}  # 'ﬁ' -> 'ﬃ', 'ﬂ' -> 'ﬄ': one 'f' more


def spell_slipped_ligatures(chars: pd.DataFrame, slipped: dict[int, str]) -> pd.DataFrame:
    """The characters, each of Ghostscript's slipped codes ('û', ...) written as the ligature it
    stands for (`slipped`), or as the one of three letters where its glyph is as wide as those
    letters together: some fonts' slips give 'ﬁ' and 'ﬃ' one code ('oûcers', 'ûfty'), and only
    the widths tell them apart, measured against the plain 'f', 'i' and 'l' of the same font."""
    codes = [slipped.get(ord(text)) if len(text) == 1 else None for text in chars["text"]]
    if not any(codes):
        return chars
    per_point = advances(chars) / chars["size"].where(chars["size"] > 0)
    letters = chars[chars["text"].isin(["f", "i", "l"])].assign(width=per_point)
    widths = letters.groupby(["fontname", "text"])["width"].median().to_dict()
    spelled = []
    for text, ligature, font, width in zip(chars["text"], codes, chars["fontname"], per_point):
        if ligature is None:
            spelled.append(text)
            continue
        wider = WIDER_LIGATURES.get(ligature)
        f, last = widths.get((font, "f")), widths.get((font, "i" if ligature == "\ufb01" else "l"))
        if wider and f and last and pd.notna(width) and abs(width - (2 * f + last)) < abs(width - (f + last)):
            ligature = wider
        spelled.append(ligature)
    return chars.assign(text=pd.Series(spelled, index=chars.index, dtype=object))


def advances(chars: pd.DataFrame) -> pd.Series:
    """How far each character's origin is from the next one's on its line (NaN for a line's last):
    what the page drew, where a slipped code's width in the font would be another glyph's."""
    following = chars.shift(-1)
    same_line = (following["page"] == chars["page"]) & ((following["top"] - chars["top"]).abs() < 0.5)
    return (following["x0"] - chars["x0"]).where(same_line & (following["x0"] > chars["x0"]))
