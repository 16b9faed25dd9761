"""Run the pipeline on each printing of the zoo and score it against its expected tables:

    python tests/zoo/score_zoo.py [NAME ...] [--jobs 2]     # run from the repository root

Each printing is extracted alone (`python -m pipeline run --raw DIR --out OUT --keep-going`) and scored
with ../shared/tools/score.py (when it is there). Prints one line per printing: the pipeline's exit code
and score.py's overall cell accuracy. Writes tests/zoo/scores.json. It only reports: it never fails.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_zoo import EXPECTED, PRINTINGS, REPO, read_zoo, variant_name  # noqa: E402

SCORE = REPO.parent / "shared" / "tools" / "score.py"


def score_one(printing: dict) -> dict:
    pdf = PRINTINGS / f"{printing['name']}.pdf"
    result = {"name": printing["name"], "variant": variant_name(printing)}
    with tempfile.TemporaryDirectory(prefix="zoo-score-") as scratch:
        raw, out = Path(scratch) / "raw", Path(scratch) / "out"
        raw.mkdir()
        shutil.copy(pdf, raw / pdf.name)
        run = subprocess.run([sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out),
                              "--keep-going"], cwd=REPO, capture_output=True, text=True, timeout=900)
        result["pipeline_exit"] = run.returncode
        result["pipeline_tail"] = (run.stdout + run.stderr).strip().splitlines()[-1:] 
        if SCORE.exists() and out.exists():
            scored = subprocess.run([sys.executable, str(SCORE), str(EXPECTED / result["variant"]), str(out)],
                                    capture_output=True, text=True, timeout=300)
            result["score_exit"] = scored.returncode
            match = re.search(r"overall cell accuracy: ([0-9.]+)", scored.stdout)
            result["accuracy"] = float(match.group(1)) if match else None
            result["tables"] = [line for line in scored.stdout.splitlines() if re.match(r"^\w+: \d+/\d+", line)]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    printings = [p for p in read_zoo()["printing"] if not args.names or p["name"] in args.names]
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(score_one, printings))
    for r in results:
        accuracy = f"{r['accuracy']:.4f}" if r.get("accuracy") is not None else "-"
        print(f"{r['name']:55} pipeline exit {r['pipeline_exit']}  accuracy {accuracy}  "
              f"{' | '.join(t.split(',')[0] for t in r.get('tables', []))}")
    path = HERE / "scores.json"
    merged = {r["name"]: r for r in (json.loads(path.read_text()) if path.exists() else [])}
    merged.update({r["name"]: r for r in results})
    order = [p["name"] for p in read_zoo()["printing"]]
    path.write_text(json.dumps([merged[n] for n in order if n in merged], indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
