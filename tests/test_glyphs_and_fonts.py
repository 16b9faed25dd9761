"""Reading what a PDF's fonts draw: glyphs pdfium gives no text or the wrong text for (read by their
numbers, names or outlines), ligatures, and advances measured where a font gives none. Bold faces
told by their names or by their glyphs' widths: `test_bold_faces.py`. Words as pdfplumber groups
them, lines, clips and the workers' imports: `test_reading.py`."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import FIXTURES, ROOT, RULED
from page_reading import page_chars, pdfplumber_page_words
from pipeline.pdf import advances, chars as pdf_chars, documents
from pipeline.pdf.words import CHAR_COLUMNS
from pipeline.tables.grid import Line
from pipeline.tables.line_rows import column_gaps


def unmapped_code_pdf(text: str) -> bytes:
    """A one-page PDF in Helvetica whose code 73 ('I' in WinAnsi) is renamed 'sterlin' (a glyph name
    Ghostscript cut short) and left out of the font's map to Unicode, as Ghostscript writes it."""
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapType 2 def /CMapName /U def "
            "1 begincodespacerange <00> <ff> endcodespacerange 1 beginbfrange <20> <48> <0020> endbfrange "
            "1 beginbfrange <4a> <7e> <004a> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end")
    content = f"BT /F1 12 Tf 72 700 Td ({text}) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R /Encoding << /Type /Encoding "
        "/BaseEncoding /WinAnsiEncoding /Differences [73 /sterlin] >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        f"<< /Length {len(cmap)} >>\nstream\n{cmap}\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def test_a_letter_beyond_the_basic_plane_is_read_as_one_character():
    pdf = FIXTURES / "old_italic_chromium.pdf"
    ours = documents.read_document(pdf).words
    theirs = pdfplumber_page_words(pdf)
    assert "\U00010300\U00010301" in ours["text"].tolist()
    assert ours["text"].tolist() == theirs["text"].tolist()
    assert np.allclose(ours[["x0", "size"]], theirs[["x0", "size"]], atol=0.5)  # the two parsers round differently


def test_a_font_whose_glyphs_pdfium_cannot_find_reads_in_whole_words():
    """Ghostscript re-encodes a monospaced subset so that pdfium finds the wrong glyph by Unicode
    (half the advance) and infers a space after every letter: the advances are measured instead,
    and spaces with no room are dropped, so the header and body read in words."""
    words = documents.read_document(FIXTURES / "monospaced_table_ghostscript.pdf").words
    texts = words["text"].tolist()
    for word in ("Constabulary", "Preventing", "Investigating", "Somerset", "improvement"):
        assert word in texts
    assert not any(len(text) == 1 and text.isalpha() and text not in "aAI" for text in texts)
    mono = words[words["text"] == "Constabulary"]
    assert np.allclose(mono["x1"] - mono["x0"], 12 * 0.6 * mono["size"], atol=0.3)  # 12 letters of 0.6 em


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


def test_a_bold_face_with_one_letter_measured_narrower_is_still_bold():
    """Chromium's Nimbus Roman sent through PostScript comes back as Type 3 fonts with no name
    (`bold_f_measured_narrower_type3_postscript.pdf`, page 2 of a held-out printing): bold is told
    by the glyphs' widths, and the bold 'f', measured from its kerned steps, was 11% narrower than
    the regular's, so neither the heading nor the grades matrix's header row read bold, and no row
    was read under the header. One letter among many measured amiss does not decide."""
    words = documents.read_document(FIXTURES / "bold_f_measured_narrower_type3_postscript.pdf").words
    assert words.loc[words["text"] == "Section", "bold"].all()
    first = words[words["text"] == "Constabulary"].sort_values("top")
    assert bool(first["bold"].iloc[0]) and not bool(first["bold"].iloc[-1])  # the header row's, a force's
    assert not words.loc[words["text"] == "Avon", "bold"].any()


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


