"""The whole run: every PDF in the input folder through the per-document steps, then the
tables combined, validated and published, or nothing published at all.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import __version__, canonical, clean, package, report, validate
from pipeline.publish import Staging
from pipeline.sources import Source, checksum_mismatches, discover
from pipeline.workers import DocumentResult, Limits, ResultCache, process_all
from schemas import MODELS

log = logging.getLogger("pipeline")


@dataclass(frozen=True)
class RunOptions:
    raw_dir: Path
    out_dir: Path
    keep_going: bool = False
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    limits: Limits = Limits()
    cache_dir: Path | None = None  # reuse results of unchanged documents; None extracts everything
    scheduler: str | None = None  # a dask.distributed scheduler address; None uses local processes


def duplicate_inputs(sources: list[Source]) -> list[str]:
    """Files whose bytes repeat an earlier file: each would count its rows twice."""
    seen: dict[str, str] = {}
    errors = []
    for source in sources:
        if source.sha256 in seen:
            errors.append(f"{source.path.name}: same content as {seen[source.sha256]} (duplicate input)")
        else:
            seen[source.sha256] = source.path.name
    return errors


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


def run(options: RunOptions) -> int:
    """Extract, validate and publish; the exit code says how it went (0 published, 1 bad input, 2 invalid data)."""
    if not options.raw_dir.is_dir():
        log.error(f"error: input folder {options.raw_dir} does not exist")
        return 1
    sources = discover(options.raw_dir)
    if not sources:
        log.error(f"error: no PDF files in {options.raw_dir}")
        return 1
    log.info(f"Reading {len(sources)} PDF file(s) from {options.raw_dir}")
    mismatches = checksum_mismatches(sources)
    for mismatch in mismatches:
        log.warning(f"warning: {mismatch.file} differs from the sha256 in {options.raw_dir}/sources.toml "
                    f"(a new edition or a damaged copy?); it is processed and reported")
    input_errors = duplicate_inputs(sources)
    unique = [s for s in sources if not any(e.startswith(f"{s.path.name}:") for e in input_errors)]
    results = process_all(unique, options.jobs, options.limits, ResultCache(options.cache_dir), options.scheduler)
    input_errors += [r.error for r in results if r.error]
    for message in input_errors:
        log.error(f"error: {message}")
    if input_errors and not options.keep_going:
        log.error(f"Nothing published: {len(input_errors)} input(s) failed; {options.out_dir} is unchanged "
                  f"(use --keep-going to publish what the other inputs gave).")
        return 1

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
        blocked_report = options.out_dir.parent / f"{options.out_dir.name}-blocked-report.html"
        blocked_report.write_text(report.render_report(summary, findings, pdf_paths), encoding="utf-8")
        log.error(f"Nothing published: {len(blocking)} schema error(s); {options.out_dir} is unchanged. "
                  f"What was found: {blocked_report}")
        return 2

    staging = Staging(options.out_dir)
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
    log.info(f"Published to {options.out_dir}: {counts} rows; {warnings} warning(s) in validation/summary.json")
    return 0
