"""The composed document: pages of positioned boxes, plain immutable data, no ReportLab.

Coordinates are millimetres from the top-left corner of the trimmed page. A Plan does
not depend on the output profile: the renderer decides bleed, colour model and links.
Plans are hashable; their digest is the incremental-build key.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from generator.diag import Span
from generator.qr import QrMatrix, bare_url


@dataclass(frozen=True, slots=True)
class Ink:
    """A colour in both models: CMYK for print, RGB for screen, each component 0..1."""

    name: str
    cmyk: tuple[float, float, float, float]
    rgb: tuple[float, float, float]


PAPER = Ink("paper", (0.0, 0.0, 0.0, 0.0), (1.0, 1.0, 1.0))
QR_BLACK = Ink("qr-black", (0.0, 0.0, 0.0, 1.0), (0.0, 0.0, 0.0))


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True, slots=True)
class Style:
    """A text style resolved against the layout's colours and fonts."""

    font: str
    size_pt: float
    min_size_pt: float
    leading: float
    ink: Ink
    align: str = "left"
    tracking: float = 0.0
    caps: bool = False
    hyphenate: bool = True
    space_before_pt: float = 0.0
    space_after_pt: float = 0.0
    max_size_pt: float | None = None

    def size_at(self, t: float) -> float:
        """The size at fitting position t: -1 = largest (max_size_pt), 0 = the style's size,
        1 = its floor (min_size_pt), up to 1.5 = 70 % of the floor (a last resort, always warned)."""
        if t < 0:
            return self.size_pt + (-t) * ((self.max_size_pt or self.size_pt) - self.size_pt)
        if t <= 1:
            return self.size_pt - t * (self.size_pt - self.min_size_pt)
        return self.min_size_pt * (1 - 0.6 * (t - 1))
    role: str = "P"  # structure role of its paragraphs in tagged output: H1, H2, H3, P or Artifact (decoration)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a piece of text came from, for overflow and missing-glyph messages.

    The span stays out of repr, equality and hash, so out of the plan's digest: a
    comment line added above a value moves it, but changes no byte of the document.
    """

    span: Span = dataclasses.field(repr=False, compare=False)
    field: str


@dataclass(frozen=True, slots=True)
class Para:
    """One paragraph of plain text (never markup)."""

    text: str
    style: Style
    source: Source | None = None
    bullet: bool = False
    link: str | None = None
    break_words: bool = False  # a last resort, set by fitting: words wider than the frame break anywhere
    keep_with_next: bool = False  # never the last paragraph of a column, never split (a list entry's title)

    @property
    def role(self) -> str:
        """The structure role: a bulleted paragraph is a list item, any other takes its style's role."""
        return "LI" if self.bullet and self.style.role != "Artifact" else self.style.role


@dataclass(frozen=True, slots=True)
class TextFrame:
    """Paragraphs set into a box at fitting position `fit` (see Style.size_at), chosen in compose
    by measuring with the renderer's line breaker; None until fitted."""

    box: Box
    paras: tuple[Para, ...]
    valign: str = "top"
    role: str = "text"
    fit: float | None = None


@dataclass(frozen=True, slots=True)
class Fill:
    """A filled rectangle; an edge on the trim line is extended into the bleed."""

    box: Box
    ink: Ink


@dataclass(frozen=True, slots=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width_pt: float
    ink: Ink
    dots_pt: float = 0.0  # > 0: a dotted line (a contents leader), round dots this far apart


@dataclass(frozen=True, slots=True)
class QrCode:
    """A QR symbol: `box` is the symbol without quiet zone, which the renderer paints white."""

    box: Box
    matrix: QrMatrix
    url: str
    quiet_modules: int
    role: str

    @property
    def alt(self) -> str:
        """What a screen reader says for the code (tagged output makes it a Figure with this /Alt)."""
        return f"QR-Code: Link zu {bare_url(self.url)}"

    @property
    def module_mm(self) -> float:
        return self.box.w / self.matrix.size

    @property
    def outer(self) -> Box:
        q = self.quiet_modules * self.module_mm
        return Box(self.box.x - q, self.box.y - q, self.box.w + 2 * q, self.box.h + 2 * q)


@dataclass(frozen=True, slots=True)
class Link:
    """A clickable area (screen profile only)."""

    box: Box
    url: str


@dataclass(frozen=True, slots=True)
class Jump:
    """A clickable area leading to a page's anchor in the same document (screen profile only)."""

    box: Box
    anchor: str


Item = Fill | Rule | TextFrame | QrCode | Link | Jump
# In tagged output Fill and Rule are always decoration (/Artifact); text takes its Para.role, a QrCode is a
# Figure, and a Link or Jump gathers the content inside its box into a Link element with its annotation.


@dataclass(frozen=True, slots=True)
class ReadingZone:
    """Items whose box's top-left corner lies in `box` are read at `rank`: lower ranks first, then page, then
    drawing order. The flyer's outside page reads its cover first and its back after the inside page."""

    box: Box
    rank: int


@dataclass(frozen=True, slots=True)
class PagePlan:
    items: tuple[Item, ...]
    bookmark: str | None = None
    anchor: str | None = None
    folds_mm: tuple[float, ...] = ()  # x positions of vertical folds, marked in the print bleed
    reading: tuple[ReadingZone, ...] = ()  # reading order across pages; items outside every zone read at rank 0

    def rank(self, box: Box) -> int:
        return next((z.rank for z in self.reading if z.box.x - 0.01 <= box.x < z.box.right - 0.01
                     and z.box.y - 0.01 <= box.y < z.box.bottom - 0.01), 0)


@dataclass(frozen=True, slots=True)
class Meta:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    lang: str = "de-DE"


@dataclass(frozen=True, slots=True)
class Fonts:
    """Font files by role; `fallback` may be None."""

    regular: str
    italic: str
    semibold: str
    bold: str
    fallback: str | None


@dataclass(frozen=True, slots=True)
class Plan:
    trim_mm: tuple[float, float]
    bleed_mm: float
    crop_marks: bool
    pages: tuple[PagePlan, ...]
    meta: Meta
    fonts: Fonts
    hyphenation: tuple[str, ...]
    safe_mm: float
    document: str  # how messages name the document, e.g. "project sheet (project-sheet-a4)"
    page_multiple: int = 1  # print pads the page count to a multiple of this (booklets: 4)
    back_cover: bool = False  # the padding goes before the last page, which stays the back cover
    open_outline: bool = False  # the viewer opens with the bookmarks pane (documents long enough to navigate)
    outline_depth: int = 1  # heading levels in the outline: 1 = a bookmark per page, 2 = its H2 headings beneath

    def padding(self) -> int:
        """Blank pages print adds to reach the page multiple."""
        return -len(self.pages) % self.page_multiple

    def page_number(self, index: int, padded: bool) -> int:
        """The 1-based number in the file of plan page `index`: the back cover follows the blank pages."""
        behind = padded and self.back_cover and index == len(self.pages) - 1
        return index + 1 + (self.padding() if behind else 0)

    def digest(self) -> str:
        """A stable hash of everything that decides the output's bytes."""
        return hashlib.sha256(repr(self).encode("utf-8")).hexdigest()

    def qr_codes(self) -> tuple[tuple[int, QrCode], ...]:
        return tuple((i, item) for i, page in enumerate(self.pages) for item in page.items if isinstance(item, QrCode))
