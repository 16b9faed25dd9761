"""The data dictionary: every published table's columns as Markdown, generated from schemas.MODELS.

    python -m pipeline.dictionary                    # print it
    python -m pipeline.dictionary --update README.md # rewrite the block between the markers
    python -m pipeline.dictionary --check README.md  # exit 1 if that block is out of date
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

import pandera.pandas as pa
import pyarrow as pa_arrow

from pipeline.package import constraints, foreign_keys, primary_key, table_description
from pipeline.publish import arrow_schema

START = "<!-- dictionary:start -->"
END = "<!-- dictionary:end -->"
MAX_LISTED = 8  # allowed values listed in the table up to this many; longer lists follow it
Models = Mapping[str, type[pa.DataFrameModel]]


def type_name(kind: pa_arrow.DataType) -> str:
    """Short Arrow type as Parquet readers report it: string, int64, date32, dictionary<int32, string>..."""
    if pa_arrow.types.is_dictionary(kind):
        return f"dictionary<{kind.index_type}, {kind.value_type}>"
    if pa_arrow.types.is_list(kind):
        return f"list<{type_name(kind.value_type)}>"
    return "date32" if kind == pa_arrow.date32() else str(kind)


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def allowed_text(name: str, found: dict, reference: str | None) -> str:
    """What a column may hold: its enum (or where it is listed), range or pattern."""
    parts = []
    if "enum" in found:
        values = found["enum"]
        if reference:
            parts.append(f"a `{reference}` ({len(values)} values)")
        elif len(values) <= MAX_LISTED:
            parts.append(", ".join(f"`{value}`" for value in values))
        else:
            parts.append(f"one of the {len(values)} `{name}` values listed below")
    if "minimum" in found:
        parts.append(f"≥ {found['minimum']}")
    if "maximum" in found:
        parts.append(f"≤ {found['maximum']}")
    if "pattern" in found:
        parts.append(f"matches `{found['pattern']}`")
    return "; ".join(parts)


def table_markdown(table: str, models: Models) -> str:
    """One table's section: heading, description, key, and a row per column."""
    model = models[table]
    columns = model.to_schema().columns
    key = primary_key(model)
    references = {ref["fields"][0]: f"{ref['reference']['resource']}.{ref['reference']['fields'][0]}"
                  for ref in foreign_keys(table, models)}
    description = table_description(model)
    lines = [f"### `{table}`", "", cell(description[:1].upper() + description[1:])]
    if key:
        lines[-1] += " Key: " + ", ".join(f"`{name}`" for name in key) + "."
    lines += ["", "| column | type | nullable | allowed values | description | key |", "|---|---|---|---|---|---|"]
    for field in arrow_schema(model):
        column = columns[field.name]
        marks = (["primary key"] if field.name in key else []) + \
            ([f"→ `{references[field.name]}`"] if field.name in references else [])
        lines.append(f"| `{field.name}` | {type_name(field.type)} | {'yes' if field.nullable else 'no'} "
                     f"| {cell(allowed_text(field.name, constraints(column), references.get(field.name)))} "
                     f"| {cell(column.description or '')} | {', '.join(marks)} |")
    return "\n".join(lines)


def long_lists(models: Models) -> dict[str, list]:
    """Allowed values too many for a table cell, by column name (first table's list wins), except
    those of a column that references another table (that table lists them)."""
    lists: dict[str, list] = {}
    for table, model in models.items():
        referencing = {ref["fields"][0] for ref in foreign_keys(table, models)}
        for name, column in model.to_schema().columns.items():
            values = constraints(column).get("enum", [])
            if len(values) > MAX_LISTED and name not in referencing:
                lists.setdefault(name, values)
    return lists


def markdown(models: Models) -> str:
    """The whole dictionary: a section per table in the models' order, then the long value lists."""
    intro = ("Generated from the Pandera models in `schemas/` by `python -m pipeline.dictionary`; "
             "edit the models, not this text.")
    sections = [intro] + [table_markdown(table, models) for table in models]
    for name, values in long_lists(models).items():
        sections.append(f"#### `{name}` values\n\n" + ", ".join(f"`{value}`" for value in values))
    return "\n\n".join(sections) + "\n"


def replace_block(text: str, block: str) -> str:
    """`text` with what lies between the dictionary markers replaced by `block`."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"no {START} ... {END} block")
    return text[: start + len(START)] + "\n" + block.rstrip("\n") + "\n" + text[end:]


def update_readme(path: Path | str, models: Models | None = None) -> bool:
    """Rewrite the dictionary block of the README at `path`; True if it changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    updated = replace_block(text, markdown(models if models is not None else default_models()))
    if updated != text:
        path.write_bytes(updated.encode("utf-8"))
    return updated != text


def readme_is_current(path: Path | str, models: Models | None = None) -> bool:
    text = Path(path).read_text(encoding="utf-8")
    return replace_block(text, markdown(models if models is not None else default_models())) == text


def default_models() -> Models:
    from schemas import MODELS
    return MODELS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.dictionary", description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--update", metavar="README", type=Path, help="rewrite the block between the markers")
    mode.add_argument("--check", metavar="README", type=Path, help="exit 1 if that block is out of date")
    args = parser.parse_args(argv)
    try:
        if args.update:
            print(f"{args.update}: {'updated' if update_readme(args.update) else 'already up to date'}")
        elif args.check:
            if not readme_is_current(args.check):
                print(f"{args.check}: data dictionary out of date; run `python -m pipeline.dictionary "
                      f"--update {args.check}`", file=sys.stderr)
                return 1
        else:
            sys.stdout.write(markdown(default_models()))
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
