"""Downstream outputs: Parquet schemas as the models say, CSV mirrors, datapackage.json, peel.duckdb,
the data dictionary; all deterministic."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa_arrow
import pyarrow.parquet as pq
import pytest
from frictionless import Package

from pipeline import canonical, dictionary
from pipeline.package import DUCKDB_FILE, FORMATS, foreign_keys, primary_key, write_package
from pipeline.publish import Staging, allowed_values, arrow_schema
from schemas import MODELS

SHA = "0" * 64
COMPENDIUM = {"source_file": "compendium.pdf", "source_sha256": SHA}
# Grades matrices: two cycles, each with its own area headers; one N/A cell.
MATRIX = {
    "2021-22": {"Avon and Somerset Police": ["Good", "Adequate"], "Kent Police": ["Outstanding", "N/A"]},
    "2023-25": {"Avon and Somerset Police": ["Requires Improvement", "Good"], "Kent Police": ["Good", "Good"],
                "Cumbria Constabulary": ["Inadequate", "Adequate"]},
}
AREAS = {"2021-22": ["Investigating crime", "Protecting vulnerable people"],
         "2023-25": ["Protecting vulnerable people", "Responding to the public"]}
FORCE_IDS = {"Avon and Somerset Police": "avon-and-somerset", "Kent Police": "kent", "Cumbria Constabulary": "cumbria"}
AREA_IDS = {"Investigating crime": "investigating_crime",
            "Protecting vulnerable people": "protecting_vulnerable_people",
            "Responding to the public": "responding_to_the_public"}


def grade_rows() -> list[dict]:
    rows = []
    for cycle, forces in MATRIX.items():
        for row, (force, cells) in enumerate(forces.items()):
            for area, printed in zip(AREAS[cycle], cells):
                grade = None if printed == "N/A" else printed.capitalize()
                rows.append({"cycle": cycle, "force_printed": force, "force_id": FORCE_IDS[force],
                             "area_printed": area, "area_id": AREA_IDS[area], "grade_printed": printed,
                             "grade": grade, "status": "graded" if grade else "not_applicable",
                             "page": 3 + row, **COMPENDIUM})
    return rows


SAMPLES = {
    "grades": grade_rows(),
    "practices": [
        {"cycle": "2023-25", "section": "OPERATIONAL PRACTICE AREA FIVE: Protecting vulnerable people",
         "area_id": "protecting_vulnerable_people", "area_number": 5, "seq": 1, "force_printed": "Kent Police",
         "force_id": "kent", "force_grade_printed": "Outstanding", "force_grade": "Outstanding",
         "objective": "Safeguard children", "detail": "A multi-agency hub, \"one front door\"; triage within 24 hours",
         "outcome": "Faster referrals", "page_first": 10, "page_last": 11, **COMPENDIUM},
        {"cycle": "2023-25", "section": "OPERATIONAL PRACTICE AREA FIVE: Protecting vulnerable people",
         "area_id": "protecting_vulnerable_people", "area_number": 5, "seq": 2, "force_printed": None,
         "force_id": None, "force_grade_printed": None, "force_grade": None, "objective": "Ünïcode – text",
         "detail": "Line one joined", "outcome": "n/a", "page_first": 11, "page_last": 11, **COMPENDIUM},
    ],
    "versions": [{"version": "V1.6", "date_published": "July 2025", "date": pd.Timestamp("2025-07-01"),
                  "updates": "Grades for 2023-25", "page": 2, **COMPENDIUM}],
}


def sample_frame(name: str) -> pd.DataFrame:
    """A small frame valid under the model: the sample rows, the reference forces, or no rows."""
    model = MODELS[name]
    columns = list(model.to_schema().columns)
    if name == "forces":
        frame = canonical.load_forces()
    elif name in SAMPLES:
        frame = pd.DataFrame(SAMPLES[name])
        frame = frame.reindex(columns=columns)  # a column added to the model later is null here
    else:
        frame = pd.DataFrame({column: pd.Series([], dtype=object) for column in columns})
    return model.validate(frame)


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {name: sample_frame(name) for name in MODELS}


def publish(out: Path, frames: dict[str, pd.DataFrame]) -> Path:
    """What build.run does: each table's Parquet, then the package, staged and committed."""
    staging = Staging(out)
    try:
        for name, model in MODELS.items():
            staging.write_table(name, frames[name], model)
        write_package(staging.path, frames, MODELS)
        staging.commit()
    finally:
        staging.discard()
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory, frames) -> Path:
    return publish(tmp_path_factory.mktemp("package") / "out", frames)


