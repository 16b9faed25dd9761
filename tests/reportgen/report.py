"""One generated report: its plan (the grades drawn, its layout and quirks), its cover, pages and
story, rendered to PDF bytes."""
from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.tableofcontents import TableOfContents

from flowables import NAVY, FootnoteMark, Heading, Judgments, Look, Para, draw_heading_text, ligate
from inspection import CORE, CYCLES, GRADE_WEIGHTS, GRADES, MONTHS, OPTIONAL_GRADED, REPORT_ORDER
from wording import (AFI, AREA_TEXT, FINDINGS, FOOTNOTES, NOT_GRADED_CLAUSE, NUMBER_WORDS, OBSERVATIONS, THEMES,
                     area_label, area_text, grade_sentence, join_words)


DISCLAIMER = "Synthetic test document (tests/reportgen) – grades are random, not HMICFRS findings"


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
