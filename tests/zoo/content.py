"""The zoo's table content: the four expected tables of the compendium, and deterministic edits of them.

`load` reads tests/expected/compendium (or any folder in that format), `write` writes the same four CSVs
(so `../shared/tools/score.py` can score a printing against them), `edit` makes an *edited edition*
(seeded), and `slice` cuts a small document out of a content (one cycle's matrix, a few sections).
Every frame holds strings only, exactly as the CSVs spell them ("" for empty).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

FILES = {"grades": "grades.csv", "practices": "practices.csv", "area_claims": "area_claims.csv",
         "versions": "version_history.csv"}
GRADED = ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
OTHER_STATUS = {"N/A": "not_applicable", "Not inspected": "not_inspected", "Ungraded": "ungraded"}


@dataclass(frozen=True)
class Content:
    grades: pd.DataFrame
    practices: pd.DataFrame
    area_claims: pd.DataFrame
    versions: pd.DataFrame

    @property
    def cycles(self) -> list[str]:
        """The cycles in document order (the order of the grades table, then of the claims)."""
        seen: list[str] = []
        for cycle in list(self.grades["cycle"]) + list(self.area_claims["cycle"]):
            if cycle not in seen:
                seen.append(cycle)
        return seen

    @property
    def version(self) -> str:
        """'1.6' from the last row of the version table ('V1.6')."""
        last = self.versions["version"].iloc[-1] if len(self.versions) else "V1.0"
        return last[1:] if last[:1] in "Vv" else last


def load(expected_dir: str | Path) -> Content:
    folder = Path(expected_dir)
    frames = {name: pd.read_csv(folder / file, dtype=str, keep_default_na=False).astype(object)
              for name, file in FILES.items()}
    return Content(**frames)


def write(content: Content, folder: str | Path) -> None:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, file in FILES.items():
        getattr(content, name).to_csv(folder / file, index=False, lineterminator="\n")


# ---------------------------------------------------------------- edits

def _printed_casing(grades: pd.DataFrame, cycle: str) -> str:
    """How the cycle's matrix spells 'Requires improvement' most often (2023-25: 'Requires Improvement')."""
    printed = grades.loc[(grades["cycle"] == cycle) & (grades["grade"] == "Requires improvement"), "grade_printed"]
    return printed.mode().iloc[0] if len(printed) else "Requires improvement"


def regrade(content: Content, rng: random.Random, cells: int) -> Content:
    """Other grades in `cells` matrix cells; grade_printed/grade/status stay consistent, and only values
    the cycle already prints are used (2021-22 has 'Ungraded' and 'Not inspected', 2023-25 has 'N/A')."""
    grades = content.grades.copy()
    for index in rng.sample(range(len(grades)), cells):
        cycle = grades.at[index, "cycle"]
        printed_here = set(grades.loc[grades["cycle"] == cycle, "grade_printed"])
        choices = GRADED + [p for p in OTHER_STATUS if p in printed_here]
        choices = [c for c in choices if c.casefold() != grades.at[index, "grade_printed"].casefold()]
        new = rng.choice(choices)
        if new in OTHER_STATUS:
            grades.loc[index, ["grade_printed", "grade", "status"]] = [new, "", OTHER_STATUS[new]]
        else:
            printed = _printed_casing(content.grades, cycle) if new == "Requires improvement" else new
            grades.loc[index, ["grade_printed", "grade", "status"]] = [printed, new, "graded"]
    return replace(content, grades=grades)


def reorder_matrix(content: Content, rng: random.Random, moves: int) -> Content:
    """Move `moves` matrix rows (force by force) to other places; row_order renumbered per cycle."""
    parts = []
    for cycle in content.cycles:
        block = content.grades[content.grades["cycle"] == cycle]
        if block.empty:
            continue
        order = list(dict.fromkeys(block.sort_values("row_order", key=lambda s: s.astype(int))["force"]))
        for _ in range(moves):
            force = order.pop(rng.randrange(len(order)))
            order.insert(rng.randrange(len(order) + 1), force)
        rank = {force: str(i + 1) for i, force in enumerate(order)}
        block = block.assign(row_order=block["force"].map(rank))
        block = block.sort_values(["row_order", "area_order"], key=lambda s: s.astype(int), kind="stable")
        parts.append(block)
    return replace(content, grades=pd.concat(parts, ignore_index=True))


OBJECTIVES = ["To improve", "To strengthen", "To widen", "To make better use of", "To reduce delays in",
              "To raise confidence in", "To support officers with", "To review"]
SUBJECTS = ["the handling of calls from repeat callers", "neighbourhood problem solving", "the supervision of "
            "investigations", "the safeguarding of older people", "training in digital evidence",
            "partnership work with local schools", "the wellbeing of new recruits", "the use of body-worn video",
            "the management of registered sex offenders", "victim updates after a report of burglary"]
DETAIL_SENTENCES = [
    "The force set up a small team to look at how this work was done and what could change.",
    "Staff were given new guidance, and supervisors checked a sample of cases each month.",
    "A pilot ran in two districts before it was extended to the whole force area.",
    "Partners from the local authority and health services joined a monthly review meeting.",
    "Officers can now record the information on their mobile devices at the scene.",
    "An analyst reviews the results each quarter and reports them to the chief officer group.",
    "Volunteers from the community were trained to take part in the scrutiny panel.",
    "The approach draws on evidence from the College of Policing and from other forces.",
]
OUTCOME_SENTENCES = [
    "Early results show fewer repeat incidents in the pilot areas.",
    "HMICFRS found that victims were kept better informed.",
    "The force reports that the time taken to complete cases has fallen.",
    "Feedback from staff and partners has been positive.",
    "The results are still being evaluated.",
    "Public confidence in the areas concerned has improved, according to the force's survey.",
]


