"""Write `ligature_words.txt`: the English words with letters text engines draw as one ligature
(ff, fi, fl, ffi, ffl). `unread_ligatures` weighs a glyph it cannot read by them: 'sta\ufffd' ends
as 'staff' does, and no English word ends in 'tafi'.

    python pipeline/pdf/data/make_ligature_words.py /usr/share/hunspell/en_US.dic

Each stem is written out with the suffixes and prefixes its flags allow (the .aff beside it), so
that 'identified' is there as well as 'identify'.

The words are SCOWL's (Debian's hunspell-en-us), Copyright 2000-2011 by Kevin Atkinson: "Permission
to use, copy, modify, distribute and sell these word lists, the associated scripts, the output
created from the scripts, and its documentation for any purpose is hereby granted without fee,
provided that the above copyright notice appears in all copies and that both that copyright
notice and this permission notice appear in supporting documentation. Kevin Atkinson makes no
representations about the suitability of this array for any purpose. It is provided "as is"
without express or implied warranty."
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

LIGATURE = re.compile("ffi|ffl|ff|fi|fl")  # the longest first, as a text engine ligates
HEADER = ("# English words with letters drawn as one ligature (ff, fi, fl, ffi, ffl): SCOWL, Copyright\n"
          "# 2000-2011 by Kevin Atkinson (see make_ligature_words.py for its notice)\n")


def affix_rules(aff: Path) -> dict[str, list[tuple[str, str, str, re.Pattern]]]:
    """Flag → its rules (kind 'PFX' or 'SFX', letters stripped, letters added, condition)."""
    rules: dict[str, list] = {}
    for fields in (line.split() for line in aff.read_text(encoding="latin-1").splitlines()):
        if len(fields) >= 5 and fields[0] in ("PFX", "SFX"):
            kind, flag, strip, add, condition = fields[:5]
            pattern = re.compile(f"^{condition}" if kind == "PFX" else f"{condition}$")
            rules.setdefault(flag, []).append((kind, "" if strip == "0" else strip, "" if add == "0" else add, pattern))
    return rules


def word_forms(stem: str, flags: str, rules: dict) -> list[str]:
    """The stem and each form its flags' affixes make of it."""
    forms = [stem]
    for flag in flags:
        for kind, strip, add, condition in rules.get(flag, []):
            if not condition.search(stem):
                continue
            if kind == "SFX" and stem.endswith(strip):
                forms.append(stem[:len(stem) - len(strip)] + add)
            elif kind == "PFX" and stem.startswith(strip):
                forms.append(add + stem[len(strip):])
    return forms


def main(dictionary: Path) -> None:
    rules = affix_rules(dictionary.with_suffix(".aff"))
    words = set()
    for line in dictionary.read_text(encoding="latin-1").splitlines()[1:]:
        stem, _, flags = line.strip().partition("/")
        words |= {form.casefold() for form in word_forms(stem, flags, rules) if form.isalpha() and form.isascii()}
    out = Path(__file__).with_name("ligature_words.txt")
    out.write_text(HEADER + "\n".join(sorted(word for word in words if LIGATURE.search(word))) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
