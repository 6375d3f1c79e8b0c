"""Layouts stage: layouts/*.yaml → Layout (page, bleed, grid, colours, styles, QR sizes), validated.

A layout is pure data. Every document kind's record states which styles, colours and QR roles
it needs (`generator/kinds.py`), and a layout lacking one is an error here, not at render time.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.diag import Diagnostic, Problems, did_you_mean
from generator.fields import (INVALID, Boolean, Choice, Field, Integer, Decoder, ListOf, Located, MapOf, Number,
                              Obj, Report, Text, decode_file, found, located)
from generator.kinds import document_kind, document_kinds
from generator.legibility import legibility_ok
from generator.messages import msg, register
from generator.profiles import OUTPUT_CONDITIONS
from generator.qr import QUIET_ZONE_MODULES
from generator.source import Node, Scalar

if TYPE_CHECKING:
    from generator.parsed import ParsedFiles

PAGE_SIZES_MM: dict[str, tuple[float, float]] = {
    "A0": (841, 1189), "A1": (594, 841), "A2": (420, 594), "A3": (297, 420),
    "A4": (210, 297), "A5": (148, 210), "A6": (105, 148), "DL": (99, 210),
}
FONT_ROLES = ("regular", "italic", "semibold", "bold")
PROJECT = "project"  # a style's colour (or ground) that is each project's own colour

register({
    "layouts.rgb": ("'{label}' muss eine Farbe wie '#1d4f7c' sein, gefunden: {found}",
                    "'{label}' must be a colour like '#1d4f7c', found {found}"),
    "layouts.page.size_missing": ("'page' braucht 'size' (A0–A6, DL) oder 'width_mm' und 'height_mm'",
                                  "'page' needs 'size' (A0–A6, DL) or both 'width_mm' and 'height_mm'"),
    "layouts.page.size_twice": ("'page' nimmt 'size' oder 'width_mm'/'height_mm', nicht beides",
                                "'page' takes 'size' or 'width_mm'/'height_mm', not both"),
    "layouts.min_size": ("'min_size_pt' ({minimum}) ist größer als 'size_pt' ({size})",
                         "'min_size_pt' ({minimum}) is larger than 'size_pt' ({size})"),
    "layouts.max_size": ("'max_size_pt' ({maximum}) ist kleiner als 'size_pt' ({size})",
                         "'max_size_pt' ({maximum}) is smaller than 'size_pt' ({size})"),
    "layouts.main_columns": ("'main_columns' ({main}) ist mehr als 'columns' ({columns})",
                             "'main_columns' ({main}) is more than 'columns' ({columns})"),
    "layouts.folder_missing": ("der Ordner für die Layouts fehlt", "layouts folder is missing"),
    "layouts.no_files": ("im Ordner für die Layouts liegen keine Layout-Dateien (*.yaml)",
                         "no layout files (*.yaml) in the layouts folder"),
    "layouts.unknown": ("es gibt kein Layout mit dem Namen '{name}'", "no layout named '{name}'"),
    "layouts.unknown.hint": ("möglich sind: {names}", "one of {names}"),
    "layouts.style_colour": ("der Stil '{name}' verwendet die Farbe '{value}', die unter 'colours' nicht steht",
                             "style '{name}' uses the colour '{value}', which 'colours' does not define"),
    "layouts.style_on": ("der Stil '{name}' steht auf der Farbe '{value}', die unter 'colours' nicht steht",
                         "style '{name}' stands on the colour '{value}', which 'colours' does not define"),
    "layouts.needs": ("ein Layout der Art {kind} braucht '{missing}' unter '{section}'",
                      "a {kind} layout needs '{missing}' in '{section}'"),
    "layouts.needs_panels": ("ein Layout der Art {kind} braucht 'panels_mm' (die Breiten der Felder)",
                             "a {kind} layout needs 'panels_mm' (panel widths)"),
    "layouts.panels_sum": ("die Felder sind zusammen {total} mm breit, die Seite aber {width} mm",
                           "the panels add up to {total} mm, but the page is {width} mm wide"),
    "layouts.panels_sum.hint": ("gib die Felder der Außenseite von links nach rechts an",
                                "list the outside's panels from left to right"),
})


@dataclass(frozen=True, slots=True)
class Cmyk:
    c: float
    m: float
    y: float
    k: float


@located
class Colour(Located):
    cmyk: Cmyk
    rgb: tuple[int, int, int]


@located
class Page(Located):
    size: str | None
    width_mm: float | None
    height_mm: float | None
    orientation: str

    @property
    def trim_mm(self) -> tuple[float, float]:
        if self.size:
            width, height = PAGE_SIZES_MM[self.size]
        else:  # _page_ok refuses a page with neither a size nor both measures
            assert self.width_mm is not None and self.height_mm is not None
            width, height = self.width_mm, self.height_mm
        short, long = sorted((width, height))
        return (long, short) if self.orientation == "landscape" else (short, long)


@located
class Margins(Located):
    top: float
    right: float
    bottom: float
    left: float


@located
class Grid(Located):
    columns: int
    gutter_mm: float
    main_columns: int


@located
class TextStyle(Located):
    font: str
    size_pt: float
    min_size_pt: float | None
    max_size_pt: float | None
    leading: float
    colour: str
    align: str
    tracking: float
    caps: bool
    hyphenate: bool
    space_before_pt: float
    space_after_pt: float
    on: str

    @property
    def smallest_pt(self) -> float:
        return self.min_size_pt if self.min_size_pt is not None else self.size_pt


@located
class QrSpec(Located):
    distance_m: float
    min_mm: float
    error_correction: str
    quiet_modules: int
    min_module_mm: float | None
    max_mm: float | None

    @property
    def size_mm(self) -> float:
        """A code is read from at most ten times its width (the usual rule of thumb)."""
        return max(self.min_mm, self.distance_m * 100)

    @property
    def largest_mm(self) -> float:
        """The largest the role's code may grow for a long url: `max_mm`, or 1.6 × its size."""
        return max(self.max_mm if self.max_mm is not None else 1.6 * self.size_mm, self.size_mm)

    @property
    def module_limit_mm(self) -> float:
        """Smallest module that scans at the distance: 0.4 mm at 0.3 m, as phone cameras resolve."""
        return self.min_module_mm if self.min_module_mm is not None else self.distance_m * 1000 / 750


