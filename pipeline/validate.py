"""Validate: Pandera on every table (a row that breaks its schema holds back the document it
came from; an error no one document is to blame for blocks publication) and cross-table checks
(warnings: the document contradicting itself, published and reported).

Every finding is a plain dict with the same keys, so the JSON summary and the HTML report
can list them without knowing which check made them. Its `id` is made from the check and its
`subject` (the keys of what it is about: table, cycle, force, area, a digest of a row's text),
never from a file, page or row position, so a reviewer's decision on it (`pipeline.review`)
carries over to the next run and to another printing of the same document.
"""
from __future__ import annotations

import hashlib
import json
import re

import pandas as pd
import pandera.pandas as pa


FINDING_KEYS = ["id", "check", "severity", "table", "source_file", "cycle", "section", "force", "page", "message",
                "x0", "top", "x1", "bottom", "subject", "review", "decision"]  # review: new, acknowledged or corrected
SUBJECT_PLACE = ("table", "cycle", "section", "force")  # a finding's subject when its check names none

CHECKS = {
    "schema": ("error", "a value breaks its table's schema where no one document is to blame (reconciliation, "
                        "changes, forces, a whole column): nothing is published"),
    "document_held_back": ("error", "a document whose rows break their table's schema is held back (the other "
                                    "documents are published only with --keep-going)"),
    "held_back_row": ("error", "a row of a held-back document that breaks its table's schema (type, allowed values, "
                               "keys), pictured where it is printed"),
    "source_checksum": ("warning", "an input file differs from the sha256 in raw/sources.toml"),
    "duplicate_edition": ("warning", "a compendium file of the same edition as another file: only one of them (the one "
                                     "raw/sources.toml lists, else the first by name) is published"),
    "reissued_report": ("warning", "a report on the same force and cycle as another, later one (a corrected re-issue): "
                                   "only the later is published"),
    "claims_vs_rows": ("warning", "a section claims a different number of examples than its table holds"),
    "practice_grade_vs_matrix": ("warning", "a practice row gives a force a different grade than the grades matrix"),
    "duplicate_rows": ("warning", "the same practice is printed more than once in a table"),
    "force_missing": ("warning", "a practice row prints no force name"),
    "force_unmatched": ("warning", "a force name matches no police force of England and Wales"),
    "area_unmatched": ("warning", "an area or section name matches no PEEL inspection area"),
    "area_cut_short": ("warning", "an area name is printed cut short (its end, or each of its lines' last letters, lost, as past the page's edge): its rows "
                                  "take the area_id of the one PEEL inspection area it is the start of"),
    "report_internal": ("warning", "a report's judgments table and its area section disagree"),
    "announced_count": ("warning", "a report announces a different number of graded judgments than were read from "
                                   "its judgments table"),
    "report_vs_compendium": ("warning", "a report and the compendium give different grades"),
    "input_failed": ("error", "an input PDF could not be read (published only with --keep-going)"),
    "unknown_kind": ("warning", "an input PDF is neither the Policing Compendium nor a HMICFRS PEEL report: its tables "
                                "are published cell by cell in tables.parquet, as the general table reader finds them"),
    "unclaimed_table": ("warning", "a document of a known kind prints a table holding data that is none of its kind's "
                                   "tables (an annex, a header row unrecognised, rows a table was read short of): "
                                   "its cells are published in tables.parquet, as the general table reader finds them"),
    "coverage": ("warning", "text printed inside a table did not reach any published row"),
    "row_evidence": ("warning", "the printing leaves in doubt where some of a table's rows start (a gap between "
                                "lines within a hair of the table's row gap, and no rule to decide): those lines "
                                "were read by the gap, and a row there may be split or joined wrongly"),
    "off_page": ("warning", "a table runs off its page (rules reach the edge, words run past it), where nothing is "
                            "printed: what is there is read as the file holds it, but a column may be missing or "
                            "incomplete"),
    "blank_past_edge": ("warning", "a table's column runs past its page's edge and some of its cells are blank: what "
                                   "they held may lie off the page, not in the file; they are published blank (a "
                                   "grades matrix's blank cell as ungraded)"),
    "unreadable_text": ("warning", "a value holds a glyph the PDF gives no text for (shown as \ufffd)"),
    "review_entry": ("error", "an entry of raw/review.toml that cannot be applied (unknown finding id, unknown "
                              "column, a value that breaks the schema): nothing is published"),
}
# built from every document, or from none: no one document's rows
SHARED_TABLES = ("reconciliation", "changes", "forces", "corrections")
KEEP_GOING_CHECKS = ("input_failed", "document_held_back", "held_back_row")  # one input left out, not the run


