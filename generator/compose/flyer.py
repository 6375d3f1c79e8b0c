"""Compose the flyer: the stand and its projects → a two-page Plan of a DIN-lang roll fold.

Page 1 is the outside, left to right: the back of the folded-in panel (themes, carriers),
the back panel (contact, event, the stand's QR code) and the cover (headline, the projects'
titles beside their numbers or the numbers alone as its motif, who and when). Page 2 is the
inside: the intro, then the projects over the two other panels: up to FEW_PROJECTS as large
cards with their stories, else in rows, each with its own QR code, else as a list.
Every panel keeps the layout's margins from its own edges; `check_folds` makes sure that
no text and no QR code comes near a fold. The panels and folds live in `panels`, the cover's
projects in `motif` (shared with the booklet), the inside's project cards in `flyer_cards`.
"""

from __future__ import annotations

import dataclasses

from generator import typography
from generator.compose.flyer_cards import URL_LIMIT, card_rows, few_cards, per_panel_count, stand_card
from generator.compose.furniture import (
    contact_lines,
    event_short,
    kicker_text,
    organiser_line,
    organiser_link,
    project_link,
)
from generator.compose.kit import Kit, flow_list, german_para, largest, name, short_title
from generator.compose.labels import label
from generator.compose.motif import cover_projects
from generator.compose.panels import (
    Panel,
    body_top,
    check_folds,
    folds,
    panel_label,
    panels,
    past_folds,
    reading_zones,
)
from generator.compose.qrfit import qr_fit
from generator.jobs import Job
from generator.kinds import BASE_COLOURS, DocumentKind, LayoutNeeds, SizeBudget, TypeFloor, VisualReference
from generator.measure import FLOOR, NATURAL
from generator.model import Carrier, Project, Stand
from generator.plan import Box, Fill, Item, Meta, PagePlan, Para, Plan, ReadingZone, Source, TextFrame

THEMES_SHARE = 0.62  # of the narrow panel's height for the themes, the rest for the carriers


def compose_flyer(job: Job, kit: Kit) -> Plan:
    stand, projects = job.stand, job.projects
    outside = panels(kit, job.layout.panels_mm)
    inside = panels(kit, tuple(reversed(job.layout.panels_mm)))
    document = kit.document
    pages = (
        PagePlan(_outside(kit, stand, projects, outside), bookmark=label("outside"), anchor="outside",
                 folds_mm=folds(outside), reading=reading_zones(kit, outside)),
        PagePlan(_inside(kit, stand, projects, inside), bookmark=label("inside"), anchor="inside",
                 folds_mm=folds(inside), reading=(ReadingZone(Box(0, 0, kit.width, kit.height), 1),)),
    )
    for page, side in zip(pages, (outside, inside)):
        check_folds(page, side, job.layout.at("panels_mm"), document)
    return kit.plan(job, pages, _meta(stand))


# The outside: themes and carriers, back panel, cover.

def _outside(kit: Kit, stand: Stand, projects: tuple[Project, ...], side: tuple[Panel, ...]) -> tuple[Item, ...]:
    narrow, back, cover = side
    return (*_themes(kit, stand, projects, narrow), *_back(kit, stand, back), *_cover(kit, stand, projects, cover))


def _column_label(projects: tuple[Project, ...]) -> str:
    """The right panel's label when the card rows continue there: which projects it holds ("Projekte 5–8"),
    so it never reads as the label of something else."""
    right = projects[per_panel_count(len(projects)):]
    if not right:
        return label("scan_card")
    if len(right) == 1:
        return label("project_number", number=right[0].number)
    return label("projects_range", first=right[0].number, last=right[-1].number)


