"""Pandera models of every published table: columns, types, allowed values, descriptions, keys.

Each model is the one place a table's columns are defined; the Parquet schema is generated
from it (see `pipeline.publish`).
"""
from schemas.area_claims import AreaClaims
from schemas.changes import Changes
from schemas.corrections import Corrections
from schemas.forces import Forces
from schemas.grades import Grades
from schemas.practices import Practices
from schemas.reconciliation import Reconciliation
from schemas.report_grades import ReportGrades
from schemas.report_not_graded import ReportNotGraded
from schemas.tables import Tables
from schemas.versions import Versions

MODELS = {
    "grades": Grades,
    "practices": Practices,
    "area_claims": AreaClaims,
    "versions": Versions,
    "report_grades": ReportGrades,
    "report_not_graded": ReportNotGraded,
    "reconciliation": Reconciliation,
    "changes": Changes,
    "forces": Forces,
    "tables": Tables,
    "corrections": Corrections,
}
