"""A header row repeated on every page a table runs on to: the same cells each time, but a printing
may cut one copy's words short (a column set past the page's edge keeps only what reaches onto the
page: 'Disrup / ser / organ / c'). Such a copy still heads the same table, and reads as the copy
that prints the cell whole."""
from __future__ import annotations


def cut_short(cut: str, whole: str) -> bool:
    """Whether `cut` reads as `whole` with words cut short: each of its words begins the next word of
    `whole` (case aside); after a word so cut, words of `whole` may be missing altogether (the rest
    of that line lost past the edge), and so may its last words."""
    words, full = cut.casefold().split(), whole.casefold().split()
    if not words or words == full:
        return False
    position, after_cut = 0, False
    for whole_word in full:
        if position == len(words):
            break
        if whole_word.startswith(words[position]):
            after_cut = words[position] != whole_word
            position += 1
        elif not after_cut:
            return False
    return position == len(words)


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
