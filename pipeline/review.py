"""Review: a reviewer's decisions on findings, kept in `raw/review.toml` and applied on every run.

One entry per decision, naming a finding by its stable id (`validate.finding_id`): `acknowledge`
(seen; the document is wrong here, or it does not matter) or `correct` (give a column of the row the
finding is about another value: the force of a row that prints none, a misprinted grade). Corrections
change only a column with a `*_printed` sibling, which keeps what was printed, and each changed value
is a row of the `corrections` table. An entry whose finding no longer occurs is stale: reported, not
applied. A bad entry is an error of one line, and nothing is published while there is one.
"""
from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline import validate
from pipeline.sources import REVIEW_FILE
from schemas import MODELS

DECISIONS = ("acknowledge", "correct")
REQUIRED = ("finding", "decision", "reason", "who", "when")
CORRECTION = ("column", "value")
ID_FORM = re.compile(r"^([a-z_]+):[0-9a-f]{12}$")


@dataclass(frozen=True)
class Entry:
    number: int  # 1-based place in the review file, for messages
    finding: str
    decision: str
    reason: str
    who: str
    when: str
    column: str | None = None  # 'table.column', for a correction
    value: str | None = None

    def name(self) -> str:
        return f"{REVIEW_FILE} entry {self.number} ({self.finding})"


def read_review(raw_dir: Path) -> tuple[list[Entry], list[str]]:
    """The review file's entries, and one error line per bad entry; no file, no entries."""
    path = raw_dir / REVIEW_FILE
    if not path.exists():
        return [], []
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return [], [f"{path}: not a valid TOML file ({error})"]
    unknown = sorted(set(document) - {"entry"})
    errors = [f"{path}: unknown table or key {', '.join(unknown)} (entries are [[entry]] tables)"] if unknown else []
    raw_entries = document.get("entry", [])
    if not isinstance(raw_entries, list):
        return [], errors + [f"{path}: entries must be [[entry]] tables"]
    entries = []
    for number, raw in enumerate(raw_entries, start=1):
        problem = entry_problem(raw)
        if problem:
            errors.append(f"{REVIEW_FILE} entry {number} ({raw.get('finding', 'no finding id')}): {problem}")
        else:
            entries.append(Entry(number, **{key: str(value) for key, value in raw.items()}))
    return entries, errors + repeated_findings(entries)


def entry_problem(raw: dict) -> str | None:
    """What is wrong with one entry as written, or None."""
    unknown = sorted(set(raw) - set(REQUIRED) - set(CORRECTION))
    missing = [key for key in REQUIRED if not str(raw.get(key, "")).strip()]
    if unknown:
        return f"unknown field {', '.join(unknown)} (an entry has {', '.join(REQUIRED + CORRECTION)})"
    if missing:
        return f"missing {', '.join(missing)}"
    form = ID_FORM.match(str(raw["finding"]))
    if not form or form.group(1) not in validate.CHECKS:
        return "unknown finding id (ids are printed by `python -m pipeline review`, e.g. 'force_missing:1a2b3c4d5e6f')"
    if not isinstance(raw["when"], (str, datetime.date)):
        return f"when is {raw['when']!r}, not a date"
    if raw["decision"] not in DECISIONS:
        return f"decision is {raw['decision']!r}, not one of {', '.join(DECISIONS)}"
    if raw["decision"] == "acknowledge":
        return "an acknowledgement has no column or value" if set(CORRECTION) & set(raw) else None
    if not all(key in raw for key in CORRECTION):
        return "a correction needs a column ('table.column') and a value"
    return correction_problem(str(raw["column"]), raw["value"])


def correctable(table: str) -> dict[str, str]:
    """The columns of a table a correction may change, each with the column that keeps its printed value
    (force_id and force_printed, grade and grade_printed)."""
    if table not in MODELS or table in validate.SHARED_TABLES:
        return {}
    columns = MODELS[table].to_schema().columns
    return {name: printed for name in columns for printed in (f"{name}_printed", f"{name.removesuffix('_id')}_printed")
            if printed in columns and printed != name}


def correction_problem(column: str, value) -> str | None:
    """Why `value` cannot go into `column` ('table.column'), or None: unknown column, or a value its schema refuses."""
    table, _, name = column.partition(".")
    if name not in correctable(table):
        known = ", ".join(f"{t}.{c}" for t in MODELS for c in correctable(t))
        return f"unknown column {column!r} (a correction may change {known})"
    schema = pa.DataFrameSchema({name: MODELS[table].to_schema().columns[name]})
    try:
        schema.validate(pd.DataFrame({name: [value]}), lazy=True)
    except pa.errors.SchemaErrors as errors:
        case = next(errors.failure_cases.itertuples(index=False))
        return f"the value breaks the schema: {validate.failure_reason(table, case)}"
    return None


def repeated_findings(entries: list[Entry]) -> list[str]:
    """A finding takes one decision: a second entry for it is an error."""
    first: dict[str, Entry] = {}
    errors = []
    for entry in entries:
        if entry.finding in first:
            errors.append(f"{entry.name()}: the finding already has entry {first[entry.finding].number}")
        first.setdefault(entry.finding, entry)
    return errors


