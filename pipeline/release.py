"""Release: every document's tables combined, validated, and published together, or nothing
published at all (the previous outputs stay as they were). A document whose rows break their
schema is held back, like an unreadable input: the others are published only with --keep-going.
"""
from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from pipeline import __version__, canonical, changes, clean, cross_checks, editions, package, report, review, validate
from pipeline.pdf.documents import TEXT_REPAIRS
from pipeline.coverage import BLANK_PAST_EDGE_COLUMNS, OFF_PAGE_COLUMNS
from pipeline.publish import Staging
from pipeline.sources import ChecksumMismatch, Source
from pipeline.steps import ROW_DOUBT_COLUMNS, UNKNOWN_KIND_TABLE
from pipeline.workers import DocumentResult
from schemas import MODELS

log = logging.getLogger("pipeline")
COVERAGE_SUMMARY = ["source_file", "table", "region_chars", "covered_chars", "coverage"]
Validated = tuple[dict[str, pd.DataFrame], pd.DataFrame, list[dict]]  # tables, coverage, schema findings


def combine(results: list[DocumentResult]) -> dict[str, pd.DataFrame]:
    """Each table kind's rows from all documents, in input order."""
    tables: dict[str, list[pd.DataFrame]] = {}
    for result in results:
        for name, frame in (result.tables or {}).items():
            tables.setdefault(name, []).append(frame)
    return {name: pd.concat(frames, ignore_index=True) for name, frames in tables.items()}


def every_table(extracted: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every published table as extracted, empty where no input had any."""
    return {name: extracted.get(name, pd.DataFrame(columns=list(model.to_schema().columns)))
            for name, model in MODELS.items()}


def all_tables(extracted: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every published table: the extracted ones, the forces reference, the reconciliation of the
    current edition's grades with the reports' grades, and the changes between editions."""
    tables = every_table(extracted)
    order = editions.editions_read(tables)
    current = editions.current_rows(tables["grades"], order[-1] if order else None)
    tables["forces"] = canonical.load_forces()
    tables["reconciliation"] = clean.reconcile_grades(current, tables["report_grades"])
    tables["changes"] = changes.changes(tables, order)
    return tables


def without_superseded(results: list[DocumentResult], sources: list[Source]) -> tuple[list[DocumentResult], list[dict]]:
    """The results of the documents whose rows are published, and a finding for each left out because
    another file gives the same compendium edition or a later issue of the same report."""
    listed = {source.path.name for source in sources if source.listed}
    superseded = editions.superseded(every_table(combine(results)), listed)
    findings = [validate.finding(row.check, row.message, {"file": row.source_file}, source_file=row.source_file)
                for row in superseded.itertuples(index=False)]
    return [result for result in results if result.file not in set(superseded["source_file"])], findings


def side_table(results: list[DocumentResult], name: str, columns: list[str]) -> pd.DataFrame:
    """A table the documents give for the findings rather than for publishing, from every document
    (`row_doubts`: lines whose rows the printing leaves in doubt; `off_page`: what runs off a page
    beside a table; `blank_past_edge`: blank cells of columns that run past a page's edge), each row
    with its `source_file`."""
    frames = [result.tables[name] for result in results if result.tables and name in result.tables]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["source_file", *columns])


def text_repairs(results: list[DocumentResult]) -> list[dict]:
    """Each repair of the text layer that fired, per document: what it mends and how often."""
    return [{"source_file": result.file, "repair": repair.repair, "count": int(repair.count),
             "description": TEXT_REPAIRS[repair.repair]}
            for result in results if result.tables and "text_repairs" in result.tables
            for repair in result.tables["text_repairs"].itertuples(index=False) if repair.count]


def run_metadata(sources: list[Source], failed: list[str], held_back: list[str], published: bool,
                 edition_order: list[str]) -> dict:
    return {
        "pipeline_version": __version__,
        "editions": edition_order,  # oldest first: the last is the current one
        "inputs": [{"file": s.path.name, "sha256": s.sha256, "listed_in_manifest": s.listed is not None}
                   for s in sources],
        "failed_inputs": failed,
        "held_back": held_back,
        "published": published,
    }


