"""Compose the poster: the stand and all its projects on one large page → Plan.

Top to bottom: a primary band with the kicker and the headline; the projects as a grid
of numbered tiles, each with its own QR code; then the introduction, the themes, the
call to action and the footer beside the stand's large QR code in the bottom-right
corner. The stand's code sits on the bare paper, so its quiet zone may run into the
margins: that keeps the code as large as its reading distance asks without crowding.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from generator import typography
from generator.compose.kit import (Kit, bare_url, display_url, flow_balanced, flow_fitted, german_para, organiser_line,
                                   qr_fit, qr_required)
from generator.measure import FLOOR, LARGEST, NATURAL
from generator.diag import Diagnostic, Problems
from generator.jobs import Job
from generator.kinds import BASE_COLOURS, DocumentKind, LayoutNeeds, SizeBudget, TypeFloor, VisualReference
from generator.model import Project, Stand
from generator.plan import Box, Fill, Item, Link, Meta, PagePlan, Para, Plan, QrCode, Rule, Source, Style, TextFrame

LABELS = {"themes": "Themen am Stand", "cta": "Mehr erfahren", "online": "Zum Stand online \u2192"}
MAX_COLUMNS = 8  # tiles to a row at most
BAND_MAX_SHARE = 0.35  # a long headline may grow the band to this share of the poster's height
URL_LIMIT = 60  # longer links without a short_url are printed as their host only
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


def compose_poster(job: Job, kit: Kit) -> Plan:
    stand = job.stand
    stand_qr = _stand_qr(kit, stand)
    band_items, band = _band(kit, stand)
    area = Box(kit.content.x, band + 1.5 * kit.layout.grid.gutter_mm, kit.content.w, 0.0)
    area = Box(area.x, area.y, area.w, stand_qr.outer.y - area.y)
    tiles = _tiles(kit, job, area)
    items: list[Item] = [*band_items]
    if tiles is None:
        kit.warn(job.layout.file, f"the {kit.document} has no room for a tile with a scannable QR code for each of "
                                  f"the {len(job.projects)} projects: it lists them, and the stand's code leads to them",
                 "fewer projects, or a larger poster")
        listed, bottom = _project_list(kit, job.projects, area)
        items += listed
    else:
        grid, card, frames = tiles
        for index, (project, frame) in enumerate(zip(job.projects, frames)):
            items += _tile(kit, project, grid.tile(index), card, frame)
        bottom = grid.bottom
    items += [*_about(kit, stand, _about_zone(kit, bottom, stand_qr.outer.x)), stand_qr, Link(stand_qr.box, stand.url)]
    page = PagePlan(items=tuple(items), bookmark=stand.headline, anchor="poster")
    return dataclasses.replace(kit.plan(job, (page,), _meta(stand, job.projects)), outline_depth=2)


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


def _band(kit: Kit, stand: Stand) -> tuple[tuple[Item, ...], float]:
    """The primary band into the bleed: who and where as a kicker, then the headline; the band grows for a long one."""
    area, gutter = kit.content, kit.layout.grid.gutter_mm
    kicker = kit.style("kicker")
    kicker_h = _line_mm(kicker)
    top = area.y + kicker_h + gutter
    headline = Para(typography.headline(stand.headline), kit.style("headline"),
                    Source(stand.at("headline"), "headline"))
    needed = kit.measurer.height_mm((headline,), area.w, 0.5) + 1.25 * gutter + top
    band = min(max(kit.measure("band_height"), needed), BAND_MAX_SHARE * kit.height)
    kicker_text = f"{stand.organiser.name} · {stand.event.short_name or stand.event.name}"
    return (
        Fill(Box(0, 0, kit.width, band), kit.ink("primary")),
        Fill(Box(0, band - gutter / 3, kit.width, gutter / 3), kit.ink("accent")),
        TextFrame(Box(area.x, area.y, area.w, kicker_h), (german_para(kicker_text, kicker),), role="kicker"),
        TextFrame(Box(area.x, top, area.w, band - 1.25 * gutter - top), (headline,), valign="bottom", role="headline"),
    ), band


def _tiles(kit: Kit, job: Job, area: Box) -> tuple[TileGrid, float, tuple[TextFrame, ...]] | None:
    """The tile grid with the largest tiles in which every project fits: its code scannable, its title at or above
    the floor (with many carriers, the first and how many more). Returns the grid, the card (code with quiet
    zone) size, and each tile's text frame, all at the one title size that fits every tile."""
    for grid in _grids(kit, len(job.projects), area):
        card = _card_size(kit, job.projects, grid)
        if card is None:
            continue
        for beside in (False, True) if grid.tile_w - card >= 0.45 * grid.tile_w else (False,):
            frames = _tile_texts(kit, job.projects, grid, card, beside)
            if frames is not None:
                return grid, card, frames
    return None