def with_decisions(findings: list[dict], entries: list[Entry]) -> list[dict]:
    """Each finding marked new, acknowledged or corrected, with the decision taken on it."""
    by_id = {entry.finding: entry for entry in entries}
    marked = []
    for item in findings:
        entry = by_id.get(item["id"])
        status = "new" if entry is None else "corrected" if entry.decision == "correct" else "acknowledged"
        marked.append({**item, "review": status, "decision": None if entry is None else decision_of(entry)})
    return marked


def decision_of(entry: Entry) -> dict:
    return {key: value for key, value in asdict(entry).items() if value is not None}


def stale(entries: list[Entry], findings: list[dict]) -> list[Entry]:
    """Entries whose finding does not occur in this run (fixed in the document, or a check that changed)."""
    occurring = {item["id"] for item in findings}
    return [entry for entry in entries if entry.finding not in occurring]


def apply_corrections(tables: dict[str, pd.DataFrame], entries: list[Entry],
                      findings: list[dict]) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, list[str]]:
    """The tables with every correction whose finding occurs applied to the rows the finding is about,
    the `corrections` rows saying what changed, and an error line per correction that fits no row."""
    subjects = {item["id"]: item["subject"] for item in findings}
    corrected = dict(tables)
    changed, errors = [], []
    for entry in entries:
        if entry.decision != "correct" or entry.finding not in subjects:
            continue
        table, _, column = entry.column.partition(".")
        frame = corrected[table]
        rows = rows_about(frame, table, subjects[entry.finding])
        if not rows.any():
            errors.append(f"{entry.name()}: the finding is not about a row of {table}, so {entry.column} cannot be "
                          f"corrected through it")
            continue
        changed.append(correction_rows(frame[rows], entry, table, column))
        corrected[table] = frame.assign(**{column: frame[column].astype(object).where(~rows, entry.value)})
    columns = list(MODELS["corrections"].to_schema().columns)
    return corrected, pd.concat(changed, ignore_index=True) if changed else pd.DataFrame(columns=columns), errors


def rows_about(frame: pd.DataFrame, table: str, subject: dict) -> pd.Series:
    """The rows of `table` a finding's subject names: it holds all of the row's own subject (a practice row,
    or the grade cell of its force and area), or, for a finding about that same table, the row's subject
    holds all of it (a force name that matches no force: every row of the table printing it)."""
    wanted = {key: value for key, value in subject.items() if key != "table"}
    same_table = subject.get("table") == table

    def named(row: dict) -> bool:
        own = {key: value for key, value in validate.row_subject(table, row).items() if key != "table"}
        return bool(own) and bool(wanted) and (own.items() <= wanted.items()
                                               or (same_table and wanted.items() <= own.items()))
    return pd.Series([named(row) for row in frame.to_dict("records")], index=frame.index, dtype=bool)


def correction_rows(rows: pd.DataFrame, entry: Entry, table: str, column: str) -> pd.DataFrame:
    """The `corrections` rows of one entry: the value before and after, the printed one, and the entry's why."""
    printed_column = correctable(table)[column]

    def text(series: pd.Series) -> pd.Series:
        return series.astype(object).where(series.notna(), None).map(lambda value: value if value is None else str(value))
    return pd.DataFrame({
        "finding_id": entry.finding, "table": table, "column": column, "printed_column": printed_column,
        "printed": text(rows[printed_column]), "value_before": text(rows[column]), "value_after": entry.value,
        "reason": entry.reason, "who": entry.who, "when": entry.when, "cycle": rows["cycle"],
        "source_file": rows["source_file"],
    }).reset_index(drop=True)


def review_summary(findings: list[dict], entries: list[Entry], corrections: pd.DataFrame) -> dict:
    """The headline of the review: findings new and acknowledged (corrected ones among them), stale entries."""
    counts = {status: sum(1 for item in findings if item["review"] == status)
              for status in ("new", "acknowledged", "corrected")}
    old = stale(entries, findings)
    return {"file": REVIEW_FILE if entries else None, "entries": len(entries), "new": counts["new"],
            "acknowledged": counts["acknowledged"] + counts["corrected"], "corrected": counts["corrected"],
            "stale": len(old), "stale_entries": [decision_of(entry) for entry in old],
            "values_corrected": len(corrections)}


def pasteable(findings: list[dict], today: datetime.date) -> str:
    """The open (new) findings as review entries to paste into raw/review.toml, one per finding id."""
    open_findings = {item["id"]: item for item in findings if item["review"] == "new"}
    blocks = [f"# {item['check']}: {' '.join(str(item['message']).split())}\n"
              f"[[entry]]\nfinding = \"{finding_id}\"\ndecision = \"acknowledge\"\nreason = \"\"\n"
              f"who = \"\"\nwhen = {today.isoformat()}\n"
              for finding_id, item in open_findings.items()]
    return "\n".join(blocks)
