"""corrections.parquet: one row per value a reviewer corrected through raw/review.toml (the printed value stays in its `*_printed` column)."""
import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import CYCLE_FORMAT, source_file_field


class Corrections(pa.DataFrameModel):
    finding_id: Series[str] = pa.Field(str_matches=r"^[a-z_]+:[0-9a-f]{12}$", description="the id of the finding the review entry is about ('force_missing:1a2b3c4d5e6f'), which names the entry")
    table: Series[str] = pa.Field(description="the table whose row was corrected")
    column: Series[str] = pa.Field(description="the corrected column")
    printed_column: Series[str] = pa.Field(description="the column that keeps the value as printed ('force_printed' for force_id)")
    printed: Series[str] = pa.Field(nullable=True, description="the printed value, as it stays in that column; null where nothing is printed")
    value_before: Series[str] = pa.Field(nullable=True, description="the corrected column's value as read from the document")
    value_after: Series[str] = pa.Field(description="the value the review entry gives it")
    reason: Series[str] = pa.Field(description="why, in the reviewer's words")
    who: Series[str] = pa.Field(description="who made the decision")
    when: Series[str] = pa.Field(description="when, as written in the review file ('2025-08-01')")
    cycle: Series[str] = pa.Field(nullable=True, str_matches=CYCLE_FORMAT, description="PEEL inspection cycle of the corrected row")
    source_file: Series[str] = source_file_field()

    class Config:
        coerce = True
