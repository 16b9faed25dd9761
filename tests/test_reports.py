"""HMICFRS PEEL reports: the stand-in PDFs, and reports in layouts the stand-ins do not use,
made here with reportlab (two-column 'Area | Grade' with shaded grade cells, landscape, other fonts)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from conftest import EXPECTED, FIXTURES, RAW, norm, run_pipeline

SHADES = {"Outstanding": "#1b7837", "Good": "#7fbf7b", "Adequate": "#fee08b",
          "Requires improvement": "#fdae61", "Inadequate": "#d73027"}


def styles(font: str, bold: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=30, leading=36),
        "h1": ParagraphStyle("h1", fontName=bold, fontSize=18, leading=22, spaceAfter=8),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=14, leading=18, spaceBefore=10, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=font, fontSize=11, leading=14, spaceAfter=6),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=10, leading=12),
        "head": ParagraphStyle("head", fontName=bold, fontSize=10, leading=12),
        "grade": ParagraphStyle("grade", fontName=bold, fontSize=11, leading=14),
    }


def cover_and_sections(s, cycle: str, force: str, grades: dict[str, str], not_graded: list[str]) -> tuple[list, list]:
    cover = [Paragraph(f"PEEL {cycle}", s["title"]), Spacer(1, 12),
             Paragraph("Police effectiveness, efficiency and legitimacy", s["body"]), Spacer(1, 40),
             Paragraph(f"An inspection of {force}", s["h1"]), PageBreak(),
             Paragraph("Overall summary", s["h1"]), Paragraph("Our judgments", s["h2"])]
    sections = [Paragraph(f"We did not grade {force} on {' and '.join(not_graded)} in this inspection.", s["body"]),
                PageBreak(), Paragraph("Our detailed findings", s["h1"])]
    for area, grade in grades.items():
        sections += [Paragraph(area, s["h2"]), Paragraph(f"Grade: {grade}", s["grade"]),
                     Paragraph(f"{force} is judged {grade.lower()} at {area.lower()}.", s["body"])]
    return cover, sections


def area_grade_report(path: Path, cycle: str, force: str, grades: dict[str, str], not_graded: list[str]) -> None:
    """Landscape, Times, a two-column 'Area | Grade' table with the grade cells shaded by colour."""
    s = styles("Times-Roman", "Times-Bold")
    cover, sections = cover_and_sections(s, cycle, force, grades, not_graded)
    rows = [[Paragraph("Area", s["head"]), Paragraph("Grade", s["head"])]]
    rows += [[Paragraph(area, s["cell"]), Paragraph(grade, s["cell"])] for area, grade in grades.items()]
    table = Table(rows, colWidths=[300, 160])
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    style += [("BACKGROUND", (1, i), (1, i), colors.HexColor(SHADES[g])) for i, g in enumerate(grades.values(), 1)]
    table.setStyle(TableStyle(style))
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(cover + [table, Spacer(1, 12)] + sections)


def grade_column_report(path: Path, cycle: str, force: str, grades: dict[str, str], not_graded: list[str]) -> None:
    """US Letter, Courier, one column per grade with the areas stacked in the cells, no rules."""
    s = styles("Courier", "Courier-Bold")
    cover, sections = cover_and_sections(s, cycle, force, grades, not_graded)
    header = ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
    stacked = [[Paragraph(area, s["cell"]) for area, grade in grades.items() if grade == column] for column in header]
    table = Table([[Paragraph(h, s["head"]) for h in header], stacked], colWidths=[105] * 5)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    SimpleDocTemplate(str(path), pagesize=letter).build(cover + [table, Spacer(1, 12)] + sections)


GRADES_2023 = {
    "Police powers and public treatment": "Adequate",
    "Preventing crime and antisocial behaviour": "Good",
    "Responding to the public": "Requires improvement",
    "Investigating crime": "Inadequate",
    "Protecting vulnerable people": "Requires improvement",
    "Managing offenders and suspects": "Good",
    "Building, supporting and protecting the workforce": "Outstanding",
    "Leadership and force management": "Adequate",
}


@pytest.mark.parametrize("layout", [area_grade_report, grade_column_report])
def test_reports_in_unseen_layouts_are_read(tmp_path, layout):
    pdf = tmp_path / f"{layout.__name__}.pdf"
    layout(pdf, "2023–25", "Gwent Police", GRADES_2023, ["recording data about crime", "tackling workforce corruption"])
    result, out = run_pipeline(tmp_path, pdf)
    assert result.returncode == 0, result.stderr
    grades = pd.read_parquet(out / "report_grades.parquet")
    assert dict(zip(grades["area_printed"], grades["grade"])) == GRADES_2023
    assert set(grades["cycle"]) == {"2023-25"} and set(grades["force_id"]) == {"gwent"}
    assert grades["area_id"].notna().all()
    assert (grades["section_grade"] == grades["grade"]).all(), "each area section's 'Grade:' line is read"
    not_graded = pd.read_parquet(out / "report_not_graded.parquet")
    assert sorted(not_graded["area_id"]) == ["recording_data_about_crime", "tackling_workforce_corruption"]


def test_a_section_grade_that_contradicts_the_table_is_reported(tmp_path):
    pdf = tmp_path / "contradiction.pdf"
    s = styles("Helvetica", "Helvetica-Bold")
    grades = {"Investigating crime": "Good", "Responding to the public": "Adequate"}
    cover, sections = cover_and_sections(s, "2023–25", "Kent Police", {**grades, "Investigating crime": "Inadequate"},
                                         ["recording data about crime"])
    table = Table([[Paragraph("Area", s["head"]), Paragraph("Grade", s["head"])]]
                  + [[Paragraph(a, s["cell"]), Paragraph(g, s["cell"])] for a, g in grades.items()])
    SimpleDocTemplate(str(pdf), pagesize=A4).build(cover + [table] + sections)
    result, out = run_pipeline(tmp_path, pdf)
    assert result.returncode == 0, result.stderr
    import json
    checks = {c["name"]: c for c in json.loads((out / "validation" / "summary.json").read_text())["checks"]}
    assert checks["report_internal"]["count"] == 1
    assert "Investigating crime" in checks["report_internal"]["findings"][0]["message"]


@pytest.fixture(scope="module")
def stand_in_reports(tmp_path_factory):
    pdfs = sorted((RAW / "hmicfrs").glob("*.pdf"))
    result, out = run_pipeline(tmp_path_factory.mktemp("reports"), *pdfs)
    assert result.returncode == 0, result.stderr
    return out


def test_stand_in_reports_match_expected_grades(stand_in_reports):
    got = pd.read_parquet(stand_in_reports / "report_grades.parquet")
    want = pd.read_csv(EXPECTED / "hmicfrs" / "gold_grades.csv", dtype=str)
    key = lambda c, f, a, g: (norm(c), norm(f), norm(a), norm(g))  # noqa: E731
    assert {key(*r) for r in got[["cycle", "force_printed", "area_printed", "grade"]].itertuples(index=False)} == \
        {key(*r) for r in want[["cycle", "force", "area_hmicfrs", "grade"]].itertuples(index=False)}
    assert got["force_id"].notna().all() and got["area_id"].notna().all()


def test_reconciliation_covers_every_graded_cell_of_both_sources(tmp_path_factory):
    pdfs = [RAW / "compendium_v1.6.pdf"] + sorted((RAW / "hmicfrs").glob("peel-2023-25-*.pdf"))[:5]
    result, out = run_pipeline(tmp_path_factory.mktemp("reconcile"), *pdfs)
    assert result.returncode == 0, result.stderr
    rec = pd.read_parquet(out / "reconciliation.parquet")
    grades = pd.read_parquet(out / "grades.parquet").query("status == 'graded'")
    reports = pd.read_parquet(out / "report_grades.parquet")
    keys = ["cycle", "force_id", "area_id"]
    assert set(map(tuple, grades[keys].to_numpy())) | set(map(tuple, reports[keys].to_numpy())) == \
        set(map(tuple, rec[keys].to_numpy()))
    assert set(rec["agreement"]) <= {"agree", "disagree", "only_compendium", "only_report"}
    both = rec[rec["report_grade"].notna()]
    assert len(both) == len(reports) and (both["agreement"] == "agree").all()


def test_a_report_whose_dashes_have_no_text_still_gives_its_cycle(tmp_path):
    """Ghostscript re-distilled the report and dropped the text of its en dashes: the cycle is
    still read from 'PEEL 2023<glyph>25', and the judgments are the original report's."""
    original = RAW / "hmicfrs" / "peel-2023-25-west-yorkshire-police.pdf"
    columns = ["cycle", "force_id", "area_id", "grade", "page"]
    runs = {}
    for name, pdf in [("original", original), ("ghostscript", FIXTURES / f"{original.stem}_ghostscript.pdf")]:
        result, out = run_pipeline(tmp_path / name, pdf)
        assert result.returncode == 0, result.stderr
        runs[name] = pd.read_parquet(out / "report_grades.parquet")[columns].sort_values(columns).reset_index(drop=True)
    assert len(runs["original"]) > 5
    pd.testing.assert_frame_equal(runs["ghostscript"], runs["original"])