def _tile_texts(kit: Kit, projects: tuple[Project, ...], grid: TileGrid, card: float,
                beside: bool) -> tuple[TextFrame, ...] | None:
    """Each tile's text at the one size that fits all of them, or None when one does not fit at the floor."""
    frames = []
    for index, project in enumerate(projects):
        frame = _info_frame(kit, project, grid.tile(index), card, False, beside)
        if len(project.carriers) > 1 and not kit.measurer.fit(frame, NATURAL, FLOOR).fits:
            frame = _info_frame(kit, project, grid.tile(index), card, True, beside)
        if not kit.measurer.fit(frame, NATURAL, FLOOR).fits:
            return None
        frames.append(frame)
    t = max(kit.measurer.fit(frame, NATURAL, FLOOR).frame.fit or 0.0 for frame in frames)
    return tuple(dataclasses.replace(frame, fit=t) for frame in frames)


def _grids(kit: Kit, count: int, area: Box) -> list[TileGrid]:
    """For each number of rows, the grid with the fewest columns; squarish, large tiles first.
    Tiles are at most 'tile_height' tall."""
    gutter, most = kit.layout.grid.gutter_mm, kit.measure("tile_height")
    grids = {}
    for rows in range(1, count + 1):
        columns = math.ceil(count / rows)
        rows = math.ceil(count / columns)
        across = max(columns, 2)  # a lone tile stays half the page wide
        tile_w = (area.w - (across - 1) * gutter) / across
        tile_h = min(most, (area.h - (rows - 1) * gutter) / rows)
        if columns <= MAX_COLUMNS and tile_h > 0:
            grids[columns] = TileGrid(area, columns, rows, tile_w, tile_h, gutter)

    def shape(g: TileGrid) -> float:  # the area of the largest square-ish part of a tile
        return min(g.tile_w, 1.6 * g.tile_h) * min(g.tile_h, 1.6 * g.tile_w)
    return sorted(grids.values(), key=lambda g: (-shape(g), g.columns))


def _card_size(kit: Kit, projects: tuple[Project, ...], grid: TileGrid) -> float | None:
    """One card size for every tile: the layout's code size where it fits, smaller down to each code's scan limit."""
    room = min(0.8 * grid.tile_w, 0.6 * grid.tile_h)  # the number beside the card needs a fifth
    cards = []
    for project in projects:
        normal, smallest = qr_fit(kit, "project", project.url), qr_fit(kit, "project", project.url, smallest=True)
        if smallest is None or smallest.outer > room:
            return None
        cards.append(normal.outer if normal is not None and normal.outer <= room else room)
    return max(cards, default=0.0)


def _url(kit: Kit, project: Project, width: float) -> tuple[Para, float]:
    """The tile's printed link and its measured height (one line for a short link)."""
    url = Para(display_url(project, URL_LIMIT), kit.style("url"),
               Source(project.at("short_url" if project.short_url else "url"), "url"), link=project.url)
    return url, kit.measurer.height_mm((url,), width, NATURAL)


