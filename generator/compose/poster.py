"""Compose the poster: the stand and all its projects on one large page → Plan.

Top to bottom: a primary band with the kicker and the headline; the projects as a grid
of numbered tiles, each with its own QR code; then the introduction, the themes, the
call to action and the footer beside the stand's large QR code in the bottom-right
corner. The stand's code sits on the bare paper, so its quiet zone may run into the
margins: that keeps the code as large as its reading distance asks without crowding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator import typography
from generator.compose.kit import Kit, display_url, organiser_line, para
from generator.diag import Diagnostic, Problems
from generator.jobs import Job
from generator.model import Project, Stand
from generator.plan import Box, Fill, Item, Link, Meta, PagePlan, Para, Plan, QrCode, Rule, Source, Style, TextFrame
from generator.qr import encode_qr

LABELS = {"themes": "Themen am Stand", "cta": "Mehr erfahren", "online": "Zum Stand online \u2192"}
MAX_COLUMNS = 4  # tiles to a row: four keep each tile wide enough for its code and title
PT_MM = 25.4 / 72


@dataclass(frozen=True, slots=True)
class TileGrid:
    """Where the tiles go: `columns` × `rows` boxes of one size, filled row by row."""

    area: Box
    columns: int
    rows: int
    tile_w: float
    tile_h: float
    gutter: float

    def tile(self, index: int) -> Box:
        row, col = divmod(index, self.columns)
        return Box(self.area.x + col * (self.tile_w + self.gutter), self.area.y + row * (self.tile_h + self.gutter),
                   self.tile_w, self.tile_h)

    @property
    def bottom(self) -> float:
        return self.area.y + self.rows * self.tile_h + (self.rows - 1) * self.gutter


def compose_poster(job: Job) -> Plan:
    kit = Kit(job.layout)
    stand = job.stand
    stand_qr = _stand_qr(kit, stand)
    grid = _tile_grid(kit, job, bottom=stand_qr.outer.y)
    card = max((_project_qr(kit, p, Box(0, 0, 0, 0)).outer.w for p in job.projects), default=0.0)
    items: list[Item] = [*_band(kit, stand)]
    for index, project in enumerate(job.projects):
        items += _tile(kit, project, grid.tile(index), card)
    items += [*_about(kit, stand, _about_zone(kit, grid.bottom, stand_qr.outer.x)), stand_qr,
              Link(stand_qr.box, stand.url)]
    page = PagePlan(items=tuple(items), bookmark=stand.headline, anchor="poster")
    return Plan(trim_mm=job.layout.trim_mm, bleed_mm=job.layout.bleed_mm, crop_marks=job.layout.crop_marks,
                pages=(page,), meta=_meta(stand, job.projects), fonts=job.fonts, hyphenation=job.hyphenation,
                safe_mm=job.layout.safe_mm, document=f"poster ({job.layout.name})", outline_depth=2)


def _about_zone(kit: Kit, top: float, qr_left: float) -> Box:
    """The grid columns left of the stand's code (its quiet zone included), below the tiles."""
    gutter = kit.layout.grid.gutter_mm
    fitting = [n for n in range(1, kit.layout.grid.columns + 1) if _right(kit.columns(0, n)) <= qr_left - gutter]
    if not fitting:
        raise Problems([Diagnostic(kit.layout.file, "the stand's QR code leaves no room for the introduction",
                                   "make 'qr: stand: min_mm' smaller or widen the page")])
    x, width = kit.columns(0, max(fitting))
    return Box(x, top + 2 * gutter, width, kit.content.bottom - top - 2 * gutter)


def _meta(stand: Stand, projects: tuple[Project, ...]) -> Meta:
    keywords = (*(f.title for f in stand.focus), stand.event.short_name or stand.event.name, stand.organiser.name)
    return Meta(title=stand.headline, author=organiser_line(stand),
                subject=f"{stand.event.name}: {len(projects)} Projekte", keywords=tuple(dict.fromkeys(keywords)))


def _band(kit: Kit, stand: Stand) -> tuple[Item, ...]:
    """The primary band into the bleed: who and where as a kicker, then the headline."""
    band = kit.measure("band_height")
    area = kit.content
    kicker = kit.style("kicker")
    kicker_h = _line_mm(kicker)
    top = area.y + kicker_h + kit.layout.grid.gutter_mm
    headline = Para(typography.headline(stand.headline), kit.style("headline"),
                    Source(stand.at("headline"), "headline"))
    kicker_text = f"{stand.organiser.name} · {stand.event.short_name or stand.event.name}"
    return (
        Fill(Box(0, 0, kit.width, band), kit.ink("primary")),
        Fill(Box(0, band - kit.layout.grid.gutter_mm / 3, kit.width, kit.layout.grid.gutter_mm / 3), kit.ink("accent")),
        TextFrame(Box(area.x, area.y, area.w, kicker_h), (para(kicker_text, kicker),), role="kicker"),
        TextFrame(Box(area.x, top, area.w, band - 1.25 * kit.layout.grid.gutter_mm - top), (headline,), valign="bottom",
                  role="headline"),
    )


