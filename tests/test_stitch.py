"""Rows a page break cut in two joined again (`pipeline/stitch.py`), on small frames of parts' rows:
a key cell carried on, rows opening under a repeated header, rows centred in their height, and
rows that are rows of their own though the page broke near them."""
from __future__ import annotations

import pandas as pd

from pipeline import clean, stitch


def row(cells: tuple[str, ...], page: int, table: int = 0, r: int = 0,
        foot: tuple[bool, ...] = (True,) * 4, set_lower: tuple[bool, ...] = (False,) * 4,
        middles: tuple[float | None, ...] = (None,) * 4, rests: tuple[bool, ...] = (False,) * 4) -> dict:
    return {"table": table, "row": r, "page": page, "spanned": False,
            "header": ("Force (grading)", "Objective", "Detail", "Outcome"),
            "cells": cells, "x0": 0.0, "x1": 1.0, "top": 0.0, "bottom": 1.0, "foot": foot, "set_lower": set_lower,
            "middles": middles, "line": 10.0, "rests": rests}


PARTS = pd.DataFrame([{"table": 0, "kind": "practices", "cycle": "2023-25", "section": "S", "stitched": 0},
                       {"table": 1, "kind": "practices", "cycle": "2023-25", "section": "S", "stitched": 0}])
KEYS = {"practices": (0, 1)}


def test_row_split_by_a_page_break_is_rejoined():
    rows = pd.DataFrame([
        row(("City of London", "To routinely identify", "From arriving", "Fewer"), page=14),
        row(("Police (Good)", "opportunities to pursue", "related incident", "cases"), page=15, table=1),
        row(("Kent Police (Good)", "To help", "Dogs", "Calmer"), page=15, table=1, r=1),
    ])
    logical = stitch.stitch_continued_rows(rows, PARTS, KEYS)
    assert len(logical) == 2
    first = logical.iloc[0]
    assert first["cells"][0] == "City of London Police (Good)"
    assert first["cells"][1] == "To routinely identify opportunities to pursue"
    assert (first["page_first"], first["page_last"]) == (14, 15)


def test_a_force_cell_the_page_break_cut_in_two_joins_though_its_rest_opens_with_a_capital():
    """h33-chromium-e7070-c23-a4a5-27 (cells set at the top, header not repeated): the break falls
    through 'Greater Manchester / Police (Adequate)' and 'To monitor the compliance of / Domestic
    Abuse Prevention orders'. Both keys restart with a capital, but 'Police (Adequate)' names no
    force while the two parts together do (`clean.force_cut_by_break`, declared in kinds.py). A
    row of a force the reference does not hold, or of a force of its own, stays a row."""
    whole = [row(("Kent Police (Good)", "To help", "Dogs.", "Calmer."), page=4, r=r) for r in (1, 2)]
    above = row(("Greater Manchester", "To monitor the compliance of", "monitor compliance with Domestic Violence",
                 "Since May 2023, there have been"), page=4)

    def after_break(force: str) -> dict:
        return row((force, "Domestic Abuse Prevention orders", "Prevention Orders (DVPOs).",
                    "notifications, which has resulted"), page=5, table=1)

    cut = {"practices": clean.force_cut_by_break}
    joined = stitch.stitch_continued_rows(pd.DataFrame([*whole, above, after_break("Police (Adequate)")]), PARTS,
                                          KEYS, keys_cut=cut)
    assert len(joined) == 3
    assert joined.iloc[-1]["cells"][:2] == ("Greater Manchester Police (Adequate)",
                                            "To monitor the compliance of Domestic Abuse Prevention orders")
    for force in ("Durham Constabulary (Good)", "British Transport Police (Good)"):
        rows = pd.DataFrame([*whole, above, after_break(force)])
        assert len(stitch.stitch_continued_rows(rows, PARTS, KEYS, keys_cut=cut)) == 4
    assert len(stitch.stitch_continued_rows(pd.DataFrame([*whole, above, after_break("Police (Adequate)")]),
                                            PARTS, KEYS)) == 4  # a kind that declares no such test


