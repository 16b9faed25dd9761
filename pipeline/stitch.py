"""Stitch: from the rows of each table part to logical rows.

What a page break or a wrapped cell splits is joined here: parts of one table on consecutive
pages are stitched into one table, a row split by a page break is re-joined (from the geometry
each part leaves: which cells could run on, which columns every whole row fills), and a row that
only carries on the key cells of the one above joins it. Which columns are a kind's keys, and how
its first key cell shows a page break cut it, comes from `kinds.py`.
"""
from __future__ import annotations

from typing import Callable

import pandas as pd

from pipeline.pdf.text import SENTENCE_ENDS, join_wrapped
from pipeline.tables import same_header

FOOT_LINES = 2.5  # a cell ending this many lines above its row's bottom did not run on over a page break
ROOM_LINES = 3.0  # a row ending this many lines above its page's foot was not cut by the page break
ROW_COLUMNS = ["table", "seq", "kind", "cycle", "section", "header", "cells", "page_first", "page_last",
               "x0", "x1", "top", "bottom"]


def stitched_tables(info: pd.DataFrame) -> list[int]:
    """Part → table: a part (one page's, `kind_tables`) continues the previous one when both are of
    the same kind, cycle, section and header (a table printed over several pages; one copy of its
    header may be cut short by the page's edge, `same_header`)."""
    places = list(zip(info["kind"], info["cycle"], info["section"]))
    headers = list(info["header"])
    tables = []
    for index, place in enumerate(places):
        continues = index > 0 and place == places[index - 1] and same_header(headers[index], headers[index - 1])
        tables.append(0 if index == 0 else tables[-1] + (not continues))
    return tables


def page_feet(lines: pd.DataFrame) -> dict[int, float]:
    """Per page, the foot of its printed area: the median, over the pages of its size, of the lowest
    line each prints (running footers left out). Pages a section leaves half empty make it lower,
    never higher, than the true foot."""
    pages = lines.groupby("page").agg(bottom=("bottom", "max"), height=("page_height", "first"))
    feet = pages.groupby("height")["bottom"].median()
    return pages["height"].map(feet).to_dict()


def part_rows(cells: pd.DataFrame, parts: pd.DataFrame) -> pd.DataFrame:
    """One row per body row of each part, its cells as a tuple aligned with the part's header
    (`parts`: each part's `header`, a part printed without one having its table's), and per cell
    whether it opens with the rest of a word the page before broke (`rests`)."""
    headers = dict(zip(parts["table"], parts["header"]))
    body = cells[~cells["header"].astype(bool)].sort_values(["table", "row", "col"])
    rows: dict[tuple[int, int], dict] = {}
    for table, row, col, text, page, spanned, x0, x1, top, bottom, rest in zip(
            *(body[c].tolist() for c in ["table", "row", "col", "text", "page", "spanned",
                                         "x0", "x1", "top", "bottom", "word_rest"])):
        header = headers.get(table, ("",))
        item = rows.get((table, row))
        if item is None:
            item = rows[(table, row)] = {"table": table, "row": row, "page": int(page), "header": header,
                                         "cells": [""] * len(header), "spanned": False,
                                         "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                                         "ends": [None] * len(header), "begins": [None] * len(header),
                                         "rests": [False] * len(header)}
        index = min(col, len(header) - 1)
        item["cells"][index] = (item["cells"][index] + " " + text).strip()
        item["ends"][index] = max(item["ends"][index] or bottom, bottom)
        item["begins"][index] = min(item["begins"][index] or top, top)
        item["spanned"] = item["spanned"] or bool(spanned)
        item["rests"][index] = item["rests"][index] or bool(rest)
        item["x0"], item["x1"] = min(item["x0"], x0), max(item["x1"], x1)
        item["top"], item["bottom"] = min(item["top"], top), max(item["bottom"], bottom)
    line = ((body["bottom"] - body["top"]) / body["lines"].clip(lower=1)).groupby(body["table"]).min()  # about a line
    line = line.astype(float).to_dict()
    records = [dict(item, cells=tuple(item["cells"]), rests=tuple(item["rests"]), line=line[item["table"]],
                    foot=reaching_foot(item["ends"], item["bottom"], line[item["table"]]),
                    set_lower=set_lower(item["begins"], item["top"], line[item["table"]]),
                    middles=tuple(None if begin is None else (begin + end) / 2
                                  for begin, end in zip(item["begins"], item["ends"])))
               for item in rows.values()]
    return pd.DataFrame(records, columns=["table", "row", "page", "header", "cells", "spanned",
                                          "x0", "x1", "top", "bottom", "foot", "set_lower", "middles", "line",
                                          "rests"])


