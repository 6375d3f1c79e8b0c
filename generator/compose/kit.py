"""Compose helpers: a layout seen as a designer's kit (grid, inks, styles, measures), and text fitted and
flowed with the renderer's line breaker. QR codes are placed with `qrfit`; the blocks every document prints
(kicker, footer, call to action, links) come from `furniture`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator import typography
from generator.compose import notes as _warning_texts  # noqa: F401  (registers the texts of the warnings)
from generator.diag import Diagnostic, Problems, Span
from generator.kinds import document_kind
from generator.layouts import Colour, Layout
from generator.measure import FLOOR, LARGEST, NATURAL, Fitted, Measurer
from generator.messages import catalogue, msg, register
from generator.model import Project
from generator.plan import Box, Ink, Meta, PagePlan, Para, Plan, Source, Style, TextFrame

if TYPE_CHECKING:
    from generator.jobs import Job

register({
    "fit.below_floor": ("{field} ist für {frame} im Dokument {document} (Seite {page}) zu lang und wird kleiner als "
                        "die Mindestgröße des Layouts gesetzt", "{field} is too long for {frame} of the {document} "
                        "(page {page}) and is set below the layout's smallest size"),
    "fit.below_floor.hint": ("kürze den Text", "shorten the text"),
})


# Structure roles of the layouts' text styles for tagged PDF, in one place: a style not named reads as P.
# Roles follow the document's outline (one H1, then H2 and H3 without skipped levels in reading order).
ROLES: dict[str, str] = {"headline": "H1", "title": "H1", "cover_title": "H1", "heading": "H2", "tile_title": "H2",
                         "footer": "Artifact", "sender": "Artifact"}
def style_role(kind: str, name: str) -> str:
    """The structure role of the layout style `name` in a document of `kind` (its record may rename roles)."""
    return dict(document_kind(kind).roles).get(name) or ROLES.get(name, "P")


def to_ink(name: str, colour: Colour) -> Ink:
    c = colour.cmyk
    r, g, b = colour.rgb
    return Ink(name, (c.c / 100, c.m / 100, c.y / 100, c.k / 100), (r / 255, g / 255, b / 255))


@dataclass(frozen=True, slots=True)
class Kit:
    """The layout's measures in millimetres from the trim's top-left corner, the measuring
    service, and the warnings a composer collects on the way."""

    layout: Layout
    measurer: Measurer
    document: str
    notes: list[Diagnostic] = field(default_factory=list)

    def fit(self, frame: TextFrame, largest: float = NATURAL, smallest: float = FLOOR) -> Fitted:
        """The frame at the largest size that fits; warnings (a word broken by width) are kept."""
        fitted = self.measurer.fit(frame, largest, smallest)
        self.notes.extend(fitted.notes)
        return fitted

    def fitted(self, frame: TextFrame, largest: float = NATURAL, page: int = 1) -> TextFrame:
        """The frame fitted between its sizes; below the floor with a warning; Problems only past the last resort."""
        result = self.fit(frame, largest, max(FLOOR, largest))
        if result.fits:
            return result.frame
        last = self.fit(frame, max(largest, FLOOR), LAST_RESORT_T)
        if not last.fits:
            raise Problems([last.overflow or Diagnostic(self.document, frame.role)])
        where = result.overflow.where if result.overflow else self.document
        source = next((p.source for p in frame.paras if p.source), None)
        self.warn(where, msg("fit.below_floor", field=f"'{source.field}'" if source else "text", frame=frame.role,
                             document=self.document, page=page), msg("fit.below_floor.hint"))
        return last.frame

    def plan(self, job: Job, pages: tuple[PagePlan, ...], meta: Meta, page_multiple: int = 1) -> Plan:
        """The document's plan: the layout's page, bleed and safe zone around the composed pages."""
        layout = job.layout
        return Plan(trim_mm=layout.trim_mm, bleed_mm=layout.bleed_mm, crop_marks=layout.crop_marks, pages=pages,
                    meta=meta, fonts=job.fonts, hyphenation=job.hyphenation, safe_mm=layout.safe_mm,
                    document=f"{job.kind.replace('-', ' ')} ({layout.name})",  # the same in every language
                    page_multiple=page_multiple)

    def note(self, where: Span | str, key: str, hint: str | None = "", **fields: object) -> None:
        """A warning from the catalogue: `key`, and `hint` (default: `key.hint` when registered; None: none)."""
        hint_key = f"{key}.hint" if hint == "" else hint
        hint_text = msg(hint_key, **fields) if hint_key and hint_key in catalogue() else None
        self.warn(where, msg(key, document=self.document, **fields), hint_text)

    def warn(self, where: Span | str, message: str, hint: str | None = None) -> None:
        self.notes.append(Diagnostic(where, message, hint, severity="warning"))

    @property
    def width(self) -> float:
        return self.layout.trim_mm[0]

    @property
    def height(self) -> float:
        return self.layout.trim_mm[1]

    @property
    def content(self) -> Box:
        m = self.layout.margins_mm
        return Box(m.left, m.top, self.width - m.left - m.right, self.height - m.top - m.bottom)

    def ink(self, name: str) -> Ink:
        return to_ink(name, self.layout.colour(name))

    def project_ink(self, project: Project | None) -> Ink:
        """The project's own colour (the layout's `project_colours`), the primary colour without one."""
        colour = self.layout.project_colour(project.number) if project else self.layout.colour("primary")
        return to_ink(f"project-{project.number}" if project else "primary", colour)

    def style(self, name: str, align: str | None = None, role: str | None = None,
              project: Project | None = None) -> Style:
        """The layout's style `name`, optionally with another alignment (a page number set right) or
        structure role (a page title set in a smaller style); the role comes from ROLES otherwise."""
        s = self.layout.style(name)
        ink = self.project_ink(project) if s.colour == "project" else self.ink(s.colour)
        return Style(font=s.font, size_pt=s.size_pt, min_size_pt=s.smallest_pt, leading=s.leading,
                     ink=ink, align=align or s.align, tracking=s.tracking, caps=s.caps,
                     hyphenate=s.hyphenate, space_before_pt=s.space_before_pt,
                     space_after_pt=s.space_after_pt, max_size_pt=s.max_size_pt,
                     role=role or style_role(self.layout.kind, name))

    def column_width(self) -> float:
        grid = self.layout.grid
        return (self.content.w - (grid.columns - 1) * grid.gutter_mm) / grid.columns

    def columns(self, first: int, count: int) -> tuple[float, float]:
        """x and width of `count` grid columns starting at column `first` (0-based)."""
        col, gutter = self.column_width(), self.layout.grid.gutter_mm
        return self.content.x + first * (col + gutter), count * col + (count - 1) * gutter

    def measure(self, name: str) -> float:
        """The layout's placement measure `name` (its `measures_mm`); the kind's record declares the ones it reads."""
        return self.layout.measure(name)

    def line_mm(self, style_name: str) -> float:
        """One line of the style at full size, in millimetres (labels are drawn 1.2 × their size high)."""
        style = self.style(style_name)
        return style.size_pt * (1.2 if style.tracking else style.leading) * PT_MM


LAST_RESORT_T = 1.5  # see measure.LAST_RESORT
PT_MM = 25.4 / 72
BASELINE = 0.93  # a first line's baseline below its frame's top, in ems of its size (ReportLab's Paragraph)


def largest(count: int, fits: Callable[[int], bool]) -> int:
    """The largest n in 0..count for which `fits(n)` holds, assuming fewer always fit (bisection)."""
    if fits(count):
        return count
    low, high = 0, count - 1
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def flow(kit: Kit, paras: tuple[Para, ...], boxes: list[Box], t: float, role: str) -> tuple[TextFrame, ...] | None:
    """The paragraphs flowed through the boxes in order at position t; None when they do not all fit."""
    frames, rest = [], paras
    for box in boxes:
        if not rest:
            break
        head, rest = kit.measurer.split(rest, box.w, box.h, t)
        if not head:
            return None
        frames.append(TextFrame(box, head, role=role, fit=t))
    return None if rest else tuple(frames)


def flow_balanced(kit: Kit, paras: tuple[Para, ...], boxes: list[Box], t: float,
                  role: str) -> tuple[TextFrame, ...] | None:
    """Flowed at position t into columns cut to the shortest height that still holds everything, so the
    columns end near one line instead of the first filling up and the last staying empty."""
    if flow(kit, paras, boxes, t, role) is None:
        return None
    total = kit.measurer.height_mm(paras, min(b.w for b in boxes), t)
    low, high = total / len(boxes), max(b.h for b in boxes)
    for _ in range(7):
        middle = (low + high) / 2
        if flow(kit, paras, [dataclasses.replace(b, h=min(b.h, middle)) for b in boxes], t, role) is None:
            low = middle
        else:
            high = middle
    return flow(kit, paras, [dataclasses.replace(b, h=min(b.h, high)) for b in boxes], t, role)


# How a list of projects gives way when it does not fit: with links; titles alone; titles cut after about 80,
# then 40 characters (at a word, marked with …). Each step after the first is said in a warning.
LIST_STEPS: tuple[tuple[int | None, bool], ...] = ((None, True), (None, False), (80, False), (40, False))


def short_title(title: str, limit: int | None) -> str:
    return title if limit is None or len(title) <= limit else title[:limit].rsplit(" ", 1)[0] + " …"


def flow_list(kit: Kit, entries: Callable[[int | None, bool], tuple[Para, ...]], choices: list[list[Box]],
              role: str) -> tuple[TextFrame, ...]:
    """A list flowed through the first choice of columns where it fits at the largest size; whole (with its
    links) even below the floor before it gives way by LIST_STEPS. Each step is said in a warning."""
    steps = [(limit, links, sizes) for limit, links in LIST_STEPS
             for sizes in (((LARGEST, -0.5, NATURAL, 0.5, FLOOR), (1.25, LAST_RESORT_T)) if (limit, links) ==
                           LIST_STEPS[0] else ((LARGEST, -0.5, NATURAL, 0.5, FLOOR, 1.25, LAST_RESORT_T),))]
    for limit, with_links, sizes in steps:
        paras = entries(limit, with_links)
        for t in sizes:
            for boxes in choices:
                frames = flow_balanced(kit, paras, boxes, t, role)
                if frames is None:
                    continue
                if (limit, with_links) != LIST_STEPS[0]:
                    kit.note(kit.layout.file, "list.cut" if limit else "list.shortened", "list.hint",
                             role=role, limit=limit)
                if t > FLOOR:
                    kit.note(kit.layout.file, "list.below_floor", role=role)
                return frames
    return (kit.fitted(TextFrame(choices[-1][0], entries(*LIST_STEPS[-1]), role=role)),)  # reports the overflow


def fit_pages(kit: Kit, pages: tuple[PagePlan, ...]) -> tuple[PagePlan, ...]:
    """Every frame measured once more as it will be drawn: a frame a composer left unfitted is fitted between
    its sizes; one it fitted keeps its size when that holds, else shrinks further with a warning. So nothing
    that `check` accepts can overflow when rendered."""
    result = []
    for number, page in enumerate(pages, 1):
        items = tuple(_final(kit, item, number) if isinstance(item, TextFrame) else item for item in page.items)
        result.append(dataclasses.replace(page, items=items))
    return tuple(result)


def _final(kit: Kit, frame: TextFrame, page: int) -> TextFrame:
    if frame.fit is None:
        return kit.fitted(frame, page=page)
    kept = kit.fit(frame, frame.fit, frame.fit)
    return kept.frame if kept.fits else kit.fitted(frame, largest=frame.fit, page=page)


def german_para(text: str, style: Style, source: Source | None = None, bullet: bool = False,
                link: str | None = None) -> Para:
    """A paragraph of German text: typographic quotes, dashes and spaces, no lone short word on its last line."""
    return Para(typography.paragraph(text), style, source, bullet=bullet, link=link)


def name(text: str, style: Style, source: Source | None = None) -> Para:
    """A name (a carrier, an organisation, a person) or a short list item: never hyphenated."""
    return Para(typography.refine(text), dataclasses.replace(style, hyphenate=False), source)
