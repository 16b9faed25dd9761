"""Cross-table checks: what the published rows say against each other and against the reference
tables (claims against rows, practice grades against the matrix, a report against itself and
against the compendium, names the reference tables cannot resolve). Each returns findings
(`validate.finding`); `run_cross_checks` runs every check whose tables are present.
"""
from __future__ import annotations

import pandas as pd

from pipeline.canonical import cut_short_area, exact_area
from pipeline.pdf.text import UNREADABLE
from pipeline.validate import comparable, digest, finding, located_at, row_subject


def claims_vs_rows(claims: pd.DataFrame) -> list[dict]:
    wrong = claims[claims["claimed_examples"].notna()
                   & (claims["claimed_examples"] != claims["extracted_examples"])]
    return [finding("claims_vs_rows",
                    f"'{row.section}' ({row.cycle}) claims {int(row.claimed_examples)} examples, "
                    f"but its table holds {int(row.extracted_examples)} rows.",
                    row_subject("area_claims", row), table="area_claims", source_file=row.source_file,
                    cycle=row.cycle, section=row.section, page=row.page)
            for row in wrong.itertuples(index=False)]


def duplicate_rows(practices: pd.DataFrame) -> list[dict]:
    """The same force and objective twice in one table: the later copies are reported, each by which copy it is."""
    key = ["source_file", "cycle", "section", "force_printed", "objective"]
    copies = practices.assign(copy=practices.groupby(key, dropna=False).cumcount() + 1)
    repeated = copies[copies["copy"] > 1]
    return [finding("duplicate_rows",
                    f"Row {row.seq} of '{row.section}' repeats an earlier row for "
                    f"{row.force_printed or 'an unnamed force'}: '{row.objective}'.",
                    {**row_subject("practices", row), "copy": row.copy}, table="practices", **located_at(row))
            for row in repeated.itertuples(index=False)]


def force_missing(practices: pd.DataFrame) -> list[dict]:
    missing = practices[practices["force_printed"].isna()]
    return [finding("force_missing",
                    f"Row {row.seq} of '{row.section}' prints no force name (objective: '{row.objective}').",
                    row_subject("practices", row), table="practices", **located_at(row))
            for row in missing.itertuples(index=False)]


def unreadable_text(name: str, frame: pd.DataFrame) -> list[dict]:
    """Rows with a character the PDF's fonts give no text for (`text.UNREADABLE`): the value is
    published as printed, with the gap marked, and the place is reported."""
    findings = []
    for row in frame.itertuples(index=False):
        marked = [value for value in row if isinstance(value, str) and UNREADABLE in value]
        if marked:
            findings.append(finding("unreadable_text", f"{name} row from {row.source_file} holds a glyph the PDF "
                                                       f"gives no text for: '{marked[0]}'.",
                                    {**row_subject(name, row), "value": digest(marked[0])}, table=name,
                                    **located_at(row)))
    return findings


def unmatched_names(check: str, name: str, frame: pd.DataFrame, printed: str, key: str, what: str) -> list[dict]:
    """Each printed name in a table that the reference tables could not resolve, once per file."""
    if key not in frame or printed not in frame:
        return []
    unmatched = frame[frame[printed].notna() & frame[key].isna()].drop_duplicates(["source_file", printed])
    return [finding(check, f"'{getattr(row, printed)}' in {name} ({row.cycle}) matches no {what}; its rows have no "
                           f"{key}.", {"table": name, "cycle": row.cycle,
                                       key.removesuffix("_id"): comparable(getattr(row, printed))},
                    table=name, **located_at(row))
            for row in unmatched.itertuples(index=False)]


def cut_short_names(name: str, frame: pd.DataFrame, printed: str) -> list[dict]:
    """Each printed area label that names no area word for word but was matched as the start of
    one (`canonical.cut_short_area`), once per file: the user should know the label was completed."""
    if "area_id" not in frame or printed not in frame:
        return []
    labelled = frame[frame[printed].notna() & frame["area_id"].notna()].drop_duplicates(["source_file", printed])
    cut = labelled[[exact_area(label, cycle) is None and cut_short_area(label, cycle) is not None
                    for label, cycle in zip(labelled[printed], labelled["cycle"])]]
    return [finding("area_cut_short", f"'{getattr(row, printed)}' in {name} ({row.cycle}) is printed cut short: its "
                                      f"rows are given the area it is the start of, {row.area_id}.",
                    {"table": name, "cycle": row.cycle, "area": comparable(getattr(row, printed))},
                    table=name, **located_at(row))
            for row in cut.itertuples(index=False)]


