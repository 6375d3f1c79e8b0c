"""Compose the booklet: cover, about pages, contents, every project's pages, back cover → Plan.

Made to be emailed: the contents entries jump to their pages, each project has an
outline entry. Every part takes as many pages as its content needs (1 to 40 projects,
sheets of one or more pages); print pads the page count to the layout's page multiple
with blank pages before the back cover.
"""

from __future__ import annotations

import dataclasses

from generator import typography
from generator.compose.furniture import (
    call_to_action,
    contact_lines,
    event_line,
    event_short,
    footer,
    kicker_text,
    organiser_line,
    organiser_link,
    stand_link,
)
from generator.compose.kit import BASELINE, PT_MM, Kit, flow_balanced, german_para, name
from generator.compose.labels import label
from generator.compose.motif import numerals
from generator.compose.qrfit import qr_required
from generator.compose.sheet import KIND as SHEET_KIND
from generator.compose.sheet import footer_height, sheet_pages
from generator.jobs import Job
from generator.kinds import BASE_COLOURS, DocumentKind, LayoutNeeds, SizeBudget, TypeFloor, VisualReference
from generator.measure import FLOOR, NATURAL
from generator.model import Project, Stand
from generator.plan import Box, Fill, Item, Jump, Link, Meta, PagePlan, Para, Plan, Rule, Source, TextFrame


def compose_booklet(job: Job, kit: Kit) -> Plan:
    stand = job.stand
    about = _about(kit, stand)
    contents_count = len(_contents(kit, job, {p.number: 999 for p in job.projects}))
    first = 1 + len(about) + contents_count + 1
    sheets: list[PagePlan] = []
    starts: dict[int, int] = {}
    for index, project in enumerate(job.projects):
        starts[project.number] = first + len(sheets)
        pages_of = sheet_pages(kit, stand, project, first_folio=first + len(sheets))
        sheets += [_with_edge_tab(kit, stand, page, project, index, first + len(sheets) + k)
                   for k, page in enumerate(pages_of)]
    pages = (_cover(kit, stand, job.projects), *about, *_contents(kit, job, starts), *sheets, _back_cover(kit, stand))
    meta = Meta(title=f"{stand.headline} – {event_short(stand)}",
                author=organiser_line(stand), subject=f"Die Projekte am Stand: {stand.event.name}",
                keywords=tuple(dict.fromkeys(("Projekte", event_short(stand),
                                              stand.organiser.name, *(p.title for p in job.projects)))))
    return dataclasses.replace(kit.plan(job, pages, meta, job.layout.page_multiple), back_cover=True,
                               open_outline=True, outline_depth=2)


