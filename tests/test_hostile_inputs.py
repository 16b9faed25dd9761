"""Hostile and broken inputs, through the command line.

Each bad input gets exactly one line, `error: <file>: <reason>`, no traceback, exit 1, and the
output folder published before is left byte for byte as it was. What a PDF reader would open
without complaint (an owner-password-only encryption, a repairable cross-reference table, an
enormous page) is read like any other PDF. With `--keep-going` the good inputs are published and
the failures recorded in the validation summary.
"""
from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import shutil
import subprocess
import time
from pathlib import Path

import pandas as pd
import pdfplumber
import pytest
from pdfminer.ascii85 import ascii85decode
from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from conftest import FIXTURES, RAW, run_cli, run_pipeline
from pipeline.pdf.checks import ascii85_decode

GOOD = RAW / "hmicfrs" / "peel-2021-22-avon-and-somerset-police.pdf"  # 5 pages: quick to extract
TITLE = "PEEL 2021/22: An inspection of Nowhere Police"  # enough to be recognised as a PEEL report


def digest_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """An output folder published once from one good report."""
    result, out = run_pipeline(tmp_path_factory.mktemp("published"), GOOD)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def out(tmp_path, published) -> Path:
    """This test's own copy of the published folder."""
    return Path(shutil.copytree(published, tmp_path / "out"))


def run_on(tmp_path: Path, out: Path, files: dict[str, bytes], *extra: str) -> subprocess.CompletedProcess:
    """The command line over a fresh input folder holding `files` (name → bytes)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, data in files.items():
        (raw / name).write_bytes(data)
    return run_cli("run", "--raw", str(raw), "--out", str(out), "--quiet", *extra)


def assert_refused(tmp_path: Path, out: Path, files: dict[str, bytes], name: str, reason: str,
                   *extra: str) -> None:
    """One `error: <name>: <reason>` line (reason a regex), exit 1, and `out` exactly as it was."""
    before = digest_tree(out)
    result = run_on(tmp_path, out, files, *extra)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert re.fullmatch(f"error: {re.escape(name)}: {reason}", errors[0]), errors[0]
    assert digest_tree(out) == before
    assert not list(out.parent.glob(".staging-*"))


def assert_read_like(out: Path, published: Path) -> None:
    """The tables published from a variant of GOOD, under GOOD's name, hold GOOD's data: all
    that differs is the file's checksum."""
    for table in published.glob("*.parquet"):
        ours, theirs = pd.read_parquet(out / table.name), pd.read_parquet(table)
        checksums = [column for column in theirs if "sha256" in column]
        pd.testing.assert_frame_equal(ours.drop(columns=checksums), theirs.drop(columns=checksums))


def title_page(path: Path, **options) -> bytes:
    """A one-page PDF that would be recognised as a PEEL report."""
    drawing = canvas.Canvas(str(path), **options)
    drawing.drawString(72, 720, TITLE)
    drawing.save()
    return path.read_bytes()


def redrawn(source: Path, target: Path, **options) -> bytes:
    """`source`'s characters and rulings drawn again by reportlab, so that reportlab's options
    (encryption) apply to a real report."""
    with pdfplumber.open(source) as pdf:
        drawing = canvas.Canvas(str(target), **options)
        for page in pdf.pages:
            drawing.setPageSize((page.width, page.height))
            for char in page.chars:
                drawing.setFont("Helvetica-Bold" if "Bold" in char["fontname"] else "Helvetica", char["size"])
                baseline = page.height - char["bottom"] + 0.212 * char["size"]  # Helvetica's descent
                drawing.drawString(char["x0"], baseline, char["text"])
            for edge in page.edges:
                drawing.line(edge["x0"], page.height - edge["top"], edge["x1"], page.height - edge["bottom"])
            drawing.showPage()
        drawing.save()
    return target.read_bytes()


def many_pages(pages: int, lines: int = 1) -> bytes:
    """A valid PDF of `pages` pages that all share one content stream of `lines` lines of text:
    thousands of pages written in milliseconds."""
    text = b"BT /F1 11 Tf 72 780 Td 14 TL " + b" ".join([b"(%s) '" % TITLE.encode()] * lines) + b" ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (5 + n) for n in range(pages)),
                                                             pages),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text) + 1, text)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                b"/Contents 4 0 R >>"] * pages
    body, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(body)


def test_a_zero_byte_file(tmp_path, out):
    assert_refused(tmp_path, out, {"empty.pdf": b""}, "empty.pdf", r"the file is empty \(0 bytes\)")


