"""Validation: the report lists what the document really gets wrong, and a schema error blocks publication."""
from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from conftest import RAW, norm
from pipeline import build, workers


def checks_of(out) -> dict[str, dict]:
    return {c["name"]: c for c in json.loads((out / "validation" / "summary.json").read_text())["checks"]}


def test_claim_mismatches_are_exactly_the_documents(ruled_out, expected):
    claims = expected["area_claims"]
    rows = expected["practices"].groupby(["cycle", "section"]).size()
    want = {(c, s) for c, s, n in claims[["cycle", "section", "claimed_examples"]].itertuples(index=False)
            if n and int(n) != rows.get((c, s), 0)}
    got = {(f["cycle"], f["section"]) for f in checks_of(ruled_out)["claims_vs_rows"]["findings"]}
    assert got == want and want


def test_practice_grade_mismatches_are_exactly_the_documents(ruled_out, expected):
    practices = expected["practices"]
    want = {(c, s, int(q)) for c, s, q, note in practices[["cycle", "section", "seq", "note"]].itertuples(index=False)
            if "GRADE MISMATCH" in note}
    findings = checks_of(ruled_out)["practice_grade_vs_matrix"]["findings"]
    got = {(f["cycle"], f["section"], int(f["message"].split()[1])) for f in findings}
    assert got == want and want


def test_duplicate_and_missing_force_rows_are_reported(ruled_out, expected):
    practices = expected["practices"]
    checks = checks_of(ruled_out)
    printed_twice = practices[practices["note"].str.contains("printed twice")]
    assert [(f["section"], f["force"]) for f in checks["duplicate_rows"]["findings"]] == \
        [(s, f) for s, f in printed_twice[["section", "force"]].itertuples(index=False)]
    no_force = practices[practices["force"] == ""]
    assert [f["section"] for f in checks["force_missing"]["findings"]] == list(no_force["section"])
    for name in ["schema", "force_unmatched", "area_unmatched", "report_internal", "source_checksum"]:
        assert checks[name]["count"] == 0, checks[name]["findings"][:3]


def test_every_printed_force_and_area_has_an_id(ruled_out, borderless_out):
    for out in (ruled_out, borderless_out):
        for name, area_column in [("grades", "area_printed"), ("practices", "section")]:
            frame = pd.read_parquet(out / f"{name}.parquet")
            assert frame.loc[frame["force_printed"].notna(), "force_id"].notna().all()
            assert frame.loc[frame[area_column].notna(), "area_id"].notna().all()
        assert len(pd.read_parquet(out / "forces.parquet")) == 43


def test_html_report_shows_the_findings(ruled_out):
    page = (ruled_out / "validation" / "report.html").read_text()
    for finding in checks_of(ruled_out)["practice_grade_vs_matrix"]["findings"]:
        assert finding["message"].replace("'", "&#x27;") in page
    assert "data:image/png;base64," in page


def tree_digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def one_report(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    pdf = sorted((RAW / "hmicfrs").glob("*.pdf"))[0]
    (raw / pdf.name).write_bytes(pdf.read_bytes())
    return raw


def test_a_corrupted_value_blocks_publication_and_keeps_previous_outputs(one_report, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert build.run(build.RunOptions(raw_dir=one_report, out_dir=out, jobs=1)) == 0
    before = tree_digest(out)

    extract = workers.extract_document

    def corrupting(document):
        tables = extract(document)
        tables["report_grades"].loc[0, "grade"] = "Excellent"
        return tables

    monkeypatch.setattr(workers, "extract_document", corrupting)
    assert build.run(build.RunOptions(raw_dir=one_report, out_dir=out, jobs=1)) == 2
    assert tree_digest(out) == before
    blocked = (tmp_path / "out-blocked-report.html").read_text()
    assert "BLOCKED" in blocked and "Excellent" in blocked


def test_a_non_force_name_is_reported_not_dropped(tmp_path):
    from pipeline import clean, validate
    frame = pd.DataFrame({"cycle": ["2023-25", "2023-25"], "force_printed": ["Police Scotland", "Kent Police"],
                          "area_printed": ["Investigating crime"] * 2, "source_file": ["x.pdf"] * 2, "page": [1, 1]})
    tidy = clean.add_canonical_ids(frame)
    assert len(tidy) == 2 and tidy["force_id"].isna().tolist() == [True, False]
    findings = validate.unmatched_names("force_unmatched", "grades", tidy, "force_printed", "force_id", "police force")
    assert [norm(f["force"]) for f in findings] == ["Police Scotland"]


@pytest.mark.parametrize("rendering", ["ruled_out", "borderless_out"])
def test_every_character_printed_in_a_table_is_published(rendering, request):
    summary = json.loads((request.getfixturevalue(rendering) / "validation" / "summary.json").read_text())
    coverage = {entry["table"]: entry["coverage"] for entry in summary["coverage"]}
    assert coverage == {"grades": 1.0, "practices": 1.0, "versions": 1.0}


def test_a_dropped_cell_shows_up_as_lost_text(tmp_path, monkeypatch):
    from pipeline import steps
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "compendium.pdf").write_bytes((RAW / "compendium_v1.6.pdf").read_bytes())
    tidy = steps.tidy_tables

    def dropping(located, cells, chunks):
        tables = tidy(located, cells, chunks)
        tables["practices"].loc[0, "outcome"] = ""
        return tables

    monkeypatch.setattr(steps, "tidy_tables", dropping)
    out = tmp_path / "out"
    assert build.run(build.RunOptions(raw_dir=raw, out_dir=out, jobs=1)) == 0
    summary = json.loads((out / "validation" / "summary.json").read_text())
    coverage = {entry["table"]: entry["coverage"] for entry in summary["coverage"]}
    assert coverage["practices"] < 1.0 and coverage["grades"] == 1.0
    lost = checks_of(out)["coverage"]["findings"]
    assert len(lost) == 1 and all(word in lost[0]["message"] for word in ["500", "officers", "responded"])


def test_a_value_with_an_unreadable_glyph_is_reported():
    from pipeline import validate
    from pipeline.text import UNREADABLE
    rows = pd.DataFrame({"source_file": ["a.pdf", "a.pdf"], "cycle": ["2023-25", "2023-25"], "page": [3, 4],
                         "objective": [f"To cut waiting times {UNREADABLE} by half", "To cut crime"]})
    findings = validate.unreadable_text("practices", rows)
    assert [(f["check"], f["page"], f["severity"]) for f in findings] == [("unreadable_text", 3, "warning")]
    assert "To cut waiting times" in findings[0]["message"]
