"""What the generated reports say: each area's label as each cycle prints it (all of them matched
against pipeline/reference/areas.csv), the sentences that grade an area or name the areas not
graded, and the findings, themes, areas for improvement and footnotes filling the pages."""
from __future__ import annotations

from inspection import CYCLES, EXTRA_AREAS, REPORT_ORDER


NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen"]

# The label each area is printed with in each cycle: every one must match pipeline/reference/areas.csv
# (case-insensitively, as pipeline/canonical.py matches). "gerund" fits "<Force> is good at ___",
# "how" fits "<the force> is good in how it ___".
AREA_TEXT = {
    "police_powers_public_treatment": dict(
        label="Police powers and public treatment",
        gerund="using its powers and treating the public fairly and respectfully",
        how="uses its powers and treats the public fairly and respectfully"),
    "treating_the_public_fairly": dict(
        label="Engaging with and treating the public with fairness and respect",
        gerund="engaging with and treating the public with fairness and respect",
        how="engages with and treats the public with fairness and respect"),
    "preventing_crime_antisocial_behaviour": dict(
        label={"2023-25": "Preventing crime and antisocial behaviour", "2021-22": "Preventing crime and anti-social behaviour"},
        gerund={"2023-25": "preventing crime and antisocial behaviour", "2021-22": "preventing crime and anti-social behaviour"},
        how={"2023-25": "prevents crime and antisocial behaviour", "2021-22": "prevents crime and anti-social behaviour"}),
    "responding_to_the_public": dict(
        label="Responding to the public", gerund="responding to the public", how="responds to the public"),
    "investigating_crime": dict(
        label="Investigating crime", gerund="investigating crime", how="investigates crime"),
    "protecting_vulnerable_people": dict(
        label="Protecting vulnerable people", gerund="protecting vulnerable people", how="protects vulnerable people"),
    "managing_offenders_and_suspects": dict(
        label="Managing offenders and suspects", gerund="managing offenders and suspects",
        how="manages offenders and suspects"),
    "building_supporting_protecting_workforce": dict(
        label="Building, supporting and protecting the workforce",
        gerund="building, supporting and protecting its workforce",
        how="builds, supports and protects its workforce"),
    "leadership_and_force_management": dict(
        label="Leadership and force management", gerund="leading and managing the {unit}",
        how="leads and manages the {unit}"),
    "strategic_planning_value_for_money": dict(
        label="Strategic planning, organisational management and value for money",
        gerund="strategic planning, organisational management and providing value for money",
        how="plans strategically, manages its organisation and provides value for money"),
    "recording_data_about_crime": dict(
        label="Recording data about crime", gerund="recording data about crime", how="records data about crime"),
    "disrupting_serious_organised_crime": dict(
        label={"2023-25": "Disrupting serious and organised crime", "2021-22": "Disrupting serious organised crime"},
        gerund="disrupting serious and organised crime", how="disrupts serious and organised crime"),
    "tackling_workforce_corruption": dict(
        label="Tackling workforce corruption", gerund="tackling workforce corruption", how="tackles workforce corruption"),
    "providing_a_service_to_victims": dict(
        label={"2023-25": "Providing a service to victims of crime", "2021-22": "Providing a service to the victims of crime"},
        gerund="providing a service to the victims of crime", how="provides a service to the victims of crime"),
}

# How a not-graded area is said in the prose after the judgments ("We also inspected ___.").
NOT_GRADED_CLAUSE = {
    "providing_a_service_to_victims": "how effective a service {the_force} gives to victims of crime",
    "recording_data_about_crime": "how well {the_force} records data about crime",
    "disrupting_serious_organised_crime": "how well {the_force} disrupts serious and organised crime",
    "tackling_workforce_corruption": "how well {the_force} tackles workforce corruption",
    "strategic_policing_requirement": "how well {the_force} meets the requirements of the strategic policing requirement",
    "armed_threats": "how well {the_force} is prepared to respond to armed threats",
}


def area_text(area_id: str, key: str, cycle: str, unit: str) -> str:
    value = AREA_TEXT[area_id][key]
    if isinstance(value, dict):
        value = value[cycle]
    return value.format(unit=unit)


def area_label(area_id: str, cycle: str) -> str:
    if area_id in EXTRA_AREAS:
        return EXTRA_AREAS[area_id]
    return area_text(area_id, "label", cycle, "force")

