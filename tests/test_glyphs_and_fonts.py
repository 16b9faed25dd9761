"""Reading what a PDF's fonts draw: glyphs pdfium gives no text or the wrong text for (read by their
numbers, names or outlines) and ligatures. How wide glyphs are and where their boxes stand:
`test_glyph_metrics.py`. Bold faces told by their names or by their glyphs' widths:
`test_bold_faces.py`. Words as pdfplumber groups them, lines, clips and the workers' imports:
`test_reading.py`."""
from __future__ import annotations

import numpy as np
import pytest

from conftest import FIXTURES, RULED
from page_reading import pdfplumber_page_words
from pipeline.pdf import documents

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


def test_a_dash_drawn_from_another_part_of_a_font_read_by_glyph_numbers_is_unread_not_a_line_break():
    """Chromium's Liberation Sans Narrow sent through PostScript (`dash_in_another_font_part_postscript.pdf`):
    the font is split into parts of 256 glyphs whose codes are glyph numbers; the en dash is code 10 of
    the part '_02', which pdfium gives as a line break, so the dash vanished ('Hampshire a'). Every
    code of such a part is a glyph: it reads as U+FFFD, which the report names."""
    words = documents.read_document(FIXTURES / "dash_in_another_font_part_postscript.pdf").words
    texts = words["text"].tolist()
    assert texts[texts.index("Hampshire") + 1] == "\ufffd"


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




def test_a_font_named_by_its_family_weight_and_width_is_found_among_the_installed_fonts():
    """WeasyPrint names a font after Pango's description, a regular weight left unsaid: the pound
    sign of 'DejaVu-Sans-Semi-Condensed' sent through PostScript kept no text, and was read only
    once the name found DejaVu Sans Condensed (width class 4) rather than no font at all. The test
    fonts hold DejaVu Sans and its condensed face under one family name: the width tells them apart."""
    from pipeline.pdf.installed_fonts import described_key, font_dirs, installed_fonts
    installed = installed_fonts(font_dirs())
    condensed = described_key("DejaVu-Sans-Semi-Condensed")
    assert [path.name for path in installed[condensed]] == ["DejaVuSansCondensed.ttf"]
    assert [path.name for path in installed[described_key("DejaVu-Sans-Bold-Semi-Condensed")]] == [
        "DejaVuSansCondensed-Bold.ttf"]
    assert described_key("URW-Bookman-Semi-Bold") == described_key("URW-Bookman,-Demi-Bold")
    assert described_key("DejaVuSansCondensed") is None and described_key("Anonymous") is None