def coverage_findings(coverage: pd.DataFrame, documents: dict[str, str]) -> list[dict]:
    """`documents` names each file by what it is (`document_names`), so a finding's id holds for every printing."""
    short = coverage[coverage["coverage"] < 1.0]
    return [finding("coverage", f"{row.source_file}: {row.coverage:.2%} of the text in its {row.table} tables reached "
                                f"the published rows; not found: '{row.lost_text[:300]}'",
                    {"table": row.table, "document": documents.get(row.source_file, row.source_file)},
                    table=row.table, source_file=row.source_file, page=row.page)
            for row in short.itertuples(index=False)]


def off_page_findings(off_page: pd.DataFrame, documents: dict[str, str]) -> list[dict]:
    """One finding per document with a table that runs off its page (`coverage.off_page_beside_tables`:
    words past the page's edge or outside it, rules that reach it, words that touch it): what is off
    the page is read as the file holds it, but nothing is printed there, and a printer that drew the
    page again may have kept only part of it, or none."""
    findings = []
    for source_file, items in off_page.groupby("source_file", sort=True):
        words = items[items["kind"] == "word"]
        outside = int(words["outside"].astype(bool).sum())
        touching = int((items["kind"] == "edge").sum())
        shown = items[items["kind"] != "rule"]
        examples = f" ({', '.join(repr(text) for text in pd.unique(shown['text'])[:5])})" if len(shown) else ""
        findings.append(finding(
            "off_page", f"{source_file}: a table runs off page(s) {', '.join(map(str, sorted(set(items['page']))))}: "
                        f"{int((items['kind'] == 'rule').sum())} of its rules reach the edge, {len(words) - outside} "
                        f"word(s) run past it, {outside} lie wholly outside, {touching} touch it{examples}. What is "
                        f"off the page is read as the file holds it, though not printed: a column there may be "
                        f"missing or incomplete.",
            {"document": documents.get(source_file, source_file)}, source_file=source_file,
            page=int(items["page"].min())))
    return findings


def row_evidence_findings(doubts: pd.DataFrame, documents: dict[str, str]) -> list[dict]:
    """One finding per table whose rows the printing leaves in doubt (`steps.extract_cells`),
    naming the doubtful lines: the reader does not guess silently."""
    findings = []
    for (source_file, kind, cycle, section), lines in doubts.groupby(
            ["source_file", "kind", "cycle", "section"], dropna=False, sort=False):
        first = lines.iloc[0]
        examples = "; ".join(f"p. {row.page} '{row.text[:60]}' ({row.gap:g} pt)" for row in lines.head(3).itertuples())
        findings.append(finding(
            "row_evidence",
            f"{source_file}: in its {kind} table ({section if isinstance(section, str) else 'no section'}), "
            f"{len(lines)} line(s) open a row or carry on the one above by a gap within a hair of the table's "
            f"row gap threshold ({first.threshold:g} pt), with no rule to decide: {examples}",
            {"document": documents.get(source_file, source_file), "table": kind, "cycle": comparable(cycle),
             "section": comparable(section)},
            table=kind, source_file=source_file, cycle=cycle, section=section, page=int(first.page),
            top=float(first.top)))
    return findings


def blank_past_edge_findings(blanks: pd.DataFrame, documents: dict[str, str]) -> list[dict]:
    """One finding per table column that runs past its pages' edge with blank cells
    (`coverage.blank_cells_past_edge`), naming their rows: a blank there may be a cell whose text
    the printing left off the page, not a blank cell."""
    findings = []
    for (source_file, kind, cycle, section, header), parts in blanks.groupby(
            ["source_file", "kind", "cycle", "section", "header"], dropna=False, sort=False):
        labels = "; ".join(parts["labels"])
        findings.append(finding(
            "blank_past_edge",
            f"{source_file}: the column '{header}' of its {kind} table "
            f"({section if isinstance(section, str) else 'no section'}) runs past the edge of page(s) "
            f"{', '.join(map(str, sorted(set(parts['page']))))}, and {int(parts['blank'].sum())} of its cells there "
            f"are blank ({labels[:300]}): what they held may lie off the page. They are published blank.",
            {"document": documents.get(source_file, source_file), "table": kind, "cycle": comparable(cycle),
             "section": comparable(section), "column": comparable(header)},
            table=kind, source_file=source_file, cycle=cycle, section=section, page=int(parts["page"].min())))
    return findings


