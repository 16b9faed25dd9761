"""report_grades.parquet: the graded areas of each HMICFRS PEEL report, from its 'Our judgments' table."""
import datetime

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import area_id_field, cycle_field, force_id_field, page_field, published_field, published_printed_field, source_file_field, source_sha256_field
from pipeline.grades import GRADES


class ReportGrades(pa.DataFrameModel):
    cycle: Series[str] = cycle_field()
    force_printed: Series[str] = pa.Field(description="the inspected force, from 'An inspection of <force>'")
    force_id: Series[str] = force_id_field()
    area_printed: Series[str] = pa.Field(description="the area as the report words it, wrapped lines joined")
    area_id: Series[str] = area_id_field()
    grade: Series[str] = pa.Field(isin=list(GRADES), description="the grade the judgments table gives the area")
    section_grade: Series[str] = pa.Field(nullable=True, isin=list(GRADES), description="the grade the area's own section states, in a 'Grade: X' line or in its opening sentence; null if it states none")
    section_evidence: Series[str] = pa.Field(nullable=True, description="that line or sentence, as printed ('The force is adequate at investigating crime.')")
    section_page: Series[pa.Int64] = pa.Field(nullable=True, ge=1, description="page of that line or sentence")
    graded_announced: Series[pa.Int64] = pa.Field(nullable=True, ge=0, description="how many graded judgments the report says it makes ('graded judgments in eight of these nine areas'); null if it does not say")
    published_printed: Series[str] = published_printed_field()
    published: Series[datetime.date] = published_field()
    source_file: Series[str] = source_file_field()
    source_sha256: Series[str] = source_sha256_field()
    page: Series[int] = page_field("page of the judgments table")

    class Config:
        coerce = True
        unique = ["source_file", "area_printed"]
