"""grades.parquet: one row per cell of the compendium's force × area grades matrices."""
import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import area_id_field, cycle_field, edition_field, force_id_field, grade_field, page_field, source_file_field, source_sha256_field, status_field


class Grades(pa.DataFrameModel):
    cycle: Series[str] = cycle_field()
    force_printed: Series[str] = pa.Field(description="force name as printed, wrapped lines joined")
    force_id: Series[str] = force_id_field()
    area_printed: Series[str] = pa.Field(description="the matrix column header as printed")
    area_id: Series[str] = area_id_field()
    grade_printed: Series[str] = pa.Field(description="the cell as printed ('Requires Improvement', 'N/A')")
    grade: Series[str] = grade_field("normalised PEEL grade; null when the cell holds none")
    status: Series[str] = status_field()
    edition: Series[str] = edition_field()
    source_file: Series[str] = source_file_field()
    source_sha256: Series[str] = source_sha256_field()
    page: Series[int] = page_field()

    class Config:
        coerce = True
        unique = ["source_file", "cycle", "force_printed", "area_printed"]

    @pa.dataframe_check(description="status is 'graded' exactly when a grade is given")
    def status_matches_grade(cls, frame):
        return (frame["status"] == "graded") == frame["grade"].notna()

    @pa.dataframe_check(description="every force row has a cell for every area of its matrix (an area known by "
                                    "its area_id, however each page printed its label)")
    def force_rows_complete(cls, frame):
        frame = frame.assign(area=frame["area_id"].fillna(frame["area_printed"]))
        areas = frame.groupby(["source_file", "cycle"])["area"].transform("nunique")
        per_force = frame.groupby(["source_file", "cycle", "force_printed"])["area"].transform("nunique")
        return per_force == areas
