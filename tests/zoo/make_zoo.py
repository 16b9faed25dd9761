"""Print the rendering zoo: the same table content through several engines and layouts.

    python tests/zoo/make_zoo.py [--only NAME ...] [--jobs 2]     # run from the repository root
    python tests/zoo/make_zoo.py --zoo tests/zoo/heldout.toml --out /tmp/heldout   # another list, elsewhere

Reads tests/zoo/zoo.toml, writes tests/zoo/printings/<name>.pdf for every printing and the expected
tables of every content variant used into tests/zoo/expected/<variant>/ (variant = content + "-" + slice).
The content is deterministic; the PDF bytes may differ from run to run (engines stamp dates).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import content as zoo_content  # noqa: E402
from document import build  # noqa: E402
from engines import print_pdf, reprint  # noqa: E402
from layouts import Layout  # noqa: E402

REPO = HERE.parent.parent
SOURCE = REPO / "tests" / "expected" / "compendium"
PRINTINGS = HERE / "printings"
EXPECTED = HERE / "expected"


def read_zoo(path: Path = HERE / "zoo.toml") -> dict:
    zoo = tomllib.loads(path.read_text(encoding="utf-8"))
    names = [p["name"] for p in zoo["printing"]]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise SystemExit(f"zoo.toml: duplicate printing names {sorted(duplicates)}")
    return zoo


def variant_name(printing: dict) -> str:
    return printing["content"] + (f"-{printing['slice']}" if printing.get("slice") else "")


def variant_content(zoo: dict, printing: dict) -> zoo_content.Content:
    spec = zoo["content"][printing["content"]]
    content = zoo_content.load(REPO / spec.get("source", SOURCE))
    if "edit_seed" in spec:
        options = {k: v for k, v in spec.items() if k not in ("edit_seed", "source", "description")}
        content = zoo_content.edit(content, spec["edit_seed"], **options)
    if printing.get("slice"):
        cut = zoo["slice"][printing["slice"]]
        content = zoo_content.slice(content, cycles=cut["cycles"], sections=cut.get("sections"),
                                    forces=cut.get("forces"))
    return content


def make_one(zoo: dict, printing: dict, printings_dir: Path = PRINTINGS) -> tuple[str, int, int, float]:
    started = time.monotonic()
    layout = Layout.from_dict(printing.get("layout", {}))
    document = build(variant_content(zoo, printing))
    out = printings_dir / f"{printing['name']}.pdf"
    tmp = out.with_suffix(".partial.pdf")
    print_pdf(printing["engine"], document, layout, tmp)
    if printing.get("reprint"):
        reprint(tmp, printing["reprint"])
    tmp.replace(out)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return printing["name"], pages, out.stat().st_size, time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", help="print only these printings")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--zoo", type=Path, default=HERE / "zoo.toml", help="the list of printings (default zoo.toml)")
    parser.add_argument("--out", type=Path, help="write OUT/printings and OUT/expected instead of tests/zoo/")
    args = parser.parse_args(argv)
    zoo = read_zoo(args.zoo)
    printings_dir = args.out / "printings" if args.out else PRINTINGS
    expected_dir = args.out / "expected" if args.out else EXPECTED
    printings = zoo["printing"]
    if args.only:
        unknown = set(args.only) - {p["name"] for p in printings}
        if unknown:
            parser.error(f"no such printings: {sorted(unknown)}")
        printings = [p for p in printings if p["name"] in args.only]
    printings_dir.mkdir(parents=True, exist_ok=True)
    done: set[str] = set()
    for printing in printings:
        name = variant_name(printing)
        if name not in done:
            zoo_content.write(variant_content(zoo, printing), expected_dir / name)
            done.add(name)
    failures = 0
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(make_one, zoo, p, printings_dir): p for p in printings}
        for future in as_completed(futures):
            printing = futures[future]
            try:
                name, pages, size, seconds = future.result()
                print(f"{name:44} {printing['engine']:11} {printing.get('reprint', ''):10} "
                      f"{variant_name(printing):22} {pages:3} pages {size / 1024:7.0f} KiB {seconds:5.1f} s", flush=True)
            except Exception as error:  # noqa: BLE001 - report and go on with the others
                failures += 1
                detail = getattr(error, "stderr", b"") or b""
                print(f"{printing['name']}: FAILED {error} {detail[-500:]!r}", file=sys.stderr, flush=True)
    total = sum(f.stat().st_size for f in printings_dir.glob("*.pdf"))
    print(f"{len(printings) - failures} printed, {failures} failed; {printings_dir} holds {total / 1e6:.1f} MB")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
