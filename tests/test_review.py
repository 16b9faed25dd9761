"""The review that carries over: stable finding ids, raw/review.toml's acknowledgements, corrections
and stale entries, and bad entries refused with one line each and nothing published."""
from __future__ import annotations

import json
import shutil
import tomllib
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from conftest import RULED, run_cli, run_pipeline
from pipeline import cross_checks, review
from test_cli import digest_tree

STALE = "duplicate_rows:000000000000"  # well formed, but no finding of the ruled v1.6 has it


def summary_of(out: Path) -> dict:
    return json.loads((out / "validation" / "summary.json").read_text(encoding="utf-8"))


def findings_of(out: Path) -> list[dict]:
    return [{**item, "check": check["name"]} for check in summary_of(out)["checks"] for item in check["findings"]]


def first_id(findings: list[dict], check: str) -> str:
    return next(item["id"] for item in findings if item["check"] == check)


def entry(finding: str, decision: str = "acknowledge", **correction: str) -> str:
    fields = "".join(f'{key} = "{value}"\n' for key, value in correction.items())
    return (f'[[entry]]\nfinding = "{finding}"\ndecision = "{decision}"\n{fields}reason = "seen in the document"\n'
            f'who = "A. Reviewer"\nwhen = 2025-08-01\n\n')


@pytest.fixture(scope="module")
def decisions(ruled_out) -> dict[str, str]:
    """An acknowledgement, two corrections (a missing force, a grade cell) and a stale entry for the ruled v1.6."""
    findings = findings_of(ruled_out)
    return {"acknowledged": first_id(findings, "claims_vs_rows"), "force": first_id(findings, "force_missing"),
            "grade": first_id(findings, "practice_grade_vs_matrix"), "stale": STALE}


@pytest.fixture(scope="module")
def review_file(decisions) -> str:
    return (entry(decisions["acknowledged"])
            + entry(decisions["force"], "correct", column="practices.force_id", value="cumbria")
            + entry(decisions["grade"], "correct", column="grades.grade", value="Outstanding")
            + entry(decisions["stale"]))


@pytest.fixture(scope="module")
def reviewed_out(tmp_path_factory, review_file) -> Path:
    tmp = tmp_path_factory.mktemp("reviewed")
    (tmp / "raw").mkdir()
    (tmp / "raw" / "review.toml").write_text(review_file, encoding="utf-8")
    result, out = run_pipeline(tmp, RULED)
    assert result.returncode == 0, result.stderr
    return out


def test_finding_ids_are_the_same_for_the_ruled_and_the_borderless_printing(ruled_out, borderless_out):
    ruled, borderless = findings_of(ruled_out), findings_of(borderless_out)
    assert {item["source_file"] for item in ruled} != {item["source_file"] for item in borderless}
    assert Counter(item["id"] for item in ruled) == Counter(item["id"] for item in borderless)
    assert len({item["id"] for item in ruled}) == len(ruled) > 10


def test_a_finding_id_names_no_file_and_no_page(ruled_out):
    for item in findings_of(ruled_out):
        assert not {"file", "source_file", "page", "seq"} & set(item["subject"])
        assert item["id"].startswith(item["check"] + ":")


def test_the_headline_counts_new_acknowledged_and_stale(reviewed_out, ruled_out):
    counts = summary_of(reviewed_out)["review"]
    assert {key: counts[key] for key in ("entries", "new", "acknowledged", "corrected", "stale")} == \
        {"entries": 4, "new": len(findings_of(ruled_out)) - 3, "acknowledged": 3, "corrected": 2, "stale": 1}
    assert [item["finding"] for item in counts["stale_entries"]] == [STALE]


def test_each_finding_says_how_it_was_decided(reviewed_out, decisions):
    status = {item["id"]: item["review"] for item in findings_of(reviewed_out)}
    assert status[decisions["acknowledged"]] == "acknowledged"
    assert status[decisions["force"]] == status[decisions["grade"]] == "corrected"
    assert Counter(status.values())["new"] == len(status) - 3


def test_a_correction_keeps_the_printed_value_and_is_recorded(reviewed_out, ruled_out, decisions):
    corrections = pd.read_parquet(reviewed_out / "corrections.parquet")
    assert corrections[["finding_id", "table", "column", "value_after"]].values.tolist() == [
        [decisions["force"], "practices", "force_id", "cumbria"], [decisions["grade"], "grades", "grade", "Outstanding"]]
    assert corrections["printed"].isna().tolist() == [True, False] and pd.isna(corrections["value_before"].iloc[0])
    practices = pd.read_parquet(reviewed_out / "practices.parquet")
    unnamed = practices[practices["force_printed"].isna()]
    assert unnamed["force_id"].tolist() == ["cumbria"]
    grades, before = (pd.read_parquet(out / "grades.parquet") for out in (reviewed_out, ruled_out))
    changed = grades["grade"].astype(object).fillna("") != before["grade"].astype(object).fillna("")
    assert changed.sum() == 1 and grades.loc[changed, "grade"].tolist() == ["Outstanding"]
    assert grades["grade_printed"].equals(before["grade_printed"])


