"""Measuring one command in a fresh process, accounted like /usr/bin/time.

Wall time from spawn to exit; CPU time (user + system) and peak RSS from wait4(), which covers
the child and every descendant it reaped (the pipeline's worker processes included). ru_maxrss
is the largest single process, so the whole process tree's RSS and PSS are also sampled from
/proc: a process pool's memory is the sum of its workers.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository: every measured command runs here
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_EVERY = 0.1  # seconds between /proc samples of the process tree's memory
TIMEOUT = 3600  # seconds: a measurement that takes longer is killed and recorded as timed out


def _process_table() -> tuple[dict[int, list[int]], dict[int, str]]:
    """Children of every process, and every process's scheduler state (R, S, D, ...)."""
    tree: dict[int, list[int]] = {}
    states: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2:].split()
        states[int(entry)] = fields[0].decode()
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree, states


def _tree_sample(root: int) -> tuple[int, int, int]:
    """(RSS bytes, PSS bytes, processes wanting a CPU) over `root` and all its descendants."""
    tree, states = _process_table()
    todo, rss, pss, runnable = [root], 0, 0, 0
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, []))
        runnable += states.get(pid) == "R"
        try:
            with open(f"/proc/{pid}/statm") as handle:
                rss += int(handle.read().split()[1]) * PAGE_SIZE
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
                        break
        except (OSError, ValueError, IndexError):
            continue
    return rss, pss, runnable


class TreeSampler(threading.Thread):
    """Samples the child's process tree: peak memory, and how many of its processes were
    runnable (running or waiting for a CPU). The mean runnable count is the parallelism the
    run asked for, which CPU/wall only shows on an otherwise idle machine."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_rss, self.peak_pss = pid, 0, 0
        self.runnable: list[int] = []
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            rss, pss, runnable = _tree_sample(self.pid)
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            if rss:
                self.runnable.append(runnable)
            self.done.wait(SAMPLE_EVERY)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, 9)
    except ProcessLookupError:
        pass


def loadavg() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def measure(label: str, command: list[str], cwd: Path = ROOT, env: dict | None = None,
            result_file: Path | None = None) -> dict:
    """Run `command` once in a fresh process: wall, CPU and peak memory, its exit code and output."""
    logs = Path(tempfile.mkdtemp(prefix="bench-log-"))
    load_before = loadavg()
    with open(logs / "stdout", "wb") as out, open(logs / "stderr", "wb") as err:
        began = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True)
        sampler = TreeSampler(process.pid)
        sampler.start()
        timer = threading.Timer(TIMEOUT, _kill_group, (process.pid,))
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - began
        timer.cancel()
        sampler.done.set()
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = (logs / "stderr").read_text(errors="replace")
    shutil.rmtree(logs, ignore_errors=True)
    record = {
        "label": label,
        "command": [str(part) for part in command],
        "exit_code": process.returncode,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "user_s": usage.ru_utime,
        "sys_s": usage.ru_stime,
        "maxrss_mb": usage.ru_maxrss / 1024,  # Linux: kilobytes; the largest single process
        "tree_rss_peak_mb": sampler.peak_rss / 2**20,
        "tree_pss_peak_mb": sampler.peak_pss / 2**20,
        "mean_runnable": statistics.fmean(sampler.runnable) if sampler.runnable else None,
        "loadavg_before": load_before,
        "loadavg_after": loadavg(),
    }
    if process.returncode != 0:
        record["stderr_tail"] = stderr[-2000:]
    if result_file is not None and result_file.exists():
        record["child"] = json.loads(result_file.read_text(encoding="utf-8"))
    return record


def best_of(repeat: int, label: str, *args, **kwargs) -> dict:
    """The run with the smallest wall time out of `repeat` (all walls kept)."""
    return best_of_in_turn(repeat, {label: (label, args, kwargs)})[label]


def best_of_in_turn(repeat: int, measurements: dict[str, tuple[str, tuple, dict]]) -> dict[str, dict]:
    """`best_of` for several measurements (name: label, args, kwargs of `measure`) taken in turn,
    a b a b ...: a burst of load on a shared machine then weighs on each alike, which a ratio of
    two of them needs (taken one after the other, one measurement's runs can all fall in it)."""
    runs: dict[str, list[dict]] = {name: [] for name in measurements}
    for _ in range(repeat):
        for name, (label, args, kwargs) in measurements.items():
            runs[name].append(measure(label, *args, **kwargs))
    best = {name: min(taken, key=lambda run: (run["exit_code"] != 0, run["wall_s"])) for name, taken in runs.items()}
    if repeat > 1:
        for name, taken in runs.items():
            best[name]["all_wall_s"] = [run["wall_s"] for run in taken]
    return best
