"""The general table reader as users call it: `python -m pipeline tables` (CSV per table and
`tables.parquet`), the README's `read_pdf` example, and its score on ICDAR 2013 when
../shared/icdar2013 is present (the reader on small PDFs made here: `test_tables.py`)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from test_tables import RULED, make_pdf

ROOT = Path(__file__).resolve().parent.parent
ICDAR = ROOT.parent / "shared" / "icdar2013"
SCORER = ROOT.parent / "shared" / "tools" / "icdar_score.py"


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
                                   "bottom", "row_span", "col_span", "continues", "repeats_header"]
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


def test_the_readme_s_python_example_runs_and_shows_what_it_says():
    """The README's `read_pdf` example, run from the repository root: each line's comment that
    shows a value (the table's repr, a tuple, a text) is what that line gives."""
    import ast
    import os
    import re
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("In Python, like `camelot.read_pdf`:", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    names: dict = {}
    shown = 0
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for line in block.splitlines():
            code, _, comment = line.partition("#")
            code, comment = code.strip(), comment.strip()
            exec(code, names)
            if code.startswith(("from ", "import ")):
                continue
            value = eval(code.split("=", 1)[0].strip() if "=" in code else code, names)
            if comment.startswith("<"):
                assert repr(value) == comment
                shown += 1
            elif comment.startswith(("(", "'")) or re.match(r"\d+:", comment):
                assert value == ast.literal_eval(comment.split(":", 1)[0].strip())
                shown += 1
    finally:
        os.chdir(cwd)
    assert shown == 4
