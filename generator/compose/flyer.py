"""Compose the flyer: the stand and its projects → a two-page Plan of a DIN-lang roll fold.

Page 1 is the outside, left to right: the back of the folded-in panel (themes, carriers),
the back panel (contact, event, the stand's QR code) and the cover. Page 2 is the inside:
the intro, then the projects in rows over the two other panels, each with its own QR code.
Every panel keeps the layout's margins from its own edges; `check_folds` makes sure that
no text and no QR code comes near a fold, which the renderer's trim check cannot see.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass

from generator import typography
from generator.compose.kit import Kit, display_url, organiser_line, para, qr_code
from generator.diag import Diagnostic, Problems, Span
from generator.jobs import Job
from generator.model import Project, Stand
from generator.plan import (Box, Fill, Item, Link, Meta, PagePlan, Para, Plan, QrCode, ReadingZone, Rule, Source,
                            TextFrame)

FOLD_CLEARANCE_MM = 3.0
PT_MM = 25.4 / 72
# Source Sans Pro sets German text at about 0.43 em a character; assuming more, and lines
# only 85 % full, keeps the estimate above what the renderer will measure.
AVERAGE_ADVANCE_EM, LINE_FILL = 0.47, 0.85
# A sentence ends at . ! or ? before a capital, unless the word before is an abbreviation
# (one- and two-letter ones like "e. V." are skipped by length).
_SENTENCE_END = re.compile(r"[.!?](?=\s+[„\"A-ZÄÖÜ])")
_ABBREVIATIONS = frozenset({"abs", "bspw", "bzw", "etc", "evtl", "ggf", "inkl", "sog", "str", "usw", "vgl"})

LABELS = {"themes": "Schwerpunkte", "carriers": "Träger der Projekte", "contact": "Kontakt", "event": "Am Stand",
          "cta": "Mehr erfahren", "web": "Alle Projekte und Kontakte:", "intro": "Unser Anliegen",
          "projects": "Projekte am Stand", "scan": "Scannen und mehr erfahren",
          "outside": "Außenseite", "inside": "Innenseite"}


@dataclass(frozen=True, slots=True)
class Panel:
    """One panel of a side: where it starts, its width, and the box inside its margins."""

    x: float
    w: float
    content: Box


def compose_flyer(job: Job) -> Plan:
    kit, stand, projects = Kit(job.layout), job.stand, job.projects
    outside = panels(kit, job.layout.panels_mm)
    inside = panels(kit, tuple(reversed(job.layout.panels_mm)))
    document = f"flyer ({job.layout.name})"
    pages = (
        PagePlan(_outside(kit, stand, projects, outside), bookmark=LABELS["outside"], anchor="outside",
                 folds_mm=folds(outside), reading=reading_zones(kit, outside)),
        PagePlan(_inside(kit, stand, projects, inside), bookmark=LABELS["inside"], anchor="inside",
                 folds_mm=folds(inside), reading=(ReadingZone(Box(0, 0, kit.width, kit.height), 1),)),
    )
    for page, side in zip(pages, (outside, inside)):
        check_folds(page, side, job.layout.at("panels_mm"), document)
    return Plan(trim_mm=job.layout.trim_mm, bleed_mm=job.layout.bleed_mm, crop_marks=job.layout.crop_marks,
                pages=pages, meta=_meta(stand), fonts=job.fonts, hyphenation=job.hyphenation,
                safe_mm=job.layout.safe_mm, document=document)


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


def check_folds(page: PagePlan, side: tuple[Panel, ...], where: Span | str, document: str) -> None:
    """Every text frame and QR code (with its quiet zone) lies within one panel's margins, clear of the folds."""
    problems = []
    for item in page.items:
        if isinstance(item, TextFrame):
            box, what = item.box, f"the {item.role}"
        elif isinstance(item, QrCode):
            box, what = item.outer, f"the QR code for {item.url}"
        else:
            continue
        near = [f for f in page.folds_mm if box.x - FOLD_CLEARANCE_MM < f < box.right + FOLD_CLEARANCE_MM]
        if near:
            problems.append(Diagnostic(where, f"{what} on the {page.bookmark} of the {document} comes within "
                                              f"{FOLD_CLEARANCE_MM:g} mm of the fold at {near[0]:g} mm",
                                       "shorten the content or adjust 'panels_mm' and 'margins_mm'"))
        elif not any(_contains(p.content, box) for p in side):
            problems.append(Diagnostic(where, f"{what} on the {page.bookmark} of the {document} leaves its "
                                              "panel's margins", "adjust 'panels_mm' and 'margins_mm'"))
    if problems:
        raise Problems(problems)


def _contains(outer: Box, box: Box) -> bool:
    eps = 0.01
    return (box.x >= outer.x - eps and box.y >= outer.y - eps and box.right <= outer.right + eps
            and box.bottom <= outer.bottom + eps)


