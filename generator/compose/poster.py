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
from generator.compose.furniture import (
    call_to_action,
    event_short,
    footer,
    footer_height,
    kicker,
    kicker_text,
    organiser_line,
    project_link,
    stand_link,
)
from generator.compose.kit import Kit, flow_list, german_para, name, short_title
from generator.compose.labels import label
from generator.compose.qrfit import qr_fit, qr_required
from generator.diag import Diagnostic, Problems
from generator.jobs import Job
from generator.kinds import BASE_COLOURS, DocumentKind, LayoutNeeds, SizeBudget, TypeFloor, VisualReference
from generator.measure import FLOOR, NATURAL
from generator.messages import msg
from generator.model import Project, Stand
from generator.plan import Box, Fill, Item, Link, Meta, PagePlan, Para, Plan, QrCode, Source, TextFrame

MAX_COLUMNS = 8  # tiles to a row at most
BAND_MAX_SHARE = 0.35  # a long headline may grow the band to this share of the poster's height
URL_LIMIT = 60  # longer links without a short_url are printed as their host only
SIDE_BY_SIDE = 0.45  # a tile sets its text beside the card only when this share of the tile's width stays free
CARD_ROOM = (0.8, 0.6)  # a card takes at most these shares of a tile's width and height: the number beside it needs room
SQUARISH = 1.6  # a tile's useful square: its shorter side, or at most this many times it of the longer one


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
    stand_qr, cta = _stand_code(kit, stand)
    band_items, band = _band(kit, stand)
    top = band + kit.measure("band_gap")
    area = Box(kit.content.x, top, kit.content.w, stand_qr.outer.y - top)
    tiles = _tiles(kit, job, area)
    items: list[Item] = [*band_items]
    if tiles is None:
        kit.note(job.layout.file, "poster.list", count=len(job.projects))
        listed, bottom = _project_list(kit, job.projects, area)
        items += listed
    else:
        grid, card, frames = tiles
        for index, (project, frame) in enumerate(zip(job.projects, frames)):
            items += _tile(kit, project, grid.tile(index), card, frame)
        bottom = grid.bottom
    items += [*_about(kit, stand, _about_zone(kit, bottom, stand_qr.outer.x)), stand_qr, Link(stand_qr.box, stand.url),
              cta]
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
    gap = kit.measure("text_gap")
    return Box(x, top + gap, width, kit.content.bottom - top - gap)


def _meta(stand: Stand, projects: tuple[Project, ...]) -> Meta:
    keywords = (*(f.title for f in stand.focus), event_short(stand), stand.organiser.name)
    return Meta(title=stand.headline, author=organiser_line(stand),
                subject=f"{stand.event.name}: {len(projects)} Projekte", keywords=tuple(dict.fromkeys(keywords)))


def _band(kit: Kit, stand: Stand) -> tuple[tuple[Item, ...], float]:
    """The primary band into the bleed: who and where as a kicker, then the headline; the band grows for a long one."""
    area, gutter, pad = kit.content, kit.layout.grid.gutter_mm, kit.measure("band_padding")
    head = kicker(kit, kicker_text(stand), area.x, area.y, area.w)
    top = head.box.bottom + gutter
    headline = Para(typography.headline(stand.headline), kit.style("headline"),
                    Source(stand.at("headline"), "headline"))
    needed = kit.measurer.height_mm((headline,), area.w, 0.5) + pad + top
    band = min(max(kit.measure("band_height"), needed), BAND_MAX_SHARE * kit.height)
    accent = kit.measure("accent_line")
    return (
        Fill(Box(0, 0, kit.width, band), kit.ink("primary")),
        Fill(Box(0, band - accent, kit.width, accent), kit.ink("accent")),
        head,
        TextFrame(Box(area.x, top, area.w, band - pad - top), (headline,), valign="bottom", role="headline"),
    ), band


