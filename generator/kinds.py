"""The document kinds and what each composer needs from a layout (styles, colours, QR roles)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KindNeeds:
    styles: tuple[str, ...]
    colours: tuple[str, ...]
    qr_roles: tuple[str, ...]
    measures: tuple[str, ...] = ()
    panels: bool = False
    per_project: bool = False


_BASE_COLOURS = ("text", "primary", "accent", "tint", "paper", "muted")
_SHEET_MEASURES = ("band_height", "footer_height")
_SHEET_STYLES = ("kicker", "number", "title", "subtitle", "heading", "lead", "body", "list", "strong", "small", "cta",
                 "url", "footer")

KINDS: dict[str, KindNeeds] = {
    "project-sheet": KindNeeds(
        styles=_SHEET_STYLES,
        colours=_BASE_COLOURS, qr_roles=("project",), measures=_SHEET_MEASURES, per_project=True),
    "booklet": KindNeeds(
        styles=(*_SHEET_STYLES, "cover_title", "cover_text", "toc_entry"),
        colours=_BASE_COLOURS, qr_roles=("project", "stand"), measures=_SHEET_MEASURES),
    "poster": KindNeeds(
        styles=("kicker", "headline", "lead", "heading", "list", "tile_number", "tile_title", "tile_text", "url", "cta",
                "cta_url", "footer"),
        colours=_BASE_COLOURS, qr_roles=("project", "stand"),
        measures=("band_height", "tile_height", "tile_padding", "footer_height")),
    "flyer": KindNeeds(
        styles=("kicker", "label", "headline", "title", "lead", "heading", "body", "list", "strong", "number",
                "theme", "teaser", "project", "small", "cta", "url", "cover", "footer"),
        colours=_BASE_COLOURS, qr_roles=("project", "stand"), measures=("band_height", "label_row", "number_box"),
        panels=True),
}
