"""Preflight input for the press-colour checks: a built PDF's content streams → what each page paints, in order.

One pass over every page's operators (pypdf's ContentStream, through pdfread) tracks the graphics state
(q/Q, cm, k/K/g/G/rg/RG/sc/SC, gs with its overprint keys, Tf with its font's name, Tm/Td/TD/T*, Tr) and records filled
rectangles (colour and extent), shown text (size, fill colour, overprint and the colour under it) and
stroked lines (colour, overprint, what lies under them). "Under" is the last filled rectangle painted
before, at that point: good enough for our files, whose colour areas are rectangles. Points are PDF points,
origin bottom-left, as pdfread hands them out.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from generator.preflight.pdfread import Operation, PdfFile, Rect

Cmyk = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]
PAPER: Cmyk = (0.0, 0.0, 0.0, 0.0)
BLACK: Cmyk = (0.0, 0.0, 0.0, 1.0)
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
GLYPH_EM = 0.4  # a glyph's advance in em, on the low side: a text run's far end is estimated, never overshot
FILLS = frozenset({"f", "F", "f*", "B", "B*", "b", "b*"})
STROKES = frozenset({"S", "s", "B", "B*", "b", "b*"})
SHOWS = frozenset({"Tj", "TJ", "'", '"'})


@dataclass(frozen=True, slots=True)
class Area:
    """A filled rectangle: its extent (x0, y0, x1, y1) and its colour."""

    rect: Rect
    cmyk: Cmyk


@dataclass(frozen=True, slots=True)
class Mark:
    """Text shown or a line stroked: its colour, size (text), overprint, where it lies and what lies under it."""

    kind: str  # "text" or "line"
    cmyk: Cmyk
    size_pt: float
    overprint: bool  # the ExtGState in effect has /OP true, /op true and /OPM 1
    points: tuple[tuple[float, float], ...]
    grounds: tuple[Cmyk, ...]  # the colour under each point, paper where nothing was filled
    text: str = ""
    font: str = ""  # the font's name without its subset tag, e.g. SourceSansPro-Semibold


@dataclass(frozen=True, slots=True)
class PageInks:
    index: int
    trim: Rect
    areas: tuple[Area, ...]
    marks: tuple[Mark, ...]
    strokes: tuple[tuple[Cmyk, tuple[tuple[float, float], ...]], ...]  # every stroked segment, marks in bleed too


@dataclass(slots=True)
class _State:
    ctm: Matrix = IDENTITY
    fill: Cmyk = (0.0, 0.0, 0.0, 1.0)  # PDF's initial colour is black
    stroke: Cmyk = (0.0, 0.0, 0.0, 1.0)
    op_fill: bool = False
    op_stroke: bool = False
    opm: float = 0.0
    font_pt: float = 0.0
    font: str = ""
    leading: float = 0.0
    render: int = 0

    @property
    def overprint(self) -> bool:
        return self.op_fill and self.op_stroke and self.opm == 1

    def copy(self) -> _State:
        return replace(self)


def inks(colour: Cmyk) -> int:
    """How many process inks a CMYK colour uses."""
    return sum(1 for value in colour if value > 0.001)


def lightness(colour: Cmyk) -> float:
    """A rough lightness (0 dark .. 1 paper) of a CMYK colour, enough to tell light text from its ground."""
    c, m, y, k = colour
    return (1 - k) * (0.2126 * (1 - c) + 0.7152 * (1 - m) + 0.0722 * (1 - y))


_CACHE: weakref.WeakKeyDictionary[PdfFile, tuple[PageInks, ...]] = weakref.WeakKeyDictionary()


def read_inks(pdf: PdfFile) -> tuple[PageInks, ...]:
    """Every page's areas, text and lines; read once per file, however many checks ask."""
    if pdf not in _CACHE:
        pages: dict[int, list[Operation]] = {}
        for op in pdf.operations():
            pages.setdefault(op.page, []).append(op)
        named = pdf.named_resources()
        _CACHE[pdf] = tuple(_Scanner(index, _trim(pdf, index), *named.get(index, ({}, {}))).run(pages.get(index, []))
                            for index in range(pdf.page_count))
    return _CACHE[pdf]


