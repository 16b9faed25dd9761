"""The general table reader (`pipeline.tables`) on small PDFs made here, and on ICDAR 2013 when
../shared/icdar2013 is present."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.tables import read_pdf

ROOT = Path(__file__).resolve().parent.parent
ICDAR = ROOT.parent / "shared" / "icdar2013"
SCORER = ROOT.parent / "shared" / "tools" / "icdar_score.py"

RULED = [["Region", "Cases", "Rate"], ["North", "1,204", "12.5"], ["South East", "987", "9.1"],
         ["West", "45", "0.7"]]
UNRULED = [["Year", "Arrests", "Charged", "Share (%)"], ["2019", "1,020", "640", "62.7"],
           ["2020", "980", "601", "61.3"], ["2021", "1,110", "702", "63.2"], ["2022", "1,305", "851", "65.2"]]
PROSE = ("This paragraph is running text above the table. It is long enough to wrap over more than one "
         "line of the page, and no column gutter runs through it, so the reader must leave it out.")


def make_pdf(path: Path, ruled: bool) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rows = RULED if ruled else UNRULED
    table = Table(rows, colWidths=[90, 70, 70, 70][:len(rows[0])])
    style = [("FONTSIZE", (0, 0), (-1, -1), 10), ("ALIGN", (1, 1), (-1, -1), "RIGHT")]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
    table.setStyle(TableStyle(style))
    styles = getSampleStyleSheet()
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph(PROSE, styles["Normal"]), Spacer(1, 24), table, Spacer(1, 24), Paragraph(PROSE, styles["Normal"])])


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_reads_the_exact_grid(tmp_path: Path, ruled: bool) -> None:
    pytest.importorskip("reportlab")
    pdf = tmp_path / "table.pdf"
    make_pdf(pdf, ruled)
    tables = read_pdf(pdf)
    assert len(tables) == 1
    table = tables[0]
    assert table.page == 1 and table.order == 1
    assert table.df.values.tolist() == (RULED if ruled else UNRULED)
    x0, top, x1, bottom = table.bbox
    assert x0 < x1 and top < bottom


def test_command_writes_csv_and_parquet(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    pdf = tmp_path / "ruled.pdf"
    make_pdf(pdf, ruled=True)
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "pipeline", "tables", str(pdf), "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    grid = pd.read_csv(out / "ruled.p1.t1.csv", header=None, dtype=str, keep_default_na=False)
    assert grid.values.tolist() == RULED
    cells = pd.read_parquet(out / "tables.parquet")
    assert list(cells.columns) == ["file", "sha256", "page", "table", "row", "col", "text", "x0", "x1", "top",
                                   "bottom"]
    assert len(cells) == sum(len(row) for row in RULED)
    assert set(cells["file"]) == {"ruled.pdf"} and (cells["page"] == 1).all()


@pytest.mark.skipif(not (ICDAR.is_dir() and SCORER.exists()), reason="../shared/icdar2013 is not here")
def test_icdar_2013_scores(tmp_path: Path) -> None:
    """The whole ICDAR 2013 set: adjacency F1 and detection F1 stay above camelot hybrid's 0.85."""
    pdfs = sorted(ICDAR.glob("*.pdf"))
    done = subprocess.run([sys.executable, "-m", "pipeline", "tables", *map(str, pdfs), "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    report = subprocess.run([sys.executable, str(SCORER), str(ICDAR), str(tmp_path)], capture_output=True,
                            text=True, timeout=300).stdout
    scores = dict(line.rsplit(": ", 1) for line in report.splitlines() if ": " in line)
    assert float(scores["adjacency F1"]) >= 0.88
    assert float(scores["detection F1"]) >= 0.88