def _renumber(practices: pd.DataFrame) -> pd.DataFrame:
    practices = practices.reset_index(drop=True)
    practices["seq"] = (practices.groupby(["cycle", "section"], sort=False).cumcount() + 1).astype(str)
    return practices.astype(object)


def add_practices(content: Content, rng: random.Random, rows: int) -> Content:
    """Add `rows` new practice rows (new objective/detail/outcome text, a force already in that section)."""
    practices = content.practices.copy()
    for _ in range(rows):
        anchor = rng.randrange(len(practices))
        base = practices.iloc[anchor].to_dict()
        donors = practices[(practices["cycle"] == base["cycle"]) & (practices["section"] == base["section"])
                           & (practices["force"] != "")]
        donor = donors.iloc[rng.randrange(len(donors))]
        new = dict(base, force=donor["force"], force_grade_printed=donor["force_grade_printed"],
                   force_grade=donor["force_grade"],
                   objective=f"{rng.choice(OBJECTIVES)} {rng.choice(SUBJECTS)}",
                   detail=" ".join(rng.sample(DETAIL_SENTENCES, rng.randint(1, 3))),
                   outcome=" ".join(rng.sample(OUTCOME_SENTENCES, rng.randint(1, 2))),
                   note="zoo: added row")
        at = anchor + rng.randint(0, 1)
        practices = pd.concat([practices.iloc[:at], pd.DataFrame([new]), practices.iloc[at:]], ignore_index=True)
    return replace(content, practices=_renumber(practices))


def remove_practices(content: Content, rng: random.Random, rows: int) -> Content:
    """Remove `rows` practice rows (never the last row of a section, so every table stays)."""
    practices = content.practices.copy()
    for _ in range(rows):
        sizes = practices.groupby(["cycle", "section"], sort=False)["seq"].transform("size")
        candidates = list(practices.index[sizes > 1])
        practices = practices.drop(rng.choice(candidates))
    return replace(content, practices=_renumber(practices))


def lengthen_texts(content: Content, rng: random.Random, rows: int) -> Content:
    """Longer detail/outcome/objective texts in `rows` practice rows, so their cells wrap differently."""
    practices = content.practices.copy()
    for index in rng.sample(list(practices.index), min(rows, len(practices))):
        column = rng.choice(["detail", "outcome", "objective"])
        pool = OUTCOME_SENTENCES if column == "outcome" else DETAIL_SENTENCES
        extra = " ".join(rng.sample(pool, 2)) if column != "objective" else f"and {rng.choice(SUBJECTS)}"
        practices.at[index, column] = f"{practices.at[index, column].rstrip()} {extra}"
        practices.at[index, "note"] = f"zoo: {column} lengthened"
    return replace(content, practices=practices)


def shorten_texts(content: Content, rng: random.Random, rows: int) -> Content:
    """Shorter detail/outcome texts in `rows` practice rows: the first sentence, or the first words."""
    practices = content.practices.copy()
    for index in rng.sample(list(practices.index), min(rows, len(practices))):
        column = rng.choice(["detail", "outcome"])
        text = practices.at[index, column]
        words = text.split()
        if len(words) < 6:
            continue
        first = text.split(". ")[0]
        short = first if first != text and len(first.split()) >= 4 else " ".join(words[: max(4, len(words) // 3)])
        practices.at[index, column] = short.rstrip(".") + "."
        practices.at[index, "note"] = f"zoo: {column} shortened"
    return replace(content, practices=practices)


def edit(content: Content, seed: int, *, regrades: int = 20, moves: int = 4, added: int = 6, removed: int = 6,
         lengthened: int = 10, shortened: int = 10) -> Content:
    """An edited edition, the same for the same seed. Claims are left as they were: a section whose rows
    no longer match its claim is a legitimate finding."""
    rng = random.Random(seed)
    content = regrade(content, rng, regrades)
    content = reorder_matrix(content, rng, moves)
    content = add_practices(content, rng, added)
    content = remove_practices(content, rng, removed)
    content = lengthen_texts(content, rng, lengthened)
    return shorten_texts(content, rng, shortened)


# ---------------------------------------------------------------- slices

def slice(content: Content, cycles: list[str], sections: list[int | str] | None = None,  # noqa: A001
          forces: int | None = None) -> Content:
    """A small document: the matrices of `cycles` (the first `forces` rows of each if given), the practice
    sections named in `sections` (area numbers or exact section texts; all if None), the version table.
    seq is renumbered per section and row_order per cycle; claims are kept unchanged for kept sections."""
    def kept(frame: pd.DataFrame) -> pd.Series:
        in_cycle = frame["cycle"].isin(cycles)
        if sections is None:
            return in_cycle
        wanted = {str(s) for s in sections}
        return in_cycle & (frame["area_number"].isin(wanted) | frame["section"].isin(wanted))

    grades = content.grades[content.grades["cycle"].isin(cycles)]
    if forces is not None:
        grades = grades[grades["row_order"].astype(int) <= forces]
    claims = content.area_claims[kept(content.area_claims)].reset_index(drop=True)
    practices = _renumber(content.practices[kept(content.practices)])
    return Content(grades=grades.reset_index(drop=True), practices=practices, area_claims=claims,
                   versions=content.versions.copy())
