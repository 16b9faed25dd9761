"""area_claims.parquet: what each practice section's narrative claims about its own table."""
import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import area_id_field, cycle_field, edition_field, page_field, source_file_field, source_sha256_field


class AreaClaims(pa.DataFrameModel):
    cycle: Series[str] = cycle_field()
    section: Series[str] = pa.Field(description="the section heading, as printed")
    area_id: Series[str] = area_id_field()
    area_number: Series[pa.Int64] = pa.Field(nullable=True, ge=1, description="1-8 for 'OPERATIONAL PRACTICE AREA ONE..EIGHT', null otherwise")
    claimed_examples: Series[pa.Int64] = pa.Field(nullable=True, ge=0, description="the number of examples the narrative claims ('Eight examples' → 8; 'No examples' → 0)")
    claimed_reports: Series[pa.Int64] = pa.Field(nullable=True, ge=0, description="over how many reports or forces it claims them (39, 43)")
    extracted_examples: Series[pa.Int64] = pa.Field(ge=0, description="rows found in that section's practice table")
    claim_text: Series[str] = pa.Field(nullable=True, description="the sentence the claim came from")
    edition: Series[str] = edition_field()
    source_file: Series[str] = source_file_field()
    source_sha256: Series[str] = source_sha256_field()
    page: Series[int] = page_field("page the claim sentence starts on")

    class Config:
        coerce = True
        unique = ["source_file", "cycle", "section"]
