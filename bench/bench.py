"""Benchmark: our pipeline against the floor (every character with its box) and against camelot
and pdfplumber's own table finders, on the same machine in one run.

    python bench/bench.py                 # what `make bench` runs; writes bench/results.json
    python bench/bench.py --repeat 3      # compendium-sized measurements: best of 3
    python bench/bench.py --skip-all      # leave out the cold run on all of raw/ and the make runs
    python bench/bench.py --profile FILE  # also cProfile the per-stage run, pstats written to FILE

Every measurement runs in a fresh child process and is accounted like /usr/bin/time, the whole
process tree included (measure.py). What runs in the children is in children.py, the accuracy
scoring in accuracy.py, the no-op make in noop_make.py, the printed report and its targets in
printout.py; this file runs them.

A benchmark, not a test: it always exits 0, and prints FAIL next to each target it misses.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from accuracy import accuracy, read_expected
from children import child_command
from measure import ROOT, best_of, best_of_in_turn, measure
from noop_make import measure_noop_make
from printout import TARGETS, print_report

RAW = ROOT / "raw"
COMPENDIUM = RAW / "compendium_v1.6.pdf"
REPORTGEN = ROOT / "tests" / "reportgen" / "generate.py"
REPORT_MIN_PAGES = 50  # issue 16: "a 50-page report read in under 2x the time pypdfium2 takes to give its characters"
REPORT_RUNS = 5  # the report's two measurements take a second or two: best of this many, in turn
REPORT_SEED = 2024
RESULTS = Path(__file__).resolve().parent / "results.json"


# --------------------------------------------------------------------------------------------
# The pipeline's command line, and the report it is timed on
# --------------------------------------------------------------------------------------------

def cold_run_extra_args(scratch: Path) -> list[str]:
    """Whatever the CLI offers to switch a cache off (none yet): a cold run must not reuse anything."""
    help_text = subprocess.run([sys.executable, "-m", "pipeline", "run", "--help"], cwd=ROOT,
                               capture_output=True, text=True).stdout
    extra = []
    if "--no-cache" in help_text:
        extra.append("--no-cache")
    elif "--cache-dir" in help_text:
        extra += ["--cache-dir", str(scratch / "cache")]
    # `--cache DIR` (what make passes) is off unless given: nothing to add
    return extra


def pipeline_command(raw: Path, out: Path, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), "--quiet", *extra]


def generate_report(scratch: Path) -> dict:
    """A realistic PEEL report of at least REPORT_MIN_PAGES pages from tests/reportgen (the same
    bytes every time), alone in a folder so the pipeline can be pointed at it like at raw/."""
    made, lone = scratch / "reportgen", scratch / "raw-report"
    command = [sys.executable, str(REPORTGEN), "--out", str(made), "--count", "1", "--seed", str(REPORT_SEED),
               "--min-pages", str(REPORT_MIN_PAGES)]
    generated = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if generated.returncode != 0:
        last_line = (generated.stderr.strip().splitlines() or [f"exit {generated.returncode}"])[-1]
        return {"error": f"tests/reportgen failed: {last_line}"}
    info = json.loads((made / "manifest.json").read_text(encoding="utf-8"))["reports"][0]
    lone.mkdir()
    shutil.copy(made / info["file"], lone / info["file"])
    return {"file": info["file"], "pages": info["pages"], "bytes": info["bytes"], "folder": lone,
            "pdf": lone / info["file"], "generator": [str(part) for part in command[1:]]}


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------

def versions() -> dict:
    found = {}
    for module in ("pdfplumber", "pdfminer", "camelot", "pypdfium2", "pandas", "pandera", "pyarrow"):
        try:
            from importlib.metadata import version
            name = {"pdfminer": "pdfminer.six", "camelot": "camelot-py"}.get(module, module)
            found[module] = version(name)
        except Exception:
            found[module] = None
    return found


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=1, help="runs of each compendium-sized measurement (best kept)")
    options.add_argument("--skip-all", action="store_true", help="skip the cold run on all of raw/ and the make runs")
    options.add_argument("--skip-camelot", action="store_true", help="skip the camelot baseline (slow)")
    options.add_argument("--profile", type=Path, help="cProfile the per-stage run and write pstats here")
    options.add_argument("--keep", action="store_true", help="keep the scratch folder")
    options.add_argument("--results", type=Path, default=RESULTS, help="where to write the JSON (default: bench/results.json)")
    args = options.parse_args(argv)

    began = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - began:7.1f}s] {message}", flush=True)

    scratch = Path(tempfile.mkdtemp(prefix="peel-bench-"))
    results: dict = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "platform": platform.platform(),
                    "loadavg_at_start": os.getloadavg(), "versions": versions()},
        "targets": TARGETS, "measurements": {},
    }
    results["machine"]["note"] = ("wall times depend on what else runs on the machine; loadavg_before/after "
                                  "are kept with every measurement")
    m = results["measurements"]
    try:
        import pypdfium2
        pages = len(pypdfium2.PdfDocument(str(COMPENDIUM)))
    except Exception:
        pages = "?"
    all_pdfs = sorted(p for p in RAW.rglob("*") if p.suffix.lower() == ".pdf")
    results["compendium_pages"] = pages
    say(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
        f"compendium {COMPENDIUM.name}: {pages} pages; raw/: {len(all_pdfs)} PDFs")
    extra = cold_run_extra_args(scratch)
    if extra:
        say(f"cache switched off for cold runs with: {' '.join(extra)}")

    try:
        if not args.skip_all:
            say(f"timing the whole pipeline cold on raw/ ({len(all_pdfs)} PDFs) ...")
            m["cold_all"] = measure("pipeline, cold, all raw/", pipeline_command(RAW, scratch / "out-all", extra))
            say(f"  {m['cold_all']['wall_s']:.1f} s wall, {m['cold_all']['cpu_s']:.1f} s CPU, exit {m['cold_all']['exit_code']}")
            say("timing a no-op `make` (nothing changed) ...")
            m["noop_make"] = measure_noop_make(scratch, say)
            if "wall_s" in m["noop_make"]:
                say(f"  median {m['noop_make']['wall_s']:.3f} s wall")

        say(f"timing each stage in process on the compendium ({pages} pages) ...")
        lone = scratch / "raw-compendium"
        lone.mkdir()
        shutil.copy(COMPENDIUM, lone / COMPENDIUM.name)
        stage_file = scratch / "stages.json"
        stage_args = [str(lone), str(scratch / "out-stages")]
        m["stages"] = measure("stages in one process", child_command("stages", stage_file, *stage_args),
                              result_file=stage_file)
        child = m["stages"].get("child", {})
        if child.get("error"):
            say(f"  stage failed: {child['error']}")

        say(f"timing the whole pipeline on the compendium alone ({pages} pages) ...")
        m["ours_compendium"] = best_of(args.repeat, "pipeline, compendium alone",
                                       pipeline_command(lone, scratch / "out-compendium", extra))
        say(f"  {m['ours_compendium']['wall_s']:.1f} s wall")

        dumps = {}
        baselines = [("plumber_chars", f"timing the floor: pdfplumber page.chars on {pages} pages ...", ()),
                     ("pdfium_chars", f"timing the floor: pypdfium2 charboxes + text on {pages} pages ...", ()),
                     ("plumber_tables", f"timing pdfplumber extract_tables() on {pages} pages ...", ("dump",)),
                     ("camelot", f"timing camelot lattice on {pages} pages ...", ("dump",))]
        camelot_missing = results["machine"]["versions"]["camelot"] is None
        if camelot_missing and not args.skip_camelot:
            say("camelot is not installed (the bench extra: pip install -e '.[bench]', as make bench does); skipped")
        for name, message, wants in baselines:
            if name == "camelot" and (args.skip_camelot or camelot_missing):
                continue
            say(message)
            result_file = scratch / f"{name}.json"
            child_args = [str(COMPENDIUM)]
            if wants:
                dumps[name] = scratch / f"{name}-tables.json"
                child_args.append(str(dumps[name]))
            m[name] = best_of(args.repeat, name, child_command(name, result_file, *child_args), result_file=result_file)
            say(f"  {m[name]['wall_s']:.1f} s wall, exit {m[name]['exit_code']}")

        say(f"generating a realistic PEEL report of {REPORT_MIN_PAGES}+ pages (tests/reportgen) ...")
        report = generate_report(scratch)
        results["report"] = {key: value for key, value in report.items() if key not in ("folder", "pdf")}
        if "error" in report:
            say(f"  {report['error']}; no report measurements")
        else:
            runs = max(args.repeat, REPORT_RUNS)
            say(f"timing the floor on the report (pypdfium2 charboxes + text) and our reading of it (to tidy "
                f"tables), imports apart, in turn, best of {runs} ({report['pages']} pages) ...")
            floor_file, read_file = scratch / "report_pdfium_chars.json", scratch / "report_read.json"
            m.update(best_of_in_turn(runs, {
                "report_pdfium_chars": ("pdfium_chars on the report",
                                        (child_command("pdfium_chars", floor_file, str(report["pdf"])),),
                                        {"result_file": floor_file}),
                "report_read": ("our reading of the report",
                                (child_command("read", read_file, str(report["pdf"])),), {"result_file": read_file})}))
            for name in ("report_pdfium_chars", "report_read"):
                say(f"  {name}: {m[name]['wall_s']:.1f} s wall, exit {m[name]['exit_code']}")
            say(f"timing the whole pipeline on the report alone ({report['pages']} pages) ...")
            m["ours_report"] = best_of(args.repeat, "pipeline, report alone",
                                       pipeline_command(report["folder"], scratch / "out-report", extra))
            say(f"  {m['ours_report']['wall_s']:.1f} s wall, exit {m['ours_report']['exit_code']}")

        if args.profile:
            say(f"profiling the stages (cProfile) into {args.profile} ...")
            profile_file = scratch / "profile.json"
            m["stages_profiled"] = measure("stages under cProfile", child_command(
                "stages", profile_file, str(lone), str(scratch / "out-profile"), str(args.profile.resolve())),
                result_file=profile_file)

        expected = read_expected()
        if expected and m.get("ours_compendium", {}).get("exit_code") == 0:
            say("scoring accuracy against tests/expected ...")
            results["accuracy"] = accuracy(expected, scratch / "out-compendium",
                                           {name: path for name, path in dumps.items() if path.exists()})
    finally:
        results["total_s"] = time.perf_counter() - began
        results["machine"]["loadavg_at_end"] = os.getloadavg()
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            say(f"scratch kept in {scratch}")

    print_report(results, pages)
    args.results.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    say(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        raise
    except Exception as error:  # a benchmark never fails the build
        import traceback
        traceback.print_exc()
        print(f"bench: FAILED to complete ({type(error).__name__}: {error}); exiting 0 anyway", file=sys.stderr)
        sys.exit(0)
