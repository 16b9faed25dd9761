"""The CLI on the stand-in compendium PDFs, compared with the expected tables."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import norm


RENDERINGS = ["ruled_out", "borderless_out", "cairo_out", "ghostscript_out"]  # the last two: printed again by other software


def grade_cells(frame: pd.DataFrame, force: str, area: str, grade: str) -> set[tuple]:
    return {(norm(r[0]), norm(r[1]), norm(r[2]), norm(r[3]), norm(r[4]))
            for r in frame[["cycle", force, area, grade, "status"]].itertuples(index=False)}


def practice_rows(frame: pd.DataFrame, force: str) -> list[tuple]:
    return [tuple(norm(v) for v in row) for row in
            frame[["cycle", "section", force, "force_grade", "objective", "detail", "outcome"]].itertuples(index=False)]


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_grades_match_expected_cells(rendering, request, expected):
    out = request.getfixturevalue(rendering)
    got = pd.read_parquet(out / "grades.parquet")
    want = expected["grades"]
    assert len(got) == len(want)
    assert grade_cells(got, "force_printed", "area_printed", "grade") == grade_cells(want, "force", "area", "grade")


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_practices_match_expected_rows_in_order(rendering, request, expected):
    got = pd.read_parquet(request.getfixturevalue(rendering) / "practices.parquet")
    assert practice_rows(got, "force_printed") == practice_rows(expected["practices"], "force")
    assert list(got["seq"]) == [int(s) for s in expected["practices"]["seq"]]


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_area_claims_and_versions_match(rendering, request, expected):
    out = request.getfixturevalue(rendering)
    claims = pd.read_parquet(out / "area_claims.parquet")
    got = {(c, s): ("" if pd.isna(n) else str(int(n))) for c, s, n in
           claims[["cycle", "section", "claimed_examples"]].itertuples(index=False)}
    want = {(c, s): n for c, s, n in expected["area_claims"][["cycle", "section", "claimed_examples"]].itertuples(index=False)}
    assert got == want
    versions = pd.read_parquet(out / "versions.parquet")
    assert [(norm(v), norm(u)) for v, u in versions[["version", "updates"]].itertuples(index=False)] == \
        [(norm(v), norm(u)) for v, u in expected["version_history"][["version", "updates"]].itertuples(index=False)]


def test_every_row_carries_provenance(ruled_out):
    for name in ["grades", "practices", "area_claims", "versions"]:
        frame = pd.read_parquet(ruled_out / f"{name}.parquet")
        assert (frame["source_file"] == "compendium_v1.6.pdf").all()
        assert frame["source_sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    practices = pd.read_parquet(ruled_out / "practices.parquet")
    assert (practices["page_last"] >= practices["page_first"]).all()
    assert (practices["page_last"] > practices["page_first"]).any(), "some rows run over a page break"


def test_summary_lists_inputs_and_checks(ruled_out):
    summary = json.loads((ruled_out / "validation" / "summary.json").read_text())
    assert summary["run"]["inputs"][0]["file"] == "compendium_v1.6.pdf"
    names = {check["name"] for check in summary["checks"]}
    assert {"schema", "claims_vs_rows", "duplicate_rows", "force_missing"} <= names


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_rows_broken_by_a_page_break_are_one_row_spanning_both_pages(rendering, request, expected):
    got = pd.read_parquet(request.getfixturevalue(rendering) / "practices.parquet")
    want = expected["practices"]
    broken = want[want["note"].str.contains("page break")]
    assert len(broken) >= 5
    for row in broken.itertuples(index=False):
        match = got[(got["section"] == row.section) & (got["seq"] == int(row.seq)) & (got["cycle"] == row.cycle)]
        assert len(match) == 1
        assert norm(match["detail"].iloc[0]) == norm(row.detail)
    spanning = got[got["page_last"] > got["page_first"]]
    assert len(spanning) >= len(broken)
