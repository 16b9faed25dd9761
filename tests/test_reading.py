"""Reading a PDF: pdfium's characters grouped into words exactly as pdfplumber's `extract_words`
groups them, on real pages, and the libraries only publishing needs kept out of the workers. What
the fonts draw (glyphs, ligatures): `test_glyphs_and_fonts.py`; their advances and boxes:
`test_glyph_metrics.py`; bold faces: `test_bold_faces.py`."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from pdfplumber.utils.text import WordExtractor
from reportlab.pdfgen import canvas

from conftest import BORDERLESS, FIXTURES, RAW, ROOT, RULED
from page_reading import page_chars, pdfplumber_page_words
from pipeline.pdf import documents
from pipeline.pdf.words import CHAR_COLUMNS, WORD_COLUMNS, group_words, grouped_order


REPORT = sorted((RAW / "hmicfrs").glob("*.pdf"))[0]


def plumber_words(chars: list[tuple]) -> pd.DataFrame:
    """pdfplumber's own extractor, as `page.extract_words(extra_attrs=["fontname", "size"])` runs it."""
    records = [dict(zip(CHAR_COLUMNS, char), doctop=char[4], upright=True) for char in chars]
    words = WordExtractor(extra_attrs=["fontname", "size"]).extract_words(records)
    return pd.DataFrame([{**word, "page": chars[0][0]} for word in words], columns=WORD_COLUMNS)


@pytest.mark.parametrize("pdf", [RULED, BORDERLESS, REPORT], ids=["ruled", "borderless", "report"])
def test_words_are_grouped_as_pdfplumber_groups_them(pdf):
    pages = page_chars(pdf)
    ours = group_words(pd.DataFrame.from_records([c for chars in pages for c in chars], columns=CHAR_COLUMNS))
    theirs = pd.concat([plumber_words(chars) for chars in pages if chars], ignore_index=True)
    assert len(ours) > 300
    pd.testing.assert_frame_equal(ours.reset_index(drop=True), theirs, check_dtype=False)


def test_font_changes_blanks_and_gaps_end_words():
    """pdfplumber's rules, and a gap as wide as a narrow space even where pdfium left no space."""
    def char(text, x0, top=100.0, font="Arial", page=1):
        return (page, text, x0, x0 + 5.0, top, top + 10.0, font, 10.0)
    chars = [char("a", 10), char("b", 15), char("c", 20, font="Arial-Bold"),  # font change
             char("d", 25, font="Arial-Bold"), char(" ", 30, font="Arial-Bold"), char("e", 35, font="Arial-Bold"),
             char("f", 44, font="Arial-Bold"),  # 4 pt after 'e' ends: more than the 3 pt tolerance
             char("g", 10, top=101.0),  # a new run (font)
             char("j", 17, top=101.0),  # 2 pt after 'g': under 3 pt, but a space's gap in 10 pt text
             char("h", 15, top=101.0, page=2)]  # a new page
    words = group_words(pd.DataFrame.from_records(chars, columns=CHAR_COLUMNS))
    assert words["text"].tolist() == ["ab", "cd", "e", "f", "g", "j", "h"]
    assert words["page"].tolist() == [1, 1, 1, 1, 1, 1, 2]
    assert group_words(pd.DataFrame(columns=CHAR_COLUMNS)).empty


def test_lines_of_cells_centred_vertically_do_not_chain_into_one():
    """Three cells of 9 pt text set solid (a line every 9 pt), centred vertically, so each cell's
    lines sit 3 pt lower than the one before's: sorted, every top is within 3 pt of the next, and
    pdfplumber's clustering would make them one line, their letters interleaved ('H u m b e r')."""
    def word(text, x0, top):
        return [(1, letter, x0 + 5.0 * k, x0 + 5.0 * (k + 1), top, top + 9.0, "Serif", 9.0)
                for k, letter in enumerate(text)]
    cells = [["Humberside", "Police"], ["To support and", "safeguard sex", "workers"], ["The programme", "educates"]]
    chars = [char for column, lines in enumerate(cells) for row, text in enumerate(lines)
             for char in word(text.replace(" ", "_"), 100.0 * column, 100.0 + 3.0 * column + 9.0 * row)]
    words = group_words(pd.DataFrame.from_records(chars, columns=CHAR_COLUMNS))
    assert sorted(words["text"]) == sorted(text.replace(" ", "_") for lines in cells for text in lines)


def test_text_drawn_scaled_or_widened_is_read_at_its_printed_size(tmp_path):
    """A page drawn at 0.75 (as browsers print) and text widened by horizontal scaling: pdfium's
    font size is the unscaled one; the reader must give the size and boxes pdfplumber gives."""
    pdf = tmp_path / "scaled.pdf"
    page = canvas.Canvas(str(pdf))
    page.saveState()
    page.scale(0.75, 0.75)
    page.setFont("Helvetica", 14)
    page.drawString(100, 900, "Drawn at three quarters scale")
    page.restoreState()
    text = page.beginText(72, 600)
    text.setFont("Helvetica", 12)
    text.setHorizScale(150)
    text.textLine("Widened by half")
    page.drawText(text)
    page.save()
    ours = documents.read_document(pdf).words
    theirs = pdfplumber_page_words(pdf)
    assert ours["text"].tolist() == theirs["text"].tolist()
    assert set(ours["size"]) == {10.5, 12.0}
    assert np.allclose(ours[["x0", "x1", "size"]], theirs[["x0", "x1", "size"]], atol=0.01)
    assert np.allclose(ours[["top", "bottom"]], theirs[["top", "bottom"]], atol=0.5)  # fonts' descents differ a little


