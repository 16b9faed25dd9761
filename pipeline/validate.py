"""Validate: Pandera on every table (errors block publication) and cross-table checks
(warnings: the document contradicting itself, published and reported).

Every finding is a plain dict with the same keys, so the JSON summary and the HTML report
can list them without knowing which check made them.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

FINDING_KEYS = ["check", "severity", "table", "source_file", "cycle", "section", "force", "page", "message",
                "x0", "top", "x1", "bottom"]

CHECKS = {
    "schema": ("error", "a value breaks its table's schema (type, allowed values, keys)"),
    "source_checksum": ("warning", "an input file differs from the sha256 in raw/sources.toml"),
    "claims_vs_rows": ("warning", "a section claims a different number of examples than its table holds"),
    "practice_grade_vs_matrix": ("warning", "a practice row gives a force a different grade than the grades matrix"),
    "duplicate_rows": ("warning", "the same practice is printed more than once in a table"),
    "force_missing": ("warning", "a practice row prints no force name"),
    "force_unmatched": ("warning", "a force name matches no police force of England and Wales"),
    "area_unmatched": ("warning", "an area or section name matches no PEEL inspection area"),
    "report_internal": ("warning", "a report's judgments table and its area section disagree"),
    "report_vs_compendium": ("warning", "a report and the compendium give different grades"),
    "input_failed": ("error", "an input PDF could not be read (published only with --keep-going)"),
}


def finding(check: str, message: str, **where) -> dict:
    severity = CHECKS[check][0]
    record = {key: None for key in FINDING_KEYS}
    record.update(check=check, severity=severity, message=message)
    record.update({key: value for key, value in where.items() if key in record})
    for key, value in record.items():
        if key != "message" and isinstance(value, float) and pd.isna(value):
            record[key] = None
    return record


def located_at(row) -> dict:
    """The provenance keys of a table row, for a finding about it."""
    get = row.get if isinstance(row, dict) else (lambda key, default=None: getattr(row, key, default))
    return {
        "source_file": get("source_file"), "cycle": get("cycle"), "section": get("section"),
        "force": get("force_printed"), "page": get("page", get("page_first")),
        "x0": get("x0"), "top": get("top"), "x1": get("x1"), "bottom": get("bottom"),
    }


def validate_table(name: str, frame: pd.DataFrame, model: type[pa.DataFrameModel]) -> tuple[pd.DataFrame, list[dict]]:
    """The table coerced to its schema, and a finding for every failing value (all collected, not the first)."""
    try:
        return model.validate(frame, lazy=True), []
    except pa.errors.SchemaErrors as errors:
        findings = []
        for case in errors.failure_cases.itertuples(index=False):
            index = case.index
            row = frame.loc[index].to_dict() if index is not None and index in frame.index else {}
            column = case.column if isinstance(case.column, str) else "table"
            findings.append(finding("schema", f"{name}.{column}: check '{case.check}' failed"
                                    f" for value {case.failure_case!r}", table=name, **located_at(row)))
        return frame, findings


def claims_vs_rows(claims: pd.DataFrame) -> list[dict]:
    wrong = claims[claims["claimed_examples"].notna()
                   & (claims["claimed_examples"] != claims["extracted_examples"])]
    return [finding("claims_vs_rows",
                    f"'{row.section}' ({row.cycle}) claims {int(row.claimed_examples)} examples, "
                    f"but its table holds {int(row.extracted_examples)} rows.",
                    table="area_claims", source_file=row.source_file, cycle=row.cycle,
                    section=row.section, page=row.page)
            for row in wrong.itertuples(index=False)]


def duplicate_rows(practices: pd.DataFrame) -> list[dict]:
    """The same force and objective twice in one table: the later copies are reported."""
    key = ["source_file", "cycle", "section", "force_printed", "objective"]
    repeated = practices[practices.duplicated(subset=key, keep="first")]
    return [finding("duplicate_rows",
                    f"Row {row.seq} of '{row.section}' repeats an earlier row for "
                    f"{row.force_printed or 'an unnamed force'}: '{row.objective}'.",
                    table="practices", **located_at(row))
            for row in repeated.itertuples(index=False)]


def force_missing(practices: pd.DataFrame) -> list[dict]:
    missing = practices[practices["force_printed"].isna()]
    return [finding("force_missing",
                    f"Row {row.seq} of '{row.section}' prints no force name (objective: '{row.objective}').",
                    table="practices", **located_at(row))
            for row in missing.itertuples(index=False)]


def run_cross_checks(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Every cross-table check whose tables are present."""
    findings: list[dict] = []
    if "area_claims" in tables:
        findings += claims_vs_rows(tables["area_claims"])
    if "practices" in tables:
        findings += duplicate_rows(tables["practices"]) + force_missing(tables["practices"])
    return findings


def summarise(findings: list[dict]) -> list[dict]:
    """One entry per check: severity, pass/fail, count and its findings (without geometry)."""
    out = []
    for check, (severity, description) in CHECKS.items():
        mine = [{k: v for k, v in f.items() if k not in ("x0", "top", "x1", "bottom", "check", "severity")}
                for f in findings if f["check"] == check]
        out.append({"name": check, "severity": severity, "description": description,
                    "status": "pass" if not mine else "fail", "count": len(mine), "findings": mine})
    return out
