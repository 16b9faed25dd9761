"""Validation: the report lists what the document really gets wrong, and a schema error blocks publication."""
from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from conftest import FIXTURES, RAW, norm, run_pipeline
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
    from pipeline import clean, cross_checks
    frame = pd.DataFrame({"cycle": ["2023-25", "2023-25"], "force_printed": ["Police Scotland", "Kent Police"],
                          "area_printed": ["Investigating crime"] * 2, "source_file": ["x.pdf"] * 2, "page": [1, 1]})
    tidy = clean.add_canonical_ids(frame)
    assert len(tidy) == 2 and tidy["force_id"].isna().tolist() == [True, False]
    findings = cross_checks.unmatched_names("force_unmatched", "grades", tidy, "force_printed", "force_id", "police force")
    assert [norm(f["force"]) for f in findings] == ["Police Scotland"]


def test_an_area_printed_cut_short_takes_the_one_area_it_begins_and_is_reported():
    """A grades matrix printed past the page's right edge loses the end of its last header ('... and
    value for' without 'money'): its rows take that area's id, kept as printed, with one finding."""
    from pipeline import cross_checks, steps
    from pipeline.pdf.documents import read_document
    tables = steps.extract_document(read_document(FIXTURES / "compendium_matrix_past_page_edge_libreoffice.pdf"))
    grades = tables["grades"]
    cut = grades[grades["area_printed"] == "Strategic planning, organisational management and value for"]
    assert len(cut) > 20 and set(cut["area_id"]) == {"strategic_planning_value_for_money"}
    assert grades["area_id"].notna().all()
    findings = cross_checks.run_cross_checks(tables)
    assert [f["check"] for f in findings if f["check"].startswith("area_")] == ["area_cut_short"]


def test_an_area_whose_header_lines_each_lost_their_last_letters_takes_the_area_they_begin():
    """A portrait grades matrix LibreOffice printed past the page's right edge and pdftocairo printed
    again (`matrix_header_lines_cut_at_edge_cairo.pdf`): its last header cell wraps word by word and
    every line lost its last letter ('Disruptin / serious / organise / crime'). Its rows take that
    area's id, kept as printed, with one `area_cut_short` finding instead of `area_unmatched`."""
    from pipeline import cross_checks, steps
    from pipeline.pdf.documents import read_document
    tables = steps.extract_document(read_document(FIXTURES / "matrix_header_lines_cut_at_edge_cairo.pdf"))
    grades = tables["grades"]
    cut = grades[grades["area_printed"] == "Disruptin serious organise crime"]
    assert len(cut) == 39 and set(cut["area_id"]) == {"disrupting_serious_organised_crime"}
    assert grades["area_id"].notna().all()
    findings = cross_checks.run_cross_checks(tables)
    assert [f["check"] for f in findings if f["check"].startswith("area_")] == ["area_cut_short"]


def test_an_area_whose_label_lost_whole_words_past_the_edge_reads_as_the_tables_header_prints_it():
    """The 2021-22 grades matrix of a LibreOffice printing sent through PostScript, set past the page's
    right edge (`matrix_label_words_lost_at_edge_postscript.pdf`, pages 1-3; read by its fonts'
    outlines, `fixtures/fonts`). On its second page the last header cell's lines lost their ends, and
    one line a whole word after its cut one: 'Strategi / planning / organisa / manage / and valu[e for]
    / money'. That copy of the header is the table's, cut short (`repeated_headers`): the page's rows
    take the label as the first page prints it whole, and every force has one row per area."""
    from pipeline import cross_checks, steps, validate
    from pipeline.pdf.documents import read_document
    from schemas import MODELS
    tables = steps.extract_document(read_document(FIXTURES / "matrix_label_words_lost_at_edge_postscript.pdf"))
    grades = tables["grades"]
    area = grades[grades["area_id"] == "strategic_planning_value_for_money"]
    assert set(area["area_printed"]) == {"Strategic planning, organisational management and value for money"}
    assert len(area) == 43 and area["page"].nunique() == 2
    assert grades["area_id"].notna().all() and len(grades) == 43 * 12
    assert validate.validate_table("grades", grades, MODELS["grades"])[1] == []
    findings = cross_checks.run_cross_checks(tables)
    assert [f["check"] for f in findings if f["check"].startswith("area_")] == []


