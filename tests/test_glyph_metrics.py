"""Where a PDF's glyphs stand and how wide they are: advances measured where pdfium finds no
glyph (from the page's own steps, an earlier page's, a monospaced font's shared one, or the
installed font's metrics), ligatures as wide as the page draws them, and boxes from a font's
descent. What the glyphs read as: `test_glyphs_and_fonts.py`."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import FIXTURES, ROOT
from page_reading import page_chars
from pipeline.pdf import advances, chars as pdf_chars, documents
from pipeline.pdf.words import CHAR_COLUMNS
from pipeline.tables.grid import Line
from pipeline.tables.line_rows import column_gaps


def test_a_full_stop_measured_only_over_gaps_takes_its_monospaced_font_s_advance():
    """A page of Liberation Mono at 6 pt that reportlab printed and a printer sent through PostScript
    (`full_stop_monospaced_postscript.pdf`): pdfium finds the wrong glyphs (0.29 em), so the page's
    own steps measure them; the full stop is followed by a space nearly everywhere, its steps run
    over gaps, and its loose box (0.36 em) parted '1.' from '2'. It takes the 0.6 em its font's
    glyphs share."""
    words = documents.read_document(FIXTURES / "full_stop_monospaced_postscript.pdf").words
    text = " ".join(words["text"])
    assert "that 1.2 million tasks" in text
    assert "1." not in words["text"].tolist()


def test_a_glyph_kerned_before_most_letters_takes_its_unkerned_advance():
    """A page of DejaVu Sans that Chromium printed and a printer sent through PostScript
    (`kerned_pairs_postscript.pdf`): pdfium finds the wrong glyphs, so the page's own steps measure
    them. 'T' steps 0.17 em less before 'o' (a kerning pair) than before 'h', and 'To' is printed
    more often than 'Th': the median step left 'T' too narrow, and every 'The' read 'T he'. The
    step its loose box agrees with is its advance."""
    words = documents.read_document(FIXTURES / "kerned_pairs_postscript.pdf").words
    texts = words["text"].tolist()
    assert "T" not in texts
    assert texts.count("Thames") == 2 and texts.count("The") == 3 and texts.count("To") == 6


def test_a_ligature_ends_where_the_page_draws_the_next_letter_not_where_its_letters_boxes_reach():
    """LibreOffice's URW Bookman at 10 pt (`ligature_touching_next_column_libreoffice.pdf`): the 'ff' of
    'staff', a cell's last word, was as wide as its letters' loose boxes (7.3 pt) and ended 1.35 pt
    before the next column's 'effective.', less than a word space: 'staffeffective.' ran over the
    column start and ended the table there. The page draws 'ff' 6.3 pt before the next letter."""
    words = documents.read_document(FIXTURES / "ligature_touching_next_column_libreoffice.pdf").words
    texts = words["text"].tolist()
    assert "staffeffective." not in texts and texts.count("staff") == 5 and "effective." in texts
    last = words[(words["text"] == "staff") & words["x0"].between(390, 420)]
    after = words[(words["top"] == last["top"].iloc[0]) & (words["text"] == "effective.")]
    assert float(after["x0"].iloc[0] - last["x1"].iloc[0]) > 2.3  # a word space (1.5 pt) and more


def test_a_glyph_never_measured_takes_the_advance_a_monospaced_font_shares():
    """A comma always followed by a space is never measured; in a monospaced font it is as wide as
    the rest, in a proportional one it is left unmeasured (its loose box stands in). A glyph
    measured only over a gap to the next letter (a full stop before the next sentence: 11.4 pt in
    Liberation Mono at 6 pt, re-encoded by a printer) takes the shared advance too; one measured
    straight keeps its own."""
    metric = np.repeat([0, 1], 15)
    monospaced = np.r_[np.full(13, 4.2), 22.8, np.nan]  # one step spanned a gap; one glyph never measured
    proportional = np.r_[np.linspace(2.0, 6.0, 14), np.nan]
    direct = np.r_[np.ones(13, dtype=bool), True, False, np.ones(14, dtype=bool), False]
    filled = advances.shared_advance(np.r_[monospaced, proportional], metric, direct)
    assert filled[14] == 4.2 and filled[13] == 22.8
    assert np.isnan(filled[29])
    over_a_gap = direct.copy()
    over_a_gap[[13, 28]] = False
    refilled = advances.shared_advance(np.r_[monospaced, proportional], metric, over_a_gap)
    assert refilled[13] == 4.2 and refilled[28] == 6.0  # a proportional font's glyphs share nothing
    digits_only = np.r_[np.full(10, 5.56), np.nan]  # figures share one width in most fonts
    measured_directly = np.r_[np.ones(10, dtype=bool), False]
    assert np.isnan(advances.shared_advance(digits_only, np.zeros(11, dtype=int), measured_directly)[10])


def test_a_glyph_is_measured_by_the_letters_straight_after_it_where_it_has_any():
    """Glyph numbers from a round trip through PostScript (held out: a Chromium printing, 9 pt): ')'
    ends 'Surrey Police (Adequate)', and pdfium inferred a space between it and the next cell's
    'To' 2 pt further on. Measured across that space it was 4.65 pt wide, not 2.46, and fused the
    two cells' words; a glyph only ever followed across a space is marked, for another page to
    measure it."""
    # ')', a space pdfium inferred at the next letter's origin, 'T', 'o'; on the next line ')', '.'
    glyph = np.array([0, 4, 1, 2, 0, 3])  # ')' 0, 'T' 1, 'o' 2, '.' 3, space 4
    blank = np.array([False, True, False, False, False, False])
    objects = np.ones(6, dtype=np.uint64)
    x = np.array([107.24, 111.89, 111.89, 116.39, 200.0, 202.46])
    y = np.array([0.0, 0.0, 0.0, 0.0, 12.0, 12.0])
    loose, em = np.array([2.5, 5.5, 5.0, 2.25, 2.5]), np.full(5, 9.0)  # per glyph: its loose box's width, its size
    measured, direct = advances.measured_advances(glyph, 5, blank, objects, x, y, loose, em)
    assert measured[0] == pytest.approx(2.46) and direct[0]  # before '.', not across the gap before 'T'
    measured, direct = advances.measured_advances(glyph[:4], 5, blank[:4], objects[:4], x[:4], y[:4], loose, em)
    assert measured[0] == pytest.approx(4.65) and not direct[0]  # only ever followed across a space


def test_a_glyph_a_page_only_sets_across_a_space_takes_its_advance_from_an_earlier_page():
    """')' measured from a '.' straight after it on page 1 (2.46 pt at 9 pt) is as wide on page 3,
    where it only ends cells; fonts with no name cannot be told apart between pages."""
    seen: dict = {}
    names = np.array(["ZURWFL+LiberationSansNarrow_00", ""], dtype=object)
    codes, em = np.array([41, 41]), np.array([9.0, 9.0])
    advances.advances_seen(seen, names, codes, em, np.array([2.46, 2.46]), np.array([True, True]))
    assert seen == {("ZURWFL+LiberationSansNarrow_00", 41): pytest.approx(2.46 / 9)}
    later = advances.advances_seen(seen, names, codes, np.array([6.0, 6.0]), np.array([4.65, 4.65]),
                                   np.array([False, False]))
    assert later == pytest.approx([2.46 / 9 * 6, 4.65])


def test_a_type3_font_upside_down_in_its_own_space_keeps_its_boxes_on_its_text():
    """pdfium gives such a font's ascent and descent with their signs turned (pdftocairo's Type 3
    fonts); taken as given, every box stood most of a line above its text, across the rules."""
    assert pdf_chars.font_descent(-0.21, 0.9) == -0.21
    assert pdf_chars.font_descent(0.734, -0.246) == -0.246
    assert pdf_chars.font_descent(0.687, 0.684) == pdf_chars.USUAL_DESCENT
    words = documents.read_document(ROOT / "tests" / "zoo" / "printings"
                                    / "chromium-q6767-c23-a6-cff-bookman-type3-descent-cairo.pdf").words
    assert (words["bottom"] > words["top"]).all() and (words["top"] >= 0).all()


def test_a_font_stating_no_ascent_nor_descent_is_boxed_with_the_usual_descent():
    """A PostScript round trip writes Type 3 fonts that state neither (pdfium gives 0 for both):
    boxed from the baseline, a cell's first line stood a descent above its letters, and the rule
    set just over them seemed to cross it (the line went to the row above). A font that states an
    ascent but no descent keeps its 0."""
    assert pdf_chars.font_descent(0.0, 0.0) == pdf_chars.USUAL_DESCENT
    assert pdf_chars.font_descent(0.0, 0.001) == pdf_chars.USUAL_DESCENT
    assert pdf_chars.font_descent(0.0, 0.72) == 0.0
    document = documents.read_document(ROOT / "tests" / "zoo" / "printings" / (
        "chromium-e15233-both-a5a7-urw-narrow-full-rules-postscript-font-with-no-descent-first-lines-under-"
        "their-rules.pdf"))
    rules = document.rulings[document.rulings["bottom"] - document.rulings["top"] < 1.0]
    crossed = 0
    for word in document.words[document.words["text"] == "Using"].itertuples():
        over = rules[(rules["page"] == word.page) & (rules["x0"] <= word.x0) & (rules["x1"] >= word.x1)]
        crossed += int(((over["top"] > word.top) & (over["top"] < word.top + 0.3 * word.size)).sum())
    assert crossed == 0


def test_a_glyph_of_another_font_does_not_stretch_its_line_into_the_next():
    """A bullet in another font whose box sits higher than its line's words: the line's part in its
    column is measured by its words' median box, so lines 0.75 pt apart stay 0.75 pt apart."""
    arrays = {"top": np.array([2.0, 10.0, 10.0, 8.45, 18.25, 18.25]),
              "bottom": np.array([9.5, 17.5, 17.5, 15.95, 25.75, 25.75])}
    lines = [Line(top=2.0, bottom=9.5, pieces=[(0, [0])]), Line(top=8.45, bottom=17.5, pieces=[(0, [1, 2, 3])]),
             Line(top=18.25, bottom=25.75, pieces=[(0, [4, 5])])]
    assert list(column_gaps(lines, arrays, np.zeros(0), 0.0)) == [0.5, 0.75]  # the bullet's top would overlap


