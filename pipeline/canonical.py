"""Canonical police forces and PEEL inspection areas, and exact matching of printed names onto them.

Documents spell the same force or area many ways ("Avon & Somerset Police", "Avon and Somerset
Constabulary"). Matching folds both sides to a key and looks it up in the reference tables under
pipeline/reference/; it never guesses, so an unknown name stays unmatched and gets reported. A
name with glyphs its PDF gave no text for ('Su\ufffdolk', a ligature left unread) matches the one
reference name it can be, and keeps its printed text (reported as unreadable).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import pandas as pd

from pipeline.grades import GRADES
from pipeline.pdf.text import UNREADABLE
from pipeline.tables.broken_words import word_key
from pipeline.tables.repeated_headers import word_starts

# Longest first, so "Metropolitan Police Service" loses "police service", not just "service".
FORCE_SUFFIXES = ("police service", "police force", "constabulary", "police")
AREA_PREFIX = re.compile(r"^\s*operational\s+practice\s+area\s+\w+\s*:\s*", re.IGNORECASE)
# A hyphen and any space after it: "anti-social", "anti- social" (a wrap) and "antisocial" agree.
AREA_HYPHEN = re.compile(r"[-\u2010\u2011]\s*")


def _fold(text: str) -> str:
    """Key shared by forces and areas: NFKC, casefolded, '&' read as 'and', punctuation, dashes and
    symbols as spaces, whitespace collapsed, a leading 'the' dropped."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    text = "".join(" " if unicodedata.category(char)[0] in "PS" else char for char in text)
    words = text.split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def normalise_name(text: str) -> str:
    """Matching key for a force name; "Norfolk Police" and "Norfolk Constabulary" both give "norfolk"
    because documents use the two interchangeably."""
    key = _fold(text)
    for suffix in FORCE_SUFFIXES:
        if key.endswith(" " + suffix):
            return key[: -len(suffix) - 1]
    return key


def normalise_area(text: str) -> str:
    """Matching key for an inspection area label; the practice-section numbering
    ("OPERATIONAL PRACTICE AREA FIVE:") is not part of the area's name."""
    text = AREA_PREFIX.sub("", unicodedata.normalize("NFKC", text))
    return _fold(AREA_HYPHEN.sub("", text))


def _read_reference(name: str) -> pd.DataFrame:
    """Read a CSV shipped as package data, so an installed pipeline finds it too."""
    with (resources.files("pipeline") / "reference" / name).open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


@lru_cache(maxsize=None)
def _forces() -> pd.DataFrame:
    forces = _read_reference("forces.csv")
    aliases = _read_reference("force_aliases.csv")
    unknown = set(aliases["force_id"]) - set(forces["force_id"])
    if unknown:
        raise ValueError(f"force_aliases.csv names unknown force_id(s): {sorted(unknown)}")
    lists = aliases.groupby("force_id")["alias"].agg(sorted)
    forces["aliases"] = [lists.get(force_id, []) for force_id in forces["force_id"]]
    return forces


def load_forces() -> pd.DataFrame:
    """The 43 territorial forces: force_id, name, ons_code, country and their aliases (sorted list).
    A copy, so callers cannot alter the cached table."""
    return _forces().copy()


@lru_cache(maxsize=None)
def _force_keys() -> dict[str, str]:
    forces = _forces()
    pairs = [(name, force_id) for force_id, name in zip(forces["force_id"], forces["name"])]
    pairs += [(alias, force_id) for force_id, aliases in zip(forces["force_id"], forces["aliases"])
              for alias in aliases]
    lookup: dict[str, str] = {}
    for text, force_id in pairs:
        key = normalise_name(text)
        if lookup.setdefault(key, force_id) != force_id:
            raise ValueError(f"force key {key!r} ({text!r}) maps to both {lookup[key]} and {force_id}")
    return lookup


def force_lookup() -> dict[str, str]:
    """Normalised name -> force_id; building it fails loudly if one key would name two forces."""
    return dict(_force_keys())


def match_force(printed: str | None) -> str | None:
    """force_id for a printed force name, or None when it is missing or not a known force."""
    if not isinstance(printed, str):
        return None
    keys = _force_keys()
    return keys.get(normalise_name(printed)) or keys.get(unread_glyph_key(printed, keys, normalise_name))