def test_a_dash_drawn_from_another_part_of_a_font_read_by_glyph_numbers_is_unread_not_a_line_break():
    """Chromium's Liberation Sans Narrow sent through PostScript (`dash_in_another_font_part_postscript.pdf`):
    the font is split into parts of 256 glyphs whose codes are glyph numbers; the en dash is code 10 of
    the part '_02', which pdfium gives as a line break, so the dash vanished ('Hampshire a'). Every
    code of such a part is a glyph: it reads as U+FFFD, which the report names."""
    words = documents.read_document(FIXTURES / "dash_in_another_font_part_postscript.pdf").words
    texts = words["text"].tolist()
    assert texts[texts.index("Hampshire") + 1] == "\ufffd"


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


def test_a_glyph_pdfium_leaves_out_of_the_text_does_not_shift_the_characters_after_it():
    """A glyph Ghostscript left with no text has pdfium's mark code 2, which its text of the page
    skips: read by that text alone, every later character took the next one's letter (the rows
    under it were lost). It reads as U+FFFD, and the rest of the page as printed."""
    words = documents.read_document(FIXTURES / "glyph_without_text_ghostscript.pdf").words
    texts = words["text"].tolist()
    assert "\ufffd31.8m" in texts
    for word in ("Humberside", "(Outstanding)", "workforce", "considering"):
        assert word in texts
    assert words["size"].min() > 5  # no letter took another's box


def test_a_glyph_with_no_text_reads_by_its_outline_where_its_font_is_installed():
    """reportlab's DejaVu Serif printed again by Ghostscript (`pound_without_text_ghostscript.pdf`,
    page 6 of a held-out printing): the '£' of '£2.3m' is drawn at code 1, which the font's map
    leaves out. DejaVu Serif is installed (`tests/fixtures/fonts`), the page's other letters read
    alike by its outlines, and its '£' glyph is the one drawn: it reads as '£', not U+FFFD. Without
    the font installed it stays unread, as the Liberation Mono of the page above does."""
    document = documents.read_document(FIXTURES / "pound_without_text_ghostscript.pdf")
    texts = document.words["text"].tolist()
    assert "£2.3m" in texts and not any("\ufffd" in text for text in texts)
    assert document.repairs["outline"] == 1 and document.repairs["unmapped"] == 0


def test_a_cff_glyph_whose_name_ghostscript_cut_reads_by_its_outline():
    """LibreOffice's URW Nimbus Sans Narrow (a CFF font, embedded as Type 1C) printed again by
    Ghostscript (`pound_glyph_name_cut_cff_libreoffice.pdf`, page 4 of a held-out printing): the
    glyph of '£31.8m' is named 'sterlin', a name no map knows, so pdfium gives its bare code ('F').
    The font installed (`tests/fixtures/fonts`, PostScript name 'NimbusSansNarrow-Regular' for the
    embedded 'NimbusSansNarrow') draws the same outline as its 'sterling'."""
    document = documents.read_document(FIXTURES / "pound_glyph_name_cut_cff_libreoffice.pdf")
    texts = document.words["text"].tolist()
    assert "£31.8m" in texts and not any("\ufffd" in text for text in texts)
    assert document.repairs["outline"] == 1 and document.repairs["unmapped"] == 0


def test_a_later_part_of_a_font_split_for_postscript_reads_by_its_outlines():
    """Chromium's DejaVu Sans Condensed Bold sent through PostScript, split into parts of 256 glyphs
    (`ligature_in_a_later_font_part_postscript.pdf`): the 'ﬀ' of 'offenders' is a glyph of the part
    '_13', whose codes are glyph numbers past the standard order. The font is installed, so the
    glyph reads by its outline as 'ﬀ', as wide as the font's metrics say: 'offenders' is one word,
    not spelled from an unread glyph nor parted where the ligature's box ends."""
    document = documents.read_document(FIXTURES / "ligature_in_a_later_font_part_postscript.pdf")
    assert "offenders" in document.words["text"].tolist()
    assert document.repairs["outline"] == 2 and document.repairs["ligature"] == 0


