"""The table reader's thresholds, in one explicit dataclass: `TableSettings` for finding and
reading every table of a page (`reader.py`).

Its lengths are in multiples of the local font size unless the name ends in `_pt`
(PDF points) or `_share` (a share of the page or of a count).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSettings:
    # strokes
    stroke_max_width_pt: float = 2.0  # a ruling thinner than this is a line, not a filled box
    stroke_join_pt: float = 3.0  # collinear stroke pieces this close are one stroke
    stroke_touch_pt: float = 3.0  # strokes this close to crossing belong to one grid
    stroke_min_length_pt: float = 4.0  # shorter strokes are glyph parts or decoration
    grid_min_lines: int = 3  # a ruled grid has this many lines in one direction ...
    grid_min_other: int = 2  # ... and this many in the other
    shade_inset_pt: float = 8.0  # a box this close inside another box's sides (a cell's padding) is
    #                              shading behind its text, not a ruling
    shade_slack_pt: float = 0.3  # ... and at least this far inside (a box drawn twice is still a box)
    # words → segments (the pieces of a line that could be cells)
    segment_gap: float = 0.6  # words closer than this stay in one segment ...
    position_noise_pt: float = 0.3  # ... or no further than this past it (a monospaced font's word space,
    #                                 measured from words placed a few tenths of a point off its letters' grid)
    shared_starts: int = 3  # ... but where this many segments start at a word, a wider gap than the line's
    narrow_gutter_spaces: float = 1.5  # usual word space by this factor parts it from the word before (a narrow gutter)
    exact_start_pt: float = 0.4  # where that many of different widths start within this of the word (a line
    #                              set a hair narrower, its words a few tenths of a point off), a gap
    exact_start_spaces: float = 1.05  # wider than the usual word space by this factor does
    exact_edges_spaces: float = 0.5  # ... and this factor where cells also end exactly at the word before
    prose_share: float = 0.35  # a segment wider than this share of the page is running text
    wordy_words: int = 5  # a line with two segments of this many words or more is text set in columns
    page_columns_spread: float = 1.1  # ... whose columns' widths are within this factor of each other
    column_reach: float = 6.0  # ... among the lines this near
    # text blocks → unruled tables
    block_gap: float = 2.6  # a vertical gap this large ends a table ...
    alike_block_gap: float = 4.0  # ... but this large between blocks that start their cells alike
    block_size_ratio: float = 1.5  # a line set this many times larger or smaller than the line above ends one too
    min_table_lines: int = 2  # tabular lines a text table needs at least
    min_fill_share: float = 0.4  # a text table fills at least this share of its grid (a chart's labels do not)
    min_full_columns_share: float = 0.5  # ... and this share of its columns has text in two rows or more
    min_full_rows_share: float = 0.5  # ... and this share of its rows has text in two columns or more
    bridge_snap_pt: float = 2.0  # text blocks whose cells start within this of each other, the lines
    #                              between them starting their pieces there, are one table (`bridges.py`)
    # columns
    gutter_min: float = 0.3  # an empty vertical strip at least this wide separates two columns
    aligned_gutter_min: float = 0.15  # ... or this wide where cells start at its right edge and end at its left
    gutter_crossings_share: float = 0.12  # lines that may cross a gutter (spanning cells), as a share
    # rows
    spaced_full_share: float = 0.5  # gaps in two kinds (`rows.clear_break`) part line gaps from row gaps,
    #                                 unless this share of the lines after the smaller gaps are full rows
    row_overlap: float = 0.25  # a line reaching this far up into the row above is part of it
    box_jitter_share: float = 0.05  # a word's box reaching past most of its line's by no more than this share
    #                                 of its size (its font's ascent, not its size) leaves the line's top and bottom
    solid_overlap: float = 0.25  # lines of a cell set solid may overlap by this much
    leading_max: float = 0.5  # ... and lie no further apart than this many font sizes (a line height of 1.5)
    row_gap_min_pt: float = 0.6  # a row gap exceeds the in-cell line gap by at least this ...
    row_gap_share: float = 0.08  # ... or by this share of the font size, whichever is larger
    row_gap_break: float = 0.15  # gaps of a table split into line gaps and row gaps where sorted gaps jump this much
    jitter_pt: float = 1.0  # ... and at least this much (browsers place lines to the pixel, 0.75 pt)
    gap_outlier_share: float = 0.02  # ... gaps spread wider than the jitter are of two kinds, this share of the
    #                                  smallest and of the largest left out (a line of another font)
    in_cell_gap_cap: float = 0.2  # the in-cell line gap is never taken as more than this
    doubtful_gap_pt: float = 0.4  # a row decided by a gap this close to the threshold, no rule to say, is in doubt
    rule_in_descent: float = 0.25  # of a line's height: a rule this far up into the box of the line above still
    #                                 parts it from the next (descenders hang over a rule set close under them)
    rule_in_ascent: float = 0.15  # of a line's height: and this far down into the box of the line below (the
    #                               font's ascent reaches above its tallest letters, over a fill's edge set close)
    fixed_rule_share: float = 0.5  # a vertical rule down this share of a table always parts columns
    header_lines: int = 4  # a rule across the table under one of its first lines ends its header: the
    #                        header's lines are one row but for spanning headers and rules under them
    caption_words: int = 6  # a first or last row of one cell with this many words is a caption or a note ...
    size_change_pt: float = 1.0  # ... set this much larger or smaller than the rows between (or wider than them)
    data_rows: int = 3  # a table holds data (`holds_data`) with this many rows ...
    data_columns: int = 2  # ... and this many columns of words or figures in two rows or more ...
    leader_share: float = 0.25  # ... unless this share of its cells are leader dots (a contents list)
    rule_overlap_share: float = 0.5  # a horizontal rule spans this share of the table's width to cut rows
    min_rule_share: float = 0.2  # ... in a ruled table this share, or across a column separator
    # continuations
    continuation_slack_pt: float = 1.0  # a line reaching no further than this past a table is beside it


DEFAULT = TableSettings()