def csv_descriptor(descriptor: dict) -> dict:
    """The same package pointing at the CSV mirrors, so frictionless can read and check the data."""
    descriptor = copy.deepcopy(descriptor)
    for resource in descriptor["resources"]:
        resource.update(path=FORMATS["csv"][0].format(name=resource["name"]), format="csv", mediatype="text/csv")
        resource.pop("bytes")
        resource.pop("hash")
    return descriptor


# --- Parquet -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(MODELS))
def test_parquet_schema_is_the_one_generated_from_the_model(out, name):
    assert pq.read_schema(out / f"{name}.parquet").equals(arrow_schema(MODELS[name]), check_metadata=True)


def test_enums_and_cycle_are_dictionaries_with_their_allowed_values():
    enum = pa_arrow.dictionary(pa_arrow.int32(), pa_arrow.string())
    for model in MODELS.values():
        schema = arrow_schema(model)
        for name, column in model.to_schema().columns.items():
            field, allowed = schema.field(name), allowed_values(column)
            assert field.metadata[b"description"].decode() == (column.description or "")
            if allowed is not None:
                assert json.loads(field.metadata[b"allowed_values"]) == allowed
            asked = bool((column.metadata or {}).get("dictionary"))  # `edition`: few values, on every row
            assert (field.type == enum) == (name == "cycle" or allowed is not None or asked), f"{model.__name__}.{name}"
    grade = arrow_schema(MODELS["grades"]).field("grade")
    assert json.loads(grade.metadata[b"allowed_values"]) == ["Outstanding", "Good", "Adequate",
                                                            "Requires improvement", "Inadequate"]


def test_enum_columns_read_back_as_categoricals_in_the_models_order(out):
    grades = pd.read_parquet(out / "grades.parquet")
    assert list(grades["grade"].cat.categories) == ["Outstanding", "Good", "Adequate",
                                                    "Requires improvement", "Inadequate"]
    assert list(grades["cycle"].cat.categories) == ["2021-22", "2023-25"]
    assert grades["grade"].isna().sum() == 1
    forces = pq.read_table(out / "forces.parquet")
    assert forces.schema.field("aliases").type == pa_arrow.list_(pa_arrow.field("element", pa_arrow.string()))
    assert all(isinstance(aliases, list) and aliases for aliases in forces.column("aliases").to_pylist())


def test_two_writes_are_byte_identical_except_the_database(tmp_path, frames, out):
    again = publish(tmp_path / "again", frames)
    files = sorted(path.relative_to(out) for path in out.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(again) for path in again.rglob("*") if path.is_file())
    assert {str(path) for path in files} >= {f"{name}.parquet" for name in MODELS} | \
        {f"csv/{name}.csv" for name in MODELS} | {"datapackage.json", DUCKDB_FILE}
    for relative in files:
        if relative.name != DUCKDB_FILE:
            assert (out / relative).read_bytes() == (again / relative).read_bytes(), relative


def test_no_staging_folder_or_wal_is_left(out):
    assert not list(out.parent.glob(".staging-*"))
    assert not list(out.glob("*.wal"))


# --- CSV -----------------------------------------------------------------------------------

def test_csv_mirrors_the_parquet(out):
    for name in MODELS:
        parquet = pd.read_parquet(out / f"{name}.parquet")
        text = (out / "csv" / f"{name}.csv").read_text(encoding="utf-8")
        assert text.splitlines()[0] == ",".join(arrow_schema(MODELS[name]).names)
        mirrored = pd.read_csv(out / "csv" / f"{name}.csv", dtype=str, keep_default_na=False)
        assert len(mirrored) == len(parquet)
    practices = pd.read_csv(out / "csv" / "practices.csv", dtype=str, keep_default_na=False)
    assert practices.loc[0, "detail"] == "A multi-agency hub, \"one front door\"; triage within 24 hours"
    assert practices.loc[1, "force_printed"] == "" and practices.loc[1, "objective"] == "Ünïcode – text"
    forces = pd.read_csv(out / "csv" / "forces.csv", dtype=str)
    assert all(isinstance(json.loads(value), list) for value in forces["aliases"])
    assert pd.read_csv(out / "csv" / "versions.csv", dtype=str).loc[0, "date"] == "2025-07-01"