def _tiles(kit: Kit, job: Job, area: Box) -> tuple[TileGrid, float, tuple[TextFrame, ...]] | None:
    """The tile grid with the largest tiles in which every project fits: its code scannable, its title at or above
    the floor (with many carriers, the first and how many more). Returns the grid, the card (code with quiet
    zone) size, and each tile's text frame, all at the one title size that fits every tile."""
    for grid in _grids(kit, len(job.projects), area):
        for card in _card_sizes(kit, job.projects, grid):
            for beside in (False, True) if grid.tile_w - card >= SIDE_BY_SIDE * grid.tile_w else (False,):
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
        return min(g.tile_w, SQUARISH * g.tile_h) * min(g.tile_h, SQUARISH * g.tile_w)
    return sorted(grids.values(), key=lambda g: (-shape(g), g.columns))


def _card_sizes(kit: Kit, projects: tuple[Project, ...], grid: TileGrid) -> tuple[float, ...]:
    """The card sizes to try, one for every tile, largest first: the layout's code size where it fits the tile,
    then halfway, then each code's scan limit from the reading distance. None when a code cannot scan in the tile."""
    room = min(CARD_ROOM[0] * grid.tile_w, CARD_ROOM[1] * grid.tile_h)
    normal, smallest = [], []
    for project in projects:
        large, small = qr_fit(kit, "project", project.url), qr_fit(kit, "project", project.url, smallest=True)
        if small is None or small.outer > room:
            return ()
        normal.append(large.outer if large is not None and large.outer <= room else room)
        smallest.append(small.outer)
    first, last = max(normal, default=0.0), max(smallest, default=0.0)
    return tuple(dict.fromkeys((first, (first + last) / 2, last)))


def _url(kit: Kit, project: Project, width: float) -> tuple[Para, float]:
    """The tile's printed link and its measured height (one line for a short link)."""
    url = project_link(kit, project, URL_LIMIT)
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
    carriers = f"{names[0]} {label('more_carriers', count=len(names) - 1)}" if condensed and len(names) > 1 else " · ".join(names)
    info = (Para(typography.headline(project.title), kit.style("tile_title"), Source(project.at("title"), "title")),
            name(carriers, kit.style("tile_text"), Source(project.at("carriers"), "carriers")))
    bottom = tile.bottom - pad - url_h - pad / 2
    return TextFrame(Box(tile.x + pad, text_top, width, bottom - text_top), info, role=f"tile of project {project.number}")


