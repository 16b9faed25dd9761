"""Deterministic generator of realistic HMICFRS PEEL inspection reports (test fixtures).

    python tests/reportgen/generate.py --out DIR --count N --seed S [--min-pages P]

Writes N A4 PDFs (30-60 pages each; P to P+30 with --min-pages) in the style HMICFRS publishes PEEL reports, for both
cycles (2021/22 and 2023-25), from grades it draws itself with a seeded random generator, and
beside each PDF its truth:

    <stem>.grades.csv      cycle, force, area_hmicfrs, grade   (like tests/expected/hmicfrs/gold_grades.csv)
    <stem>.not_graded.csv  cycle, force, area_hmicfrs, area_id (area_id empty: not in areas.csv)
    <stem>.json            announced counts, publication month, layout and features used

plus truth_grades.csv / truth_not_graded.csv / manifest.json for the whole set. The same
arguments give byte-identical files. The grades are random: the documents say so on every page.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
from pathlib import Path


from flowables import Look, register_fonts
from inspection import CYCLES, EXTRA_AREAS, GRADES, MONTHS, read_reference
from report import Plan, draw_plan, render
from wording import area_label, check_labels


def spread(rng: random.Random, count: int, values: list) -> list:
    out = (values * math.ceil(count / len(values)))[:count]
    rng.shuffle(out)
    return out


def pick_on(rng: random.Random, count: int, share: float) -> list[bool]:
    k = min(count, max(3, round(share * count)))
    on = set(rng.sample(range(count), k))
    return [i in on for i in range(count)]

PAGE_SPAN = 30  # a report may run this many pages past min_pages before its findings are cut


def generate(out: Path, count: int, seed: int, min_pages: int = 30) -> list[dict]:
    register_fonts()
    forces, labels = read_reference()
    check_labels(labels)
    rng = random.Random(seed)
    cycles = spread(rng, count, ["2023-25", "2021-22"])
    layouts = spread(rng, count, ["ruled", "borderless", "boxes"])
    words = spread(rng, count, [True, False])
    openings = spread(rng, count, [0, 1])
    fonts = spread(rng, count, ["DejaVu", "Liberation"])
    lig, hyph, over, spaced, notes = (pick_on(rng, count, s) for s in (0.5, 0.5, 0.4, 0.4, 0.5))
    typo_at = rng.randrange(count) if count else -1
    taken: dict[str, set] = {c: set() for c in CYCLES}
    out.mkdir(parents=True, exist_ok=True)
    manifest, all_grades, all_ng = [], [], []
    for i in range(count):
        cycle = cycles[i]
        free = [f for f in forces if f[0] not in taken[cycle]] or forces
        force_id, force = rng.choice(free)
        taken[cycle].add(force_id)
        report_seed = rng.randrange(2**31)
        r = random.Random(report_seed)
        drawn = draw_plan(r, cycle, force_id, force)
        look = Look(font=fonts[i], ligatures=lig[i], hyphenate=hyph[i], overprint=over[i],
                    letterspace=spaced[i], footnotes=notes[i], body_size=r.choice([10, 10.5, 11]))
        phrasings = list(range(4)) * 3
        r.shuffle(phrasings)
        plan = Plan(cycle=cycle, force_id=force_id, force=force, year=drawn["year"], month=drawn["month"],
                    graded=drawn["graded"], not_graded=drawn["not_graded"], layout=layouts[i],
                    counts_in_words=words[i], opening_variant=openings[i], typo=(i == typo_at), look=look,
                    footer_style=r.randrange(2), phrasings=phrasings)
        # more or fewer findings per theme until the report is min_pages to min_pages + PAGE_SPAN pages
        lo_hi = (2, 3)
        for _attempt in range(6):
            plan.phrasings = list(phrasings)
            pdf, pages, used = render(plan, report_seed, lo_hi)
            if pages < min_pages:
                lo_hi = (lo_hi[0] + 1, lo_hi[1] + 1)
            elif pages > min_pages + PAGE_SPAN:
                lo_hi = (max(1, lo_hi[0] - 1), max(1, lo_hi[1] - 1))
            else:
                break
        stem = f"peel-{cycle}-{force_id}"
        (out / f"{stem}.pdf").write_bytes(pdf)
        grade_rows = [dict(cycle=cycle, force=force, area_hmicfrs=area_label(a, cycle), grade=g)
                      for a, g in plan.graded.items()]
        ng_rows = [dict(cycle=cycle, force=force, area_hmicfrs=area_label(a, cycle),
                        area_id="" if a in EXTRA_AREAS else a) for a in plan.not_graded]
        write_csv(out / f"{stem}.grades.csv", ["cycle", "force", "area_hmicfrs", "grade"], grade_rows)
        write_csv(out / f"{stem}.not_graded.csv", ["cycle", "force", "area_hmicfrs", "area_id"], ng_rows)
        empty_levels = [g for g in GRADES if g not in plan.graded.values()]
        features = {
            "cover_typo_A_inspection": plan.typo,
            "contents_dotted_leaders": True,
            "running_header_and_footer": True,
            "footnotes": used["footnotes"] > 0,
            "counts_in_words": plan.counts_in_words,
            "counts_in_digits": not plan.counts_in_words,
            "judgments_layout": plan.layout,
            "empty_grade_level_dropped": bool(empty_levels),
            "not_graded_prose": bool(plan.not_graded),
            "areas_for_improvement_lists": True,
            "grade_in_prose_phrasings": sorted(used["grade_phrasings"]),
            "overprinted_headings": look.overprint,
            "letterspaced_headings": look.letterspace,
            "ligatures_fi_fl": look.ligatures,
            "hyphenated_line_breaks": look.hyphenate,
            "font": FONT_FAMILIES_NAME[look.font],
        }
        info = {
            "file": f"{stem}.pdf", "cycle": cycle, "force": force, "force_id": force_id,
            "cover_title": CYCLES[cycle]["cover"],
            "publication": f"{MONTHS[plan.month - 1]} {plan.year}",
            "announced": {"assessed": len(plan.graded) + len(plan.not_graded), "graded": len(plan.graded),
                          "printed_as": "words" if plan.counts_in_words else "digits"},
            "empty_grade_levels": empty_levels,
            "not_graded": [area_label(a, cycle) for a in plan.not_graded],
            "pages": pages, "bytes": len(pdf), "footnotes": used["footnotes"], "features": features,
        }
        (out / f"{stem}.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        manifest.append(info)
        all_grades += grade_rows
        all_ng += ng_rows
    write_csv(out / "truth_grades.csv", ["cycle", "force", "area_hmicfrs", "grade"], all_grades)
    write_csv(out / "truth_not_graded.csv", ["cycle", "force", "area_hmicfrs", "area_id"], all_ng)
    (out / "manifest.json").write_text(json.dumps({"seed": seed, "count": count, "reports": manifest},
                                                  indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest

FONT_FAMILIES_NAME = {"DejaVu": "DejaVu Sans", "Liberation": "Liberation Sans"}


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--count", type=int, default=12)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--min-pages", type=int, default=30,
                    help="grow the findings until each report has at least this many pages (the bench uses 50)")
    a = ap.parse_args(argv)
    manifest = generate(a.out, a.count, a.seed, a.min_pages)
    for m in manifest:
        print(f"{m['file']}: {m['pages']} pages, {m['bytes'] // 1024} KB, layout={m['features']['judgments_layout']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
