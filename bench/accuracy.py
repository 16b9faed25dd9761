"""Accuracy on the compendium against tests/expected: grade cells and practice rows recovered,
with the same scoring for our Parquet output and for every baseline's raw table grids."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from measure import ROOT

EXPECTED = ROOT / "tests" / "expected" / "compendium"


def norm(value) -> str:
    """As tests/conftest.py compares text: NFKC, whitespace collapsed, no space after a hyphen."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value))).strip()
    return re.sub(r"-\s+", "-", text)


def read_expected() -> tuple[Counter, Counter] | None:
    import csv
    if not (EXPECTED / "grades.csv").exists() or not (EXPECTED / "practices.csv").exists():
        return None
    with open(EXPECTED / "grades.csv", newline="", encoding="utf-8") as handle:
        grades = Counter((norm(r["force"]), norm(r["area"]), norm(r["grade_printed"])) for r in csv.DictReader(handle))
    with open(EXPECTED / "practices.csv", newline="", encoding="utf-8") as handle:
        practices = Counter((norm(r["objective"]), norm(r["detail"]), norm(r["outcome"]))
                            for r in csv.DictReader(handle))
    return grades, practices


def cells_from_grid_tables(tables: list[list[list]], practice_keys: Counter) -> tuple[Counter, Counter]:
    """A table finder's raw grids, read the way a user of it would: the first row is the header;
    a grade cell is (row's first cell, its column's header, the cell); a practice is a row holding
    the expected objective, detail and outcome as three of its cells."""
    grades, practices = Counter(), Counter()
    wanted = set(practice_keys)
    for table in tables:
        if not table:
            continue
        rows = [[norm(cell) for cell in row] for row in table]
        header = rows[0]
        for row in rows[1:]:
            for column in range(1, min(len(row), len(header))):
                grades[(row[0], header[column], row[column])] += 1
            present = set(row)
            for key in wanted:
                if key[0] in present and key[1] in present and key[2] in present:
                    practices[key] += 1
    return grades, practices


def cells_from_ours(out: Path) -> tuple[Counter, Counter]:
    import pandas as pd
    grades = pd.read_parquet(out / "grades.parquet")
    practices = pd.read_parquet(out / "practices.parquet")
    return (Counter((norm(f), norm(a), norm(g)) for f, a, g in
                    grades[["force_printed", "area_printed", "grade_printed"]].itertuples(index=False)),
            Counter((norm(o), norm(d), norm(u)) for o, d, u in
                    practices[["objective", "detail", "outcome"]].itertuples(index=False)))


def score(expected: Counter, got: Counter) -> dict:
    hits = sum((expected & got).values())
    total = sum(expected.values())
    return {"expected": total, "recovered": hits, "recall": hits / total if total else None}


def accuracy(expected, ours_out: Path, dumps: dict[str, Path]) -> dict:
    grades_want, practices_want = expected
    results = {}
    candidates = {"ours": lambda: cells_from_ours(ours_out)}
    for name, dump in dumps.items():
        candidates[name] = (lambda d=dump: cells_from_grid_tables(json.loads(d.read_text(encoding="utf-8")),
                                                                  practices_want))
    for name, read in candidates.items():
        try:
            grades_got, practices_got = read()
        except Exception as exc:  # a baseline that produced nothing readable
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        results[name] = {"grade_cells": score(grades_want, grades_got),
                         "practice_rows": score(practices_want, practices_got)}
    return results