def is_blocking(check: str, severity: str) -> bool:
    """An error stops publication, except one that leaves out a single input, which --keep-going publishes around."""
    return severity == "error" and check not in KEEP_GOING_CHECKS


def finding(check: str, message: str, subject: dict | None = None, **where) -> dict:
    """A finding of `check`; `subject` is what it is about (by default its table, cycle, section and force)."""
    severity = CHECKS[check][0]
    record = {key: None for key in FINDING_KEYS}
    record.update(check=check, severity=severity, message=message, review="new")
    record.update({key: value for key, value in where.items() if key in record})
    for key, value in record.items():
        if key != "message" and isinstance(value, float) and pd.isna(value):
            record[key] = None
    if subject is None:
        subject = {key: comparable(record[key]) for key in SUBJECT_PLACE}
    record["subject"] = {key: value for key, value in subject.items() if present(value)}
    record["id"] = finding_id(check, record["subject"])
    return record


def finding_id(check: str, subject: dict) -> str:
    """'check:digest' of the check and its subject: the same wherever and whenever the finding recurs."""
    text = json.dumps({"check": check, **subject}, sort_keys=True, ensure_ascii=False, default=str)
    return f"{check}:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"


def present(value) -> bool:
    """Not None, NaN or pandas NA."""
    if isinstance(value, (str, dict, list)):
        return True
    return value is not None and not pd.isna(value)


def comparable(text) -> str | None:
    """Text as two printings of it compare: case, spacing, hyphenation and punctuation dropped."""
    if not present(text):
        return None
    return re.sub(r"\W+", "", str(text).casefold()) or None


def digest(*texts) -> str | None:
    """A short digest of some text, for a subject with no key but its words (a practice row)."""
    joined = "|".join(comparable(text) or "" for text in texts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12] if joined.strip("|") else None


def row_subject(table: str, row) -> dict:
    """What a table row is about: its table, cycle, force and area (canonical ids, else the printed names),
    version label, and a digest of a practice's objective and detail; never its file, page or position."""
    get = row.get if isinstance(row, dict) else (lambda key, default=None: getattr(row, key, default))

    def first(*columns):
        return next((get(column) for column in columns if present(get(column))), None)
    subject = {"table": table, "cycle": get("cycle"), "force": first("force_id") or comparable(get("force_printed")),
               "area": first("area_id") or comparable(first("area_printed", "section")),
               "version": comparable(get("version")), "text": digest(get("objective"), get("detail"))}
    return {key: value for key, value in subject.items() if present(value)}


def located_at(row) -> dict:
    """The provenance keys of a table row, for a finding about it."""
    get = row.get if isinstance(row, dict) else (lambda key, default=None: getattr(row, key, default))
    return {
        "source_file": get("source_file"), "cycle": get("cycle"), "section": get("section"),
        "force": get("force_printed"), "page": get("page", get("page_first")),
        "x0": get("x0"), "top": get("top"), "x1": get("x1"), "bottom": get("bottom"),
    }


def validate_table(name: str, frame: pd.DataFrame, model: type[pa.DataFrameModel]) -> tuple[pd.DataFrame, list[dict]]:
    """The table coerced to its schema, and the findings of every failing value (all collected, not the first)."""
    try:
        return model.validate(frame, lazy=True), []
    except pa.errors.SchemaErrors as errors:
        return frame, schema_findings(name, frame, errors.failure_cases)