def reaching_foot(ends: list[float | None], bottom: float, line: float) -> tuple[bool, ...]:
    """Per cell of a row, whether its text could run on over a page break below it: it is empty
    (cells centred vertically may print all of theirs after the break) or it ends less than
    FOOT_LINES lines above the row's bottom (`line`: the least height per printed line of any cell
    in its part, about a line of text). Word and LibreOffice may move a cell's last line or two
    over the break even where the page has room for them, but text that ended lines above the row's
    foot did not run on."""
    return tuple(end is None or end >= bottom - FOOT_LINES * line for end in ends)


def set_lower(begins: list[float | None], top: float, line: float) -> tuple[bool, ...]:
    """Per cell of a row, whether its text begins more than half a line (`line`, as in
    `reaching_foot`) below the row's first line: a cell centred vertically in a taller row."""
    return tuple(begin is not None and begin > top + line / 2 for begin in begins)


def keys_set_apart(cells: tuple[str, ...], lower: tuple[bool, ...], above: tuple[str, ...],
                   keys: tuple[int, ...]) -> bool:
    """Whether a row after a page break prints key cells of its own rather than the rest of the
    row above's: the row above prints every key cell; this row prints some, and every cell it
    prints opens an entry; and either each key cell it prints begins below its first line
    (`set_lower`: centred vertically), or it prints all of two or more (a cut row carries on its
    key cells only where the break fell through every one of them, and the rest of each then
    opens with a capital). 'West Yorkshire Police' or a new objective under a force printed once,
    centred lower down, opens a row of its own, whatever cell it leaves empty; the rest of a row
    cut through its centred force name ('Police (Good)' / 'handling' / 'provided feedback')
    carries a cell on."""
    printed = [index for index in keys if index < len(cells) and cells[index]]
    if not printed or not all(index < len(above) and above[index] for index in keys) or any(
            carries_on(text) for text in cells if text):
        return False
    return all(lower[index] for index in printed) or len(printed) == len(keys) >= 2


def carries_on(text: str) -> bool:
    """Cell text that cannot open an entry: empty, a sentence carrying on (lowercase), a parenthetical."""
    return not text or text[0].islower() or text[0] in "(),;:.-–"


def starts_new_row(cells: tuple[str, ...], key_columns: tuple[int, ...], after_page_break: bool) -> bool:
    """Whether a row opens a new logical row rather than continuing the one above.

    Within a page a row continues the one above only when every key cell carries on (a gap
    inside a cell). Right after a page break, one key cell carrying on is enough: a row split
    by the break may restart a wrapped cell with a capital ('City of London / Police').
    """
    carrying = [carries_on(cells[index] if index < len(cells) else "") for index in key_columns]
    if not carrying:
        return True
    return not (any(carrying) if after_page_break else all(carrying))


def key_cut(cut_by_break: Callable[[str, str], bool] | None, above: tuple[str, ...], cells: tuple[str, ...],
            keys: tuple[int, ...]) -> bool:
    """Whether a row after a page break carries on the first key cell of the row above, as its
    kind judges (`cut_by_break`, given the two cells' texts)."""
    first = keys[0]
    return (cut_by_break is not None and first < len(above) and first < len(cells)
            and cut_by_break(above[first], cells[first]))


def join_cells(first: tuple[str, ...], second: tuple[str, ...], rests: tuple[bool, ...]) -> tuple[str, ...]:
    """Cells of a row and of the rest of it, joined as wrapped text; a cell opening with the rest of
    a word the page broke (`rests`) joins the word's start without a space."""
    return tuple(a + b if rest and a and b else join_wrapped([a, b]) for a, b, rest in zip(first, second, rests))


def always_filled(rows: pd.DataFrame, table_of: dict[int, int]) -> dict[int, set[int]]:
    """Per table, the columns that every row of it fills, leaving out each part's first and last
    rows (either may be part of a row cut by a page break)."""
    filled: dict[int, set[int]] = {}
    position = rows.groupby("table").cumcount()
    from_end = rows.groupby("table").cumcount(ascending=False)
    for part, cells, edge in zip(rows["table"], rows["cells"], (position == 0) | (from_end == 0)):
        if edge:
            continue
        columns = {index for index, text in enumerate(cells) if text}
        table = table_of[part]
        filled[table] = filled[table] & columns if table in filled else columns
    return filled


