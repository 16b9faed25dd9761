"""The PEEL grade scale and how printed grades map onto it (facts about the world, not the document)."""
from __future__ import annotations

import re

GRADES = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")
STATUSES = ("graded", "not_applicable", "not_inspected", "ungraded")

_STATUS_PATTERNS = (
    (re.compile(r"^(n\s*/\s*a|not applicable)$"), "not_applicable"),
    (re.compile(r"^not\s+inspected$"), "not_inspected"),
    (re.compile(r"^(ungraded|not graded|no grade|-|–|)$"), "ungraded"),
)


def normalise_grade(printed: str | None) -> str | None:
    """'Requires Improvement' → 'Requires improvement'; a grade cut short ('Requires') still maps,
    and so does one a narrow column broke inside a word ('Adequat / e'): spaces are not compared."""
    if not printed:
        return None
    key = "".join(printed.replace("(", " ").replace(")", " ").split()).casefold()
    if not key:
        return None
    for grade in GRADES:
        if key == _compact(grade):
            return grade
    matches = [grade for grade in GRADES if _compact(grade).startswith(key) and len(key) >= 4]
    return matches[0] if len(matches) == 1 else None


def _compact(grade: str) -> str:
    return "".join(grade.split()).casefold()


def grade_status(printed: str | None) -> str | None:
    """Why a cell has or lacks a grade; None when the text is neither a grade nor a known status."""
    if normalise_grade(printed):
        return "graded"
    key = " ".join((printed or "").split()).casefold()
    for pattern, status in _STATUS_PATTERNS:
        if pattern.match(key):
            return status
    return None
