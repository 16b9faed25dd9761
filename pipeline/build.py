"""The whole run: every PDF in the input folder through the per-document steps, then the
tables combined, validated and published, or nothing published at all (`pipeline.release`).
"""
from __future__ import annotations

import importlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.sources import REVIEW_FILE, Source, checksum_mismatches, discover
from pipeline.workers import Limits, ResultCache, process_all

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


def run(options: RunOptions) -> int:
    """Extract, validate and publish; the exit code says how it went (0 published, 1 bad input, 2 invalid data:
    a document held back for rows that break their schema, or an error no one document is to blame for)."""
    if not options.raw_dir.is_dir():
        log.error(f"error: input folder {options.raw_dir} does not exist")
        return 1
    sources = discover(options.raw_dir)
    if not sources:
        log.error(f"error: no PDF files in {options.raw_dir}")
        return 1
    entries, review_errors = read_review(options.raw_dir)
    for message in review_errors:
        log.error(f"error: {message}")
    if review_errors:
        log.error(f"Nothing published: {options.raw_dir / REVIEW_FILE} has {len(review_errors)} error(s); "
                  f"{options.out_dir} is unchanged.")
        return 1
    log.info(f"Reading {len(sources)} PDF file(s) from {options.raw_dir}")
    mismatches = checksum_mismatches(sources)
    for mismatch in mismatches:
        log.warning(f"warning: {mismatch.file} differs from the sha256 in {options.raw_dir}/sources.toml "
                    f"(a new edition or a damaged copy?); it is processed and reported")
    input_errors = duplicate_inputs(sources)
    unique = [s for s in sources if not any(e.startswith(f"{s.path.name}:") for e in input_errors)]
    results = process_all(unique, options.jobs, options.limits, ResultCache(options.cache_dir), options.scheduler,
                          while_waiting=load_release)
    input_errors += [r.error for r in results if r.error]
    for message in input_errors:
        log.error(f"error: {message}")
    if input_errors and not options.keep_going:
        log.error(f"Nothing published: {len(input_errors)} input(s) failed; {options.out_dir} is unchanged "
                  f"(use --keep-going to publish what the other inputs gave).")
        return 1

    return load_release().publish_results(options.out_dir, sources, results, input_errors, mismatches,
                                          keep_going=options.keep_going, entries=tuple(entries))


def read_review(raw_dir: Path) -> tuple[list, list[str]]:
    """The review file's entries and errors; its reader (which checks values against the schemas) is
    loaded only when there is a review file."""
    if not (raw_dir / REVIEW_FILE).exists():
        return [], []
    return importlib.import_module("pipeline.review").read_review(raw_dir)


def load_release():
    """The validation and publishing stages. They bring pandera, pyarrow's Parquet writer and DuckDB
    (about a second of imports) that the workers never use, so they are loaded while the workers
    extract, not before the workers are started."""
    return importlib.import_module("pipeline.release")