def test_key_cells_centred_below_the_first_line_after_a_page_break_open_a_row_of_their_own():
    """Cells centred vertically: after the break, a row leaving its objective and detail empty
    (which every whole row fills) prints 'West Yorkshire Police' lower than its outcome's first
    line, so it is not a force name run on over the break; the same row with its force at the top
    joins. (A row printing both of its keys opens its own, wherever they are set: test below.)"""
    above = row(("West Midlands Police (Inadequate)", "To develop national practice", "The Force is assisting",
                 "The Force told HMICFRS"), page=5)
    whole = [row(("Kent Police (Good)", "To help", "Dogs", "Calmer"), page=5, r=r) for r in (1, 2)]
    def after(lower: tuple[bool, ...]) -> dict:
        return row(("West Yorkshire Police (Requires improvement)", "", "", "Since the introduction"), page=6,
                   table=1, set_lower=lower)

    centred = stitch.stitch_continued_rows(pd.DataFrame([*whole, above, after((True, True, False, False))]),
                                           PARTS, KEYS)
    assert len(centred) == 4 and centred.iloc[-1]["cells"][0] == "West Yorkshire Police (Requires improvement)"
    at_top = stitch.stitch_continued_rows(pd.DataFrame([*whole, above, after((False,) * 4)]), PARTS, KEYS)
    assert len(at_top) == 3
    # the rest of a row cut through its centred force name carries a cell on: it joins the row above
    rest = row(("Police (Requires improvement)", "handling", "provided feedback", ""), page=6, table=1,
               set_lower=(True, True, False, False))
    cut = stitch.stitch_continued_rows(pd.DataFrame([*whole, above, rest]), PARTS, KEYS)
    assert len(cut) == 3 and cut.iloc[-1]["cells"][1] == "To develop national practice handling"


def test_a_cell_is_set_lower_when_it_begins_half_a_line_below_its_row():
    assert stitch.set_lower([54.2, 62.4, None, 54.0], top=54.0, line=11.0) == (False, True, False, False)


def test_a_row_after_a_page_break_with_text_where_the_row_above_ended_early_is_a_row_of_its_own():
    # the objective above ended in the upper half of its row: it cannot have run on over the break
    rows = pd.DataFrame([
        row(("Kent Police (Good)", "To help", "Dogs", "Calmer"), page=3, r=0),
        row(("Northamptonshire Police", "To limit bail", "The lead times", "HMICFRS explain"), page=3, r=1,
            foot=stitch.reaching_foot([710.0, 725.0, 790.0, 800.0], bottom=800.0, line=10.0)),
        row(("", "To prioritise resources", "Officers now", "Outcome"), page=4, table=1),
        row(("Surrey Police (Good)", "To help", "Dogs", "Calmer"), page=4, table=1, r=1),
    ])
    logical = stitch.stitch_continued_rows(rows, PARTS, KEYS)
    assert [cells[1] for cells in logical["cells"]] == ["To help", "To limit bail", "To prioritise resources",
                                                        "To help"]


def test_two_rows_that_leave_the_same_column_empty_over_a_page_break_stay_two_rows():
    rows = pd.DataFrame([
        row(("Kent Police (Good)", "To help", "Dogs", "Calmer"), page=2, r=0),
        row(("Surrey Police (Good)", "To know", "Cats", "Fewer"), page=2, r=1),
        row(("Cheshire Constabulary (Adequate)", "To support victims", "", "Victims feel"), page=2, r=2),
        row(("Durham Constabulary (Requires improvement)", "To reduce demand", "", "A reduction"), page=3, table=1),
        row(("Essex Police (Good)", "To help", "Dogs", "Calmer"), page=3, table=1, r=1),
        row(("Dorset Police (Good)", "To help", "Dogs", "Calmer"), page=3, table=1, r=2),
    ])
    logical = stitch.stitch_continued_rows(rows, PARTS, KEYS)
    assert len(logical) == 6


