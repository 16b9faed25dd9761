"""reconciliation.parquet: the compendium's grades against the HMICFRS reports' own grades."""
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.grades import GRADES
from schemas.common import cycle_field


class Reconciliation(pa.DataFrameModel):
    cycle: Series[str] = cycle_field()
    force_id: Series[str] = pa.Field(description="canonical force id")
    area_id: Series[str] = pa.Field(description="canonical inspection area id")
    compendium_grade: Series[str] = pa.Field(nullable=True, isin=list(GRADES), description="the grade in the compendium's matrix; null if it gives none")
    report_grade: Series[str] = pa.Field(nullable=True, isin=list(GRADES), description="the grade in the force's PEEL report; null if no report in the run grades it")
    agreement: Series[str] = pa.Field(isin=["agree", "disagree", "only_compendium", "only_report"], description="how the two sources compare")
    compendium_file: Series[str] = pa.Field(nullable=True, description="compendium PDF the grade came from")
    compendium_page: Series[pa.Int64] = pa.Field(nullable=True, ge=1, description="page of the compendium matrix row")
    report_file: Series[str] = pa.Field(nullable=True, description="report PDF the grade came from")
    report_page: Series[pa.Int64] = pa.Field(nullable=True, ge=1, description="page of the report's judgments table")

    class Config:
        coerce = True
        unique = ["cycle", "force_id", "area_id"]
