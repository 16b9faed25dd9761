"""The worked examples in the README, run on the outputs of the whole of raw/, give the answers it documents."""
from __future__ import annotations

import os
import re

import pytest

from conftest import RAW, ROOT, run_pipeline

README = (ROOT / "README.md").read_text(encoding="utf-8")


CHANGES_QUESTION = "Which forces' grades changed since the previous edition?"


def code_block(language: str, after: str = "## Worked examples") -> str:
    """The first `language` code block after the text `after` (by default, the first worked example's)."""
    examples = README.split(after, 1)[1]
    return re.search(rf"```{language}\n(.*?)```", examples, re.DOTALL).group(1)


@pytest.fixture(scope="module")
def whole_raw(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("whole")
    result, out = run_pipeline(tmp, RAW / "compendium_v1.6.pdf", *sorted((RAW / "hmicfrs").glob("*.pdf")))
    assert result.returncode == 0, result.stderr
    (tmp / "extracted").symlink_to(out)
    return tmp


def test_pandas_example(whole_raw):
    scope: dict = {}
    cwd = os.getcwd()
    os.chdir(whole_raw)
    try:
        exec(code_block("python"), scope)
    finally:
        os.chdir(cwd)
    answer = scope["answer"]
    assert sorted(answer["name"]) == ["Cheshire Constabulary", "Humberside Police"]
    cheshire = answer[answer["name"] == "Cheshire Constabulary"].iloc[0]
    assert cheshire["objective"] == "To upskill its organisation and beyond in complex areas of policing"
    assert cheshire["page_first"] == 16
    assert answer[answer["name"] == "Humberside Police"]["objective"].isna().all()


def test_duckdb_example(whole_raw):
    duckdb = pytest.importorskip("duckdb")
    with duckdb.connect(str(whole_raw / "extracted" / "peel.duckdb"), read_only=True) as db:
        rows = db.execute(code_block("sql")).fetchall()
    documented = ["Cambridgeshire", "Gloucestershire", "Greater Manchester", "Lancashire", "North Yorkshire",
                  "Staffordshire", "Warwickshire", "West Mercia"]
    assert len(rows) == len(documented)
    assert all(name.startswith(short) for (name, *_), short in zip(rows, documented))


def test_r_example_counts_with_pandas(whole_raw):
    """R is not on these machines: the R example's documented answer is checked with pandas."""
    import pandas as pd
    grades = pd.read_parquet(whole_raw / "extracted" / "report_grades.parquet")
    inadequate = grades[(grades["cycle"] == "2023-25") & (grades["grade"] == "Inadequate")]
    counts = inadequate["force_id"].astype(str).value_counts()
    assert counts["lincolnshire"] == 4
    assert counts["nottinghamshire"] == counts["west-midlands"] == 3
    assert (counts == 1).sum() == 6


def test_changes_example(two_editions_out):
    """On the two editions the tests make (the zoo's v1.6 and an edited V1.7, see two_editions.py)."""
    if CHANGES_QUESTION not in README:
        pytest.skip("the editions example is not in the README yet")
    duckdb = pytest.importorskip("duckdb")
    with duckdb.connect(str(two_editions_out / "peel.duckdb"), read_only=True) as db:
        rows = db.execute(code_block("sql", after=CHANGES_QUESTION)).fetchall()
    assert len(rows) == 15 and rows[0] == ("Kent Police", 3)
    assert [name for name, cells in rows if cells == 2] == ["Cambridgeshire Constabulary", "Derbyshire Constabulary",
                                                           "Thames Valley Police"]
