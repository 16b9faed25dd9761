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
    section_grade: Series[str] = pa.Field(nullable=True, isin=list(GRADES), description="the 'Grade: X' line of the area's own section; null if it has none")
    section_page: Series[pa.Int64] = pa.Field(nullable=True, ge=1, description="page of that 'Grade:' line")
    published_printed: Series[str] = published_printed_field()
    published: Series[datetime.date] = published_field()
    source_file: Series[str] = source_file_field()
    source_sha256: Series[str] = source_sha256_field()
    page: Series[int] = page_field("page of the judgments table")

    class Config:
        coerce = True
        unique = ["source_file", "area_printed"]
