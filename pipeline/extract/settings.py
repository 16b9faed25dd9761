"""The extract stage's geometry thresholds, and the columns of the frames it gives."""
from __future__ import annotations

from dataclasses import dataclass

RULE_COLUMNS = ["page", "x0", "x1", "top", "bottom"]
CELL_COLUMNS = ["table", "page", "row", "col", "text", "x0", "x1", "top", "bottom", "header", "spanned"]


@dataclass(frozen=True)
class GridSettings:
    """Geometry thresholds, in multiples of the font size unless stated otherwise."""

    gutter: float = 0.9  # a horizontal gap this wide between words separates two header cells
    narrow_gutter: float = 0.4  # ... and one this wide does where cells below start at the same place
    space_factor: float = 1.5  # ... a gutter is at least this many times the text's usual word space
    word_space_quantile: float = 0.1  # ... the text's usual word space: this quantile of its gaps
    cell_gap: float = 0.15  # ... and any gap (wider than kerning) where another header line starts a cell
    aligned_lines: int = 2  # lines below with a cell starting there that confirm a narrow gutter ...
    alignment_window: int = 80  # ... among this many lines below the header
    column_snap: float = 2.0  # points: header cell starts closer than this are one column
    edge_match: float = 0.5  # points: cell edges on two header lines this close are one edge (lines align exactly)
    header_gap: float = 0.8  # header lines further apart than this are not one header row
    row_gap_min: float = 0.6  # points: a row gap exceeds the in-cell line gap by at least this
    row_gap_share: float = 0.08  # ... or by this share of the font size, whichever is larger
    row_gap_break: float = 0.15  # gaps of a table split into line gaps and row gaps where sorted gaps jump this much
    jitter: float = 1.0  # points: ... and at least this much (browsers place lines to the pixel, 0.75 pt)
    doubtful_gap: float = 0.4  # points: a row decided by a gap this close to the threshold, no rule to say, is in doubt
    in_cell_gap_cap: float = 0.2  # the in-cell line gap is never taken as more than this
    overlap: float = 0.25  # lines of a cell set solid may overlap by this much
    table_end_gap: float = 4.0  # a vertical gap of this many font sizes ends a table (loose cells leave 2.5)
    size_change: float = 1.0  # points: text this much larger or smaller is not the table's
    rule_join: float = 3.0  # points: rule pieces this close in height and end to end are one rule


DEFAULT_GRID = GridSettings()