def schema_findings(name: str, frame: pd.DataFrame, cases: pd.DataFrame) -> list[dict]:
    """One finding per offending row, with all its reasons and the row's place in its PDF, so a reviewer
    sees the row; one per failure of a whole column, which no row can show."""
    findings = []
    for index, row_cases in cases[cases["index"].notna()].groupby("index", sort=True):
        row = frame.loc[index].to_dict() if index in frame.index else {}
        findings.append(finding("schema", "; ".join(row_reasons(name, row_cases)), row_subject(name, row),
                                table=name, **located_at(row)))
    for case in cases[cases["index"].isna()].itertuples(index=False):
        findings.append(finding("schema", f"{failing_column(name, case)}: check '{case.check}' failed for the "
                                          f"whole column ({case.failure_case})",
                                {"table": name, "column": failing_column(name, case), "rule": str(case.check)},
                                table=name))
    return findings


def row_reasons(name: str, row_cases: pd.DataFrame) -> list[str]:
    """What is wrong with one row, each reason once (a value that cannot be coerced fails two checks);
    a repeated key is one reason, however many columns the key has."""
    repeated = row_cases["check"].astype(str).str.endswith("uniqueness")
    reasons = [failure_reason(name, case) for case in row_cases[~repeated].itertuples(index=False)]
    if repeated.any():
        key = ", ".join(dict.fromkeys(row_cases.loc[repeated, "column"]))
        reasons.append(f"{name} has another row with the same {key}")
    return list(dict.fromkeys(reasons))


def failing_column(name: str, case) -> str:
    """'table.column', or the table's name for a check on the whole table."""
    return f"{name}.{case.column}" if isinstance(case.column, str) else name


def failure_reason(name: str, case) -> str:
    """A Pandera failure case in words: 'grades.status is null', "report_grades.grade is 'Excellent', not an
    allowed value"."""
    column = failing_column(name, case)
    check, _, argument = str(case.check).partition("(")
    argument = argument.rstrip(")").strip("'")
    value = case.failure_case
    if check == "not_nullable":
        return f"{column} is null"
    if check == "isin":
        return f"{column} is {value!r}, not an allowed value"
    if check == "str_matches":
        return f"{column} is {value!r}, not of the form {argument}"
    if check == "greater_than_or_equal_to":
        return f"{column} is {value!r}, less than {argument}"
    if check in ("coerce_dtype", "dtype"):
        return f"{column} is {value!r}, not of type {argument}"
    return f"{column}: check '{case.check}' failed for value {value!r}"


def blame_documents(schema: list[dict]) -> dict[str, list[dict]]:
    """The schema findings about one document's rows, by document, as `held_back_row` findings; a
    finding in a shared table or about a whole column blames no document."""
    rows: dict[str, list[dict]] = {}
    for item in schema:
        if item["table"] not in SHARED_TABLES and item["source_file"] is not None:
            rows.setdefault(item["source_file"], []).append(
                {**item, "check": "held_back_row", "id": finding_id("held_back_row", item["subject"])})
    return rows


def held_back_findings(rows_by_document: dict[str, list[dict]]) -> list[dict]:
    """Per held-back document, a finding naming it and the first reason, then its rows."""
    findings = []
    for document, rows in rows_by_document.items():
        tables = " and ".join(dict.fromkeys(row["table"] for row in rows))
        breaks = "1 row breaks" if len(rows) == 1 else f"{len(rows)} rows break"
        findings.append(finding("document_held_back", f"{document}: held back, {breaks} the schema of {tables} "
                                                      f"({rows[0]['message']})", {"file": document},
                                source_file=document))
        findings += rows
    return findings


def document_names(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Each file by the document it is, the same for every printing: the compendium by its edition,
    a report by its cycle and force."""
    names = {}
    for name, frame in tables.items():
        if "edition" in frame:
            names.update(zip(frame["source_file"], "compendium " + frame["edition"].astype(str)))
        elif name.startswith("report_") and len(frame):
            names.update(zip(frame["source_file"], "report " + frame["cycle"].astype(str) + " "
                             + frame["force_id"].astype(str)))
    return names


def summarise(findings: list[dict]) -> list[dict]:
    """One entry per check: severity, pass/fail, count and its findings (without geometry)."""
    out = []
    for check, (severity, description) in CHECKS.items():
        mine = [{k: v for k, v in f.items() if k not in ("x0", "top", "x1", "bottom", "check", "severity")}
                for f in findings if f["check"] == check]
        out.append({"name": check, "severity": severity, "description": description,
                    "status": "pass" if not mine else "fail", "count": len(mine), "findings": mine})
    return out
