"""How a printing looks: fonts, sizes, spacing, page, rules, header repetition, row breaking, links."""
from __future__ import annotations

from dataclasses import dataclass, fields

FONTS = {  # family name for CSS/ODF, regular and bold font file for reportlab (TrueType or Type 1)
    "serif": ("Liberation Serif", "liberation/LiberationSerif-Regular.ttf", "liberation/LiberationSerif-Bold.ttf"),
    "sans": ("Liberation Sans", "liberation/LiberationSans-Regular.ttf", "liberation/LiberationSans-Bold.ttf"),
    "condensed": ("Liberation Sans Narrow", "liberation/LiberationSansNarrow-Regular.ttf",
                  "liberation/LiberationSansNarrow-Bold.ttf"),
    "dejavu-condensed": ("DejaVu Sans Condensed", "dejavu/DejaVuSansCondensed.ttf",
                         "dejavu/DejaVuSansCondensed-Bold.ttf"),
    "dejavu-serif": ("DejaVu Serif", "dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    "dejavu-sans": ("DejaVu Sans", "dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    "mono": ("Liberation Mono", "liberation/LiberationMono-Regular.ttf", "liberation/LiberationMono-Bold.ttf"),
    # PostScript (Type 1 / CFF) outlines, from fonts-urw-base35 (Ghostscript's own fonts): browsers and
    # LibreOffice embed them as CFF, reportlab as Type 1 with its AFM metrics
    "urw-serif": ("Nimbus Roman", "NimbusRoman-Regular.pfb", "NimbusRoman-Bold.pfb"),
    "urw-sans": ("Nimbus Sans", "NimbusSans-Regular.pfb", "NimbusSans-Bold.pfb"),
    "urw-narrow": ("Nimbus Sans Narrow", "NimbusSansNarrow-Regular.pfb", "NimbusSansNarrow-Bold.pfb"),
    "urw-bookman": ("URW Bookman", "URWBookman-Light.pfb", "URWBookman-Demi.pfb"),
}
PAGES = {"A4": (595.276, 841.89), "Letter": (612.0, 792.0)}   # points, portrait
RULES = ("full", "horizontal", "none", "zebra", "double", "booktabs")
ALIGNS = ("left", "center", "right")


@dataclass(frozen=True)
class Layout:
    font: str = "serif"               # serif | sans | condensed | dejavu-condensed
    body_size: float = 10.0           # pt
    table_size: float = 8.0           # pt, 6-10
    line_height: float = 1.15         # 1.0-1.5
    padding: float = 2.0              # pt: tight 1-2, loose 5-6
    page: str = "A4"                  # A4 | Letter
    matrix_orientation: str = "portrait"   # portrait | landscape
    rules: str = "full"               # full | horizontal | none | zebra
    repeat_header: bool = True
    rows_break: bool = True           # rows may split across pages
    link_underlines: bool = False     # force names as underlined blue links
    margin: float = 36.0              # pt, all four sides
    space_before_matrix: float = 0.0  # pt of empty space before each grades matrix
    space_before_practices: float = 0.0  # pt of empty space before the first practice table
    matrix_size: float = 0.0          # pt for the grades matrix cells; 0 = table_size
    # options added for the held-out set (tests/zoo/heldout.toml); the defaults print as before
    table_font: str = ""              # font of the table cells; "" = font
    header_align: str = "left"        # left | center | right: header cells
    grade_align: str = "left"         # left | center | right: the grade cells of the matrix
    valign: str = "top"               # top | middle: vertical alignment of every cell
    heading_scale: float = 1.0        # scale of h1/h2 headings (1.6 and 1.3 x body size)
    caption: bool = False             # a "Table N: ..." caption line above every table
    mirror_margins: float = 0.0       # pt moved from the outer to the inner margin, facing pages (not reportlab)

    def __post_init__(self) -> None:
        assert self.font in FONTS, self.font
        assert 6 <= self.table_size <= 10 and (self.matrix_size == 0 or 6 <= self.matrix_size <= 10)
        assert 1.0 <= self.line_height <= 1.5
        assert self.page in PAGES and self.matrix_orientation in ("portrait", "landscape")
        assert self.rules in RULES
        assert self.table_font == "" or self.table_font in FONTS, self.table_font
        assert self.header_align in ALIGNS and self.grade_align in ALIGNS and self.valign in ("top", "middle")
        assert 0.6 <= self.heading_scale <= 1.6
        assert 0 <= self.mirror_margins < self.margin

    @property
    def family(self) -> str:
        return FONTS[self.font][0]

    @property
    def table_font_key(self) -> str:
        return self.table_font or self.font

    @property
    def table_family(self) -> str:
        return FONTS[self.table_font_key][0]

    @property
    def matrix_pt(self) -> float:
        return self.matrix_size or self.table_size

    @classmethod
    def from_dict(cls, values: dict) -> "Layout":
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown layout fields {sorted(unknown)}")
        return cls(**values)

    def text_width(self, orientation: str = "portrait") -> float:
        width, height = PAGES[self.page]
        return (width if orientation == "portrait" else height) - 2 * self.margin

    def orientation_of(self, table: str) -> str:
        return self.matrix_orientation if table == "matrix" else "portrait"

    def describe(self) -> str:
        default = Layout()
        return ", ".join(f"{f.name}={getattr(self, f.name)}" for f in fields(self)
                         if getattr(self, f.name) != getattr(default, f.name)) or "defaults"
