"""Clean: from logical rows (`stitch.py`) to each table kind's tidy rows, and the tables derived
from them and from the running text (claims, canonical ids, the reconciliation of grades).
"""
from __future__ import annotations

import re

import pandas as pd

from pipeline import canonical, editions
from pipeline.grades import grade_status, normalise_grade
from pipeline.pdf.text import join_wrapped, sentences


def tidy_grades(rows: pd.DataFrame) -> pd.DataFrame:
    """Wide matrix rows (force × areas) → one row per force × area."""
    out = []
    for row in rows.itertuples(index=False):
        for area, printed in zip(row.header[1:], row.cells[1:]):
            out.append({
                "cycle": row.cycle, "force_printed": row.cells[0] or None, "area_printed": area,
                "grade_printed": printed, "grade": normalise_grade(printed), "status": grade_status(printed),
                "page": row.page_first, "table": row.table, "seq": row.seq,
                "x0": row.x0, "x1": row.x1, "top": row.top, "bottom": row.bottom,
            })
    return pd.DataFrame(out, columns=["cycle", "force_printed", "area_printed", "grade_printed", "grade",
                                      "status", "page", "table", "seq", "x0", "x1", "top", "bottom"])


FORCE_CELL = re.compile(r"^(?P<name>[^()]*?)\s*(?:\((?P<grade>[^()]*)\)?)?\s*$")
ORDINALS = {word: number for number, word in enumerate(
    ["ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN", "ELEVEN", "TWELVE"], start=1)}
AREA_NUMBER = re.compile(r"\bAREA\s+([A-Z]+|\d+)\b", re.IGNORECASE)


def split_force_cell(text: str) -> tuple[str | None, str | None]:
    """'Greater Manchester Police (Adequate)' → ('Greater Manchester Police', 'Adequate'); parts may be missing."""
    match = FORCE_CELL.match(text or "")
    if not match:
        return (text or None), None
    name = match.group("name").strip() or None
    grade = (match.group("grade") or "").strip() or None
    return name, grade


def force_cut_by_break(above: str, below: str) -> bool:
    """Whether a page break cut a force cell in two: the part below names no force on its own
    ('Police (Adequate)') and, joined to the part above ('Greater Manchester'), names one. A row of
    a force the reference does not hold is not joined to the row above: together they name none."""
    if not above or not below:
        return False
    alone, _ = split_force_cell(below)
    joined, _ = split_force_cell(join_wrapped([above, below]))
    return canonical.match_force(alone) is None and canonical.match_force(joined) is not None


def area_number(section: str | None) -> int | None:
    match = AREA_NUMBER.search(section or "")
    if not match:
        return None
    word = match.group(1).upper()
    return int(word) if word.isdigit() else ORDINALS.get(word)


def column_index(header: tuple[str, ...], pattern: str) -> int | None:
    for index, text in enumerate(header):
        if re.search(pattern, text, re.IGNORECASE):
            return index
    return None