def test_a_file_that_is_not_a_pdf(tmp_path, out):
    page = b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>"  # what a failed download saves
    assert_refused(tmp_path, out, {"report.pdf": page}, "report.pdf", r"not a PDF \(no %PDF header\)")


def test_a_truncated_pdf(tmp_path, out):
    data = GOOD.read_bytes()
    assert_refused(tmp_path, out, {"cut.pdf": data[:len(data) * 9 // 10]}, "cut.pdf",
                   r"the PDF is truncated \(no %%EOF marker at its end\)")


def test_a_damaged_content_stream(tmp_path, out):
    data = bytearray(GOOD.read_bytes())
    stream = re.search(rb"/ASCII85Decode /FlateDecode \] /Length (\d+)\s*>>\s*stream\r?\n", data)
    middle = stream.end() + int(stream.group(1)) // 2
    data[middle] = ord("!") if data[middle] != ord("!") else ord("u")  # another ASCII85 digit
    assert_refused(tmp_path, out, {"rotten.pdf": bytes(data)}, "rotten.pdf",
                   r"the PDF is damaged: the text of page 1 cannot be decoded \(.+\)")


def test_a_report_cover_with_no_judgments_anywhere(tmp_path, out):
    """A PEEL report's cover (headings drawn twice, re-printed by pdftocairo) and nothing else: the
    document is of a known kind with none of its tables, said in one line, not a stack trace."""
    cover = (Path(__file__).parent / "fixtures" / "overprinted_headings_cairo.pdf").read_bytes()
    assert_refused(tmp_path, out, {"cover.pdf": cover}, "cover.pdf",
                   r"recognised as a hmicfrs_report but none of its tables was found")


def test_ascii85_is_decoded_as_pdfminer_decodes_it():
    """The stream check decodes ASCII85 itself (pdfminer's is slow): the same bytes, the same refusals."""
    rng = random.Random(7)
    for length in [*range(12), 1000]:
        raw = bytes(rng.choice([0, 0, 0, 0, rng.randrange(256)]) for _ in range(length))  # zero runs give 'z'
        for adobe in (False, True):
            encoded = base64.a85encode(raw, wrapcol=75, adobe=adobe)
            assert ascii85_decode(encoded) == ascii85decode(encoded) == raw
    for damaged in (b"ab{cd", b"abzcd~>", b"uuuuu"):  # a non-digit, 'z' inside a group, beyond 2**32
        with pytest.raises(ValueError):
            ascii85decode(damaged)
        with pytest.raises(ValueError):
            ascii85_decode(damaged)


def test_a_page_lost_from_the_page_tree(tmp_path, out):
    """Readers would show the pages that are left; their rows would be published without the lost ones."""
    second_kid = re.compile(rb"(?<=/Kids \[ \d 0 R) \d 0 R")
    damaged = second_kid.sub(lambda kid: b" " * len(kid.group()), GOOD.read_bytes(), count=1)  # offsets kept
    assert_refused(tmp_path, out, {"pages.pdf": damaged}, "pages.pdf",
                   r"the PDF is damaged: it declares 5 pages but 4 can be found")


def test_a_damaged_cross_reference_table_is_repaired(tmp_path, out, published):
    """Readers rebuild a broken xref by scanning for the objects; when they are intact, so is the data."""
    data = GOOD.read_bytes()
    start = data.rindex(b"\nxref\n")
    table = re.sub(rb"\d{10} 00000 n", b"0000000000 00000 n", data[start:])
    damaged = data[:start] + re.sub(rb"startxref\s+\d+", b"startxref\n999999999", table)
    result = run_on(tmp_path, out, {GOOD.name: damaged})
    assert result.returncode == 0, result.stderr
    assert_read_like(out, published)


def test_an_encrypted_pdf_that_needs_a_password(tmp_path, out):
    password = StandardEncryption("secret", ownerPassword="owner", strength=128)
    locked = title_page(tmp_path / "made.pdf", encrypt=password)
    assert_refused(tmp_path, out, {"locked.pdf": locked}, "locked.pdf",
                   r"the PDF is encrypted and needs a password to open")


def test_an_encrypted_pdf_with_only_an_owner_password_is_read(tmp_path, out, published):
    """An empty user password opens it in any reader (the owner password only restricts
    printing or copying), so its tables are extracted like any other PDF's."""
    restricted = redrawn(GOOD, tmp_path / "made.pdf",
                         encrypt=StandardEncryption("", ownerPassword="owner", canCopy=0, strength=128))
    assert b"/Encrypt" in restricted
    result = run_on(tmp_path, out, {GOOD.name: restricted})
    assert result.returncode == 0, result.stderr
    assert_read_like(out, published)


def test_an_image_only_pdf(tmp_path, out):
    scan = tmp_path / "made.pdf"
    drawing = canvas.Canvas(str(scan))
    drawing.drawImage(ImageReader(Image.new("L", (850, 1100), 255)), 0, 0, 595, 842)
    drawing.save()
    assert_refused(tmp_path, out, {"scan.pdf": scan.read_bytes()}, "scan.pdf",
                   r"no text layer \(a scanned or image-only PDF\); OCR it first")


def test_a_pdf_whose_text_layer_is_codes_not_letters(tmp_path, out, monkeypatch):
    """LibreOffice's text through PostScript and back: the fonts give their glyphs in the order the
    document first used them, which nothing in the file reads back
    (`tests/fixtures/make_postscript_fixture.py`); with none of its fonts installed (and so no
    outlines to read it by, see `test_reading.py`), it is refused."""
    monkeypatch.setenv("PEEL_FONT_DIRS", str(tmp_path / "no-fonts"))
    assert_refused(tmp_path, out, {"codes.pdf": (FIXTURES / "codes_not_letters_postscript.pdf").read_bytes()},
                   "codes.pdf", r"its text layer does not read as text \(its fonts give codes, not letters, as "
                   r"after a round trip through PostScript\); install the fonts it was printed in to read it by "
                   r"their outlines, print it again from its source, or OCR it")


def test_a_pdf_whose_title_is_codes_not_letters(tmp_path, out, monkeypatch):
    """Two pages of a LibreOffice printing sent through PostScript whose body font reads (a CFF font
    with its glyph names) while its title and headings font gives codes
    (`title_codes_not_letters_postscript.pdf`): too little of the text is unread to refuse the text
    layer, but what the document is cannot be told. With the font not installed it is refused, not
    read as a document of no known kind; installed, it reads (`test_reading.py`)."""
    monkeypatch.setenv("PEEL_FONT_DIRS", str(tmp_path / "no-fonts"))
    assert_refused(tmp_path, out, {"title.pdf": (FIXTURES / "title_codes_not_letters_postscript.pdf").read_bytes()},
                   "title.pdf", r"its title does not read as text \(its fonts give codes, not letters, as after a "
                   r"round trip through PostScript\), so what document it is cannot be told; install the fonts it "
                   r"was printed in to read it by their outlines, print it again from its source, or OCR it")


def test_a_pdf_of_thousands_of_pages_is_refused_at_once(tmp_path, out):
    started = time.monotonic()
    assert_refused(tmp_path, out, {"pages.pdf": many_pages(5000)}, "pages.pdf",
                   r"the PDF has 5000 pages, more than the 1000 a compendium or PEEL report could have")
    assert time.monotonic() - started < 30


def test_a_pdf_too_slow_to_read_meets_the_time_limit(tmp_path, out):
    """Below the page limit, it is the per-document time limit that stops a long document."""
    started = time.monotonic()
    assert_refused(tmp_path, out, {"slow.pdf": many_pages(900, lines=50)}, "slow.pdf",
                   r"gave up after 1 s \(limit set by --time-limit\)", "--time-limit", "1")
    assert time.monotonic() - started < 30


def test_enormous_pages_are_read(tmp_path, out, published):
    """14,400 pt square, the largest page PDF allows: no rendering happens, so it costs nothing extra."""
    enormous = re.sub(rb"/MediaBox \[[^\]]*\]", b"/MediaBox [ 0 0 14400 14400 ]", GOOD.read_bytes())
    started = time.monotonic()
    result = run_on(tmp_path, out, {GOOD.name: enormous})
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 30
    assert_read_like(out, published)


def test_the_same_file_twice(tmp_path, out):
    data = GOOD.read_bytes()
    assert_refused(tmp_path, out, {"a.pdf": data, "b.pdf": data}, "b.pdf",
                   r"same content as a\.pdf \(duplicate input\)")


def test_keep_going_publishes_the_good_input_and_records_the_bad_one(tmp_path, out, published):
    result = run_on(tmp_path, out, {GOOD.name: GOOD.read_bytes(), "notes.pdf": b"meeting notes"}, "--keep-going")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("error: ")] == [
        "error: notes.pdf: not a PDF (no %PDF header)"]
    assert_read_like(out, published)
    summary = json.loads((out / "validation" / "summary.json").read_text(encoding="utf-8"))
    assert summary["run"]["failed_inputs"] == ["notes.pdf: not a PDF (no %PDF header)"]
    failed = next(check for check in summary["checks"] if check["name"] == "input_failed")
    assert [(f["source_file"], f["message"]) for f in failed["findings"]] == [
        ("notes.pdf", "notes.pdf: not a PDF (no %PDF header)")]
