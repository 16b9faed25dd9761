"""HMICFRS PEEL reports: the 'Our judgments' tables, and what the report says in prose around them.

A report states its grades twice: in the judgments layout (one column per grade level, or an
'Area | Grade' table) and again at the head of each area's own section, as a 'Grade: X' line or
a sentence ('Cheshire Constabulary is adequate at investigating crime.', 'The force requires
improvement in how it responds to the public.'). It counts its graded judgments in words ('We
make graded judgments in eight of these nine areas') and names the areas it inspected without
grading ('We also inspected how effective a service the force gives to victims of crime. We
don't make a graded judgment for this area.'). All of it is read here from the text, by what
the sentences say, never by where a given report prints them.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process, utils

from pipeline import canonical
from pipeline.clean import column_index, count_of, parse_dates, pick
from pipeline.grades import normalise_grade
from pipeline.pdf.text import sentences


def tidy_judgments_by_grade(rows: pd.DataFrame) -> pd.DataFrame:
    """'Our judgments' with one column per grade: every stacked entry is an area given that grade."""
    out = []
    for row in rows.itertuples(index=False):
        for grade_header, area in zip(row.header, row.cells):
            if area:
                out.append(judgment(row, area, grade_header))
    return pd.DataFrame(out, columns=JUDGMENT_COLUMNS)


def tidy_judgments_by_area(rows: pd.DataFrame) -> pd.DataFrame:
    """'Our judgments' as an 'Area | Grade' table: one row per area."""
    out = []
    for row in rows.itertuples(index=False):
        area = pick(row.cells, column_index(row.header, r"area|judg"))
        printed = pick(row.cells, column_index(row.header, r"grade|rating"))
        if area:
            out.append(judgment(row, area, printed))
    return pd.DataFrame(out, columns=JUDGMENT_COLUMNS)


JUDGMENT_COLUMNS = ["cycle", "area_printed", "grade_printed", "grade", "page", "x0", "x1", "top", "bottom"]


def judgment(row, area: str, printed: str) -> dict:
    return {"cycle": row.cycle, "area_printed": area, "grade_printed": printed, "grade": normalise_grade(printed),
            "page": row.page_first, "x0": row.x0, "x1": row.x1, "top": row.top, "bottom": row.bottom}


INSPECTED_FORCE = re.compile(r"\ban? inspection of (?:the )?(?P<force>.+?)\s*$", re.IGNORECASE)
GRADE_LINE = re.compile(r"^grade\s*:\s*(?P<grade>.+?)\s*$", re.IGNORECASE)
# 'X is adequate at ...', 'the force requires improvement in how it ...', 'was judged to be good at ...'
GRADE_STATEMENT = re.compile(
    r"\b(?:(?:is|was|remains|has\s+been|been)\s+(?:(?:judged|graded|rated|assessed)\s+(?:as\s+|to\s+be\s+)?)?"
    r"(?P<grade>outstanding|good|adequate|inadequate)|(?P<improve>requires?\s+improvement))"
    r"\s+(?:at|in|for|when|overall)\b", re.IGNORECASE)
INSPECTED_BODY = re.compile(r"\bthe\s+(?:force|constabulary|service)\b", re.IGNORECASE)
OPENING_SENTENCES = 2  # an area section states its grade first
NOT_GRADED = re.compile(r"\bwe did not grade (?P<force>.+?) on (?P<areas>.+?)(?: in this inspection)?\s*[.;]",
                        re.IGNORECASE)
NO_GRADED_JUDGMENT = re.compile(
    r"\b(?:don[’']?t|do\s+not|did\s+not|does\s+not|doesn[’']?t)\s+(?:make|give|award|provide)\s+(?:a\s+)?"
    r"grad(?:ed|e|es)?\s*(?:judge?ments?)?\s+(?:for|on|of|in)\s+(?P<what>.+?)[.;]?$", re.IGNORECASE)
ALSO_INSPECTED = re.compile(r"\bwe\s+also\s+(?:inspected|assessed|examined|looked\s+at)\s+(?P<what>.+?)[.;]?$",
                            re.IGNORECASE)
REFERS_BACK = re.compile(r"^(?:this|these|those|that|both|each)\b|^(?:it|them)$", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r",\s*(?:and\s+)?|\s+and\s+(?=(?:how|whether|what|the\s+way)\b)", re.IGNORECASE)
AREA_MATCH_SCORE = 60  # rapidfuzz token-set score a description needs to name an area
ANNOUNCED_GRADED = re.compile(r"\bgraded\s+judge?ments?\s+(?:in|on|for)\s+(?P<graded>\d+|[a-z]+)\s+(?:out\s+)?of\s+"
                              r"(?:these|the|those)?\s*(?P<assessed>\d+|[a-z]+)", re.IGNORECASE)


def inspected_force(sections: pd.DataFrame) -> str | None:
    """The force a report inspects, from 'An inspection of <force>' in a heading or the opening text."""
    candidates = list(sections["section"]) + [line for texts in sections["line_texts"] for line in texts]
    for text in candidates:
        match = INSPECTED_FORCE.search(text or "")
        if match:
            return known_force_prefix(match.group("force"))
    return None


def known_force_prefix(text: str) -> str:
    """The longest run of leading words that names a known force ('Kent Police' of a heading that
    ran on into the next, 'Kent Police Our judgments'); the text itself when none does."""
    words = text.split()
    return next((" ".join(words[:count]) for count in range(len(words), 0, -1)
                 if canonical.match_force(" ".join(words[:count]))), text)


def area_key(text: str, cycle: str | None) -> str:
    """What identifies an area across the report's wordings: its area_id where the label is known,
    else its folded text."""
    return canonical.match_area(text, cycle) or canonical.normalise_area(text)


def stated_grade(sentence: str, force: str | None) -> str | None:
    """The grade a sentence gives the inspected force ('the constabulary is good at ...'), if it does."""
    names_force = bool(INSPECTED_BODY.search(sentence)) or (
        bool(force) and " ".join(force.split()).casefold() in " ".join(sentence.split()).casefold())
    match = GRADE_STATEMENT.search(sentence) if names_force else None
    if not match:
        return None
    return "Requires improvement" if match.group("improve") else normalise_grade(match.group("grade"))


def section_grades(sections: pd.DataFrame, force: str | None) -> pd.DataFrame:
    """Each area section's own grade: a 'Grade: X' line, or a sentence of its opening that states one,
    kept as evidence."""
    out = []
    for section in sections.itertuples(index=False):
        found = [(normalise_grade(match.group("grade")), line, page)
                 for line, page in zip(section.line_texts, section.line_pages)
                 if (match := GRADE_LINE.match(line))]
        found += [(stated_grade(sentence, force), sentence, page)
                  for sentence, page in sentences(section.line_texts, section.line_pages)[:OPENING_SENTENCES]]
        grade = next(((grade, text, page) for grade, text, page in found if grade), None)
        if grade:
            out.append({"area_key": area_key(section.section, section.cycle), "section_grade": grade[0],
                        "section_evidence": grade[1], "section_page": grade[2]})
    return pd.DataFrame(out, columns=["area_key", "section_grade", "section_evidence", "section_page"]
                        ).drop_duplicates("area_key")


def stated_judgments(sections: pd.DataFrame, force: str | None) -> pd.DataFrame:
    """A report without a judgments table we can read still states each grade at the head of its area's
    section: those sections whose heading is a known inspection area give the judgments."""
    stated = section_grades(sections, force).merge(
        sections.assign(area_key=[area_key(s, c) for s, c in zip(sections["section"], sections["cycle"])])
        .drop_duplicates("area_key"), on="area_key")
    stated = stated[np.array([canonical.match_area(area, cycle) is not None
                              for area, cycle in zip(stated["section"], stated["cycle"])], dtype=bool)]
    return pd.DataFrame({"cycle": stated["cycle"], "area_printed": stated["section"],
                         "grade_printed": stated["section_grade"], "grade": stated["section_grade"],
                         "page": stated["section_page"]}, columns=JUDGMENT_COLUMNS)


def split_area_list(text: str, cycle: str | None) -> list[str]:
    """'A, B and C' → ['A', 'B', 'C'], where area names may themselves contain 'and'
    ('anti-social behaviour and ...'): a piece is split at 'and'/'or' only where both sides are
    known inspection areas; a piece that cannot be resolved is kept whole (and reported later)."""
    def resolve(piece: str) -> list[str] | None:
        if canonical.match_area(piece, cycle):
            return [piece]
        for match in re.finditer(r"\s+(?:and|or)\s+", piece):
            left, right = resolve(piece[:match.start()]), resolve(piece[match.end():])
            if left and right:
                return left + right
        return None

    pieces = [p.strip() for p in re.split(r",\s*(?:and\s+|or\s+)?", text) if p.strip()]
    return [area for piece in pieces for area in (resolve(piece) or [piece])]


def area_named(description: str, names: list[str], cycle: str | None) -> str:
    """The area a description names, as the report words it: the heading or known label it
    matches ('providing a service to victims of crime'), else the one it describes best ('how well
    it tackles workforce corruption' → 'Tackling workforce corruption'): of the names close enough
    by token-set score, the one sharing most words with it (`word_stems`), then the closest; else
    the description."""
    key = area_key(description, cycle)
    same = [name for name in names if area_key(name, cycle) == key]
    if same:
        return same[0]
    scored = process.extract(description, names, scorer=fuzz.token_set_ratio, processor=utils.default_process,
                             score_cutoff=AREA_MATCH_SCORE, limit=None)
    stems = word_stems(description)
    shared = [(len(stems & word_stems(name)), score, name) for name, score, _ in scored]
    best = max((item for item in shared if item[0]), default=None, key=lambda item: item[:2])
    return best[2] if best else description[:1].upper() + description[1:]


FUNCTION_WORDS = frozenset("a an the and or of to in for on at by with about from as how well it its is are be "
                           "this that these those force".split())
STEM_LETTERS = 5  # words alike in this many first letters are one word ('records', 'recording')


def word_stems(text: str) -> set[str]:
    """The first letters of a text's words that say what it is about, function words left out: a
    token-set score alone gives a heading of function words and one more ('About the data') full
    marks against any description containing them ('how well the force records data about crime')."""
    return {word[:STEM_LETTERS] for word in re.findall(r"[a-z]+", text.lower()) if word not in FUNCTION_WORDS}


def not_graded_areas(sections: pd.DataFrame, graded: set[str]) -> pd.DataFrame:
    """Areas a report says it inspected without grading: 'We don't make a graded judgment for <area>',
    or for 'this area' / 'these areas' named by the 'We also inspected ...' sentence before it, and
    'We did not grade X on A and B'. Areas in `graded` (keys) are not candidates."""
    cycles = sections["cycle"].dropna()
    cycle = cycles.iloc[0] if len(cycles) else None
    labels = canonical.load_areas()
    by_key: dict[str, str] = {}  # one name per area, the report's own heading before a known label
    for name in [*sections["section"], *labels.loc[labels["framework"] == cycle, "label"]]:
        by_key.setdefault(area_key(name, cycle), name)
    names = [name for key, name in by_key.items() if key not in graded]
    out, inspected = [], []
    for section in sections.itertuples(index=False):
        for sentence, page in sentences(section.line_texts, section.line_pages):
            if also := ALSO_INSPECTED.search(sentence):
                inspected = [clause for clause in CLAUSE_BREAK.split(also.group("what")) if clause.strip()]
            described = []
            if match := NO_GRADED_JUDGMENT.search(sentence):
                what = match.group("what").strip()
                described = inspected if REFERS_BACK.search(what) else [what]
            elif match := NOT_GRADED.search(sentence):
                described = split_area_list(match.group("areas"), cycle)
            out += [{"area_printed": area_named(text.strip(), names, cycle), "page": page} for text in described]
    return pd.DataFrame(out, columns=["area_printed", "page"])


def announced_graded(sections: pd.DataFrame) -> int | None:
    """How many graded judgments the report says it makes ('graded judgments in eight of these nine')."""
    for section in sections.itertuples(index=False):
        for sentence, _ in sentences(section.line_texts, section.line_pages):
            if match := ANNOUNCED_GRADED.search(sentence):
                return count_of(match.group("graded"))
    return None


PRINTED_DATE = re.compile(r"^(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|"
                          r"November|December)\s+\d{4}$", re.IGNORECASE)


def cover_date(cover: tuple[str, ...]) -> str | None:
    """The publication date printed on its own line of the first page ('December 2021', '21 July 2025')."""
    return next((line for line in (" ".join(text.split()) for text in cover) if PRINTED_DATE.match(line)), None)


def derive_report_tables(sections: pd.DataFrame, cover: tuple[str, ...],
                         tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Report-level facts on every row: the inspected force, its publication date, the number of
    graded judgments it announces, each area section's own grade, and the areas it did not grade."""
    force = inspected_force(sections)
    cycles = sections["cycle"].dropna()
    cycle = cycles.iloc[0] if len(cycles) else None
    judged = tables["report_grades"]
    if not len(judged):
        judged = stated_judgments(sections, force)
    judged = judged.assign(cycle=judged["cycle"].fillna(cycle) if len(judged) else judged["cycle"],
                           force_printed=force)
    judged = judged.assign(area_key=pd.Series([area_key(area, row_cycle) for area, row_cycle
                                               in zip(judged["area_printed"], judged["cycle"])],
                                              index=judged.index, dtype=object))
    judged = judged.merge(section_grades(sections, force), on="area_key", how="left")
    graded = judged[judged["grade"].notna()].drop(columns=["area_key"]).reset_index(drop=True)
    ungraded = judged.loc[judged["grade"].isna(), ["area_printed", "page"]]
    not_graded = pd.concat([not_graded_areas(sections, set(judged.loc[judged["grade"].notna(), "area_key"])),
                            ungraded], ignore_index=True)
    not_graded = not_graded[~not_graded["area_printed"].map(lambda area: area_key(area, cycle)).duplicated()]
    printed = cover_date(cover)
    published = {"published_printed": printed, "published": parse_dates(pd.Series([printed]))[0]}
    return {"report_grades": graded.assign(graded_announced=announced_graded(sections), **published),
            "report_not_graded": not_graded.assign(cycle=cycle, force_printed=force, **published)}
