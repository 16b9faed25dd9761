"""Compare a pipeline run's report tables with the generator's truth files.

    python tests/reportgen/compare.py --truth tests/fixtures/realistic_reports --out OUT [--json]

OUT is the pipeline's output folder (it reads OUT/csv/report_grades.csv and
OUT/csv/report_not_graded.csv, and OUT/validation/summary.json for the failures). For each
report: right (area and grade), wrong (area found, other grade), missing (in the truth, not
extracted), spurious (extracted, not in the truth); the same for the not-graded areas. Areas
are compared case-insensitively with whitespace collapsed. Exit status 0 whatever the result.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import unicodedata
from pathlib import Path


def key(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip().casefold()


def read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def failures(out: Path) -> dict[str, list[str]]:
    path = out / "validation" / "summary.json"
    found: dict[str, list[str]] = {}
    if not path.exists():
        return found
    summary = json.loads(path.read_text(encoding="utf-8"))

    def walk(node):
        if isinstance(node, dict):
            file = node.get("file") or node.get("source_file")
            msg = node.get("message") or node.get("reason") or node.get("sentence")
            if file and msg and isinstance(msg, str):
                found.setdefault(Path(file).name, [])
                if msg not in found[Path(file).name]:
                    found[Path(file).name].append(msg)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(summary)
    return found


def compare(truth_dir: Path, out: Path) -> list[dict]:
    got = read(out / "csv" / "report_grades.csv")
    got_ng = read(out / "csv" / "report_not_graded.csv")
    fails = failures(out)
    results = []
    for info_path in sorted(truth_dir.glob("peel-*.json")):
        info = json.loads(info_path.read_text(encoding="utf-8"))
        stem = info_path.stem
        truth = {key(r["area_hmicfrs"]): r["grade"] for r in read(truth_dir / f"{stem}.grades.csv")}
        rows = [r for r in got if r["source_file"] == info["file"]]
        extracted = {key(r["area_printed"]): r["grade"] for r in rows}
        right = sum(1 for a, g in truth.items() if extracted.get(a) == g)
        wrong = sum(1 for a, g in truth.items() if a in extracted and extracted[a] != g)
        missing = sum(1 for a in truth if a not in extracted)
        spurious = sorted(r["area_printed"] for r in rows if key(r["area_printed"]) not in truth)
        ng_truth = {key(r["area_hmicfrs"]) for r in read(truth_dir / f"{stem}.not_graded.csv")}
        ng_rows = {key(r["area_printed"]) for r in got_ng if r["source_file"] == info["file"]}
        cycles = sorted({r["cycle"] for r in rows})
        forces = sorted({r["force_printed"] for r in rows})
        results.append(dict(
            file=info["file"], cycle=info["cycle"], layout=info["features"]["judgments_layout"],
            truth=len(truth), rows=len(rows), right=right, wrong=wrong, missing=missing,
            spurious=len(spurious), spurious_areas=spurious,
            cycle_ok=(cycles == [info["cycle"]]) if rows else None,
            force_ok=(forces == [info["force"]]) if rows else None,
            not_graded_truth=len(ng_truth), not_graded_right=len(ng_truth & ng_rows),
            not_graded_spurious=len(ng_rows - ng_truth),
            section_grade_nonnull=sum(1 for r in rows if r.get("section_grade")),
            failures=fails.get(info["file"], []),
        ))
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--truth", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    results = compare(a.truth, a.out)
    if a.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    head = f"{'file':40} {'layout':10} {'truth':>5} {'rows':>4} {'right':>5} {'wrong':>5} {'miss':>4} {'spur':>4} {'ng ok':>7} {'ng spur':>7}"
    print(head)
    tot = dict(truth=0, rows=0, right=0, wrong=0, missing=0, spurious=0, not_graded_spurious=0)
    for r in results:
        print(f"{r['file']:40} {r['layout']:10} {r['truth']:5} {r['rows']:4} {r['right']:5} {r['wrong']:5} "
              f"{r['missing']:4} {r['spurious']:4} {r['not_graded_right']:3}/{r['not_graded_truth']:<3} "
              f"{r['not_graded_spurious']:7}")
        for k in tot:
            tot[k] += r[k]
        for f in r["failures"][:2]:
            print(f"    ! {f}")
    print(f"{'total':51} {tot['truth']:5} {tot['rows']:4} {tot['right']:5} {tot['wrong']:5} "
          f"{tot['missing']:4} {tot['spurious']:4} {'':7} {tot['not_graded_spurious']:7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
