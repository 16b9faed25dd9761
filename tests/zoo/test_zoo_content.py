"""The zoo's content is deterministic and consistent, and its committed expected tables are current.
(Needs no PDF engine: printing is `make zoo`.)"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import content as zoo_content  # noqa: E402
from make_zoo import EXPECTED, SOURCE, read_zoo, variant_content, variant_name  # noqa: E402

BASE = zoo_content.load(SOURCE)


@pytest.mark.parametrize("seed", [11, 23, 37])
def test_edit_is_deterministic_and_consistent(seed):
    one, two = zoo_content.edit(BASE, seed), zoo_content.edit(BASE, seed)
    for name in zoo_content.FILES:
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name))
    grades = one.grades
    graded = grades["status"] == "graded"
    assert (grades.loc[graded, "grade_printed"].str.casefold() == grades.loc[graded, "grade"].str.casefold()).all()
    assert (grades.loc[~graded, "grade"] == "").all()
    assert set(grades["force"]) == set(BASE.grades["force"])          # real force names only
    assert set(one.practices["force"]) <= set(BASE.practices["force"])
    for _, section in one.practices.groupby(["cycle", "section"]):
        assert list(section["seq"].astype(int)) == list(range(1, len(section) + 1))
    for _, cycle in grades.groupby("cycle"):
        orders = sorted(set(cycle["row_order"].astype(int)))
        assert orders == list(range(1, len(orders) + 1))
    pd.testing.assert_frame_equal(one.area_claims, BASE.area_claims)    # claims are never edited
    changed = grades.merge(BASE.grades, on=["cycle", "force", "area"], suffixes=("", "_base"))
    assert (changed["grade_printed"] != changed["grade_printed_base"]).sum() > 0


def test_slice_keeps_claims_of_kept_sections():
    cut = zoo_content.slice(BASE, cycles=["2021-22"], sections=[3, "Tackling workforce corruption"], forces=10)
    assert set(cut.grades["cycle"]) == {"2021-22"} and cut.grades["row_order"].astype(int).max() == 10
    assert list(cut.area_claims["section"]) == ["OPERATIONAL PRACTICE AREA THREE: Responding to the public",
                                                "Tackling workforce corruption"]
    assert len(cut.practices) == 12 and list(cut.practices["seq"].astype(int)) == list(range(1, 13))


def test_committed_expected_tables_are_current():
    zoo = read_zoo()
    for printing in zoo["printing"]:
        folder = EXPECTED / variant_name(printing)
        if not folder.exists():
            pytest.skip("tests/zoo/expected not generated")
        committed = zoo_content.load(folder)
        fresh = variant_content(zoo, printing)
        for name in zoo_content.FILES:
            pd.testing.assert_frame_equal(getattr(committed, name).reset_index(drop=True),
                                          getattr(fresh, name).reset_index(drop=True), check_dtype=False)
