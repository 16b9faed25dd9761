"""Field definitions shared by several tables (provenance, cycle, grades)."""
import sys

import pandera.pandas as pa

from pipeline.canonical import load_areas, load_forces
from pipeline.grades import GRADES, STATUSES

CYCLE_FORMAT = r"^\d{4}-\d{2}$"


def load_pandera_typing_without_dask() -> None:
    """Building any model's schema makes pandera ask which index types exist, and that imports
    dask.dataframe whenever dask is installed (it is, for `--scheduler`): about 1 s of every run
    spent on a library no table uses. Load pandera's dask typing while dask.dataframe cannot be
    imported, so pandera records dask as absent; dask itself can still be imported afterwards."""
    if "dask.dataframe" in sys.modules or "pandera.typing.dask" in sys.modules:
        return
    sys.modules["dask.dataframe"] = None  # makes `import dask.dataframe` raise ImportError
    try:
        import pandera.typing.dask  # noqa: F401
    finally:
        del sys.modules["dask.dataframe"]


load_pandera_typing_without_dask()


def cycle_field():
    return pa.Field(str_matches=CYCLE_FORMAT, description="PEEL inspection cycle, e.g. 2023-25, from the section heading")


def grade_field(description: str):
    return pa.Field(nullable=True, isin=list(GRADES), description=description)


def status_field():
    return pa.Field(isin=list(STATUSES), description="why the grade is or is not given: "
                    "graded, not_applicable (N/A), not_inspected or ungraded")


def source_file_field():
    return pa.Field(description="file name of the PDF the row was read from")


def source_sha256_field():
    return pa.Field(str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of that PDF")


def page_field(description: str = "1-based page of the PDF the row was printed on"):
    return pa.Field(ge=1, description=description)


def force_id_field():
    return pa.Field(nullable=True, isin=sorted(load_forces()["force_id"]),
                    description="canonical force id (police.uk style, see forces.parquet); null when the printed name "
                                "matches no force of England and Wales (reported by validation)")


def area_id_field():
    return pa.Field(nullable=True, isin=sorted(set(load_areas()["area_id"])),
                    description="canonical PEEL inspection area id; null when the printed label matches none (reported)")


def edition_field():
    return pa.Field(nullable=True, metadata={"dictionary": True},
                    description="the compendium edition the row comes from ('V1.6'): the label of its latest version-history "
                                "row (the last by date, else the last printed), else the 'Version X.Y' line on its cover; "
                                "null when it prints neither")


def published_printed_field():
    return pa.Field(nullable=True, description="the publication date printed on its own line of the report's first page "
                                               "('December 2021'); null if it prints none")


def published_field():
    return pa.Field(nullable=True, description="that date where it parses (first of the month when only month and year "
                                               "are printed)")