def test_the_report_shows_acknowledged_corrected_and_stale_apart(reviewed_out, decisions):
    page = (reviewed_out / "validation" / "report.html").read_text(encoding="utf-8")
    reviewed = page[page.index("<h2>Acknowledged findings</h2>"):page.index("<h2>Stale review entries</h2>")]
    new = page[page.index("<h2>Findings</h2>"):page.index("<h2>Acknowledged findings</h2>")]
    for finding in (decisions["acknowledged"], decisions["force"], decisions["grade"]):
        assert finding in reviewed and finding not in new
    assert "Corrected: practices.force_id set to <b>cumbria</b>" in reviewed and "Acknowledged by A. Reviewer" in reviewed
    assert STALE in page[page.index("<h2>Stale review entries</h2>"):]
    assert "3 acknowledged (2 corrected), 1 stale review entry" in page


def test_the_review_command_prints_the_open_findings_as_entries(reviewed_out, decisions):
    result = run_cli("review", "--out", str(reviewed_out))
    assert result.returncode == 0, result.stderr
    printed = tomllib.loads(result.stdout)["entry"]
    ids = {item["finding"] for item in printed}
    assert len(ids) == len(printed) == summary_of(reviewed_out)["review"]["new"]
    assert not ids & {decisions["acknowledged"], decisions["force"], decisions["grade"]}
    assert all(item["decision"] == "acknowledge" and item["reason"] == "" for item in printed)


def test_bad_entries_are_one_line_each_and_nothing_is_published(tmp_path, ruled_out, decisions):
    out = tmp_path / "out"
    shutil.copytree(ruled_out, out)
    before = digest_tree(out)
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RULED, raw / RULED.name)
    (raw / "review.toml").write_text(
        entry("no_such_check:0123456789ab") + entry(decisions["force"], "correct", column="practices.colour", value="x")
        + entry(decisions["grade"], "correct", column="grades.grade", value="Grand"), encoding="utf-8")
    result = run_cli("run", "--raw", str(raw), "--out", str(out), "--quiet")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(errors) == 3
    assert "entry 1 (no_such_check:0123456789ab): unknown finding id" in errors[0]
    assert "entry 2" in errors[1] and "unknown column 'practices.colour'" in errors[1]
    assert "entry 3" in errors[2] and "grades.grade is 'Grand', not an allowed value" in errors[2]
    assert "Nothing published" in result.stderr and digest_tree(out) == before


@pytest.mark.parametrize("text, problem", [
    ("[[entry]\n", "not a valid TOML file"),
    (entry("force_missing:0123456789ab").replace('who = "A. Reviewer"\n', ""), "missing who"),
    (entry("force_missing:0123456789ab", "ignore"), "decision is 'ignore'"),
    (entry("force_missing:0123456789ab", "correct"), "needs a column"),
    (entry("force_missing:0123456789ab") * 2, "the finding already has entry 1"),
])
def test_a_bad_review_file_is_refused_with_one_line(tmp_path, text, problem):
    (tmp_path / "review.toml").write_text(text, encoding="utf-8")
    entries, errors = review.read_review(tmp_path)
    assert len(errors) == 1 and problem in errors[0]


def test_a_correction_through_a_finding_about_no_row_of_its_table_is_refused(ruled_out, decisions):
    """A missing force names a practice row, not a grade cell: it cannot correct a grade."""
    tables = {name: pd.read_parquet(ruled_out / f"{name}.parquet") for name in ("grades", "practices")}
    wrong = review.Entry(1, decisions["force"], "correct", "why", "who", "2025-08-01", "grades.grade", "Good")
    corrected, corrections, errors = review.apply_corrections(tables, [wrong], findings_of(ruled_out))
    assert len(corrections) == 0 and corrected["grades"].equals(tables["grades"])
    assert errors == [f"review.toml entry 1 ({decisions['force']}): the finding is not about a row of grades, "
                      f"so grades.grade cannot be corrected through it"]


def test_no_review_file_no_decisions(ruled_out):
    counts = summary_of(ruled_out)["review"]
    assert counts["file"] is None and counts["acknowledged"] == counts["stale"] == 0
    assert len(pd.read_parquet(ruled_out / "corrections.parquet")) == 0


def test_a_force_name_that_matches_no_force_is_corrected_in_every_row_printing_it():
    grades = pd.DataFrame({"cycle": ["2023-25"] * 3, "force_printed": ["Sherwood Watch", "Sherwood Watch", "Kent Police"],
                           "force_id": [None, None, "kent"], "area_printed": ["Investigating crime"] * 3,
                           "area_id": ["investigating-crime"] * 3, "grade_printed": ["Good"] * 3, "grade": ["Good"] * 3,
                           "source_file": ["a.pdf"] * 3})
    found = cross_checks.unmatched_names("force_unmatched", "grades", grades, "force_printed", "force_id", "force")
    assert len(found) == 1
    assert review.rows_about(grades, "grades", found[0]["subject"]).tolist() == [True, True, False]


def test_a_finding_about_a_section_names_none_of_its_practice_rows(ruled_out, decisions):
    practices = pd.read_parquet(ruled_out / "practices.parquet")
    subject = next(item["subject"] for item in findings_of(ruled_out) if item["id"] == decisions["acknowledged"])
    assert not review.rows_about(practices, "practices", subject).any()
