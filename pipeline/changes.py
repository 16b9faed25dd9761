"""What changed between consecutive editions of the compendium: grade cells, practice rows and
version-history rows added, removed or changed.

Grade cells are matched by cycle, force and area, version rows by their label. Practice rows have
no key of their own (their order changes as rows are added): rows of the same cycle, area and
force are paired by how alike their objective and detail texts are, the most alike first.
"""
from __future__ import annotations

import pandas as pd
from rapidfuzz import fuzz, process, utils

GRADE_KEYS = ["cycle", "force_id", "area_id"]
GRADE_FIELDS = ["grade", "status"]
VERSION_KEYS = ["version"]
VERSION_FIELDS = ["date_published", "updates"]
PRACTICE_GROUP = ["cycle", "area_id", "force_id"]
PRACTICE_FIELDS = ["force_grade", "objective", "detail", "outcome"]
SIMILAR = 60  # least token-set similarity (0-100) of objective and detail for two rows to be one practice
COLUMNS = ["table", "change", "from_edition", "to_edition", "cycle", "force_id", "area_id", "from_grade", "to_grade",
           "fields", "objective", "version", "from_page", "to_page"]


def comparable(value):
    """A value as two editions are compared: text without its spaces, as printings differ in where they
    read one ('non- emergency' where a line wraps after the hyphen, 'Person -working')."""
    return "".join(value.split()) if isinstance(value, str) else value


def same(a, b) -> bool:
    return (pd.isna(a) and pd.isna(b)) or (not pd.isna(a) and not pd.isna(b) and comparable(a) == comparable(b))


def changed_fields(old: dict | None, new: dict | None, fields: list[str]) -> list[str]:
    """The fields whose values differ; none for a row only one side has."""
    if old is None or new is None:
        return []
    return [field for field in fields if not same(old[field], new[field])]


def change_row(old: dict | None, new: dict | None, fields: list[str], keys: list[str], page: str) -> dict:
    """One change: what it is, the row's key (the later side's where both have it) and both sides' values."""
    either = new if new is not None else old
    return {"change": "added" if old is None else "removed" if new is None else "changed",
            **{key: either[key] for key in keys}, "fields": changed_fields(old, new, fields),
            "from_page": None if old is None else old[page], "to_page": None if new is None else new[page],
            "from_value": old, "to_value": new}


def keyed_changes(old: pd.DataFrame, new: pd.DataFrame, keys: list[str], fields: list[str],
                  page: str = "page") -> pd.DataFrame:
    """Rows matched by `keys`: added, removed, or changed in some of `fields` (rows with no key are left out)."""
    before = {tuple(row[k] for k in keys): row for row in old.dropna(subset=keys).to_dict("records")}
    after = {tuple(row[k] for k in keys): row for row in new.dropna(subset=keys).to_dict("records")}
    rows = [change_row(before.get(key), after.get(key), fields, keys, page)
            for key in sorted(before.keys() | after.keys())]
    return pd.DataFrame([row for row in rows if row["change"] != "changed" or row["fields"]],
                        columns=["change", *keys, "fields", "from_page", "to_page", "from_value", "to_value"])


def practice_text(rows: pd.DataFrame) -> list[str]:
    return (rows["objective"].fillna("") + " " + rows["detail"].fillna("")).tolist()


def pair_rows(old: pd.DataFrame, new: pd.DataFrame) -> list[tuple]:
    """Rows of one cycle, area and force in two editions paired one to one, the most alike first
    (ties in printed order); a row with no partner at least `SIMILAR` alike is paired with None."""
    scores = process.cdist(practice_text(old), practice_text(new), scorer=fuzz.token_set_ratio,
                           processor=utils.default_process) if len(old) and len(new) else []
    candidates = sorted((-float(scores[i][j]), i, j) for i in range(len(old)) for j in range(len(new))
                        if scores[i][j] >= SIMILAR)
    pairs, used_old, used_new = [], set(), set()
    for _, i, j in candidates:
        if i not in used_old and j not in used_new:
            pairs.append((old.index[i], new.index[j]))
            used_old.add(i)
            used_new.add(j)
    pairs += [(old.index[i], None) for i in range(len(old)) if i not in used_old]
    return pairs + [(None, new.index[j]) for j in range(len(new)) if j not in used_new]


def practice_groups(frame: pd.DataFrame) -> pd.Series:
    """Each row's (cycle, area, force), with '' for a missing id so that such rows pair among themselves."""
    return pd.Series(list(zip(*(frame[column].astype(object).fillna("") for column in PRACTICE_GROUP))),
                     index=frame.index, dtype=object)


def practice_changes(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Practice rows added, removed, or changed in some of `PRACTICE_FIELDS`, matched by `pair_rows`
    within each cycle, area and force."""
    old_groups, new_groups = practice_groups(old), practice_groups(new)
    rows = []
    for key in sorted(set(old_groups) | set(new_groups)):
        for i, j in pair_rows(old[old_groups == key], new[new_groups == key]):
            row = change_row(None if i is None else old.loc[i].to_dict(), None if j is None else new.loc[j].to_dict(),
                             PRACTICE_FIELDS, PRACTICE_GROUP + ["objective"], "page_first")
            if row["change"] != "changed" or row["fields"]:
                rows.append(row)
    return pd.DataFrame(rows, columns=["change", *PRACTICE_GROUP, "objective", "fields", "from_page", "to_page",
                                       "from_value", "to_value"])


def value_of(side, column: str):
    return None if side is None else side[column]


def with_grades(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """`from_grade`/`to_grade` from each side's `column`, the sides themselves dropped."""
    return frame.assign(from_grade=[value_of(side, column) for side in frame["from_value"]],
                        to_grade=[value_of(side, column) for side in frame["to_value"]])


def edition_changes(tables: dict[str, pd.DataFrame], old: str, new: str) -> pd.DataFrame:
    """Every change from edition `old` to edition `new`, grades first, then practices, then versions."""
    def rows(name: str, edition: str) -> pd.DataFrame:
        return tables[name][tables[name]["edition"] == edition]

    parts = [
        with_grades(keyed_changes(rows("grades", old), rows("grades", new), GRADE_KEYS, GRADE_FIELDS), "grade")
        .assign(table="grades"),
        with_grades(practice_changes(rows("practices", old), rows("practices", new)), "force_grade")
        .assign(table="practices"),
        keyed_changes(rows("versions", old), rows("versions", new), VERSION_KEYS, VERSION_FIELDS)
        .assign(table="versions"),
    ]
    found = [part for part in parts if len(part)]
    frame = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=COLUMNS)
    return frame.assign(from_edition=old, to_edition=new).reindex(columns=COLUMNS)


def changes(tables: dict[str, pd.DataFrame], editions: list[str]) -> pd.DataFrame:
    """The changes between each pair of consecutive `editions` (oldest first)."""
    parts = [edition_changes(tables, old, new) for old, new in zip(editions, editions[1:])]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
