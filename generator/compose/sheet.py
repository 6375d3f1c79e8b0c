"""Compose the project sheet: one project → one A4 page, or more when its text is long (used by the booklet too).

The first page, top to bottom: a colour band with the number, title and subtitle (the
band grows for a long title); the main column (summary, topics, formats) beside the side
column (carriers, contact); a tint strip with the call to action, the link and the QR
code; the footer. Every size is chosen by measuring: short text is set larger (up to
the styles' `max_size_pt`) and, where the layout's `fill_with` says so, the stand's
matching theme or introduction fills the room; long text shrinks to the styles' floor
and then continues on a further page (the back of the sheet).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from generator import typography
from generator.compose.furniture import (
    call_to_action,
    contact_lines,
    folio_width,
    footer,
    kicker,
    kicker_text,
    project_link,
    project_meta,
)
from generator.compose.furniture import footer_height as kit_footer_height
from generator.compose.kit import Kit, german_para, name
from generator.compose.labels import label
from generator.compose.qrfit import QrFit, qr_required
from generator.jobs import Job
from generator.kinds import BASE_COLOURS, DocumentKind, LayoutNeeds, SizeBudget, TypeFloor, VisualReference
from generator.measure import FLOOR, LARGEST
from generator.model import Focus, Project, Stand
from generator.plan import Box, Fill, Item, Link, PagePlan, Para, Plan, Source, Style, TextFrame

BAND_MAX_SHARE = 0.45  # a long title may grow the band to this share of the page height
URL_LIMIT = 90  # a longer link without a short_url is printed as its host: nobody types it, the code carries it
ROOM_TO_MOVE_UP = 0.3  # when this share of the body stays empty, the content is short: see _short_page
SHORT_CODE_SHARE = 0.4  # short content: this share of the empty room goes to a larger code,
SHORT_BAND_SHARE = 0.75  # and the band grows to `short_band_height` when that takes at most this share of the rest
CONTEXT_ROOM, CONTEXT_FILL = 0.3, 0.95  # `fill_with` text comes in when this share is free, and fills up to that
NUMBER_COLUMNS = 2  # the grid columns of the band's number; the title takes the rest


def compose_sheet(job: Job, kit: Kit) -> Plan:
    project = job.project
    if project is None:
        raise ValueError("a project sheet is composed for one project")
    pages = sheet_pages(kit, job.stand, project)
    if len(pages) > 1:
        kit.note(project.span, "sheet.continued", number=project.number, pages=len(pages) - 1)
    return kit.plan(job, pages, project_meta(job.stand, project))


def sheet_pages(kit: Kit, stand: Stand, project: Project, first_folio: int | None = None) -> tuple[PagePlan, ...]:
    """The project's pages; `first_folio` numbers them in a booklet."""
    folio = (lambda i: str(first_folio + i)) if first_folio is not None else (lambda i: None)
    footer_zone = _footer_zone(kit, stand)
    code = qr_required(kit, "project", project.url, project.at("url"))
    main, side = _main(kit, project), _side(kit, project)
    first = _first_page(kit, stand, project, (main, side), code, footer_zone)
    if first.room > ROOM_TO_MOVE_UP * first.body_height:
        first = _short_page(kit, stand, project, (main, side), first, code, footer_zone)
    page = PagePlan(items=(*first.items, *footer(kit, stand, footer_zone, folio(0))),
                    bookmark=f"{project.number} {project.title}", anchor=f"project-{project.number}")
    pages = [page]
    main_rest, side_rest = first.main_rest, first.side_rest
    while main_rest or side_rest:
        items, main_rest, side_rest = _continuation(kit, stand, project, main_rest, side_rest, footer_zone,
                                                    folio(len(pages)), len(pages) + 1)
        pages.append(PagePlan(items=items, anchor=f"project-{project.number}-{len(pages) + 1}"))
    return tuple(pages)


@dataclass(frozen=True, slots=True)
class FirstPage:
    """The first page above the footer, and what it leaves: text for further pages, or room below the text."""

    items: tuple[Item, ...]
    main_rest: tuple[Para, ...]
    side_rest: tuple[Para, ...]
    room: float  # the body's height left below the taller column (0 when a column continues)
    body_height: float
    band: float