def leaves_out(cells: tuple[str, ...], filled: set[int]) -> bool:
    """Whether a row leaves empty a column that every whole row of its table fills."""
    return any(index < len(cells) and not cells[index] for index in filled)


def is_cut_row_rest(cells: tuple[str, ...], above: tuple[str, ...], filled: set[int]) -> bool:
    """The rest of a row cut by a page break, below the row `above` it: it leaves empty a column
    that every whole row fills and the part above the break fills (only the cells whose text ran
    over the break carry on: 'Police | | Improvement | |'; cells centred vertically may leave the
    first part as bare: 'Suffolk | | | The system makes'). Two rows that leave the same column
    empty are two rows with an empty cell each: joined, they would not make a whole row."""
    return any(cells) and any(index < len(cells) and not cells[index] and index < len(above) and above[index]
                              for index in filled)


def could_run_on(cells: tuple[str, ...], foot: tuple[bool, ...]) -> bool:
    """Whether a row after a page break has text only in the columns where the row before the
    break could run on (`foot`: see `reaching_foot`); if not, it opens a row of its own (a new
    objective under a force cell printed once, at the top of a page)."""
    return all(reaches for text, reaches in zip(cells, foot) if text)


def is_cut_row_start(cells: tuple[str, ...], following: tuple[str, ...], filled: set[int],
                     keys: tuple[int, ...]) -> bool:
    """The first part of a row cut by a page break, before the `following` row: it leaves empty a
    column every whole row fills, and either it has none of its key cells (no row opens without
    one: cells centred vertically leave the first part of a cut row bare but for its longest
    cell) or the following row carries on a cell it began (a lowercase start). An empty cell
    printed so stays apart: the row after it opens its own cells."""
    keyless = not any(index < len(cells) and cells[index] for index in keys)
    return leaves_out(cells, filled) and (keyless or any(
        text and carries_on(following[index]) and following[index]
        for index, text in enumerate(cells[:len(following)])))


def opens_cut_row(cells: tuple[str, ...], following: tuple[str, ...] | None, filled: set[int],
                  keys: tuple[int, ...], apart_from_above: bool = False) -> bool:
    """Whether a table's last row on a page, without its key cells, opens the row that the first
    row of the next page (`following`) carries on, rather than carrying on the row above it: that
    row prints the key cells and carries on a cell this one began (it opens in lowercase, or this
    one's text stops short of a sentence's end: '... victims of fraud. The National' / 'Trading
    Standards' Scams Team ...'), or the row above is centred on its own lines (`apart_from_above`,
    see `centred_without`). Cells centred vertically print a cut row's short key cells after the
    break, its long cells either side of it."""
    if following is None or not keys:
        return False
    keyless = not any(index < len(cells) and cells[index] for index in keys)
    keyed = all(index < len(following) and following[index] for index in keys)
    carried = any(text and index < len(following) and following[index]
                  and (carries_on(following[index]) or not text.rstrip().endswith(SENTENCE_ENDS))
                  for index, text in enumerate(cells))
    return keyless and keyed and (carried or apart_from_above) and leaves_out(cells, filled)


def centred_without(above, bottom: float, keys: tuple[int, ...]) -> bool:
    """Whether a row (`above`, with its `middles` and `set_lower` per cell) is centred on its own
    lines without the lines below it down to `bottom`: its cells are centred vertically (some begin
    below its first line), and its key cells' middles lie nearer the middle of its own lines than of
    its lines and those below together. Were the lines below a paragraph of its cells, its key
    cells would have been centred lower."""
    middles = [above.middles[index] for index in keys
               if index < len(above.middles) and above.middles[index] is not None]
    if not any(above.set_lower) or not middles:
        return False
    own, joined = (above.top + above.bottom) / 2, (above.top + bottom) / 2
    return all(abs(middle - own) < abs(middle - joined) for middle in middles)


def ended_above_foot(bottom: float, page: int, line: float, page_foot: dict[int, float]) -> bool:
    """Whether a table's last row on a page ends more than ROOM_LINES lines (`line`, as in
    `reaching_foot`) above the foot of the page's printed area (`page_foot`): the page had room for
    more of it, so the break did not cut it, and the next page's first row is a row of its own,
    whatever cell it leaves empty (a row kept whole, moved to the next page)."""
    foot = page_foot.get(page)
    return foot is not None and foot - bottom > ROOM_LINES * line


