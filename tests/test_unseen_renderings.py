"""Compendium-like PDFs made here with reportlab, unlike the stand-ins in every way the pipeline
must not depend on: font, page size, column widths, grades, forces, number of rows, rulings."""
from __future__ import annotations

import pandas as pd
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from conftest import FIXTURES, run_pipeline

BODY = ParagraphStyle("body", fontName="Times-Roman", fontSize=11, leading=13.5, spaceAfter=6)
CELL = ParagraphStyle("cell", fontName="Times-Roman", fontSize=9.5, leading=11)
HEAD = ParagraphStyle("head", fontName="Times-Bold", fontSize=9.5, leading=11)
H1 = ParagraphStyle("h1", fontName="Times-Bold", fontSize=20, leading=24, spaceAfter=10)
H2 = ParagraphStyle("h2", fontName="Times-Bold", fontSize=14, leading=17, spaceBefore=8, spaceAfter=6)

MATRIX = {
    "Kent Police": ["Good", "Requires Improvement", "N/A"],
    "Greater Manchester Police": ["Outstanding", "Inadequate", "Adequate"],
    "Dyfed-Powys Police": ["Adequate", "Not inspected", "Good"],
}
AREAS = ["Investigating crime", "Protecting vulnerable people", "Tackling workforce corruption"]
LONG = " ".join(["The force trained every officer in the approach and kept careful records of the results."] * 9)
PRACTICES = [  # force cell, objective, detail, outcome
    ("Kent Police (Good)", "To reduce repeat victimisation", "Officers visit victims twice.", "Fewer repeat calls."),
    ("Greater Manchester Police (Outstanding)", "To speed up digital forensics", LONG, "Backlog halved."),
    ("", "To train investigators in interviewing", "A new course for detectives.", "Better interviews."),
    ("Dyfed-Powys Police (Adequate)", "To protect rural victims", "Farm watch schemes.", "More reports."),
]


def mini_compendium(path, ruled: bool, merged_second_force: bool) -> None:
    """Three matrix rows, one practice table with a row long enough to break over a page, and
    (with `merged_second_force`) a force cell merged over two rows."""
    story = [Paragraph("UK Policing Compendium of Operational Practice", H1), Paragraph("Version 9.1", BODY),
             PageBreak(), Paragraph("Section 1: Analysis of 2023-2025 PEEL reports", H1)]
    matrix = [[Paragraph("Constabulary Name", HEAD)] + [Paragraph(a, HEAD) for a in AREAS]]
    matrix += [[Paragraph(f, CELL)] + [Paragraph(g, CELL) for g in grades] for f, grades in MATRIX.items()]
    grid = [("GRID", (0, 0), (-1, -1), 0.6, colors.black)] if ruled else []
    story += [Table(matrix, colWidths=[130, 120, 120, 120], style=TableStyle(grid + [("VALIGN", (0, 0), (-1, -1), "TOP")])),
              PageBreak(), Paragraph("OPERATIONAL PRACTICE AREA FOUR: Investigating crime", H2),
              Paragraph("Practice is varied. Three examples of innovative practice have been identified across the "
                        "5 reports published at time of writing.", BODY)]
    rows = [[Paragraph(t, HEAD) for t in ("Force (grading)", "Objective", "Detail", "Outcome")]]
    rows += [[Paragraph(cell, CELL) for cell in practice] for practice in PRACTICES]
    style = grid + [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if merged_second_force:
        style.append(("SPAN", (0, 2), (0, 3)))
    table = Table(rows, colWidths=[95, 110, 200, 120], repeatRows=1, splitInRow=1, style=TableStyle(style))
    story += [Spacer(1, 380), table]
    SimpleDocTemplate(str(path), pagesize=letter).build(story)


@pytest.fixture(scope="module", params=[("reportlab", True), ("reportlab", False), ("chromium", True), ("chromium", False)],
                ids=["reportlab-ruled", "reportlab-borderless", "chromium-ruled", "chromium-borderless"])
def mini_out(request, tmp_path_factory):
    """The mini compendium made here with reportlab, or the same content printed by Chromium
    (`fixtures/make_chromium_fixtures.py`: glyphs drawn one by one at 0.75 scale, borders cell by
    cell, the header repeated on the next page)."""
    maker, ruled = request.param
    tmp = tmp_path_factory.mktemp("mini")
    pdf = tmp / "mini.pdf"
    if maker == "reportlab":
        mini_compendium(pdf, ruled=ruled, merged_second_force=True)
    else:
        pdf.write_bytes((FIXTURES / f"mini_compendium_chromium_{'ruled' if ruled else 'borderless'}.pdf").read_bytes())
    result, out = run_pipeline(tmp, pdf)
    assert result.returncode == 0, result.stderr
    return ruled, out


def test_matrix_in_another_font_and_page_size(mini_out):
    _, out = mini_out
    grades = pd.read_parquet(out / "grades.parquet")
    assert len(grades) == len(MATRIX) * len(AREAS)
    got = {(r.force_printed, r.area_printed): r.grade_printed for r in grades.itertuples()}
    assert got == {(f, a): g for f, gs in MATRIX.items() for a, g in zip(AREAS, gs)}
    assert set(grades["cycle"]) == {"2023-25"} and grades["force_id"].notna().all()


def test_practice_rows_survive_a_page_break_and_a_merged_force_cell(mini_out):
    ruled, out = mini_out
    practices = pd.read_parquet(out / "practices.parquet")
    assert practices["objective"].tolist() == [p[1] for p in PRACTICES]
    split = practices.iloc[1]
    assert split["detail"] == LONG and split["page_last"] == split["page_first"] + 1
    merged = practices.iloc[2]
    if ruled:  # the rulings show the merged cell: the second objective belongs to the same force
        assert merged["force_printed"] == "Greater Manchester Police" and merged["force_grade"] == "Outstanding"
    else:  # nothing shows the merge: the force is left null (and reported), never guessed
        assert pd.isna(merged["force_printed"])
    claims = pd.read_parquet(out / "area_claims.parquet")
    assert claims[["claimed_examples", "claimed_reports", "extracted_examples"]].values.tolist() == [[3, 5, 4]]


def test_a_browser_printed_table_with_an_empty_force_cell_under_a_repeated_header(tmp_path):
    """Chromium draws borders cell by cell, so an empty force cell has its own rule above it and
    is not merged; the last row sits alone under the header repeated on the next page, a page
    whose glyphs pdfium cannot put into lines, so it infers no spaces there."""
    pdf = tmp_path / "mini.pdf"
    pdf.write_bytes((FIXTURES / "mini_compendium_chromium_ruled_unmerged.pdf").read_bytes())
    result, out = run_pipeline(tmp_path, pdf)
    assert result.returncode == 0, result.stderr
    practices = pd.read_parquet(out / "practices.parquet")
    assert practices["seq"].tolist() == [1, 2, 3, 4]
    assert practices["force_printed"].tolist()[:2] == ["Kent Police", "Greater Manchester Police"]
    assert pd.isna(practices["force_printed"].iloc[2])
    assert practices["force_printed"].iloc[3] == "Dyfed-Powys Police"
    assert practices["objective"].tolist() == [p[1] for p in PRACTICES]
    assert practices["page_first"].tolist() == [3, 3, 3, 4]