def _first_page(kit: Kit, stand: Stand, project: Project, columns: tuple[tuple[Para, ...], tuple[Para, ...]],
                code: QrFit, footer_zone: Box, extra_band: float = 0.0, arrange: str = "bottom") -> FirstPage:
    """Band, the two columns and the tint strip with the code above the footer. Short text may `arrange`
    itself "balanced" (in the middle of its room) or let the strip "follow" it."""
    band_items, band = _band(kit, stand, project, extra_band)
    pad, gap = kit.measure("strip_padding"), kit.measure("text_gap")
    strip_top = footer_zone.y - pad - (code.outer + 2 * pad)  # the strip keeps its padding to the footer too
    top, bottom = band + kit.measure("band_gap"), strip_top - gap
    body, main_rest, side_rest, used = _body(kit, stand, project, *columns, top, bottom)
    room = bottom - top - used if used is not None else 0.0
    if arrange == "balanced" and used is not None:
        body = tuple(_lowered(frame, room / 2) for frame in body)
    elif arrange == "follow" and used is not None:
        strip_top = top + used + gap + pad
    return FirstPage((Fill(Box(0, 0, kit.width, band), kit.project_ink(project)), *band_items, *body,
                      *_strip(kit, project, code, strip_top)), main_rest, side_rest, room, bottom - top, band)


def _short_page(kit: Kit, stand: Stand, project: Project, columns: tuple[tuple[Para, ...], tuple[Para, ...]],
                first: FirstPage, code: QrFit, footer_zone: Box) -> FirstPage:
    """Short content gets a page of its own instead of a blank third: the code grows (up to the role's largest
    size), the band takes a share of the room left (up to the layout's `short_band_height`, so that the short
    sheets of a booklet share one band), and the text stands in the middle of the rest. Should the text not
    fit that way, the strip follows the text instead."""
    larger = code.size + SHORT_CODE_SHARE * first.room * code.size / code.outer
    grown = dataclasses.replace(code, size=max(code.size, min(kit.layout.qr_spec("project").largest_mm, larger)))
    taller = kit.measure("short_band_height") - first.band
    extra_band = taller if 0.0 < taller <= SHORT_BAND_SHARE * (first.room - (grown.outer - code.outer)) else 0.0
    short = _first_page(kit, stand, project, columns, grown, footer_zone, extra_band, "balanced")
    if short.main_rest or short.side_rest:
        return _first_page(kit, stand, project, columns, code, footer_zone, arrange="follow")
    return short


def _lowered(frame: Item, by: float) -> Item:
    """A text frame `by` lower, its bottom kept."""
    if not isinstance(frame, TextFrame):
        return frame
    box = frame.box
    return dataclasses.replace(frame, box=Box(box.x, box.y + by, box.w, box.h - by))


def _band(kit: Kit, stand: Stand, project: Project, extra: float = 0.0) -> tuple[tuple[Item, ...], float]:
    """Kicker, number and title in the primary band; the band grows until the title fits at its floor, and by
    `extra` for short content, the number and title standing on its lower edge."""
    area = kit.content
    kicker_line = kicker_text(stand, f"{label('project')} {project.number}")
    num_x, num_w = kit.columns(0, NUMBER_COLUMNS)
    title_x, title_w = kit.columns(NUMBER_COLUMNS, kit.layout.grid.columns - NUMBER_COLUMNS)
    title_paras = [Para(typography.headline(project.title), kit.style("title"), Source(project.at("title"), "title"))]
    if project.subtitle:
        title_paras.append(Para(typography.headline(project.subtitle), kit.style("subtitle"),
                                Source(project.at("subtitle"), "subtitle")))
    standard, top, pad = kit.measure("band_height"), area.y + kit.measure("kicker_row"), kit.measure("band_padding")
    needed = kit.measurer.height_mm(tuple(title_paras), title_w, 0.5) + pad + top
    band = min(max(standard, needed) + extra, BAND_MAX_SHARE * kit.height)
    lift = max(0.0, band - max(standard, needed))  # how much lower than usual the number stands
    title = kit.fitted(TextFrame(Box(title_x, top, title_w, band - pad - top), tuple(title_paras), valign="bottom",
                                 role="title"))
    return (
        kicker(kit, kicker_line, area.x, area.y, area.w),
        TextFrame(Box(num_x, top + lift, num_w, min(standard, band - lift) - pad - top),  # a gutter from the title
                  (Para(str(project.number), kit.style("number"), Source(project.at("number"), "number")),),
                  valign="bottom", role="number"),
        title,
    ), band


