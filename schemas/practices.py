"""practices.parquet: one row per logical row of the 'Force (grading) | Objective | Detail | Outcome' tables."""
import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import area_id_field, cycle_field, edition_field, force_id_field, grade_field, page_field, source_file_field, source_sha256_field


class Practices(pa.DataFrameModel):
    cycle: Series[str] = cycle_field()
    section: Series[str] = pa.Field(description="the heading the table sits under, as printed")
    area_id: Series[str] = area_id_field()
    area_number: Series[pa.Int64] = pa.Field(nullable=True, ge=1, description="1-8 for 'OPERATIONAL PRACTICE AREA ONE..EIGHT', null otherwise")
    seq: Series[int] = pa.Field(ge=1, description="1-based order of the row within its table")
    force_printed: Series[str] = pa.Field(nullable=True, description="force name as printed without the '(grading)' part; null where none is printed")
    force_id: Series[str] = force_id_field()
    force_grade_printed: Series[str] = pa.Field(nullable=True, description="the text inside the parentheses after the force name")
    force_grade: Series[str] = grade_field("normalised grade from the parentheses")
    objective: Series[str] = pa.Field(description="the Objective cell, wrapped lines joined")
    detail: Series[str] = pa.Field(description="the Detail cell, wrapped lines joined")
    outcome: Series[str] = pa.Field(description="the Outcome cell, wrapped lines joined")
    edition: Series[str] = edition_field()
    source_file: Series[str] = source_file_field()
    source_sha256: Series[str] = source_sha256_field()
    page_first: Series[int] = page_field("page the row starts on")
    page_last: Series[int] = page_field("page the row ends on")

    class Config:
        coerce = True
        unique = ["source_file", "cycle", "section", "seq"]

    @pa.dataframe_check(description="a row ends on or after the page it starts on")
    def pages_ordered(cls, frame):
        return frame["page_last"] >= frame["page_first"]
