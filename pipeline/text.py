"""Text clean-up shared by the stages: Unicode normalisation and joining wrapped lines."""
from __future__ import annotations

import re
import unicodedata


UNREADABLE = "\ufffd"  # a glyph the PDF gives no text for


def normalise_text(text: str) -> str:
    """NFKC (which also expands ligatures such as 'ﬁ'), soft hyphens removed, spaces collapsed,
    and control characters shown as U+FFFD: a PDF whose font maps a glyph to no text (as a
    re-distilled PDF can for a dash) yields a bare glyph code such as U+0001."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    if any(unicodedata.category(char) == "Cc" for char in text):
        text = "".join(UNREADABLE if unicodedata.category(char) == "Cc" and not char.isspace() else char
                       for char in text)
    return " ".join(text.split())


def join_wrapped(parts: list[str]) -> str:
    """Join wrapped pieces of text with single spaces; a piece ending in a hyphen joins without one."""
    text = ""
    for part in parts:
        if not part:
            continue
        text = part if not text else (text + part if text.endswith("-") else text + " " + part)
    return text


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def sentences(line_texts: tuple[str, ...], line_pages: tuple[int, ...]) -> list[tuple[str, int]]:
    """The sentences of a run of printed lines, each with the page it starts on."""
    if not line_texts:
        return []
    text, starts = "", []
    for line, page in zip(line_texts, line_pages):
        starts.append((len(text) + (1 if text else 0), page))
        text = join_wrapped([text, line])
    found, offset = [], 0
    for sentence in SENTENCE_END.split(text):
        offset = text.find(sentence, offset)
        found.append((sentence.strip(), [page for start, page in starts if start <= offset][-1]))
    return [(sentence, page) for sentence, page in found if sentence]
