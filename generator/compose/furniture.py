"""Compose helpers for what every document prints around its content: the kicker, the footer, the call to
action beside a QR code, the printed links (project, stand, organiser), the lines naming organiser and event,
and a project's document metadata."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from generator import typography
from generator.compose.kit import Kit, german_para, name
from generator.compose.labels import label
from generator.measure import NATURAL
from generator.model import Contact, Project, Stand
from generator.plan import Box, Item, Meta, Para, Rule, Source, Style, TextFrame
from generator.qr import bare_url


def event_short(stand: Stand) -> str:
    """The event as kickers name it: its short name, or its name."""
    return stand.event.short_name or stand.event.name


def kicker_text(stand: Stand, *more: str) -> str:
    """The kicker every document sets over its title: organiser · event (· more)."""
    return " · ".join((stand.organiser.name, event_short(stand), *more))


def footer_lines(stand: Stand) -> tuple[str, str]:
    """The footer every document sets: organiser and unit; event, dates, venue and stand."""
    return organiser_line(stand), event_line(stand)


def kicker(kit: Kit, text: str, x: float, y: float, width: float) -> TextFrame:
    """The kicker line(s) with their top at y: as high as the text needs at full size."""
    para = german_para(text, kit.style("kicker"))
    height = max(kit.line_mm("kicker"), kit.measurer.height_mm((para,), width, NATURAL))
    return TextFrame(Box(x, y, width, height), (para,), role="kicker")


def footer_paras(kit: Kit, stand: Stand) -> tuple[Para, Para]:
    """The footer's two lines: the organiser as the sender, in the layout's `sender` style when it has one (the
    poster names the office prominently), and the event in the `footer` style."""
    organiser, event = footer_lines(stand)
    sender = "sender" if "sender" in dict(kit.layout.styles) else "footer"
    return german_para(organiser, kit.style(sender)), german_para(event, kit.style("footer"))


def footer_height(kit: Kit, stand: Stand, width: float) -> float:
    """The footer zone: the layout's `footer_height`, taller when long organiser or event names need more lines
    in `width`; the text starts `footer_gap` below the zone's top."""
    lines = footer_paras(kit, stand)
    return max(kit.measure("footer_height"), kit.measurer.height_mm(lines, width, NATURAL) + kit.measure("footer_gap"))


def folio_width(kit: Kit) -> float:
    """The page number's column at the footer's right: one grid column; the footer text keeps a gutter from it."""
    return kit.column_width()


def footer(kit: Kit, stand: Stand, zone: Box, folio: str | None = None, valign: str = "top") -> tuple[Item, ...]:
    """Organiser and event under a hairline halfway down the zone's `footer_gap`; the page number on the right
    when there is one. The hairline is 0.5 pt, heavier under large type (1/24 of its size)."""
    style = kit.style("footer")
    gap = kit.measure("footer_gap")
    rule_y, text_y = zone.y + gap / 2, zone.y + gap
    folio_w = folio_width(kit)
    width = zone.w - (folio_w + kit.layout.grid.gutter_mm if folio else 0.0)
    lines = footer_paras(kit, stand)
    rule = Rule(zone.x, rule_y, zone.right, rule_y, max(0.5, style.size_pt / 24), kit.ink("muted"))
    items: list[Item] = [rule, TextFrame(Box(zone.x, text_y, width, zone.bottom - text_y), lines, valign=valign,
                                         role="footer")]
    if folio:
        items.append(TextFrame(Box(zone.right - folio_w, text_y, folio_w, zone.bottom - text_y),
                               (Para(folio, kit.style("footer", align="right")),), role="page number"))
    return tuple(items)


def call_to_action(kit: Kit, link: Para, invitation: str | None = "scan") -> tuple[Para, ...]:
    """'Mehr erfahren', an invitation to scan (none where the code speaks for itself), and the printed link:
    beside every QR code of every document. It opens its frame, so no space before it."""
    cta = german_para(label("cta"), dataclasses.replace(kit.style("cta"), space_before_pt=0.0))
    return (cta, *([german_para(label(invitation), kit.style("small"))] if invitation else []), link)


def project_link(kit: Kit, project: Project, limit: int | None, style: str = "url") -> Para:
    """The project's printed link (see display_url), pointing at its url, sourced from the field it shows."""
    return Para(display_url(project, limit), kit.style(style),
                Source(project.at("short_url" if project.short_url else "url"), "url"), link=project.url)


def stand_link(kit: Kit, stand: Stand, style: str = "url", prefix: str = "") -> Para:
    """The stand's printed link without its scheme, optionally after a label ('Online:')."""
    return Para(f"{prefix} {bare_url(stand.url)}".lstrip(), kit.style(style), Source(stand.at("url"), "url"),
                link=stand.url)


def organiser_link(kit: Kit, stand: Stand) -> tuple[Para, ...]:
    """The organiser's printed link without its scheme, when the stand names the organiser's url."""
    org = stand.organiser
    if not org.url:
        return ()
    return (Para(bare_url(org.url), kit.style("url"), Source(org.at("url"), "organiser url"), link=org.url),)


def contact_lines(kit: Kit, contact: Contact | None, style: Style,
                  set_as: Callable[[str, Style, Source], Para] = name) -> list[Para]:
    """A 'Kontakt' heading over the contact person's name, email and phone (those given), each `set_as` a name
    (never hyphenated) unless told otherwise; nothing without a contact."""
    if not contact:
        return []
    given = [(key, value) for key, value in (("name", contact.name), ("email", contact.email),
                                             ("phone", contact.phone)) if value]
    return [german_para(label("contact"), kit.style("heading")),
            *(set_as(value, style, Source(contact.at(key), f"contact.{key}")) for key, value in given)]


def organiser_line(stand: Stand) -> str:
    org = stand.organiser
    return f"{org.name} · {org.unit}" if org.unit else org.name


def event_line(stand: Stand) -> str:
    event = stand.event
    parts = [event.name, typography.date_range(event.dates.start, event.dates.end)]
    parts += [p for p in (event.venue, event.stand) if p]
    return " · ".join(parts)


def project_meta(stand: Stand, project: Project) -> Meta:
    keywords = (*project.topics, event_short(stand), stand.organiser.name)
    return Meta(title=f"{project.number} {project.title}", author=organiser_line(stand),
                subject=f"{stand.headline} – {stand.event.name}", keywords=tuple(dict.fromkeys(keywords)))


def display_url(project: Project, limit: int | None = None) -> str:
    """What is printed under a QR code: the short url, or the url without its scheme; beyond `limit`
    characters only its host, since nobody types a long tracking link from a poster (the code carries it)."""
    if project.short_url:
        return project.short_url
    bare = bare_url(project.url)
    if limit is not None and len(bare) > limit:
        return bare.split("/", 1)[0] + "/…"
    return bare