@located
class LayoutFonts(Located):
    """The font files a layout names, by role; jobs resolves them to paths (plan.Fonts)."""

    regular: str
    italic: str
    semibold: str
    bold: str
    fallback: str | None


@dataclass(frozen=True, slots=True)
class Layout(Located):
    name: str
    file: str
    kind: str
    description: str | None
    page: Page
    design_size: str | None
    bleed_mm: float
    safe_mm: float
    crop_marks: bool
    margins_mm: Margins
    grid: Grid
    panels_mm: tuple[float, ...]
    colours: tuple[tuple[str, Colour], ...]
    project_colours: tuple[Colour, ...]
    fonts: LayoutFonts
    styles: tuple[tuple[str, TextStyle], ...]
    qr: tuple[tuple[str, QrSpec], ...]
    measures_mm: tuple[tuple[str, float], ...]
    page_multiple: int
    hyphenation: str
    output_condition: str
    fill_with: tuple[str, ...]

    def colour(self, name: str) -> Colour:
        return dict(self.colours)[name]

    def project_colour(self, number: int) -> Colour:
        """The colour of project `number`; the primary colour when the layout names none."""
        if not self.project_colours:
            return self.colour("primary")
        return self.project_colours[(number - 1) % len(self.project_colours)]

    def style(self, name: str) -> TextStyle:
        return dict(self.styles)[name]

    def qr_spec(self, role: str) -> QrSpec:
        return dict(self.qr)[role]

    def measure(self, name: str) -> float:
        return dict(self.measures_mm)[name]

    @property
    def trim_mm(self) -> tuple[float, float]:
        return self.page.trim_mm


@dataclass(frozen=True, slots=True)
class KindName(Decoder):
    """A document kind some composer module declares; the registry is read when decoding, not at import."""

    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        return Choice(tuple(document_kinds())).decode(node, label, report)

    def schema(self) -> dict[str, Any]:
        return {"enum": list(document_kinds())}


@dataclass(frozen=True, slots=True)
class CmykDecoder(Decoder):
    description: str = "CMYK in percent: [C, M, Y, K]"

    def decode(self, node: Node, label: str, report: Report) -> Any:
        values = ListOf(Number(0, 100), min_items=4, max_items=4).decode(node, label, report)
        return INVALID if values is INVALID else Cmyk(*values)

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": {"type": "number", "minimum": 0, "maximum": 100},
                "minItems": 4, "maxItems": 4, "description": self.description}


