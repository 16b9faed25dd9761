"""The PEEL grade scale and how printed grades map onto it (facts about the world, not the document)."""
from __future__ import annotations

import re

GRADES = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")
STATUSES = ("graded", "not_applicable", "not_inspected", "ungraded")
CUT_GRADE_LETTERS = 3  # a grade's word cut at the page's edge keeps this many letters at least to be read

_STATUS_PATTERNS = (
    (re.compile(r"^(n\s*/\s*a|not applicable)$"), "not_applicable"),
    (re.compile(r"^not\s+inspected$"), "not_inspected"),
    (re.compile(r"^(ungraded|not graded|no grade|-|–|)$"), "ungraded"),
)


def normalise_grade(printed: str | None) -> str | None:
    """'Requires Improvement' → 'Requires improvement'; a grade cut short ('Requires') still maps,
    and so does one a narrow column broke inside a word ('Adequat / e'): spaces are not compared;
    and one whose every line the page's edge cut ('Requir / impro'): each word the start of the
    grade's word, CUT_GRADE_LETTERS letters at least."""
    text = (printed or "").replace("(", "").replace(")", "")
    key = _compact(text)
    if not key:
        return None
    if key in COMPACT_GRADES:
        return COMPACT_GRADES[key]
    matches = [grade for compact, grade in COMPACT_GRADES.items() if compact.startswith(key) and len(key) >= 4]
    words = text.casefold().split()
    matches = matches or [grade for grade in GRADES if len(words) == len(grade.split()) > 1 and all(
        whole.startswith(word) and len(word) >= CUT_GRADE_LETTERS for word, whole in zip(words, grade.casefold().split()))]
    return matches[0] if len(matches) == 1 else None


def _compact(text: str) -> str:
    return "".join(text.split()).casefold()


COMPACT_GRADES = {_compact(grade): grade for grade in GRADES}  # each grade as compared: no spaces, any case


def grade_status(printed: str | None) -> str | None:
    """Why a cell has or lacks a grade; None when the text is neither a grade nor a known status."""
    if normalise_grade(printed):
        return "graded"
    key = " ".join((printed or "").split()).casefold()
    for pattern, status in _STATUS_PATTERNS:
        if pattern.match(key):
            return status
    return None