# --- datapackage.json ----------------------------------------------------------------------

def test_datapackage_metadata_is_valid(out):
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert list(Package.metadata_validate(descriptor)) == []
    assert [r["name"] for r in descriptor["resources"]] == list(MODELS)
    names = {r["name"]: r for r in descriptor["resources"]}
    for name, res in names.items():
        assert res["path"] == f"{name}.parquet" and res["format"] == "parquet"
        assert res["bytes"] == (out / res["path"]).stat().st_size
        assert [f["name"] for f in res["schema"]["fields"]] == arrow_schema(MODELS[name]).names
        for key in res["schema"].get("foreignKeys", []):
            target = names[key["reference"]["resource"]]
            assert key["reference"]["fields"] == target["schema"]["primaryKey"]
    grades = names["grades"]["schema"]
    assert grades["primaryKey"] == primary_key(MODELS["grades"]) == ["source_file", "cycle", "force_printed",
                                                                    "area_printed"]
    grade = next(f for f in grades["fields"] if f["name"] == "grade")
    assert grade["constraints"] == {"required": False, "enum": ["Outstanding", "Good", "Adequate",
                                                                "Requires improvement", "Inadequate"]}
    assert {"fields": ["force_id"], "reference": {"resource": "forces", "fields": ["force_id"]}} in \
        grades["foreignKeys"]
    assert names["forces"]["schema"]["primaryKey"] == ["force_id"]
    assert "foreignKeys" not in names["forces"]["schema"]


def test_datapackage_schemas_validate_the_csv_data(out):
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    report = Package(csv_descriptor(descriptor), basepath=str(out)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_foreign_keys_are_checked(out, tmp_path):
    """Kent missing from forces: frictionless reports the grades and practices rows naming it."""
    descriptor = csv_descriptor(json.loads((out / "datapackage.json").read_text(encoding="utf-8")))
    for path in (out / "csv").iterdir():
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        if path.stem == "forces":
            lines = [line for line in lines if not line.startswith("kent,")]
        (tmp_path / "csv").mkdir(exist_ok=True)
        (tmp_path / "csv" / path.name).write_text("".join(lines), encoding="utf-8")
    report = Package(descriptor, basepath=str(tmp_path)).validate()
    errors = report.flatten(["type"])
    assert not report.valid and errors and all(error == ["foreign-key"] for error in errors)


def test_foreign_keys_follow_column_names():
    assert foreign_keys("forces", MODELS) == []
    for name, model in MODELS.items():
        if name != "forces" and "force_id" in model.to_schema().columns:
            assert {"fields": ["force_id"], "reference": {"resource": "forces", "fields": ["force_id"]}} \
                in foreign_keys(name, MODELS)


# --- DuckDB --------------------------------------------------------------------------------

def test_duckdb_has_every_table_and_the_wide_grades_view(out, frames):
    with duckdb.connect(str(out / DUCKDB_FILE), read_only=True) as con:
        for name in MODELS:
            assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(frames[name])
        wide = con.execute("SELECT * FROM grades_wide").df()
        grade_type = con.execute("SELECT data_type FROM duckdb_columns() WHERE table_name = 'grades' "
                                 "AND column_name = 'grade'").fetchone()[0]
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'grades' "
                              "AND column_name = 'grade_printed'").fetchone()[0]
        ordered = con.execute("SELECT grade FROM grades WHERE grade IS NOT NULL ORDER BY grade").fetchall()
        scale = con.execute("SELECT enum_range(NULL::grade)").fetchone()[0]
        practice_grade = con.execute("SELECT data_type FROM duckdb_columns() WHERE table_name = 'practices' "
                                     "AND column_name = 'force_grade'").fetchone()[0]
    assert grade_type.startswith("ENUM(") and practice_grade == grade_type  # one named type, `grade`
    assert list(scale) == ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
    assert comment == MODELS["grades"].to_schema().columns["grade_printed"].description
    assert [g for (g,) in ordered][:2] == ["Outstanding", "Good"]  # the scale's order, not the alphabet's
    assert len(wide) == len(wide[["cycle", "force_printed"]].drop_duplicates()) == 5
    assert list(wide.columns) == ["cycle", "force_printed", "Investigating crime", "Protecting vulnerable people",
                                  "Responding to the public", "source_file"]
    for cycle, forces in MATRIX.items():
        for force, cells in forces.items():
            row = wide[(wide["cycle"] == cycle) & (wide["force_printed"] == force)].iloc[0]
            assert [row[area] for area in AREAS[cycle]] == cells