def _trim(pdf: PdfFile, index: int) -> Rect:
    boxes = pdf.boxes(index)
    return boxes["TrimBox"] or pdf.media_box(index)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m, then n (PDF's row-vector convention: `m cm` makes m × CTM the new CTM)."""
    a, b, c, d, e, f = m
    return (a * n[0] + b * n[2], a * n[1] + b * n[3], c * n[0] + d * n[2], c * n[1] + d * n[3],
            e * n[0] + f * n[2] + n[4], e * n[1] + f * n[3] + n[5])


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def inside(rect: Rect, point: tuple[float, float], tol: float = 0.01) -> bool:
    return rect[0] - tol <= point[0] <= rect[2] + tol and rect[1] - tol <= point[1] <= rect[3] + tol


@dataclass(slots=True)
class _Scanner:
    index: int
    trim: Rect
    states: dict[str, dict[str, Any]]
    fonts: dict[str, str]
    state: _State = field(default_factory=_State)
    stack: list[_State] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    painted: list[tuple[Rect, tuple[Area, ...]]] = field(default_factory=list)  # per fill: its bounds, its areas
    marks: list[Mark] = field(default_factory=list)
    strokes: list[tuple[Cmyk, tuple[tuple[float, float], ...]]] = field(default_factory=list)
    rects: list[Rect] = field(default_factory=list)
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = field(default_factory=list)
    current: tuple[float, float] | None = None
    text_matrix: Matrix = IDENTITY
    line_matrix: Matrix = IDENTITY

    def run(self, operations: Iterable[Operation]) -> PageInks:
        for op in operations:
            self.step(op.name, op.operands)
        return PageInks(self.index, self.trim, tuple(self.areas), tuple(self.marks), tuple(self.strokes))

    def step(self, name: str, operands: tuple[Any, ...]) -> None:
        s = self.state
        if name == "q":
            self.stack.append(s.copy())
        elif name == "Q" and self.stack:
            self.state = self.stack.pop()
        elif name == "cm" and len(operands) == 6:
            s.ctm = multiply(_matrix(operands), s.ctm)
        elif name in ("k", "K", "g", "G", "rg", "RG", "sc", "scn", "SC", "SCN"):
            self.colour(name, operands)
        elif name == "gs" and operands:
            self.graphics_state(self.states.get(str(operands[0]), {}))
        elif name in ("m", "l", "re", "h", "c", "v", "y", "n") or name in FILLS or name in STROKES:
            self.path(name, operands)
        else:
            self.text(name, operands)

    def colour(self, name: str, operands: tuple[Any, ...]) -> None:
        values = tuple(float(v) for v in operands if isinstance(v, (int, float)))
        if len(values) == 4:
            cmyk: Cmyk = (values[0], values[1], values[2], values[3])
        elif len(values) == 1:
            cmyk = (0.0, 0.0, 0.0, 1 - values[0])
        elif len(values) == 3:  # RGB has no place in a print file (the colour check says so); a rough CMYK
            k = 1 - max(values)
            c, m, y = ((1 - v - k) / (1 - k) if k < 1 else 0.0 for v in values)
            cmyk = (c, m, y, k)
        else:
            return
        if name in ("k", "g", "rg", "sc", "scn"):
            self.state.fill = cmyk
        else:
            self.state.stroke = cmyk

    def graphics_state(self, entries: dict[str, Any]) -> None:
        s = self.state
        if "OP" in entries:
            s.op_stroke = _true(entries["OP"])
            s.op_fill = _true(entries["OP"])  # /OP sets /op too, unless /op is given
        if "op" in entries:
            s.op_fill = _true(entries["op"])
        if "OPM" in entries:
            s.opm = float(entries["OPM"])

    def path(self, name: str, operands: tuple[Any, ...]) -> None:
        s = self.state
        if name == "re" and len(operands) == 4:
            x, y, w, h = (float(v) for v in operands)
            corners = [apply(s.ctm, px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h))]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            self.rects.append((min(xs), min(ys), max(xs), max(ys)))
        elif name == "m" and len(operands) == 2:
            self.current = apply(s.ctm, float(operands[0]), float(operands[1]))
        elif name == "l" and len(operands) == 2 and self.current is not None:
            end = apply(s.ctm, float(operands[0]), float(operands[1]))
            self.segments.append((self.current, end))
            self.current = end
        if name in FILLS and self.rects:
            filled = tuple(Area(rect, s.fill) for rect in self.rects)
            self.areas += filled
            self.painted.append(((min(r[0] for r in self.rects), min(r[1] for r in self.rects),
                                  max(r[2] for r in self.rects), max(r[3] for r in self.rects)), filled))
        if name in STROKES:
            self.stroke_segments()
        if name in FILLS or name in STROKES or name == "n":
            self.rects, self.segments, self.current = [], [], None

    def stroke_segments(self) -> None:
        s = self.state
        for start, end in self.segments:
            middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
            self.strokes.append((s.stroke, (start, end)))
            if inside(self.trim, middle):
                points = (start, middle, end)
                self.marks.append(Mark("line", s.stroke, 0.0, s.overprint, points, self.grounds(points)))

    def text(self, name: str, operands: tuple[Any, ...]) -> None:
        s = self.state
        if name == "BT":
            self.text_matrix = self.line_matrix = IDENTITY
        elif name == "Tf" and len(operands) == 2:
            s.font, s.font_pt = self.fonts.get(str(operands[0]), str(operands[0])), float(operands[1])
        elif name == "TL" and operands:
            s.leading = float(operands[0])
        elif name == "Tr" and operands:
            s.render = int(operands[0])
        elif name == "Tm" and len(operands) == 6:
            self.text_matrix = self.line_matrix = _matrix(operands)
        elif name in ("Td", "TD") and len(operands) == 2:
            if name == "TD":
                s.leading = -float(operands[1])
            self.next_line(float(operands[0]), float(operands[1]))
        elif name == "T*":
            self.next_line(0.0, -s.leading)
        elif name in SHOWS:
            if name in ("'", '"'):
                self.next_line(0.0, -s.leading)
            self.show(_string(operands[-1] if operands else ""))

    def next_line(self, tx: float, ty: float) -> None:
        self.line_matrix = self.text_matrix = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self.line_matrix)

    def show(self, text: str) -> None:
        s = self.state
        if not text.strip() or s.render in (3, 7):  # invisible text paints nothing
            return
        full = multiply(self.text_matrix, s.ctm)
        size = s.font_pt * math.sqrt(abs(full[0] * full[3] - full[1] * full[2]))
        advance = s.font_pt * GLYPH_EM * len(text)
        body = 0.35 * s.font_pt  # sampled a third of the way up the letters, not on the baseline
        points = tuple(apply(full, x, body) for x in (0.1 * s.font_pt, advance / 2, advance))
        self.text_matrix = multiply((1.0, 0.0, 0.0, 1.0, advance, 0.0), self.text_matrix)
        if any(inside(self.trim, p) for p in points):
            shown = "".join(ch if ch.isprintable() else "?" for ch in text.strip())
            self.marks.append(Mark("text", s.fill, size, s.overprint, points, self.grounds(points), shown, s.font))

    def grounds(self, points: tuple[tuple[float, float], ...]) -> tuple[Cmyk, ...]:
        return tuple(self.ground(p) for p in points)

    def ground(self, point: tuple[float, float]) -> Cmyk:
        """The colour of the last fill painted at `point` (a QR code's hundreds of modules are one fill)."""
        for bounds, filled in reversed(self.painted):
            if inside(bounds, point, 0.0):
                hit = next((a for a in filled if inside(a.rect, point, 0.0)), None)
                if hit is not None:
                    return hit.cmyk
        return PAPER


def _matrix(values: tuple[Any, ...]) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in values)
    return a, b, c, d, e, f


def _true(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _string(value: Any) -> str:
    if isinstance(value, tuple):  # TJ: strings and kerning numbers
        return "".join(str(v) for v in value if isinstance(v, str))
    return str(value)