UNREAD_MARK = "\ue000"  # stands in for an unread glyph while a name is folded (a private-use letter: kept)
UNREAD_READ_SHARE = 0.6  # of a key's letters a name with unread glyphs must have read to match it


def unread_glyph_key(printed: str, keys, normalise) -> str | None:
    """The one key among `keys` that a printed name with unread glyphs (U+FFFD, as a PDF gives
    ligatures such as 'ﬀ' and 'ﬃ' its fonts have no text for) can be, each unread glyph standing for
    one to three letters (and a space a measured gap may have put after it), where the letters read
    are most of the key's (UNREAD_READ_SHARE: '\ufffd Police' is no force). None where the name has
    no unread glyph, or where no key or several fit."""
    if UNREADABLE not in printed:
        return None
    folded = normalise(printed.replace(UNREADABLE, UNREAD_MARK)).replace(UNREAD_MARK + " ", UNREAD_MARK)
    pattern = re.compile("".join("[a-z]{1,3} ?" if char == UNREAD_MARK else re.escape(char) for char in folded))
    read = sum(char.isalpha() for char in folded if char != UNREAD_MARK)
    fitting = {key for key in keys
               if pattern.fullmatch(key) and read >= UNREAD_READ_SHARE * sum(char.isalpha() for char in key)}
    return fitting.pop() if len(fitting) == 1 else None


def add_force_ids(frame: pd.DataFrame, column: str = "force_printed") -> pd.DataFrame:
    """Copy of `frame` with `force_id` right after `column` (null where unmatched), replacing any
    earlier `force_id` so the step can be re-run."""
    out = frame.drop(columns="force_id", errors="ignore")
    ids = pd.Series([match_force(value) for value in out[column]], index=out.index, dtype="str")
    out.insert(out.columns.get_loc(column) + 1, "force_id", ids)
    return out


@lru_cache(maxsize=None)
def _areas() -> pd.DataFrame:
    return _read_reference("areas.csv")


def load_areas() -> pd.DataFrame:
    """Inspection areas: one row per (area_id, framework, label variant). A copy of the cached table."""
    return _areas().copy()


@lru_cache(maxsize=None)
def _area_keys() -> tuple[dict[tuple[str, str], str], dict[str, frozenset[str]]]:
    """(framework, key) -> area_id, and key -> every area_id it has in any framework. The same
    wording can mean different areas in different cycles ("Leadership and Force management")."""
    by_framework: dict[tuple[str, str], str] = {}
    anywhere: dict[str, set[str]] = {}
    areas = _areas()
    for area_id, framework, label in zip(areas["area_id"], areas["framework"], areas["label"]):
        key = normalise_area(label)
        if by_framework.setdefault((framework, key), area_id) != area_id:
            raise ValueError(f"area label {label!r} maps to both {by_framework[framework, key]} "
                             f"and {area_id} in {framework}")
        anywhere.setdefault(key, set()).add(area_id)
    return by_framework, {key: frozenset(ids) for key, ids in anywhere.items()}


def match_area(printed: str | None, cycle: str | None) -> str | None:
    """area_id for a printed area label, read in the framework of `cycle`; a label from another
    framework still matches when it means one area everywhere; a label cut short (as a column
    header printed past the page's edge is) matches the one area it can only be the start of
    (`cut_short_area`)."""
    return exact_area(printed, cycle) or cut_short_area(printed, cycle) or unread_glyph_area(printed, cycle)


def unread_glyph_area(printed: str | None, cycle: str | None) -> str | None:
    """area_id of the one area, in the framework of `cycle` (else in any), whose label a printed
    label with unread glyphs can be (`unread_glyph_key`)."""
    if not isinstance(printed, str):
        return None
    by_framework, anywhere = _area_keys()
    in_cycle = {key: area_id for (framework, key), area_id in by_framework.items() if framework == cycle}
    key = unread_glyph_key(printed, in_cycle, normalise_area)
    if key is not None:
        return in_cycle[key]
    key = unread_glyph_key(printed, anywhere, normalise_area)
    return next(iter(anywhere[key])) if key is not None and len(anywhere[key]) == 1 else None