def estimate_mm(paras: tuple[Para, ...] | list[Para], width_mm: float) -> float:
    """A generous guess at the paragraphs' height, for choosing what goes in; the renderer measures exactly."""
    total = 0.0
    for index, p in enumerate(paras):
        size = p.style.size_pt
        per_line = max(1, int(width_mm * LINE_FILL / (size * PT_MM * AVERAGE_ADVANCE_EM)))
        total += math.ceil(len(p.text) / per_line) * size * p.style.leading * PT_MM
        if index:
            total += max(p.style.space_before_pt, paras[index - 1].style.space_after_pt) * PT_MM
    return total


def first_sentence(text: str) -> str:
    """The text up to the end of its first sentence (all of it if no sentence end is found)."""
    for end in _SENTENCE_END.finditer(text):
        word = re.search(r"[^\W\d_]*$", text[:end.start()]).group()
        if len(word) >= 3 and word.lower() not in _ABBREVIATIONS:
            return text[:end.start() + 1]
    return text


def _label(kit: Kit, panel: Panel, text: str, role: str) -> TextFrame:
    """A panel's tracked-caps label on the top margin; content starts one label row below."""
    c = panel.content
    return TextFrame(Box(c.x, c.y, c.w, 4), (Para(text, kit.style("label")),), role=role)


def _body_top(kit: Kit, panel: Panel) -> float:
    return panel.content.y + kit.measure("label_row")


def _qr_at(kit: Kit, role: str, url: str, where: Span, right: float, top: float) -> QrCode:
    """A QR code whose quiet zone ends at `right`, its symbol's top edge at `top`."""
    code = qr_code(kit, role, url, where, 0.0, 0.0)
    quiet = code.box.x - code.outer.x
    return dataclasses.replace(code, box=Box(right - quiet - code.box.w, top, code.box.w, code.box.h))


def _bare_url(url: str) -> str:
    return url.split("://", 1)[-1].removeprefix("www.").rstrip("/")


def number_square(kit: Kit, box: Box, project: Project, style_name: str) -> tuple[Item, ...]:
    """The project number on an accent square, in dark text (white on the accent fails the contrast rule)."""
    style = kit.style(style_name)
    # Digits stand on the baseline with nothing below: lift them to look centred.
    lift = 0.17 * style.size_pt * PT_MM
    return (Fill(box, kit.ink("accent")),
            TextFrame(Box(box.x, box.y - lift, box.w, box.h), (Para(str(project.number), style),), valign="middle",
                      role=f"number of project {project.number}"))


# The outside: themes and carriers, back panel, cover.

def _outside(kit: Kit, stand: Stand, projects: tuple[Project, ...], side: tuple[Panel, ...]) -> tuple[Item, ...]:
    narrow, back, cover = side
    return (*_themes(kit, stand, projects, narrow), *_back(kit, stand, back), *_cover(kit, stand, projects, cover))


def _themes(kit: Kit, stand: Stand, projects: tuple[Project, ...], panel: Panel) -> tuple[Item, ...]:
    """On a tint panel: each theme with the first sentence of its text (titles only if those would not fit);
    at the foot every carrier of the projects."""
    c, top = panel.content, _body_top(kit, panel)
    carriers = _carriers(kit, projects)
    carriers_top = c.bottom - estimate_mm(carriers, c.w) - 2
    items: list[Item] = [Fill(Box(panel.x, 0, panel.w, kit.height), kit.ink("tint"))]
    foot = TextFrame(Box(c.x, carriers_top, c.w, c.bottom - carriers_top), carriers, valign="bottom", role="carriers")
    if stand.focus:
        titles = [Para(typography.headline(f.title), kit.style("theme"), Source(f.at("title"), "focus title"))
                  for f in stand.focus]
        short = [p for title, f in zip(titles, stand.focus) for p in (
            title, para(first_sentence(f.text[0]), kit.style("body"), Source(f.at("text"), "focus text")))]
        bottom = carriers_top - 10
        chosen = short if estimate_mm(short, c.w) <= bottom - top else titles
        items += [_label(kit, panel, LABELS["themes"], "themes label"),
                  TextFrame(Box(c.x, top, c.w, bottom - top), tuple(chosen), role="themes")]
    return (*items, foot)  # drawn in reading order: the text extracts (and reads aloud) top to bottom


def _carriers(kit: Kit, projects: tuple[Project, ...]) -> tuple[Para, ...]:
    """Every carrier once, in the order of the projects, under a label."""
    first = {}
    for carrier in (carrier for project in projects for carrier in project.carriers):
        first.setdefault(carrier.name, carrier)
    return (Para(LABELS["carriers"], kit.style("label")),
            *(para(name, kit.style("list"), Source(carrier.at("name"), "carriers")) for name, carrier in first.items()))


