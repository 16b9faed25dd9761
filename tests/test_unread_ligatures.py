"""Unread glyphs spelled as ligatures by their widths and the words they stand in.

The widths are those measured on the printings where the cases came from: Chromium's PDFs of
held-out set 31 (#0) and 30 (#12, #15), printed to PostScript and distilled again, whose
ligatures came back with no text. The zoo printing
`chromium-e6363-c21-m25-a2-postscript-ligatures-unread` reads them end to end.
"""
from __future__ import annotations

import pandas as pd

from pipeline.pdf.text import UNREADABLE
from pipeline.pdf.unread_ligatures import UnreadGlyphs, ligature_of, mark_unread_glyphs, spell_unread_ligatures

MARK = chr(0xF0000)
BOOKMAN = {"f": 0.298, "i": 0.3, "l": 0.3}  # URW Bookman Light, drawn as Type 3 glyphs with no names
DEJAVU_SERIF_BOLD = {"f": 0.391, "i": 0.308, "l": 0.308}


def test_width_alone_spells_a_ligature_of_two_letters_from_one_of_three():
    assert ligature_of(MARK, 0.634, BOOKMAN, [f"o{MARK}enders", f"sta{MARK}"], set()) == "\ufb00"


def test_english_words_decide_what_the_width_leaves_in_play():
    # ﬃ and ﬄ are as wide as each other in a font whose 'i' and 'l' are: 'officers' is English
    assert ligature_of(MARK, 0.935, BOOKMAN, [f"o{MARK}cers", f"O{MARK}ce"], set()) == "\ufb03"
    # ﬁ and ﬂ likewise: 'identified', not 'identifled' (though 'stifled' sets 'fl' between 'ti' and 'ed')
    assert ligature_of(MARK, 0.667, DEJAVU_SERIF_BOLD, [f"identi{MARK}ed"], set()) == "\ufb01"


def test_the_documents_own_words_come_before_english():
    assert ligature_of(MARK, 0.62, {"f": 0.316, "i": 0.25, "l": 0.25}, [f"Sta{MARK}ordshire"],
                       {"staffordshire"}) == "\ufb00"


def test_a_glyph_not_inside_words_stays_unread_however_wide():
    assert ligature_of(MARK, 0.572, {"f": 0.316, "i": 0.25, "l": 0.25}, [f"{MARK}2.3m"], set()) == UNREADABLE
    assert ligature_of(MARK, 0.6, BOOKMAN, [MARK, f"o{MARK}enders"], set()) == UNREADABLE


def test_a_glyph_as_wide_as_no_ligature_stays_unread():
    assert ligature_of(MARK, 0.25, BOOKMAN, [f"o{MARK}enders"], set()) == UNREADABLE


def test_words_that_fit_no_ligature_leave_a_glyph_unread():
    assert ligature_of(MARK, 0.634, BOOKMAN, [f"xq{MARK}zv"], set()) == UNREADABLE


def test_marked_glyphs_are_spelled_across_pages_and_the_rest_left_unread():
    """Marking is per font and code: the same glyph on two pages is one glyph, weighed once."""
    seen = UnreadGlyphs()
    pages = []
    for page, (first, second) in enumerate([("sta", ""), ("o", "enders")], start=1):
        text = list(first) + ["?"] + list(second) + [" ", "f", "i", "l", "?", "5"]
        unread = pd.Series([char == "?" for char in text]).to_numpy()
        keys = [("Font", 200 if index < len(first) + 1 else 201) for index in range(len(text))]
        x = [5.0 * index for index in range(len(text))]  # where they are matters only to make words
        marked = mark_unread_glyphs(pd.Series(text, dtype=object).to_numpy(), unread, keys, ["Font"] * len(text),
                                    pd.Series([{"f": 2.98, "i": 3.0, "l": 3.0, "?": 6.34}.get(c, float("nan"))
                                               for c in text]).to_numpy() / 10, seen)
        pages.append(pd.DataFrame({"page": page, "text": marked, "x0": x, "x1": [v + 1 for v in x],
                                   "top": 0.0, "bottom": 10.0, "fontname": "Font", "size": 10.0}))
    chars, read = spell_unread_ligatures(pd.concat(pages, ignore_index=True), seen)
    assert len(seen.marks) == 2 and seen.widths[seen.marks["Font", 200]] == [0.634, 0.634]
    assert "".join(chars["text"]).split(" ")[0] == "sta\ufb00"
    assert read == 2
    assert UNREADABLE in "".join(chars["text"])  # the glyph before '5' stays unread


def test_a_font_with_no_plain_f_to_measure_against_is_spelled_only_by_whole_words():
    """A page of a grades matrix prints force names alone: its font's 'f' only ever inside 'ﬀ'
    (h30 #27, URW's serif drawn as Type 3 glyphs with no names, so known on its page only)."""
    no_f = {"f": None, "i": 0.278, "l": 0.278}
    names = [f"Sta{MARK}ordshire", f"Su{MARK}olk"]
    assert ligature_of(MARK, 0.605, no_f, names, {"staffordshire", "suffolk"}) == "\ufb00"
    assert ligature_of(MARK, 0.605, no_f, names, set()) == "\ufb00"  # English words know both
    assert ligature_of(MARK, 0.605, no_f, [f"Xa{MARK}orqy"], set()) == UNREADABLE  # letters around it are not enough


def test_a_glyph_pdfium_splits_into_a_ligature_s_letters_reads_as_one_glyph_by_its_outline():
    """Chromium's Liberation Serif sent through PostScript (a held-out printing, now in the zoo): its
    en dash lands in a later part of the font with no text, at a code pdfium takes for 'ﬂ' and gives
    as two letters, 'f' and 'l', at one origin. The installed font's outlines read the glyph as '–'
    (`tests/fixtures/fonts`); read letter by letter, neither code was one of the part's, and the dash
    became two unreadable characters. The letters of one glyph are read as that glyph."""
    from conftest import ROOT
    from pipeline.pdf.documents import read_document

    document = read_document(ROOT / "tests" / "zoo" / "printings"
                             / "chromium-e6622-c21-a2a7-serif-en-dashes-read-as-one-ligature-postscript.pdf")
    texts = document.words["text"].tolist()
    assert texts.count("–") >= 4 and not any(UNREADABLE in text for text in texts)
