"""Coverage: how much of the text printed inside each table's regions reached its published rows.

Measured per document by the workers, so a lost cell shows up as words that no row holds;
`validate.coverage_findings` turns a shortfall into a finding.
"""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd

NOT_TEXT = {"source_file", "source_sha256", "cycle", "force_id", "area_id", "status", "grade", "force_grade",
            "section_grade", "section_evidence"}


def text_values(frame: pd.DataFrame) -> list[str]:
    """The printed text a table's rows hold (normalised and provenance columns left out)."""
    columns = [c for c in frame.columns if c not in NOT_TEXT and frame[c].dtype in (object, "str", "string")]
    return [value for column in columns for value in frame[column].dropna() if isinstance(value, str)]


AFTER_HYPHEN = re.compile(r"(?<=-)")


def tokens(text: str) -> list[str]:
    """Comparable pieces of text: split at spaces and after hyphens (a wrap may join 'problem-' and
    'solving'), brackets stripped (a force cell's '(Good)' is published as 'Good')."""
    pieces = [piece.strip("()") for word in text.split()
              for piece in (AFTER_HYPHEN.split(word) if "-" in word else (word,))]
    return [piece for piece in pieces if piece]


def text_coverage(region_words: pd.DataFrame, texts: dict[str, list[str]]) -> pd.DataFrame:
    """Per table: the share of the characters printed in its regions that some row holds, and the
    words that none does (in page order), so a loss can be seen, not only counted. Two printed
    pieces that a row holds as one word (a word its column broke, mended) are held."""
    rows = []
    for table, words in region_words.groupby("table", sort=True):
        available = Counter(token for text in texts.get(table, []) for token in tokens(text))
        printed = [(int(page), token) for page, word in zip(words["page"], words["text"]) for token in tokens(word)]
        failed = []
        for page, token in printed:
            if available[token] > 0:
                available[token] -= 1
            else:
                failed.append((page, token))
        held_in_pieces = pieces_of(available, Counter(token for _, token in failed))
        total = sum(len(token) for _, token in printed)
        lost = []
        for page, token in failed:
            if held_in_pieces[token] > 0:
                held_in_pieces[token] -= 1
            else:
                lost.append((page, token))
        lost_chars = sum(len(token) for _, token in lost)
        rows.append({"table": table, "region_chars": total, "covered_chars": total - lost_chars,
                     "coverage": (total - lost_chars) / total if total else 1.0,
                     "lost_text": " ".join(token for _, token in lost), "page": lost[0][0] if lost else None})
    return pd.DataFrame(rows, columns=["table", "region_chars", "covered_chars", "coverage", "lost_text", "page"])


def pieces_of(available: Counter, missing: Counter) -> Counter:
    """How many of each missing token are the first or second piece of a word the rows hold and the
    printing did not show whole ('Improveme' and 'nt' of 'Improvement')."""
    held = Counter()
    for word, count in available.items():
        for cut in range(1, len(word)):
            first, second = word[:cut], word[cut:]
            pairs = min(count, missing[first] - held[first], missing[second] - held[second])
            if first != second and pairs > 0:
                held[first] += pairs
                held[second] += pairs
                count -= pairs
    return held


def down_to_closing_rules(boxes: pd.DataFrame, horizontal: dict[int, pd.DataFrame], headings: pd.DataFrame,
                          slack: float = 1.0) -> pd.DataFrame:
    """Each table part's box (page, x0, x1, top, bottom) reaching down to the rule that closes it:
    the first horizontal rule under it (`horizontal`: each page's, collinear pieces joined) spanning
    it from end to end as the nearest such rule over its top does (to within `slack` points; a
    booktabs table's bottom rule under its top rule), no heading between (`headings`: page, top; the
    next table's top rule, under the next section's heading, closes no table above it), nor past the
    top of another part below it (a header row the page left at its foot is read apart, and its
    words are counted once). The rows between its last row read and that rule are the table's too:
    a reader that ended the table early lost them, and they are counted."""
    bottoms = boxes["bottom"].to_numpy(float).copy()
    page, tops = boxes["page"].to_numpy(), boxes["top"].to_numpy(float)
    for k, box in enumerate(boxes.itertuples(index=False)):
        rules = horizontal.get(box.page)
        if rules is None or rules.empty:
            continue
        spanning = rules[(rules["x0"] <= box.x0 + slack) & (rules["x1"] >= box.x1 - slack)]
        over = spanning[spanning["top"] <= box.top]
        if over.empty:
            continue
        opening = over.loc[over["top"].idxmax()]
        closing = spanning[(spanning["top"] > box.bottom) & ((spanning["x0"] - opening["x0"]).abs() <= slack)
                           & ((spanning["x1"] - opening["x1"]).abs() <= slack)]
        below = float(closing["top"].min()) if len(closing) else None
        if below is not None and not ((headings["page"] == box.page) & (headings["top"] > box.bottom)
                                      & (headings["top"] < below)).any():
            parts_below = tops[(page == box.page) & (tops > box.bottom)]
            bottoms[k] = min([below, *parts_below.tolist()])
    return boxes.assign(bottom=bottoms)