@dataclass(frozen=True, slots=True)
class RgbDecoder(Decoder):
    description: str = "Screen colour as #rrggbb"

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if not isinstance(node, Scalar) or not re.fullmatch(r"#[0-9a-fA-F]{6}", node.value.strip()):
            return report.error(node.span, msg("layouts.rgb", label=label, found=found(node)))
        value = node.value.strip()
        return tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$", "description": self.description}


def _page_ok(page: Page, report: Report) -> bool:
    if page.size is None and (page.width_mm is None or page.height_mm is None):
        report.error(page.span, msg("layouts.page.size_missing"))
        return False
    if page.size is not None and (page.width_mm is not None or page.height_mm is not None):
        report.error(page.at("size"), msg("layouts.page.size_twice"))
        return False
    return True


def _style_ok(style: TextStyle, report: Report) -> bool:
    if style.min_size_pt is not None and style.min_size_pt > style.size_pt:
        report.error(style.at("min_size_pt"),
                     msg("layouts.min_size", minimum=f"{style.min_size_pt:g}", size=f"{style.size_pt:g}"))
        return False
    if style.max_size_pt is not None and style.max_size_pt < style.size_pt:
        report.error(style.at("max_size_pt"),
                     msg("layouts.max_size", maximum=f"{style.max_size_pt:g}", size=f"{style.size_pt:g}"))
        return False
    return True


COLOUR = Obj(Colour, (
    Field("cmyk", CmykDecoder(), required=True, doc="For print: C, M, Y, K in percent"),
    Field("rgb", RgbDecoder(), required=True, doc="For screen: #rrggbb"),
))
PAGE = Obj(Page, (
    Field("size", Choice(tuple(PAGE_SIZES_MM))),
    Field("width_mm", Number(20, 2000, " mm")),
    Field("height_mm", Number(20, 2000, " mm")),
    Field("orientation", Choice(("portrait", "landscape")), default="portrait"),
), check=_page_ok, description="Trim size: a named size or width/height in mm")
MARGINS = Obj(Margins, tuple(Field(side, Number(0, 300, " mm"), required=True)
                             for side in ("top", "right", "bottom", "left")))
def _grid_ok(grid: Grid, report: Report) -> bool:
    if grid.main_columns > grid.columns:
        report.error(grid.at("main_columns"),
                     msg("layouts.main_columns", main=grid.main_columns, columns=grid.columns))
        return False
    return True


GRID = Obj(Grid, (
    Field("columns", Integer(1, 24), default=12),
    Field("gutter_mm", Number(0, 50, " mm"), default=4.0),
    Field("main_columns", Integer(1, 24), default=8, doc="Columns of the main text; the rest is the side column"),
), check=_grid_ok)
STYLE = Obj(TextStyle, (
    Field("font", Choice(FONT_ROLES), default="regular"),
    Field("size_pt", Number(4, 400, " pt"), required=True),
    Field("min_size_pt", Number(4, 400, " pt"), doc="Text that does not fit shrinks down to this size"),
    Field("max_size_pt", Number(4, 400, " pt"),
          doc="Short text in a frame that grows with its content may be set up to this size"),
    Field("leading", Number(0.8, 3), default=1.3, doc="Line distance as a multiple of the size"),
    Field("colour", Text(40), default="text", doc="A name from 'colours'"),
    Field("align", Choice(("left", "justify", "center", "right")), default="left"),
    Field("tracking", Number(-0.1, 0.5), default=0.0, doc="Letter spacing in em"),
    Field("caps", Boolean(), default=False),
    Field("hyphenate", Boolean(), default=True),
    Field("space_before_pt", Number(0, 200, " pt"), default=0.0, doc="Space above, except at the top of a frame"),
    Field("space_after_pt", Number(0, 200, " pt"), default=0.0),
    Field("on", Text(40), default="paper", doc="The colour name the text stands on, for the contrast check"),
), check=_style_ok)
QR = Obj(QrSpec, (
    Field("distance_m", Number(0.1, 20, " m"), required=True,
          doc="Reading distance; the code is at least a tenth as wide"),
    Field("min_mm", Number(10, 500, " mm"), default=20.0, doc="Smallest width of the code without quiet zone"),
    Field("error_correction", Choice(("L", "M", "Q", "H")), default="M"),
    Field("quiet_modules", Integer(QUIET_ZONE_MODULES, 10), default=QUIET_ZONE_MODULES,
          doc="White border in modules (at least 4)"),
    Field("min_module_mm", Number(0.1, 50, " mm"), default=None,
          doc="Smallest module a camera resolves at the distance; default: distance ÷ 750"),
    Field("max_mm", Number(10, 800, " mm"), default=None,
          doc="Largest width the code may grow to for a long url; default: 1.6 × its size"),
))
FONTS = Obj(LayoutFonts, (
    *(Field(role, Text(200), default=f"SourceSansPro-{name}.ttf") for role, name in
      zip(FONT_ROLES, ("Regular", "It", "Semibold", "Bold"))),
    Field("fallback", Text(200), doc="A font for characters the main fonts lack"),
))

