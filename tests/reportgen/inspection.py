"""What the generated reports take as true of HMICFRS's PEEL inspections: the grade scale, the two
cycles and when their reports came out, the areas each grades and in what order, how often each
grade and area occurs (as in tests/expected/hmicfrs/gold_grades.csv), and the forces and area
labels of pipeline/reference."""
from __future__ import annotations

import csv
from pathlib import Path


GRADES = ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]

CYCLES = {  # cycle id -> how the cover prints it, publication months it can carry
    "2021-22": {"cover": "PEEL 2021/22", "months": [(2021, m) for m in range(9, 13)] + [(2022, m) for m in range(1, 13)]},
    "2023-25": {"cover": "PEEL 2023–2025", "months": [(2023, m) for m in range(6, 13)] + [(2024, m) for m in range(1, 13)] + [(2025, m) for m in range(1, 7)]},
}

# Grade frequencies per cycle, as in tests/expected/hmicfrs/gold_grades.csv.
GRADE_WEIGHTS = {
    "2021-22": [26, 134, 132, 101, 28],
    "2023-25": [15, 76, 131, 88, 22],
}

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

CORE = {
    "2023-25": ["police_powers_public_treatment", "preventing_crime_antisocial_behaviour", "responding_to_the_public",
                "investigating_crime", "protecting_vulnerable_people", "managing_offenders_and_suspects",
                "building_supporting_protecting_workforce", "leadership_and_force_management"],
    "2021-22": ["treating_the_public_fairly", "preventing_crime_antisocial_behaviour", "responding_to_the_public",
                "investigating_crime", "protecting_vulnerable_people", "managing_offenders_and_suspects",
                "building_supporting_protecting_workforce", "strategic_planning_value_for_money"],
}

OPTIONAL_GRADED = {  # area -> weight (how often gold_grades.csv has it graded)
    "2023-25": {"recording_data_about_crime": 17, "disrupting_serious_organised_crime": 5, "tackling_workforce_corruption": 3},
    "2021-22": {"disrupting_serious_organised_crime": 30, "recording_data_about_crime": 23,
                "tackling_workforce_corruption": 17, "providing_a_service_to_victims": 8},
}

REPORT_ORDER = {  # order of the area sections in the report
    "2023-25": ["providing_a_service_to_victims"] + CORE["2023-25"] + ["recording_data_about_crime",
               "disrupting_serious_organised_crime", "tackling_workforce_corruption"],
    "2021-22": ["providing_a_service_to_victims"] + CORE["2021-22"] + ["recording_data_about_crime",
               "disrupting_serious_organised_crime", "tackling_workforce_corruption",
               "strategic_policing_requirement", "armed_threats"],
}

# Not-graded areas that pipeline/reference/areas.csv has no label for (2021/22 only).
EXTRA_AREAS = {"strategic_policing_requirement": "Strategic policing requirement", "armed_threats": "Armed threats"}

HERE = Path(__file__).resolve().parent

REPO = HERE.parent.parent

REFERENCE = REPO / "pipeline" / "reference"


def read_reference() -> tuple[list[tuple[str, str]], dict[tuple[str, str], str]]:
    with open(REFERENCE / "forces.csv", newline="", encoding="utf-8") as f:
        forces = [(r["force_id"], r["name"]) for r in csv.DictReader(f)]
    labels = {}
    with open(REFERENCE / "areas.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            labels[(r["framework"], r["label"].casefold())] = r["area_id"]
    return forces, labels
