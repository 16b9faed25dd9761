"""A header row repeated on every page a table runs on to: the same cells each time, but a printing
may cut one copy's words short (a column set past the page's edge keeps only what reaches onto the
page: 'Disrup / ser / organ / c'). Such a copy still heads the same table, and reads as the copy
that prints the cell whole."""
from __future__ import annotations


def word_starts(words: list[str], label: list[str], min_letters: int = 1) -> list[tuple[str, str]] | None:
    """The pairs (word, the word of `label` it begins) where `words` begin `label` word by word, each
    word whole or the start of its word with `min_letters` at least; after a word so cut, words of
    `label` may be missing altogether (the rest of that line lost past the page's edge), and so may
    its last words. None where they do not."""
    pairs: list[tuple[str, str]] = []
    for whole in label:
        if len(pairs) == len(words):
            break
        word = words[len(pairs)]
        if whole.startswith(word) and (word == whole or len(word) >= min_letters):
            pairs.append((word, whole))
        elif not pairs or pairs[-1][0] == pairs[-1][1]:
            return None
    return pairs if len(pairs) == len(words) else None


def cut_short(cut: str, whole: str) -> bool:
    """Whether `cut` reads as `whole` with words cut short (`word_starts`, case aside)."""
    words, full = cut.casefold().split(), whole.casefold().split()
    return bool(words) and words != full and word_starts(words, full) is not None


def alike(first: str, second: str) -> bool:
    return first.casefold().split() == second.casefold().split()


def same_header(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Whether two header rows are one, cell by cell alike (spacing and case aside) or one cut short
    (`cut_short`)."""
    return len(first) == len(second) and all(
        alike(a, b) or cut_short(a, b) or cut_short(b, a) for a, b in zip(first, second))


def whole_cell(texts: tuple[str, ...]) -> str | None:
    """The text of one header cell as its copies print it, of which every other copy is alike or cut
    short (None where there is no such text)."""
    return next((text for text in texts if all(alike(other, text) or cut_short(other, text) for other in texts)),
                None)


def whole_headers(headers: list[tuple[str, ...]], tables: list) -> list[tuple[str, ...]]:
    """Each header row (`tables`: the table each heads), every cell cut short read as the copies of the
    same table's header that print it whole (`whole_cell`)."""
    copies: dict = {}
    for header, table in zip(headers, tables):
        copies.setdefault(table, []).append(header)
    whole = {table: [whole_cell(column) for column in zip(*rows)] if len({len(row) for row in rows}) == 1 else []
             for table, rows in copies.items()}
    return [tuple(whole[table][col] if whole[table] and whole[table][col] and cut_short(cell, whole[table][col])
                  else cell for col, cell in enumerate(header))
            for header, table in zip(headers, tables)]
