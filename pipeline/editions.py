"""Editions: which edition of the compendium each document is, one document per edition, and the
current (latest) edition; and one report per force and cycle (a corrected re-issue replaces the first).

A compendium's edition is read from its own text: the version label of its latest version-history
row (the last by date, else the last printed), else the 'Version X.Y' line on its cover. Two files
of one edition are one edition: the one the manifest lists is used, else the first by file name.
"""
from __future__ import annotations

import re

import pandas as pd

COMPENDIUM_TABLES = ("grades", "practices", "area_claims", "versions")
REPORT_TABLES = ("report_grades", "report_not_graded")
VERSION_NUMBER = re.compile(r"\d+(?:\.\d+)*")
COVER_VERSION = re.compile(r"^version\s+v?\d+(?:\.\d+)*$", re.IGNORECASE)
SUPERSEDED_COLUMNS = ["check", "source_file", "kept_file", "message"]


def version_label(printed: str) -> str:
    """'V1.6', 'Version 1.6', 'v 1.6' → 'V1.6'; a label without a number is kept as printed."""
    number = VERSION_NUMBER.search(printed)
    return f"V{number.group(0)}" if number else printed.strip()


def latest_version(versions: pd.DataFrame) -> pd.Series | None:
    """A document's latest version-history row: the last by date where any date parses, else the last printed."""
    if not len(versions):
        return None
    dated = versions[versions["date"].notna()]
    return (dated.sort_values("date", kind="stable") if len(dated) else versions).iloc[-1]


def edition_label(versions: pd.DataFrame, cover: tuple[str, ...]) -> str | None:
    """The edition of one compendium: its latest version row's label, else its cover's 'Version X.Y' line."""
    latest = latest_version(versions)
    if latest is not None:
        return version_label(latest["version"])
    lines = (" ".join(line.split()) for line in cover)
    return next((version_label(line) for line in lines if COVER_VERSION.match(line)), None)


def version_key(label: str) -> tuple[int, ...]:
    """'V1.10' → (1, 10), so labels sort as versions, not as text."""
    number = VERSION_NUMBER.search(label or "")
    return tuple(int(part) for part in number.group(0).split(".")) if number else ()


def compendium_documents(tables: dict[str, pd.DataFrame], listed: set[str]) -> pd.DataFrame:
    """One row per compendium file with an edition: its edition, the edition's date (of the version row
    it is named after) and whether the manifest lists the file; listed files first, then by file name."""
    frames = [tables[name][["source_file", "edition"]] for name in COMPENDIUM_TABLES if name in tables]
    files = pd.concat(frames, ignore_index=True).dropna().drop_duplicates("source_file")
    versions = tables["versions"]
    dates = (versions.assign(edition=versions["version"].map(version_label))
             .dropna(subset=["date"]).drop_duplicates(["source_file", "edition"], keep="last"))
    documents = files.merge(dates[["source_file", "edition", "date"]], on=["source_file", "edition"], how="left")
    documents["listed"] = documents["source_file"].isin(listed)
    return documents.sort_values(["listed", "source_file"], ascending=[False, True]).reset_index(drop=True)


def duplicate_editions(documents: pd.DataFrame) -> pd.DataFrame:
    """Files repeating an edition another file already gives: the one used is the first of
    `compendium_documents` (listed in the manifest, else first by file name)."""
    used = documents.drop_duplicates("edition")
    repeats = documents[~documents.index.isin(used.index)]
    kept = repeats["edition"].map(dict(zip(used["edition"], used["source_file"])))
    return pd.DataFrame({
        "check": "duplicate_edition", "source_file": repeats["source_file"], "kept_file": kept,
        "message": [f"{file}: the same edition ({edition}) as {other}, which is used; none of its rows are published"
                    for file, edition, other in zip(repeats["source_file"], repeats["edition"], kept)],
    }, columns=SUPERSEDED_COLUMNS)


def edition_order(documents: pd.DataFrame) -> list[str]:
    """The editions, oldest first: by date (an edition without one first), then by version number;
    the last is the current one."""
    dated = documents.drop_duplicates("edition")
    keys = [(pd.Timestamp(day) if pd.notna(day) else pd.Timestamp.min, version_key(edition))
            for day, edition in zip(dated["date"], dated["edition"])]
    return [edition for _, edition in sorted(zip(keys, dated["edition"]))]


def report_documents(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per report file: the force and cycle it inspects and its printed publication date."""
    frames = [tables[name] for name in REPORT_TABLES if name in tables and len(tables[name])]
    columns = ["source_file", "force", "cycle", "published"]
    if not frames:
        return pd.DataFrame(columns=columns)
    rows = pd.concat([frame.assign(force=frame["force_id"].astype(object).fillna(frame["force_printed"]))[columns]
                      for frame in frames], ignore_index=True)
    return rows.drop_duplicates("source_file").reset_index(drop=True)


def reissued_reports(reports: pd.DataFrame) -> pd.DataFrame:
    """Reports replaced by another for the same force and cycle (a corrected re-issue): the later by
    printed publication date is used when every one prints a date, else the later by file name."""
    superseded = []
    for (force, cycle), group in reports.groupby(["force", "cycle"], sort=True, dropna=False):
        dated = bool(group["published"].notna().all())
        order = group.sort_values(["published", "source_file"] if dated else ["source_file"], kind="stable")
        kept = order.iloc[-1]
        for row in order.iloc[:-1].itertuples(index=False):
            why = "a later publication date" if dated and row.published != kept.published else "a later file name"
            superseded.append({"check": "reissued_report", "source_file": row.source_file,
                               "kept_file": kept.source_file,
                               "message": f"{row.source_file}: {kept.source_file} reports on the same force ({force}) "
                                          f"and cycle ({cycle}) with {why}, and is used; none of this one's rows are "
                                          f"published"})
    return pd.DataFrame(superseded, columns=SUPERSEDED_COLUMNS)


def superseded(tables: dict[str, pd.DataFrame], listed: set[str]) -> pd.DataFrame:
    """The documents whose rows are not published, because another file gives the same compendium
    edition or a later issue of the same report: with the file used instead and a sentence saying so."""
    return pd.concat([duplicate_editions(compendium_documents(tables, listed)),
                      reissued_reports(report_documents(tables))], ignore_index=True)


def editions_read(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The editions the tables' compendium rows come from, oldest first; the last is the current one."""
    return edition_order(compendium_documents(tables, set()))


def current_rows(frame: pd.DataFrame, current: str | None) -> pd.DataFrame:
    """The rows of the current edition (every row when no edition is known)."""
    return frame if current is None else frame[frame["edition"] == current]
