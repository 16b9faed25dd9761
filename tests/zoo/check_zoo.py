"""Sanity checks of the printed zoo with `pdftotext -layout` (poppler-utils):

    python tests/zoo/check_zoo.py [NAME ...]

For every printing: each table's header is printed, every practice force and matrix force can be found,
and where a grades matrix runs over a page break with its header repeated, whether a matrix row was split
over the break (printings with `expect_matrix_row_split = true` must have one). Exit 1 on a failed check.
"""
from __future__ import annotations

import re
import subprocess
import unicodedata
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_zoo import PRINTINGS, read_zoo, variant_content  # noqa: E402

GRADE_WORDS = {"Outstanding", "Good", "Adequate", "Requires", "Improvement", "improvement", "Inadequate", "N/A",
               "Ungraded", "Not", "inspected"}


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def split_matrix_rows(pages: list[str], forces: list[str]) -> list[int]:
    """Pages (1-based) that begin, under a repeated matrix header, with the rest of a row begun on the page
    before: the first body line is not the start of a force name."""
    first_words = {f.split()[0] for f in forces}
    found = []
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        starts = [i for i, line in enumerate(lines) if line.startswith("Constabulary") and (
            "Name" in line.split()[:2] or (i + 1 < len(lines) and lines[i + 1].startswith("Name")))]
        if number == 1 or not starts or starts[0] > 0:
            continue   # not a continuation page with a repeated header at its top
        for line in lines[starts[0] + 1:]:
            if line.startswith("Name"):
                continue
            if line[:1] != " ":
                if line.split()[0] not in first_words:
                    found.append(number)
                break
            if GRADE_WORDS & set(line.split()):
                found.append(number)
                break
    return found


def check(zoo: dict, printing: dict) -> list[str]:
    pdf = PRINTINGS / f"{printing['name']}.pdf"
    if not pdf.exists():
        return ["not printed"]
    content = variant_content(zoo, printing)
    pages = pages_text(pdf)
    text = squash(" ".join(pages))
    words = {w.strip(":;,.") for w in text.split()} | set(text.split())
    problems = []
    def printed(phrase: str) -> bool:   # every word of it is printed somewhere (columns interleave lines)
        return all(w.strip(":;,.") in words or w in words or any(w.startswith(p) for p in words if p.endswith("-"))
                   for w in phrase.split())

    wanted = ["Version Number Date Published Updates"]
    if len(content.grades):
        wanted.append("Constabulary Name")
    if len(content.practices):
        wanted.append("Force (grading) Objective Detail Outcome")
    wanted += list(content.area_claims["section"]) + list(dict.fromkeys(content.grades["force"]))
    wanted += list(content.practices["force"]) + list(content.practices["objective"])
    for phrase in wanted:
        if not printed(phrase):
            problems.append(f"not printed: {phrase[:60]}")
    forces = list(dict.fromkeys(content.grades["force"]))
    split = split_matrix_rows(pages, forces) if forces else []
    if printing.get("expect_matrix_row_split") and not split:
        problems.append("no matrix row split over a page break")
    note = f"matrix row split at top of page(s) {split}" if split else ""
    print(f"{printing['name']:55} {len(pages):3} pages  {'OK' if not problems else 'FAIL'}  {note}")
    return problems


def main(argv: list[str]) -> int:
    zoo = read_zoo()
    failed = 0
    for printing in zoo["printing"]:
        if argv and printing["name"] not in argv:
            continue
        problems = check(zoo, printing)
        for problem in problems[:5]:
            print(f"    {problem}")
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