LAYOUT_FIELDS = (
    Field("kind", KindName(), required=True, doc="Which document this layout makes"),
    Field("description", Text(300)),
    Field("page", PAGE, required=True),
    Field("design_size", Choice(tuple(PAGE_SIZES_MM)),
          doc="The page size the measures are given for; on another page every measure scales"),
    Field("bleed_mm", Number(0, 10, " mm"), default=3.0, doc="Bleed on every side in the print profile"),
    Field("safe_mm", Number(0, 30, " mm"), default=3.0, doc="No text this close to the trim"),
    Field("crop_marks", Boolean(), default=False),
    Field("margins_mm", MARGINS, required=True),
    Field("grid", GRID, default=None),
    Field("panels_mm", ListOf(Number(20, 500, " mm"), max_items=12), default=(),
          doc="Panel widths of a folded sheet, left to right"),
    Field("colours", MapOf(COLOUR), required=True),
    Field("project_colours", ListOf(COLOUR, max_items=40), default=(),
          doc="One colour per project, in order of the project numbers (repeating after the last): the colour "
              "that marks a project in every document; a style with 'colour: project' or 'on: project' uses it"),
    Field("fonts", FONTS, default=None),
    Field("styles", MapOf(STYLE), required=True),
    Field("qr", MapOf(QR), required=True, doc="QR code roles and their reading distance"),
    Field("measures_mm", MapOf(Number(0, 2000, " mm")), default=(), doc="Named measures the document kind uses"),
    Field("page_multiple", Integer(1, 16), default=1, doc="Print pads the page count to a multiple of this"),
    Field("hyphenation", Text(200), default="hyphenation-de.txt", doc="Exception list, relative to the layouts folder"),
    Field("fill_with", ListOf(Choice(("focus", "intro")), max_items=2), default=(),
          doc="Stand texts a page with room to spare pulls in, in this order: 'focus' (the stand's theme that "
              "matches the project), 'intro' (the stand's introduction); whole paragraphs, as many as fit"),
    Field("output_condition", Choice(tuple(OUTPUT_CONDITIONS)), default="FOGRA39",
          doc="The print condition the print PDF declares (PDF/X-1a OutputIntent): FOGRA39 = ISO Coated v2, "
              "FOGRA51 = PSO Coated v3"),
)
LAYOUT = Obj(Layout, LAYOUT_FIELDS, description="A document layout (layouts/*.yaml)")


def load_layouts(layout_dir: Path, only: tuple[str, ...] = (), parsed: ParsedFiles | None = None) -> tuple[Layout, ...]:
    """Load and validate every layouts/*.yaml (or those named in `only`); raise Problems on any defect.

    With `parsed` (the last build's decoded files), a file whose bytes are unchanged is not parsed again;
    its references and legibility are checked all the same."""
    report = Report()
    if not layout_dir.is_dir():
        raise Problems([Diagnostic(str(layout_dir), msg("layouts.folder_missing"))])
    files = sorted(p for p in layout_dir.glob("*.yaml") if not p.name.startswith("."))
    if not files:
        raise Problems([Diagnostic(str(layout_dir), msg("layouts.no_files"))])
    names = {p.stem for p in files}
    for name in only:
        if name not in names:
            report.error(str(layout_dir), msg("layouts.unknown", name=name),
                         msg("layouts.unknown.hint", names=", ".join(sorted(names))))
    layouts = [_load_layout(path, report, parsed) for path in files if not only or path.stem in only]
    if report.problems:
        raise Problems(report.problems)
    return tuple(layouts)


