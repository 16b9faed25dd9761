"""The document model common to every engine: a list of blocks in reading order.

Title + "Version X"; "Version History" and its table; per cycle a top-level heading, a sentence and the
grades matrix; per practice section of that cycle (in claims order) a heading, a paragraph holding the
claim sentence verbatim, and the practice table when the section has rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from content import Content

TITLE = "UK Policing Compendium of Operational Practice"
CYCLE_HEADINGS = {"2023-25": "Analysis of 2023-2025 PEEL reports",
                  "2021-22": "Overall PEEL Inspection Gradings of Police Forces 2021-2022"}
MATRIX_SENTENCE = "Below is a summary of the high level HMICFRS findings, providing an overview of overall gradings."
SECTION_INTRO = ("This area of assessment considers the practice that HMICFRS identified in the PEEL reports "
                 "published for this area.")
LINK_BASE = "https://www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments/"


@dataclass(frozen=True)
class Cell:
    text: str
    link: str | None = None      # the part of `text` that is a force name (a hyperlink when the layout says so)


@dataclass(frozen=True)
class Block:
    kind: str                    # title | subtitle | h1 | h2 | para | table
    text: str = ""
    table: str = ""              # versions | matrix | practices
    header: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    widths: tuple[float, ...] = ()   # relative column widths
    cycle: str = ""


@dataclass(frozen=True)
class Document:
    blocks: tuple[Block, ...] = field(default_factory=tuple)


def linked(force: str) -> bool:
    """Which force names the compendium prints as hyperlinks: a fixed, content-independent subset."""
    return sum(map(ord, force)) % 3 != 0


def build(content: Content) -> Document:
    blocks = [Block("title", TITLE), Block("subtitle", f"Version {content.version}"),
              Block("h1", "Version History"),
              Block("table", table="versions", header=("Version Number", "Date Published", "Updates"),
                    rows=tuple((Cell(r.version), Cell(r.date_published), Cell(r.updates))
                               for r in content.versions.itertuples()), widths=(1, 1.3, 5))]
    for number, cycle in enumerate(content.cycles, start=1):
        blocks.append(Block("h1", f"Section {number}: {CYCLE_HEADINGS.get(cycle, cycle)}", cycle=cycle))
        grades = content.grades[content.grades["cycle"] == cycle]
        if not grades.empty:
            blocks.append(Block("para", MATRIX_SENTENCE, cycle=cycle))
            areas = grades[["area_order", "area"]].drop_duplicates().sort_values(
                "area_order", key=lambda s: s.astype(int))["area"].tolist()
            rows = []
            for _, force_rows in sorted(grades.groupby("row_order"), key=lambda item: int(item[0])):
                force_rows = force_rows.sort_values("area_order", key=lambda s: s.astype(int))
                force = force_rows["force"].iloc[0]
                rows.append((Cell(force, force),) + tuple(Cell(g) for g in force_rows["grade_printed"]))
            blocks.append(Block("table", table="matrix", header=("Constabulary Name", *areas), rows=tuple(rows),
                                widths=(1.5,) + (1,) * len(areas), cycle=cycle))
        for claim in content.area_claims[content.area_claims["cycle"] == cycle].itertuples():
            blocks.append(Block("h2", claim.section, cycle=cycle))
            blocks.append(Block("para", f"{SECTION_INTRO} {claim.claim_text}".strip(), cycle=cycle))
            practices = content.practices[(content.practices["cycle"] == cycle)
                                          & (content.practices["section"] == claim.section)]
            if practices.empty:
                continue
            rows = []
            for p in practices.itertuples():
                force = p.force
                if force and p.force_grade_printed:
                    first = Cell(f"{force} ({p.force_grade_printed})", force)
                else:
                    first = Cell(force, force or None)
                rows.append((first, Cell(p.objective), Cell(p.detail), Cell(p.outcome)))
            blocks.append(Block("table", table="practices",
                                header=("Force (grading)", "Objective", "Detail", "Outcome"), rows=tuple(rows),
                                widths=(1.1, 1.3, 2.6, 1.8), cycle=cycle))
    return Document(tuple(blocks))


def link_url(force: str) -> str:
    return LINK_BASE + "-".join(force.lower().replace("-", " ").split()) + "/"
