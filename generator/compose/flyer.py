"""Compose the flyer: the stand and its projects → a two-page Plan of a DIN-lang roll fold.

Page 1 is the outside, left to right: the back of the folded-in panel (themes, carriers),
the back panel (contact, event, the stand's QR code) and the cover (headline, the projects'
titles beside their numbers or the numbers alone as its motif, who and when). Page 2 is the
inside: the intro, then the projects over the two other panels: up to FEW_PROJECTS as large
cards with their stories, else in rows, each with its own QR code, else as a list.
Every panel keeps the layout's margins from its own edges; `check_folds` makes sure that
no text and no QR code comes near a fold, which the renderer's trim check cannot see.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from generator import typography
from generator.compose.kit import (
    Kit,
    QrFit,
    call_to_action,
    event_short,
    flow,
    flow_list,
    german_para,
    kicker_text,
    largest,
    name,
    organiser_line,
    organiser_link,
    project_link,
    qr_fit,
    qr_required,
    short_title,
    stand_link,
)
from generator.compose.labels import label
from generator.diag import Diagnostic, Problems, Span
from generator.jobs import Job
from generator.kinds import BASE_COLOURS, DocumentKind, LayoutNeeds, SizeBudget, TypeFloor, VisualReference
from generator.measure import FLOOR, LARGEST, NATURAL
from generator.messages import msg, register
from generator.model import Carrier, Project, Stand
from generator.plan import (
    Box,
    Fill,
    Item,
    Link,
    Meta,
    PagePlan,
    Para,
    Plan,
    QrCode,
    ReadingZone,
    Rule,
    Source,
    TextFrame,
)

FEW_PROJECTS = 3  # up to this many, the inside sets the projects as large cards that tell their stories
FOLD_CLEARANCE_MM = 3.0
FOLD_OVERLAP_MM = 1.5  # colour that meets a fold runs on this far
URL_LIMIT = 60  # longer links without a short_url are printed as their host only: the code carries them
PT_MM = 25.4 / 72
THEMES_SHARE = 0.62  # of the narrow panel's height for the themes, the rest for the carriers
CAP_LIFT = 0.6  # a title's frame sits this much higher than its cap height (Source Sans at 10.5 pt)
BASELINE = 0.93  # a first line's baseline below its frame's top, in ems (ReportLab's Paragraph)



@dataclass(frozen=True, slots=True)
class Panel:
    """One panel of a side: where it starts, its width, and the box inside its margins."""

    x: float
    w: float
    content: Box


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


def reading_zones(kit: Kit, outside: tuple[Panel, ...]) -> tuple[ReadingZone, ...]:
    """The outside as it is read: the cover (right) first, the inside page next (rank 1), then the rest."""
    return tuple(ReadingZone(Box(p.x, 0, p.w, kit.height), 0 if p is outside[-1] else 2) for p in outside)


def panels(kit: Kit, widths: tuple[float, ...]) -> tuple[Panel, ...]:
    """The panels of one side, left to right."""
    if len(widths) != 3:
        raise Problems([Diagnostic(kit.layout.at("panels_mm"), f"a roll-fold flyer has 3 panels, found {len(widths)}")])
    m, x, result = kit.layout.margins_mm, 0.0, []
    for w in widths:
        result.append(Panel(x, w, Box(x + m.left, m.top, w - m.left - m.right, kit.height - m.top - m.bottom)))
        x += w
    return tuple(result)


def folds(side: tuple[Panel, ...]) -> tuple[float, ...]:
    return tuple(round(p.x, 3) for p in side[1:])


register({
    "flyer.what.frame": ("der Rahmen „{role}“", "the {role}"),
    "flyer.what.qr": ("der QR-Code für {url}", "the QR code for {url}"),
    "flyer.fold": ("{what} auf der Seite „{side}“ des Dokuments {document} kommt dem Falz bei {fold} mm näher als "
                   "{clearance} mm", "{what} on the {side} of the {document} comes within {clearance} mm of the fold "
                   "at {fold} mm"),
    "flyer.fold.hint": ("kürze den Inhalt oder ändere 'panels_mm' und 'margins_mm'",
                        "shorten the content or adjust 'panels_mm' and 'margins_mm'"),
    "flyer.margins": ("{what} auf der Seite „{side}“ des Dokuments {document} ragt über die Ränder seines Feldes "
                      "hinaus", "{what} on the {side} of the {document} leaves its panel's margins"),
    "flyer.margins.hint": ("ändere 'panels_mm' und 'margins_mm'", "adjust 'panels_mm' and 'margins_mm'"),
})


def check_folds(page: PagePlan, side: tuple[Panel, ...], where: Span | str, document: str) -> None:
    """Every text frame and QR code (with its quiet zone) lies within one panel's margins, clear of the folds."""
    problems = []
    for item in page.items:
        if isinstance(item, TextFrame):
            box, what = item.box, msg("flyer.what.frame", role=item.role)
        elif isinstance(item, QrCode):
            box, what = item.outer, msg("flyer.what.qr", url=item.url)
        else:
            continue
        near = [f for f in page.folds_mm if box.x - FOLD_CLEARANCE_MM < f < box.right + FOLD_CLEARANCE_MM]
        if near:
            problems.append(Diagnostic(where, msg("flyer.fold", what=what, side=page.bookmark, document=document,
                                                  clearance=f"{FOLD_CLEARANCE_MM:g}", fold=f"{near[0]:g}"),
                                       msg("flyer.fold.hint")))
        elif not any(_contains(p.content, box) for p in side):
            problems.append(Diagnostic(where, msg("flyer.margins", what=what, side=page.bookmark, document=document),
                                       msg("flyer.margins.hint")))
    if problems:
        raise Problems(problems)