def practice_grade_vs_matrix(practices: pd.DataFrame, grades: pd.DataFrame) -> list[dict]:
    """A practice row's '(grade)' against the matrix cell for the same force, cycle and area."""
    keys = ["cycle", "force_id", "area_id"]
    matrix = (grades[grades["force_id"].notna() & grades["area_id"].notna()]
              .drop_duplicates(keys)[keys + ["grade_printed", "grade", "page"]]
              .rename(columns={"grade_printed": "matrix_printed", "grade": "matrix_grade", "page": "matrix_page"}))
    graded = practices[practices["force_grade"].notna() & practices["force_id"].notna()]
    joined = graded.merge(matrix, on=keys, how="inner")
    wrong = joined[joined["force_grade"] != joined["matrix_grade"]]
    return [finding("practice_grade_vs_matrix",
                    f"Row {row.seq} of '{row.section}' grades {row.force_printed} '{row.force_grade_printed}' "
                    f"(page {row.page_first}), but the {row.cycle} grades matrix says '{row.matrix_printed}' "
                    f"(page {row.matrix_page}).", row_subject("practices", row), table="practices", **located_at(row))
            for row in wrong.itertuples(index=False)]


def report_internal(report_grades: pd.DataFrame) -> list[dict]:
    wrong = report_grades[report_grades["section_grade"].notna()
                          & (report_grades["section_grade"] != report_grades["grade"])]
    return [finding("report_internal",
                    f"{row.source_file}: the judgments table (page {row.page}) grades '{row.area_printed}' "
                    f"{row.grade}, but its own section (page {int(row.section_page)}) says {row.section_grade}: "
                    f"'{row.section_evidence}'",
                    row_subject("report_grades", row), table="report_grades", **located_at(row))
            for row in wrong.itertuples(index=False)]


def announced_count(report_grades: pd.DataFrame) -> list[dict]:
    """A report that says it makes N graded judgments, of which a different number were read."""
    counts = report_grades.groupby("source_file", sort=True).agg(
        announced=("graded_announced", "first"), read=("area_printed", "size"), cycle=("cycle", "first"),
        force=("force_printed", "first"), page=("page", "first"))
    wrong = counts[counts["announced"].notna() & (counts["announced"] != counts["read"])]
    return [finding("announced_count",
                    f"{source_file}: the report says it makes {int(row.announced)} graded judgments, "
                    f"but {row.read} were read from its judgments table.",
                    table="report_grades", source_file=source_file, cycle=row.cycle, force=row.force, page=row.page)
            for source_file, row in wrong.iterrows()]


def report_vs_compendium(reconciliation: pd.DataFrame) -> list[dict]:
    wrong = reconciliation[reconciliation["agreement"] == "disagree"]
    return [finding("report_vs_compendium",
                    f"{row.force_id}, {row.area_id} ({row.cycle}): the compendium says {row.compendium_grade} "
                    f"({row.compendium_file} page {int(row.compendium_page)}), the report says {row.report_grade} "
                    f"({row.report_file} page {int(row.report_page)}).",
                    row_subject("reconciliation", row), table="reconciliation", source_file=row.compendium_file,
                    cycle=row.cycle,
                    page=int(row.compendium_page))
            for row in wrong.itertuples(index=False)]


def run_cross_checks(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Every cross-table check whose tables are present and non-empty."""
    present = {name: frame for name, frame in tables.items() if len(frame)}
    findings: list[dict] = []
    for name, frame in present.items():
        findings += unreadable_text(name, frame)
        if "cycle" in frame:
            findings += unmatched_names("force_unmatched", name, frame, "force_printed", "force_id",
                                        "police force of England and Wales")
            area_column = "area_printed" if "area_printed" in frame else "section"
            findings += unmatched_names("area_unmatched", name, frame, area_column, "area_id", "PEEL inspection area")
            findings += cut_short_names(name, frame, area_column)
    if "area_claims" in present:
        findings += claims_vs_rows(present["area_claims"])
    if "practices" in present:
        findings += duplicate_rows(present["practices"]) + force_missing(present["practices"])
        if "grades" in present:
            findings += practice_grade_vs_matrix(present["practices"], present["grades"])
    if "report_grades" in present:
        findings += report_internal(present["report_grades"]) + announced_count(present["report_grades"])
    if "reconciliation" in present:
        findings += report_vs_compendium(present["reconciliation"])
    return findings
