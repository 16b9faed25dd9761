"""versions.parquet: the compendium's version history table."""
import datetime

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import edition_field, page_field, source_file_field, source_sha256_field

VERSION_LABEL = r"^(?=\D*\d)\S+(?:\s\S+){0,2}$"  # 'V1.6', '1.6', 'Version 2 draft': not a row read as one cell


class Versions(pa.DataFrameModel):
    version: Series[str] = pa.Field(
        str_length={"min_value": 1, "max_value": 24}, str_matches=VERSION_LABEL,
        description="version label as printed ('V1.6'): a number in at most three words and 24 characters")
    date_published: Series[str] = pa.Field(description="publication date as printed ('July 2025')")
    date: Series[datetime.date] = pa.Field(nullable=True, description="the publication date where it parses (first of the month when only month and year are printed)")
    updates: Series[str] = pa.Field(description="what the version changed, wrapped lines joined")
    edition: Series[str] = edition_field()
    source_file: Series[str] = source_file_field()
    source_sha256: Series[str] = source_sha256_field()
    page: Series[int] = page_field()

    class Config:
        coerce = True
        unique = ["source_file", "version"]
