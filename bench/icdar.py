"""ICDAR 2013 table benchmark: our table reader against camelot's flavours and pdfplumber.

    python bench/icdar.py                       # what `make icdar` runs
    python bench/icdar.py --only ours           # one method
    python bench/icdar.py --timeout 300 --keep  # per-method time limit; keep the CSV folders
    python bench/icdar.py --runs 1              # time each method once (default: best of 2)

Every method runs in its own child process (killed after `--timeout` seconds) on every PDF of
the ICDAR folder (default ../shared/icdar2013) and writes `NAME.pN.tK.csv` files; the scorer
(../shared/tools/icdar_score.py) then rates each folder. Prints one line per method: adjacency
F1 (the ICDAR 2013 structure metric), detection F1, row- and column-count accuracy, wall
seconds, the best of `--runs` runs: the first run of whichever method goes first pays for loading
the libraries all of them share from disk (pandas, numpy, pdfminer), the others finding them
cached. A benchmark, not a test: it always exits 0. Skips itself when the folder is absent.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_GT = SHARED / "icdar2013"
SCORER = SHARED / "tools" / "icdar_score.py"

# Each snippet runs in a fresh interpreter with PDFS (list of paths) and OUT (a folder) defined.
CAMELOT = """
import camelot, warnings
warnings.filterwarnings("ignore")
for path in PDFS:
    try:
        tables = camelot.read_pdf(str(path), pages="all", flavor={flavor!r}, suppress_stdout=True)
    except Exception as error:
        print(path.name, "failed:", error)
        continue
    counts = {{}}
    for table in sorted(tables, key=lambda t: (int(t.page), -t._bbox[3], t._bbox[0])):
        page = int(table.page)
        counts[page] = counts.get(page, 0) + 1
        table.df.to_csv(OUT / f"{{path.stem}}.p{{page}}.t{{counts[page]}}.csv", header=False, index=False)
"""
PDFPLUMBER = """
import csv, pdfplumber
settings = {{"vertical_strategy": {strategy!r}, "horizontal_strategy": {strategy!r}}}
for path in PDFS:
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            tables = page.find_tables(settings)
            for k, table in enumerate(sorted(tables, key=lambda t: (t.bbox[1], t.bbox[0])), start=1):
                rows = [[cell or "" for cell in row] for row in table.extract()]
                with open(OUT / f"{{path.stem}}.p{{number}}.t{{k}}.csv", "w", newline="", encoding="utf-8") as f:
                    csv.writer(f).writerows(rows)
"""
METHODS = {
    "ours": None,  # the command line: python -m pipeline tables
    "camelot hybrid": CAMELOT.format(flavor="hybrid"),
    "camelot stream": CAMELOT.format(flavor="stream"),
    "camelot network": CAMELOT.format(flavor="network"),
    "camelot lattice": CAMELOT.format(flavor="lattice"),
    "pdfplumber lines": PDFPLUMBER.format(strategy="lines"),
    "pdfplumber text": PDFPLUMBER.format(strategy="text"),
}
METRICS = {"adjacency F1": "adjacency", "detection F1": "detection", "row-count accuracy": "rows",
           "col-count accuracy": "cols"}


def run_method(name: str, pdfs: list[Path], out: Path, timeout: float) -> tuple[float, str]:
    """Run one method in a child process; (wall seconds, "" or why it failed)."""
    if METHODS[name] is None:
        command = [sys.executable, "-m", "pipeline", "tables", *map(str, pdfs), "--out", str(out), "--progress", "never"]
    else:
        prelude = f"from pathlib import Path\nPDFS = [Path(p) for p in {[str(p) for p in pdfs]!r}]\nOUT = Path({str(out)!r})\n"
        command = [sys.executable, "-c", prelude + METHODS[name]]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, f"timed out after {timeout:.0f} s"
    wall = time.perf_counter() - start
    if done.returncode != 0:
        return wall, (done.stderr.strip().splitlines() or ["exit status %d" % done.returncode])[-1]
    return wall, ""


def score(gt: Path, out: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, str(SCORER), str(gt), str(out)], capture_output=True, text=True)
    scores = {}
    for line in done.stdout.splitlines():
        match = re.match(r"^([\w -]+):\s+([0-9.]+)", line)
        if match and match.group(1) in METRICS:
            scores[METRICS[match.group(1)]] = float(match.group(2))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gt", type=Path, default=DEFAULT_GT, help="ICDAR folder (PDFs and ground truth)")
    parser.add_argument("--only", action="append", choices=sorted(METHODS), help="run only this method (repeatable)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds allowed per method")
    parser.add_argument("--runs", type=int, default=2, help="time each method this many times, keep the best")
    parser.add_argument("--keep", action="store_true", help="keep the CSV folders (printed)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if not args.gt.is_dir() or not SCORER.exists():
        print(f"skipped: {args.gt} or {SCORER} is missing")
        return 0
    pdfs = sorted(args.gt.glob("*.pdf"))
    scratch = Path(tempfile.mkdtemp(prefix="icdar-bench-"))
    results = []
    print(f"{len(pdfs)} PDFs from {args.gt}")
    print(f"{'method':18} {'adjacency F1':>12} {'detection F1':>12} {'row acc':>8} {'col acc':>8} {'wall s':>8}")
    for name in args.only or list(METHODS):
        out = scratch / name.replace(" ", "-")
        out.mkdir()
        wall, problem = run_method(name, pdfs, out, args.timeout)
        for _ in range(args.runs - 1):
            if problem:
                break
            wall = min(wall, run_method(name, pdfs, out, args.timeout)[0])
        scores = score(args.gt, out) if not problem else {}
        results.append({"method": name, "wall_seconds": round(wall, 2), "problem": problem, **scores})
        cells = [f"{scores[k]:.3f}" if k in scores else "-" for k in ("adjacency", "detection", "rows", "cols")]
        print(f"{name:18} {cells[0]:>12} {cells[1]:>12} {cells[2]:>8} {cells[3]:>8} {wall:8.1f}"
              + (f"  ({problem})" if problem else ""), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.keep:
        print(f"CSV folders kept in {scratch}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