def pick(cells: tuple[str, ...], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


PRACTICE_COLUMNS = ["cycle", "section", "area_number", "seq", "force_printed", "force_grade_printed", "force_grade",
                    "objective", "detail", "outcome", "page_first", "page_last", "table", "x0", "x1", "top", "bottom"]


def tidy_practices(rows: pd.DataFrame) -> pd.DataFrame:
    """Practice rows: the force cell split into name and printed grade, the rest as full text."""
    out = []
    for row in rows.itertuples(index=False):
        columns = {name: column_index(row.header, pattern) for name, pattern in
                   [("force", r"force|constabulary"), ("objective", r"objective"),
                    ("detail", r"detail"), ("outcome", r"outcome")]}
        name, grade_printed = split_force_cell(pick(row.cells, columns["force"]))
        out.append({
            "cycle": row.cycle, "section": row.section, "area_number": area_number(row.section),
            "seq": row.seq, "force_printed": name, "force_grade_printed": grade_printed,
            "force_grade": normalise_grade(grade_printed),
            "objective": pick(row.cells, columns["objective"]), "detail": pick(row.cells, columns["detail"]),
            "outcome": pick(row.cells, columns["outcome"]),
            "page_first": row.page_first, "page_last": row.page_last, "table": row.table,
            "x0": row.x0, "x1": row.x1, "top": row.top, "bottom": row.bottom,
        })
    return pd.DataFrame(out, columns=PRACTICE_COLUMNS)


def tidy_versions(rows: pd.DataFrame) -> pd.DataFrame:
    """Version history rows, with the publication date parsed where it is a month and year or a full date."""
    out = []
    for row in rows.itertuples(index=False):
        out.append({
            "version": pick(row.cells, column_index(row.header, r"version")),
            "date_published": pick(row.cells, column_index(row.header, r"date")),
            "updates": pick(row.cells, column_index(row.header, r"update|change")),
            "page": row.page_first,
        })
    frame = pd.DataFrame(out, columns=["version", "date_published", "updates", "page"])
    return frame.assign(date=parse_dates(frame["date_published"]))


def parse_dates(printed: pd.Series) -> list:
    """Printed dates as dates where they parse ('July 2025' → 2025-07-01, '21 July 2025'), else None."""
    parsed = pd.to_datetime(printed, errors="coerce", format="mixed", dayfirst=True)
    return [value.date() if pd.notna(value) else None for value in parsed]


NUMBER_WORDS = {word: number for number, word in enumerate(
    "no one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS["none"] = 0
CLAIM_SENTENCE = re.compile(r"\bexamples?\b", re.IGNORECASE)
CLAIMED_EXAMPLES = re.compile(r"(?:^|\s)(\d+|[A-Za-z]+)\s*examples?\b", re.IGNORECASE)
CLAIMED_REPORTS = re.compile(r"\bacross (?:the |all )?(\d+|[A-Za-z]+)\s+(?:reports|forces|inspections|police forces)\b",
                             re.IGNORECASE)


def count_of(word: str | None) -> int | None:
    """'33' → 33, 'Eight' → 8, 'No' → 0; anything else ('Various') → None."""
    if word is None:
        return None
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word.casefold())


def find_claim(line_texts: tuple[str, ...], line_pages: tuple[int, ...]) -> tuple[str | None, int | None]:
    """The sentence of a section's text that claims how many examples it has, and its page.

    A sentence that counts them ('Eight examples of ...', 'No examples ...') wins over one that
    only mentions examples ('Various examples ...'); the first of each kind is taken. A section
    with no text of its own (its table right under its heading) claims nothing.
    """
    found = sentences(line_texts, line_pages)

    def counts(sentence: str) -> bool:
        match = CLAIMED_EXAMPLES.search(sentence)
        return bool(match) and count_of(match.group(1)) is not None

    for wanted in (counts, lambda sentence: bool(CLAIM_SENTENCE.search(sentence))):
        for sentence, page in found:
            if wanted(sentence):
                return sentence, page
    return None, None


def tidy_area_claims(sections: pd.DataFrame, practices: pd.DataFrame) -> pd.DataFrame:
    """Each section's claim about its examples, beside the number of rows its table really has."""
    found = practices.groupby(["cycle", "section"]).size() if len(practices) else pd.Series(dtype=int)
    out = []
    for section in sections.itertuples(index=False):
        sentence, page = find_claim(section.line_texts, section.line_pages)
        examples = CLAIMED_EXAMPLES.search(sentence or "")
        reports = CLAIMED_REPORTS.search(sentence or "")
        out.append({
            "cycle": section.cycle, "section": section.section, "area_number": area_number(section.section),
            "claimed_examples": count_of(examples.group(1)) if examples else None,
            "claimed_reports": count_of(reports.group(1)) if reports else None,
            "extracted_examples": int(found.get((section.cycle, section.section), 0)),
            "claim_text": sentence, "page": page or section.page,
        })
    return pd.DataFrame(out, columns=["cycle", "section", "area_number", "claimed_examples", "claimed_reports",
                                      "extracted_examples", "claim_text", "page"])


def derive_compendium_tables(sections: pd.DataFrame, cover: tuple[str, ...],
                             tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The section claims, and the edition (`editions.edition_label`) on every row of every table."""
    edition = editions.edition_label(tables["versions"], cover)
    tables = {**tables, "area_claims": tidy_area_claims(sections, tables["practices"])}
    return {name: frame.assign(edition=edition) for name, frame in tables.items()}


def add_canonical_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """`force_id` beside every printed force name, `area_id` beside every printed area or section."""
    if "force_printed" in frame:
        frame = canonical.add_force_ids(frame, "force_printed")
    for column in ("area_printed", "section"):
        if column in frame:
            return canonical.add_area_ids(frame, column)
    return frame


AGREEMENT_COLUMNS = ["cycle", "force_id", "area_id", "compendium_grade", "report_grade", "agreement",
                     "compendium_file", "compendium_page", "report_file", "report_page"]


def reconcile_grades(grades: pd.DataFrame, report_grades: pd.DataFrame) -> pd.DataFrame:
    """Compendium matrix against the reports: one row per (cycle, force, area) graded in either."""
    keys = ["cycle", "force_id", "area_id"]
    compendium = (grades[grades["grade"].notna() & grades["force_id"].notna() & grades["area_id"].notna()]
                  .rename(columns={"grade": "compendium_grade", "source_file": "compendium_file",
                                   "page": "compendium_page"})[keys + ["compendium_grade", "compendium_file",
                                                                      "compendium_page"]]
                  .drop_duplicates(keys))
    reports = (report_grades[report_grades["force_id"].notna() & report_grades["area_id"].notna()]
               .rename(columns={"grade": "report_grade", "source_file": "report_file", "page": "report_page"})
               [keys + ["report_grade", "report_file", "report_page"]]
               .drop_duplicates(keys))
    merged = compendium.merge(reports, on=keys, how="outer", sort=True)
    merged["agreement"] = "agree"
    merged.loc[merged["report_grade"].isna(), "agreement"] = "only_compendium"
    merged.loc[merged["compendium_grade"].isna(), "agreement"] = "only_report"
    both = merged["compendium_grade"].notna() & merged["report_grade"].notna()
    merged.loc[both & (merged["compendium_grade"] != merged["report_grade"]), "agreement"] = "disagree"
    return merged[AGREEMENT_COLUMNS].reset_index(drop=True)
