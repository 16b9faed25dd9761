"""Text clean-up shared by the stages: Unicode normalisation and joining wrapped lines."""
from __future__ import annotations

import unicodedata


def normalise_text(text: str) -> str:
    """NFKC (which also expands ligatures such as 'ﬁ'), soft hyphens removed, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return " ".join(text.split())


def join_wrapped(parts: list[str]) -> str:
    """Join wrapped pieces of text with single spaces; a piece ending in a hyphen joins without one."""
    text = ""
    for part in parts:
        if not part:
            continue
        text = part if not text else (text + part if text.endswith("-") else text + " " + part)
    return text
