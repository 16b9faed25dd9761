"""Text clean-up shared by the stages: Unicode normalisation and joining wrapped lines."""
from __future__ import annotations

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
