"""Layouts stage, accessibility and press rules: every text style against the colour it stands on (WCAG 2
contrast), the smallest type its document kind allows, and the inks small type may be printed in (misregistration),
checked on the scaled layout when layouts are loaded.

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
# On press, type below 12 pt built of two or more inks blurs as the plates drift; reversed out of such a colour,
# its counters fill in: below 12 pt it must be at least 10 pt and semibold.
PRESS_SMALL_PT, PRESS_REVERSED_PT = 12.0, 10.0
PRESS_REVERSED_FONTS = frozenset({"semibold", "bold"})

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
    "legibility.press.inks": ("Stil '{name}': die Farbe '{colour}' wird im Druck aus {count} Farben gemischt, "
                              "der Stil kann aber in {size} pt gesetzt werden; Text unter 12 pt braucht 100 % "
                              "Schwarz oder eine einzige Druckfarbe, sonst wird er bei Passerungenauigkeit unscharf",
                              "style '{name}': colour '{colour}' is printed with {count} inks, but the style can be "
                              "set at {size} pt; text below 12 pt needs 100 % K or a single process ink, or it "
                              "blurs when the plates are slightly out of register"),
    "legibility.press.inks.hint": ("nimm eine Farbe mit einem einzigen CMYK-Anteil (z. B. cmyk: [0, 0, 0, 100]) "
                                   "oder setze 'min_size_pt' auf mindestens 12",
                                   "use a colour with a single CMYK component (e.g. cmyk: [0, 0, 0, 100]), or "
                                   "raise 'min_size_pt' to 12 or more"),
    "legibility.press.reversed": ("Stil '{name}': '{colour}' steht hell auf dem mehrfarbigen '{on}' in {size} pt "
                                  "{font}; negativer Text unter 12 pt braucht mindestens 10 pt halbfett, sonst "
                                  "laufen die Punzen im Druck zu",
                                  "style '{name}': '{colour}' is reversed out of the multi-ink '{on}' at {size} pt "
                                  "{font}; reversed text below 12 pt needs at least 10 pt semibold, or it fills in "
                                  "on press"),
    "legibility.press.reversed.hint": ("setze 'font: semibold' (oder bold) und 'size_pt'/'min_size_pt' auf "
                                       "mindestens 10, oder den Text auf 12 pt und mehr",
                                       "set 'font: semibold' (or bold) and 'size_pt'/'min_size_pt' to 10 or more, "
                                       "or the text to 12 pt or more"),
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


class InksView(Protocol):
    @property
    def c(self) -> float: ...
    @property
    def m(self) -> float: ...
    @property
    def y(self) -> float: ...
    @property
    def k(self) -> float: ...


class ColourView(Protocol):
    @property
    def rgb(self) -> tuple[int, int, int]: ...
    @property
    def cmyk(self) -> InksView: ...


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
    results += [_press_ok(layout, name, style, report) for name, style in layout.styles
                if {style.colour, style.on} <= colours | {"project"}]
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


def inks(colour: ColourView) -> int:
    """How many process inks a colour is printed with (0 for paper)."""
    cmyk = colour.cmyk
    return sum(1 for value in (cmyk.c, cmyk.m, cmyk.y, cmyk.k) if value > 0)


def _press_ok(layout: LayoutView, name: str, style: StyleView, report: Report) -> bool:
    """Below 12 pt: one process ink at most, and reversed out of a multi-ink colour only at 10 pt semibold or more."""
    size = style.smallest_pt
    if size >= PRESS_SMALL_PT - 1e-9:
        return True
    ok = True
    many = [colour for colour in _shades(layout, style.colour) if inks(colour) > 1]
    if many:
        report.error(style.at("colour"), msg("legibility.press.inks", name=name, colour=style.colour,
                                             size=f"{size:.3g}", count=inks(many[0])),
                     msg("legibility.press.inks.hint"))
        ok = False
    reversed_out = [(ink, ground) for ink in _shades(layout, style.colour) for ground in _shades(layout, style.on)
                    if inks(ground) > 1 and luminance(ink.rgb) > luminance(ground.rgb)]
    thin = style.font not in PRESS_REVERSED_FONTS or size < PRESS_REVERSED_PT - 1e-9
    if reversed_out and thin:
        key = "min_size_pt" if style.min_size_pt is not None else "size_pt"
        report.error(style.at(key if style.font in PRESS_REVERSED_FONTS else "font"),
                     msg("legibility.press.reversed", name=name, colour=style.colour, on=style.on,
                         size=f"{size:.3g}", font=style.font),
                     msg("legibility.press.reversed.hint"))
        ok = False
    return ok


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{v:02x}" for v in rgb)