@pytest.mark.parametrize("engine", ["libreoffice", "chromium", "urw_chromium"])
def test_ligatures_ghostscript_wrote_wrongly_read_as_their_letters(engine):
    """Ghostscript writes the text of f-ligatures wrongly, differently after each engine (byte-swapped
    UTF-16, 'ffi' with its last two letters summed into one unit; or 'û'..'ÿ' for 'ﬀ'..'ﬄ', or, in
    URW's Nimbus Sans, whose 'ﬀ' its map holds right, 'û' for both 'ﬁ' and 'ﬃ', 'ü' for 'ﬂ' and
    'ﬄ', told apart by how far the page moves on after them): every word reads as set, and each
    mended ligature is counted as a ligature repair (twice after LibreOffice, whose two-unit
    ligatures are also two characters at one origin, merged into one)."""
    document = documents.read_document(FIXTURES / f"ligatures_{engine}_ghostscript.pdf")
    line = "officers baffled fifty affect flow office shuffle waffle"
    assert " ".join(document.words["text"]) == line + (" still" if engine == "urw_chromium" else "")
    assert document.repairs["ligature"] == {"libreoffice": 16, "chromium": 8, "urw_chromium": 8}[engine]


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
    assert np.isnan(advances.shared_advance(digits_only, np.zeros(11, dtype=int), np.r_[np.ones(10, dtype=bool), False])[10])


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


def test_glyph_numbers_from_a_postscript_round_trip_read_as_their_letters():
    """Chromium's TrueType text through pdftops and ps2pdf: codes that are glyph numbers, no map to
    Unicode ('8.3ROLFLQJ'), read by the standard glyph order; a PDF whose fonts map their codes to
    glyphs of the same number but also to Unicode (LibreOffice's) is left as it reads."""
    document = documents.read_document(FIXTURES / "glyph_numbers_postscript.pdf")
    text = " ".join(document.words["text"])
    assert "UK Policing Compendium of Operational Practice" in text
    assert "V1.5 February 2025" in text and "(2023-25 before 2021-22)." in text
    assert "Version Number" in text and "Published" in text  # the bold header line has no digit nor space to tell
    assert document.repairs["glyph_numbers"] > 100
    assert documents.read_document(RULED).repairs["glyph_numbers"] == 0


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


def test_the_later_parts_of_a_font_read_as_glyph_numbers_are_read_by_outline_or_left_unread(tmp_path, monkeypatch):
    """pdftops splits a TrueType font into parts of 256 glyphs; in a later part ('_07') the codes of
    '•' and '£' read as other letters ('Ó'; pdfium reports them as Mac Roman reads them). Where the
    font is installed (Liberation Sans, among the tests' fonts) its outlines read them; where it is
    not, they are shown as unread (U+FFFD), never misread."""
    document = documents.read_document(FIXTURES / "glyph_parts_postscript.pdf")
    text = " ".join(document.words["text"])
    assert "Themes: • staying safe; • the night-time economy." in text
    assert "An investment of £30,000." in text and "UK Policing Compendium" in text
    monkeypatch.setenv("PEEL_FONT_DIRS", str(tmp_path / "no-fonts"))
    document = documents.read_document(FIXTURES / "glyph_parts_postscript.pdf")
    text = " ".join(document.words["text"])
    assert "Themes: \ufffd staying safe; \ufffd the night-time economy." in text
    assert "An investment of \ufffd30,000." in text and "UK Policing Compendium" in text