def _main(kit: Kit, project: Project) -> tuple[Para, ...]:
    main = [german_para(text, kit.style("lead" if i == 0 else "body"), Source(project.at("summary"), "summary"))
            for i, text in enumerate(project.summary)]
    for key in ("topics", "formats"):
        items = getattr(project, key)
        if items:
            main.append(german_para(label(key), kit.style("heading")))
            main += [_item(text, kit.style("list"), Source(project.at(key), key)) for text in items]
    return tuple(main)


def _item(text: str, style: Style, source: Source) -> Para:
    """A list item; one of one to three words is never hyphenated."""
    item = name(text, style, source) if len(text.split()) <= 3 else german_para(text, style, source)
    return dataclasses.replace(item, bullet=True)


def _side(kit: Kit, project: Project) -> tuple[Para, ...]:
    side = [german_para(label("carriers"), kit.style("heading"))]
    for carrier in project.carriers:
        side.append(name(carrier.name, kit.style("strong"), Source(carrier.at("name"), "carriers")))
        if carrier.unit:
            side.append(name(carrier.unit, kit.style("small"), Source(carrier.at("unit"), "carriers")))
    side += contact_lines(kit, project.contact, kit.style("small"))
    return tuple(side)


def _body(kit: Kit, stand: Stand, project: Project, main: tuple[Para, ...], side: tuple[Para, ...], top: float,
          bottom: float) -> tuple[tuple[Item, ...], tuple[Para, ...], tuple[Para, ...], float | None]:
    """The two columns: fitted as large as they go, split onto a further page when they do not fit at the floor.

    Returns the frames, what continues, and the height used (None when a column continues).
    """
    grid = kit.layout.grid
    (main_x, main_w), (side_x, side_w) = kit.columns(0, grid.main_columns), kit.columns(
        grid.main_columns, grid.columns - grid.main_columns)
    main_box, side_box = Box(main_x, top, main_w, bottom - top), Box(side_x, top, side_w, bottom - top)
    main = (*main, *_context(kit, stand, project, main, main_box))
    frames: list[TextFrame] = []
    rests: list[tuple[Para, ...]] = []
    used: list[float] = []
    for paras, box, role in ((main, main_box, "main column"), (side, side_box, "side column")):
        if not paras:
            rests.append(())
            continue
        fitted = kit.fit(TextFrame(box, paras, role=role), largest=LARGEST if role == "main column" else 0.0)
        if fitted.fits:
            frames.append(fitted.frame)
            rests.append(())
            used.append(fitted.height_mm)
            continue
        head, rest = kit.measurer.split(fitted.frame.paras, box.w, box.h, FLOOR)
        frames.append(dataclasses.replace(fitted.frame, paras=head, fit=FLOOR))
        rests.append(rest)
    return tuple(frames), rests[0], rests[1], max(used, default=0.0) if not any(rests) else None


def _context(kit: Kit, stand: Stand, project: Project, main: tuple[Para, ...], box: Box) -> tuple[Para, ...]:
    """What the layout's `fill_with` pulls in when the main column has room: whole paragraphs that fit, measured."""
    used = kit.measurer.height_mm(main, box.w, 0.0) if main else 0.0
    room = box.h - used
    if room < CONTEXT_ROOM * box.h:
        return ()
    picked: list[Para] = []
    for text, source in _context_texts(kit, stand, project):
        lead = not main and not picked  # a project of a title alone: the first context paragraph leads
        candidate = (*picked, german_para(text, kit.style("lead" if lead else "body"), source))
        heading = (german_para(label("at_stand"), kit.style("heading")),)
        if kit.measurer.height_mm((*main, *heading, *candidate), box.w, 0.0) > box.h * CONTEXT_FILL:
            break
        picked = list(candidate)
    return (german_para(label("at_stand"), kit.style("heading")), *picked) if picked else ()


def _context_texts(kit: Kit, stand: Stand, project: Project) -> list[tuple[str, Source]]:
    texts: list[tuple[str, Source]] = []
    for wanted in kit.layout.fill_with:
        if wanted == "focus":
            theme = matching_focus(stand, project)
            if theme is not None:
                texts += [(f"{theme.title}: {theme.text[0]}", Source(theme.at("text"), "focus"))]
                texts += [(text, Source(theme.at("text"), "focus")) for text in theme.text[1:]]
        elif wanted == "intro":
            texts += [(text, Source(stand.at("intro"), "intro")) for text in stand.intro]
    return texts


