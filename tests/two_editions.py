"""Two editions of the compendium for the tests: the zoo's v1.6 printing, and a V1.7 made here.

V1.7 is the zoo's edited edition e11 (`content.edit(v16, 11)`: regrades, moved matrix rows, practice
rows added and removed, texts lengthened and shortened) with one more version-history row, printed
by the zoo's reportlab engine. The edits are replayed with each practice row's origin kept, so the
changes they make are known exactly, without matching texts. The V1.7 PDF is committed (its fonts
are not on every machine); `python tests/two_editions.py` prints it again.
"""
from __future__ import annotations

import random
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

ZOO = Path(__file__).resolve().parent / "zoo"
sys.path.insert(0, str(ZOO))

import content as zoo_content  # noqa: E402
from document import build  # noqa: E402
from engines import print_pdf  # noqa: E402
from layouts import Layout  # noqa: E402
from make_zoo import SOURCE, read_zoo  # noqa: E402

from pipeline import canonical  # noqa: E402

FIRST = ZOO / "printings" / "libreoffice-v16-whole-a4-sans.pdf"  # V1.6 as it is
SECOND = Path(__file__).resolve().parent / "fixtures" / "compendium_v1.7_reportlab.pdf"  # made by print_edition
SEED = 11  # the zoo's e11 edition
LAYOUT = "reportlab-e11-whole-narrow-zebra-landscape"  # a zoo layout the pipeline reads exactly
NEW_VERSION = {"version": "V1.7", "date_published": "March 2026",
               "updates": "Grades and practice examples revised after the 2025 re-inspections."}
PRACTICE_FIELDS = ["force_grade", "objective", "detail", "outcome"]


def tracked_edit(base: zoo_content.Content) -> zoo_content.Content:
    """`zoo_content.edit(base, SEED)` step by step, each practice row keeping the row it came from in
    `origin` (None for a row the edit added)."""
    rng = random.Random(SEED)
    content = replace(base, practices=base.practices.assign(origin=range(len(base.practices))))
    content = zoo_content.reorder_matrix(zoo_content.regrade(content, rng, 20), rng, 4)
    content = zoo_content.add_practices(content, rng, 6)
    added = content.practices["note"] == "zoo: added row"
    content = replace(content, practices=content.practices.assign(origin=content.practices["origin"].where(~added)))
    content = zoo_content.remove_practices(content, rng, 6)
    return zoo_content.shorten_texts(zoo_content.lengthen_texts(content, rng, 10), rng, 10)


def editions() -> tuple[zoo_content.Content, zoo_content.Content]:
    """V1.6 as it is and V1.7 (tracked e11 with the new version row), both with practice `origin`."""
    base = zoo_content.load(SOURCE)
    edited = tracked_edit(base)
    versions = pd.concat([edited.versions, pd.DataFrame([NEW_VERSION])], ignore_index=True)
    return (replace(base, practices=base.practices.assign(origin=range(len(base.practices)))),
            replace(edited, versions=versions))


def print_edition(content: zoo_content.Content, path: Path) -> Path:
    printing = next(p for p in read_zoo()["printing"] if p["name"] == LAYOUT)
    print_pdf("reportlab", build(content), Layout.from_dict(printing["layout"]), path)
    return path


def without_origin(content: zoo_content.Content) -> zoo_content.Content:
    return replace(content, practices=content.practices.drop(columns="origin"))


# --- the changes the edits made, as (change, cycle, force_id, area_id, ...) tuples ----------------

def ids(cycle: str, force: str, area: str) -> tuple:
    """(cycle, force_id, area_id) as the pipeline resolves the printed names."""
    return cycle, canonical.match_force(force) if force else None, canonical.match_area(area, cycle)


def grade_changes(old: zoo_content.Content, new: zoo_content.Content) -> set[tuple]:
    """(cycle, force_id, area_id, from_grade, to_grade) of every matrix cell whose grade or status changed."""
    both = old.grades.merge(new.grades, on=["cycle", "force", "area"], suffixes=("_old", "_new"))
    changed = both[(both["grade_old"] != both["grade_new"]) | (both["status_old"] != both["status_new"])]
    return {(*ids(row.cycle, row.force, row.area), row.grade_old or None, row.grade_new or None)
            for row in changed.itertuples(index=False)}


def practice_changes(old: zoo_content.Content, new: zoo_content.Content) -> set[tuple]:
    """(change, cycle, force_id, area_id, objective, fields) of every practice row added, removed or changed."""
    kept = new.practices[new.practices["origin"].notna()].astype({"origin": int})
    added = new.practices[new.practices["origin"].isna()]
    removed = old.practices[~old.practices["origin"].isin(kept["origin"])]
    found = {(change, *ids(row.cycle, row.force, row.section), row.objective, ())
             for change, rows in (("added", added), ("removed", removed)) for row in rows.itertuples(index=False)}
    for row in old.practices.merge(kept, on="origin", suffixes=("_old", "")).to_dict("records"):
        fields = tuple(field for field in PRACTICE_FIELDS if row[f"{field}_old"] != row[field])
        if fields:
            found.add(("changed", *ids(row["cycle"], row["force"], row["section"]), row["objective"], fields))
    return found


if __name__ == "__main__":
    print(print_edition(editions()[1], SECOND))
