"""Release: every document's tables combined, validated, and published together, or nothing
published at all (the previous outputs stay as they were).
"""
from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from pipeline import __version__, canonical, clean, package, report, validate
from pipeline.publish import Staging
from pipeline.sources import ChecksumMismatch, Source
from pipeline.workers import DocumentResult
from schemas import MODELS

log = logging.getLogger("pipeline")


def combine(results: list[DocumentResult]) -> dict[str, pd.DataFrame]:
    """Each table kind's rows from all documents, in input order."""
    tables: dict[str, list[pd.DataFrame]] = {}
    for result in results:
        for name, frame in (result.tables or {}).items():
            tables.setdefault(name, []).append(frame)
    return {name: pd.concat(frames, ignore_index=True) for name, frames in tables.items()}


def all_tables(extracted: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every published table: the extracted ones (empty where no input had any), the forces
    reference, and the reconciliation of compendium and report grades built from them."""
    tables = {name: extracted.get(name, pd.DataFrame(columns=list(model.to_schema().columns)))
              for name, model in MODELS.items()}
    tables["forces"] = canonical.load_forces()
    tables["reconciliation"] = clean.reconcile_grades(tables["grades"], tables["report_grades"])
    return tables


def run_metadata(sources: list[Source], failed: list[str]) -> dict:
    return {
        "pipeline_version": __version__,
        "inputs": [{"file": s.path.name, "sha256": s.sha256, "listed_in_manifest": s.listed is not None}
                   for s in sources],
        "failed_inputs": failed,
    }


def publish_results(out_dir: Path, sources: list[Source], results: list[DocumentResult], input_errors: list[str],
                    mismatches: list[ChecksumMismatch]) -> int:
    """Validate and publish what the documents gave; 0 published, 2 invalid data (nothing published)."""
    extracted = combine(results)
    coverage = extracted.pop("coverage", pd.DataFrame(columns=["source_file", "table", "coverage"]))
    tables = all_tables(extracted)
    findings = [validate.finding("input_failed", message, source_file=message.split(":")[0])
                for message in input_errors]
    findings += [validate.finding("source_checksum", f"{m.file}: sha256 is {m.actual}, manifest says {m.expected}",
                                  source_file=m.file) for m in mismatches]
    validated = {}
    for name, model in MODELS.items():
        validated[name], schema_findings = validate.validate_table(name, tables[name], model)
        findings += schema_findings
    findings += validate.run_cross_checks(validated) + validate.coverage_findings(coverage)

    blocking = [f for f in findings if validate.is_blocking(f["check"], f["severity"])]
    summary = {"run": run_metadata(sources, input_errors), "checks": validate.summarise(findings),
               "tables": {name: len(frame) for name, frame in validated.items()},
               "coverage": coverage[["source_file", "table", "region_chars", "covered_chars", "coverage"]]
               .to_dict(orient="records")}
    pdf_paths = {source.path.name: source.path for source in sources}
    if blocking:
        for item in blocking[:20]:
            log.error(f"error: {item['message']}")
        blocked_report = out_dir.parent / f"{out_dir.name}-blocked-report.html"
        blocked_report.write_text(report.render_report(summary, findings, pdf_paths), encoding="utf-8")
        log.error(f"Nothing published: {len(blocking)} schema error(s); {out_dir} is unchanged. "
                  f"What was found: {blocked_report}")
        return 2

    staging = Staging(out_dir)
    try:
        for name, model in MODELS.items():
            staging.write_table(name, validated[name], model)
        package.write_package(staging.path, validated, MODELS)
        staging.write_json("validation/summary.json", summary)
        staging.write_text("validation/report.html", report.render_report(summary, findings, pdf_paths))
        staging.commit()
    finally:
        staging.discard()
    counts = ", ".join(f"{name} {rows}" for name, rows in summary["tables"].items())
    warnings = sum(1 for f in findings if f["severity"] == "warning")
    log.info(f"Published to {out_dir}: {counts} rows; {warnings} warning(s) in validation/summary.json")
    return 0
