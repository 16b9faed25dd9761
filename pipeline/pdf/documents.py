"""Read a PDF once into plain geometry: one DataFrame of words, one of ruling lines.

This is the only module that opens PDFs for extraction (`pipeline.pdf.chars` and
`pipeline.pdf.rulings` read each page). Every later stage works on these frames, so the PDF is
parsed once and the stages can be tested without it.
The file is first checked by `pipeline.pdf.checks`, so a hostile or broken file is
refused with one plain sentence (an `InputError`) before pypdfium2 reads it here.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pypdfium2 as pdfium

from pipeline.pdf.chars import chars_frame, page_box, page_chars
from pipeline.pdf.pdfium_calls import address, page_objects
from pipeline.pdf.rulings import page_rulings
from pipeline.pdf.string_storage import python_strings
from pipeline.pdf.checks import MAX_PAGES, InputError, check_file, check_structure, classified_error
from pipeline.pdf.text import UNREADABLE, normalise_text, undo_ghostscript_unicode
from pipeline.pdf.unicode_maps import spell_ghostscript_ligatures
from pipeline.pdf.unread_ligatures import UnreadGlyphs, spell_unread_ligatures
from pipeline.pdf.weights import BOLD_FONT_NAME, UnnamedFaces, settle_unnamed_faces
from pipeline.pdf.words import grouped_words

WORD_COLUMNS = ["page", "x0", "x1", "top", "bottom", "text", "size", "bold", "page_width", "page_height"]
RULING_COLUMNS = ["page", "x0", "x1", "top", "bottom"]
UNREADABLE_TITLE_SHARE = 0.5  # of the largest text on the first pages given no text: the title cannot be read
UNREADABLE_SHARE = 0.05  # of a document's characters given no text: its text layer is not text (a lost '£' is far less)


@dataclass(frozen=True)
class Document:
    """A parsed PDF: where it came from and its text and rulings as geometry."""

    path: Path
    sha256: str
    page_count: int
    words: pd.DataFrame
    rulings: pd.DataFrame
    repairs: dict[str, int]  # how often each repair of the text layer fired (`TEXT_REPAIRS`)
    off_page: pd.DataFrame  # words (also in `words`) running off their page: past its edge or wholly `outside`


TEXT_REPAIRS = {
    "ligature": "letters drawn as one glyph ('ﬁ') read as their letters",
    "overprint": "text drawn again over itself (a bold look) read once",
    "letter_spaced_line": "a letter-spaced line ('O v e r a l l') read as words",
    "glyph_numbers": "characters of a font that gives its glyph numbers for text ('8.3ROLFLQJ', after a round trip "
                     "through PostScript) read by the standard order of TrueType glyphs or of CFF strings, or by "
                     "their outlines where the font is installed",
    "dropped_glyph": "a letter pdfium left out of the text (drawn at code 32, which it reads as a space, after "
                     "another) put back where pdfminer finds it drawn",
    "unmapped": "characters whose font gives no text for them (a code its map to Unicode leaves out), which a "
                "reader would take for another letter ('£' as 'I'), left unread (U+FFFD, reported)",
    "outline": "characters a font gives no text for ('£' or '–' after Ghostscript, a later part of a font split for "
               "PostScript) read by their glyphs' outlines where the font is installed",
    "hyphenation": "a word split by a hyphen at a line end ('consist-' / 'ently') joined in running text",
    "broken_word": "a word a narrow column broke at its edge with no hyphen ('Respondin' / 'g') joined in a table "
                   "cell, where the document prints the whole word elsewhere",
    "clipped": "characters a clip cuts through at the foot or head of a page's printed area, less than half "
               "showing (a line printed again on the next page), left out",
    "bold_by_another_page": "a font with no name, its page too short of other letters to tell its weight by, "
                            "taken as bold where another page shows the same face bold",
}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# pandas' str dtype kept in Python objects: the stages slice small frames of words thousands of
# times, and each slice of pyarrow-backed strings costs more than the text is worth (0.3 s a compendium)
TEXT_DTYPE = pd.StringDtype("python", na_value=float("nan"))


def words_from_chars(chars: pd.DataFrame, page_sizes: pd.DataFrame, repairs: dict[str, int],
                     ghostscript: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The document's words, as pdfplumber's `extract_words` would give them, with their text
    normalised, whether their font is bold, and their page's size; letter-spaced lines counted in
    `repairs`. In a PDF Ghostscript wrote, the slips of its maps to Unicode are undone
    (`undo_ghostscript_unicode`, counted as ligatures). Also returned: the words that run off their
    page (`page_box`), past its edge or wholly `outside` it. They are kept: not printed, but what
    the file holds (a table set wider than its page, drawn whole)."""
    words, repairs["letter_spaced_line"] = grouped_words(chars)
    texts = words["text"].tolist()
    spellings = pd.unique(words["text"].to_numpy(dtype=object))  # most words recur: normalise each once
    mended = {spelling: undo_ghostscript_unicode(spelling) if ghostscript else spelling for spelling in spellings}
    repairs["ligature"] += sum(mended[text] != text for text in texts)
    normalised = {spelling: normalise_text(mended[spelling]) for spelling in spellings}
    words["text"] = pd.array([normalised[text] for text in texts], dtype=TEXT_DTYPE)
    words["size"] = words["size"].astype(float).round(2)
    words["fontname"] = words["fontname"].astype("str")
    words["bold"] = words["fontname"].str.contains(BOLD_FONT_NAME)
    words = words[words["text"] != ""].merge(page_sizes, on="page", how="left")
    inside = ((words["x0"] >= words["page_x0"]) & (words["x1"] <= words["page_x1"])
              & (words["top"] >= words["page_top"]) & (words["bottom"] <= words["page_bottom"]))
    outside = ((words["x0"] >= words["page_x1"]) | (words["x1"] <= words["page_x0"])
               | (words["top"] >= words["page_bottom"]) | (words["bottom"] <= words["page_top"]))
    return (words[WORD_COLUMNS].reset_index(drop=True),
            words.loc[~inside, WORD_COLUMNS].assign(outside=outside[~inside]).reset_index(drop=True))