def test_glyphs_past_the_standard_order_and_mac_roman_codes_are_read_by_outline():
    """Chromium's DejaVu Sans Condensed sent through PostScript and back (pages 4 and 8 of a held-out
    printing): the first part of the font ('_00') gives glyph numbers, read by the standard order of
    TrueType glyphs, which ends before '£'; a later part draws the en dash at 0xF6, which pdfium
    reports as Mac Roman reads it ('ˆ'), and 'ﬃ' at 0xB4 ('¥'). The installed font's outlines read
    all of them: no character is left unread."""
    document = documents.read_document(FIXTURES / "pound_past_the_standard_order_postscript.pdf")
    words = document.words["text"].tolist()
    assert {"£97,000", "£45,000", "£1m", "–", "Office", "officers"} <= set(words)
    assert not any("\ufffd" in word for word in words)
    assert document.repairs["outline"] > 0


def test_later_parts_numbered_in_hexadecimal_stay_inside_whole_words_and_their_ligatures_are_spelled():
    """DejaVu Serif's ligatures lie past its 2,560th glyph: pdftops puts them in a part named '_0c',
    where 'ﬀ' read as 'Ú' in a word of its own ('Sta Ú ordshire'). The parts of one font are one
    font, so the word stays whole, and the glyph, given no text, is spelled by its width and the
    words it stands in (`unread_ligatures`); never as the letter its code finds."""
    document = documents.read_document(FIXTURES / "glyph_parts_hex_postscript.pdf")
    words = document.words["text"].tolist()
    assert {"Staffordshire", "offenders", "identified,", "staff"} <= set(words)
    assert not any("Ú" in word or "\ufffd" in word for word in words)
    assert document.repairs["ligature"] == 4


def test_a_postscript_font_come_back_as_type3_glyph_numbers_reads_by_the_cff_standard_strings():
    """URW Bookman (CFF) printed by Chromium, sent through PostScript and back: two Type 3 fonts
    with no program and no map to Unicode, whose codes are glyph numbers ('UK' as '6,'). Read by the
    order of CFF's standard strings, the text is whole, and the bold header is told by its glyphs."""
    document = documents.read_document(FIXTURES / "cff_type3_postscript.pdf")
    text = " ".join(document.words["text"])
    assert "UK Policing Compendium of Operational Practice" in text
    assert "Included relevant updates from 6 forces." in text and "\ufffd" not in text
    assert document.repairs["glyph_numbers"] > 200
    bold = dict(zip(document.words["text"], document.words["bold"]))
    assert bold["Updates"] and bold["Published"] and not bold["February"]


def test_a_code_its_font_gives_no_text_for_is_left_unread_not_read_as_its_own_letter(tmp_path):
    """LibreOffice's CFF fonts sent through PostScript and back: Ghostscript cut the glyph name
    'sterling' to 'sterlin' and left its code (73) out of the font's map to Unicode; pdfium gives
    the code itself, 'I', and '£45,000' read as 'I45,000', silently. pdfium marks such a character,
    and it is left unread, which `unreadable_text` reports; the letters the map gives are kept."""
    pdf = tmp_path / "unmapped.pdf"
    pdf.write_bytes(unmapped_code_pdf("An investment of I30,000."))
    document = documents.read_document(pdf)
    assert " ".join(document.words["text"]) == "An investment of \ufffd30,000."
    assert document.repairs["unmapped"] == 1


def test_a_glyph_of_another_font_does_not_stretch_its_line_into_the_next():
    """A bullet in another font whose box sits higher than its line's words: the line's part in its
    column is measured by its words' median box, so lines 0.75 pt apart stay 0.75 pt apart."""
    arrays = {"top": np.array([2.0, 10.0, 10.0, 8.45, 18.25, 18.25]),
              "bottom": np.array([9.5, 17.5, 17.5, 15.95, 25.75, 25.75])}
    lines = [Line(top=2.0, bottom=9.5, pieces=[(0, [0])]), Line(top=8.45, bottom=17.5, pieces=[(0, [1, 2, 3])]),
             Line(top=18.25, bottom=25.75, pieces=[(0, [4, 5])])]
    assert list(column_gaps(lines, arrays, np.zeros(0), 0.0)) == [0.5, 0.75]  # the bullet's top would overlap


