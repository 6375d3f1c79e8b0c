"""Compose the project sheet: one project on one page → PagePlan (used by the booklet too).

The page, top to bottom: a colour band with the number, title and subtitle; the main
column (summary, topics, formats) beside the side column (carriers, contact); a tint
strip with the call to action, the URL and the QR code; the footer.
"""

from __future__ import annotations

from generator.compose.kit import Kit, display_url, event_line, organiser_line, para, project_meta, qr_code
from generator.jobs import Job
from generator.model import Project, Stand
from generator.plan import Box, Fill, Link, PagePlan, Para, Plan, Rule, Source, TextFrame
from generator import typography

LABELS = {"topics": "Themen", "formats": "Format am Stand", "carriers": "Träger", "contact": "Kontakt",
          "cta": "Mehr erfahren", "scan": "QR-Code scannen oder besuchen:"}


def compose_sheet(job: Job) -> Plan:
    kit = Kit(job.layout)
    page = sheet_page(kit, job.stand, job.project)
    return Plan(trim_mm=job.layout.trim_mm, bleed_mm=job.layout.bleed_mm, crop_marks=job.layout.crop_marks,
                pages=(page,), meta=project_meta(job.stand, job.project), fonts=job.fonts,
                hyphenation=job.hyphenation, safe_mm=job.layout.safe_mm,
                document=f"project sheet ({job.layout.name})")


def sheet_page(kit: Kit, stand: Stand, project: Project, folio: str | None = None) -> PagePlan:
    band = kit.measure("band_height")
    footer_top = kit.height - kit.layout.margins_mm.bottom - kit.measure("footer_height")
    strip = _strip(kit, project, footer_top)
    strip_top = strip[0].box.y
    items = (
        Fill(Box(0, 0, kit.width, band), kit.ink("primary")),
        *_band(kit, stand, project, band),
        *_body(kit, stand, project, band + 10, strip_top - 8),
        *strip,
        *_footer(kit, stand, footer_top, folio),
    )
    return PagePlan(items=items, bookmark=f"{project.number} {project.title}", anchor=f"project-{project.number}")


def _band(kit: Kit, stand: Stand, project: Project, band: float) -> tuple[TextFrame, ...]:
    area = kit.content
    kicker = f"{stand.organiser.name} · {stand.event.short_name or stand.event.name} · Projekt {project.number}"
    num_x, num_w = kit.columns(0, 2)
    title_x, title_w = kit.columns(2, kit.layout.grid.columns - 2)
    bottom = band - 9
    title_paras = [Para(typography.headline(project.title), kit.style("title"), Source(project.at("title"), "title"))]
    if project.subtitle:
        title_paras.append(Para(typography.headline(project.subtitle), kit.style("subtitle"),
                                Source(project.at("subtitle"), "subtitle")))
    return (
        TextFrame(Box(area.x, area.y, area.w, 6), (para(kicker, kit.style("kicker")),), role="kicker"),
        TextFrame(Box(num_x, area.y + 10, num_w + 4, bottom - area.y - 10),
                  (Para(str(project.number), kit.style("number"), Source(project.at("number"), "number")),), valign="bottom", role="number"),
        TextFrame(Box(title_x, area.y + 10, title_w, bottom - area.y - 10), tuple(title_paras), valign="bottom",
                  role="title"),
    )


def _body(kit: Kit, stand: Stand, project: Project, top: float, bottom: float) -> tuple[TextFrame, ...]:
    grid = kit.layout.grid
    main_x, main_w = kit.columns(0, grid.main_columns)
    side_x, side_w = kit.columns(grid.main_columns, grid.columns - grid.main_columns)
    main = [para(text, kit.style("lead" if i == 0 else "body"), Source(project.at("summary"), "summary"))
            for i, text in enumerate(project.summary)]
    for key in ("topics", "formats"):
        items = getattr(project, key)
        if items:
            main.append(para(LABELS[key], kit.style("heading")))
            main += [para(text, kit.style("list"), Source(project.at(key), key), bullet=True) for text in items]
    side = [para(LABELS["carriers"], kit.style("heading"))]
    for carrier in project.carriers:
        side.append(para(carrier.name, kit.style("strong"), Source(carrier.at("name"), "carriers")))
        if carrier.unit:
            side.append(para(carrier.unit, kit.style("small"), Source(carrier.at("unit"), "carriers")))
    if project.contact:
        side.append(para(LABELS["contact"], kit.style("heading")))
        contact = project.contact
        side += [para(value, kit.style("small"), Source(contact.at(key), f"contact.{key}"))
                 for key, value in (("name", contact.name), ("email", contact.email), ("phone", contact.phone)) if value]
    context = (para(stand.headline, kit.style("strong"), Source(stand.at("headline"), "headline")),
               para(stand.intro[0], kit.style("small"), Source(stand.at("intro"), "intro")))
    frames = [TextFrame(Box(side_x, top, side_w, bottom - top - 52), tuple(side), role="side column"),
              TextFrame(Box(side_x, bottom - 48, side_w, 48), context, valign="bottom", role="stand context")]
    if main:
        frames.insert(0, TextFrame(Box(main_x, top, main_w, bottom - top), tuple(main), role="main column"))
    return tuple(frames)


def _strip(kit: Kit, project: Project, footer_top: float) -> tuple:
    """The tint strip: call to action and URL on the left, the QR code on the right."""
    size = kit.layout.qr_spec("project").size_mm
    area = kit.content
    code = qr_code(kit, "project", project.url, project.at("url"), area.right - size, 0)
    quiet = code.outer.w - size
    height = size + quiet + 8
    top = footer_top - 4 - height
    code = qr_code(kit, "project", project.url, project.at("url"), area.right - size, top + 4 + quiet / 2)
    text_w = code.outer.x - area.x - 6
    url_text = display_url(project)
    cta = (para(LABELS["cta"], kit.style("cta")), para(LABELS["scan"], kit.style("small")),
           Para(url_text, kit.style("url"), Source(project.at("short_url" if project.short_url else "url"), "url"),
                link=project.url))
    return (
        Fill(Box(0, top, kit.width, height), kit.ink("tint")),
        TextFrame(Box(area.x, top + 4, text_w, height - 8), cta, valign="middle", role="call to action"),
        code,
        Link(code.box, project.url),
    )


def _footer(kit: Kit, stand: Stand, top: float, folio: str | None = None) -> tuple:
    """Organiser and event under a hairline; the page number on the right when there is one."""
    area = kit.content
    style = kit.style("footer")
    lines = (para(organiser_line(stand), style), para(event_line(stand), style))
    height = kit.measure("footer_height") - 3.5
    items = [Rule(area.x, top + 1.5, area.right, top + 1.5, 0.5, kit.ink("muted")),
             TextFrame(Box(area.x, top + 3.5, area.w - (14 if folio else 0), height), lines, role="footer")]
    if folio:
        number = Para(folio, kit.style("footer", align="right"))
        items.append(TextFrame(Box(area.right - 12, top + 3.5, 12, height), (number,), role="page number"))
    return tuple(items)