def _contains(outer: Box, box: Box) -> bool:
    eps = 0.01
    return (box.x >= outer.x - eps and box.y >= outer.y - eps and box.right <= outer.right + eps
            and box.bottom <= outer.bottom + eps)


def past_folds(kit: Kit, panel: Panel, height: float) -> Box:
    """A panel's colour from its top, running FOLD_OVERLAP_MM past each fold: a fold that drifts on the press
    shows colour on its edge, never a white or foreign hairline."""
    left = panel.x - (FOLD_OVERLAP_MM if panel.x > 0.01 else 0.0)
    right = panel.x + panel.w + (FOLD_OVERLAP_MM if panel.x + panel.w < kit.width - 0.01 else 0.0)
    return Box(left, 0, right - left, height)


def _label(kit: Kit, panel: Panel, text: str, role: str) -> TextFrame:
    """A panel's tracked-caps label on the top margin; content starts one label row below."""
    c = panel.content
    return TextFrame(Box(c.x, c.y, c.w, kit.measure("label_height")), (Para(text, kit.style("label")),), role=role)


def _body_top(kit: Kit, panel: Panel) -> float:
    return panel.content.y + kit.measure("label_row")


def _qr_at(code: QrFit, right: float, top: float) -> QrCode:
    """A QR code whose quiet zone ends at `right`, its symbol's top edge at `top`."""
    return code.at(right - code.quiet_mm - code.size, top)


def number_square(kit: Kit, box: Box, project: Project, style_name: str) -> tuple[Item, ...]:
    """The project number on a square of the project's own colour."""
    style = kit.style(style_name)
    # Digits stand on the baseline with nothing below: lift them to look centred.
    lift = 0.17 * style.size_pt * PT_MM
    return (Fill(box, kit.project_ink(project)),
            TextFrame(Box(box.x, box.y - lift, box.w, box.h), (Para(str(project.number), style),), valign="middle",
                      role=f"number of project {project.number}"))


# The outside: themes and carriers, back panel, cover.

def _outside(kit: Kit, stand: Stand, projects: tuple[Project, ...], side: tuple[Panel, ...]) -> tuple[Item, ...]:
    narrow, back, cover = side
    return (*_themes(kit, stand, projects, narrow), *_back(kit, stand, back), *_cover(kit, stand, projects, cover))