def stitch_continued_rows(rows: pd.DataFrame, parts: pd.DataFrame, key_columns: dict[str, tuple[int, ...]],
                          page_foot: dict[int, float] | None = None,
                          keys_cut: dict[str, Callable[[str, str], bool]] | None = None) -> pd.DataFrame:
    """Logical rows: parts of one table are stitched, and rows continued over a page break or a
    wrapped key cell are joined to the row they continue.

    A row whose first cell is merged with the one above (`spanned`, seen in the rulings) takes
    that cell's text: a new objective under a merged force cell is a new row of the same force.

    `parts` gives each part's kind, cycle, section and `stitched` table. The first row
    of a part continuing on a later page carries on the row cut by the page break when
    `starts_new_row` says so or when it or the row it follows is plainly part of a cut row
    (`is_cut_row_rest`), or its first key cell carries on the one above as the kind says
    (`keys_cut`: per kind, `kinds.TableKind.key_cut_by_break`), unless the row above ended with
    room below it (`ended_above_foot`; `page_foot`: per page, the foot of its printed area); the
    first row under a header repeated on the same page is a row of its own.
    """
    page_foot = page_foot or {}
    keys_cut = keys_cut or {}
    meta = parts.set_index("table")
    table_of = dict(zip(parts["table"], parts["stitched"]))
    filled = always_filled(rows, table_of)
    first_rows = rows.groupby("table").first()
    on_next_page = {part: first_rows.loc[part + 1, "cells"] for part in first_rows.index
                    if part + 1 in first_rows.index and table_of[part + 1] == table_of[part]
                    and first_rows.loc[part + 1, "page"] > first_rows.loc[part, "page"]}
    logical: list[dict] = []
    first_header: dict[int, tuple[str, ...]] = {}
    for part_id, part in rows.groupby("table", sort=True):
        info = meta.loc[part_id]
        table_id = table_of[part_id]
        continues = table_id in first_header
        first_header.setdefault(table_id, part["header"].iloc[0])  # a stitched table keeps its first header
        keys = key_columns[info["kind"]]
        for position, row in enumerate(part.itertuples(index=False)):
            same_table = bool(logical) and logical[-1]["table"] == table_id
            after_page_break = continues and position == 0 and same_table and row.page > logical[-1]["page_last"]
            whole = filled.get(table_id, set())
            apart = after_page_break and (not could_run_on(row.cells, logical[-1]["foot"])
                                          or keys_set_apart(row.cells, row.set_lower, logical[-1]["cells"], keys)
                                          or ended_above_foot(logical[-1]["ends_at"], logical[-1]["page_last"],
                                                              logical[-1]["line"], page_foot))
            cut = after_page_break and bool(keys) and (
                is_cut_row_rest(row.cells, logical[-1]["cells"], whole)
                or is_cut_row_start(logical[-1]["cells"], row.cells, whole, keys)
                or key_cut(keys_cut.get(info["kind"]), logical[-1]["cells"], row.cells, keys))
            under_repeated_header = continues and position == 0 and not after_page_break
            apart |= position == len(part) - 1 and not after_page_break and opens_cut_row(
                row.cells, on_next_page.get(part_id), whole, keys,
                position > 0 and centred_without(part.iloc[position - 1], row.bottom, keys))
            if same_table and not under_repeated_header and not apart and (
                    cut or not starts_new_row(row.cells, keys, after_page_break)):
                last = logical[-1]
                last["cells"] = join_cells(last["cells"], row.cells, row.rests)
                last["foot"] = row.foot
                last["page_last"], last["ends_at"] = row.page, row.bottom
                last["x0"], last["x1"] = min(last["x0"], row.x0), max(last["x1"], row.x1)
                last["bottom"] = row.bottom if row.page == last["page_first"] else last["bottom"]
                continue
            cells = row.cells
            if row.spanned and not cells[0] and same_table:
                cells = (logical[-1]["cells"][0],) + cells[1:]
            logical.append({
                "table": table_id, "kind": info["kind"], "cycle": info["cycle"], "section": info["section"],
                "header": first_header[table_id],
                "cells": cells, "foot": row.foot, "page_first": row.page, "page_last": row.page,
                "x0": row.x0, "x1": row.x1, "top": row.top, "bottom": row.bottom,
                "ends_at": row.bottom, "line": row.line,
            })
    frame = pd.DataFrame(logical, columns=[c for c in ROW_COLUMNS if c != "seq"])
    frame.insert(1, "seq", frame.groupby("table").cumcount() + 1)
    return frame
