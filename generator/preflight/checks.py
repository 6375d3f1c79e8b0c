"""Preflight checks of one built PDF: the file's pages, boxes, fonts, colours, lines, ink, bleed, safe margin,
links, metadata and size → Findings. Each check reads the PDF, never the plan it was made from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from generator.kinds import UnknownKind, document_kind
from generator.layouts import Layout
from generator.output import Document, sha256
from generator.preflight.pdfread import PdfFile, Rect
from generator.preflight.report import Finding

if TYPE_CHECKING:
    from PIL import Image

MM = 72 / 25.4  # points per millimetre
BOX_TOLERANCE_MM = 0.1
THINNEST_LINE_PT = 0.25  # thinner lines break up in offset print
MAX_INK = 300.0  # per cent: what coated stock takes without set-off (FOGRA39 allows 330, FOGRA51 300)
DEFAULT_SAFE_MM = 3.0
CMYK_SPACES = frozenset({"DeviceCMYK", "Separation(DeviceCMYK)", "DeviceN(DeviceCMYK)", "Indexed(DeviceCMYK)",
                         "Pattern", "Mask"})
WHITE, INKED = 250, 245  # grey levels: paper, and clearly something printed (anti-aliasing lies between)
MAX_LISTED = 3


@dataclass(frozen=True, slots=True)
class Subject:
    """What a check needs to know besides the file: the manifest entry, the layout, the data's urls."""

    document: Document
    shown: str
    layout: Layout | None
    data_urls: frozenset[str]
    role_urls: tuple[tuple[str, frozenset[str]], ...] = ()  # QR role → the urls the data gives it

    @property
    def safe_mm(self) -> float:
        return self.layout.safe_mm if self.layout else DEFAULT_SAFE_MM


def passed(check: str, message: str) -> list[Finding]:
    return [Finding(check, True, message)]


def failed(check: str, messages: Iterable[str]) -> list[Finding]:
    messages = list(messages)
    shown = [Finding(check, False, m) for m in messages[:MAX_LISTED * 3]]
    if len(messages) > len(shown):
        shown.append(Finding(check, False, f"… and {len(messages) - len(shown)} more"))
    return shown


def trim_box(pdf: PdfFile, index: int) -> Rect:
    boxes = pdf.boxes(index)
    return boxes["TrimBox"] or boxes["MediaBox"]  # type: ignore[return-value]


# Every profile

def check_file(pdf: PdfFile, subject: Subject) -> list[Finding]:
    doc, problems = subject.document, []
    if sha256(pdf.data) != doc.sha256:
        problems.append("the file differs from what the build wrote (sha256): rebuild, or it was changed by hand")
    if pdf.page_count != doc.pages:
        problems.append(f"{pdf.page_count} pages, the manifest lists {doc.pages}")
    if pdf.encrypted:
        problems.append("the file is encrypted")
    if problems:
        return failed("file", problems)
    return passed("file", f"{pdf.page_count} page{'s' if pdf.page_count != 1 else ''}, as built")


def check_fonts(pdf: PdfFile, subject: Subject) -> list[Finding]:
    fonts = pdf.fonts()
    missing = [f"font '{f.name}' ({f.subtype}) is not embedded" for f in fonts if not f.embedded]
    if missing:
        return failed("fonts", missing)
    return passed("fonts", f"{len(fonts)} font{'s' if len(fonts) != 1 else ''}, all embedded")


# Files for the press

