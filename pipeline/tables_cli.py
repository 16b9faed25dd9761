"""`python -m pipeline tables PDF... --out DIR`: every table of every page, as CSV and Parquet.

Writes `DIR/<pdf stem>.p<page>.t<k>.csv` per table (k: 1-based, in reading order on its page;
a plain grid, no header row: the ICDAR 2013 prediction format) and `DIR/tables.parquet` with
one row per non-empty cell (file, sha256, page, table, row, col, text, x0, x1, top, bottom).
A progress bar over pages shows on a terminal for runs of more than a few pages. A PDF whose
tables have rows the printing leaves in doubt gets a one-line warning naming them.
"""
from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pypdfium2 as pdfium

from pipeline.pdf.documents import read_document
from pipeline.pdf.checks import InputError
from pipeline.tables import iter_page_tables, long_form
from pipeline.tables.model import LONG_COLUMNS
from pipeline.tables.settings import DEFAULT

LONG_RUN_PAGES = 20  # show a progress bar from this many pages on
CELL_COLUMNS = ["file", "sha256", *LONG_COLUMNS]


def add_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("pdfs", nargs="+", type=Path, metavar="PDF", help="PDF files (or folders of them) to read")
    command.add_argument("--out", type=Path, required=True, help="folder for the CSV files and tables.parquet")
    command.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                         help="PDFs read in parallel (default: number of cores)")
    command.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                         help="progress bar over pages (auto: on a terminal, for long runs)")


def pdf_paths(inputs: list[Path]) -> list[Path]:
    paths: list[Path] = []
    for item in inputs:
        paths.extend(sorted(item.glob("*.pdf")) if item.is_dir() else [item])
    return paths


def page_count(path: Path) -> int:
    try:
        pdf = pdfium.PdfDocument(path)
    except Exception:  # reported properly when read
        return 0
    try:
        return len(pdf)
    finally:
        pdf.close()


def glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def progress_bar(total: int, mode: str):
    show = mode == "always" or (mode == "auto" and total >= LONG_RUN_PAGES and sys.stderr.isatty())
    if not show:
        return None
    from tqdm import tqdm
    return tqdm(total=total, unit="page", file=sys.stderr)


def write_tables(path: Path, out: Path, settings=DEFAULT) -> tuple[Path, pd.DataFrame | None, str, str]:
    """Read one PDF and write its tables' CSVs (a previous run's of it removed first), in a worker
    process or not: (path, its cells in long form, "" or a line naming its doubtful rows, "" or why
    it could not be read). The work per PDF is done where it is read, so that the parent only
    gathers the cells."""
    try:
        document = read_document(path)
    except InputError as error:
        return path, None, "", str(error)
    pages = list(iter_page_tables(document, settings))
    for stale in out.glob(f"{glob_escape(path.stem)}.p*.t*.csv"):
        stale.unlink()
    for page, tables in pages:
        for table in tables:
            table.to_csv(out / f"{path.stem}.p{page}.t{table.order}.csv")
    cells = long_form(pages).assign(file=path.name, sha256=document.sha256)[CELL_COLUMNS]
    return path, cells, row_doubts(path, pages), ""


def run_tables(inputs: list[Path], out: Path, progress: str = "auto", settings=DEFAULT, jobs: int = 1) -> int:
    """Read every PDF; write the CSVs and tables.parquet. Returns the exit status (1 if any PDF
    could not be read: the others are still written)."""
    paths = pdf_paths(inputs)
    out.mkdir(parents=True, exist_ok=True)
    counts = {path: page_count(path) for path in paths}
    bar = progress_bar(sum(counts.values()), progress)
    frames: dict[Path, pd.DataFrame] = {}
    status = 0
    jobs = max(1, min(jobs, len(paths)))
    pool = ProcessPoolExecutor(jobs) if jobs > 1 else None
    # the longest PDFs first, so that no worker is left reading a long one while the others idle
    longest_first = sorted(paths, key=lambda path: -counts[path])
    try:
        results = (pool.map(write_tables, longest_first, [out] * len(paths), [settings] * len(paths)) if pool
                   else (write_tables(path, out, settings) for path in paths))
        for path, cells, doubts, error in results:
            if error:
                print(f"error: {error}", file=sys.stderr)
                status = 1
                continue
            frames[path] = cells
            if doubts:
                print(f"warning: {doubts}", file=sys.stderr)
            if bar is not None:
                bar.update(counts[path])
    finally:
        if pool is not None:
            pool.shutdown()
        if bar is not None:
            bar.close()
    in_order = [frames[path] for path in paths if path in frames]  # the PDFs in the order given
    frame = pd.concat(in_order, ignore_index=True) if in_order else long_form([]).assign(file="", sha256="")
    frame[CELL_COLUMNS].to_parquet(out / "tables.parquet", index=False)
    return status


def row_doubts(path: Path, pages: list[tuple[int, list]]) -> str:
    """One line naming the lines of a PDF's tables whose rows the printing leaves in doubt
    (`Table.doubts`), or "" if there are none."""
    doubts = [(page, table.order, doubt) for page, tables in pages for table in tables for doubt in table.doubts]
    if not doubts:
        return ""
    examples = "; ".join(f"p. {page} t{order} '{doubt['text'][:40]}' ({doubt['gap']:g} pt)"
                         for page, order, doubt in doubts[:3])
    return (f"{path.name}: {len(doubts)} line(s) open a row or carry on the one above by a gap within a hair of "
            f"their table's row gap threshold, no rule to decide: {examples}")


def main(argv: list[str] | None = None) -> int:
    command = argparse.ArgumentParser(prog="python -m pipeline.tables_cli", description=__doc__.splitlines()[0])
    add_arguments(command)
    args = command.parse_args(argv)
    return run_tables(args.pdfs, args.out, args.progress, jobs=args.jobs)


if __name__ == "__main__":
    raise SystemExit(main())
