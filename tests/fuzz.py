"""Seeded mutation fuzzing of the pipeline: stand-in PDFs with bytes flipped, inserted, deleted,
duplicated, renumbered or cut off, all run through the command line in one `--keep-going` run.

Every mutated file must end as either extracted rows or exactly one `error: <file>: <reason>`
line: never a traceback, never the time limit. The same seed gives the same files, so a
failure can be reproduced with `--seed N --keep DIR`.

    python tests/fuzz.py --cases 1000 --seed 2
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "raw" / "hmicfrs").glob("*.pdf"))[:3]  # small (5 pages): a case costs under a second
TOKENS = [b"<<", b">>", b"[", b"]", b"(", b")", b"/", b" R ", b"obj", b"endobj", b"stream", b"endstream",
          b"xref", b"trailer", b"startxref", b"%%EOF", b"%PDF-1.7", b"0", b"-1", b"4294967296", b"1e308",
          b"\x00", b"\\", b"BT", b"ET", b"Tj", b"Tf", b"cm", b"q", b"Q", b"/Type /Pages", b"/Count 9999"]
NUMBERS = [b"0", b"1", b"-1", b"7", b"255", b"65536", b"2147483648", b"99999999999999999999", b"3.5e38", b"-0.0"]
STRUCTURE_SHARE = 0.9  # share of edits placed outside embedded font programs, which pdfminer barely reads
TIME_LIMIT = 20  # seconds per case: far above what a 5-page file needs, so reaching it is a hang


def font_programs(data: bytes) -> list[tuple[int, int]]:
    """Byte ranges of embedded TrueType programs (most of a stand-in's bytes)."""
    return [(m.end(), m.end() + int(m.group(1)))
            for m in re.finditer(rb"/Length (\d+) /Length1 \d+\s*>>\s*stream\r?\n", data)]


def position(data: bytearray, skip: list[tuple[int, int]], rng: random.Random) -> int:
    """A random offset, mostly where the parser looks (objects, xref, content streams)."""
    for _ in range(20):
        at = rng.randrange(len(data) + 1)
        if rng.random() > STRUCTURE_SHARE or not any(start <= at < end for start, end in skip):
            return at
    return rng.randrange(len(data) + 1)


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits; offsets shift after an edit, which is part of the point."""
    skip = font_programs(data)
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = position(out, skip, rng)
        edit = rng.choice(["flip", "byte", "token", "insert", "delete", "duplicate", "number", "truncate"])
        if edit == "flip" and at < len(out):
            out[at] ^= 1 << rng.randrange(8)
        elif edit == "byte" and at < len(out):
            out[at] = rng.randrange(256)
        elif edit == "token":
            out[at:at] = rng.choice(TOKENS)
        elif edit == "insert":
            out[at:at] = rng.randbytes(rng.randint(1, 32))
        elif edit == "delete":
            del out[at:at + rng.choice([1, 4, 64, 1024])]
        elif edit == "duplicate":
            start = rng.randrange(len(out) + 1)
            out[at:at] = out[start:start + rng.randint(1, 512)]
        elif edit == "number":
            match = re.compile(rb"-?\d+(\.\d+)?").search(out, at)
            if match:
                out[match.start():match.end()] = rng.choice(NUMBERS)
        elif edit == "truncate" and rng.random() < 0.3:  # rarer: the %%EOF check refuses most cuts at once
            del out[at:]
    return bytes(out)


def make_cases(folder: Path, cases: int, seed: int) -> list[str]:
    """`cases` distinct mutated files in `folder`, the same bytes for the same seed."""
    rng = random.Random(seed)
    sources = [path.read_bytes() for path in SEEDS]
    made = set(sources)  # an edit can undo itself, and a cut can repeat another: every case is new
    names = []
    for number in range(cases):
        data = mutate(rng.choice(sources), rng)
        while data in made:
            data = mutate(rng.choice(sources), rng)
        made.add(data)
        name = f"fuzz-{seed}-{number:04d}.pdf"
        (folder / name).write_bytes(data)
        names.append(name)
    return names


@dataclass
class Outcome:
    cases: int
    seed: int
    seconds: float
    exit_code: int | None  # None: the run did not finish in time and was killed
    tracebacks: int
    errors: dict[str, list[str]]  # case → its error lines
    stray: list[str] = field(default_factory=list)  # stderr lines that belong to no case

    @property
    def hangs(self) -> list[str]:
        return [name for name, lines in self.errors.items() if any(": gave up after " in line for line in lines)]

    @property
    def repeated(self) -> list[str]:
        return [name for name, lines in self.errors.items() if len(lines) > 1]

    @property
    def failed(self) -> bool:
        return bool(self.tracebacks or self.hangs or self.repeated or self.stray or self.exit_code not in (0, 1, 2))

    def summary(self) -> str:
        rejected = len(self.errors)
        status = "" if self.exit_code is not None else "; the run was killed after its overall timeout"
        return (f"fuzz: {self.cases} cases, {self.tracebacks} tracebacks, {len(self.hangs)} hangs, "
                f"{self.cases - rejected} ok, {rejected} rejected (seed {self.seed}, {self.seconds:.0f} s, "
                f"exit {self.exit_code}){status}")


def run_pipeline(raw: Path, out: Path, jobs: int, timeout: float) -> tuple[int | None, str]:
    """The command line over the whole folder; killed (its whole process group) if it overruns."""
    command = [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), "--quiet",
               "--keep-going", "--jobs", str(jobs), "--time-limit", str(TIME_LIMIT)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=timeout)
        return process.returncode, stderr
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        return None, stderr


def judge(names: list[str], seed: int, exit_code: int | None, stderr: str, seconds: float) -> Outcome:
    """Every stderr line must be a case's `error: <name>: <reason>`, a run-level error (a schema
    error in a shared table blocks publication: exit 2) or the closing `Nothing published` line."""
    errors: dict[str, list[str]] = {}
    stray = []
    known = set(names)
    for line in re.split(r"[\r\n]+", stderr):
        match = re.match(r"error: ([^:]+\.pdf): \S", line)
        if match and match.group(1) in known:
            errors.setdefault(match.group(1), []).append(line)
        elif line.strip() and not (line.startswith(("error: ", "Nothing published:", "Extracting:"))
                                   or "Traceback" in line):
            stray.append(line)
    tracebacks = stderr.count("Traceback (most recent call last)")
    return Outcome(len(names), seed, seconds, exit_code, tracebacks, errors, stray)


def fuzz(cases: int, seed: int, jobs: int = os.cpu_count() or 1, keep: Path | None = None) -> Outcome:
    """Make `cases` mutated files, run them all at once, and judge how each ended."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as work:
        raw, out = Path(work) / "raw", Path(work) / "out"
        raw.mkdir()
        names = make_cases(raw, cases, seed)
        started = time.monotonic()
        timeout = 120 + TIME_LIMIT * (cases / max(1, jobs) + 1)
        exit_code, stderr = run_pipeline(raw, out, jobs, timeout)
        outcome = judge(names, seed, exit_code, stderr, time.monotonic() - started)
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            for name in names:
                shutil.copy(raw / name, keep / name)
            (keep / "stderr.txt").write_text(stderr, encoding="utf-8")
    return outcome


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--cases", type=int, default=1000)
    options.add_argument("--seed", type=int, default=1)
    options.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    options.add_argument("--keep", type=Path, help="copy the mutated files and the run's stderr here")
    args = options.parse_args(argv)
    outcome = fuzz(args.cases, args.seed, args.jobs, args.keep)
    print(outcome.summary())
    reasons = Counter(re.sub(r"\(.*", "", line.split(": ", 2)[2]).strip()
                      for lines in outcome.errors.values() for line in lines)
    for reason, count in reasons.most_common():
        print(f"  {count:5}  {reason}")
    for problem, names in (("hang", outcome.hangs), ("several error lines", outcome.repeated)):
        for name in names:
            print(f"{problem}: {name}: {' | '.join(outcome.errors[name])}", file=sys.stderr)
    for line in outcome.stray[:20]:
        print(f"unexpected output: {line}", file=sys.stderr)
    if outcome.failed and args.keep is None:
        print(f"to look at the files: python tests/fuzz.py --cases {args.cases} --seed {args.seed} --keep DIR",
              file=sys.stderr)
    return 1 if outcome.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