def test_headings_drawn_twice_for_a_bold_look_and_reprinted_read_once():
    """pdftocairo re-prints headings drawn twice 0.3 pt apart (fake bold) with both drawings in one
    run, which pdfium reads twice over ('PPEEEELL 22002211//2222'): each is read once, counted as an
    overprint repair, and letters doubled in a word, at 6 pt as at 10, stay doubled."""
    document = documents.read_document(FIXTURES / "overprinted_headings_cairo.pdf")
    sentence = "Tall trees, small hills and all the mill's wheels: doubled letters stay doubled."
    assert " ".join(document.words["text"]) == " ".join(
        ["PEEL 2021/22", "An inspection of Gwent Police", "Summary of judgments", sentence, sentence])
    assert document.repairs["overprint"] >= 3


def test_words_that_run_off_the_page_are_read_and_listed():
    """A grades matrix set wider than its A4 page: Ghostscript keeps fragments of the column off the
    page (words wholly outside it), pdftocairo the words that run past its edge. Both are read as
    the file holds them, whole, and listed apart (`Document.off_page`)."""
    distilled = documents.read_document(FIXTURES / "matrix_off_page_ghostscript.pdf")
    beyond = distilled.words[distilled.words["x0"] >= distilled.words["page_width"]]
    assert sorted(set(beyond["text"])) == ["improvement", "organisational"] and len(beyond) == 9
    assert distilled.off_page["outside"].sum() == 9
    cairo = documents.read_document(FIXTURES / "matrix_past_page_edge_cairo.pdf")
    crossing = cairo.words[cairo.words["x1"] > cairo.words["page_width"]]
    assert set(crossing["text"]) == {"workforce", "corruption", "improvement", "inspected"}
    assert not cairo.off_page["outside"].any() and cairo.off_page["text"].tolist() == crossing["text"].tolist()


def test_grouped_order_sorts_as_lexsort_does():
    """One stable sort of a combined key orders characters as sorting by line, then position, does
    (ties, negative and fractional positions included)."""
    rng = np.random.default_rng(7)
    for _ in range(50):
        count = int(rng.integers(0, 400))
        groups = rng.integers(0, 30, count)
        values = np.round(rng.uniform(-50, 900, count), int(rng.integers(0, 3)))
        assert (grouped_order(groups, values) == np.lexsort((values, groups))).all()


def loaded_modules(code: str, modules: list[str]) -> list[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {modules!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_workers_start_without_the_validation_and_publishing_libraries():
    """The pool forks before pandera and DuckDB are imported, so their import overlaps the extraction."""
    assert loaded_modules("import pipeline.cli", ["pandera", "duckdb", "PIL", "pipeline.release"]) == []
    assert loaded_modules("import pipeline.build; pipeline.build.load_release()", ["pandera", "duckdb"]) == [
        "pandera", "duckdb"]


def test_building_the_schemas_does_not_import_dask_dataframe():
    """pandera would import dask.dataframe (about a second) because dask is installed for --scheduler."""
    pytest.importorskip("dask")
    code = "from schemas import MODELS\nfor model in MODELS.values(): model.to_schema()"
    assert loaded_modules(code, ["dask.dataframe", "pandera"]) == ["pandera"]


def test_a_line_its_clip_cuts_through_is_left_out_where_less_than_half_shows(tmp_path):
    """A browser that breaks a row inside a line clips the line at the foot of the page's printed
    area and prints it whole on the next page: the tops of its letters above the clip are not a
    line. A line the clip cuts through with most of it showing, or cuts at the side, is read."""
    pdf = tmp_path / "clipped.pdf"
    sheet = canvas.Canvas(str(pdf), pagesize=(300, 300))
    sheet.setFont("Helvetica", 10)
    for y, clip, text in ((20, (0, 25, 300, 275), "Police Improvement"),  # its foot: 2 of 7 pt showing
                          (270, (0, 25, 300, 251), "Kept whole"),  # its head: 6 of 7 pt showing
                          (40, (0, 25, 60, 250), "Overflowing cell")):  # cut at the side
        sheet.saveState()
        path = sheet.beginPath()
        path.rect(*clip)
        sheet.clipPath(path, stroke=0, fill=0)
        sheet.drawString(20, y, text)
        sheet.restoreState()
    sheet.drawString(20, 150, "Police Improvement")
    sheet.save()
    document = documents.read_document(pdf)
    assert list(document.words.sort_values(["top", "x0"])["text"]) == [
        "Kept", "whole", "Police", "Improvement", "Overflowing", "cell"]
    assert document.repairs["clipped"] == len("PoliceImprovement")


def test_a_bullet_its_font_lifts_joins_the_line_it_is_nearest():
    """Held-out h52 #24: in a detail cell's list, each bullet's box sits 1.7 pt above its item's
    words (another font's ascent), and a line of the centred objective cell beside it lies 2.8 pt
    higher still. Lines gathered top-down took the bullet into that line, and the cell read
    'night-• time economy; the dangers'. A word joins the line whose top it is nearest."""
    from pipeline.pdf.words import assign_lines

    words = assign_lines(documents.read_document(FIXTURES / "bullet_lifted_beside_centred_cell_postscript.pdf").words)
    bullets = words[words["text"] == "\u2022"]
    assert len(bullets) >= 3
    for bullet in bullets.itertuples():
        right = words[(words["x0"] > bullet.x1) & (words["x0"] < bullet.x1 + bullet.size)
                      & ((words["top"] - bullet.top).abs() < 0.5 * bullet.size)]
        assert (right["line"] == bullet.line).all() and len(right)