def test_a_font_read_by_its_outlines_takes_its_glyphs_advances_from_its_own_metrics():
    """A glyph of a font read by its outlines is as wide as the font's own metrics say, not as its
    steps on the page measure: a ')' that ends a header cell was measured across the gutter after it,
    so 'Force (grading)' ran into 'Objective' in the next cell. Every character of the fixture
    (`codes_not_letters_postscript.pdf`) is as wide as Liberation Sans makes it."""
    from fontTools.ttLib import TTFont
    fonts = {name: TTFont(FIXTURES / "fonts" / f"{name}.ttf")
             for name in ("LiberationSans-Regular", "LiberationSans-Bold")}
    chars = pd.DataFrame(page_chars(FIXTURES / "codes_not_letters_postscript.pdf")[1], columns=CHAR_COLUMNS)
    drawn = chars[chars["text"] != " "]
    for text, fontname, size, width in zip(drawn["text"], drawn["fontname"], drawn["size"], drawn["x1"] - drawn["x0"]):
        font = fonts["LiberationSans-Bold" if fontname.endswith("Bold") else "LiberationSans-Regular"]
        advance = font["hmtx"][font.getBestCmap()[ord(text)]][0] / font["head"].unitsPerEm * size
        assert abs(width - advance) < 0.01, (text, width, advance)


