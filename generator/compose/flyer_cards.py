"""Compose the flyer's project cards on the inside: rows of cards, each with its number, title, carriers, link
and QR code; up to FEW_PROJECTS large cards that also tell each project's story; and the stand's QR card."""

from __future__ import annotations

import math

from generator import typography
from generator.compose.furniture import call_to_action, project_link, stand_link
from generator.compose.kit import PT_MM, Kit, flow, german_para, largest, name
from generator.compose.labels import label
from generator.compose.panels import Panel, panel_label
from generator.compose.qrfit import QrFit, qr_required
from generator.measure import NATURAL
from generator.messages import register
from generator.model import Project, Stand
from generator.plan import Box, Fill, Item, Link, Para, QrCode, Rule, Source, TextFrame

FEW_PROJECTS = 3  # up to this many, the inside sets the projects as large cards that tell their stories
URL_LIMIT = 60  # longer links without a short_url are printed as their host only: the code carries them
CAP_LIFT = 0.6  # a title's frame sits this much higher than its cap height (Source Sans at 10.5 pt)


def stand_card(kit: Kit, stand: Stand, panel: Panel) -> tuple[Fill, TextFrame, QrCode, Link]:
    """A tint card at the panel's foot: call to action and url, and the stand's QR code in its white quiet zone."""
    c, gap, pad = panel.content, kit.measure("qr_gap"), kit.measure("card_pad")
    probe = qr_required(kit, "stand", stand.url, stand.at("url"))
    card = Box(c.x, c.bottom - probe.outer - 2 * gap, c.w, probe.outer + 2 * gap)
    code = probe.ending_at(card.right - gap, card.y + gap + probe.quiet_mm)
    text = call_to_action(kit, stand_link(kit, stand), "web")
    text_box = Box(c.x + pad, card.y + pad, code.outer.x - pad - c.x - pad, card.h - 2 * pad)
    return (Fill(card, kit.ink("tint")), TextFrame(text_box, text, valign="middle", role="call to action"),
            code, Link(code.box, stand.url))


def number_square(kit: Kit, box: Box, project: Project, style_name: str) -> tuple[Item, ...]:
    """The project number on a square of the project's own colour."""
    style = kit.style(style_name)
    # Digits stand on the baseline with nothing below: lift them to look centred.
    lift = 0.17 * style.size_pt * PT_MM
    return (Fill(box, kit.project_ink(project)),
            TextFrame(Box(box.x, box.y - lift, box.w, box.h), (Para(str(project.number), style),), valign="middle",
                      role=f"number of project {project.number}"))


def per_panel_count(count: int) -> int:
    """How many of `count` projects the middle panel takes when the cards run over both inside panels."""
    return math.ceil(count / 2)


def card_rows(kit: Kit, projects: tuple[Project, ...], codes: dict[int, QrFit | None], side: tuple[Panel, Panel],
              top: float, t: float, condensed: bool) -> tuple[Item, ...] | None:
    """Cards in rows over the panels at text position t, or None when they do not fit."""
    n = kit.measure("number_box")
    height = side[0].content.bottom - top
    depths = []
    for project in projects:
        code = codes[project.number]
        text = kit.measurer.height_mm(_project_text(kit, project, condensed), _text_width(kit, side[0], code), t)
        depths.append(max(code.outer if code else n, text - CAP_LIFT) + kit.measure("row_pad"))
    per_panel = per_panel_count(len(projects))
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
        qr = code.ending_at(c.right, top)
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


# The inside with few projects: large cards that tell each project's story.

register({
    "flyer.some_details": ("das Dokument {document} zeigt {count} von {total} Absätzen über Projekt {number}: die "
                           "übrigen passen nicht", "the {document} shows {count} of the {total} paragraphs about "
                           "project {number}: the others do not fit"),
    "flyer.some_details.hint": ("das Projektblatt enthält alle", "the project sheet has all of them"),
})


def few_cards(kit: Kit, stand: Stand, projects: tuple[Project, ...], codes: dict[int, QrFit | None],
               side: tuple[Panel, Panel], top: float) -> tuple[Item, ...]:
    """Up to FEW_PROJECTS projects as large cards over the two panels: head (number, title, carriers, link,
    code) and beneath it the project's subtitle, summary, topics and formats, whole paragraphs while they fit
    (measured). One project continues on the right panel; the right panel's foot carries the stand's code and,
    above it, the stand's themes when there is room. Empty when the heads do not fit."""
    if len(projects) > FEW_PROJECTS:
        return ()
    per_panel = per_panel_count(len(projects))
    columns = (projects[:per_panel], projects[per_panel:])
    qr_card = stand_card(kit, stand, side[1])
    foot = qr_card[0].box.y - kit.measure("cover_gap")
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
    return (panel_label(kit, side[0], first, "projects label"), panel_label(kit, side[1], right, "scan label"), *items,
            *_themes_beside(kit, stand, room), *qr_card)


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
    paras += [german_para(text, kit.style("body"), Source(project.at("summary"), "summary"))
              for text in project.summary]
    for key, values in (("topics", project.topics), ("formats", project.formats)):
        if values:
            paras += [german_para(label(key), kit.style("heading")),
                      name(" · ".join(values), kit.style("list"), Source(project.at(key), key))]
    return paras


def _themes_beside(kit: Kit, stand: Stand, box: Box) -> tuple[Item, ...]:
    """The stand's themes with their whole texts in the room left over the stand's code, as many whole themes
    as fit (the outside names them all); nothing when not even one fits. A hairline and the themes' label set
    them apart from the card above, so they never read as that project's text."""
    if not stand.focus or box.h < 20:
        return ()
    rule_gap = kit.measure("row_top")
    inner = Box(box.x, box.y + rule_gap, box.w, box.h - rule_gap)
    head = Para(label("focus"), kit.style("label"))
    themes = [tuple([german_para(f.title, kit.style("heading"), Source(f.at("title"), "focus title")),
                     *(german_para(t, kit.style("body"), Source(f.at("text"), "focus text")) for t in f.text)])
              for f in stand.focus]
    count = largest(len(themes), lambda k: kit.fit(TextFrame(inner, (head, *(p for theme in themes[:k] for p in theme)),
                                                             role="themes"), NATURAL, NATURAL).fits)
    if not count:
        return ()
    return (Rule(box.x, box.y, box.right, box.y, 0.4, kit.ink("muted")),
            kit.fitted(TextFrame(inner, (head, *(p for theme in themes[:count] for p in theme)), role="themes")))
