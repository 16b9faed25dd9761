"""How the generated reports are drawn: the fonts, and the reportlab flowables that damage the text
layer as published PDFs do (hyphenated line ends, ligatures, letter-spaced and overprinted
headings, footnote marks) and the judgments block in its three layouts (ruled, borderless, boxes)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable


GRADE_FILL = {  # coloured-box layout: (header fill, body fill, header text colour)
    "Outstanding": ("#1f5f3a", "#d5e8d4", colors.white),
    "Good": ("#4a9a3f", "#e2f0d9", colors.white),
    "Adequate": ("#f2c14e", "#fdf2d0", colors.black),
    "Requires improvement": ("#e07b28", "#fbe3cf", colors.black),
    "Inadequate": ("#b3261e", "#f6d5d3", colors.white),
}

NAVY = colors.HexColor("#12284b")

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
