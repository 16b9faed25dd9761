"""Editions: each compendium is an edition read from its own text, one file per edition is published,
the latest edition is the current one, and changes.parquet says what changed between editions; a
re-issued report replaces the first."""
from __future__ import annotations

import datetime
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import two_editions
from conftest import BORDERLESS, FIXTURES, RAW, RULED, norm, run_pipeline
from pipeline import changes, editions

V17 = "compendium_v1.7_reportlab.pdf"


def checks(out: Path) -> dict[str, list[dict]]:
    summary = json.loads((out / "validation" / "summary.json").read_text(encoding="utf-8"))
    return {check["name"]: check["findings"] for check in summary["checks"]}


@pytest.fixture(scope="module")
def contents():
    return two_editions.editions()


@pytest.fixture(scope="module")
def changed(two_editions_out) -> pd.DataFrame:
    return pd.read_parquet(two_editions_out / "changes.parquet")


# --- two editions ----------------------------------------------------------------------------

def test_the_later_edition_is_the_zoo_edition_e11_with_a_new_version_row(contents):
    """The V1.7 content is the committed zoo edition e11 (tests/zoo/expected/e11), plus one version row."""
    e11 = two_editions.zoo_content.load(two_editions.ZOO / "expected" / "e11")
    later = two_editions.without_origin(contents[1])
    for name in two_editions.zoo_content.FILES:
        frame = getattr(later, name).iloc[:-1] if name == "versions" else getattr(later, name)
        pd.testing.assert_frame_equal(frame.reset_index(drop=True), getattr(e11, name), check_dtype=False)
    assert later.versions["version"].iloc[-1] == "V1.7"


def test_grade_changes_are_the_regrades(changed, contents):
    grades = changed[changed["table"] == "grades"]
    assert set(grades["change"]) == {"changed"}
    found = {(r.cycle, r.force_id, r.area_id, None if pd.isna(r.from_grade) else r.from_grade,
              None if pd.isna(r.to_grade) else r.to_grade) for r in grades.itertuples(index=False)}
    assert found == two_editions.grade_changes(*contents) and len(found) == len(grades) == 20


def test_practice_changes_are_the_rows_added_removed_and_edited(changed, contents):
    practices = changed[changed["table"] == "practices"]
    found = {(r.change, r.cycle, r.force_id, r.area_id, norm(r.objective), tuple(r.fields))
             for r in practices.itertuples(index=False)}
    want = {(change, cycle, force, area, norm(objective), fields)
            for change, cycle, force, area, objective, fields in two_editions.practice_changes(*contents)}
    assert found == want and len(practices) == len(want)
    assert {change: sum(1 for w in want if w[0] == change) for change in ("added", "removed")} == \
        {"added": 6, "removed": 6}


def test_version_changes_are_the_new_row(changed):
    versions = changed[changed["table"] == "versions"]
    assert versions[["change", "version", "from_edition", "to_edition"]].values.tolist() == \
        [["added", "V1.7", "V1.6", "V1.7"]]


def test_the_latest_edition_is_current(two_editions_out):
    summary = json.loads((two_editions_out / "validation" / "summary.json").read_text(encoding="utf-8"))
    assert summary["run"]["editions"] == ["V1.6", "V1.7"]
    assert summary["tables"]["grades"] == 2 * 945 and checks(two_editions_out)["duplicate_edition"] == []
    reconciliation = pd.read_parquet(two_editions_out / "reconciliation.parquet")
    assert set(reconciliation["compendium_file"]) == {V17}
    grades = pd.read_parquet(two_editions_out / "grades.parquet")
    assert set(grades.groupby("edition", observed=True)["source_file"].unique().map(tuple)) == \
        {(two_editions.FIRST.name,), (V17,)}
    current = grades[grades["edition"] == "V1.7"]
    assert len(reconciliation) == len(current[current["grade"].notna()])
    with duckdb.connect(str(two_editions_out / "peel.duckdb"), read_only=True) as db:
        for table in editions.COMPENDIUM_TABLES:
            views = db.execute(f"SELECT count(*), count(DISTINCT edition), any_value(edition) FROM {table}_current").fetchone()
            assert views[1:] == (1, "V1.7") and views[0] > 0, table
        assert db.execute("SELECT count(*) FROM grades_current").fetchone()[0] == 945


def test_report_says_what_changed(two_editions_out, changed):
    page = (two_editions_out / "validation" / "report.html").read_text(encoding="utf-8")
    section = page.split("What changed since the previous edition", 1)[1].split("<h2>", 1)[0]
    assert ("From V1.6 to V1.7 (the current edition): grades: 20 changed; practices: 6 added, 6 removed, 19 changed; "
            "versions: 1 added.") in section
    assert section.count("<tr>") == 1 + len(changed)