def _themes(kit: Kit, stand: Stand, projects: tuple[Project, ...], panel: Panel) -> tuple[Item, ...]:
    """On a tint panel: each theme with the first sentence of its text that says more than its title (titles only
    when those do not fit, with a warning); at the foot the carriers of the projects, as many as fit."""
    c, top = panel.content, body_top(kit, panel)
    items: list[Item] = [Fill(past_folds(kit, panel, kit.height), kit.ink("tint"))]
    themes_h = 0.0
    if stand.focus:
        titles = [Para(typography.headline(f.title), kit.style("theme"), Source(f.at("title"), "focus title"))
                  for f in stand.focus]
        short = [p for title, f in zip(titles, stand.focus) for p in (
            title, german_para(typography.gist(f.title, f.text[0], stand.organiser.name), kit.style("body"),
                                Source(f.at("text"), "focus text")))]
        box = Box(c.x, top, c.w, (c.bottom - top) * THEMES_SHARE)
        fitted = kit.fit(TextFrame(box, tuple(short), role="themes"))
        if not fitted.fits:
            kit.note(stand.at("focus"), "flyer.theme_titles")
            count = largest(len(titles), lambda n: kit.fit(TextFrame(box, tuple(titles[:max(n, 1)]), role="themes")).fits)
            if count < len(titles):
                kit.note(stand.at("focus"), "flyer.some_themes", "flyer.booklet_has_all", count=max(count, 1),
                         total=len(titles))
            fitted = kit.fit(TextFrame(box, tuple(titles[:max(count, 1)]), role="themes"))
        frame = fitted.frame if fitted.fits else kit.fitted(fitted.frame)
        themes_h = kit.measurer.height_mm(frame.paras, c.w, frame.fit or 0.0)
        items += [panel_label(kit, panel, label("focus"), "themes label"),
                  dataclasses.replace(frame, box=Box(c.x, top, c.w, themes_h + 0.5))]
    foot_top = top + themes_h + (kit.measure("section_gap") if stand.focus else 0)
    items.append(_carrier_list(kit, stand, projects, Box(c.x, foot_top, c.w, c.bottom - foot_top)))
    return tuple(items)  # drawn in reading order: the text extracts (and reads aloud) top to bottom


def _carrier_list(kit: Kit, stand: Stand, projects: tuple[Project, ...], box: Box) -> TextFrame:
    """Every carrier once, in the order of the projects, under a label; as many as fit, then how many more."""
    first: dict[str, Carrier] = {}
    for carrier in (carrier for project in projects for carrier in project.carriers):
        first.setdefault(carrier.name, carrier)
    names = [name(text, kit.style("list"), Source(carrier.at("name"), "carriers")) for text, carrier in first.items()]
    heading = Para(label("all_carriers"), kit.style("label"))

    def frame(count: int) -> TextFrame:
        more = len(names) - count
        tail = [german_para(label("more_carriers", count=more), kit.style("list"))] if more else []
        return TextFrame(box, (heading, *names[:count], *tail), valign="bottom", role="carriers")
    count = largest(len(names), lambda n: kit.fit(frame(n)).fits)
    if count < len(names):
        kit.note(stand.span, "flyer.some_carriers", None, count=count, total=len(names))
    return kit.fitted(frame(count))


def _back(kit: Kit, stand: Stand, panel: Panel) -> tuple[Item, ...]:
    """The event and the stand (its number when known); the contact person; the publisher (imprint); at the
    foot a tint card with the stand's QR code."""
    c, top = panel.content, body_top(kit, panel)
    org, event, contact = stand.organiser, stand.event, stand.contact
    strong, plain = kit.style("strong"), kit.style("list")
    paras = [name(event.name, strong, Source(event.at("name"), "event")),
             german_para(typography.date_range(event.dates.start, event.dates.end), plain, Source(event.dates.span, "dates"))]
    paras += [name(v, plain, Source(event.at(k), k)) for k, v in (("venue", event.venue), ("stand", event.stand)) if v]
    paras += contact_lines(kit, contact, plain)
    paras += [german_para(label("publisher"), kit.style("heading")), name(org.name, strong, Source(org.at("name"), "organiser"))]
    paras += [name(org.unit, plain, Source(org.at("unit"), "organiser unit"))] if org.unit else []
    paras += organiser_link(kit, stand)
    card = stand_card(kit, stand, panel)
    return (panel_label(kit, panel, label("at_stand"), "contact label"),
            TextFrame(Box(c.x, top, c.w, card[0].box.y - kit.measure("card_gap") - top), tuple(paras), role="contact"),
            *card)