def test_a_glyph_measured_only_over_a_gap_to_the_next_cell_keeps_its_own_width():
    """Chromium's practices table in URW Bookman, drawn as Type 3 glyphs without names (page 9 of a
    held-out printing: `closing_bracket_type3_chromium.pdf`). pdfium cannot find these glyphs, so
    their advances are measured from one origin to the next; on this page ')' is never followed
    straight by a letter, only over a space pdfium inferred: 'Northumbria Police (Good)' and the
    next cell's 'To ...', drawn as one object. That step spans the gutter (0.75 em against a loose
    box of 0.3 em): taken for the advance, ')' reached the next column and '(Good)To' was one word,
    naming no force."""
    document = documents.read_document(FIXTURES / "closing_bracket_type3_chromium.pdf")
    words = document.words
    bracketed = words.loc[words["text"].str.contains(")", regex=False), "text"].tolist()
    assert bracketed.count("(Good)") == 3 and "(FMS)" in bracketed
    assert not [word for word in bracketed if not word.endswith(")")]
    good = words[words["text"] == "(Good)"].sort_values("top").iloc[0]
    after = words[(words["top"] == good["top"]) & (words["x0"] > good["x0"])].sort_values("x0").iloc[0]
    assert after["text"] == "To" and after["x0"] - good["x1"] > 2.0
