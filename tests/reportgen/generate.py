"""Deterministic generator of realistic HMICFRS PEEL inspection reports (test fixtures).

    python tests/reportgen/generate.py --out DIR --count N --seed S [--min-pages P]

Writes N A4 PDFs (30-60 pages each; P to P+30 with --min-pages) in the style HMICFRS publishes PEEL reports, for both
cycles (2021/22 and 2023-25), from grades it draws itself with a seeded random generator, and
beside each PDF its truth:

    <stem>.grades.csv      cycle, force, area_hmicfrs, grade   (like tests/expected/hmicfrs/gold_grades.csv)
    <stem>.not_graded.csv  cycle, force, area_hmicfrs, area_id (area_id empty: not in areas.csv)
    <stem>.json            announced counts, publication month, layout and features used

plus truth_grades.csv / truth_not_graded.csv / manifest.json for the whole set. The same
arguments give byte-identical files. The grades are random: the documents say so on every page.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.tableofcontents import TableOfContents

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
REFERENCE = REPO / "pipeline" / "reference"

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
# Not-graded areas that pipeline/reference/areas.csv has no label for (2021/22 only).
EXTRA_AREAS = {"strategic_policing_requirement": "Strategic policing requirement", "armed_threats": "Armed threats"}

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

GRADE_FILL = {  # coloured-box layout: (header fill, body fill, header text colour)
    "Outstanding": ("#1f5f3a", "#d5e8d4", colors.white),
    "Good": ("#4a9a3f", "#e2f0d9", colors.white),
    "Adequate": ("#f2c14e", "#fdf2d0", colors.black),
    "Requires improvement": ("#e07b28", "#fbe3cf", colors.black),
    "Inadequate": ("#b3261e", "#f6d5d3", colors.white),
}
NAVY = colors.HexColor("#12284b")
DISCLAIMER = "Synthetic test document (tests/reportgen) – grades are random, not HMICFRS findings"


# ----------------------------------------------------------------------------- reference data

def read_reference() -> tuple[list[tuple[str, str]], dict[tuple[str, str], str]]:
    with open(REFERENCE / "forces.csv", newline="", encoding="utf-8") as f:
        forces = [(r["force_id"], r["name"]) for r in csv.DictReader(f)]
    labels = {}
    with open(REFERENCE / "areas.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            labels[(r["framework"], r["label"].casefold())] = r["area_id"]
    return forces, labels


def area_text(area_id: str, key: str, cycle: str, unit: str) -> str:
    value = AREA_TEXT[area_id][key]
    if isinstance(value, dict):
        value = value[cycle]
    return value.format(unit=unit)


def area_label(area_id: str, cycle: str) -> str:
    if area_id in EXTRA_AREAS:
        return EXTRA_AREAS[area_id]
    return area_text(area_id, "label", cycle, "force")


def check_labels(labels: dict[tuple[str, str], str]) -> None:
    for cycle in CYCLES:
        for area_id in REPORT_ORDER[cycle]:
            if area_id in EXTRA_AREAS:
                continue
            got = labels.get((cycle, area_label(area_id, cycle).casefold()))
            if got != area_id:
                raise SystemExit(f"label {area_label(area_id, cycle)!r} ({cycle}) does not match areas.csv")


# ----------------------------------------------------------------------------- fonts

FONT_FAMILIES = {
    "DejaVu Sans": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    "Liberation Sans": ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
}


def register_fonts() -> None:
    for family, (regular, bold) in FONT_FAMILIES.items():
        short = family.split()[0]
        pdfmetrics.registerFont(TTFont(short, regular))  # reportlab embeds TrueType fonts subsetted
        pdfmetrics.registerFont(TTFont(short + "-Bold", bold))


# ----------------------------------------------------------------------------- text-layer damage

HYPHENATIONS = {  # word -> allowed break points (index into the word)
    "investigation": [5, 7], "investigations": [5, 7], "investigating": [5, 7], "investigative": [5],
    "investigators": [5, 7], "vulnerable": [6], "vulnerability": [6, 9], "safeguarding": [4],
    "neighbourhood": [5, 9], "organisation": [5, 7], "organisational": [5, 7], "performance": [3, 7],
    "supervision": [5], "supervisors": [5], "partnership": [7], "partnerships": [7], "information": [2, 6],
    "communities": [3, 6], "community": [3, 6], "effectively": [2, 6], "effective": [2, 6],
    "improvement": [2, 7], "improvements": [2, 7], "management": [6], "accountability": [7, 10],
    "understanding": [5], "professional": [3, 7], "intelligence": [5, 7], "requirements": [7],
    "arrangements": [2, 7], "appropriate": [2, 5], "consistently": [3, 7], "proportionate": [3, 6],
    "operational": [2, 5], "responding": [2, 7], "assessment": [2, 6], "assessments": [2, 6],
    "victims": [], "development": [2, 7], "opportunities": [2, 5, 8], "demand": [], "training": [5],
    "resourcing": [2], "programme": [3], "governance": [6], "prioritises": [6], "allocation": [4],
}


def ligate(text: str) -> str:
    return text.replace("fi", "\ufb01").replace("fl", "\ufb02")


@dataclass
class Look:
    """The per-report choices of type and damage."""
    font: str = "DejaVu"
    body_size: float = 10.5
    ligatures: bool = False
    hyphenate: bool = False
    overprint: bool = False
    letterspace: bool = False
    footnotes: bool = False

    @property
    def bold(self) -> str:
        return self.font + "-Bold"


class Para(Flowable):
    """A ragged-right paragraph with its own line breaking: optional hyphenated line ends,
    ligature characters and superscript footnote markers ("\x00<n>\x00" in the text)."""

    def __init__(self, text: str, look: Look, size: float | None = None, bold: bool = False,
                 indent: float = 0, bullet: str | None = None, space_after: float = 6,
                 colour=colors.black, leading: float | None = None, lines: list | None = None):
        super().__init__()
        self.text, self.look, self.bold = text, look, bold
        self.size = size or look.body_size
        self.leading = leading or self.size * 1.38
        self.indent, self.bullet, self.space_after, self.colour = indent, bullet, space_after, colour
        self.font = look.bold if bold else look.font
        self._lines = lines

    # tokens: ("word", str) | ("note", str)
    def _tokens(self) -> list[list[tuple[str, str]]]:
        words = []
        for raw in self.text.split():
            parts = re.split(r"\x00(\d+)\x00", raw)
            word = []
            for i, p in enumerate(parts):
                if not p:
                    continue
                word.append(("note", p) if i % 2 else ("word", ligate(p) if self.look.ligatures else p))
            words.append(word)
        return words

    def _width(self, word: list[tuple[str, str]]) -> float:
        w = 0.0
        for kind, s in word:
            w += pdfmetrics.stringWidth(s, self.font, self.size * (0.62 if kind == "note" else 1))
        return w

    def _break(self, avail: float) -> list[list[list[tuple[str, str]]]]:
        space = pdfmetrics.stringWidth(" ", self.font, self.size)
        lines, line, width = [], [], 0.0
        for word in self._tokens():
            w = self._width(word)
            extra = w + (space if line else 0)
            if width + extra <= avail or not line:
                line.append(word)
                width += extra
                continue
            # try a hyphenated break of this word
            if self.look.hyphenate and len(word) == 1 and word[0][0] == "word":
                plain = word[0][1]
                m = re.match(r"^([A-Za-z\ufb01\ufb02]+)(.*)$", plain)
                key = m.group(1).lower().replace("\ufb01", "fi").replace("\ufb02", "fl") if m else ""
                done = False
                # positions in the ligated string: map by rebuilding the head from the plain key
                for cut in sorted(HYPHENATIONS.get(key, []), reverse=True):
                    # build the head by consuming characters of the (possibly ligated) word
                    count, idx = 0, 0
                    src = m.group(1)
                    while idx < len(src) and count < cut:
                        count += 2 if src[idx] in "\ufb01\ufb02" else 1
                        idx += 1
                    if count != cut:
                        continue
                    head, tail = src[:idx] + "-", src[idx:] + m.group(2)
                    hw = pdfmetrics.stringWidth(head, self.font, self.size)
                    if width + space + hw <= avail:
                        line.append([("word", head)])
                        lines.append(line)
                        line, width = [[("word", tail)]], pdfmetrics.stringWidth(tail, self.font, self.size)
                        done = True
                        break
                if done:
                    continue
            lines.append(line)
            line, width = [word], w
        if line:
            lines.append(line)
        return lines

    def _avail(self, availWidth):
        return availWidth - self.indent

    def wrap(self, availWidth, availHeight):
        self._availWidth = availWidth
        if self._lines is None:
            self._lines = self._break(self._avail(availWidth))
        self.height = len(self._lines) * self.leading + self.space_after
        self.width = availWidth
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        fit = int((availHeight - self.space_after) // self.leading)
        if fit < 2 or len(self._lines) - fit < 2 or fit >= len(self._lines):
            return []
        a = Para(self.text, self.look, self.size, self.bold, self.indent, self.bullet, 0, self.colour,
                 self.leading, self._lines[:fit])
        b = Para(self.text, self.look, self.size, self.bold, self.indent, None, self.space_after, self.colour,
                 self.leading, self._lines[fit:])
        b.bullet = None
        return [a, b]

    def draw(self):
        c = self.canv
        c.setFillColor(self.colour)
        y = self.height - self.space_after - self.size
        if self.bullet:
            c.setFont(self.font, self.size)
            c.drawString(self.indent - 4 * mm, y, self.bullet)
        space = pdfmetrics.stringWidth(" ", self.font, self.size)
        for line in self._lines:
            x = self.indent
            for word in line:
                for kind, s in word:
                    if kind == "note":
                        c.setFont(self.font, self.size * 0.62)
                        c.drawString(x, y + self.size * 0.38, s)
                        x += pdfmetrics.stringWidth(s, self.font, self.size * 0.62)
                    else:
                        c.setFont(self.font, self.size)
                        c.drawString(x, y, s)
                        x += pdfmetrics.stringWidth(s, self.font, self.size)
                x += space
            y -= self.leading


def draw_heading_text(c, x, y, text, font, size, look: Look, colour, spaced: bool) -> None:
    """A heading line, letter-spaced and/or drawn twice ~0.3 pt apart (fake bold), per the look."""
    passes = [(0, 0), (0.3, 0)] if look.overprint else [(0, 0)]
    for dx, dy in passes:
        t = c.beginText(x + dx, y + dy)
        t.setFont(font, size)
        t.setFillColor(colour)
        if spaced:
            t.setCharSpace(size * 0.12)
        t.textOut(text)
        c.drawText(t)


def spaced_width(text, font, size, spaced):
    return pdfmetrics.stringWidth(text, font, size) + (size * 0.12 * len(text) if spaced else 0)


class Heading(Flowable):
    def __init__(self, text: str, look: Look, level: int, size: float, toc: int | None = None,
                 colour=NAVY, space_before: float = 10, space_after: float = 6):
        super().__init__()
        self.text, self.look, self.level, self.size, self.toc = text, look, level, size, toc
        self.colour, self.space_before, self.space_after = colour, space_before, space_after
        self.display = ligate(text) if look.ligatures else text
        self.spaced = look.letterspace and level <= 1

    def wrap(self, availWidth, availHeight):
        words, lines, cur = self.display.split(), [], ""
        for w in words:
            trial = (cur + " " + w).strip()
            if cur and spaced_width(trial, self.look.bold, self.size, self.spaced) > availWidth:
                lines.append(cur)
                cur = w
            else:
                cur = trial
        lines.append(cur)
        self._lines = lines
        self.height = self.space_before + len(lines) * self.size * 1.25 + self.space_after
        self.width = availWidth
        return availWidth, self.height

    def draw(self):
        y = self.height - self.space_before - self.size
        for line in self._lines:
            draw_heading_text(self.canv, 0, y, line, self.look.bold, self.size, self.look, self.colour, self.spaced)
            y -= self.size * 1.25


class FootnoteMark(Flowable):
    """Zero-size: records footnote text for the page it lands on (drawn at the page foot)."""

    def __init__(self, number: int, text: str):
        super().__init__()
        self.number, self.note = number, text

    def wrap(self, *_):
        return 0, 0

    def draw(self):
        self.canv._doctemplate_notes.append((self.number, self.note))


class Judgments(Flowable):
    """The grades laid out one column per grade level that has areas (empty levels dropped)."""

    def __init__(self, columns: list[tuple[str, list[str]]], look: Look, layout: str):
        super().__init__()
        self.columns, self.look, self.layout = columns, look, layout
        self.size = look.body_size
        self.lead = self.size * 1.3

    def _wrapcell(self, text, font, width):
        words, lines, cur = text.split(), [], ""
        for w in words:
            trial = (cur + " " + w).strip()
            if cur and pdfmetrics.stringWidth(trial, font, self.size) > width:
                lines.append(cur)
                cur = w
            else:
                cur = trial
        lines.append(cur)
        return lines

    def wrap(self, availWidth, availHeight):
        n = len(self.columns)
        self.gap = 4 * mm if self.layout == "boxes" else 0
        self.colw = (availWidth - self.gap * (n - 1)) / n
        self.pad = 2.5 * mm
        inner = self.colw - 2 * self.pad
        self.heads = [self._wrapcell(g, self.look.bold, inner) for g, _ in self.columns]
        self.cells = [[self._wrapcell(a, self.look.font, inner) for a in areas] for _, areas in self.columns]
        self.head_h = max(len(h) for h in self.heads) * self.lead + 2 * self.pad
        self.body_h = max(sum(len(a) * self.lead + self.lead * 0.6 for a in col) for col in self.cells) + 2 * self.pad
        self.width, self.height = availWidth, self.head_h + self.body_h
        return self.width, self.height

    def draw(self):
        c = self.canv
        top = self.height
        for i, ((grade, _), head, cell) in enumerate(zip(self.columns, self.heads, self.cells)):
            x = i * (self.colw + self.gap)
            text_colour = colors.black
            if self.layout == "boxes":
                hfill, bfill, text_colour = GRADE_FILL[grade]
                c.setFillColor(colors.HexColor(hfill))
                c.rect(x, top - self.head_h, self.colw, self.head_h, stroke=0, fill=1)
                c.setFillColor(colors.HexColor(bfill))
                c.rect(x, 0, self.colw, self.body_h, stroke=0, fill=1)
            y = top - self.pad - self.size
            c.setFillColor(text_colour)
            for line in head:
                c.setFont(self.look.bold, self.size)
                c.drawString(x + self.pad, y, line)
                y -= self.lead
            c.setFillColor(colors.black)
            y = top - self.head_h - self.pad - self.size
            for area in cell:
                for line in area:
                    c.setFont(self.look.font, self.size)
                    c.drawString(x + self.pad, y, line)
                    y -= self.lead
                y -= self.lead * 0.6
        if self.layout == "ruled":
            c.setStrokeColor(colors.black)
            c.setLineWidth(0.6)
            c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
            c.line(0, self.body_h, self.width, self.body_h)
            for i in range(1, len(self.columns)):
                c.line(i * self.colw, 0, i * self.colw, self.height)
        elif self.layout == "borderless":
            pass


# ----------------------------------------------------------------------------- wording

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


# ----------------------------------------------------------------------------- one report

@dataclass
class Plan:
    cycle: str
    force_id: str
    force: str
    year: int
    month: int
    graded: dict  # area_id -> grade (report order)
    not_graded: list  # area ids
    layout: str
    counts_in_words: bool
    opening_variant: int
    typo: bool
    look: Look
    footer_style: int
    phrasings: list = field(default_factory=list)


def draw_plan(rng: random.Random, cycle: str, force_id: str, force: str) -> dict:
    order = REPORT_ORDER[cycle]
    graded_ids = list(CORE[cycle])
    opts = OPTIONAL_GRADED[cycle]
    if cycle == "2023-25":
        for a, w in opts.items():
            if rng.random() < {17: 0.45, 5: 0.15, 3: 0.1}[w]:
                graded_ids.append(a)
        not_graded = ["providing_a_service_to_victims"]
        if "disrupting_serious_organised_crime" not in graded_ids and rng.random() < 0.15:
            not_graded.append("disrupting_serious_organised_crime")
    else:
        n_opt = rng.choice([2, 3])
        pool = list(opts)
        chosen = []
        while len(chosen) < n_opt:
            a = rng.choices(pool, weights=[opts[p] for p in pool])[0]
            pool.remove(a)
            chosen.append(a)
        graded_ids += chosen
        assessed = rng.randint(max(11, len(graded_ids) + 1), 13)
        candidates = [a for a in ["providing_a_service_to_victims", "strategic_policing_requirement", "armed_threats",
                                  "tackling_workforce_corruption", "recording_data_about_crime"]
                      if a not in graded_ids]
        not_graded = candidates[:1] + rng.sample(candidates[1:], min(len(candidates) - 1, assessed - len(graded_ids) - 1))
    weights = GRADE_WEIGHTS[cycle]
    graded = {a: rng.choices(GRADES, weights=weights)[0] for a in order if a in graded_ids}
    not_graded = [a for a in order if a in not_graded]
    year, month = rng.choice(CYCLES[cycle]["months"])
    return dict(graded=graded, not_graded=not_graded, year=year, month=month)


class ReportDoc(BaseDocTemplate):
    def __init__(self, buf, plan: Plan, title: str):
        super().__init__(buf, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=25 * mm,
                         bottomMargin=38 * mm, title=title, author="tests/reportgen (synthetic)",
                         subject=DISCLAIMER, creator="tests/reportgen/generate.py", invariant=1,
                         pageCompression=1)
        self.plan = plan
        self.header = title
        w, h = A4
        cover = Frame(0, 0, w, h, id="cover", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        body = Frame(self.leftMargin, self.bottomMargin, w - self.leftMargin - self.rightMargin,
                     h - self.topMargin - self.bottomMargin, id="body", leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [cover], onPage=self._cover),
                               PageTemplate("body", [body], onPage=self._page_start, onPageEnd=self._page_end)])

    def beforeDocument(self):
        self.canv._doctemplate_notes = []

    def _cover(self, c, doc):
        c._doctemplate_notes = []
        draw_cover(c, self.plan)

    def _page_start(self, c, doc):
        c._doctemplate_notes = []

    def _page_end(self, c, doc):
        plan, look = self.plan, self.plan.look
        w, h = A4
        c.saveState()
        # running header
        c.setFont(look.font, 8.5)
        c.setFillColor(colors.HexColor("#444444"))
        c.drawString(self.leftMargin, h - 14 * mm, self.header)
        c.setStrokeColor(colors.HexColor("#999999"))
        c.setLineWidth(0.4)
        c.line(self.leftMargin, h - 15.5 * mm, w - self.rightMargin, h - 15.5 * mm)
        # footnotes at the page foot
        notes = c._doctemplate_notes
        if notes:
            y = self.bottomMargin - 6 * mm
            c.line(self.leftMargin, y + 3.2 * mm, self.leftMargin + 45 * mm, y + 3.2 * mm)
            c.setFillColor(colors.black)
            for number, note in notes:
                c.setFont(look.font, 5.2)
                c.drawString(self.leftMargin, y + 2.2, str(number))
                c.setFont(look.font, 7.5)
                c.drawString(self.leftMargin + 3 * mm, y, ligate(note) if look.ligatures else note)
                y -= 9.5
        # footer
        c.setFillColor(colors.HexColor("#444444"))
        page = c.getPageNumber()
        c.setFont(look.font, 9)
        label = str(page) if plan.footer_style == 0 else f"Page {page}"
        c.drawRightString(w - self.rightMargin, 12 * mm, label)
        c.setFont(look.font, 6.5)
        c.drawString(self.leftMargin, 12 * mm, DISCLAIMER)
        c.restoreState()

    def afterFlowable(self, flowable):
        if isinstance(flowable, Heading) and flowable.toc is not None:
            self.notify("TOCEntry", (flowable.toc, flowable.text, self.page))


def draw_cover(c, plan: Plan) -> None:
    look = plan.look
    w, h = A4
    c.saveState()
    c.setFillColor(NAVY)
    c.rect(0, h * 0.42, w, h * 0.58, stroke=0, fill=1)
    c.setFillColor(colors.HexColor("#00a3a1"))
    c.rect(0, h * 0.42 - 6 * mm, w, 6 * mm, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(look.bold, 11)
    c.drawString(22 * mm, h - 25 * mm, "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services")
    draw_heading_text(c, 22 * mm, h - 95 * mm, CYCLES[plan.cycle]["cover"], look.bold, 34, look, colors.white,
                      look.letterspace)
    c.setFont(look.font, 16)
    c.setFillColor(colors.white)
    c.drawString(22 * mm, h - 108 * mm, "Police effectiveness, efficiency and legitimacy")
    c.setFillColor(NAVY)
    art = "A" if plan.typo else "An"
    lines = wrap_plain(f"{art} inspection of {plan.force}", look.bold, 22, w - 44 * mm)
    y = h * 0.42 - 30 * mm
    for line in lines:
        draw_heading_text(c, 22 * mm, y, line, look.bold, 22, look, NAVY, False)
        y -= 28
    c.setFont(look.font, 14)
    c.setFillColor(colors.black)
    c.drawString(22 * mm, y - 6, f"{MONTHS[plan.month - 1]} {plan.year}")
    c.setFont(look.font, 7)
    c.setFillColor(colors.HexColor("#666666"))
    c.drawString(22 * mm, 15 * mm, DISCLAIMER)
    c.restoreState()


def wrap_plain(text, font, size, width):
    lines, cur = [], ""
    for word in text.split():
        trial = (cur + " " + word).strip()
        if cur and pdfmetrics.stringWidth(trial, font, size) > width:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    lines.append(cur)
    return lines


def build_story(plan: Plan, rng: random.Random, pages_goal: int, paras_per_theme: tuple[int, int]) -> tuple[list, dict]:
    look = plan.look
    force = plan.force
    is_con = "Constabulary" in force
    unit = "constabulary" if is_con else "force"
    the_force = "the " + unit
    fmt = dict(Force=force, The_force="The " + unit, the_force=the_force)
    story: list = [Spacer(1, 1), NextPageTemplate("body"), PageBreak()]
    used = {"grade_phrasings": set(), "footnotes": 0, "hyphenated_words": 0}
    note_no = [0]

    def para(text, **kw):
        return Para(text, look, **kw)

    def sub(s):
        s = s.format(**fmt)
        if not is_con:
            return s
        return s.replace("The force", "The constabulary").replace("the force", "the constabulary")

    def findings_paragraph():
        n = rng.randint(3, 6)
        text = " ".join(sub(rng.choice(FINDINGS)) for _ in range(n))
        if look.footnotes and rng.random() < 0.12:
            note_no[0] += 1
            # marker after the first sentence's full stop
            i = text.find(". ") + 1
            text = text[:i] + f"\x00{note_no[0]}\x00" + text[i:]
            used["footnotes"] += 1
            return KeepTogether([para(text), FootnoteMark(note_no[0], rng.choice(FOOTNOTES))])
        return para(text)

    # contents
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [
        ParagraphStyle("toc0", fontName=look.bold, fontSize=11, leading=16, leftIndent=0, firstLineIndent=0,
                       spaceBefore=5),
        ParagraphStyle("toc1", fontName=look.font, fontSize=10, leading=14, leftIndent=12, firstLineIndent=0),
    ]
    story += [Heading("Contents", look, 0, 20, None, space_before=0, space_after=12), toc, PageBreak()]

    # overall summary
    graded = plan.graded
    n_graded, n_all = len(graded), len(graded) + len(plan.not_graded)
    num = (lambda n: NUMBER_WORDS[n]) if plan.counts_in_words else str
    story.append(Heading("Overall summary", look, 0, 20, 0, space_before=0))
    story.append(Heading("Our judgments", look, 1, 14, 1))
    if plan.opening_variant == 0:
        opening = (f"Our inspection assessed how good {force} is in {num(n_all)} areas of policing. "
                   f"We make graded judgments in {num(n_graded)} of these {num(n_all)} as follows:")
    else:
        opening = (f"Our inspection assessed how good {force} is in {num(n_all)} areas of policing. "
                   f"We make graded judgments in {num(n_graded)} of these {num(n_all)} areas. These are set out below.")
    story.append(para(opening, space_after=10))
    columns = [(g, [area_label(a, plan.cycle) for a, gg in graded.items() if gg == g]) for g in GRADES]
    empty = [g.lower() for g, areas in columns if not areas]
    columns = [(g, areas) for g, areas in columns if areas]
    story.append(Judgments(columns, look, plan.layout))
    story.append(Spacer(1, 10))
    if empty:
        story.append(para(f"{force} was awarded no {join_words(empty)} grades."))
    ng = plan.not_graded
    if ng:
        if len(ng) > 1 and rng.random() < 0.5:
            clauses = [NOT_GRADED_CLAUSE[a].format(the_force=the_force) for a in ng]
            clauses = clauses[:1] + [re.sub(r"^(how \w+( a service)?) " + re.escape(the_force), r"\1 it", cl)
                                     for cl in clauses[1:]]
            story.append(para("We also inspected " + ", ".join(clauses[:-1]) + " and " + clauses[-1] +
                              ". We don't make graded judgments for these areas."))
        else:
            for a in ng:
                story.append(para("We also inspected " + NOT_GRADED_CLAUSE[a].format(the_force=the_force) +
                                  ". We don't make a graded judgment for this area."))
    story.append(para(sub("We set out our detailed findings about things the force is doing well and where "
                          "the force should improve in the rest of this report.")))
    story.append(Heading("HM Inspector's observations", look, 1, 14, 1))
    for s in OBSERVATIONS:
        story.append(para(sub(s)))
    for _ in range(rng.randint(2, 4)):
        story.append(findings_paragraph())
    story.append(PageBreak())

    # one section per area
    for area_id in REPORT_ORDER[plan.cycle]:
        if area_id not in graded and area_id not in ng:
            continue
        label = area_label(area_id, plan.cycle)
        story.append(Heading(label, look, 0, 20, 0, space_before=0))
        if area_id in graded:
            v = plan.phrasings.pop(0) if plan.phrasings else rng.randrange(4)
            used["grade_phrasings"].add(v)
            story.append(para(grade_sentence(v, graded[area_id], force, the_force, area_id, plan.cycle, unit),
                              size=look.body_size + 1.5, space_after=10))
            grade = graded[area_id]
        else:
            story.append(para(f"We don't make a graded judgment for {label[0].lower() + label[1:]}.",
                              size=look.body_size + 1.5, space_after=10))
            grade = None
        if grade not in ("Outstanding", None) or (grade is None and rng.random() < 0.5):
            story.append(Heading("Areas for improvement", look, 2, 13, None))
            how_short = area_text(area_id, "how", plan.cycle, unit) if area_id in AREA_TEXT else "meets its requirements"
            items = [AFI[0].replace("{how_short}", how_short)] + rng.sample(AFI[1:], rng.randint(0, 3))
            for item in items:
                story.append(para(sub(item), indent=6 * mm, bullet="•", space_after=4))
            story.append(Spacer(1, 4))
        story.append(Heading("Main findings", look, 2, 13, None))
        themes = rng.sample(THEMES, rng.randint(3, 5))
        for t in themes:
            story.append(CondPageBreak(60))
            story.append(Heading(sub(t), look, 3, 11.5, None, space_before=8, space_after=4))
            for _ in range(rng.randint(*paras_per_theme)):
                story.append(findings_paragraph())
        story.append(PageBreak())
    story.append(Heading("About the data", look, 0, 20, 0, space_before=0))
    for _ in range(3):
        story.append(para("Data in this report is from a range of sources, including the Home Office, the "
                          "Office for National Statistics, our inspection fieldwork and data we collected "
                          "directly from all 43 police forces in England and Wales. Where we have collected "
                          "data directly from police forces, we took reasonable steps to agree the design of "
                          "the data collection with forces and with other interested parties."))
    return story, used


def render(plan: Plan, rng_seed: int, paras_per_theme=(2, 3)) -> tuple[bytes, int, dict]:
    rng = random.Random(rng_seed)
    title = f"{CYCLES[plan.cycle]['cover']}: An inspection of {plan.force}"
    story, used = build_story(plan, rng, 0, paras_per_theme)
    buf = io.BytesIO()
    doc = ReportDoc(buf, plan, title)
    doc.multiBuild(story)
    return buf.getvalue(), doc.page, used


# ----------------------------------------------------------------------------- the set

def spread(rng: random.Random, count: int, values: list) -> list:
    out = (values * math.ceil(count / len(values)))[:count]
    rng.shuffle(out)
    return out


def pick_on(rng: random.Random, count: int, share: float) -> list[bool]:
    k = min(count, max(3, round(share * count)))
    on = set(rng.sample(range(count), k))
    return [i in on for i in range(count)]


PAGE_SPAN = 30  # a report may run this many pages past min_pages before its findings are cut


def generate(out: Path, count: int, seed: int, min_pages: int = 30) -> list[dict]:
    register_fonts()
    forces, labels = read_reference()
    check_labels(labels)
    rng = random.Random(seed)
    cycles = spread(rng, count, ["2023-25", "2021-22"])
    layouts = spread(rng, count, ["ruled", "borderless", "boxes"])
    words = spread(rng, count, [True, False])
    openings = spread(rng, count, [0, 1])
    fonts = spread(rng, count, ["DejaVu", "Liberation"])
    lig, hyph, over, spaced, notes = (pick_on(rng, count, s) for s in (0.5, 0.5, 0.4, 0.4, 0.5))
    typo_at = rng.randrange(count) if count else -1
    taken: dict[str, set] = {c: set() for c in CYCLES}
    out.mkdir(parents=True, exist_ok=True)
    manifest, all_grades, all_ng = [], [], []
    for i in range(count):
        cycle = cycles[i]
        free = [f for f in forces if f[0] not in taken[cycle]] or forces
        force_id, force = rng.choice(free)
        taken[cycle].add(force_id)
        report_seed = rng.randrange(2**31)
        r = random.Random(report_seed)
        drawn = draw_plan(r, cycle, force_id, force)
        look = Look(font=fonts[i], ligatures=lig[i], hyphenate=hyph[i], overprint=over[i],
                    letterspace=spaced[i], footnotes=notes[i], body_size=r.choice([10, 10.5, 11]))
        phrasings = list(range(4)) * 3
        r.shuffle(phrasings)
        plan = Plan(cycle=cycle, force_id=force_id, force=force, year=drawn["year"], month=drawn["month"],
                    graded=drawn["graded"], not_graded=drawn["not_graded"], layout=layouts[i],
                    counts_in_words=words[i], opening_variant=openings[i], typo=(i == typo_at), look=look,
                    footer_style=r.randrange(2), phrasings=phrasings)
        # more or fewer findings per theme until the report is min_pages to min_pages + PAGE_SPAN pages
        lo_hi = (2, 3)
        for _attempt in range(6):
            plan.phrasings = list(phrasings)
            pdf, pages, used = render(plan, report_seed, lo_hi)
            if pages < min_pages:
                lo_hi = (lo_hi[0] + 1, lo_hi[1] + 1)
            elif pages > min_pages + PAGE_SPAN:
                lo_hi = (max(1, lo_hi[0] - 1), max(1, lo_hi[1] - 1))
            else:
                break
        stem = f"peel-{cycle}-{force_id}"
        (out / f"{stem}.pdf").write_bytes(pdf)
        grade_rows = [dict(cycle=cycle, force=force, area_hmicfrs=area_label(a, cycle), grade=g)
                      for a, g in plan.graded.items()]
        ng_rows = [dict(cycle=cycle, force=force, area_hmicfrs=area_label(a, cycle),
                        area_id="" if a in EXTRA_AREAS else a) for a in plan.not_graded]
        write_csv(out / f"{stem}.grades.csv", ["cycle", "force", "area_hmicfrs", "grade"], grade_rows)
        write_csv(out / f"{stem}.not_graded.csv", ["cycle", "force", "area_hmicfrs", "area_id"], ng_rows)
        empty_levels = [g for g in GRADES if g not in plan.graded.values()]
        features = {
            "cover_typo_A_inspection": plan.typo,
            "contents_dotted_leaders": True,
            "running_header_and_footer": True,
            "footnotes": used["footnotes"] > 0,
            "counts_in_words": plan.counts_in_words,
            "counts_in_digits": not plan.counts_in_words,
            "judgments_layout": plan.layout,
            "empty_grade_level_dropped": bool(empty_levels),
            "not_graded_prose": bool(plan.not_graded),
            "areas_for_improvement_lists": True,
            "grade_in_prose_phrasings": sorted(used["grade_phrasings"]),
            "overprinted_headings": look.overprint,
            "letterspaced_headings": look.letterspace,
            "ligatures_fi_fl": look.ligatures,
            "hyphenated_line_breaks": look.hyphenate,
            "font": FONT_FAMILIES_NAME[look.font],
        }
        info = {
            "file": f"{stem}.pdf", "cycle": cycle, "force": force, "force_id": force_id,
            "cover_title": CYCLES[cycle]["cover"],
            "publication": f"{MONTHS[plan.month - 1]} {plan.year}",
            "announced": {"assessed": len(plan.graded) + len(plan.not_graded), "graded": len(plan.graded),
                          "printed_as": "words" if plan.counts_in_words else "digits"},
            "empty_grade_levels": empty_levels,
            "not_graded": [area_label(a, cycle) for a in plan.not_graded],
            "pages": pages, "bytes": len(pdf), "footnotes": used["footnotes"], "features": features,
        }
        (out / f"{stem}.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        manifest.append(info)
        all_grades += grade_rows
        all_ng += ng_rows
    write_csv(out / "truth_grades.csv", ["cycle", "force", "area_hmicfrs", "grade"], all_grades)
    write_csv(out / "truth_not_graded.csv", ["cycle", "force", "area_hmicfrs", "area_id"], all_ng)
    (out / "manifest.json").write_text(json.dumps({"seed": seed, "count": count, "reports": manifest},
                                                  indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


FONT_FAMILIES_NAME = {"DejaVu": "DejaVu Sans", "Liberation": "Liberation Sans"}


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--count", type=int, default=12)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--min-pages", type=int, default=30,
                    help="grow the findings until each report has at least this many pages (the bench uses 50)")
    a = ap.parse_args(argv)
    manifest = generate(a.out, a.count, a.seed, a.min_pages)
    for m in manifest:
        print(f"{m['file']}: {m['pages']} pages, {m['bytes'] // 1024} KB, layout={m['features']['judgments_layout']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
