"""Downstream formats beside the Parquet files: CSV mirrors, a Frictionless `datapackage.json`
and a DuckDB database, all derived from the Pandera models through `publish.arrow_schema`.

`write_package(folder, tables, models)` writes them into a folder that already holds the
staged `<table>.parquet` files (the Data Package records each file's size and sha256).
Everything but `peel.duckdb` is byte-identical for identical tables.
"""
from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow

from pipeline import __version__
from pipeline.publish import to_arrow

Models = Mapping[str, type[pa.DataFrameModel]]

PACKAGE_NAME = "peel-extract"
PACKAGE_TITLE = "Tables from the UK Policing Compendium and HMICFRS PEEL inspection reports"
DUCKDB_FILE = "peel.duckdb"
FORMATS = {  # resource format → (path of a table's file, mediatype)
    "parquet": ("{name}.parquet", "application/vnd.apache.parquet"),
    "csv": ("csv/{name}.csv", "text/csv"),
}
# Pandera check → Table Schema constraint, and the check statistic that holds its value.
CHECK_CONSTRAINTS = {
    "isin": ("enum", "allowed_values"),
    "greater_than_or_equal_to": ("minimum", "min_value"),
    "less_than_or_equal_to": ("maximum", "max_value"),
    "str_matches": ("pattern", "pattern"),
}


# --- keys and constraints, from the models -------------------------------------------------

def primary_key(model: type[pa.DataFrameModel]) -> list[str]:
    """`Config.unique` when none of its columns may be null, else the first non-null column
    declared `unique=True`, else no key."""
    schema = model.to_schema()
    unique = [schema.unique] if isinstance(schema.unique, str) else list(schema.unique or [])
    if unique and not any(schema.columns[name].nullable for name in unique):
        return unique
    return next(([name] for name, column in schema.columns.items() if column.unique and not column.nullable), [])


def foreign_keys(table: str, models: Models) -> list[dict]:
    """A column named like another table's one-column `*_id` key references it (force_id → forces)."""
    columns = models[table].to_schema().columns
    references = []
    for other, model in models.items():
        key = primary_key(model)
        if other != table and len(key) == 1 and key[0].endswith("_id") and key[0] in columns:
            references.append({"fields": key, "reference": {"resource": other, "fields": key}})
    return references


def table_description(model: type[pa.DataFrameModel]) -> str:
    """The model's description, or the first line of its module docstring without the file name."""
    text = model.to_schema().description or (sys.modules[model.__module__].__doc__ or "")
    first = text.strip().splitlines()[0] if text.strip() else ""
    return re.sub(r"^\S+\.parquet:\s*", "", first)


def constraints(column: pa.Column) -> dict:
    """Table Schema constraints of a column: required, unique, enum, minimum, maximum, pattern."""
    found = {"required": not column.nullable}
    if column.unique:
        found["unique"] = True
    for check in column.checks:
        if check.name in CHECK_CONSTRAINTS:
            key, statistic = CHECK_CONSTRAINTS[check.name]
            value = check.statistics[statistic]
            found[key] = unanchored(value) if key == "pattern" else (list(value) if key == "enum" else value)
    return found


def unanchored(pattern: str) -> str:
    """Table Schema patterns match the whole value, so a regex's own ^...$ anchors are dropped."""
    return pattern[1:-1] if pattern.startswith("^") and pattern.endswith("$") else pattern


# --- Frictionless Data Package -------------------------------------------------------------

def field_type(kind: pa_arrow.DataType) -> str:
    """Table Schema type of an Arrow type (dictionary-encoded strings are strings)."""
    if pa_arrow.types.is_dictionary(kind):
        return field_type(kind.value_type)
    for test, name in ((pa_arrow.types.is_string, "string"), (pa_arrow.types.is_integer, "integer"),
                       (pa_arrow.types.is_floating, "number"), (pa_arrow.types.is_boolean, "boolean"),
                       (pa_arrow.types.is_date, "date"), (pa_arrow.types.is_list, "array")):
        if test(kind):
            return name
    raise TypeError(f"no Table Schema type for Arrow type {kind}")


def table_schema(table: str, schema: pa_arrow.Schema, models: Models) -> dict:
    """The Table Schema of one table: fields with types, descriptions and constraints, and keys."""
    columns = models[table].to_schema().columns
    fields = [{"name": field.name, "type": field_type(field.type),
               "description": columns[field.name].description or "",
               "constraints": constraints(columns[field.name])} for field in schema]
    descriptor = {"fields": fields, "missingValues": [""]}
    if key := primary_key(models[table]):
        descriptor["primaryKey"] = key
    if references := foreign_keys(table, models):
        descriptor["foreignKeys"] = references
    return descriptor