def test_the_wide_grades_view_takes_any_printed_area_names(tmp_path, frames):
    """A printing that leaves a matrix column's header empty, or prints two areas whose names differ
    only in case (DuckDB ignores case in names), still gets its database: the view names the one
    '(no area printed)' and numbers the other (it stopped the whole run with a parser error)."""
    grades = frames["grades"].copy()
    first, second, third = grades["area_printed"].drop_duplicates().tolist()[:3]
    grades["area_printed"] = grades["area_printed"].replace({first: "", second: third.upper()})
    out = publish(tmp_path / "out", dict(frames, grades=grades))
    with duckdb.connect(str(out / DUCKDB_FILE), read_only=True) as con:
        columns = list(con.execute("SELECT * FROM grades_wide").df().columns)
    assert "(no area printed)" in columns and third.upper() in columns and f"{third} (2)" in columns
    assert len({column.casefold() for column in columns}) == len(columns) == 6


def test_duckdb_is_rebuilt_from_scratch(tmp_path, frames):
    out = publish(tmp_path / "out", frames)
    smaller = dict(frames, grades=frames["grades"].iloc[:0])
    publish(tmp_path / "out", smaller)
    with duckdb.connect(str(out / DUCKDB_FILE), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM grades").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM grades_wide").fetchone()[0] == 0


def test_real_compendium_grades_wide(ruled_out, tmp_path):
    """The pipeline's own compendium output: one grades_wide row per cycle × force."""
    frames = {name: pd.read_parquet(ruled_out / f"{name}.parquet") for name in MODELS
              if (ruled_out / f"{name}.parquet").exists()}
    models = {name: MODELS[name] for name in frames}
    staging = Staging(tmp_path / "out")
    for name, model in models.items():
        staging.write_table(name, frames[name], model)
    write_package(staging.path, frames, models)
    staging.commit()
    grades = frames["grades"]
    with duckdb.connect(str(tmp_path / "out" / DUCKDB_FILE), read_only=True) as con:
        wide = con.execute("SELECT * FROM grades_wide").df()
    assert len(wide) == len(grades[["cycle", "force_printed"]].drop_duplicates()) > 40
    assert not wide.duplicated(["cycle", "force_printed"]).any()
    assert wide.iloc[:, 2:-1].notna().sum().sum() == len(grades)
    for name in models:
        assert pq.read_schema(tmp_path / "out" / f"{name}.parquet").equals(arrow_schema(models[name]),
                                                                            check_metadata=True)


# --- data dictionary -----------------------------------------------------------------------

def test_dictionary_lists_every_column():
    text = dictionary.markdown(MODELS)
    for name, model in MODELS.items():
        assert f"### `{name}`" in text
        for column in model.to_schema().columns:
            assert f"| `{column}` |" in text
    assert "| `grade` | dictionary<int32, string> | yes | `Outstanding`, `Good`" in text
    assert "→ `forces.force_id`" in text


def test_update_readme_rewrites_only_the_block(tmp_path):
    readme = tmp_path / "README.md"
    before, after = "# Title\n\nBefore.\n\n", "\n\nAfter.\n"
    readme.write_text(f"{before}{dictionary.START}\nstale\n{dictionary.END}{after}", encoding="utf-8")
    assert dictionary.main(["--check", str(readme)]) == 1
    assert dictionary.update_readme(readme) is True
    text = readme.read_text(encoding="utf-8")
    assert text.startswith(before + dictionary.START + "\n") and text.endswith(dictionary.END + after)
    assert "stale" not in text and "### `grades`" in text
    assert dictionary.update_readme(readme) is False
    assert dictionary.main(["--check", str(readme)]) == 0
    readme.write_text("# no markers\n", encoding="utf-8")
    assert dictionary.main(["--check", str(readme)]) == 2


def test_repository_readme_dictionary_is_current():
    readme = Path(__file__).resolve().parent.parent / "README.md"
    if dictionary.START not in readme.read_text(encoding="utf-8"):
        pytest.skip("README has no data dictionary block yet")
    assert dictionary.readme_is_current(readme), "run `python -m pipeline.dictionary --update README.md`"
