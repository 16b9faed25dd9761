"""Command line: `python -m pipeline run --raw DIR --out DIR`."""
from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import sys
from pathlib import Path

from pipeline.build import RunOptions, run
from pipeline.fetch import MAX_DOWNLOAD_MB, fetch_missing
from pipeline.tables_cli import add_arguments as add_tables_arguments, run_tables
from pipeline.workers import Limits


def positive_mb(text: str) -> float:
    """A size cap in MB, positive and finite: 0 would refuse every download, nan or inf none."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of MB")
    return value


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Extract the tables of the UK Policing Compendium and HMICFRS PEEL report PDFs "
                    "into validated Parquet files.")
    commands = top.add_subparsers(dest="command", required=True)
    run_cmd = commands.add_parser("run", help="extract, validate and publish every PDF in a folder")
    run_cmd.add_argument("--raw", type=Path, default=Path("raw"), help="folder of input PDFs (default: raw)")
    run_cmd.add_argument("--out", type=Path, default=Path("extracted"), help="output folder (default: extracted)")
    run_cmd.add_argument("--keep-going", action="store_true",
                         help="publish what the good inputs gave even if some inputs fail")
    run_cmd.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                         help="documents processed in parallel (default: number of cores)")
    run_cmd.add_argument("--time-limit", type=int, default=Limits.seconds, metavar="SECONDS",
                         help=f"give up on a document after this long (default: {Limits.seconds})")
    run_cmd.add_argument("--memory-limit", type=int, default=Limits.memory_mb, metavar="MB",
                         help=f"address-space cap per document worker (default: {Limits.memory_mb})")
    run_cmd.add_argument("--max-pages", type=int, default=Limits.pages, metavar="N",
                         help=f"refuse a document with more pages than this (default: {Limits.pages})")
    run_cmd.add_argument("--cache", type=Path, default=None, metavar="DIR",
                         help="reuse the extraction of documents unchanged since a previous run (make uses .cache)")
    run_cmd.add_argument("--scheduler", default=None, metavar="ADDRESS",
                         help="hand the documents to a dask.distributed cluster (needs the [distributed] extra)")
    run_cmd.add_argument("--quiet", action="store_true", help="only print errors")
    fetch_cmd = commands.add_parser("fetch", help="download manifest entries that have a url and are missing")
    fetch_cmd.add_argument("--raw", type=Path, default=Path("raw"), help="folder of input PDFs (default: raw)")
    fetch_cmd.add_argument("--max-download-mb", type=positive_mb, default=MAX_DOWNLOAD_MB, metavar="MB",
                           help=f"stop and refuse a download larger than this (default: {MAX_DOWNLOAD_MB})")
    tables_cmd = commands.add_parser("tables", help="write every table of every page of some PDFs as CSV and Parquet")
    add_tables_arguments(tables_cmd)
    report_cmd = commands.add_parser("report", help="print where the validation report is and its headline counts")
    report_cmd.add_argument("--out", type=Path, default=Path("extracted"), help="output folder (default: extracted)")
    review_cmd = commands.add_parser("review", help="print the open findings of the last run as entries to paste "
                                                    "into raw/review.toml")
    review_cmd.add_argument("--out", type=Path, default=Path("extracted"), help="output folder (default: extracted)")
    return top


def read_summary(out_dir: Path) -> dict | None:
    """The last published validation summary, or None (said on stderr)."""
    summary_path = out_dir / "validation" / "summary.json"
    if not summary_path.exists():
        print(f"error: no validation summary in {out_dir}; run `make` first", file=sys.stderr)
        return None
    return json.loads(summary_path.read_text(encoding="utf-8"))


def print_open_findings(out_dir: Path) -> int:
    """The findings no review entry decides on, as TOML entries: fill in decision, reason and who, then paste."""
    summary = read_summary(out_dir)
    if summary is None:
        return 1
    from pipeline.review import pasteable  # brings pandera, which the other commands do without
    findings = [{**item, "check": check["name"]} for check in summary["checks"] for item in check["findings"]]
    entries = pasteable(findings, datetime.date.today())
    print(entries if entries else "# no open findings: every finding of the last run is decided on in raw/review.toml")
    return 0


def print_report(out_dir: Path) -> int:
    """Headline of the last published validation: one line per check that found something."""
    summary = read_summary(out_dir)
    if summary is None:
        return 1
    report = out_dir / "validation" / "report.html"
    print(f"Validation report: {(report if report.exists() else out_dir / 'validation' / 'summary.json').resolve()}")
    tables = ", ".join(f"{name} {rows}" for name, rows in summary["tables"].items())
    print(f"Rows published: {tables}")
    failing = [check for check in summary["checks"] if check["count"]]
    for check in failing:
        print(f"  {check['severity']:7} {check['name']:26} {check['count']:4}  {check['description']}")
    if not failing:
        print("  every check passed")
    review = summary["review"]
    print(f"Review: {review['new']} new finding(s), {review['acknowledged']} acknowledged ({review['corrected']} "
          f"corrected), {review['stale']} stale review entr{'y' if review['stale'] == 1 else 'ies'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR if getattr(args, "quiet", False) else logging.INFO, format="%(message)s", stream=sys.stderr)
    if args.command == "run":
        limits = Limits(seconds=args.time_limit, memory_mb=args.memory_limit, pages=args.max_pages)
        return run(RunOptions(raw_dir=args.raw, out_dir=args.out, keep_going=args.keep_going, jobs=args.jobs,
                              limits=limits, cache_dir=args.cache, scheduler=args.scheduler))
    if args.command == "tables":
        return run_tables(args.pdfs, args.out, args.progress, jobs=args.jobs)
    if args.command == "fetch":
        return fetch_missing(args.raw, args.max_download_mb)
    if args.command == "review":
        return print_open_findings(args.out)
    return print_report(args.out)