def test_a_page_s_last_row_without_its_keys_opens_the_row_the_next_page_carries_on():
    # cells centred vertically: a cut row's long cells start above the break, its key cells print after it
    rows = pd.DataFrame([
        row(("Kent Police (Good)", "To help", "Dogs", "Calmer"), page=7, r=0),
        row(("Northamptonshire Police", "To monitor", "Officers complete a form", "Gaps found"), page=7, r=1),
        row(("", "", "The Force sends letters where their", "Employers are given"), page=7, r=2),
        row(("South Wales Police (Good)", "To prevent harm", "offending may cause harm", "that will empower"),
            page=8, table=1),
        row(("Surrey Police (Good)", "To help", "Dogs", "Calmer"), page=8, table=1, r=1),
    ])
    logical = stitch.stitch_continued_rows(rows, PARTS, KEYS)
    assert [cells[2] for cells in logical["cells"]] == [
        "Dogs", "Officers complete a form", "The Force sends letters where their offending may cause harm", "Dogs"]
    assert logical.iloc[2]["cells"][0] == "South Wales Police (Good)"


def test_empty_force_cell_with_a_new_objective_is_a_new_row_without_a_force():
    rows = pd.DataFrame([
        row(("Kent Police (Good)", "To prioritise", "A", "B"), page=3),
        row(("", "To support families", "C", "D"), page=3, r=1),
        row(("", "", "more detail", ""), page=3, r=2),
    ])
    logical = stitch.stitch_continued_rows(rows, PARTS, KEYS)
    assert [cells[1] for cells in logical["cells"]] == ["To prioritise", "To support families"]
    assert logical.iloc[1]["cells"][2] == "C more detail"
    tidy = clean.tidy_practices(logical)
    assert tidy["force_printed"].isna().tolist() == [False, True]


def test_a_row_after_a_page_break_is_its_own_where_the_row_above_ended_with_room_below_it():
    """A row kept whole and moved to the next page, its objective and detail cells empty, looks like
    the rest of a cut row; but the row above ended five lines above the page's foot: the break did
    not cut it."""
    whole = [row(("Kent Police (Good)", "To help", "Dogs", "Calmer"), page=5, r=r) for r in (1, 2)]
    above = dict(row(("West Yorkshire Police", "To improve awareness", "A tracker", "It helps"), page=5),
                 bottom=650.0)
    moved = row(("Wiltshire Police (Adequate)", "", "", "Members showed"), page=6, table=1)
    rows = pd.DataFrame([*whole, above, moved])
    assert len(stitch.stitch_continued_rows(rows, PARTS, KEYS)) == 3  # no foot known: joined as a cut row
    apart = stitch.stitch_continued_rows(rows, PARTS, KEYS, page_foot={5: 700.0, 6: 700.0})
    assert apart["cells"].iloc[-1][0] == "Wiltshire Police (Adequate)" and len(apart) == 4
    reaching = stitch.stitch_continued_rows(rows, PARTS, KEYS, page_foot={5: 670.0, 6: 670.0})
    assert len(reaching) == 3  # two lines of room: the break may have cut it


def test_a_row_printing_all_its_key_cells_under_a_repeated_header_is_a_row_of_its_own():
    """chromium-v16-c23-a3a7-right-headers-tight-mirrored-cairo: the last row of a page ends at its
    foot, and the next page repeats the header over one row whose detail cell is empty, as the rest
    of a cut row would leave it; but it prints both key cells, each opening an entry: a cut row
    carries on its keys only where the break fell through every one of them."""
    whole = [row(("Kent Police (Good)", "To help", "Dogs", "Calmer"), page=4, r=r) for r in (1, 2)]
    above = row(("West Yorkshire Police (Requires improvement)", "To improve awareness", "A tracker", "It helps"),
                page=4)
    own = row(("Wiltshire Police (Adequate)", "To develop groups", "", "Members showed"), page=5, table=1)
    logical = stitch.stitch_continued_rows(pd.DataFrame([*whole, above, own]), PARTS, KEYS)
    assert len(logical) == 4 and logical.iloc[-1]["cells"][0] == "Wiltshire Police (Adequate)"
    rest = row(("Police (Good)", "across the organisation", "", "Members showed"), page=5, table=1)
    assert len(stitch.stitch_continued_rows(pd.DataFrame([*whole, above, rest]), PARTS, KEYS)) == 3


