"""report_not_graded.parquet: areas a HMICFRS PEEL report says it did not grade."""
import datetime

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import area_id_field, force_id_field, page_field, published_field, published_printed_field, source_file_field, source_sha256_field


class ReportNotGraded(pa.DataFrameModel):
    cycle: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{4}-\d{2}$", description="PEEL inspection cycle of the report")
    force_printed: Series[str] = pa.Field(nullable=True, description="the inspected force, from 'An inspection of <force>'")
    force_id: Series[str] = force_id_field()
    area_printed: Series[str] = pa.Field(description="the area as the report words it ('We did not grade ... on <area>')")
    area_id: Series[str] = area_id_field()
    published_printed: Series[str] = published_printed_field()
    published: Series[datetime.date] = published_field()
    source_file: Series[str] = source_file_field()
    source_sha256: Series[str] = source_sha256_field()
    page: Series[int] = page_field("page of the sentence or table saying so")

    class Config:
        coerce = True
        unique = ["source_file", "area_printed"]