def _back(kit: Kit, stand: Stand, panel: Panel) -> tuple[Item, ...]:
    """The organiser and any stand contact, the event; at the foot a tint card with the stand's QR code."""
    c, top = panel.content, _body_top(kit, panel)
    org, event, contact = stand.organiser, stand.event, stand.contact
    strong, plain = kit.style("strong"), kit.style("list")
    paras = [para(org.name, strong, Source(org.at("name"), "organiser"))]
    paras += [para(org.unit, plain, Source(org.at("unit"), "organiser unit"))] if org.unit else []
    if contact:
        paras += [para(value, plain, Source(contact.at(key), f"contact.{key}")) for key, value in
                  (("name", contact.name), ("email", contact.email), ("phone", contact.phone)) if value]
    if org.url:
        paras.append(Para(_bare_url(org.url), kit.style("url"), Source(org.at("url"), "organiser url"), link=org.url))
    paras += [para(LABELS["event"], kit.style("heading")), para(event.name, strong, Source(event.at("name"), "event")),
              para(typography.date_range(event.dates.start, event.dates.end), plain, Source(event.dates.span, "dates"))]
    paras += [para(v, plain, Source(event.at(k), k)) for k, v in (("venue", event.venue), ("stand", event.stand)) if v]
    card = _qr_card(kit, stand, panel)
    return (_label(kit, panel, LABELS["contact"], "contact label"),
            TextFrame(Box(c.x, top, c.w, card[0].box.y - 6 - top), tuple(paras), role="contact"), *card)


def _qr_card(kit: Kit, stand: Stand, panel: Panel) -> tuple[Item, ...]:
    """A tint card at the panel's foot: call to action and url, and the stand's QR code in its white quiet zone."""
    c, gap, pad = panel.content, 3.0, 5.0
    probe = qr_code(kit, "stand", stand.url, stand.at("url"), 0.0, 0.0)
    card = Box(c.x, c.bottom - probe.outer.h - 2 * gap, c.w, probe.outer.h + 2 * gap)
    code = _qr_at(kit, "stand", stand.url, stand.at("url"), card.right - gap, card.y + gap + probe.box.y - probe.outer.y)
    text = (para(LABELS["cta"], kit.style("cta")), para(LABELS["web"], kit.style("small")),
            Para(_bare_url(stand.url), kit.style("url"), Source(stand.at("url"), "url"), link=stand.url))
    text_box = Box(c.x + pad, card.y + pad, code.outer.x - 4 - c.x - pad, card.h - 2 * pad)
    return (Fill(card, kit.ink("tint")), TextFrame(text_box, text, valign="middle", role="call to action"),
            code, Link(code.box, stand.url))


def _cover(kit: Kit, stand: Stand, projects: tuple[Project, ...], panel: Panel) -> tuple[Item, ...]:
    """A primary band with the headline over an accent bar; on white the projects' numbers, who, when and where."""
    c, band, event, org = panel.content, kit.measure("band_height"), stand.event, stand.organiser
    kicker = " · ".join(p for p in (event.short_name, org.name) if p)
    headline = Para(typography.headline(stand.headline), kit.style("headline"), Source(stand.at("headline"), "headline"))
    dates = typography.date_range(event.dates.start, event.dates.end) + (f" · {event.stand}" if event.stand else "")
    who = [para(org.name, kit.style("cover"), Source(org.at("name"), "organiser"))]
    who += [para(org.unit, kit.style("cover"), Source(org.at("unit"), "organiser unit"))] if org.unit else []
    who += [para(event.name, kit.style("footer"), Source(event.at("name"), "event")),
            para(dates, kit.style("strong"), Source(event.dates.span, "dates"))]
    who += [para(event.venue, kit.style("list"), Source(event.at("venue"), "venue"))] if event.venue else []
    return (
        Fill(Box(panel.x, 0, panel.w, band), kit.ink("primary")),
        TextFrame(Box(c.x, c.y, c.w, 4), (Para(kicker, kit.style("kicker")),), role="cover kicker"),
        TextFrame(Box(c.x, c.y + 12, c.w, band - 16 - c.y - 12), (headline,), valign="bottom", role="headline"),
        Fill(Box(c.x, band - 9, 16, 1.8), kit.ink("accent")),
        *_teaser(kit, projects, Box(c.x, band + 9, c.w, 16)),
        TextFrame(Box(c.x, band + 30, c.w, c.bottom - band - 30), tuple(who), valign="bottom", role="cover details"),
    )


