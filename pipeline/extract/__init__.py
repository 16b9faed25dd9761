"""Extract: from a located table start to a grid of cells with page and bounding box.

Rows and columns come from the geometry of the text, so the same code reads ruled and
borderless renderings: columns start where the header row's cells start (text in a cell
is left-aligned), rows start after a vertical gap wider than the line spacing inside a
cell. Ruling lines, where the PDF has them, are extra evidence for a row boundary.
"""
from __future__ import annotations

from pipeline.extract.cells import (Chunk, cells_from_words, chunk_below, chunk_cells, chunk_under_header,
                                    extract_table, table_gap_threshold)
from pipeline.extract.columns import column_of, column_starts, header_lines, shifted_starts, words_below
from pipeline.extract.rows import horizontal_strokes, row_gap_threshold
from pipeline.extract.settings import CELL_COLUMNS, DEFAULT_GRID, RULE_COLUMNS, GridSettings

__all__ = ["Chunk", "cells_from_words", "chunk_below", "chunk_cells", "chunk_under_header",
           "extract_table", "table_gap_threshold", "column_of", "column_starts", "header_lines", "shifted_starts",
           "words_below",
           "horizontal_strokes", "row_gap_threshold", "CELL_COLUMNS", "DEFAULT_GRID", "RULE_COLUMNS", "GridSettings"]