def _cover(kit: Kit, stand: Stand, projects: tuple[Project, ...], panel: Panel) -> tuple[Item, ...]:
    """A primary band with the headline over an accent bar; on white the projects (their titles beside their
    numbers, or the numbers alone as the cover's motif), then who, when and where."""
    c, band, event, org = panel.content, kit.measure("band_height"), stand.event, stand.organiser
    kicker = kicker_text(stand)
    headline = Para(typography.headline(stand.headline), kit.style("headline"), Source(stand.at("headline"), "headline"))
    dates = typography.date_range(event.dates.start, event.dates.end) + (f" · {event.stand}" if event.stand else "")
    who = [german_para(org.name, kit.style("cover"), Source(org.at("name"), "organiser"))]
    who += [german_para(org.unit, kit.style("cover"), Source(org.at("unit"), "organiser unit"))] if org.unit else []
    who += [german_para(event.name, kit.style("footer"), Source(event.at("name"), "event")),
            german_para(dates, kit.style("strong"), Source(event.dates.span, "dates"))]
    who += [german_para(event.venue, kit.style("list"), Source(event.at("venue"), "venue"))] if event.venue else []
    who_h = kit.measurer.height_mm(tuple(who), c.w, NATURAL) + 0.5
    kicker_para = Para(kicker, kit.style("kicker"))
    kicker_h = max(kit.line_mm("kicker"), kit.measurer.height_mm((kicker_para,), c.w, NATURAL))
    head_top = c.y + kicker_h + kit.measure("kicker_gap")
    gap, bar = kit.measure("cover_gap"), kit.measure("accent_bar")
    # The band as deep as the headline needs, between the layout's bounds: what it leaves goes to the projects.
    head_h = kit.measurer.height_mm((headline,), c.w, NATURAL)
    under = gap + bar + kit.measure("bar_gap")  # the headline's foot over the accent bar
    band = min(band, max(kit.measure("band_min"), head_top + head_h + under + 0.5))
    motif = Box(c.x, band + gap, c.w, c.bottom - who_h - gap - band - gap)
    return (
        Fill(past_folds(kit, panel, band), kit.ink("primary")),
        TextFrame(Box(c.x, c.y, c.w, kicker_h), (kicker_para,), role="cover kicker"),
        TextFrame(Box(c.x, head_top, c.w, band - under - head_top), (headline,), valign="bottom",
                  role="headline"),
        Fill(Box(c.x, band - gap, 2 * kit.measure("number_box"), bar), kit.ink("accent")),
        *cover_projects(kit, stand, projects, motif),
        TextFrame(Box(c.x, c.bottom - who_h, c.w, who_h), tuple(who), valign="bottom", role="cover details"),
    )


# The inside: intro, then the projects.

def _inside(kit: Kit, stand: Stand, projects: tuple[Project, ...], side: tuple[Panel, ...]) -> tuple[Item, ...]:
    intro, middle, right = side
    return (*_intro(kit, stand, intro), *_projects(kit, stand, projects, (middle, right)))


def _intro(kit: Kit, stand: Stand, panel: Panel) -> tuple[Item, ...]:
    """The headline, the first intro paragraph as a lead, then further whole paragraphs in order while they fit
    (measured); paragraphs left out are named in a warning."""
    c, top = panel.content, body_top(kit, panel)
    source = Source(stand.at("intro"), "intro")
    paras = [Para(typography.headline(stand.headline), kit.style("title"), Source(stand.at("headline"), "headline")),
             german_para(stand.intro[0], kit.style("lead"), source)]
    box = Box(c.x, top, c.w, c.bottom - top)
    rest = [german_para(text, kit.style("body"), source) for text in stand.intro[1:]]
    count = largest(len(rest), lambda n: kit.fit(TextFrame(box, (*paras, *rest[:n]), role="intro")).fits)
    if count < len(rest):
        kit.note(stand.at("intro"), "flyer.some_intro", "flyer.booklet_has_all", count=count + 1,
                 total=len(stand.intro))
    return (panel_label(kit, panel, label("intro"), "intro label"),
            kit.fitted(TextFrame(box, (*paras, *rest[:count]), role="intro")))