def _themes(kit: Kit, stand: Stand, projects: tuple[Project, ...], panel: Panel) -> tuple[Item, ...]:
    """On a tint panel: each theme with the first sentence of its text (titles only when those do not fit,
    with a warning); at the foot the carriers of the projects, as many as fit."""
    c, top = panel.content, _body_top(kit, panel)
    items: list[Item] = [Fill(past_folds(kit, panel, kit.height), kit.ink("tint"))]
    themes_h = 0.0
    if stand.focus:
        titles = [Para(typography.headline(f.title), kit.style("theme"), Source(f.at("title"), "focus title"))
                  for f in stand.focus]
        short = [p for title, f in zip(titles, stand.focus) for p in (
            title, german_para(typography.first_sentence(f.text[0]), kit.style("body"), Source(f.at("text"), "focus text")))]
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
        items += [_label(kit, panel, label("focus"), "themes label"),
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
    c, top = panel.content, _body_top(kit, panel)
    org, event, contact = stand.organiser, stand.event, stand.contact
    strong, plain = kit.style("strong"), kit.style("list")
    paras = [name(event.name, strong, Source(event.at("name"), "event")),
             german_para(typography.date_range(event.dates.start, event.dates.end), plain, Source(event.dates.span, "dates"))]
    paras += [name(v, plain, Source(event.at(k), k)) for k, v in (("venue", event.venue), ("stand", event.stand)) if v]
    if contact:
        paras.append(german_para(label("contact"), kit.style("heading")))
        paras += [name(value, plain, Source(contact.at(key), f"contact.{key}")) for key, value in
                  (("name", contact.name), ("email", contact.email), ("phone", contact.phone)) if value]
    paras += [german_para(label("publisher"), kit.style("heading")), name(org.name, strong, Source(org.at("name"), "organiser"))]
    paras += [name(org.unit, plain, Source(org.at("unit"), "organiser unit"))] if org.unit else []
    paras += organiser_link(kit, stand)
    card = _qr_card(kit, stand, panel)
    return (_label(kit, panel, label("at_stand"), "contact label"),
            TextFrame(Box(c.x, top, c.w, card[0].box.y - kit.measure("card_gap") - top), tuple(paras), role="contact"),
            *card)


def _qr_card(kit: Kit, stand: Stand, panel: Panel) -> tuple[Fill, TextFrame, QrCode, Link]:
    """A tint card at the panel's foot: call to action and url, and the stand's QR code in its white quiet zone."""
    c, gap, pad = panel.content, kit.measure("qr_gap"), kit.measure("card_pad")
    probe = qr_required(kit, "stand", stand.url, stand.at("url"))
    card = Box(c.x, c.bottom - probe.outer - 2 * gap, c.w, probe.outer + 2 * gap)
    code = _qr_at(probe, card.right - gap, card.y + gap + probe.quiet_mm)
    text = call_to_action(kit, stand_link(kit, stand), "web")
    text_box = Box(c.x + pad, card.y + pad, code.outer.x - pad - c.x - pad, card.h - 2 * pad)
    return (Fill(card, kit.ink("tint")), TextFrame(text_box, text, valign="middle", role="call to action"),
            code, Link(code.box, stand.url))


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
    kicker_h = max(4.0, kit.measurer.height_mm((kicker_para,), c.w, NATURAL))
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
        *_cover_projects(kit, stand, projects, motif),
        TextFrame(Box(c.x, c.bottom - who_h, c.w, who_h), tuple(who), valign="bottom", role="cover details"),
    )


# The inside: intro, then the projects.

def _inside(kit: Kit, stand: Stand, projects: tuple[Project, ...], side: tuple[Panel, ...]) -> tuple[Item, ...]:
    intro, middle, right = side
    return (*_intro(kit, stand, intro), *_projects(kit, stand, projects, (middle, right)))


def _intro(kit: Kit, stand: Stand, panel: Panel) -> tuple[Item, ...]:
    """The headline, the first intro paragraph as a lead, then further whole paragraphs in order while they fit
    (measured); paragraphs left out are named in a warning."""
    c, top = panel.content, _body_top(kit, panel)
    source = Source(stand.at("intro"), "intro")
    paras = [Para(typography.headline(stand.headline), kit.style("title"), Source(stand.at("headline"), "headline")),
             german_para(stand.intro[0], kit.style("lead"), source)]
    box = Box(c.x, top, c.w, c.bottom - top)
    rest = [german_para(text, kit.style("body"), source) for text in stand.intro[1:]]
    count = largest(len(rest), lambda n: kit.fit(TextFrame(box, (*paras, *rest[:n]), role="intro")).fits)
    if count < len(rest):
        kit.note(stand.at("intro"), "flyer.some_intro", "flyer.booklet_has_all", count=count + 1,
                 total=len(stand.intro))
    return (_label(kit, panel, label("intro"), "intro label"),
            kit.fitted(TextFrame(box, (*paras, *rest[:count]), role="intro")))


