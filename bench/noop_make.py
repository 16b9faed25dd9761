"""Timing a no-op `make`: how long make takes to decide there is nothing to do."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from measure import ROOT, measure

NOOP_MAKE_RUNS = 3  # the no-op make is cheap: median of this many


def make_environment() -> dict:
    """The environment of a top-level `make`, even when this script itself runs under make."""
    env = dict(os.environ)
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "MAKE_TERMOUT", "MAKE_TERMERR"):
        env.pop(name, None)
    return env


def make_overrides(scratch: Path) -> tuple[list[str], str | None]:
    """Variables for make when the repository has no .venv: this Python, and a stamp that says
    'installed', dated like pyproject.toml so it is never newer than the outputs. make itself
    does the same work either way (parse, stat the sources, decide nothing is to be done)."""
    if (ROOT / ".venv" / ".installed").exists():
        return [], None
    stamp = scratch / "installed.stamp"
    stamp.touch()
    mtime = (ROOT / "pyproject.toml").stat().st_mtime
    os.utime(stamp, (mtime, mtime))
    note = f"no .venv in the repository: make runs with PY={sys.executable} and a stand-in install stamp"
    return [f"PY={sys.executable}", f"STAMP={stamp}"], note


def measure_noop_make(scratch: Path, say) -> dict:
    overrides, note = make_overrides(scratch)
    env = make_environment()
    base = ["make", "--no-print-directory", *overrides]
    result: dict = {"overrides": overrides, "note": note}
    if note:
        say(f"  note: {note}")
    up_to_date = subprocess.run([*base, "-q"], cwd=ROOT, env=env, capture_output=True).returncode == 0
    if not up_to_date:
        say("  extracted/ is missing or out of date: running `make` once first (not the no-op measurement) ...")
        build = measure("make (first build)", [*base, "-s"], env=env)
        result["first_build"] = build
        say(f"  first build: {build['wall_s']:.1f} s wall, exit {build['exit_code']}")
        if build["exit_code"] != 0:
            result["error"] = "make failed; no no-op measurement"
            return result
    summary = ROOT / "extracted" / "validation" / "summary.json"
    before = summary.stat().st_mtime_ns if summary.exists() else None
    runs = [measure("no-op make", [*base, "-s"], env=env) for _ in range(NOOP_MAKE_RUNS)]
    after = summary.stat().st_mtime_ns if summary.exists() else None
    median = sorted(runs, key=lambda run: run["wall_s"])[len(runs) // 2]
    result.update(median)
    result["all_wall_s"] = [run["wall_s"] for run in runs]
    result["was_noop"] = before is not None and before == after
    if not result["was_noop"]:
        result["error"] = "make rebuilt extracted/ during the timed runs (sources changed meanwhile?)"
    return result