def _head(card: float, beside: bool) -> float:
    """The primary head with the number: as tall as the card, or half of it when the text stands beside the card."""
    return card / 2 if beside else card


def _info_frame(kit: Kit, project: Project, tile: Box, card: float, condensed: bool, beside: bool) -> TextFrame:
    pad = kit.measure("tile_padding")
    text_top = tile.y + _head(card, beside) + pad
    width = tile.w - 2 * pad - (card if beside else 0.0)
    _, url_h = _url(kit, project, width)
    names = tuple(dict.fromkeys(c.name for c in project.carriers))
    carriers = f"{names[0]} und {len(names) - 1} weitere" if condensed and len(names) > 1 else " · ".join(names)
    info = (Para(typography.headline(project.title), kit.style("tile_title"), Source(project.at("title"), "title")),
            german_para(carriers, kit.style("tile_text"), Source(project.at("carriers"), "carriers")))
    bottom = tile.bottom - pad - url_h - pad / 2
    return TextFrame(Box(tile.x + pad, text_top, width, bottom - text_top), info, role=f"tile of project {project.number}")


def _tile(kit: Kit, project: Project, tile: Box, card: float, info: TextFrame) -> tuple[Item, ...]:
    """A tile: a primary head with the number and the code on a white card; title, carriers and link below."""
    pad = kit.measure("tile_padding")
    card_box = Box(tile.right - card, tile.y, card, card)
    code = qr_fit(kit, "project", project.url, smallest=True)
    size = min(card_box.w / (1 + 2 * code.quiet_modules / code.matrix.size), max(code.size, kit.layout.qr_spec("project").size_mm))
    inset = (card - size) / 2
    qr = dataclasses.replace(code, size=size).at(card_box.x + inset, card_box.y + inset)
    beside = info.box.right < card_box.x - 0.01
    url, url_h = _url(kit, project, info.box.w)
    head = _head(card, beside)
    return (
        Fill(tile, kit.ink("tint")),
        Fill(Box(tile.x, tile.y, tile.w - card, head), kit.ink("primary")),
        Fill(card_box, kit.ink("paper")),
        TextFrame(Box(tile.x + pad, tile.y + pad / 2, card_box.x - tile.x - pad * 4 / 3, head - pad),
                  (Para(str(project.number), kit.style("tile_number"), Source(project.at("number"), "number")),),
                  role="tile number"),
        info,
        TextFrame(Box(tile.x + pad, tile.bottom - pad - url_h, info.box.w, url_h), (url,), valign="bottom",
                  role=f"url of project {project.number}", fit=max(NATURAL, info.fit or NATURAL)),
        qr,
        Link(qr.box, project.url),
    )


def _project_list(kit: Kit, projects: tuple[Project, ...], area: Box) -> tuple[tuple[Item, ...], float]:
    """The projects as a numbered list in columns, for more projects than tiles with codes can hold."""
    gutter = kit.layout.grid.gutter_mm
    entries = tuple(p for project in projects for p in (
        Para(f"{project.number}\u00a0\u00a0{typography.headline(project.title)}", kit.style("tile_title"),
             Source(project.at("title"), "title"), keep_with_next=True),
        Para(display_url(project, URL_LIMIT), kit.style("url"),
             Source(project.at("short_url" if project.short_url else "url"), "url"), link=project.url)))
    for t in (LARGEST, -0.5, NATURAL, 0.5, FLOOR):  # the largest type, then the fewest columns
        for columns in (2, 3, 4):
            width = (area.w - (columns - 1) * gutter) / columns
            boxes = [Box(area.x + i * (width + gutter), area.y, width, area.h) for i in range(columns)]
            flowed = flow_balanced(kit, entries, boxes, t, "project list")
            if flowed is not None:
                return flowed, max(f.box.bottom for f in flowed)
    flowed = flow_fitted(kit, entries, boxes, "project list")
    return flowed, max(f.box.bottom for f in flowed)


