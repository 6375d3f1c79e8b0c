"""Layouts stage, accessibility rules: every text style against the colour it stands on (WCAG 2 contrast)
and the smallest type its document kind allows, checked on the scaled layout when layouts are loaded.

Below the layouts module (it reads a layout through the small protocols here, never imports it), so
layouts, preflight and tests can all use the rules without a cycle. Problems go to the loader's Report
with the style's position.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from generator.diag import Span
from generator.kinds import TypeFloor
from generator.messages import msg, register

if TYPE_CHECKING:
    from generator.fields import Report

# WCAG 2.x success criterion 1.4.3 (AA): 4.5:1, or 3:1 for large text (18 pt, or 14 pt bold).
NORMAL_RATIO, LARGE_RATIO = 4.5, 3.0
LARGE_PT, LARGE_BOLD_PT = 18.0, 14.0
BOLD_FONTS = frozenset({"bold"})  # WCAG's "bold" is weight 700; semibold (600) does not count

register({
    "legibility.contrast.large": ("Stil '{name}': '{colour}' {ink} auf '{on}' {ground} hat einen Kontrast von "
                                  "{ratio}:1, Text ab 18 pt (14 pt fett) braucht {needed}:1 (WCAG AA)",
                                  "style '{name}': '{colour}' {ink} on '{on}' {ground} has a contrast of {ratio}:1, "
                                  "text from 18 pt (14 pt bold) needs {needed}:1 (WCAG AA)"),
    "legibility.contrast.normal": ("Stil '{name}': '{colour}' {ink} auf '{on}' {ground} hat einen Kontrast von "
                                   "{ratio}:1, Text unter 18 pt (14 pt fett) braucht {needed}:1 (WCAG AA)",
                                   "style '{name}': '{colour}' {ink} on '{on}' {ground} has a contrast of {ratio}:1, "
                                   "text below 18 pt (14 pt bold) needs {needed}:1 (WCAG AA)"),
    "legibility.contrast.hint": ("ändere die Farbe oder setze 'on' auf die Farbe, auf der der Text steht",
                                 "change the colour, or set 'on' to the colour the text stands on"),
    "legibility.reading": ("Lesetext", "reading text"),
    "legibility.any": ("jeden Text", "any text"),
    "legibility.scaled.size": (" auf {page}", " on this {page}"),
    "legibility.scaled.page": (" auf dieser Seite", " on this page"),
    "legibility.size": ("der Stil '{name}' kann in {size} pt gesetzt werden{scaled}; ein Dokument der Art {kind} "
                        "verlangt für {what} mindestens {least} pt",
                        "style '{name}' can be set at {size} pt{scaled}, below the {least} pt a {kind} allows for "
                        "{what}"),
    "legibility.size.hint": ("erhöhe '{field}'", "raise '{field}'"),
})


class StyleView(Protocol):
    """What the rules read of a layout's text style."""

    @property
    def font(self) -> str: ...
    @property
    def colour(self) -> str: ...
    @property
    def on(self) -> str: ...
    @property
    def min_size_pt(self) -> float | None: ...
    @property
    def smallest_pt(self) -> float: ...
    def at(self, key: str) -> Span: ...


class ColourView(Protocol):
    @property
    def rgb(self) -> tuple[int, int, int]: ...


class PageView(Protocol):
    @property
    def size(self) -> str | None: ...


class LayoutView(Protocol):
    """What the rules read of a Layout."""

    @property
    def kind(self) -> str: ...
    @property
    def design_size(self) -> str | None: ...
    @property
    def page(self) -> PageView: ...
    @property
    def colours(self) -> tuple[tuple[str, ColourView], ...]: ...
    @property
    def styles(self) -> tuple[tuple[str, StyleView], ...]: ...
    @property
    def project_colours(self) -> tuple[ColourView, ...]: ...
    def colour(self, name: str) -> ColourView: ...


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance of an sRGB colour given as 0..255 components."""
    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio, 1..21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def needed_ratio(style: StyleView) -> float:
    size = style.smallest_pt
    large = size >= LARGE_PT or (style.font in BOLD_FONTS and size >= LARGE_BOLD_PT)
    return LARGE_RATIO if large else NORMAL_RATIO


def legibility_ok(layout: LayoutView, floor: TypeFloor, report: Report) -> bool:
    """Report every style whose contrast or size is too low for its kind's `floor`; True when there is none."""
    colours = {name for name, _ in layout.colours}
    results = [_contrast_ok(layout, name, style, report) for name, style in layout.styles
               if {style.colour, style.on} <= colours | {"project"}]  # an unknown colour is the loader's error
    results += [_size_ok(layout, floor, name, style, report) for name, style in layout.styles]
    return all(results)


def _shades(layout: LayoutView, name: str) -> list[ColourView]:
    """The colours a style's colour name stands for: one, or every project colour for 'project'."""
    if name == "project":
        return list(layout.project_colours) or [layout.colour("primary")]
    return [layout.colour(name)]


def _contrast_ok(layout: LayoutView, name: str, style: StyleView, report: Report) -> bool:
    pairs = [(ink, ground) for ink in _shades(layout, style.colour) for ground in _shades(layout, style.on)]
    ink, ground = min(pairs, key=lambda pair: contrast(pair[0].rgb, pair[1].rgb))
    ratio, needed = contrast(ink.rgb, ground.rgb), needed_ratio(style)
    if ratio >= needed - 1e-9:
        return True
    text = msg("legibility.contrast.large" if needed == LARGE_RATIO else "legibility.contrast.normal", name=name,
               colour=style.colour, ink=_hex(ink.rgb), on=style.on, ground=_hex(ground.rgb), ratio=f"{ratio:.2f}",
               needed=f"{needed:g}")
    report.error(style.at("colour"), text, msg("legibility.contrast.hint"))
    return False


def _size_ok(layout: LayoutView, floor: TypeFloor, name: str, style: StyleView, report: Report) -> bool:
    reading = name in floor.body_styles
    least = floor.body_pt if reading else floor.any_pt
    size = style.smallest_pt
    if size >= least - 1e-9:
        return True
    what = msg("legibility.reading" if reading else "legibility.any")
    key = "min_size_pt" if style.min_size_pt is not None else "size_pt"
    scaled = ""
    if layout.design_size:
        scaled = (msg("legibility.scaled.size", page=layout.page.size) if layout.page.size
                  else msg("legibility.scaled.page"))
    report.error(style.at(key), msg("legibility.size", name=name, size=f"{size:.3g}", scaled=scaled,
                                    least=f"{least:g}", kind=layout.kind, what=what),
                 msg("legibility.size.hint", field=key))
    return False


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{v:02x}" for v in rgb)
