"""changes.parquet: what changed between consecutive editions of the compendium: grade cells, practice rows and version-history rows added, removed or changed."""
import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import area_id_field, force_id_field, grade_field


class Changes(pa.DataFrameModel):
    table: Series[str] = pa.Field(isin=["grades", "practices", "versions"], description="the table whose row changed")
    change: Series[str] = pa.Field(isin=["added", "removed", "changed"], description="the row is only in the later edition (added), only in the earlier (removed), or in both with other values (changed)")
    from_edition: Series[str] = pa.Field(metadata={"dictionary": True}, description="the earlier edition ('V1.6')")
    to_edition: Series[str] = pa.Field(metadata={"dictionary": True}, description="the next edition read after it ('V1.7')")
    cycle: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{4}-\d{2}$", description="PEEL inspection cycle of the grade cell or practice row; null for a version row")
    force_id: Series[str] = force_id_field()
    area_id: Series[str] = area_id_field()
    from_grade: Series[str] = grade_field("the grade in the earlier edition: the matrix cell's, or the one in a practice row's force cell; null if none")
    to_grade: Series[str] = grade_field("the grade in the later edition; null if none")
    fields: Series[list[str]] = pa.Field(description="for a changed row, the columns whose values differ (grades: grade, status; practices: force_grade, objective, detail, outcome; versions: date_published, updates); empty otherwise")
    objective: Series[str] = pa.Field(nullable=True, description="a practice row's Objective as printed, to tell it from the force's other rows (the later edition's; the earlier's for a removed row)")
    version: Series[str] = pa.Field(nullable=True, description="a version-history row's label as printed ('V1.7')")
    from_page: Series[pa.Int64] = pa.Field(nullable=True, ge=1, description="page of the row in the earlier edition")
    to_page: Series[pa.Int64] = pa.Field(nullable=True, ge=1, description="page of the row in the later edition")

    class Config:
        coerce = True