def exact_area(printed: str | None, cycle: str | None) -> str | None:
    """area_id for a printed area label that is one of the area's labels, word for word."""
    if not isinstance(printed, str):
        return None
    by_framework, anywhere = _area_keys()
    key = normalise_area(printed)
    found = by_framework.get((cycle, key))
    if found is None and len(anywhere.get(key, ())) == 1:
        (found,) = anywhere[key]
    return found


CUT_SHORT_MIN_WORDS = 3  # a label cut short keeps at least this many words ...
CUT_SHORT_MIN_SHARE = 0.5  # ... and this share of the full label's words ...
CUT_WORD_SHARE = 0.6  # ... each with this share of its letters at least, or as many as CUT_WORD_LETTERS
CUT_WORD_LETTERS = 5  # (an edge cuts each line at a width, so a long word keeps a smaller share: 'organisa')
CUT_WORD_MIN_LETTERS, CUT_LETTERS_SHARE = 2, 0.4  # ... or this many, where the words kept hold this share of
#                                                  their words' letters ('Str pla organisa manage and va')


def cut_short_area(printed: str | None, cycle: str | None) -> str | None:
    """area_id of the one area whose label, in the framework of `cycle` (else in any framework),
    begins with the printed label's words and has few more: the rest of the label was lost in the
    printing (cut off at the page's edge), or the last letters of each of its lines, a header cell
    wrapped word by word ('Disruptin / serious / organise / crime'). None where the start could
    begin more than one area."""
    if not isinstance(printed, str):
        return None
    words = normalise_area(printed).split()
    if len(words) < CUT_SHORT_MIN_WORDS:
        return None
    by_framework, _ = _area_keys()
    for frameworks in ({cycle}, {framework for framework, _ in by_framework}):
        found = {area_id for (framework, key), area_id in by_framework.items()
                 if framework in frameworks and len(words) >= CUT_SHORT_MIN_SHARE * len(key.split())
                 and starts_word_by_word(words, key.split())}
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def starts_word_by_word(words: list[str], label: list[str]) -> bool:
    """Whether `words` begin `label` (`tables.repeated_headers.word_starts`), each word whole or the
    start of its word with most of its letters (`CUT_WORD_SHARE`, or `CUT_WORD_LETTERS`): after a
    word so cut, the label's next words may be missing altogether ('and valu[e for]' / 'money'). A
    header cell wrapped word by word and cut at the edge keeps only a word's first letters on every
    line ('Str / pla / organisa / manage / and va'): words cut shorter still (two letters at least)
    do, where the words kept hold CUT_LETTERS_SHARE of their words' letters."""
    pairs = word_starts(words, label, CUT_WORD_MIN_LETTERS)
    if pairs is None:
        return False
    short = any(len(word) < min(CUT_WORD_SHARE * len(whole), CUT_WORD_LETTERS) for word, whole in pairs)
    kept, letters = sum(len(word) for word, _ in pairs), sum(len(whole) for _, whole in pairs)
    return not short or kept >= CUT_LETTERS_SHARE * letters


def add_area_ids(frame: pd.DataFrame, column: str, cycle_column: str = "cycle") -> pd.DataFrame:
    """Copy of `frame` with `area_id` right after `column` (null where unmatched), replacing any
    earlier `area_id`."""
    out = frame.drop(columns="area_id", errors="ignore")
    ids = pd.Series([match_area(value, cycle) for value, cycle in zip(out[column], out[cycle_column])],
                    index=out.index, dtype="str")
    out.insert(out.columns.get_loc(column) + 1, "area_id", ids)
    return out


@lru_cache(maxsize=None)
def reference_words() -> frozenset[str]:
    """Every word of the forces' names and aliases, the areas' labels and the grade scale, casefolded
    and stripped of edge punctuation: words a policing document prints whether or not this one
    prints them elsewhere (they tell a word a narrow column broke from two words)."""
    forces = _forces()
    texts = list(forces["name"]) + [alias for aliases in forces["aliases"] for alias in aliases]
    texts += list(_areas()["label"]) + list(GRADES)
    return frozenset(word_key(word) for text in texts for word in text.split())
