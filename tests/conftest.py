"""Shared fixtures: the stand-in PDFs, the pipeline run on them once per session, the expected tables."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPECTED = Path(__file__).resolve().parent / "expected"
RULED = RAW / "compendium_v1.6.pdf"
BORDERLESS = FIXTURES / "compendium_v1.6_borderless.pdf"
CAIRO = FIXTURES / "compendium_v1.6_cairo.pdf"  # the ruled one printed again by pdftocairo
GHOSTSCRIPT = FIXTURES / "compendium_v1.6_borderless_ghostscript.pdf"  # the borderless one through Ghostscript
FONTS = FIXTURES / "fonts"
# The only fonts "installed" for the tests (`pipeline.pdf.installed_fonts`), here and in every run of the
# command line they make: a text layer read by its fonts' outlines reads alike on any machine.
os.environ["PEEL_FONT_DIRS"] = str(FONTS)


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def run_pipeline(tmp: Path, *pdfs: Path, extra: tuple[str, ...] = ()) -> tuple[subprocess.CompletedProcess, Path]:
    """Run the CLI on a fresh input folder holding just `pdfs`; returns the process and the output folder."""
    raw, out = tmp / "raw", tmp / "out"
    raw.mkdir(parents=True, exist_ok=True)
    for pdf in pdfs:
        shutil.copy(pdf, raw / pdf.name)
    return run_cli("run", "--raw", str(raw), "--out", str(out), "--quiet", *extra), out


def norm(value) -> str:
    """Text as the expected tables compare it: NFKC, spaces collapsed, no space after a hyphen."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value))).strip()
    return re.sub(r"-\s+", "-", text)


def published(tmp_path_factory, name: str, *pdfs: Path) -> Path:
    """The output folder of a successful run on `pdfs` alone."""
    result, out = run_pipeline(tmp_path_factory.mktemp(name), *pdfs)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def ruled_out(tmp_path_factory) -> Path:
    return published(tmp_path_factory, "ruled", RULED)


@pytest.fixture(scope="session")
def borderless_out(tmp_path_factory) -> Path:
    return published(tmp_path_factory, "borderless", BORDERLESS)


@pytest.fixture(scope="session")
def cairo_out(tmp_path_factory) -> Path:
    return published(tmp_path_factory, "cairo", CAIRO)


@pytest.fixture(scope="session")
def ghostscript_out(tmp_path_factory) -> Path:
    return published(tmp_path_factory, "ghostscript", GHOSTSCRIPT)


@pytest.fixture(scope="session")
def expected() -> dict[str, pd.DataFrame]:
    tables = {}
    for path in sorted(EXPECTED.rglob("*.csv")):
        tables[path.stem] = pd.read_csv(path, dtype=str, keep_default_na=False)
    return tables


@pytest.fixture(scope="session")
def ruled_kind_tables():
    """The ruled compendium parsed, its tables read, its kinds' parts picked and the document
    located once (stage tests share it): (document, located, parts)."""
    from pipeline.pdf.documents import read_document
    from pipeline.steps import document_kind, locate_document, tables_of_kind
    document = read_document(RULED)
    kind = document_kind(document)
    _, parts = tables_of_kind(document, kind)
    return document, locate_document(document, kind, parts), parts


@pytest.fixture(scope="session")
def located_ruled(ruled_kind_tables):
    """The ruled compendium parsed and located (stage tests share it)."""
    document, located, _ = ruled_kind_tables
    return document, located


@pytest.fixture(scope="session")
def two_editions_out(tmp_path_factory) -> Path:
    """The output of a run on two editions: the zoo's v1.6 printing and a V1.7 made from the zoo's
    edited edition e11 (see `two_editions.py`)."""
    import two_editions
    return published(tmp_path_factory, "two_editions", two_editions.FIRST, two_editions.SECOND)


@pytest.fixture(scope="session")
def tall_centred_rows() -> list:
    """The general reader's tables of a zoo printing several tests read (reportlab, practice cells
    centred in tall unruled rows, rows broken by the page), read once."""
    from pipeline.tables import read_pdf
    return read_pdf(ROOT / "tests" / "zoo" / "printings"
                    / "reportlab-s9898-both-m25-a6a8-unruled-tall-row-centred-gap.pdf")