def validated_tables(results: list[DocumentResult]) -> Validated:
    """Every published table coerced to its schema, how much of each document's table text its rows
    hold, and the schema findings."""
    extracted = combine(results)
    coverage = extracted.pop("coverage", pd.DataFrame(columns=[*COVERAGE_SUMMARY, "lost_text", "page"]))
    extracted.pop("text_repairs", None)
    extracted.pop("row_doubts", None)
    extracted.pop("off_page", None)
    extracted.pop("blank_past_edge", None)
    tables = all_tables(extracted)
    validated, findings = {}, []
    for name, model in MODELS.items():
        validated[name], schema_findings = validate.validate_table(name, tables[name], model)
        findings += schema_findings
    return validated, coverage, findings


def hold_back_invalid(results: list[DocumentResult]) -> tuple[dict[str, list[dict]], Validated]:
    """The documents whose rows break their schema, with those rows, and `validated_tables` of the rest.
    The rest is validated again until no row is left to blame: the shared tables are rebuilt without the
    held-back rows, and a value that cannot be coerced no longer hides its column's other failures."""
    held_back: dict[str, list[dict]] = {}
    while True:
        validated = validated_tables([result for result in results if result.file not in held_back])
        blamed = validate.blame_documents(validated[2])
        if not blamed:
            return held_back, validated
        held_back |= blamed


def input_findings(input_errors: list[str], mismatches: list[ChecksumMismatch]) -> list[dict]:
    findings = [validate.finding("input_failed", message, {"file": message.split(":")[0]},
                                 source_file=message.split(":")[0]) for message in input_errors]
    return findings + [validate.finding("source_checksum", f"{m.file}: sha256 is {m.actual}, manifest says "
                                                           f"{m.expected}", {"file": m.file}, source_file=m.file)
                       for m in mismatches]


def corrected_tables(validated: dict[str, pd.DataFrame], entries: list[review.Entry],
                     findings: list[dict]) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """The tables with the review's corrections applied, the shared tables (reconciliation, changes) built
    again from them and every table validated again; a `review_entry` error for each correction that fits
    no row or leaves a table breaking its schema."""
    extracted = {name: frame for name, frame in validated.items() if name not in validate.SHARED_TABLES}
    applied, corrections, problems = review.apply_corrections(extracted, entries, findings)
    if not len(corrections) and not problems:
        return validated, []
    tables = {**all_tables(applied), "corrections": corrections}
    revalidated, errors = {}, [validate.finding("review_entry", problem) for problem in problems]
    for name, model in MODELS.items():
        revalidated[name], broken = validate.validate_table(name, tables[name], model)
        errors += [validate.finding("review_entry", f"with the corrections of {review.REVIEW_FILE} applied, "
                                                    f"{item['message']}", table=name) for item in broken]
    return revalidated, errors


def unknown_kind_findings(results: list[DocumentResult]) -> list[dict]:
    """Each document of no known kind, named, with how many tables the general reader found in it; and
    each table holding data that a document of a known kind prints and none of its kind's tables took
    (an annex, a header row the printing left unrecognisable), with the first row it reads."""
    findings = []
    for result in results:
        cells = (result.tables or {}).get(UNKNOWN_KIND_TABLE)
        if cells is None:
            continue
        if "coverage" not in result.tables:  # only a document of a known kind measures its tables' coverage
            count = len(cells[["page", "table"]].drop_duplicates())
            findings.append(validate.finding(
                "unknown_kind", f"{result.file}: neither the Policing Compendium nor a HMICFRS PEEL report (judging by "
                                f"its first pages); its {count} table(s) are in tables.parquet, cell by cell",
                {"file": result.file}, table=UNKNOWN_KIND_TABLE, source_file=result.file))
            continue
        for (page, table), table_cells in cells.groupby(["page", "table"], sort=True):
            first = table_cells[table_cells["row"] == table_cells["row"].min()].sort_values("col")
            heading = " | ".join(" ".join(text.split()) for text in first["text"])
            findings.append(validate.finding(
                "unclaimed_table", f"{result.file}: page {page} prints a table of {table_cells['row'].max() + 1} rows "
                                   f"that is none of its document's tables (its first row: '{heading[:200]}'); its "
                                   f"cells are in tables.parquet, not in the typed tables",
                {"file": result.file, "first_row": heading}, table=UNKNOWN_KIND_TABLE, source_file=result.file,
                page=int(page)))
    return findings