OFF_PAGE_COLUMNS = ["page", "kind", "text", "outside"]
PAGE_EDGE_PT = 1.0  # a rule this close to the page's edge reaches it: what it rules may go on past the edge
WORD_EDGE_PT = 2.0  # a word this close to it touches it: nothing is set so near an edge but what runs past it


def table_extents(cells: pd.DataFrame) -> pd.DataFrame:
    """Each table's extent on each of its pages (page, top, bottom), from its cells."""
    return cells.groupby(["table", "page"], as_index=False).agg(top=("top", "min"), bottom=("bottom", "max"))


def _beside(frame: pd.DataFrame, extents: pd.DataFrame) -> pd.Series:
    """Whether each item (page, top, bottom) lies at the height of a table on its page."""
    beside = pd.Series(False, index=frame.index)
    for extent in extents.itertuples(index=False):
        beside |= (frame["page"] == extent.page) & (frame["bottom"] >= extent.top) & (frame["top"] <= extent.bottom)
    return beside


def off_page_beside_tables(off_page: pd.DataFrame, rulings: pd.DataFrame, page_sizes: pd.DataFrame,
                           extents: pd.DataFrame, words: pd.DataFrame) -> pd.DataFrame:
    """What runs off a page at the height of a table on it (`extents`): words past the page's edge
    or wholly `outside` it (`Document.off_page`), rules that reach its edge (`page_sizes`: page,
    page_width, page_height), and words on the page that touch it (`words`, the page's; a printer
    that clips the page draws a column cut there up to the edge and none past it). Nothing is printed
    off the page: a table set wider than its page has lost there what runs off it, and a printer that
    drew the page again may have kept only part."""
    past = off_page[_beside(off_page, extents)].assign(kind="word")
    touching = words[at_edge(words, WORD_EDGE_PT) & _beside(words, extents)]
    touching = touching[~touching.set_index(["page", "x0", "top"]).index.isin(
        off_page.set_index(["page", "x0", "top"]).index)].assign(kind="edge", outside=False)
    sized = rulings.merge(page_sizes, on="page")
    rules = sized[at_edge(sized, PAGE_EDGE_PT) & _beside(sized, extents)].assign(kind="rule", text="", outside=False)
    return pd.concat([past[OFF_PAGE_COLUMNS], touching[OFF_PAGE_COLUMNS], rules[OFF_PAGE_COLUMNS]],
                     ignore_index=True).astype({"page": int, "outside": bool})


def at_edge(frame: pd.DataFrame, within: float) -> pd.Series:
    """Whether each box (x0, x1, top, bottom, with its page_width and page_height) comes within
    `within` points of its page's edge or past it."""
    return ((frame["x0"] <= within) | (frame["x1"] >= frame["page_width"] - within)
            | (frame["top"] <= within) | (frame["bottom"] >= frame["page_height"] - within))


BLANK_PAST_EDGE_COLUMNS = ["kind", "cycle", "section", "page", "header", "blank", "labels"]


def blank_cells_past_edge(cells: pd.DataFrame, parts: pd.DataFrame, page_sizes: pd.DataFrame) -> pd.DataFrame:
    """Per column of a table part that runs past its page's edge (it starts past the edge, or a
    cell of it reaches beyond), how many of its rows leave it blank, and those rows' first cells
    (`labels`; a row's part carried over a page break, with no first cell, is not counted). Off the
    page nothing is printed, and a printer that drew the page again may have kept only the words
    that reach onto it: a short grade centred in a cut column ('Good') lies wholly outside and is
    gone, a long one ('Requires improvement') is kept. A blank there is no evidence of a blank cell.
    (`parts`: one row per part, its kind, cycle, section, header cells and column starts, as
    `extract_cells` gives them.)"""
    width = page_sizes.set_index("page")["page_width"]
    sized = cells.merge(page_sizes, on="page")
    reaching = sized[(sized["x1"] > sized["page_width"] + PAGE_EDGE_PT) | (sized["x0"] < -PAGE_EDGE_PT)]
    reaching = reaching.groupby("table")["col"].agg(set)
    body = dict(tuple(cells[~cells["header"].astype(bool)].groupby("table")))
    rows = []
    for part in parts.itertuples(index=False):
        edge = float(width.get(part.page, float("inf")))
        past = reaching.get(part.table, set()) | {col for col, start in enumerate(part.starts)
                                                   if start >= edge - PAGE_EDGE_PT}
        mine = body.get(part.table)
        if not past or mine is None:
            continue
        labelled = mine[mine["col"] == 0].sort_values("row")
        for col in sorted(past):
            blank = labelled[~labelled["row"].isin(mine.loc[mine["col"] == col, "row"])]
            if len(blank):
                rows.append({"kind": part.kind, "cycle": part.cycle, "section": part.section, "page": int(part.page),
                             "header": part.header[col] if col < len(part.header) else "", "blank": len(blank),
                             "labels": "; ".join(blank["text"])})
    return pd.DataFrame(rows, columns=BLANK_PAST_EDGE_COLUMNS)
