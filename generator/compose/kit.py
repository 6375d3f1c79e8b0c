"""Compose helpers: a layout seen as a designer's kit (grid, inks, styles) and shared content blocks."""

from __future__ import annotations

from dataclasses import dataclass

from generator import typography
from generator.layouts import Colour, Layout
from generator.model import Project, Stand
from generator.diag import Diagnostic, Problems, Span
from generator.plan import Box, Ink, Meta, Para, QrCode, Source, Style
from generator.qr import encode_qr


# Structure roles of the layouts' text styles for tagged PDF, in one place: a style not named reads as P.
# Roles follow the document's outline (one H1, then H2 and H3 without skipped levels in reading order).
ROLES: dict[str, str] = {"headline": "H1", "title": "H1", "cover_title": "H1", "heading": "H2", "tile_title": "H2",
                         "footer": "Artifact"}
# Where a kind uses a style name differently: the flyer's panel labels head its sections, its cover sets
# the event name in the footer style, and the cover's row of project numbers only repeats "8 Projekte".
KIND_ROLES: dict[str, dict[str, str]] = {
    "flyer": {"label": "H2", "title": "H3", "theme": "H3", "project": "H3", "heading": "H3", "footer": "P",
              "teaser": "Artifact"},
}


def style_role(kind: str, name: str) -> str:
    """The structure role of the layout style `name` in a document of `kind`."""
    return KIND_ROLES.get(kind, {}).get(name) or ROLES.get(name, "P")


def to_ink(name: str, colour: Colour) -> Ink:
    c = colour.cmyk
    return Ink(name, (c.c / 100, c.m / 100, c.y / 100, c.k / 100), tuple(v / 255 for v in colour.rgb))


@dataclass(frozen=True, slots=True)
class Kit:
    """The layout's measures in millimetres from the trim's top-left corner."""

    layout: Layout

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

    def style(self, name: str, align: str | None = None, role: str | None = None) -> Style:
        """The layout's style `name`, optionally with another alignment (a page number set right) or
        structure role (a page title set in a smaller style); the role comes from ROLES otherwise."""
        s = self.layout.style(name)
        return Style(font=s.font, size_pt=s.size_pt, min_size_pt=s.smallest_pt, leading=s.leading,
                     ink=self.ink(s.colour), align=align or s.align, tracking=s.tracking, caps=s.caps,
                     hyphenate=s.hyphenate, space_before_pt=s.space_before_pt,
                     space_after_pt=s.space_after_pt, role=role or style_role(self.layout.kind, name))

    def column_width(self) -> float:
        grid = self.layout.grid
        return (self.content.w - (grid.columns - 1) * grid.gutter_mm) / grid.columns

    def columns(self, first: int, count: int) -> tuple[float, float]:
        """x and width of `count` grid columns starting at column `first` (0-based)."""
        col, gutter = self.column_width(), self.layout.grid.gutter_mm
        return self.content.x + first * (col + gutter), count * col + (count - 1) * gutter

    def measure(self, name: str) -> float:
        return self.layout.measure(name)


def qr_code(kit: Kit, role: str, url: str, where: Span, x: float, y: float, size: float | None = None) -> QrCode:
    """A QR code of the layout's `role` with its symbol's top-left corner at (x, y).

    Fails with the url's position when the code's modules would be too small to scan
    from the role's reading distance.
    """
    spec = kit.layout.qr_spec(role)
    size = size or spec.size_mm
    try:
        matrix = encode_qr(url, spec.error_correction)
    except ValueError:
        matrix = None
    if matrix is None or size / matrix.size < spec.module_limit_mm - 1e-9:
        modules = f" ({size / matrix.size:.2f} mm modules, at least {spec.module_limit_mm:.2f} mm needed)" if matrix else ""
        raise Problems([Diagnostic(where, f"'url' is too long for a QR code of {size:.0f} mm that scans from "
                                          f"{spec.distance_m:g} m{modules}", "use a shorter address or a short link")])
    return QrCode(Box(x, y, size, size), matrix, url, spec.quiet_modules, role)


def para(text: str, style: Style, source: Source | None = None, **extra: object) -> Para:
    return Para(typography.refine(text), style, source, **extra)


def organiser_line(stand: Stand) -> str:
    org = stand.organiser
    return f"{org.name} · {org.unit}" if org.unit else org.name


def event_line(stand: Stand) -> str:
    event = stand.event
    parts = [event.name, typography.date_range(event.dates.start, event.dates.end)]
    parts += [p for p in (event.venue, event.stand) if p]
    return " · ".join(parts)


def project_meta(stand: Stand, project: Project) -> Meta:
    keywords = (*project.topics, stand.event.short_name or stand.event.name, stand.organiser.name)
    return Meta(title=f"{project.number} {project.title}", author=organiser_line(stand),
                subject=f"{stand.headline} – {stand.event.name}", keywords=tuple(dict.fromkeys(keywords)))


def display_url(project: Project) -> str:
    """What is printed under a QR code: the short url, or the url without its scheme."""
    if project.short_url:
        return project.short_url
    return project.url.split("://", 1)[1].removeprefix("www.").rstrip("/")
