"""Publish: typed Parquet files whose Arrow schema is generated from the Pandera models.

Everything is written into a staging folder first and moved into place only when all of it
was written, so a failed run never leaves a half-updated `extracted/`.
"""
from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
import typing
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.parquet as pq

ARROW_TYPES = {
    "str": pa_arrow.string(), "string": pa_arrow.string(), "string[pyarrow]": pa_arrow.string(),
    "int64": pa_arrow.int64(), "Int64": pa_arrow.int64(), "float64": pa_arrow.float64(),
    "bool": pa_arrow.bool_(), "date": pa_arrow.date32(), "int": pa_arrow.int64(), "float": pa_arrow.float64(),
}
ENUM_TYPE = pa_arrow.dictionary(pa_arrow.int32(), pa_arrow.string())
# Strings dictionary-encoded although their model lists no allowed values (few distinct values,
# repeated on every row). A model can ask for the same with `pa.Field(metadata={"dictionary": True})`.
DICTIONARY_COLUMNS = frozenset({"cycle"})


def arrow_type(dtype) -> pa_arrow.DataType:
    """The Arrow type of a Pandera dtype; `list[str]` (a Python generic) becomes list<string>."""
    name = str(dtype)
    if name in ARROW_TYPES:
        return ARROW_TYPES[name]
    if getattr(dtype, "type", None) is datetime.date:
        return pa_arrow.date32()
    generic = getattr(dtype, "generic_type", None)
    if typing.get_origin(generic) is list and len(typing.get_args(generic)) == 1:
        item = arrow_type(typing.get_args(generic)[0].__name__)
        return pa_arrow.list_(pa_arrow.field("element", item))  # Parquet's name for list items
    raise TypeError(f"no Arrow type for Pandera dtype {name} (a list column is declared Series[list[str]])")


def allowed_values(column: pa.Column) -> list | None:
    """The values an `isin` check allows, in the model's order; None without such a check."""
    for check in column.checks:
        if check.name == "isin":
            return list(check.statistics["allowed_values"])
    return None


def is_dictionary(name: str, column: pa.Column) -> bool:
    """Strings with a closed set of values (an `isin` check), `cycle`, or a column whose metadata asks."""
    wanted = allowed_values(column) is not None or name in DICTIONARY_COLUMNS or \
        bool((column.metadata or {}).get("dictionary"))
    return wanted and arrow_type(column.dtype) == pa_arrow.string()


def arrow_field(name: str, column: pa.Column) -> pa_arrow.Field:
    """One column: type, nullability, and its description and allowed values as field metadata."""
    metadata = {"description": column.description or ""}
    allowed = allowed_values(column)
    if allowed is not None:
        metadata["allowed_values"] = json.dumps(allowed, ensure_ascii=False)
    kind = ENUM_TYPE if is_dictionary(name, column) else arrow_type(column.dtype)
    return pa_arrow.field(name, kind, nullable=column.nullable, metadata=metadata)


def arrow_schema(model: type[pa.DataFrameModel]) -> pa_arrow.Schema:
    """The Parquet schema of a table: column order, types, nullability, descriptions and allowed
    values, all from its model (the one generator: CSV, Data Package and DuckDB outputs follow it)."""
    fields = [arrow_field(name, column) for name, column in model.to_schema().columns.items()]
    return pa_arrow.schema(fields, metadata={"table": model.__name__})


def dictionary_array(values: list, field: pa_arrow.Field) -> pa_arrow.DictionaryArray:
    """Values as indices into a fixed dictionary: the allowed values in the model's order, or else
    the distinct values sorted, so equal data always gives equal bytes."""
    metadata = field.metadata or {}
    if b"allowed_values" in metadata:
        dictionary = json.loads(metadata[b"allowed_values"])
    else:
        dictionary = sorted({value for value in values if value is not None})
    index = {value: position for position, value in enumerate(dictionary)}
    unknown = sorted({value for value in values if value is not None and value not in index})
    if unknown:
        raise ValueError(f"{field.name}: values outside the allowed ones: {unknown[:5]}")
    indices = pa_arrow.array([None if value is None else index[value] for value in values], type=pa_arrow.int32())
    return pa_arrow.DictionaryArray.from_arrays(indices, pa_arrow.array(dictionary, type=pa_arrow.string()))


def to_arrow(frame: pd.DataFrame, model: type[pa.DataFrameModel]) -> pa_arrow.Table:
    """A validated frame as an Arrow table of exactly `arrow_schema(model)`; absent columns are null."""
    schema = arrow_schema(model)
    arrays = []
    for field in schema:
        column = frame[field.name] if field.name in frame else pd.Series([None] * len(frame), dtype=object)
        values = column.astype(object).where(column.notna(), None).tolist()
        if pa_arrow.types.is_dictionary(field.type):
            arrays.append(dictionary_array(values, field))
        else:
            arrays.append(pa_arrow.array(values, type=field.type))
    return pa_arrow.Table.from_arrays(arrays, schema=schema)


def write_parquet(table: pa_arrow.Table, path: Path) -> None:
    """Deterministic Parquet: fixed compression, one row group, no timestamps. Besides the data the
    file holds only the Arrow schema (ARROW:schema, our `table` key) and `created_by` ("parquet-cpp-arrow
    version X"), so its bytes change only with the data or the pinned pyarrow."""
    pq.write_table(table, path, compression="zstd", write_statistics=True, store_schema=True,
                   row_group_size=max(1, table.num_rows))


class Staging:
    """A staging folder next to the output folder; `commit` moves its files into place."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.out_dir.parent))

    def write_table(self, name: str, frame: pd.DataFrame, model: type[pa.DataFrameModel]) -> None:
        write_parquet(to_arrow(frame, model), self.path / f"{name}.parquet")

    def write_json(self, relative: str, payload: dict) -> None:
        path = self.path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")

    def write_text(self, relative: str, text: str) -> None:
        path = self.path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self) -> None:
        """Move every staged file into the output folder (each move is an atomic rename)."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for source in sorted(self.path.rglob("*")):
            if source.is_file():
                target = self.out_dir / source.relative_to(self.path)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
