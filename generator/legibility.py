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

if TYPE_CHECKING:
    from generator.fields import Report

# WCAG 2.x success criterion 1.4.3 (AA): 4.5:1, or 3:1 for large text (18 pt, or 14 pt bold).
NORMAL_RATIO, LARGE_RATIO = 4.5, 3.0
LARGE_PT, LARGE_BOLD_PT = 18.0, 14.0
BOLD_FONTS = frozenset({"bold"})  # WCAG's "bold" is weight 700; semibold (600) does not count


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
    size = "from 18 pt (14 pt bold)" if needed == LARGE_RATIO else "below 18 pt (14 pt bold)"
    report.error(style.at("colour"), f"style '{name}': '{style.colour}' {_hex(ink.rgb)} on '{style.on}' "
                                     f"{_hex(ground.rgb)} has a contrast of {ratio:.2f}:1, text {size} needs "
                                     f"{needed:g}:1 (WCAG AA)",
                 "change the colour, or set 'on' to the colour the text stands on")
    return False


def _size_ok(layout: LayoutView, floor: TypeFloor, name: str, style: StyleView, report: Report) -> bool:
    reading = name in floor.body_styles
    least = floor.body_pt if reading else floor.any_pt
    size = style.smallest_pt
    if size >= least - 1e-9:
        return True
    what = "reading text" if reading else "any text"
    key = "min_size_pt" if style.min_size_pt is not None else "size_pt"
    scaled = f" on this {layout.page.size or 'page'}" if layout.design_size else ""
    report.error(style.at(key), f"style '{name}' can be set at {size:.3g} pt{scaled}, below the {least:g} pt a "
                                f"{layout.kind} allows for {what}", f"raise '{key}'")
    return False


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{v:02x}" for v in rgb)