def _projects(kit: Kit, stand: Stand, projects: tuple[Project, ...], side: tuple[Panel, Panel]) -> tuple[Item, ...]:
    """The projects as cards with a QR code each over two panels while they fit (measured); else a compact
    numbered list with short links, and the stand's code at the foot of the last panel."""
    if not projects:
        return ()
    top = _body_top(kit, side[0])
    codes = {p.number: qr_fit(kit, "project", p.url) for p in projects}
    for project in projects:
        if codes[project.number] is None:
            kit.note(project.at("url"), "flyer.card_without_code", number=project.number)
    few = _few_cards(kit, stand, projects, codes, side, top)
    if few:
        return few
    for condensed in (False, True):
        for t in (NATURAL, FLOOR):
            cards = _card_rows(kit, projects, codes, side, top, t, condensed)
            if cards is not None:
                return (_label(kit, side[0], label("projects"), "projects label"),
                        _label(kit, side[1], label("scan_card"), "scan label"), *cards)
    kit.note(stand.span, "flyer.list", count=len(projects))
    card = _qr_card(kit, stand, side[1])
    boxes = [Box(side[0].content.x, top, side[0].content.w, side[0].content.bottom - top),
             Box(side[1].content.x, top, side[1].content.w, card[0].box.y - kit.measure("row_top") - top)]
    listed = flow_list(kit, lambda limit, links: tuple(p for project in projects
                                                        for p in _list_entry(kit, project, limit, links)),
                       [boxes], "projects")
    return (_label(kit, side[0], label("projects"), "projects label"), *listed, *card)


