"""Draw a held-out set of printings at random over every layout option, font, engine and reprint.

    python tests/zoo/draw_heldout.py --seed 1818 --prefix h18 --edits 9494 9595 9696 > /tmp/heldout18.toml
    python tests/zoo/make_zoo.py --zoo /tmp/heldout18.toml --out /tmp/h18

The set is the same for the same arguments. It is drawn once and printed to check the pipeline on
printings it was not tuned on; the toml is committed beside the others so the set can be printed again.
"""
from __future__ import annotations

import argparse
import random
import sys

from groff_engine import printable
from layouts import ALIGNS, FONTS, PAGES, RULES

ENGINES = ("chromium", "libreoffice", "reportlab", "groff")  # as the sets up to heldout208.toml were drawn
ENGINES_KNOWN = ENGINES + ("weasyprint",)
REPRINTS = (None, None, "gs", "pdftocairo", "postscript")
CYCLES = (["2023-25"], ["2021-22"], ["2023-25", "2021-22"])
SECTIONS = range(1, 9)   # the numbered operational practice areas
HEAVY_EDIT = {"regrades": 60, "moves": 10, "added": 10, "removed": 8, "lengthened": 25, "shortened": 25}


def draw_slices(rng: random.Random, count: int) -> dict[str, dict]:
    slices: dict[str, dict] = {}
    while len(slices) < count:
        cycles = rng.choice(CYCLES)
        sections = sorted(rng.sample(SECTIONS, rng.choice((1, 2))))
        forces = rng.choice((None, None, 25))
        name = ("both" if len(cycles) == 2 else f"c{cycles[0][2:4]}") + (f"-m{forces}" if forces else "") + \
            "-a" + "a".join(str(s) for s in sections)
        slices[name] = {"cycles": cycles, "sections": sections} | ({"forces": forces} if forces else {})
    return slices


def draw_layout(rng: random.Random, engine: str) -> dict:
    layout = {
        "font": rng.choice(sorted(FONTS)),
        "page": rng.choice(sorted(PAGES)),
        "table_size": rng.choice((6, 6.5, 7, 7.5, 8, 9, 10)),
        "line_height": rng.choice((1.0, 1.1, 1.15, 1.25, 1.35, 1.5)),
        "padding": rng.choice((1, 1.5, 2, 3, 5, 6)),
        "rules": rng.choice(RULES),
        "matrix_orientation": rng.choice(("portrait", "landscape")),
    }
    optional = {
        "repeat_header": lambda: False,
        "rows_break": lambda: False,
        "link_underlines": lambda: True,
        "matrix_size": lambda: rng.choice((6, 6.5, 7)),
        "header_align": lambda: rng.choice(ALIGNS[1:]),
        "grade_align": lambda: rng.choice(ALIGNS[1:]),
        "valign": lambda: "middle",
        "heading_scale": lambda: rng.choice((0.7, 0.85, 1.3)),
        "caption": lambda: True,
        "space_before_matrix": lambda: rng.choice((100, 200, 300)),
        "mirror_margins": lambda: 10,
        "table_font": lambda: rng.choice(sorted(FONTS)),
    }
    for option, value in optional.items():
        if option == "mirror_margins" and engine == "reportlab":
            continue
        if rng.random() < 0.3:
            layout[option] = value()
    return printable(layout) if engine == "groff" else layout


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return str(value)


def draw(seed: int, prefix: str, count: int, edits: list[int], engines: tuple[str, ...] = ENGINES) -> str:
    rng = random.Random(seed)
    contents = {"v16": {"description": "v1.6"}}
    for i, edit_seed in enumerate(edits):
        contents[f"e{edit_seed}"] = {"description": "edited", "edit_seed": edit_seed} | (HEAVY_EDIT if i == 1 else {})
    slices = draw_slices(rng, 6)
    chosen = f" --engines {' '.join(engines)}" if engines != ENGINES else ""
    lines = [f"# Held-out set {prefix}: drawn by draw_heldout.py --seed {seed} --prefix {prefix} --count {count} "
             f"--edits {' '.join(map(str, edits))}{chosen}", ""]
    for name, spec in contents.items():
        lines += [f"[content.{name}]"] + [f"{k} = {toml_value(v)}" for k, v in spec.items()] + [""]
    for name, spec in slices.items():
        lines += [f"[slice.{name}]"] + [f"{k} = {toml_value(v)}" for k, v in spec.items()] + [""]
    for i in range(count):
        engine = engines[i % len(engines)]
        content = rng.choice(sorted(contents))
        slice_name = rng.choice(sorted(slices))
        reprint = rng.choice(REPRINTS)
        layout = draw_layout(rng, engine)
        lines += ["[[printing]]", f'name = "{prefix}-{engine}-{content}-{slice_name}-{i}"',
                  f'content = "{content}"', f'slice = "{slice_name}"', f'engine = "{engine}"']
        if reprint:
            lines.append(f'reprint = "{reprint}"')
        lines += ["layout = { " + ", ".join(f"{k} = {toml_value(v)}" for k, v in layout.items()) + " }", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--count", type=int, default=36)
    parser.add_argument("--edits", type=int, nargs=3, required=True, metavar="EDIT_SEED",
                        help="seeds of three edited editions (the second edited heavily)")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=sorted(ENGINES_KNOWN),
                        help=f"the engines printings take in turn (default: {' '.join(ENGINES)})")
    args = parser.parse_args(argv)
    sys.stdout.write(draw(args.seed, args.prefix, args.count, args.edits, tuple(args.engines)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
