"""Compose the booklet: cover, about page, contents, then every project sheet → Plan.

Made to be emailed: the contents entries jump to their pages, each project has an
outline entry, and print pads the page count to the layout's page multiple.
"""

from __future__ import annotations

from generator import typography
from generator.compose.kit import Kit, event_line, organiser_line, para, qr_code
from generator.compose.sheet import LABELS, sheet_page
from generator.jobs import Job
from generator.model import Stand
from generator.plan import Box, Fill, Jump, Link, Meta, PagePlan, Para, Plan, Rule, Source, TextFrame

FRONT_PAGES = 3  # cover, about, contents


def compose_booklet(job: Job) -> Plan:
    kit = Kit(job.layout)
    stand = job.stand
    sheets = tuple(sheet_page(kit, stand, project, folio=str(FRONT_PAGES + i + 1))
                   for i, project in enumerate(job.projects))
    pages = (_cover(kit, stand), _about(kit, stand), _contents(kit, job), *sheets)
    meta = Meta(title=f"{stand.headline} – {stand.event.short_name or stand.event.name}",
                author=organiser_line(stand), subject=f"Die Projekte am Stand: {stand.event.name}",
                keywords=tuple(dict.fromkeys(("Projekte", stand.event.short_name or stand.event.name,
                                              stand.organiser.name, *(p.title for p in job.projects)))))
    return Plan(trim_mm=job.layout.trim_mm, bleed_mm=job.layout.bleed_mm, crop_marks=job.layout.crop_marks,
                pages=pages, meta=meta, fonts=job.fonts, hyphenation=job.hyphenation, safe_mm=job.layout.safe_mm,
                document=f"booklet ({job.layout.name})", page_multiple=job.layout.page_multiple,
                open_outline=True, outline_depth=2)


def _cover(kit: Kit, stand: Stand) -> PagePlan:
    """A tall colour band with the headline; intro, stand QR code and event below."""
    area = kit.content
    band = kit.height * 0.55
    event = stand.event
    kicker = para(f"{event.name} · {typography.date_range(event.dates.start, event.dates.end)}", kit.style("kicker"))
    title = (Para(typography.headline(stand.headline), kit.style("cover_title"), Source(stand.at("headline"), "headline")),
             para(organiser_line(stand), kit.style("subtitle"), Source(stand.organiser.span, "organiser")))
    size = kit.layout.qr_spec("stand").size_mm
    code = qr_code(kit, "stand", stand.url, stand.at("url"), area.right - size, 0)
    quiet = (code.outer.w - size) / 2
    footer_top = kit.height - kit.layout.margins_mm.bottom - kit.measure("footer_height")
    code = qr_code(kit, "stand", stand.url, stand.at("url"), area.right - size, footer_top - 6 - quiet - size)
    text_w = code.outer.x - area.x - 8
    intro = para(stand.intro[0], kit.style("cover_text"), Source(stand.at("intro"), "intro"))
    cta = (para(LABELS["cta"], kit.style("cta")), para(LABELS["scan"], kit.style("small")),
           Para(stand.url.split("://", 1)[1].removeprefix("www.").rstrip("/"), kit.style("url"), link=stand.url))
    return PagePlan(items=(
        Fill(Box(0, 0, kit.width, band), kit.ink("primary")),
        TextFrame(Box(area.x, area.y, area.w, 6), (kicker,), role="kicker"),
        TextFrame(Box(area.x, area.y + 20, area.w * 0.85, band - area.y - 32), title, valign="bottom", role="cover title"),
        TextFrame(Box(area.x, band + 12, area.w * 0.75, code.outer.y - band - 20), (intro,), role="cover text"),
        TextFrame(Box(area.x, code.outer.y, text_w, code.outer.h), cta, valign="bottom", role="call to action"),
        code, Link(code.box, stand.url),
        Rule(area.x, footer_top + 1.5, area.right, footer_top + 1.5, 0.5, kit.ink("muted")),
        TextFrame(Box(area.x, footer_top + 3.5, area.w, kit.measure("footer_height") - 3.5),
                  (para(event_line(stand), kit.style("footer")),), role="footer"),
    ), bookmark=stand.headline, anchor="cover")


def _about(kit: Kit, stand: Stand) -> PagePlan:
    """The stand's intro in the left column, its focus themes in the right."""
    area = kit.content
    half = (area.w - kit.layout.grid.gutter_mm) / 2
    top = area.y + 22
    height = kit.height - kit.layout.margins_mm.bottom - top
    intro = tuple(para(text, kit.style("lead" if i == 0 else "body"), Source(stand.at("intro"), "intro"))
                  for i, text in enumerate(stand.intro))
    focus: list[Para] = []
    for theme in stand.focus:
        focus.append(para(theme.title, kit.style("strong"), Source(theme.at("title"), "focus")))
        focus += [para(text, kit.style("small"), Source(theme.at("text"), "focus")) for text in theme.text]
    title = Para(typography.headline(stand.headline), kit.style("cta", role="H1"))
    items = [TextFrame(Box(area.x, area.y, area.w, 14), (title,),
                       role="page title"),
             Rule(area.x, area.y + 16, area.right, area.y + 16, 0.75, kit.ink("accent")),
             TextFrame(Box(area.x, top, half, height), intro, role="intro column")]
    if focus:
        items.append(TextFrame(Box(area.x + half + kit.layout.grid.gutter_mm, top, half, height), tuple(focus),
                               role="focus column"))
    return PagePlan(items=tuple(items), bookmark="Über den Stand", anchor="about")


def _contents(kit: Kit, job: Job) -> PagePlan:
    """One row per project: number, title and carriers, page number; each row jumps to its page."""
    area = kit.content
    top = area.y + 22
    count = max(len(job.projects), 1)
    row = min(24.0, (kit.height - kit.layout.margins_mm.bottom - top) / count)
    items: list = [TextFrame(Box(area.x, area.y, area.w, 14), (Para("Inhalt", kit.style("cta", role="H1")),),
                             role="page title"),
                   Rule(area.x, area.y + 16, area.right, area.y + 16, 0.75, kit.ink("accent"))]
    for i, project in enumerate(job.projects):
        y = top + i * row
        carriers = " · ".join(c.name for c in project.carriers)
        entry = (Para(typography.headline(project.title), kit.style("toc_entry"), Source(project.at("title"), "title")),
                 para(carriers, kit.style("small"), Source(project.at("carriers"), "carriers")))
        items += [
            TextFrame(Box(area.x, y, 14, row - 3), (Para(str(project.number), kit.style("cta")),), role="contents"),
            TextFrame(Box(area.x + 16, y, area.w - 34, row - 3), entry, role="contents"),
            TextFrame(Box(area.right - 16, y, 16, row - 3),
                      (Para(str(FRONT_PAGES + i + 1), kit.style("toc_entry", align="right")),), role="contents"),
            Rule(area.x, y + row - 1.5, area.right, y + row - 1.5, 0.3, kit.ink("tint")),
            Jump(Box(area.x, y, area.w, row - 1.5), f"project-{project.number}"),
        ]
    return PagePlan(items=tuple(items), bookmark="Inhalt", anchor="contents")