FINDINGS = [
    "{The_force} has a clear understanding of the demand it faces and uses this to plan its resources.",
    "We found that supervisors regularly review the quality of investigations and give officers clear direction.",
    "Officers and staff told us that they feel supported by their line managers and by senior leaders.",
    "The force control room answers most emergency calls within the national target of ten seconds.",
    "We reviewed a sample of case files and found that most victims were kept informed about the progress of their case.",
    "In some cases, officers did not record the reasons for their decisions, which makes it difficult to understand how risk was assessed.",
    "{The_force} works well with partner organisations, including local authorities, health services and the voluntary sector.",
    "Neighbourhood teams have a good understanding of the communities they serve and of the problems that matter to them.",
    "The force uses a recognised problem-solving model, and we saw examples of long-term problem-solving plans.",
    "Safeguarding referrals are made promptly, and there is effective information sharing with partner agencies.",
    "However, we found that workloads in some investigation teams are high, and this affects the quality of some investigations.",
    "The force has introduced a new performance framework so that leaders can identify where improvement is needed.",
    "We found inconsistencies in how officers identify repeat and vulnerable victims when they first make contact.",
    "{The_force} has invested in training for first-line supervisors, and this is having a positive effect.",
    "Leaders promote an ethical culture, and officers understand the standards of professional behaviour that are expected of them.",
    "The force has a flexible approach to deploying resources when demand increases at short notice.",
    "The force should make sure that it records the reasons why it does not attend incidents within its own target times.",
    "Officers we spoke with understood the importance of recording protected characteristics accurately.",
    "We saw effective use of intelligence to identify and target those who cause the most harm in communities.",
    "The force uses data to understand its workforce profile and to plan for future workforce requirements.",
    "The force has a dedicated team that assesses the risks posed by registered sex offenders and manages them effectively.",
    "We found that the force conducts thorough and proportionate investigations in most cases.",
    "Some investigations were allocated to officers who did not have the appropriate skills or experience.",
    "The force is committed to improving the wellbeing of its workforce, and it offers a range of support.",
    "The force has effective arrangements for the management of people in custody.",
    "There is a clear process for scrutinising the use of force and stop and search by an independent panel.",
    "Victims told us that they had confidence in the officers dealing with their cases.",
    "{The_force} has a good understanding of the threat posed by serious and organised crime in its area.",
    "We found that the force does not always complete risk assessments for domestic abuse cases in a timely way.",
    "The force has established effective governance arrangements to oversee its change programme.",
    "Leaders are visible and accessible, and they regularly communicate with the workforce about their priorities.",
    "The force makes effective use of technology to improve efficiency and to reduce the time officers spend on administrative tasks.",
    "Its financial plans are realistic and are based on a sound understanding of future costs.",
    "The force reflects on the findings of its own audits and acts on them to improve its service.",
    "We saw some good examples of officers using their discretion to achieve outcomes that benefit victims.",
    "The force's approach to conflict resolution and de-escalation training is well established.",
    "The force needs to improve how it manages the backlog of digital devices awaiting examination.",
    "In the cases we reviewed, bail and released under investigation were used appropriately.",
    "The force has a clear strategy for tackling violence against women and girls, and it has specific plans to deliver it.",
    "Public confidence in the force is monitored through surveys, and the results influence its priorities.",
    "The force works closely with the police and crime commissioner to set its priorities and to make sure it is accountable.",
    "We were told that officers sometimes find it difficult to access specialist advice outside office hours.",
    "The force has identified that it needs more detectives, and it is running a programme to recruit and train them.",
    "Its professional standards department investigates complaints thoroughly and within reasonable timescales.",
]

THEMES = [
    "The force understands its demand", "Supervision and workloads", "Working with partners",
    "Identifying vulnerability and risk", "Keeping victims informed", "Use of data and technology",
    "Workforce wellbeing", "Leadership and culture", "Problem-solving in neighbourhoods",
    "Quality of investigations", "Managing risk", "Efficiency and planning", "Engagement with communities",
    "Specialist capability", "Training and development", "Scrutiny and accountability",
]

AFI = [
    "The force should make sure that it {how_short} consistently, in line with national guidance.",
    "The force should improve the supervision of investigations so that all reasonable lines of enquiry are followed.",
    "The force should make sure that it identifies vulnerable and repeat victims at the first point of contact.",
    "The force should improve how it records the reasons for its decisions.",
    "The force should make sure that its officers and staff have the skills and training they need.",
    "The force should review its workloads to make sure that officers have enough time to carry out their duties effectively.",
    "The force should improve how it uses data to understand its performance.",
    "The force should make sure that victims are kept informed and that their needs are assessed.",
]

FOOTNOTES = [
    "Home Office, Crime outcomes in England and Wales, year ending March 2023.",
    "Data provided by the force for the 12 months to 31 March 2023.",
    "College of Policing, Authorised Professional Practice: Investigation, 2023.",
    "Office for National Statistics, Crime in England and Wales, year ending June 2023.",
    "The Code of Practice for Victims of Crime in England and Wales, Ministry of Justice, 2020.",
    "HMICFRS, PEEL assessment framework, 2023.",
    "Home Office, Police workforce, England and Wales, 31 March 2023.",
    "Based on our review of a sample of 60 case files.",
    "National Police Chiefs' Council, Policing Vision 2025.",
]

OBSERVATIONS = [
    "I am pleased with some aspects of the performance of {Force}, but there are areas in which the force needs to improve.",
    "I would like to thank the officers and staff who took part in our inspection, and who gave their time to help us.",
    "The force has made progress since our last inspection, and it has a clear plan for the future.",
    "My detailed findings are set out in the rest of this report.",
]


def grade_sentence(variant: int, grade: str, force: str, the_force: str, area_id: str, cycle: str, unit: str) -> str:
    gerund = area_text(area_id, "gerund", cycle, unit)
    how = area_text(area_id, "how", cycle, unit)
    adj = grade.lower()
    verb = "requires improvement" if grade == "Requires improvement" else f"is {adj}"
    The = the_force[0].upper() + the_force[1:]
    if variant == 0:
        return f"{force} {verb} at {gerund}."
    if variant == 1:
        return f"{The} {verb} in how it {how}."
    if variant == 2:
        return f"{The} {verb} at {gerund}."
    return f"In our judgment, {force} {verb} at {gerund}."


def join_words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def check_labels(labels: dict[tuple[str, str], str]) -> None:
    for cycle in CYCLES:
        for area_id in REPORT_ORDER[cycle]:
            if area_id in EXTRA_AREAS:
                continue
            got = labels.get((cycle, area_label(area_id, cycle).casefold()))
            if got != area_id:
                raise SystemExit(f"label {area_label(area_id, cycle)!r} ({cycle}) does not match areas.csv")