# --- one edition twice, a report re-issued ----------------------------------------------------

def test_the_same_edition_twice_is_counted_once(tmp_path):
    result, out = run_pipeline(tmp_path, RULED, BORDERLESS)
    assert result.returncode == 0, result.stderr
    summary = json.loads((out / "validation" / "summary.json").read_text(encoding="utf-8"))
    assert summary["tables"]["grades"] == 945 and summary["tables"]["practices"] == 278
    assert summary["tables"]["changes"] == 0 and summary["run"]["editions"] == ["V1.6"]
    assert [f["source_file"] for f in checks(out)["duplicate_edition"]] == [BORDERLESS.name]
    assert set(pd.read_parquet(out / "grades.parquet")["source_file"]) == {RULED.name}


def test_a_reissued_report_replaces_the_first(tmp_path):
    """The same report printed twice (again through Ghostscript): the same date, so the later file name is used."""
    first = RAW / "hmicfrs" / "peel-2023-25-west-yorkshire-police.pdf"
    again = FIXTURES / "peel-2023-25-west-yorkshire-police_ghostscript.pdf"
    result, out = run_pipeline(tmp_path, first, again)
    assert result.returncode == 0, result.stderr
    assert [f["source_file"] for f in checks(out)["reissued_report"]] == [first.name]
    grades = pd.read_parquet(out / "report_grades.parquet")
    assert set(grades["source_file"]) == {again.name} and grades["published"].notna().all()


# --- the rules, on small frames ---------------------------------------------------------------

def versions(*rows: tuple[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["version", "date_published"])
    return frame.assign(date=[pd.Timestamp(d).date() if d else None for d in frame["date_published"]])


def test_edition_label_from_the_latest_version_row_else_the_cover():
    assert editions.edition_label(versions(("V1.7", "2026-03-01"), ("V1.6", "2025-07-01")), ()) == "V1.7"
    assert editions.edition_label(versions(("V1.5", ""), ("Version 1.6", "")), ()) == "V1.6"
    assert editions.edition_label(versions(), ("UK Policing Compendium", "Version 9.1", "Dated 1 May 2025")) == "V9.1"
    assert editions.edition_label(versions(), ("UK Policing Compendium",)) is None


def test_the_manifest_decides_which_file_of_an_edition_is_used():
    tables = {"grades": pd.DataFrame({"source_file": ["b.pdf", "a.pdf", "c.pdf"], "edition": ["V1.6", "V1.6", "V1.6"]}),
              "versions": versions().assign(source_file=[], edition=[])}
    first_by_name = editions.superseded(tables, set())
    assert list(first_by_name["source_file"]) == ["b.pdf", "c.pdf"] and set(first_by_name["kept_file"]) == {"a.pdf"}
    listed = editions.superseded(tables, {"c.pdf"})
    assert list(listed["source_file"]) == ["a.pdf", "b.pdf"] and set(listed["kept_file"]) == {"c.pdf"}


def test_editions_are_ordered_by_date_then_version():
    documents = pd.DataFrame({"source_file": ["x.pdf", "y.pdf", "z.pdf"], "edition": ["V1.10", "V1.9", "V2.0"],
                              "date": [datetime.date(2026, 1, 1), datetime.date(2025, 1, 1), None], "listed": False})
    assert editions.edition_order(documents) == ["V2.0", "V1.9", "V1.10"]


def test_a_report_reissue_is_chosen_by_its_printed_date_else_its_file_name():
    reports = pd.DataFrame({"source_file": ["a.pdf", "b.pdf", "c.pdf", "d.pdf"], "force": ["kent"] * 2 + ["dorset"] * 2,
                            "cycle": "2023-25", "published": [datetime.date(2024, 5, 1), datetime.date(2024, 1, 1),
                                                              None, datetime.date(2024, 1, 1)]})
    superseded = editions.reissued_reports(reports)
    assert superseded[["source_file", "kept_file"]].values.tolist() == [["c.pdf", "d.pdf"], ["b.pdf", "a.pdf"]]
    assert "a later file name" in superseded["message"].iloc[0]
    assert "a later publication date" in superseded["message"].iloc[1]


def test_practice_rows_pair_by_their_text_not_their_order():
    old = pd.DataFrame({"objective": ["To cut delays", "To train staff"],
                        "detail": ["Calls are answered faster.", "Every officer has a course."]})
    new = pd.DataFrame({"objective": ["To train all staff", "To open a hub", "To cut delays"],
                        "detail": ["Every officer has a course.", "A new hub opened in May.", "Calls are answered faster."]},
                       index=[10, 11, 12])
    assert sorted(changes.pair_rows(old, new), key=str) == sorted([(0, 12), (1, 10), (None, 11)], key=str)