def _stand_qr(kit: Kit, stand: Stand) -> QrCode:
    """Bottom right, on the content edges unless its quiet zone would then reach into the safe margin."""
    code = qr_required(kit, "stand", stand.url, stand.at("url"))
    quiet = code.quiet_modules * code.size / code.matrix.size
    reach = kit.layout.safe_mm + quiet
    right = min(kit.content.right, kit.width - reach)
    bottom = min(kit.content.bottom, kit.height - reach)
    return code.at(right - code.size, bottom - code.size)


def _about(kit: Kit, stand: Stand, zone: Box) -> tuple[Item, ...]:
    """Beside the stand's code: introduction, themes and the call to action, set on the footer."""
    footer_h = kit.measure("footer_height")
    footer_top = zone.bottom - footer_h
    gap = kit.layout.grid.gutter_mm
    footer = kit.style("footer")
    return (
        _introduction(kit, stand, Box(zone.x, zone.y, zone.w, footer_top - gap - zone.y)),
        Rule(zone.x, footer_top, zone.right, footer_top, footer.size_pt / 24, kit.ink("muted")),
        TextFrame(Box(zone.x, footer_top + gap / 3, zone.w, footer_h - gap / 3),
                  tuple(german_para(line, footer) for line in _footer_lines(stand)), valign="bottom", role="footer"),
    )


def _introduction(kit: Kit, stand: Stand, box: Box) -> TextFrame:
    """The first intro paragraph, the themes and the call to action; when they do not fit at the floor, the
    paragraph's first sentence (the layout's `about` rule), then without the themes, each time with a warning."""
    source = Source(stand.at("intro"), "intro")
    themes = [german_para(LABELS["themes"], kit.style("heading"))] if stand.focus else []
    themes += [german_para(f.title, kit.style("list"), Source(f.at("title"), "focus"), bullet=True) for f in stand.focus]
    cta = [german_para(LABELS["cta"], kit.style("cta")),
           Para(f"{LABELS['online']} {bare_url(stand.url)}", kit.style("cta_url"), Source(stand.at("url"), "url"),
                link=stand.url)]
    lead = stand.intro[0]
    short = typography.first_sentence(lead)
    choices = [([lead], themes, None), ([short], themes, "its first sentence"), ([short], [], "its first sentence, "
                                                                                               "without the themes")]
    for texts, listed, shortened in choices:
        frame = TextFrame(box, (*(german_para(t, kit.style("lead"), source) for t in texts), *listed, *cta), valign="bottom",
                          role="introduction")
        fitted = kit.fit(frame)
        if fitted.fits:
            if shortened:
                kit.warn(stand.at("intro"), f"the {kit.document} shows the first intro paragraph as {shortened}: "
                                            "the whole paragraph does not fit", "a shorter first paragraph fits whole")
            return fitted.frame
    return kit.fitted(frame)


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


def _line_mm(style: Style) -> float:
    """One line of `style` at full size, in millimetres (labels are drawn 1.2 × their size high)."""
    return style.size_pt * (1.2 if style.tracking else style.leading) * PT_MM


KIND = DocumentKind(
    name="poster", description="the stand's poster: headline, a tile with a QR code for every project",
    compose=compose_poster,
    needs=LayoutNeeds(
        styles=("kicker", "headline", "lead", "heading", "list", "tile_number", "tile_title", "tile_text", "url", "cta",
                "cta_url", "footer"),
        colours=BASE_COLOURS, qr_roles=("project", "stand"),
        measures=("band_height", "tile_height", "tile_padding", "footer_height")),
    type_floor=TypeFloor(16.0, 12.0),  # read from about a metre
    size_budget=SizeBudget(200, 1, 200),
    reference=VisualReference("poster-a1.pdf", (0,)),
)
