"""The one place that says what each document kind and table kind is.

A table kind names its output table, says how its header row is recognised among the tables the
general reader finds (`kind_tables`), which of its columns start a new logical row and how its
logical rows become tidy rows; the published
table's columns and checks are its Pandera model, `schemas.MODELS[table]`. Adding a table kind
or a source document means an entry here, its tidy function and, for a new output, a model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from pipeline import canonical, clean, reports
from pipeline.grades import GRADES


@dataclass(frozen=True)
class TableKind:
    name: str  # what the table is
    table: str  # the published table its rows go to (`<table>.parquet`); several kinds may share one
    header_pattern: re.Pattern  # matches its header row's cells read left to right (`kind_tables.header_rows`)
    key_columns: tuple[int, ...]  # a row whose cells here are empty or lowercase continues the row above
    tidy: Callable[[pd.DataFrame], pd.DataFrame]  # logical rows → published rows
    stacked: bool = False  # cells stack several entries, one per paragraph, each its own row
    key_cut_by_break: Callable[[str, str], bool] | None = None  # (first key cell above a page break, the one
    #   below) → whether the break cut one entry in two ('Greater Manchester' / 'Police (Adequate)')


Tables = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class DocumentKind:
    name: str  # the manifest's `kind`
    title_pattern: re.Pattern  # recognises the document from the text of its first pages
    tables: tuple[TableKind, ...]
    derive: Callable[[pd.DataFrame, tuple[str, ...], Tables], Tables]  # (section texts, first page's lines, tables)
    # → tables from running text
    known_words: Callable[[], frozenset[str]] = frozenset  # words its documents print, printed here or not


def grade_levels_row() -> re.Pattern:
    """A header row of nothing but two or more grade levels: a level no area was given is left
    out of the layout, so no one level may be required; 'Requires' may wrap before 'improvement'."""
    level = "|".join(r"\s+".join(grade.split()[:1]) + "".join(rf"(?:\s+{word})?" for word in grade.split()[1:])
                     for grade in GRADES)
    return re.compile(rf"^(?:(?:{level})\b\s*){{2,}}$", re.IGNORECASE)


def _kinds() -> tuple[DocumentKind, ...]:
    grades = TableKind(
        name="grades_matrix",
        table="grades",
        header_pattern=re.compile(r"^(constabulary|force)\s+name\b", re.IGNORECASE),
        key_columns=(0,),
        tidy=clean.tidy_grades,
        key_cut_by_break=clean.force_cut_by_break,
    )
    practices = TableKind(
        name="practices",
        table="practices",
        header_pattern=re.compile(r"^force\s*\(grading\)\s+objective\s+detail\s+outcome\b", re.IGNORECASE),
        key_columns=(0, 1),
        tidy=clean.tidy_practices,
        key_cut_by_break=clean.force_cut_by_break,
    )
    versions = TableKind(
        name="version_history",
        table="versions",
        header_pattern=re.compile(r"^version\b.*\bdate\b.*\bupdates?\b", re.IGNORECASE),
        key_columns=(0,),
        tidy=clean.tidy_versions,
    )
    compendium = DocumentKind(
        name="compendium",
        title_pattern=re.compile(r"policing\s+compendium\s+of\s+operational\s+practice", re.IGNORECASE),
        tables=(grades, practices, versions),
        derive=clean.derive_compendium_tables,
        known_words=canonical.reference_words,
    )
    judgments_by_grade = TableKind(
        name="judgments_by_grade",
        table="report_grades",
        header_pattern=grade_levels_row(),
        key_columns=(),
        tidy=reports.tidy_judgments_by_grade,
        stacked=True,
    )
    judgments_by_area = TableKind(
        name="judgments_by_area",
        table="report_grades",
        header_pattern=re.compile(r"^(area|inspection area|area of policing|judgment area)s?\s+(grade|rating|judgment)\b",
                                  re.IGNORECASE),
        key_columns=(0,),
        tidy=reports.tidy_judgments_by_area,
    )
    report = DocumentKind(
        name="hmicfrs_report",
        title_pattern=re.compile(r"\bPEEL\b.*\ban? inspection of\b", re.IGNORECASE),
        tables=(judgments_by_grade, judgments_by_area),
        derive=reports.derive_report_tables,
        known_words=canonical.reference_words,
    )
    return (compendium, report)


DOCUMENT_KINDS: tuple[DocumentKind, ...] = _kinds()


def recognise(first_pages_text: str) -> DocumentKind | None:
    """The document kind whose title appears in the first pages' text, if any."""
    for kind in DOCUMENT_KINDS:
        if kind.title_pattern.search(" ".join(first_pages_text.split())):
            return kind
    return None