def _projects(kit: Kit, stand: Stand, projects: tuple[Project, ...], side: tuple[Panel, Panel]) -> tuple[Item, ...]:
    """The projects as cards with a QR code each over two panels while they fit (measured); else a compact
    numbered list with short links, and the stand's code at the foot of the last panel."""
    if not projects:
        return ()
    top = body_top(kit, side[0])
    codes = {p.number: qr_fit(kit, "project", p.url) for p in projects}
    for project in projects:
        if codes[project.number] is None:
            kit.note(project.at("url"), "flyer.card_without_code", number=project.number)
    few = few_cards(kit, stand, projects, codes, side, top)
    if few:
        return few
    for condensed in (False, True):
        for t in (NATURAL, FLOOR):
            cards = card_rows(kit, projects, codes, side, top, t, condensed)
            if cards is not None:
                return (panel_label(kit, side[0], label("projects"), "projects label"),
                        panel_label(kit, side[1], _column_label(projects), "projects label"), *cards)
    kit.note(stand.span, "flyer.list", count=len(projects))
    card = stand_card(kit, stand, side[1])
    boxes = [Box(side[0].content.x, top, side[0].content.w, side[0].content.bottom - top),
             Box(side[1].content.x, top, side[1].content.w, card[0].box.y - kit.measure("row_top") - top)]
    listed = flow_list(kit, lambda limit, links: tuple(p for project in projects
                                                        for p in _list_entry(kit, project, limit, links)),
                       [boxes], "projects")
    return (panel_label(kit, side[0], label("projects"), "projects label"), *listed, *card)


def _list_entry(kit: Kit, project: Project, limit: int | None, with_link: bool) -> tuple[Para, ...]:
    entry = Para(f"{project.number}\u00a0\u00a0{typography.headline(short_title(project.title, limit))}",
                 kit.style("project"), Source(project.at("title"), "title"), keep_with_next=with_link)
    if not with_link:
        return (entry,)
    return (entry, project_link(kit, project, URL_LIMIT))


def _meta(stand: Stand) -> Meta:
    event = stand.event
    keywords = (stand.headline, event_short(stand), stand.organiser.name, "Flyer")
    return Meta(title=stand.headline, author=organiser_line(stand),
                subject=f"Flyer – {event.name}, {typography.date_range(event.dates.start, event.dates.end)}",
                keywords=tuple(dict.fromkeys(keywords)))


KIND = DocumentKind(
    name="flyer", description="a folded flyer: outside and inside, one panel per fold",
    compose=compose_flyer,
    needs=LayoutNeeds(
        styles=("kicker", "label", "headline", "title", "lead", "heading", "body", "list", "strong", "number",
                "theme", "cover_number", "cover_index", "cover_project", "project", "small", "cta", "url", "cover",
                "footer"),
        colours=BASE_COLOURS, qr_roles=("project", "stand"),
        measures=("band_height", "band_min", "label_row", "label_height", "number_box", "number_gap", "row_top",
                  "row_pad", "qr_gap", "card_pad", "card_gap", "section_gap", "kicker_gap", "bar_gap", "cover_gap",
                  "accent_bar", "cover_label", "cover_index", "cover_row_gap", "cover_numeral_gap"),
        panels=True),
    type_floor=TypeFloor(8.0, 7.0),  # 8 pt on the narrow panels, held at 30–40 cm
    size_budget=SizeBudget(200, 2, 100),
    reference=VisualReference("flyer.pdf", (0, 1)),
    # The panel labels head its sections, the cover sets the event name in the footer style, and the
    # cover's row of project numbers only repeats "8 Projekte".
    roles=(("label", "H2"), ("title", "H3"), ("theme", "H3"), ("project", "H3"), ("heading", "H3"), ("footer", "P"),
           ("cover_number", "Artifact"), ("cover_index", "Artifact")),
)
