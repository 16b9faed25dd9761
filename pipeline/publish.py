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
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.parquet as pq

ARROW_TYPES = {
    "str": pa_arrow.string(), "string": pa_arrow.string(), "string[pyarrow]": pa_arrow.string(),
    "int64": pa_arrow.int64(), "Int64": pa_arrow.int64(), "float64": pa_arrow.float64(),
    "bool": pa_arrow.bool_(), "date": pa_arrow.date32(),
}


def arrow_type(dtype) -> pa_arrow.DataType:
    name = str(dtype)
    if name in ARROW_TYPES:
        return ARROW_TYPES[name]
    if getattr(dtype, "type", None) is datetime.date:
        return pa_arrow.date32()
    raise TypeError(f"no Arrow type for Pandera dtype {name}")


def arrow_schema(model: type[pa.DataFrameModel]) -> pa_arrow.Schema:
    """The Parquet schema of a table: column order, types, nullability and descriptions from its model."""
    fields = []
    for name, column in model.to_schema().columns.items():
        metadata = {"description": column.description or ""}
        fields.append(pa_arrow.field(name, arrow_type(column.dtype), nullable=column.nullable, metadata=metadata))
    return pa_arrow.schema(fields, metadata={"table": model.__name__})


def to_arrow(frame: pd.DataFrame, model: type[pa.DataFrameModel]) -> pa_arrow.Table:
    schema = arrow_schema(model)
    columns = [frame[name] if name in frame else pd.Series([None] * len(frame)) for name in schema.names]
    arrays = [pa_arrow.array(column.astype(object).where(column.notna(), None).tolist(), type=field.type)
              for column, field in zip(columns, schema)]
    return pa_arrow.Table.from_arrays(arrays, schema=schema)


def write_parquet(table: pa_arrow.Table, path: Path) -> None:
    """Deterministic Parquet: no timestamps, fixed compression, one row group."""
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