def file_stats(path: Path) -> dict:
    data = path.read_bytes()
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def resource(table: str, schema: pa_arrow.Schema, models: Models, folder: Path, fmt: str = "parquet") -> dict:
    """One Data Package resource: the table's file in `fmt`, its size and hash, its schema."""
    pattern, mediatype = FORMATS[fmt]
    path = pattern.format(name=table)
    descriptor = {"name": table, "path": path, "format": fmt, "mediatype": mediatype}
    if fmt == "csv":
        descriptor["encoding"] = "utf-8"
    descriptor |= file_stats(folder / path)
    descriptor |= {"description": table_description(models[table]), "schema": table_schema(table, schema, models)}
    return descriptor


def datapackage(schemas: Mapping[str, pa_arrow.Schema], models: Models, folder: Path, fmt: str = "parquet") -> dict:
    """The Data Package descriptor: one resource per table, in the models' order. No timestamps."""
    resources = [resource(name, schemas[name], models, folder, fmt) for name in models if name in schemas]
    return {"name": PACKAGE_NAME, "title": PACKAGE_TITLE, "version": __version__, "resources": resources}


# --- CSV mirrors ---------------------------------------------------------------------------

def csv_value(value) -> str:
    """A cell as CSV text: null → empty, lists as JSON arrays, dates ISO, booleans true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def csv_text(table: pa_arrow.Table) -> str:
    """The table as CSV: header row, comma-separated, minimal quoting, '\\n' line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.column_names)
    columns = [table.column(name).to_pylist() for name in table.column_names]
    writer.writerows([csv_value(value) for value in row] for row in zip(*columns))
    return buffer.getvalue()


# --- DuckDB --------------------------------------------------------------------------------

def sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def allowed_of(field: pa_arrow.Field) -> tuple | None:
    allowed = (field.metadata or {}).get(b"allowed_values")
    return None if allowed is None else tuple(json.loads(allowed))


def enum_types(schemas: Mapping[str, pa_arrow.Schema]) -> dict[tuple, str]:
    """A named DuckDB ENUM per distinct list of allowed values, named after the first column having
    it (`grade` serves `force_grade` too); a list whose name is taken gets its table's name in front."""
    types: dict[tuple, str] = {}
    for table, schema in schemas.items():
        for field in schema:
            values = allowed_of(field)
            if values is not None and values not in types:
                types[values] = field.name if field.name not in types.values() else f"{table}_{field.name}"
    return types


def duckdb_type(field: pa_arrow.Field, enums: Mapping[tuple, str]) -> str:
    """DuckDB type of a column: allowed values are an ENUM (sorting in the model's order)."""
    if (values := allowed_of(field)) is not None:
        return sql_name(enums[values])
    kind = field.type.value_type if pa_arrow.types.is_dictionary(field.type) else field.type
    if pa_arrow.types.is_list(kind):
        return duckdb_type(pa_arrow.field("item", kind.value_type), enums) + "[]"
    names = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}
    return names[field_type(kind)]


def create_type_sql(name: str, values: tuple) -> str:
    return f"CREATE TYPE {sql_name(name)} AS ENUM (" + ", ".join(sql_text(value) for value in values) + ")"


def create_table_sql(table: str, schema: pa_arrow.Schema, key: list[str], enums: Mapping[tuple, str]) -> str:
    columns = [f"{sql_name(f.name)} {duckdb_type(f, enums)}{'' if f.nullable else ' NOT NULL'}" for f in schema]
    if key:
        columns.append("PRIMARY KEY (" + ", ".join(sql_name(name) for name in key) + ")")
    return f"CREATE TABLE {sql_name(table)} (\n  " + ",\n  ".join(columns) + "\n)"


def comment_sql(table: str, schema: pa_arrow.Schema, description: str) -> list[str]:
    """COMMENT statements carrying the table's and each column's description into DuckDB."""
    statements = [f"COMMENT ON TABLE {sql_name(table)} IS {sql_text(description)}"]
    for field in schema:
        text = (field.metadata or {}).get(b"description", b"").decode("utf-8")
        statements.append(f"COMMENT ON COLUMN {sql_name(table)}.{sql_name(field.name)} IS {sql_text(text)}")
    return statements