def _tile(kit: Kit, project: Project, tile: Box, card: float, info: TextFrame) -> tuple[Item, ...]:
    """A tile: a primary head with the number and the code on a white card; title, carriers and link below."""
    pad = kit.measure("tile_padding")
    card_box = Box(tile.right - card, tile.y, card, card)
    code = qr_fit(kit, "project", project.url, smallest=True)
    if code is None:  # _card_sizes let no such project into a tile
        raise ValueError(f"project {project.number}'s code does not scan at any size")
    size = min(code.size_within(card_box.w), max(code.size, kit.layout.qr_spec("project").size_mm))
    inset = (card - size) / 2
    qr = dataclasses.replace(code, size=size).at(card_box.x + inset, card_box.y + inset)
    beside = info.box.right < card_box.x - 0.01
    url, url_h = _url(kit, project, info.box.w)
    head = _head(card, beside)
    return (
        Fill(tile, kit.ink("tint")),
        Fill(Box(tile.x, tile.y, tile.w - card, head), kit.project_ink(project)),
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
    """The projects as a numbered list in 2 to 5 columns, for more projects than tiles with codes can hold."""
    gutter = kit.layout.grid.gutter_mm
    choices = []
    for columns in (2, 3, 4, 5):
        width = (area.w - (columns - 1) * gutter) / columns
        choices.append([Box(area.x + i * (width + gutter), area.y, width, area.h) for i in range(columns)])
    flowed = flow_list(kit, lambda limit, links: tuple(p for project in projects
                                                        for p in _list_entry(kit, project, limit, links)),
                       choices, "project list")
    return flowed, max(f.box.bottom for f in flowed)


def _list_entry(kit: Kit, project: Project, limit: int | None, with_link: bool) -> tuple[Para, ...]:
    entry = Para(f"{project.number}\u00a0\u00a0{typography.headline(short_title(project.title, limit))}",
                 kit.style("tile_title"), Source(project.at("title"), "title"), keep_with_next=with_link)
    if not with_link:
        return (entry,)
    return (entry, project_link(kit, project, URL_LIMIT))


def _stand_code(kit: Kit, stand: Stand) -> tuple[QrCode, TextFrame]:
    """Bottom right: the stand's code, and directly under it the call to action with the stand's link.
    The code's quiet zone may run into the margin, never into the safe zone."""
    code = qr_required(kit, "stand", stand.url, stand.at("url"))
    quiet = code.quiet_mm
    right = min(kit.content.right, kit.width - kit.layout.safe_mm - quiet)
    cta = call_to_action(kit, stand_link(kit, stand, "cta_url", label("online")), invitation=None)
    width = code.size + quiet
    cta_h = kit.measurer.height_mm(cta, width, NATURAL)
    qr = code.at(right - code.size, kit.content.bottom - cta_h - kit.measure("cta_gap") - quiet - code.size)
    frame = TextFrame(Box(qr.box.x, kit.content.bottom - cta_h, width, cta_h), cta, role="call to action")
    return qr, frame


def _about(kit: Kit, stand: Stand, zone: Box) -> tuple[Item, ...]:
    """Beside the stand's code: introduction and themes, set on the footer (a gutter above its hairline)."""
    height = footer_height(kit, stand, zone.w)
    bottom = zone.bottom - height + kit.measure("footer_gap") / 2 - kit.layout.grid.gutter_mm
    return (
        _introduction(kit, stand, Box(zone.x, zone.y, zone.w, bottom - zone.y)),
        *footer(kit, stand, Box(zone.x, zone.bottom - height, zone.w, height), valign="bottom"),
    )


def _introduction(kit: Kit, stand: Stand, box: Box) -> TextFrame:
    """The first intro paragraph, the themes and the call to action; when they do not fit at the floor, the
    paragraph's first sentence (the layout's `about` rule), then without the themes, each time with a warning."""
    source = Source(stand.at("intro"), "intro")
    themes = [german_para(label("themes_at_stand"), kit.style("heading"))] if stand.focus else []
    themes += [german_para(f.title, kit.style("list"), Source(f.at("title"), "focus"), bullet=True) for f in stand.focus]
    lead = stand.intro[0]
    short = typography.first_sentence(lead)
    choices = [([lead], themes, None), ([short], themes, "poster.intro.sentence"),
               ([short], [], "poster.intro.sentence-no-themes")]
    for texts, listed, shortened in choices:
        frame = TextFrame(box, (*(german_para(t, kit.style("lead"), source) for t in texts), *listed), valign="bottom",
                          role="introduction")
        fitted = kit.fit(frame)
        if fitted.fits:
            if shortened:
                kit.note(stand.at("intro"), "poster.intro", shortened=msg(shortened))
            return fitted.frame
    return kit.fitted(frame)


def _right(span: tuple[float, float]) -> float:
    x, width = span
    return x + width


KIND = DocumentKind(
    name="poster", description="the stand's poster: headline, a tile with a QR code for every project",
    compose=compose_poster,
    needs=LayoutNeeds(
        styles=("kicker", "headline", "lead", "heading", "list", "tile_number", "tile_title", "tile_text", "url", "cta",
                "cta_url", "footer"),
        colours=BASE_COLOURS, qr_roles=("project", "stand"),
        measures=("band_height", "band_padding", "accent_line", "band_gap", "tile_height", "tile_padding", "text_gap",
                  "cta_gap", "footer_height", "footer_gap")),
    type_floor=TypeFloor(16.0, 12.0),  # read from about a metre
    size_budget=SizeBudget(200, 1, 200),
    reference=VisualReference("poster-a1.pdf", (0,)),
)