def matching_focus(stand: Stand, project: Project) -> Focus | None:
    """The stand's theme that shares a significant word (six letters or more) with the project's title or topics."""
    words = {w.lower() for w in re.findall(r"[^\W\d_]{6,}", " ".join((project.title, *project.topics)))}
    for theme in stand.focus:
        if words & {w.lower() for w in re.findall(r"[^\W\d_]{6,}", theme.title)}:
            return theme
    return None


def _strip(kit: Kit, project: Project, code: QrFit, top: float) -> tuple[Item, ...]:
    """The tint strip: call to action and link on the left, the QR code on the right."""
    area, pad = kit.content, kit.measure("strip_padding")
    height = code.outer + 2 * pad
    qr = code.at(area.right - code.size, top + pad + code.quiet_mm)
    text_w = qr.outer.x - area.x - kit.layout.grid.gutter_mm
    cta = call_to_action(kit, project_link(kit, project, URL_LIMIT))
    return (
        Fill(Box(0, top, kit.width, height), kit.ink("tint")),
        TextFrame(Box(area.x, top + pad, text_w, height - 2 * pad), cta, valign="middle", role="call to action"),
        qr,
        Link(qr.box, project.url),
    )


def _continuation(kit: Kit, stand: Stand, project: Project, main: tuple[Para, ...], side: tuple[Para, ...],
                  footer_zone: Box, folio: str | None,
                  page: int) -> tuple[tuple[Item, ...], tuple[Para, ...], tuple[Para, ...]]:
    """A further page: a slim band naming the project, then what did not fit, main column first, flowed through
    two columns of half the width each at the floor size."""
    area, grid = kit.content, kit.layout.grid
    line = f"{label('project')} {project.number} · {label('continued')}"
    band, gap = kit.measure("continuation_band"), kit.measure("text_gap")
    top, bottom = band + gap, footer_zone.y - gap
    said = kicker(kit, line, area.x, 0.0, area.w)  # stands on the band's padding, as the first page's title does
    items: list[Item] = [Fill(Box(0, 0, kit.width, band), kit.project_ink(project)),
                         dataclasses.replace(said, box=dataclasses.replace(
                             said.box, y=band - kit.measure("band_padding") - said.box.h))]
    half = grid.columns // 2
    rest = (*main, *side)
    for x, w in (kit.columns(0, half), kit.columns(half, grid.columns - half)):
        if not rest:
            break
        frame = TextFrame(Box(x, top, w, bottom - top), rest, role="continued text")
        head, rest = kit.measurer.split(rest, w, bottom - top, FLOOR)
        if head:
            items.append(dataclasses.replace(frame, paras=head, fit=FLOOR))
        else:  # not even two lines fit: set all of it as small as it goes, which warns or reports the overflow
            items.append(kit.fitted(frame, page=page))
            rest = ()
    return (*items, *footer(kit, stand, footer_zone, folio)), rest, ()


def footer_height(kit: Kit, stand: Stand) -> float:
    """The sheet's footer zone (the booklet's too): measured beside the page number's column."""
    return kit_footer_height(kit, stand, kit.content.w - folio_width(kit) - kit.layout.grid.gutter_mm)


def _footer_zone(kit: Kit, stand: Stand) -> Box:
    area = kit.content
    height = footer_height(kit, stand)
    return Box(area.x, area.bottom - height, area.w, height)


KIND = DocumentKind(
    name="project-sheet", description="one A4 sheet per project, continued on its back when the text is long",
    compose=compose_sheet, per_project=True,
    needs=LayoutNeeds(
        styles=("kicker", "number", "title", "subtitle", "heading", "lead", "body", "list", "strong", "small", "cta",
                "url", "footer"),
        colours=BASE_COLOURS, qr_roles=("project",),
        measures=("band_height", "band_padding", "kicker_row", "band_gap", "text_gap", "strip_padding", "short_band_height",
                  "continuation_band", "footer_height", "footer_gap")),
    # Held at 30–40 cm: 9 pt body on A4, as print guidance and DIN 1450 (x-height 1/200 of the distance) give.
    type_floor=TypeFloor(9.0, 7.0),
    size_budget=SizeBudget(100, 1, 40),  # the sheet's 100 KB is the contract; a back page adds 40
    reference=VisualReference("project-sheet-a4/02-kifaz.pdf", (0,)),
)
