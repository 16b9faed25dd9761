"""Bold faces told by the weight a font's name gives, or, for fonts with no names (Type 3 glyphs
from pdftocairo and Chromium), by their glyphs' widths and stems, paired into families first, and
by what another page shows (glyphs and fonts read: `test_glyphs_and_fonts.py`)."""
from __future__ import annotations

import numpy as np
import pytest

from conftest import FIXTURES, ROOT
from pipeline.pdf import documents, weights


@pytest.mark.parametrize("name, bold", [("LiberationSans-Bold", True), ("URWBookman-Demi", True),
                                        ("C059-BdIta", True), ("SourceSansPro-Semibold", True),
                                        ("Lato-Black", True), ("NimbusRoman-Regular", False),
                                        ("URWBookman-Light", False), ("Garamond-Book", False)])
def test_a_font_is_bold_by_the_weight_its_name_gives(name, bold):
    assert bool(weights.BOLD_FONT_NAME.search(name)) == bold


@pytest.mark.parametrize("printing", ["chromium-q5959-c23-m25-a3-cff-serif-unnamed-cairo",
                                      "chromium-v16-both-a9-cff-sans-unnamed-cairo"])
def test_a_font_without_a_name_is_bold_by_its_glyphs(printing):
    """pdftocairo draws CFF fonts again as Type 3 glyphs with no names: the bold of a face is told
    from its regular by its widths and stems (a serif by widths alone)."""
    words = documents.read_document(ROOT / "tests" / "zoo" / "printings" / f"{printing}.pdf").words
    first_page = words[words["page"] == 1]
    bold = dict(zip(first_page["text"], first_page["bold"]))
    assert bold["Published"] and bold["History"] and not bold["February"] and not bold["relevant"]


def test_a_face_of_another_family_is_not_taken_for_a_bold():
    """Chromium draws URW's Type 1 fonts as Type 3 glyphs with no names too. On the grades matrix's
    page, set in Bookman (Light, its header Demi) under a heading in Nimbus Sans Bold beside Nimbus
    Sans text, Bookman Light is wider than Nimbus Sans in every letter and its stems thicker: it
    passed for a bold, and the whole matrix was read as its header row."""
    words = documents.read_document(ROOT / "tests" / "zoo" / "printings"
                                    / "chromium-v16-c21-a1a8-urw-sans-body-bookman-tables.pdf").words
    page = words[words["page"] == 2]
    bold = dict(zip(page["text"], page["bold"]))
    assert bold["Section"] and bold["Providing"] and bold["Recording"]
    assert not bold["Bedfordshire"] and not bold["Ungraded"] and not bold["Adequate"]


# (bold, regular): mean |log width ratio| of the pairs passing `_is_bold_of`, measured on pages of
# held-out Chromium printings in URW fonts, Nimbus (N) and Bookman (B), and on a pdftocairo printing
PAIRS_TWO_FAMILIES = {("B demi", "N sans"): 0.277, ("B demi", "B light"): 0.067, ("B demi", "N sans bold"): 0.198,
                      ("B light", "N sans"): 0.199, ("B light", "N sans bold"): 0.122, ("N sans bold", "N sans"): 0.066}
PAIRS_ONE_BOLD_SEEN = {("B demi", "N roman bold"): 0.198, ("B demi", "N roman"): 0.26,
                       ("N roman bold", "N roman"): 0.086, ("B light", "N roman bold"): 0.136,
                       ("B light", "N roman"): 0.199}
PAIRS_THREE_BOLDS = {("bold a", "regular"): 0.086, ("bold b", "regular"): 0.072, ("bold c", "regular"): 0.072}


def test_a_face_with_no_name_alone_on_its_page_is_bold_where_another_page_shows_it_bold():
    """Two pages of a grades matrix Chromium printed in URW Nimbus Sans Narrow as Type 3 fonts, no
    names (`bold_face_alone_on_a_page_chromium.pdf`, pages 5 and 6 of the held-out printing
    h36-chromium-e7878-c23-a1a7-30): the second repeats the header row over nothing but the 'nt' of
    four cells' 'Improvement' run on over the break, too few plain letters to pair the header's face
    with; its letters' widths are those of the face the first page shows bold."""
    document = documents.read_document(FIXTURES / "bold_face_alone_on_a_page_chromium.pdf")
    assert document.repairs["bold_by_another_page"] == 1
    words = document.words
    header = words[words["text"].isin(["Constabulary", "Name", "Investigati"]) & (words["top"] < 150)]
    assert set(header["page"]) == {1, 2} and header["bold"].all()
    assert not words.loc[(words["page"] == 2) & (words["top"] > 160), "bold"].any()  # the cells' 'nt'
    widths = {"a": 0.5, "b": 0.55, "c": 0.5}
    faces = weights.UnnamedFaces(decided={(tuple(widths.items()), True), (tuple(widths.items()), False)},
                                 undecided=[widths])
    page = {"face": np.array([0, -1]), "fontname": np.array([weights.UNNAMED_FONT] * 2, dtype=object)}
    assert weights.settle_unnamed_faces([page], faces) == 0  # bold on one page, regular on another: left


@pytest.mark.parametrize("pairs, bold", [(PAIRS_TWO_FAMILIES, {"B demi", "N sans bold"}),
                                         (PAIRS_ONE_BOLD_SEEN, {"N roman bold"}),
                                         (PAIRS_THREE_BOLDS, {"bold a", "bold b", "bold c"})])
def test_unnamed_faces_pair_into_families_before_any_is_bold(pairs, bold):
    """A face of another family passes for a bold of the body face; pairing every face with one
    other at most, the closest pairs first, leaves it a regular, while a regular with several bold
    faces on its page (three Type 3 fonts from pdftocairo) keeps every one of them."""
    assert {face for face, _ in weights._families(pairs)} == bold
