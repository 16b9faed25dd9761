"""What a compendium's published tables and findings must be, given its true content.

The content is four CSVs in the gold format (`tests/expected/compendium/`, or an edited edition
the rendering zoo writes under `tests/zoo/expected/`). `differences` compares a pipeline output
folder with it cell by cell, as `../shared/tools/score.py` does; `implied_findings` says which
validation findings that content must raise (the document's own inconsistencies), so a test can
ask for exactly those and nothing more.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from conftest import norm
from pipeline import canonical

FINDING_CHECKS = ("claims_vs_rows", "practice_grade_vs_matrix", "duplicate_rows", "force_missing")
MUST_BE_CLEAN = ("schema", "document_held_back", "input_failed", "force_unmatched", "area_unmatched", "coverage",
                 "unreadable_text", "report_internal", "off_page", "area_cut_short", "blank_past_edge")


def load(folder: Path) -> dict[str, pd.DataFrame]:
    return {path.stem: pd.read_csv(path, dtype=str, keep_default_na=False) for path in sorted(folder.glob("*.csv"))}


def grade_cells(frame: pd.DataFrame, force: str, area: str) -> list[tuple]:
    return sorted((norm(r[0]), norm(r[1]), norm(r[2]), norm(r[3]), norm(r[4]))
                  for r in frame[["cycle", force, area, "grade", "status"]].itertuples(index=False))


def practice_rows(frame: pd.DataFrame, force: str) -> list[tuple]:
    return [tuple(norm(v) for v in row) for row in
            frame[["cycle", "section", "seq", force, "force_grade", "objective", "detail", "outcome"]]
            .astype(str).itertuples(index=False)]


def claim_counts(frame: pd.DataFrame) -> list[tuple]:
    return sorted((norm(c), norm(s), "" if pd.isna(n) or n == "" else str(int(n)))
                  for c, s, n in frame[["cycle", "section", "claimed_examples"]].itertuples(index=False))


def version_rows(frame: pd.DataFrame) -> list[tuple]:
    return [(norm(v), norm(d), norm(u)) for v, d, u in frame[["version", "date_published", "updates"]]
            .itertuples(index=False)]


def differences(out: Path, want: dict[str, pd.DataFrame]) -> dict[str, tuple[list, list]]:
    """Each table whose published rows differ from the content: (rows only published, rows only expected)."""
    pairs = {
        "grades": (grade_cells(pd.read_parquet(out / "grades.parquet"), "force_printed", "area_printed"),
                   grade_cells(want["grades"], "force", "area")),
        "practices": (practice_rows(pd.read_parquet(out / "practices.parquet"), "force_printed"),
                      practice_rows(want["practices"], "force")),
        "area_claims": (claim_counts(pd.read_parquet(out / "area_claims.parquet")), claim_counts(want["area_claims"])),
        "versions": (version_rows(pd.read_parquet(out / "versions.parquet")), version_rows(want["version_history"])),
    }
    return {name: ([r for r in got if r not in expected], [r for r in expected if r not in got])
            for name, (got, expected) in pairs.items() if got != expected}


def implied_findings(want: dict[str, pd.DataFrame]) -> dict[str, list[tuple]]:
    """The findings the content's own inconsistencies must raise, keyed as `found_findings` keys them."""
    practices, claims, grades = want["practices"], want["area_claims"], want["grades"]
    rows = practices.groupby(["cycle", "section"]).size()
    matrix = {(g.cycle, canonical.match_force(g.force), canonical.match_area(g.area, g.cycle)): g.grade
              for g in grades.itertuples(index=False)}
    seen, duplicates, mismatches = set(), [], []
    for row in practices.itertuples(index=False):
        key = (row.cycle, row.section, row.force, row.objective)
        if key in seen:
            duplicates.append((row.cycle, row.section, int(row.seq)))
        seen.add(key)
        cell = (row.cycle, canonical.match_force(row.force), canonical.match_area(row.section, row.cycle))
        if row.force_grade and matrix.get(cell, row.force_grade) != row.force_grade:
            mismatches.append((row.cycle, row.section, int(row.seq)))
    return {
        "claims_vs_rows": sorted((c.cycle, c.section) for c in claims.itertuples(index=False)
                                 if c.claimed_examples and int(c.claimed_examples) != rows.get((c.cycle, c.section), 0)),
        "practice_grade_vs_matrix": sorted(mismatches),
        "duplicate_rows": sorted(duplicates),
        "force_missing": sorted((r.cycle, r.section, int(r.seq)) for r in practices.itertuples(index=False)
                                if not r.force),
    }


def found_findings(out: Path) -> dict[str, list[tuple]]:
    """The run's findings of `FINDING_CHECKS` and `MUST_BE_CLEAN`, each keyed by what it is about."""
    checks = {c["name"]: c["findings"] for c in json.loads((out / "validation" / "summary.json").read_text())["checks"]}
    found = {name: sorted((f.get("cycle"), f.get("section")) if name == "claims_vs_rows" else
                          (f.get("cycle"), f.get("section"), int(f["message"].split()[1]))
                          for f in checks.get(name, [])) for name in FINDING_CHECKS}
    found.update({name: [f["message"] for f in checks.get(name, [])] for name in MUST_BE_CLEAN})
    return found