def grades_wide_sql(areas: list[str]) -> str:
    """The grades as the compendium prints them: a row per matrix row (cycle, force), a column per
    matrix column (area, in the order first printed) holding the printed cell."""
    cells = [f"max(grade_printed) FILTER (WHERE area_printed = {sql_text(area)}) AS {sql_name(name)}"
             for area, name in zip(areas, wide_column_names(areas))]
    return ("CREATE VIEW grades_wide AS\nSELECT cycle, force_printed,\n  " + ",\n  ".join(cells + ["source_file"])
            + "\nFROM grades\nGROUP BY source_file, cycle, force_printed\n"
            "ORDER BY source_file, cycle, min(rowid)")


def wide_column_names(areas: list[str], taken: tuple[str, ...] = ("cycle", "force_printed", "source_file")
                      ) -> list[str]:
    """A column name for each matrix column of `grades_wide`: its printed area, '(no area printed)'
    where a printing left its header cell empty, and a number after a name DuckDB would take for
    one already given (it ignores case), so that no printing stops the database being written."""
    used = {name.casefold() for name in taken}
    names = []
    for area in areas:
        base = area.strip() or "(no area printed)"
        name = next(candidate for candidate in (base, *(f"{base} ({k})" for k in range(2, len(areas) + 3)))
                    if candidate.casefold() not in used)
        used.add(name.casefold())
        names.append(name)
    return names


def current_views_sql(tables: Mapping[str, pa_arrow.Table], current: str | None) -> list[str]:
    """A `<table>_current` view of every table with an `edition` column: the rows of the current
    (latest) edition; all of them when no compendium printed an edition."""
    edition = sql_text(current) if current is not None else "NULL"
    statements = []
    for name in (name for name, table in tables.items() if "edition" in table.column_names):
        view = sql_name(f"{name}_current")
        statements += [f"CREATE VIEW {view} AS SELECT * FROM {sql_name(name)} WHERE edition IS NOT DISTINCT FROM {edition}",
                       f"COMMENT ON VIEW {view} IS {sql_text(f'{name} of the current edition ({current})')}"]
    return statements


def first_seen(values: list) -> list:
    """Distinct values in the order they first occur."""
    return list(dict.fromkeys(value for value in values if value is not None))


def write_duckdb(path: Path, tables: Mapping[str, pa_arrow.Table], models: Models, current: str | None = None) -> None:
    """A DuckDB database built from scratch: an ENUM type per list of allowed values, a table per
    output (key, NOT NULLs, comments), the `grades_wide` view and the `*_current` views of the
    current edition's rows."""
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
    enums = enum_types({name: table.schema for name, table in tables.items()})
    with duckdb.connect(str(path)) as con:
        con.execute("SET threads = 1")
        for values, name in enums.items():
            con.execute(create_type_sql(name, values))
        for name, table in tables.items():
            con.execute(create_table_sql(name, table.schema, primary_key(models[name]), enums))
            con.register("staged_table", table)
            con.execute(f"INSERT INTO {sql_name(name)} SELECT * FROM staged_table")
            con.unregister("staged_table")
            for statement in comment_sql(name, table.schema, table_description(models[name])):
                con.execute(statement)
        if "grades" in tables:
            con.execute(grades_wide_sql(first_seen(tables["grades"].column("area_printed").to_pylist())))
            con.execute("COMMENT ON VIEW grades_wide IS 'compendium grades matrices: one row per cycle and force, "
                        "one column per area, cells as printed'")
        for statement in current_views_sql(tables, current):
            con.execute(statement)
        con.execute("CHECKPOINT")


# --- everything ----------------------------------------------------------------------------

def write_bytes(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def write_package(folder: Path, frames: Mapping[str, pd.DataFrame], models: Models, current: str | None = None) -> None:
    """CSV mirrors, datapackage.json and peel.duckdb for every model with a frame, into `folder`
    (which must already hold each table's Parquet file, e.g. a `Staging` folder); `current` is the
    current edition, whose rows the `*_current` views show."""
    folder = Path(folder)
    tables = {name: to_arrow(frames[name], model) for name, model in models.items() if name in frames}
    for name, table in tables.items():
        write_bytes(folder / FORMATS["csv"][0].format(name=name), csv_text(table))
    write_duckdb(folder / DUCKDB_FILE, tables, models, current)
    descriptor = datapackage({name: table.schema for name, table in tables.items()}, models, folder)
    write_bytes(folder / "datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