def _read_pages(path: Path, page_count: int) -> tuple[pd.DataFrame, pd.DataFrame, list[dict], dict[str, int]]:
    """Every page's words (and apart, those that run off their page) and rulings, read by pdfium, and
    how often each text repair fired."""
    chars: list[dict] = []
    repairs = dict.fromkeys(TEXT_REPAIRS, 0)
    sizes: list[dict] = []
    rulings: list[dict] = []
    advances_seen: dict[tuple[str, int], float] = {}
    unread = UnreadGlyphs()
    faces = UnnamedFaces()
    pdf = pdfium.PdfDocument(path)
    ghostscript = "ghostscript" in (pdf.get_metadata_value("Producer") or "").lower()
    try:
        if len(pdf) != page_count:
            raise InputError(f"{path.name}: the PDF is damaged: its page tree is read as {page_count} pages "
                             f"and as {len(pdf)}")
        for number in range(1, page_count + 1):
            page = pdf[number - 1]
            box = page_box(page)
            sizes.append({"page": number, **box})
            objects = page_objects(address(page.raw))  # listed once for both
            chars.append(page_chars(page, number, box["page_height"], repairs, objects, advances_seen, unread, faces,
                                    path))
            rulings.extend(page_rulings(page, number, box["page_height"], objects))
            page.close()
    finally:
        pdf.close()
    repairs["bold_by_another_page"] += settle_unnamed_faces(chars, faces)
    chars, spelled = spell_unread_ligatures(chars_frame(chars), unread)
    repairs["ligature"] += spelled
    if ghostscript:
        chars, spelled = spell_ghostscript_ligatures(chars, path)
        repairs["ligature"] += spelled
    words, off_page = words_from_chars(chars, pd.DataFrame(sizes), repairs, ghostscript)
    return words, off_page, rulings, repairs


def unreadable_share(texts: pd.Series) -> float:
    """The share of a document's characters that its fonts give no text for (U+FFFD)."""
    joined = "".join(texts.tolist())
    return joined.count(UNREADABLE) / len(joined) if joined else 0.0


def unreadable_title(words: pd.DataFrame, pages: int) -> bool:
    """Whether the largest text on the first `pages`, where a title is, is mostly glyphs its fonts give
    no text for (U+FFFD): a printing whose headings' fonts give codes, not letters, while its body reads
    (too little of its text to refuse it as a whole). What the document is cannot then be told."""
    first = words[words["page"] <= pages]
    largest = first[first["size"] == first["size"].max()]
    return unreadable_share(largest["text"]) >= UNREADABLE_TITLE_SHARE


@python_strings
def read_document(path: Path, max_pages: int = MAX_PAGES) -> Document:
    """Parse every page of the PDF at `path`; raise InputError with a plain reason if it is unusable."""
    path = Path(path)
    check_file(path)
    try:
        page_count = check_structure(path, max_pages)
        words, off_page, rulings, repairs = _read_pages(path, page_count)
    except (InputError, MemoryError):
        raise
    except Exception as error:
        raise classified_error(path.name, error) from error
    if page_count == 0:
        raise InputError(f"{path.name}: the PDF has no pages")
    if words.empty:
        raise InputError(f"{path.name}: no text layer (a scanned or image-only PDF); OCR it first")
    if unreadable_share(words["text"]) >= UNREADABLE_SHARE:
        raise InputError(f"{path.name}: its text layer does not read as text (its fonts give codes, not letters, "
                         f"as after a round trip through PostScript); install the fonts it was printed in to read it by "
                         f"their outlines, print it again from its source, or OCR it")
    return Document(
        path=path,
        sha256=file_sha256(path),
        page_count=page_count,
        words=words,
        rulings=pd.DataFrame(rulings, columns=RULING_COLUMNS),
        repairs=repairs,
        off_page=off_page,
    )