def test_text_off_the_page_is_reported(tmp_path):
    result, out = run_pipeline(tmp_path, FIXTURES / "matrix_off_page_ghostscript.pdf")
    assert result.returncode == 0, result.stderr
    checks = {c["name"]: c for c in json.loads((out / "validation" / "summary.json").read_text())["checks"]}
    assert [f["message"] for f in checks["off_page"]["findings"]] == [
        "matrix_off_page_ghostscript.pdf: a table runs off page(s) 1: 0 of its rules reach the edge, 0 word(s) run "
        "past it, 9 lie wholly outside, 3 touch it ('organisational', 'improvement', 'Tackling', 'workforce', "
        "'corruption'). What is off the page is read as the file holds it, though not printed: a column there may "
        "be missing or incomplete."]


def test_a_column_cut_at_the_page_s_edge_is_reported_by_the_words_touching_it(tmp_path):
    """A held-out printing's page (LibreOffice, borderless): the grades matrix runs past the page's
    right edge and LibreOffice draws nothing past it, so its last column is gone from the file with
    no rule and no word off the page. The words of the column before touch the edge, as nothing set
    on the page does: the lost column is named in a finding, not dropped in silence."""
    result, out = run_pipeline(tmp_path, FIXTURES / "matrix_column_cut_at_edge_libreoffice.pdf")
    checks = {c["name"]: c for c in json.loads((out / "validation" / "summary.json").read_text())["checks"]}
    [message] = [f["message"] for f in checks["off_page"]["findings"]]
    assert "0 of its rules reach the edge, 0 word(s) run past it, 0 lie wholly outside" in message
    assert int(message.split("lie wholly outside, ")[1].split()[0]) > 0 and "'inspected'" in message


def test_blank_cells_of_a_column_past_the_page_edge_are_named(tmp_path):
    """A grades matrix LibreOffice set past the page's right edge, drawn again by pdftocairo (a
    held-out printing whole: `matrix_column_past_edge_short_grades_lost_cairo.pdf`): the last
    column's long grades reach onto the page and are kept, its short centred ones ('Good') lie
    wholly outside and are gone, their cells blank. Those cells are published as the file holds
    them (blank: ungraded), and a finding names every one of them, and only them."""
    result, out = run_pipeline(tmp_path, FIXTURES / "matrix_column_past_edge_short_grades_lost_cairo.pdf")
    assert result.returncode == 0, result.stderr
    checks = {c["name"]: c for c in json.loads((out / "validation" / "summary.json").read_text())["checks"]}
    [finding] = checks["blank_past_edge"]["findings"]
    assert finding["cycle"] == "2021-22" and finding["page"] == 2
    assert "the column 'Strategic planning, organisational management and value for money'" in finding["message"]
    grades = pd.read_parquet(out / "grades.parquet")
    lost = grades[(grades["area_id"] == "strategic_planning_value_for_money")
                  & (grades["grade_printed"].fillna("").str.strip() == "")]
    named = finding["message"].split("are blank (")[1].split("):")[0].split("; ")
    assert len(named) == 12 and sorted(named) == sorted(lost["force_printed"].str.replace("\n", " "))
    assert checks["off_page"]["findings"]


def test_an_area_label_is_completed_only_where_it_can_begin_one_area():
    from pipeline.canonical import match_area
    assert match_area("Strategic planning, organisational management and value", "2021-22") == \
        "strategic_planning_value_for_money"
    assert match_area("Strategic planning", "2021-22") is None  # too little of the label is left
    assert match_area("Disruptin serious organise crime", "2023-25") == "disrupting_serious_organised_crime"
    assert match_area("D serious organised crime", "2023-25") is None  # a letter of a word says nothing
    assert match_area("Dis ser org cri", "2023-25") is None  # too little of the words is left
    assert match_area("Preventing and deterring crime", "2021-22") is None  # a third of a 2023-25 label
    assert match_area("Investigating crime", "2021-22") == "investigating_crime"  # whole labels as before


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

    def dropping(located, cells, parts):
        tables = tidy(located, cells, parts)
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
    from pipeline import cross_checks
    from pipeline.pdf.text import UNREADABLE
    rows = pd.DataFrame({"source_file": ["a.pdf", "a.pdf"], "cycle": ["2023-25", "2023-25"], "page": [3, 4],
                         "objective": [f"To cut waiting times {UNREADABLE} by half", "To cut crime"]})
    findings = cross_checks.unreadable_text("practices", rows)
    assert [(f["check"], f["page"], f["severity"]) for f in findings] == [("unreadable_text", 3, "warning")]
    assert "To cut waiting times" in findings[0]["message"]