def _load_layout(path: Path, report: Report, parsed: ParsedFiles | None = None) -> Any:
    spec = Obj(lambda **kw: Layout(name=path.stem, file=str(path), **kw), LAYOUT_FIELDS)
    layout = parsed.decode(path, spec, "layout", report) if parsed is not None else decode_file(path, spec, report)
    if layout is INVALID:
        return INVALID
    layout = scale_layout(_with_defaults(layout))
    floor = document_kind(layout.kind).type_floor  # contrast and type sizes are checked on the scaled layout
    referenced, legible = _references_ok(layout, report), legibility_ok(layout, floor, report)
    return layout if referenced and legible else INVALID


def _with_defaults(layout: Layout) -> Layout:
    span = layout.span
    grid = layout.grid or Grid(12, 4.0, 8, span=span, key_spans=())
    fonts = layout.fonts
    if fonts is None:
        defaults = {f.key: f.default for f in FONTS.fields}
        fonts = LayoutFonts(**defaults, span=span, key_spans=())
    return dataclasses.replace(layout, grid=grid, fonts=fonts)


def scale_layout(layout: Layout) -> Layout:
    """Scale every measure from the design size to the page size (A1 → A0 × 1.41)."""
    if layout.design_size is None:
        return layout
    design = Page(layout.design_size, None, None, layout.page.orientation, span=layout.span, key_spans=())
    factor = min(a / b for a, b in zip(layout.trim_mm, design.trim_mm))
    if abs(factor - 1) < 1e-9:
        return layout
    m = layout.margins_mm
    styles = tuple((name, dataclasses.replace(
        style, size_pt=style.size_pt * factor, space_after_pt=style.space_after_pt * factor,
        space_before_pt=style.space_before_pt * factor,
        min_size_pt=style.min_size_pt * factor if style.min_size_pt is not None else None,
        max_size_pt=style.max_size_pt * factor if style.max_size_pt is not None else None))
        for name, style in layout.styles)
    qr = tuple((name, dataclasses.replace(
        spec, min_mm=spec.min_mm * factor, distance_m=spec.distance_m * factor,
        max_mm=spec.max_mm * factor if spec.max_mm is not None else None,
        min_module_mm=spec.min_module_mm * factor if spec.min_module_mm is not None else None))
        for name, spec in layout.qr)
    return dataclasses.replace(
        layout, styles=styles, qr=qr,
        margins_mm=dataclasses.replace(m, top=m.top * factor, right=m.right * factor, bottom=m.bottom * factor,
                                       left=m.left * factor),
        grid=dataclasses.replace(layout.grid, gutter_mm=layout.grid.gutter_mm * factor),
        panels_mm=tuple(p * factor for p in layout.panels_mm),
        measures_mm=tuple((name, value * factor) for name, value in layout.measures_mm),
        safe_mm=layout.safe_mm * factor)


def _references_ok(layout: Layout, report: Report) -> bool:
    """Every style names a defined colour; the kind's required styles, colours and QR roles exist."""
    ok = True
    colours = dict(layout.colours)
    for name, style in layout.styles:
        for key in ("colour", "on"):
            value = getattr(style, key)
            if value not in colours and value != PROJECT:
                text = msg("layouts.style_colour" if key == "colour" else "layouts.style_on", name=name, value=value)
                report.error(style.at(key), text, did_you_mean(value, colours))
                ok = False
    needs = document_kind(layout.kind).needs
    for key, wanted, have in (("styles", needs.styles, dict(layout.styles)), ("colours", needs.colours, colours),
                              ("qr", needs.qr_roles, dict(layout.qr)),
                              ("measures_mm", needs.measures, dict(layout.measures_mm))):
        for missing in sorted(set(wanted) - set(have)):
            report.error(layout.at(key), msg("layouts.needs", kind=layout.kind, missing=missing, section=key))
            ok = False
    if needs.panels and not layout.panels_mm:
        report.error(layout.span, msg("layouts.needs_panels", kind=layout.kind))
        ok = False
    return ok and _panels_ok(layout, report)


def _panels_ok(layout: Layout, report: Report) -> bool:
    if not layout.panels_mm:
        return True
    total = sum(layout.panels_mm)
    width = layout.trim_mm[0]
    if abs(total - width) > 0.05:
        report.error(layout.at("panels_mm"), msg("layouts.panels_sum", total=f"{total:g}", width=f"{width:g}"),
                     msg("layouts.panels_sum.hint"))
        return False
    return True