def _tile_grid(kit: Kit, job: Job, bottom: float) -> TileGrid:
    """Rows from the number of projects; Problems if they do not fit above the stand's code."""
    count = len(job.projects)
    gutter = kit.layout.grid.gutter_mm
    top = kit.measure("band_height") + 1.5 * gutter
    tile_h = kit.measure("tile_height")
    rows = max(1, math.ceil(count / MAX_COLUMNS))
    columns = math.ceil(count / rows)
    fit = int((bottom - top + gutter) // (tile_h + gutter))
    if rows > fit:
        room = fit * MAX_COLUMNS
        where = job.projects[room].span if room < count else job.layout.file
        raise Problems([Diagnostic(where, f"the {job.layout.name} poster has room for {room} project tiles, "
                                          f"but there are {count} projects",
                                   f"leave projects off, or make 'tile_height' in {job.layout.file} smaller")])
    width = kit.content.w
    across = max(columns, 2)  # a lone tile stays half the page wide
    return TileGrid(Box(kit.content.x, top, width, bottom - top), columns, rows,
                    (width - (across - 1) * gutter) / across, tile_h, gutter)


def _tile(kit: Kit, project: Project, tile: Box, card: float) -> tuple[Item, ...]:
    """A tile: a primary head with the number and the code on a white card; title, carriers and url below."""
    pad = kit.measure("tile_padding")
    card_box = Box(tile.right - card, tile.y, card, card)
    qr = _project_qr(kit, project, card_box)
    inner_w = tile.w - 2 * pad
    url_style = kit.style("url")
    url_h = 2 * _line_mm(url_style)
    text_top = card_box.bottom + pad
    carriers = " · ".join(dict.fromkeys(c.name for c in project.carriers))
    info = (Para(typography.headline(project.title), kit.style("tile_title"), Source(project.at("title"), "title")),
            para(carriers, kit.style("tile_text"), Source(project.at("carriers"), "carriers")))
    url = Para(display_url(project), url_style, Source(project.at("short_url" if project.short_url else "url"), "url"),
               link=project.url)
    return (
        Fill(tile, kit.ink("tint")),
        Fill(Box(tile.x, tile.y, tile.w - card, card), kit.ink("primary")),
        Fill(card_box, kit.ink("paper")),
        TextFrame(Box(tile.x + pad, tile.y + pad / 2, card_box.x - tile.x - pad * 4 / 3, card - pad),
                  (Para(str(project.number), kit.style("tile_number"), Source(project.at("number"), "number")),),
                  role="tile number"),
        TextFrame(Box(tile.x + pad, text_top, inner_w, tile.bottom - pad - url_h - pad / 2 - text_top), info,
                  role=f"tile of project {project.number}"),
        TextFrame(Box(tile.x + pad, tile.bottom - pad - url_h, inner_w, url_h), (url,), valign="bottom",
                  role=f"url of project {project.number}"),
        qr,
        Link(qr.box, project.url),
    )


def _project_qr(kit: Kit, project: Project, card: Box) -> QrCode:
    """The project's code centred on its card; the card is at least as large as the quiet zone."""
    spec = kit.layout.qr_spec("project")
    size = spec.size_mm
    inset = (card.w - size) / 2
    return QrCode(Box(card.x + inset, card.y + inset, size, size), encode_qr(project.url, spec.error_correction),
                  project.url, spec.quiet_modules, "project")


def _stand_qr(kit: Kit, stand: Stand) -> QrCode:
    """Bottom right, on the content edges unless its quiet zone would then reach into the safe margin."""
    spec = kit.layout.qr_spec("stand")
    matrix = encode_qr(stand.url, spec.error_correction)
    size = spec.size_mm
    quiet = spec.quiet_modules * size / matrix.size
    reach = kit.layout.safe_mm + quiet
    right = min(kit.content.right, kit.width - reach)
    bottom = min(kit.content.bottom, kit.height - reach)
    return QrCode(Box(right - size, bottom - size, size, size), matrix, stand.url, spec.quiet_modules, "stand")


def _about(kit: Kit, stand: Stand, zone: Box) -> tuple[Item, ...]:
    """Beside the stand's code: introduction, themes and the call to action, set on the footer."""
    footer_h = kit.measure("footer_height")
    footer_top = zone.bottom - footer_h
    gap = kit.layout.grid.gutter_mm
    about = [para(stand.intro[0], kit.style("lead"), Source(stand.at("intro"), "intro"))]
    if stand.focus:
        about.append(para(LABELS["themes"], kit.style("heading")))
        about += [para(f.title, kit.style("list"), Source(f.at("title"), "focus"), bullet=True) for f in stand.focus]
    about += [para(LABELS["cta"], kit.style("cta")),
              Para(f"{LABELS['online']} {_bare_url(stand.url)}", kit.style("cta_url"), Source(stand.at("url"), "url"),
                   link=stand.url)]
    footer = kit.style("footer")
    return (
        TextFrame(Box(zone.x, zone.y, zone.w, footer_top - gap - zone.y), tuple(about), valign="bottom",
                  role="introduction"),
        Rule(zone.x, footer_top, zone.right, footer_top, footer.size_pt / 24, kit.ink("muted")),
        TextFrame(Box(zone.x, footer_top + gap / 3, zone.w, footer_h - gap / 3),
                  tuple(para(line, footer) for line in _footer_lines(stand)), valign="bottom", role="footer"),
    )


def _footer_lines(stand: Stand) -> tuple[str, ...]:
    """Organiser, event with dates, venue: one line each, so no line breaks inside a name."""
    event = stand.event
    place = " · ".join(p for p in (event.venue, event.stand) if p)
    dates = typography.date_range(event.dates.start, event.dates.end)
    lines = (organiser_line(stand), f"{event.name} · {dates}", place)
    return tuple(line for line in lines if line)


def _right(span: tuple[float, float]) -> float:
    x, width = span
    return x + width


def _bare_url(url: str) -> str:
    return url.split("://", 1)[-1].removeprefix("www.").rstrip("/")


def _line_mm(style: Style) -> float:
    """One line of `style` at full size, in millimetres (labels are drawn 1.2 × their size high)."""
    return style.size_pt * (1.2 if style.tracking else style.leading) * PT_MM