def _teaser(kit: Kit, projects: tuple[Project, ...], area: Box) -> tuple[Item, ...]:
    """'8 Projekte am Stand' over their numbers on accent squares, as inside; nothing if they would not fit."""
    n, gap = 6.0, 1.6
    if not projects or len(projects) * (n + gap) - gap > area.w:
        return ()
    label = Para(f"{len(projects)} {LABELS['projects']}", kit.style("label"))
    items: list[Item] = [TextFrame(Box(area.x, area.y, area.w, 4), (label,), role="cover teaser")]
    for index, project in enumerate(projects):
        items += number_square(kit, Box(area.x + index * (n + gap), area.y + 7, n, n), project, "teaser")
    return tuple(items)


# The inside: intro, then the projects.

def _inside(kit: Kit, stand: Stand, projects: tuple[Project, ...], side: tuple[Panel, ...]) -> tuple[Item, ...]:
    intro, middle, right = side
    return (*_intro(kit, stand, intro), *_projects(kit, stand, projects, (middle, right)))


def _intro(kit: Kit, stand: Stand, panel: Panel) -> tuple[Item, ...]:
    """The headline, the first intro paragraph as a lead, then further whole paragraphs in order while they fit."""
    c, top = panel.content, _body_top(kit, panel)
    source = Source(stand.at("intro"), "intro")
    paras = [Para(typography.headline(stand.headline), kit.style("title"), Source(stand.at("headline"), "headline")),
             para(stand.intro[0], kit.style("lead"), source)]
    for text in stand.intro[1:]:
        candidate = para(text, kit.style("body"), source)
        if estimate_mm([*paras, candidate], c.w) > c.bottom - top:
            break
        paras.append(candidate)
    return (_label(kit, panel, LABELS["intro"], "intro label"),
            TextFrame(Box(c.x, top, c.w, c.bottom - top), tuple(paras), role="intro"))


def _projects(kit: Kit, stand: Stand, projects: tuple[Project, ...], side: tuple[Panel, Panel]) -> tuple[Item, ...]:
    """The projects in rows over two panels, a QR code each; if the rows are too shallow for that,
    no project codes but the stand's code at the foot of the last panel."""
    if not projects:
        return ()
    per_panel = math.ceil(len(projects) / len(side))
    top = _body_top(kit, side[0])
    deepest = max(qr_code(kit, "project", p.url, p.at("url"), 0.0, 0.0).outer.h for p in projects)
    row = (side[0].content.bottom - top) / per_panel
    with_qr = row >= deepest + 6
    items: list[Item] = [_label(kit, side[0], LABELS["projects"], "projects label")]
    if with_qr:
        items.append(_label(kit, side[1], LABELS["scan"], "scan label"))
    else:
        card = _qr_card(kit, stand, side[1])
        items += card
        row = (card[0].box.y - 4 - top) / per_panel
    for index, project in enumerate(projects):
        panel = side[index // per_panel]
        items += _project_row(kit, project, panel, top + (index % per_panel) * row, row, with_qr)
    return tuple(items)


def _project_row(kit: Kit, project: Project, panel: Panel, y: float, depth: float, with_qr: bool) -> tuple[Item, ...]:
    """A hairline, the number on its square, title, carriers and url, and the QR code on the right."""
    c, n, top = panel.content, kit.measure("number_box"), y + 4
    items: list[Item] = [Rule(c.x, y, c.right, y, 0.4, kit.ink("muted")),
                         *number_square(kit, Box(c.x, top, n, n), project, "number")]
    text_right = c.right
    if with_qr:
        code = _qr_at(kit, "project", project.url, project.at("url"), c.right, top)
        items += [code, Link(code.box, project.url)]
        text_right = code.outer.x - 3
    x = c.x + n + 3.5
    # The title's cap height, not its frame, lines up with the square's top edge.
    items.append(TextFrame(Box(x, top - 0.6, text_right - x, depth - 6.5), _project_text(kit, project),
                           role=f"project {project.number}"))
    return tuple(items)


def _project_text(kit: Kit, project: Project) -> tuple[Para, ...]:
    paras = [Para(typography.headline(project.title), kit.style("project"), Source(project.at("title"), "title"))]
    paras += [para(f"{carrier.name} · {carrier.unit}" if carrier.unit else carrier.name, kit.style("small"),
                   Source(carrier.at("name"), "carriers")) for carrier in project.carriers]
    field = "short_url" if project.short_url else "url"
    paras.append(Para(display_url(project), kit.style("url"), Source(project.at(field), "url"), link=project.url))
    return tuple(paras)


def _meta(stand: Stand) -> Meta:
    event = stand.event
    keywords = (stand.headline, event.short_name or event.name, stand.organiser.name, "Flyer")
    return Meta(title=stand.headline, author=organiser_line(stand),
                subject=f"Flyer – {event.name}, {typography.date_range(event.dates.start, event.dates.end)}",
                keywords=tuple(dict.fromkeys(keywords)))