def check_colours(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """DeviceCMYK only: no RGB, grey or calibrated colour in the content, no such image."""
    problems: dict[tuple[int, str], int] = {}
    names = {"rg": "RGB fill colour", "RG": "RGB stroke colour", "g": "grey fill colour", "G": "grey stroke colour"}
    for op in pdf.operations():
        if op.name in names:
            what = f"{names[op.name]} '{' '.join(f'{v:g}' for v in op.operands)} {op.name}'"
        elif op.name in ("cs", "CS", "BI") and op.operands[0] not in CMYK_SPACES:
            what = f"colour space {op.operands[0]}" + (" (inline image)" if op.name == "BI" else "")
        else:
            continue
        problems[(op.page, what)] = problems.get((op.page, what), 0) + 1
    for image in pdf.images():
        if image.colour_space not in CMYK_SPACES:
            key = (image.page, f"image in {image.colour_space}")
            problems[key] = problems.get(key, 0) + 1
    if problems:
        return failed("colour", (f"page {page + 1}: {what}{f' ({n} times)' if n > 1 else ''}; print takes CMYK only"
                                 for (page, what), n in sorted(problems.items())))
    return passed("colour", "CMYK only")


def check_boxes(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """TrimBox = the manifest's trim, BleedBox = trim + bleed, MediaBox holding the BleedBox."""
    doc, tol, problems = subject.document, BOX_TOLERANCE_MM * MM, []
    for index in range(pdf.page_count):
        boxes = pdf.boxes(index)
        trim, bleed, media = boxes["TrimBox"], boxes["BleedBox"], boxes["MediaBox"]
        where = f"page {index + 1}"
        if trim is None or bleed is None:
            problems.append(f"{where}: no {'TrimBox' if trim is None else 'BleedBox'}")
            continue
        size = ((trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM)
        if any(abs(a - b) > BOX_TOLERANCE_MM for a, b in zip(size, doc.trim_mm)):
            problems.append(f"{where}: TrimBox is {size[0]:.1f} × {size[1]:.1f} mm, the trim is "
                            f"{doc.trim_mm[0]:g} × {doc.trim_mm[1]:g} mm")
        grown = _grow(trim, doc.bleed_mm * MM)
        if any(abs(a - b) > tol for a, b in zip(bleed, grown)):
            problems.append(f"{where}: BleedBox is not the TrimBox plus {doc.bleed_mm:g} mm on every side")
        if media is None or not _contains(media, bleed, tol):
            problems.append(f"{where}: the MediaBox does not hold the BleedBox")
    if problems:
        return failed("boxes", problems)
    return passed("boxes", f"TrimBox {doc.trim_mm[0]:g} × {doc.trim_mm[1]:g} mm, bleed {doc.bleed_mm:g} mm")


def check_safe_margin(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """No glyph closer to the trim than the layout's safe margin."""
    safe, problems = subject.safe_mm, []
    for index in range(pdf.page_count):
        trim = trim_box(pdf, index)
        inner = _grow(trim, -safe * MM)
        close = []
        for char, box in pdf.char_boxes(index):
            gaps = {"left": box[0] - trim[0], "bottom": box[1] - trim[1], "right": trim[2] - box[2],
                    "top": trim[3] - box[3]}
            if not _contains(inner, box, BOX_TOLERANCE_MM * MM):
                side, gap = min(gaps.items(), key=lambda item: item[1])
                close.append((gap, char, side))
        if close:
            gap, char, side = min(close)
            problems.append(f"page {index + 1}: {len(close)} character{'s' if len(close) > 1 else ''} inside the "
                            f"{safe:.1f} mm safe margin, e.g. '{char}' {gap / MM:.1f} mm from the {side} trim edge")
    if problems:
        return failed("safe margin", problems)
    return passed("safe margin", f"no text within {safe:.1f} mm of the trim")


def check_lines(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """Every stroked path at least 0.25 pt wide, the line width scaled by the transformation in force."""
    thin: dict[int, float] = {}
    width, scale, page = 1.0, 1.0, -1
    stack: list[tuple[float, float]] = []
    for op in pdf.operations():
        if op.page != page:  # every page starts with the default graphics state
            width, scale, stack, page = 1.0, 1.0, [], op.page
        if op.name == "q":
            stack.append((width, scale))
        elif op.name == "Q" and stack:
            width, scale = stack.pop()
        elif op.name == "cm" and len(op.operands) == 6:
            a, b, c, d = op.operands[:4]
            scale *= math.sqrt(abs(a * d - b * c))
        elif op.name == "w" and op.operands:
            width = op.operands[0]
        elif op.name in ("S", "s", "B", "B*", "b", "b*") and width * scale < THINNEST_LINE_PT - 1e-6:
            thin[op.page] = min(thin.get(op.page, math.inf), width * scale)
    if thin:
        return failed("lines", (f"page {page + 1}: a line {value:.3g} pt wide, at least {THINNEST_LINE_PT:g} pt needed"
                                for page, value in sorted(thin.items())))
    return passed("lines", f"no line thinner than {THINNEST_LINE_PT:g} pt")


def check_ink(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """Total area coverage of every CMYK colour set: C + M + Y + K at most 300 %."""
    worst: dict[int, tuple[float, tuple[float, ...]]] = {}
    for op in pdf.operations():
        if op.name in ("k", "K", "sc", "scn", "SC", "SCN") and len(op.operands) == 4:
            total = 100 * sum(op.operands)
            if total > MAX_INK + 0.5 and total > worst.get(op.page, (0.0, ()))[0]:
                worst[op.page] = (total, op.operands)
    if worst:
        return failed("ink", (f"page {page + 1}: {total:.0f} % total ink (C {v[0]:.0%} M {v[1]:.0%} Y {v[2]:.0%} "
                              f"K {v[3]:.0%}), at most {MAX_INK:.0f} %" for page, (total, v) in sorted(worst.items())))
    return passed("ink", f"total ink at most {MAX_INK:.0f} %")


def check_bleed(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """Wherever colour touches the trim, it runs on to the edge of the bleed (sampled from a rendering)."""
    problems = []
    for index in range(pdf.page_count):
        boxes = pdf.boxes(index)
        trim, bleed = boxes["TrimBox"], boxes["BleedBox"]
        if trim is None or bleed is None:
            continue  # reported by the boxes check
        for side, runs in _bleed_gaps(pdf, index, trim, bleed):
            spans = ", ".join(f"{a:.0f}–{b:.0f} mm" for a, b in runs[:MAX_LISTED])
            problems.append(f"page {index + 1}: colour stops at the {side} trim edge instead of running into the "
                            f"bleed ({spans} along the edge)")
    if problems:
        return failed("bleed", problems)
    return passed("bleed", "background runs into the bleed wherever it touches the trim")


def _bleed_gaps(pdf: PdfFile, index: int, trim: Rect, bleed: Rect) -> list[tuple[str, list[tuple[float, float]]]]:
    width = min(trim[0] - bleed[0], bleed[2] - trim[2], trim[1] - bleed[1], bleed[3] - trim[3])
    dpi = min(300.0, max(50.0, 4 * 72 / max(width, 0.5)))  # at least four pixels across the bleed
    s = dpi / 72
    media = pdf.media_box(index)
    image = pdf.render(index, dpi)
    found: list[tuple[str, list[tuple[float, float]]]] = []
    for side in ("left", "right", "top", "bottom"):
        vertical = side in ("left", "right")
        inward = {"left": 1, "bottom": 1, "right": -1, "top": -1}[side]
        edge = {"left": trim[0], "right": trim[2], "bottom": trim[1], "top": trim[3]}[side]
        outer = {"left": bleed[0], "right": bleed[2], "bottom": bleed[1], "top": bleed[3]}[side]
        inside = edge + inward * 1.5 / s
        samples = [outer + inward * 1.0 / s, (outer + edge) / 2] if abs(edge - outer) * s >= 2 else []
        start, stop = (trim[1], trim[3]) if vertical else (trim[0], trim[2])
        bad = []
        for step in range(int(start * s) + 2, int(stop * s) - 2):
            along = step / s

            def point(across: float, along: float = along, vertical: bool = vertical) -> int:
                return _pixel(image, *((across, along) if vertical else (along, across)), media, s)
            if point(inside) < INKED and (not samples or any(point(x) >= WHITE for x in samples)):
                bad.append(along)
        runs = _runs(bad, 1 / s, 1.0 * MM)
        if runs:
            origin = trim[3] if vertical else trim[0]
            spans = ((abs(a - origin) / MM, abs(b - origin) / MM) for a, b in runs)
            found.append((side, sorted((min(span), max(span)) for span in spans)))
    return found


def _pixel(image: Image.Image, x: float, y: float, media: Rect, s: float) -> int:
    """The grey level at PDF point (x, y) of a rendering of the whole MediaBox at `s` pixels per point."""
    col = min(max(int((x - media[0]) * s), 0), image.width - 1)
    row = min(max(int((media[3] - y) * s), 0), image.height - 1)
    return cast(int, image.getpixel((col, row)))  # a grey ('L') image has one channel


def _runs(values: list[float], step: float, least: float) -> list[tuple[float, float]]:
    """Consecutive sample positions grouped into runs; runs shorter than `least` are anti-aliasing, dropped."""
    runs: list[list[float]] = []
    for value in values:
        if runs and value - runs[-1][1] <= step * 1.5:
            runs[-1][1] = value
        else:
            runs.append([value, value])
    return [(a, b) for a, b in runs if b - a >= least]


# Files to email

def check_links(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """A link on every QR code's page to its url, and no link to a url the data does not hold."""
    links = [(a.page, a.uri) for a in pdf.annotations() if a.uri]
    have = set(links)
    problems = [f"page {q.page}: no link to {q.url}, which the QR code there opens"
                for q in subject.document.qr if (q.page - 1, q.url) not in have]
    known = subject.data_urls | {q.url for q in subject.document.qr}
    problems += [f"page {page + 1}: a link to {uri}, which is not in the data" for page, uri in sorted(have)
                 if uri not in known and not uri.startswith(("mailto:", "tel:"))]
    if problems:
        return failed("links", problems)
    return passed("links", f"{len(links)} links, every QR code's url among them")


def check_metadata(pdf: PdfFile, subject: Subject) -> list[Finding]:
    info, problems = pdf.info(), []
    problems += [f"no {key} in the document information" for key in ("Title", "Author", "Subject")
                 if not info.get(key, "").strip()]
    lang = pdf.lang()
    if not lang or not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", lang):
        problems.append(f"the document language (/Lang) is {repr(lang) if lang else 'not set'}")
    if pdf.outline_count() == 0:
        problems.append("no bookmarks (document outline)")
    if problems:
        return failed("metadata", problems)
    return passed("metadata", f"Title, Author, Subject, Lang {lang}, {pdf.outline_count()} bookmarks")


def check_size(pdf: PdfFile, subject: Subject) -> list[Finding]:
    try:  # screen files are emailed: each kind's record holds what a mailbox takes without complaint
        budget = document_kind(subject.document.kind).size_budget.for_pages(subject.document.pages)
    except UnknownKind as unknown:
        return failed("size", [f"no size budget: {unknown}"])
    size = len(pdf.data) / 1024
    if size > budget:
        return failed("size", [f"{size:.0f} KB, the budget for a {subject.document.kind} is {budget} KB"])
    return passed("size", f"{size:.0f} KB of {budget} KB")


def _grow(box: Rect, by: float) -> Rect:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def _contains(outer: Rect, inner: Rect, tol: float) -> bool:
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol and inner[2] <= outer[2] + tol
            and inner[3] <= outer[3] + tol)
