"""tables.parquet: every non-empty cell of the tables in a PDF of no known kind, and of the tables holding data a known document prints that none of its kind's tables took, as the general table reader finds them."""
import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import page_field, source_file_field, source_sha256_field


class Tables(pa.DataFrameModel):
    source_file: Series[str] = source_file_field()
    source_sha256: Series[str] = source_sha256_field()
    page: Series[int] = page_field("1-based page of the PDF the table is printed on")
    table: Series[int] = pa.Field(ge=1, description="the table's place on its page in reading order (1 = first)")
    row: Series[int] = pa.Field(ge=0, description="the cell's row in its table, from 0 at the top")
    col: Series[int] = pa.Field(ge=0, description="the cell's column in its table, from 0 at the left; a spanning "
                                                  "cell is at its top-left row and column")
    text: Series[str] = pa.Field(description="the cell's text, wrapped lines joined")
    x0: Series[float] = pa.Field(description="the cell's left edge, in points from the page's left")
    x1: Series[float] = pa.Field(description="the cell's right edge, in points from the page's left")
    top: Series[float] = pa.Field(description="the cell's top edge, in points from the page's top")
    bottom: Series[float] = pa.Field(description="the cell's bottom edge, in points from the page's top")
    row_span: Series[int] = pa.Field(ge=1, description="how many rows the cell covers (a merged cell the rules of a "
                                                       "table ruled row by row close only further down)")
    col_span: Series[int] = pa.Field(ge=1, description="how many columns the cell covers (no rule drawn through it, "
                                                       "or its text running across a gutter)")
    continues: Series[pa.Int64] = pa.Field(nullable=True, ge=1,
                                                description="the `table` on the page before that this one carries on "
                                                            "(nothing but running headers and footers between them, "
                                                            "their columns over each other); empty for a table that "
                                                            "starts on its page")
    repeats_header: Series[bool] = pa.Field(description="a carried-on table prints the header of the table it carries "
                                                        "on again as its first row (leave that row out to join the parts)")

    class Config:
        coerce = True
        unique = ["source_file", "page", "table", "row", "col"]