def _card_rows(kit: Kit, projects: tuple[Project, ...], codes: dict[int, QrFit | None], side: tuple[Panel, Panel], top: float,
               t: float, condensed: bool) -> tuple[Item, ...] | None:
    """Cards in rows over the panels at text position t, or None when they do not fit."""
    n = kit.measure("number_box")
    height = side[0].content.bottom - top
    depths = []
    for project in projects:
        code = codes[project.number]
        text = kit.measurer.height_mm(_project_text(kit, project, condensed), _text_width(kit, side[0], code), t)
        depths.append(max(code.outer if code else n, text - CAP_LIFT) + kit.measure("row_pad"))
    per_panel = math.ceil(len(projects) / 2)
    columns = [depths[:per_panel], depths[per_panel:]]
    if any(sum(column) > height + 0.01 for column in columns):
        return None
    row = height / per_panel
    items: list[Item] = []
    for index, project in enumerate(projects):
        panel, slot = side[index // per_panel], index % per_panel
        column = columns[index // per_panel]
        if max(column) <= row:
            y, depth = top + slot * row, row
        else:
            spare = (height - sum(column)) / len(column)
            y, depth = top + sum(column[:slot]) + slot * spare, column[slot] + spare
        items += _project_row(kit, project, panel, y, depth, codes[project.number], t, condensed)
    return tuple(items)


def _project_row(kit: Kit, project: Project, panel: Panel, y: float, depth: float, code: QrFit | None, t: float,
                 condensed: bool) -> tuple[Item, ...]:
    """A hairline, the number on its square, title, carriers and url, and the QR code on the right."""
    c, n, top = panel.content, kit.measure("number_box"), y + kit.measure("row_top")
    items: list[Item] = [Rule(c.x, y, c.right, y, 0.4, kit.ink("muted")),
                         *number_square(kit, Box(c.x, top, n, n), project, "number")]
    text_right = c.right
    if code is not None:
        qr = _qr_at(code, c.right, top)
        items += [qr, Link(qr.box, project.url)]
        text_right = qr.outer.x - kit.measure("qr_gap")
    x = c.x + n + kit.measure("number_gap")
    # The title's cap height, not its frame, lines up with the square's top edge.
    items.append(TextFrame(Box(x, top - CAP_LIFT, text_right - x, depth - kit.measure("row_pad")),
                           _project_text(kit, project, condensed),
                           role=f"project {project.number}", fit=t))
    return tuple(items)


def _text_width(kit: Kit, panel: Panel, code: QrFit | None) -> float:
    """The width of a card's text: between the number square and the QR code."""
    qr = code.outer + kit.measure("qr_gap") if code else 0.0
    return panel.content.w - kit.measure("number_box") - kit.measure("number_gap") - qr


def _project_text(kit: Kit, project: Project, condensed: bool = False) -> tuple[Para, ...]:
    """Title, carriers (condensed: the first and how many more) and the printed link."""
    paras = [Para(typography.headline(project.title), kit.style("project"), Source(project.at("title"), "title"))]
    carriers = project.carriers[:1] if condensed else project.carriers
    paras += [name(f"{carrier.name} · {carrier.unit}" if carrier.unit else carrier.name, kit.style("small"),
                   Source(carrier.at("name"), "carriers")) for carrier in carriers]
    if condensed and len(project.carriers) > 1:
        paras.append(german_para(label("more_carriers_long", count=len(project.carriers) - 1), kit.style("small")))
    paras.append(project_link(kit, project, URL_LIMIT))
    return tuple(paras)


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


# The cover's projects: their titles while they fit, else their numbers as the motif.

register({
    "flyer.some_numbers": ("das Dokument {document} zeigt auf dem Titel die Nummern von {count} der {total} "
                           "Projekte: mehr passen nicht", "the cover of the {document} shows the numbers of "
                           "{count} of the {total} projects: no more fit"),
    "flyer.some_numbers.hint": ("die Innenseite nennt alle", "the inside names all of them"),
})


def _cover_projects(kit: Kit, stand: Stand, projects: tuple[Project, ...], area: Box) -> tuple[Item, ...]:
    """'8 Projekte am Stand' over the projects' titles beside their numbers in their colours when all fit
    (measured), else over the numbers alone, as large as they fit: the numbers a visitor finds again on the
    inside, the poster and the sheets."""
    if not projects:
        return ()
    heading = Para(f"{len(projects)} {label('projects' if len(projects) > 1 else 'project_at_stand')}",
                   kit.style("label"))
    below = kit.measure("cover_label")
    body = Box(area.x, area.y + below, area.w, area.h - below)
    if body.h <= 0:  # a long headline and long names take the whole cover
        kit.note(stand.span, "flyer.some_numbers", count=0, total=len(projects))
        return ()
    listed = _cover_titles(kit, projects, body) or numerals(kit, stand, projects, body)
    return (TextFrame(Box(area.x, area.y, area.w, kit.measure("label_height")), (heading,), role="cover projects"),
            *listed)


def _cover_titles(kit: Kit, projects: tuple[Project, ...], area: Box) -> tuple[Item, ...]:
    """Each title beside its number, on one baseline; empty when they do not all fit at the styles' sizes."""
    index_w, gap = kit.measure("cover_index"), kit.measure("cover_row_gap")
    number, title_style = kit.style("cover_index"), kit.style("cover_project")
    lift = (number.size_pt - title_style.size_pt) * PT_MM * BASELINE  # the number's baseline on the title's
    items: list[Item] = []
    y = area.y + lift
    for project in projects:
        title = Para(typography.headline(project.title), title_style, Source(project.at("title"), "title"))
        height = kit.measurer.height_mm((title,), area.w - index_w, NATURAL)
        if y + height > area.bottom + 0.01:
            return ()
        items += [TextFrame(Box(area.x, y - lift, index_w, height + lift), (Para(str(project.number), kit.style(
                      "cover_index", project=project)),), role=f"number of project {project.number}", fit=NATURAL),
                  TextFrame(Box(area.x + index_w, y, area.w - index_w, height), (title,),
                            role=f"project {project.number}", fit=NATURAL)]
        y += height + gap
    return tuple(items)


def numerals(kit: Kit, stand: Stand, projects: tuple[Project, ...], area: Box) -> tuple[Item, ...]:
    """The numbers in their project colours in a grid, all at the largest size at which the widest fits on one
    line; with too many for the smallest size, as many as fit, with a warning. The covers' motif (the flyer's
    and the booklet's): the layout declares the style cover_number and the measure cover_numeral_gap."""
    grid = _numeral_grid(kit, projects, area)
    shown = len(projects)
    if grid is None:
        shown = largest(len(projects), lambda n: n > 0 and _numeral_grid(kit, projects[:n], area) is not None)
        kit.note(stand.span, "flyer.some_numbers", count=shown, total=len(projects))
        grid = _numeral_grid(kit, projects[:shown], area) if shown else None
        if grid is None:
            return ()
    t, columns, w, h = grid
    gap = kit.measure("cover_numeral_gap")
    return tuple(TextFrame(Box(area.x + (i % columns) * (w + gap), area.y + (i // columns) * (h + gap), w, h),
                           (Para(str(p.number), kit.style("cover_number", project=p)),),
                           role=f"number of project {p.number}", fit=t) for i, p in enumerate(projects[:shown]))


def _numeral_grid(kit: Kit, projects: tuple[Project, ...], area: Box) -> tuple[float, int, float, float] | None:
    """(fit position, columns, cell width, cell height) of the grid that sets the numbers largest; None when
    none holds the widest number on one line at the style's floor."""
    gap, style = kit.measure("cover_numeral_gap"), kit.style("cover_number")
    if not projects or area.h <= 0 or area.w <= 0:
        return None
    widest = Para(str(max((p.number for p in projects), key=lambda n: len(str(n)))), style)
    best: tuple[float, int, float, float] | None = None
    for columns in range(1, len(projects) + 1):
        rows = math.ceil(len(projects) / columns)
        w, h = (area.w - (columns - 1) * gap) / columns, (area.h - (rows - 1) * gap) / rows
        w = min(w, h)  # square cells: few numbers stand together, not spread over the panel
        if w <= 0 or h <= 0:
            continue
        fitted = kit.measurer.fit(TextFrame(Box(0, 0, w, h), (widest,), role="cover numbers"), LARGEST, FLOOR)
        t = fitted.frame.fit
        if fitted.fits and t is not None and not any(p.break_words for p in fitted.frame.paras) and (
                best is None or t < best[0]):
            best = (t, columns, w, h)
    return best


# The inside with few projects: large cards that tell each project's story.

register({
    "flyer.some_details": ("das Dokument {document} zeigt {count} von {total} Absätzen über Projekt {number}: die "
                           "übrigen passen nicht", "the {document} shows {count} of the {total} paragraphs about "
                           "project {number}: the others do not fit"),
    "flyer.some_details.hint": ("das Projektblatt enthält alle", "the project sheet has all of them"),
})


def _few_cards(kit: Kit, stand: Stand, projects: tuple[Project, ...], codes: dict[int, QrFit | None],
               side: tuple[Panel, Panel], top: float) -> tuple[Item, ...]:
    """Up to FEW_PROJECTS projects as large cards over the two panels: head (number, title, carriers, link,
    code) and beneath it the project's subtitle, summary, topics and formats, whole paragraphs while they fit
    (measured). One project continues on the right panel; the right panel's foot carries the stand's code and,
    above it, the stand's themes when there is room. Empty when the heads do not fit."""
    if len(projects) > FEW_PROJECTS:
        return ()
    per_panel = math.ceil(len(projects) / 2)
    columns = (projects[:per_panel], projects[per_panel:])
    stand_card = _qr_card(kit, stand, side[1])
    foot = stand_card[0].box.y - kit.measure("cover_gap")
    items: list[Item] = []
    gap = kit.measure("cover_gap")
    used = [top - gap, top - gap]  # how far down each panel's cards reach
    for panel, column in zip(side, columns):
        slot = ((foot if panel is side[1] else panel.content.bottom) - top) / max(len(column), 1)
        for index, project in enumerate(column):
            y = top + index * slot
            more = [Box(side[1].content.x, top, side[1].content.w, foot - top)] if len(projects) == 1 else []
            card = _large_card(kit, project, panel, y, slot, codes[project.number], more)
            if card is None:
                return ()
            items += card[0]
            ends_right = card[1] >= side[1].content.x - 0.01
            if ends_right and panel is side[0]:  # continued on the right: the middle panel is full
                used[0] = panel.content.bottom
            used[int(ends_right)] = card[2]
    right = label("more_project") if len(projects) == 1 and used[1] > top else label("scan_card")
    first = label("project_at_stand") if len(projects) == 1 else label("projects")
    rooms = [Box(p.content.x, end + gap, p.content.w, bottom - end - gap)
             for p, end, bottom in zip(side, used, (side[0].content.bottom, foot))]
    room = max(rooms, key=lambda box: box.h)
    return (_label(kit, side[0], first, "projects label"), _label(kit, side[1], right, "scan label"), *items,
            *_themes_beside(kit, stand, room), *stand_card)


def _large_card(kit: Kit, project: Project, panel: Panel, y: float, depth: float, code: QrFit | None,
                more: list[Box]) -> tuple[tuple[Item, ...], float, float] | None:
    """A card's head as on the rows, its details beneath at full width (continued in `more`), and where the
    card's last text ends (x and y of its frame's foot); None when the head alone does not fit."""
    c, n = panel.content, kit.measure("number_box")
    for condensed in (False, True):
        text_h = kit.measurer.height_mm(_project_text(kit, project, condensed), _text_width(kit, panel, code), NATURAL)
        head = max(code.outer if code else n, text_h - CAP_LIFT) + kit.measure("row_pad")
        if head <= depth:
            break
    else:
        return None
    items = list(_project_row(kit, project, panel, y, head, code, NATURAL, condensed))
    details = _details(kit, project)
    boxes = [Box(c.x, y + head, c.w, depth - head - kit.measure("qr_gap")), *more]
    boxes = [b for b in boxes if b.h > 5]
    count = largest(len(details), lambda k: flow(kit, tuple(details[:k]), boxes, NATURAL, "project details")
                    is not None)
    while count and details[count - 1].style.role.startswith("H"):
        count -= 1  # never a heading without its text
    if count < len(details):
        kit.note(project.at("summary") if project.summary else project.span, "flyer.some_details", count=count,
                 total=len(details), number=project.number)
    frames = flow(kit, tuple(details[:count]), boxes, NATURAL, "project details") or ()
    last = frames[-1] if frames else None
    if last is None:
        return (*items,), c.x, y + head
    return (*items, *frames), last.box.x, last.box.y + kit.measurer.height_mm(last.paras, last.box.w, NATURAL)


def _details(kit: Kit, project: Project) -> list[Para]:
    """What a large card says under its head: subtitle, summary, topics and formats."""
    paras = [german_para(project.subtitle, kit.style("strong"), Source(project.at("subtitle"), "subtitle"))
             ] if project.subtitle else []
    paras += [german_para(text, kit.style("body"), Source(project.at("summary"), "summary")) for text in project.summary]
    for key, values in (("topics", project.topics), ("formats", project.formats)):
        if values:
            paras += [german_para(label(key), kit.style("heading")),
                      name(" · ".join(values), kit.style("list"), Source(project.at(key), key))]
    return paras


def _themes_beside(kit: Kit, stand: Stand, box: Box) -> tuple[Item, ...]:
    """The stand's themes with their whole texts in the room left over the stand's code, as many whole themes
    as fit (the outside names them all); nothing when not even one fits."""
    if not stand.focus or box.h < 20:
        return ()
    themes = [tuple([german_para(f.title, kit.style("heading"), Source(f.at("title"), "focus title")),
                     *(german_para(t, kit.style("body"), Source(f.at("text"), "focus text")) for t in f.text)])
              for f in stand.focus]
    count = largest(len(themes), lambda k: kit.fit(TextFrame(box, tuple(p for theme in themes[:k] for p in theme),
                                                             role="themes"), NATURAL, NATURAL).fits)
    if not count:
        return ()
    return (kit.fitted(TextFrame(box, tuple(p for theme in themes[:count] for p in theme), role="themes")),)