GOOD_REPORT, BAD_REPORT = sorted((RAW / "hmicfrs").glob("*.pdf"))[:2]


@pytest.fixture
def two_reports(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for pdf in (GOOD_REPORT, BAD_REPORT):
        (raw / pdf.name).write_bytes(pdf.read_bytes())
    return raw


def break_two_rows_of(name: str, monkeypatch) -> None:
    """The worker gives `name` two report_grades rows that break the schema (as a misread table would)."""
    extract = workers.extract_document

    def corrupting(document):
        tables = extract(document)
        if document.path.name == name:
            tables["report_grades"].loc[0, "grade"] = "Excellent"
            tables["report_grades"].loc[1, "grade"] = None
        return tables

    monkeypatch.setattr(workers, "extract_document", corrupting)


def card_about(page: str, text: str) -> str:
    """The report's finding card whose sentence holds `text`."""
    cards = [card for card in page.split('<div class="finding')[1:] if text in card.split("</p>")[0]]
    assert len(cards) == 1, text
    return cards[0]


def assert_rows_pictured(page: str) -> None:
    for reason in ["report_grades.grade is &#x27;Excellent&#x27;, not an allowed value", "report_grades.grade is null"]:
        card = card_about(page, f"message\">{reason}")
        assert f"file <b>{BAD_REPORT.name}</b>" in card and "page <b>" in card
        assert "data:image/png;base64," in card and "the row, outlined in red" in card


def test_a_document_with_invalid_rows_blocks_publication_and_is_pictured(two_reports, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert build.run(build.RunOptions(raw_dir=two_reports, out_dir=out, jobs=1)) == 0
    before = tree_digest(out)
    break_two_rows_of(BAD_REPORT.name, monkeypatch)
    assert build.run(build.RunOptions(raw_dir=two_reports, out_dir=out, jobs=1)) == 2
    assert tree_digest(out) == before
    blocked = (tmp_path / "out-blocked-report.html").read_text()
    assert ">BLOCKED<" in blocked and f"Held back: {BAD_REPORT.name}." in blocked
    assert f"{BAD_REPORT.name}: held back, 2 rows break the schema of report_grades" in blocked
    assert_rows_pictured(blocked)
    assert "check-schema" not in blocked  # the shared tables, built without the held-back rows, are valid


def test_keep_going_publishes_the_other_documents_and_names_the_held_back_one(two_reports, tmp_path, monkeypatch,
                                                                              caplog):
    from pipeline import cli
    break_two_rows_of(BAD_REPORT.name, monkeypatch)
    out = tmp_path / "out"
    caplog.set_level("INFO", logger="pipeline")
    assert cli.main(["run", "--raw", str(two_reports), "--out", str(out), "--jobs", "1", "--keep-going"]) == 0
    held = (f"{BAD_REPORT.name}: held back, 2 rows break the schema of report_grades "
            f"(report_grades.grade is 'Excellent', not an allowed value)")
    assert f"error: {held}" in caplog.messages
    assert any(m.startswith("Published to") and m.endswith(f"held back: {BAD_REPORT.name} (see validation/report.html)")
               for m in caplog.messages)

    for name in ["report_grades", "report_not_graded"]:
        assert set(pd.read_parquet(out / f"{name}.parquet")["source_file"]) == {GOOD_REPORT.name}
    assert set(pd.read_parquet(out / "reconciliation.parquet")["report_file"].dropna()) == {GOOD_REPORT.name}
    summary = json.loads((out / "validation" / "summary.json").read_text())
    assert summary["run"]["held_back"] == [BAD_REPORT.name] and summary["run"]["published"]
    checks = checks_of(out)
    assert [(f["source_file"], f["message"]) for f in checks["document_held_back"]["findings"]] == \
        [(BAD_REPORT.name, held)]
    rows = checks["held_back_row"]["findings"]
    assert [(f["source_file"], f["table"], f["message"]) for f in rows] == [
        (BAD_REPORT.name, "report_grades", "report_grades.grade is 'Excellent', not an allowed value"),
        (BAD_REPORT.name, "report_grades", "report_grades.grade is null")]
    assert all(f["page"] for f in rows) and checks["schema"]["count"] == 0
    assert {entry["source_file"] for entry in summary["coverage"]} == {GOOD_REPORT.name}
    page = (out / "validation" / "report.html").read_text()
    assert ">PUBLISHED<" in page
    assert_rows_pictured(page)


def test_an_error_in_a_shared_table_blocks_even_with_keep_going(one_report, tmp_path, monkeypatch):
    """The reconciliation is built from every document: no one document can be held back for it."""
    from pipeline import clean
    reconcile = clean.reconcile_grades

    def breaking(grades, report_grades):
        table = reconcile(grades, report_grades)
        table.loc[0, "agreement"] = "perhaps"
        return table

    monkeypatch.setattr(clean, "reconcile_grades", breaking)
    out = tmp_path / "out"
    assert build.run(build.RunOptions(raw_dir=one_report, out_dir=out, jobs=1, keep_going=True)) == 2
    assert not out.exists()
    blocked = (tmp_path / "out-blocked-report.html").read_text()
    assert ">BLOCKED<" in blocked and "reconciliation.agreement is &#x27;perhaps&#x27;" in blocked


def test_a_value_that_cannot_be_coerced_does_not_hide_another_documents_bad_row(two_reports, tmp_path, monkeypatch):
    """'twelve' stops Pandera checking the page column at all; held back, it no longer hides the page 0."""
    extract = workers.extract_document
    pages = {GOOD_REPORT.name: "twelve", BAD_REPORT.name: 0}

    def corrupting(document):
        tables = extract(document)
        tables["report_grades"]["page"] = tables["report_grades"]["page"].astype(object)
        tables["report_grades"].loc[0, "page"] = pages[document.path.name]
        return tables

    monkeypatch.setattr(workers, "extract_document", corrupting)
    out = tmp_path / "out"
    assert build.run(build.RunOptions(raw_dir=two_reports, out_dir=out, jobs=1, keep_going=True)) == 0
    rows = checks_of(out)["held_back_row"]["findings"]
    assert [(f["source_file"], f["message"]) for f in rows] == [
        (GOOD_REPORT.name, "report_grades.page is 'twelve', not of type int64"),
        (BAD_REPORT.name, "report_grades.page is 0, less than 1")]
    assert len(pd.read_parquet(out / "report_grades.parquet")) == 0


def test_each_offending_row_is_one_finding_saying_all_that_is_wrong():
    import pandera.pandas as pa
    from pipeline import validate
    schema = pa.DataFrameSchema({"source_file": pa.Column(str), "area": pa.Column(str), "grade": pa.Column(str),
                                 "page": pa.Column(int)}, coerce=True, unique=["source_file", "area"])
    rows = pd.DataFrame({"source_file": ["a.pdf", "a.pdf", "b.pdf"], "area": ["Crime", "Crime", "Victims"],
                         "grade": ["Good", "Good", None], "page": [1, 1, "twelve"],
                         "top": [10.0, 30.0, 50.0], "bottom": [20.0, 40.0, 60.0]})
    _, findings = validate.validate_table("t", rows, schema)
    assert [(f["source_file"], f["top"], f["message"]) for f in findings] == [
        ("a.pdf", 10.0, "t has another row with the same source_file, area"),
        ("a.pdf", 30.0, "t has another row with the same source_file, area"),
        ("b.pdf", 50.0, "t.page is 'twelve', not of type int64; t.grade is null")]
    assert {name: len(found) for name, found in validate.blame_documents(findings).items()} == {"a.pdf": 2, "b.pdf": 1}


def test_a_version_row_read_as_one_cell_breaks_the_versions_schema(ruled_out):
    from pipeline import validate
    from schemas import MODELS
    versions = pd.read_parquet(ruled_out / "versions.parquet")
    assert validate.validate_table("versions", versions, MODELS["versions"])[1] == []
    garbled = versions.copy()
    first = garbled.index[0]
    garbled.loc[first, "version"] = " ".join(garbled.loc[first, ["version", "date_published", "updates"]])
    _, findings = validate.validate_table("versions", garbled, MODELS["versions"])
    assert len(findings) == 1 and "versions.version" in findings[0]["message"]
