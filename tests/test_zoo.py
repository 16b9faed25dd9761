"""The rendering zoo: the same content printed by Chromium, LibreOffice and reportlab (some printed
again by pdftocairo or Ghostscript) in many layouts must give exactly its expected tables and
exactly the findings its content implies (see `tests/zoo/README.md`)."""
from __future__ import annotations

import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import expected_tables
from conftest import run_pipeline

ZOO = Path(__file__).resolve().parent / "zoo"
PRINTINGS = tomllib.loads((ZOO / "zoo.toml").read_text(encoding="utf-8"))["printing"]


def variant(printing: dict) -> str:
    return printing["content"] + (f"-{printing['slice']}" if printing.get("slice") else "")


@pytest.fixture(scope="session")
def zoo_runs(tmp_path_factory) -> dict[str, tuple]:
    """Every printing run through the CLI on its own, two at a time."""
    def run(printing: dict) -> tuple:
        pdf = ZOO / "printings" / f"{printing['name']}.pdf"
        return run_pipeline(tmp_path_factory.mktemp(printing["name"]), pdf)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip((p["name"] for p in PRINTINGS), pool.map(run, PRINTINGS)))


def test_the_zoo_is_large_and_varied():
    engines = {p["engine"] for p in PRINTINGS}
    assert len(PRINTINGS) >= 30 and engines == {"chromium", "libreoffice", "reportlab", "groff", "weasyprint"}
    assert sum(1 for p in PRINTINGS if p.get("reprint")) >= 6
    assert all((ZOO / "printings" / f"{p['name']}.pdf").exists() for p in PRINTINGS)


@pytest.mark.parametrize("printing", PRINTINGS, ids=[p["name"] for p in PRINTINGS])
def test_printing_gives_its_tables_and_findings(printing, zoo_runs):
    result, out = zoo_runs[printing["name"]]
    assert result.returncode == 0, result.stderr
    want = expected_tables.load(ZOO / "expected" / variant(printing))
    assert expected_tables.differences(out, want) == {}
    found = expected_tables.found_findings(out)
    implied = expected_tables.implied_findings(want)
    assert {check: found[check] for check in implied} == implied
    assert {check: found[check] for check in expected_tables.MUST_BE_CLEAN} == \
        {check: [] for check in expected_tables.MUST_BE_CLEAN}