def test_a_font_that_numbers_its_glyphs_as_first_used_reads_by_the_outlines_of_the_font_installed():
    """LibreOffice's Liberation Sans sent through PostScript (`codes_not_letters_postscript.pdf`): its
    subsets name their glyphs 'uniF001', 'uniF002', ... in the order the page first used them, with no
    map to Unicode. The font it was cut from is installed (the tests' `fixtures/fonts`), so each glyph
    is read as the installed glyph of the same outline. The letter that took code 32 ('D', which pdfium
    reads as a space and marks inferred) is read too, as it stands an advance before the next."""
    words = documents.read_document(FIXTURES / "codes_not_letters_postscript.pdf").words
    assert " ".join(words["text"]) == (
        "Version Number Date Published Updates V1.5 February 2025 Included relevant updates from 6 forces. "
        "V1.6 July 2025 Reformatted document (2023-25 before 2021-22). Outstanding, Good, Adequate, "
        "Requires improvement, Inadequate: 43 forces.")


def test_a_letter_whose_code_pdfium_reads_as_a_space_is_read_as_its_glyph():
    """A page of the same kind of printing with more glyphs (`letter_at_code_32_postscript.pdf`, a
    grades matrix): the 'A' took code 32, which pdfium gives as a space and marks as one it inferred.
    A space pdfium infers stands at the next glyph's origin; this one stands an advance before it, so
    it is a glyph, read by its outline: 'Adequate', never 'dequate'."""
    texts = documents.read_document(FIXTURES / "letter_at_code_32_postscript.pdf").words["text"].tolist()
    assert texts.count("Adequate") == 41 and "dequate" not in texts
    assert not any("\ufffd" in text for text in texts)


def test_a_title_in_a_font_that_numbers_its_glyphs_as_first_used_reads_and_names_the_document():
    """Two pages whose title and headings are set in such a subset of DejaVu Sans Condensed and the body
    in a CFF font that reads (`title_codes_not_letters_postscript.pdf`): with the font installed the
    title reads, so the document is known for the compendium it is."""
    from pipeline import steps
    document = documents.read_document(FIXTURES / "title_codes_not_letters_postscript.pdf")
    assert " ".join(document.words["text"].head(6)) == "UK Policing Compendium of Operational Practice"
    assert steps.document_kind(document).name == "compendium"


def test_a_letter_pdfium_drops_after_another_at_code_32_is_put_back_where_pdfminer_finds_it():
    """A grades matrix of the same kind of printing (`letter_dropped_after_another_postscript.pdf`) whose
    'A' took code 32: after 'N/A' in one cell, the 'A' of 'Adequate' in the next is a second glyph
    pdfium reads as a space, and it leaves it out of the page's text ('dequate'). pdfminer lists it
    where the page draws it, and it is put back, counted as `dropped_glyph`."""
    document = documents.read_document(FIXTURES / "letter_dropped_after_another_postscript.pdf")
    texts = document.words["text"].tolist()
    assert document.repairs["dropped_glyph"] == 1
    assert "dequate" not in texts and texts.count("Adequate") == 44
    adequate = document.words[document.words["text"] == "Adequate"]
    assert ((adequate["x1"] - adequate["x0"]) / adequate["size"]).std() < 0.01  # the one put back as wide as the rest


def test_a_font_read_by_its_outlines_takes_its_glyphs_advances_from_its_own_metrics():
    """A glyph of a font read by its outlines is as wide as the font's own metrics say, not as its
    steps on the page measure: a ')' that ends a header cell was measured across the gutter after it,
    so 'Force (grading)' ran into 'Objective' in the next cell. Every character of the fixture
    (`codes_not_letters_postscript.pdf`) is as wide as Liberation Sans makes it."""
    from fontTools.ttLib import TTFont
    fonts = {name: TTFont(FIXTURES / "fonts" / f"{name}.ttf") for name in ("LiberationSans-Regular", "LiberationSans-Bold")}
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