def publish_results(out_dir: Path, sources: list[Source], results: list[DocumentResult], input_errors: list[str],
                    mismatches: list[ChecksumMismatch], keep_going: bool = False,
                    entries: tuple[review.Entry, ...] = ()) -> int:
    """Validate and publish what the documents gave, with the review file's decisions (`entries`) applied.
    A document whose rows break their schema is held back, like an unreadable input: without --keep-going
    nothing is published. 0 published, 2 not."""
    results, superseded = without_superseded(results, sources)
    held_back, (validated, coverage, schema) = hold_back_invalid(results)
    unknown = unknown_kind_findings(results)
    documents = validate.document_names(validated)
    findings = (input_findings(input_errors, mismatches) + unknown + superseded + validate.held_back_findings(held_back)
                + schema + cross_checks.run_cross_checks(validated)
                + validate.coverage_findings(coverage, documents)
                + validate.row_evidence_findings(side_table(results, "row_doubts", ROW_DOUBT_COLUMNS), documents)
                + validate.off_page_findings(side_table(results, "off_page", OFF_PAGE_COLUMNS), documents)
                + validate.blank_past_edge_findings(side_table(results, "blank_past_edge", BLANK_PAST_EDGE_COLUMNS),
                                                    documents))
    for item in unknown:
        log.warning(f"warning: {item['message']}")
    validated, review_errors = corrected_tables(validated, list(entries), findings)
    findings = review.with_decisions(findings, list(entries)) + review_errors
    blocking = [f for f in findings if validate.is_blocking(f["check"], f["severity"])]
    published = not blocking and (keep_going or not held_back)
    summary = {"run": run_metadata(sources, input_errors, list(held_back), published, editions.editions_read(validated)),
               "checks": validate.summarise(findings),
               "review": review.review_summary(findings, list(entries), validated["corrections"]),
               "tables": {name: len(frame) for name, frame in validated.items()},
               "coverage": coverage[COVERAGE_SUMMARY].to_dict(orient="records"),
               "text_repairs": text_repairs(results)}
    for item in [f for f in findings if f["check"] == "document_held_back"] + blocking[:20]:
        log.error(f"error: {item['message']}")
    page = report.render_report(summary, findings, {source.path.name: source.path for source in sources},
                                validated["changes"])
    if not published:
        return refuse(out_dir, page, blocking, list(held_back))
    publish(out_dir, validated, summary, page)
    counts = ", ".join(f"{name} {rows}" for name, rows in summary["tables"].items())
    held = f"; held back: {', '.join(held_back)} (see validation/report.html)" if held_back else ""
    log.info(f"Published to {out_dir}: {counts} rows; {review_headline(summary['review'])} in "
             f"validation/summary.json{held}")
    return 0


def review_headline(counts: dict) -> str:
    """'3 new finding(s), 2 acknowledged (1 corrected), 1 stale review entry'."""
    corrected = f" ({counts['corrected']} corrected)" if counts["corrected"] else ""
    stale = f", {counts['stale']} stale review entr{'y' if counts['stale'] == 1 else 'ies'}" if counts["stale"] else ""
    return f"{counts['new']} new finding(s), {counts['acknowledged']} acknowledged{corrected}{stale}"


def refuse(out_dir: Path, page: str, blocking: list[dict], held_back: list[str]) -> int:
    """Nothing published: the report goes beside the untouched output folder, and the log says why."""
    blocked_report = out_dir.parent / f"{out_dir.name}-blocked-report.html"
    blocked_report.write_text(page, encoding="utf-8")
    in_review = sum(1 for item in blocking if item["check"] == "review_entry")
    schema = len(blocking) - in_review
    why = [f"{schema} schema error(s) no one document is to blame for"] if schema else []
    why += [f"{in_review} error(s) in {review.REVIEW_FILE}"] if in_review else []
    why += [f"{len(held_back)} document(s) held back (use --keep-going to publish the others)"] if held_back else []
    log.error(f"Nothing published: {'; '.join(why)}; {out_dir} is unchanged. What was found: {blocked_report}")
    return 2


def publish(out_dir: Path, validated: dict[str, pd.DataFrame], summary: dict, page: str) -> None:
    """The tables, their package and the validation written to a staging folder, then moved into place."""
    staging = Staging(out_dir)
    try:
        for name, model in MODELS.items():
            staging.write_table(name, validated[name], model)
        package.write_package(staging.path, validated, MODELS, (summary["run"]["editions"] or [None])[-1])
        staging.write_json("validation/summary.json", summary)
        staging.write_text("validation/report.html", page)
        staging.commit()
    finally:
        staging.discard()