def test_a_page_s_last_row_stopping_short_of_a_sentence_s_end_opens_the_row_the_next_page_carries_on():
    """Held-out h25 #35 (cells centred vertically): the foot of a page prints only the detail
    'Essex Police works in partnership ... victims of fraud. The National', and the next page's
    first row goes on 'Trading Standards' Scams Team ...', with a capital: the text stopped short of
    a sentence's end, so it runs on into that row, not into the row above."""
    whole = [row(("Kent Police (Good)", "To help", "Dogs", "Calmer"), page=5, r=r) for r in (1, 2)]
    above = row(("Devon and Cornwall Police (Good)", "To use partnerships", "Project NOVA assesses risk.",
                 "Offenders are graded."), page=5, r=3)
    def foot(detail: str) -> dict:
        return row(("", "", detail, ""), page=5, r=4)
    rest = row(("Essex Police (Adequate)", "To work in partnership", "Trading Standards' Scams Team has a hub.",
                "Nearly 200 victims were helped."), page=6, table=1)
    cut = stitch.stitch_continued_rows(pd.DataFrame([*whole, above, foot("Essex Police works with. The National"),
                                                     rest]), PARTS, KEYS)
    assert cut.iloc[-1]["cells"][2] == "Essex Police works with. The National Trading Standards' Scams Team has a hub."
    assert cut.iloc[-2]["cells"][2] == "Project NOVA assesses risk."
    ended = stitch.stitch_continued_rows(pd.DataFrame([*whole, above, foot("A second paragraph."), rest]),
                                         PARTS, KEYS)
    assert ended.iloc[-2]["cells"][2] == "Project NOVA assesses risk. A second paragraph."


def test_a_page_s_last_row_below_a_row_centred_on_its_own_lines_opens_the_row_the_next_page_carries_on():
    """Held-out h25 #35: the foot of a page prints only an outcome, a whole sentence, under a row
    whose cells are centred vertically on its own lines (617-702 pt, its force centred at 660):
    were the outcome a paragraph of that row, its force would be centred lower, at 681. It opens
    the row the next page carries on."""
    whole = [row(("Kent Police (Good)", "To help", "Dogs", "Calmer"), page=8, r=r) for r in (1, 2)]
    def above(force_middle: float) -> dict:
        return dict(row(("Warwickshire Police (Good)", "To share good practice", "A hub.", "Evidence-based learning."),
                        page=8, r=3, set_lower=(True, True, True, False), middles=(force_middle, force_middle, 660.0, 660.0)),
                    top=617.0, bottom=702.0)
    foot = dict(row(("", "", "", "Improved consistency of plans."), page=8, r=4), top=711.0, bottom=746.0)
    rest = row(("Warwickshire Police (Good)", "To support officers", "Training was given.", "HMICFRS explain it."),
               page=9, table=1)
    own = stitch.stitch_continued_rows(pd.DataFrame([*whole, above(660.0), foot, rest]), PARTS, KEYS)
    assert own.iloc[-1]["cells"][3] == "Improved consistency of plans. HMICFRS explain it."
    joined = stitch.stitch_continued_rows(pd.DataFrame([*whole, above(681.0), foot, rest]), PARTS, KEYS)
    assert joined.iloc[-2]["cells"][3] == "Evidence-based learning. Improved consistency of plans."