def _with_edge_tab(kit: Kit, stand: Stand, page: PagePlan, project: Project, index: int,
                   page_number: int) -> PagePlan:
    """A thumb index: a tab in the project's colour on the page's outer edge (right on odd pages, left on even
    ones), one step lower for each project and starting over when the steps run out, so the closed booklet
    shows where each project begins and "the green 5" is found from the edge."""
    top = kit.measure("short_band_height") + kit.measure("band_gap")
    bottom = kit.height - kit.layout.margins_mm.bottom - footer_height(kit, stand) - kit.measure("band_gap")
    steps = max(1, int((bottom - top) // kit.measure("edge_tab_min")))  # tabs of one size, however many projects
    height = (bottom - top) / steps
    width = kit.measure("edge_tab")
    x = kit.width - width if page_number % 2 else 0.0
    tab = Fill(Box(x, top + (index % steps) * height, width, height), kit.project_ink(project))
    return dataclasses.replace(page, items=(tab, *page.items))


def _cover(kit: Kit, stand: Stand, projects: tuple[Project, ...]) -> PagePlan:
    """A tall colour band with the headline; intro, the projects' numbers in their colours (the flyer's motif),
    stand QR code and event below."""
    area = kit.content
    band, pad, gap = kit.measure("cover_band"), kit.measure("cover_padding"), kit.measure("cover_gap")
    kicker = german_para(kicker_text(stand), kit.style("kicker"))
    title = (Para(typography.headline(stand.headline), kit.style("cover_title"), Source(stand.at("headline"), "headline")),
             german_para(organiser_line(stand), kit.style("subtitle"), Source(stand.organiser.span, "organiser")))
    stand_code = qr_required(kit, "stand", stand.url, stand.at("url"))
    footer_h = footer_height(kit, stand)
    footer_top = kit.height - kit.layout.margins_mm.bottom - footer_h
    code = stand_code.at(area.right - stand_code.size, footer_top - kit.measure("cover_code_gap") - stand_code.quiet_mm - stand_code.size)
    text_w = code.outer.x - area.x - kit.layout.grid.gutter_mm
    cta = call_to_action(kit, stand_link(kit, stand))
    intro_x, intro_w = kit.columns(0, kit.layout.grid.main_columns)
    intro = _cover_text(kit, stand, Box(intro_x, band + pad, intro_w, code.outer.y - 2 * gap - band - pad))
    kicker_h = kit.measurer.height_mm((kicker,), area.w, NATURAL) + 0.5
    motif_top = intro.box.y + kit.measurer.height_mm(intro.paras, intro.box.w, intro.fit or NATURAL) + gap
    cta_top = code.outer.bottom - kit.measurer.height_mm(cta, text_w, NATURAL)  # the call to action sits low
    motif = numerals(kit, stand, projects, Box(area.x, motif_top, text_w, cta_top - gap - motif_top))
    return PagePlan(items=(
        Fill(Box(0, 0, kit.width, band), kit.ink("primary")),
        TextFrame(Box(area.x, area.y, area.w, kicker_h), (kicker,), role="kicker"),
        TextFrame(Box(area.x, area.y + kit.measure("cover_kicker_row"), kit.measure("title_width"),
                      band - pad - area.y - kit.measure("cover_kicker_row")),
                  title, valign="bottom", role="cover title"),
        intro,
        *motif,
        TextFrame(Box(area.x, code.outer.y, text_w, code.outer.h), cta, valign="bottom", role="call to action"),
        code, Link(code.box, stand.url),
        *footer(kit, stand, Box(area.x, footer_top, area.w, footer_h)),  # the sheets' footer, without a page number
    ), bookmark=stand.headline, anchor="cover")


def _cover_text(kit: Kit, stand: Stand, box: Box) -> TextFrame:
    """The first intro paragraph, or its first sentence when the whole does not fit the cover (with a warning)."""
    source = Source(stand.at("intro"), "intro")
    whole = kit.fit(TextFrame(box, (german_para(stand.intro[0], kit.style("cover_text"), source),), role="cover text"))
    if whole.fits:
        return whole.frame
    kit.note(stand.at("intro"), "booklet.cover_sentence")
    first = typography.first_sentence(stand.intro[0])
    return TextFrame(box, (german_para(first, kit.style("cover_text"), source),), role="cover text")


def _page_title(kit: Kit, text: str) -> tuple[Item, ...]:
    area = kit.content
    rule = area.y + kit.measure("title_rule")
    return (TextFrame(Box(area.x, area.y, area.w, rule - area.y - 2), (Para(typography.headline(text),
                                                                            kit.style("cta", role="H1")),),
                      role="page title"),
            Rule(area.x, rule, area.right, rule, 0.75, kit.ink("accent")))


def _about(kit: Kit, stand: Stand) -> tuple[PagePlan, ...]:
    """The stand's first intro paragraph as a lead over the main columns, then the rest of the intro and the focus
    themes flowed through two columns over as many pages as they need, the last page's columns balanced. Both
    columns open on the same top, so their first lines share a baseline."""
    area, gutter = kit.content, kit.layout.grid.gutter_mm
    half = (area.w - gutter) / 2
    top = area.y + kit.measure("title_row")
    bottom = kit.height - kit.layout.margins_mm.bottom
    paras = _about_paras(kit, stand)
    lead = german_para(stand.intro[0], kit.style("lead"), Source(stand.at("intro"), "intro"))
    lead_x, lead_w = kit.columns(0, kit.layout.grid.main_columns)
    lead_h = kit.measurer.height_mm((lead,), lead_w, NATURAL)
    head: list[Item] = [TextFrame(Box(lead_x, top, lead_w, lead_h + 0.5), (lead,), role="about", fit=NATURAL)]
    if lead_h > (bottom - top) / 3:  # a lead longer than a third of the page flows with the rest
        head, paras = [], [lead, *paras]
    first = top + (lead_h + kit.measure("lead_gap") if head else 0)
    pages: list[PagePlan] = []
    rest = tuple(paras)
    while rest or not pages:
        y = first if not pages else top
        columns = [Box(area.x, y, half, bottom - y), Box(area.x + half + gutter, y, half, bottom - y)]
        frames, rest = _about_columns(kit, rest, columns, (NATURAL, 0.5, FLOOR) if not pages else (NATURAL,))
        pages.append(PagePlan(items=(*_page_title(kit, label("about")), *(head if not pages else ()), *frames),
                              bookmark=label("about") if not pages else None,
                              anchor="about" if not pages else f"about-{len(pages) + 1}"))
    return tuple(pages)


def _about_paras(kit: Kit, stand: Stand) -> list[Para]:
    """What the about pages flow after the lead: the rest of the intro, then each focus theme with its texts."""
    paras = [german_para(text, kit.style("body"), Source(stand.at("intro"), "intro")) for text in stand.intro[1:]]
    for theme in stand.focus:
        paras.append(german_para(theme.title, kit.style("strong"), Source(theme.at("title"), "focus")))
        paras += [german_para(text, kit.style("small"), Source(theme.at("text"), "focus")) for text in theme.text]
    return paras


def _about_columns(kit: Kit, paras: tuple[Para, ...], columns: list[Box],
                   sizes: tuple[float, ...]) -> tuple[tuple[Item, ...], tuple[Para, ...]]:
    """One about page's columns: balanced when all that is left fits, else filled in order; and what is left."""
    balanced = _balanced(kit, paras, columns, sizes)
    if balanced is not None:
        return balanced, ()
    items: list[Item] = []
    rest = paras
    for box in columns:
        part, rest = kit.measurer.split(rest, box.w, box.h, NATURAL) if rest else ((), ())
        if not part and rest:  # one paragraph taller than a column at any size: set it, which reports it
            part, rest = rest[:1], rest[1:]
            items.append(kit.fitted(TextFrame(box, part, role="about")))
        elif part:
            items.append(TextFrame(box, part, role="about", fit=NATURAL))
    return tuple(items), rest


def _balanced(kit: Kit, paras: tuple[Para, ...], columns: list[Box],
              sizes: tuple[float, ...]) -> tuple[TextFrame, ...] | None:
    """The paragraphs in balanced columns at the first size that holds them all; None when none does. The
    about text a little smaller on one page reads better than its last lines alone on a second."""
    for t in sizes:
        frames = flow_balanced(kit, paras, columns, t, "about") if paras else ()
        if frames is not None:
            return frames
    return None


def _contents(kit: Kit, job: Job, starts: dict[int, int]) -> tuple[PagePlan, ...]:
    """One row per project (number, title, carriers, a dotted leader to the page number), measured, over as many
    pages as needed; each row jumps to its page."""
    area = kit.content
    top, bottom = area.y + kit.measure("title_row"), kit.height - kit.layout.margins_mm.bottom
    gap = kit.measure("toc_row_gap") / 3  # the rule a third of the gap over the next entry
    pages: list[PagePlan] = []
    items: list[Item] = [*_page_title(kit, label("contents"))]
    y = top
    for project in job.projects:
        entry = _contents_entry(kit, project, starts[project.number], y)
        row = min(entry.height, bottom - y)
        if y + entry.height > bottom and y > top:
            pages.append(_contents_page(items, len(pages)))
            items, y = [*_page_title(kit, label("contents"))], top
            entry = _contents_entry(kit, project, starts[project.number], y)
            row = min(entry.height, bottom - y)
        items += [*entry.items, Rule(area.x, y + row - gap, area.right, y + row - gap, 0.6, kit.ink("muted")),
                  Jump(Box(area.x, y, area.w, row - gap), f"project-{project.number}")]
        y += row
    pages.append(_contents_page(items, len(pages)))
    return tuple(pages)


@dataclasses.dataclass(frozen=True, slots=True)
class _Entry:
    items: tuple[Item, ...]
    height: float


def _contents_entry(kit: Kit, project: Project, page: int, y: float) -> _Entry:
    """Number in the project's colour, title over its carriers, and on the title's last line a dotted leader
    from the end of its longest line (measured) to the page number, set right."""
    area, number_w, folio_w = kit.content, kit.measure("toc_number"), kit.measure("toc_folio")
    x = area.x + number_w + kit.measure("toc_gap")
    folio_x = area.right - folio_w
    text_w = folio_x - kit.measure("toc_leader_min") - x
    style = kit.style("toc_entry")
    title = Para(typography.headline(project.title), style, Source(project.at("title"), "title"))
    carriers = name(" · ".join(dict.fromkeys(c.name for c in project.carriers)), kit.style("small"),
                    Source(project.at("carriers"), "carriers"))
    title_h = kit.measurer.height_mm((title,), text_w, NATURAL)
    pitch = style.size_pt * style.leading * PT_MM
    last_line = y + round((title_h - kit.measurer.height_mm((title,), 1000, NATURAL)) / pitch) * pitch
    gap = kit.measure("toc_gap")
    leader_x = x + _last_line(kit, title, text_w, title_h, pitch) + gap
    baseline = last_line + style.size_pt * PT_MM * BASELINE
    text_h = kit.measurer.height_mm((title, carriers), text_w, NATURAL) + kit.measure("toc_row_gap") / 3
    height = text_h + kit.measure("toc_row_gap") * 2 / 3
    items: list[Item] = [
        TextFrame(Box(area.x, y, number_w, text_h), (Para(str(project.number), dataclasses.replace(
            kit.style("cta"), ink=kit.project_ink(project))),), role="contents"),
        TextFrame(Box(x, y, text_w, text_h), (title, carriers), role="contents"),
        TextFrame(Box(folio_x, last_line, folio_w, pitch + 1), (Para(str(page), kit.style("toc_entry", align="right")),),
                  role="contents"),
    ]
    if folio_x - gap - leader_x > kit.measure("toc_leader_min") / 2:  # a few dots lead nowhere: none
        items.insert(2, Rule(leader_x, baseline, folio_x - gap, baseline, 1.0, kit.ink("muted"), dots_pt=2.8))
    return _Entry(tuple(items), height)


def _last_line(kit: Kit, para: Para, width: float, height: float, pitch: float) -> float:
    """How far the last line of `para` set `width` wide reaches: all but that line are split off (measured)."""
    if height - kit.measurer.height_mm((para,), 1000, NATURAL) < pitch / 2:
        return _narrowest(kit, para, width, height)
    head, rest = kit.measurer.split((para,), width, height - pitch / 2, NATURAL)
    if not head or len(rest) != 1:
        return _narrowest(kit, para, width, height)
    return _narrowest(kit, rest[0], width, kit.measurer.height_mm(rest, width, NATURAL))


def _narrowest(kit: Kit, para: Para, width: float, height: float) -> float:
    """The narrowest column that sets `para` in as many lines as `width` does: the width of its longest line,
    found with the renderer's line breaker (bisection to a quarter millimetre)."""
    low, high = 1.0, width
    while high - low > 0.25:
        middle = (low + high) / 2
        if kit.measurer.height_mm((para,), middle, NATURAL) > height + 0.01:
            low = middle
        else:
            high = middle
    return high


def _contents_page(items: list[Item], index: int) -> PagePlan:
    return PagePlan(items=tuple(items), bookmark=label("contents") if index == 0 else None,
                    anchor="contents" if index == 0 else f"contents-{index + 1}")


def _back_cover(kit: Kit, stand: Stand) -> PagePlan:
    """The last page: who publishes this and how to reach them, and the stand's code with its call to action."""
    area = kit.content
    org, contact = stand.organiser, stand.contact
    lines = [german_para(label("publisher"), kit.style("heading")), german_para(org.name, kit.style("strong"), Source(org.at("name"), "organiser"))]
    lines += [german_para(org.unit, kit.style("body"), Source(org.at("unit"), "organiser unit"))] if org.unit else []
    lines += organiser_link(kit, stand)
    lines += contact_lines(kit, contact, kit.style("body"), german_para)
    lines += [german_para(label("at_stand"), kit.style("heading")), german_para(event_line(stand), kit.style("body"))]
    code = qr_required(kit, "stand", stand.url, stand.at("url"))
    qr = code.at(area.right - code.size, kit.height - kit.layout.margins_mm.bottom - code.outer)
    band, pad, gap = kit.measure("back_band"), kit.measure("cover_padding"), kit.measure("cover_gap")
    text_x, text_w = kit.columns(0, kit.layout.grid.main_columns)
    cta = call_to_action(kit, stand_link(kit, stand))
    return PagePlan(items=(
        Fill(Box(0, 0, kit.width, band), kit.ink("primary")),
        TextFrame(Box(text_x, band + pad, text_w, qr.outer.y - gap - band - pad), tuple(lines), role="imprint"),
        TextFrame(Box(area.x, qr.outer.y, qr.outer.x - area.x - kit.layout.grid.gutter_mm, code.outer), cta,
                  valign="bottom",
                  role="call to action"),
        qr, Link(qr.box, stand.url),
    ), bookmark=label("contact"), anchor="back")


KIND = DocumentKind(
    name="booklet", description="the stand's booklet: cover, introduction, contents, every project sheet, back cover",
    compose=compose_booklet,
    needs=LayoutNeeds(
        styles=(*SHEET_KIND.needs.styles, "cover_title", "cover_text", "cover_number", "toc_entry"),
        colours=BASE_COLOURS, qr_roles=("project", "stand"),
        measures=(*SHEET_KIND.needs.measures, "cover_band", "back_band", "cover_padding", "cover_kicker_row",
                  "title_width", "cover_code_gap", "cover_gap", "cover_numeral_gap", "title_rule", "title_row", "lead_gap", "toc_number", "toc_gap",
                  "toc_folio", "toc_leader_min", "toc_row_gap", "edge_tab", "edge_tab_min")),
    type_floor=TypeFloor(9.0, 7.0),
    size_budget=SizeBudget(600, 12, 45),  # grows with the stand's projects
    reference=VisualReference("booklet-a4.pdf", (0, 2)),
    roles=(("cover_number", "Artifact"),),  # the cover's motif: the contents name the projects
)
