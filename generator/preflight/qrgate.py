"""Preflight, QR quality gate: the QR codes of a built PDF → Findings, each code decoded with zxing-cpp from a
rendering at the resolution a phone camera has at the code's reading distance.

The camera model: a 12 MP main camera, 4000 px across a 70° horizontal field of view. At a
distance d it sees 2·d·tan 35° of the page across its 4000 px, so it resolves
4000 / (2·d·tan 35°) px per mm (9.5 px/mm at 0.3 m). The page is rendered at that resolution
divided by a safety factor of 1.5 (for focus, shake, tilt and light), and the code must decode.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import zxingcpp

from generator.layouts import Layout, QrSpec
from generator.messages import msg, register
from generator.preflight.checks import MM, Subject, failed, passed, trim_box
from generator.preflight.pdfread import PdfFile, Rect
from generator.preflight.report import Finding
from generator.qr import QUIET_ZONE_MODULES

if TYPE_CHECKING:
    from PIL import Image

register({
    "qrgate.camera": ("eine 12-MP-Handykamera ({pixels} px über einen Bildwinkel von {angle}°) im Leseabstand jedes "
                  "Codes, mit Sicherheitsfaktor {safety}",
                  "a 12 MP phone camera ({pixels} px across a {angle}° field of view) at each code's reading "
                  "distance, with a safety factor of {safety}"),
    "qrgate.none": ("keine QR-Codes", "no QR codes"),
    "qrgate.no_layout": ("kein Layout '{layout}' im Ordner für die Layouts: die Leseabstände sind unbekannt",
                     "no layout '{layout}' in the layouts folder: the reading distances are unknown"),
    "qrgate.ok.one": ("{count} Code lässt sich lesen, wie ein Handy ihn aus seinem Leseabstand sieht; Ruhezone frei; "
                  "Module ab {smallest} mm",
                  "{count} code decode as a phone sees them from their reading distance; quiet zones free; "
                  "modules from {smallest} mm"),
    "qrgate.ok.many": ("{count} Codes lassen sich lesen, wie ein Handy sie aus ihrem Leseabstand sieht; "
                       "Ruhezonen frei; Module ab {smallest} mm",
                   "{count} codes decode as a phone sees them from their reading distance; quiet zones free; "
                   "modules from {smallest} mm"),
    "qrgate.not_found": ("Seite {page}: kein QR-Code für {url} gefunden", "page {page}: no QR code for {url} found"),
    "qrgate.unlisted": ("Seite {page}: ein QR-Code für {url}, den das Manifest für diese Seite nicht nennt",
                    "page {page}: a QR code for {url}, which the manifest does not list for this page"),
    "qrgate.code_problem": ("Seite {page}, QR-Code für {url}: {problem}",
                            "page {page}: the QR code for {url} {problem}"),
    "qrgate.distance": ("nicht lesbar mit den {resolution} px/mm, die ein Handy aus {distance} m sieht "
                    "(Leseabstand für '{role}')",
                    "does not decode at the {resolution} px/mm a phone has from {distance} m "
                    "(its {role} reading distance)"),
    "qrgate.unreadable": ("auch in scharfer Darstellung nicht lesbar", "does not decode even when rendered sharply"),
    "qrgate.module.print": ("die Module sind {module} mm groß, für den Druck sind mindestens {least} mm nötig",
                        "has {module} mm modules, at least {least} mm needed for print"),
    "qrgate.module.distance": ("die Module sind {module} mm groß, für {distance} m Abstand sind mindestens {least} mm "
                           "nötig",
                           "has {module} mm modules, at least {least} mm needed for {distance} m"),
    "qrgate.quiet": ("die Ruhezone ist nicht frei: etwas Dunkles liegt {quiet} Module vom Code entfernt, nötig sind "
                 "{needed} Module Weiß",
                 "has no free quiet zone: something dark {quiet} modules from the symbol, "
                 "{needed} modules of white needed"),
    "qrgate.trimmed": ("die Ruhezone wird beim Schneiden abgeschnitten", "has its quiet zone cut off by the trim"),
    "qrgate.fold": ("liegt über dem Falz bei {fold} mm (der Code mit Ruhezone reicht von {left} bis {right} mm)",
                "crosses the fold at {fold} mm (the code with its quiet zone spans {left}–{right} mm)"),
})


@dataclass(frozen=True, slots=True)
class Camera:
    pixels_across: int = 4000
    field_of_view_deg: float = 70.0
    safety: float = 1.5

    def px_per_mm(self, distance_m: float) -> float:
        """What the camera resolves at the distance, divided by the safety factor."""
        seen_mm = 2 * distance_m * 1000 * math.tan(math.radians(self.field_of_view_deg / 2))
        return self.pixels_across / seen_mm / self.safety

    def describe(self) -> str:
        return msg("qrgate.camera", pixels=self.pixels_across, angle=f"{self.field_of_view_deg:g}",
                   safety=f"{self.safety:g}")


PHONE = Camera()
QUIET_MODULES = QUIET_ZONE_MODULES  # ISO/IEC 18004
PRINT_MODULE_FLOOR_MM = 0.33  # smaller modules fill in on paper and blur in a phone's close focus
REFINE_PX_PER_MODULE = 8
MAX_PIXELS = 30_000_000
CAPPED_DPI = 300.0  # decoding at less than the phone's resolution proves it at the phone's too
DARK = 128
QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


@dataclass(slots=True)
class Seen:
    """A decoded code on a page: its url, its symbol's box in mm from the trim's top-left, its version."""

    url: str
    box: Rect  # left, top, right, bottom in mm
    version: int
    distances: set[float] = field(default_factory=set)

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def module(self) -> float:
        return self.width / (17 + 4 * self.version)


def check_qr(pdf: PdfFile, subject: Subject) -> list[Finding]:
    layout, doc = subject.layout, subject.document
    if not doc.qr:
        return passed("qr", msg("qrgate.none"))
    if layout is None:
        return failed("qr", [msg("qrgate.no_layout", layout=doc.layout)])
    problems, seen_all = [], []
    for page in sorted({q.page for q in doc.qr}):
        expected = Counter(q.url for q in doc.qr if q.page == page)
        seen, page_problems = _page(pdf, page - 1, expected, subject)
        problems += page_problems
        seen_all += seen
    if problems:
        return failed("qr", problems)
    smallest = min(s.module for s in seen_all)
    return passed("qr", msg("qrgate.ok.one" if len(seen_all) == 1 else "qrgate.ok.many", count=len(seen_all),
                            smallest=f"{smallest:.2f}"))


def _page(pdf: PdfFile, index: int, expected: Counter[str], subject: Subject) -> tuple[list[Seen], list[str]]:
    layout = _layout(subject)
    roles = {url: _roles(url, subject) for url in expected}
    distances = sorted({layout.qr_spec(r).distance_m for rs in roles.values() for r in rs}) or [0.3]
    seen: list[Seen] = []
    for distance in distances:
        phone = PHONE.px_per_mm(distance)
        codes = _decode_page(pdf, index, min(phone, CAPPED_DPI / 25.4))
        if len(codes) < sum(expected.values()) and phone > CAPPED_DPI / 25.4:
            codes = _decode_page(pdf, index, phone)
        for code in codes:
            _merge(seen, code).distances.add(distance)
    if len(seen) < sum(expected.values()):  # find the codes no phone reads, to say why
        for code in _decode_page(pdf, index, CAPPED_DPI / 25.4):
            _merge(seen, code)
    where, problems = index + 1, []
    found = Counter(s.url for s in seen)
    problems += [msg("qrgate.not_found", page=where, url=url) for url,
                 count in sorted(expected.items()) if found[url] < count]
    for code in seen:
        if code.url not in expected:
            problems.append(msg("qrgate.unlisted", page=where, url=code.url))
            continue
        role = min(roles[code.url], key=lambda r: abs(layout.qr_spec(r).size_mm - code.width))
        problems += [msg("qrgate.code_problem", page=where, url=code.url, problem=p)
                     for p in _judge(pdf, index, code, role, subject)]
    return seen, problems


def _layout(subject: Subject) -> Layout:
    assert subject.layout is not None, "check_qr returns before reading any page when there is no layout"
    return subject.layout


def _roles(url: str, subject: Subject) -> tuple[str, ...]:
    layout_roles = tuple(name for name, _ in _layout(subject).qr)
    holding = tuple(role for role, urls in subject.role_urls if url in urls and role in layout_roles)
    return holding or layout_roles


def _judge(pdf: PdfFile, index: int, code: Seen, role: str, subject: Subject) -> list[str]:
    spec: QrSpec = _layout(subject).qr_spec(role)
    problems = []
    if spec.distance_m not in code.distances:
        problems.append(msg("qrgate.distance", resolution=f"{PHONE.px_per_mm(spec.distance_m):.1f}",
                            distance=f"{spec.distance_m:.2g}", role=role))
    sharp = _refine(pdf, index, code)
    if sharp is None:
        return problems + [msg("qrgate.unreadable")]
    sharp_code, quiet = sharp
    least = max(spec.module_limit_mm, PRINT_MODULE_FLOOR_MM)
    if sharp_code.module < least - 0.005:
        module, needed = f"{sharp_code.module:.2f}", f"{least:.2f}"
        problems.append(msg("qrgate.module.print", module=module, least=needed) if least == PRINT_MODULE_FLOOR_MM
                        else msg("qrgate.module.distance", module=module, least=needed,
                                 distance=f"{spec.distance_m:.2g}"))
    if quiet is not None:
        problems.append(msg("qrgate.quiet", quiet=f"{quiet:.1f}", needed=QUIET_MODULES))
    problems += _folds(code, _layout(subject), index)
    quiet_mm = QUIET_MODULES * sharp_code.module
    width, height = subject.document.trim_mm
    box = sharp_code.box
    if box[0] - quiet_mm < -0.05 or box[1] - quiet_mm < -0.05 or box[2] + quiet_mm > width + 0.05 or \
            box[3] + quiet_mm > height + 0.05:
        problems.append(msg("qrgate.trimmed"))
    return problems


def _folds(code: Seen, layout: Layout, index: int) -> list[str]:
    """Folded sheets: the outside lists its panels left to right, the inside is its mirror image."""
    if not layout.panels_mm:
        return []
    widths = layout.panels_mm if index % 2 == 0 else tuple(reversed(layout.panels_mm))
    folds = [sum(widths[:i]) for i in range(1, len(widths))]
    quiet = QUIET_MODULES * code.module
    left, right = code.box[0] - quiet, code.box[2] + quiet
    return [msg("qrgate.fold", fold=f"{fold:g}", left=f"{left:.1f}", right=f"{right:.1f}")
            for fold in folds if left < fold < right]


def _decode_page(pdf: PdfFile, index: int, px_per_mm: float) -> list[Seen]:
    """Every QR code zxing-cpp reads in a rendering of the page at `px_per_mm`."""
    media, trim = pdf.media_box(index), trim_box(pdf, index)
    dpi = px_per_mm * 25.4
    area = (media[2] - media[0]) * (media[3] - media[1]) / 72 / 72
    dpi = min(dpi, math.sqrt(MAX_PIXELS / area))
    return _read(pdf.render(index, dpi), dpi / 72, (media[0], media[3]), trim)


def _refine(pdf: PdfFile, index: int, code: Seen) -> tuple[Seen, float | None] | None:
    """The code rendered at REFINE_PX_PER_MODULE: its exact box and version, and the nearest dark pixel in
    its quiet zone (in modules), or None when the zone is free."""
    media, trim = pdf.media_box(index), trim_box(pdf, index)
    margin = (QUIET_MODULES + 2) * code.module
    left, top = trim[0] + (code.box[0] - margin) * MM, trim[3] - (code.box[1] - margin) * MM
    right, bottom = trim[0] + (code.box[2] + margin) * MM, trim[3] - (code.box[3] + margin) * MM
    left, bottom, right, top = max(left, media[0]), max(bottom, media[1]), min(right, media[2]), min(top, media[3])
    scale = REFINE_PX_PER_MODULE / (code.module * MM)
    image = pdf.render(index, scale * 72, crop=(left - media[0], bottom - media[1], media[2] - right, media[3] - top))
    found = [s for s in _read(image, scale, (left, top), trim) if s.url == code.url]
    if not found:
        return None
    sharp = found[0]
    return sharp, _quiet_intrusion(image, sharp, scale, (left, top), trim)


def _quiet_intrusion(image: Image.Image, code: Seen, scale: float, origin: tuple[float, float],
                     trim: Rect) -> float | None:
    """Distance in modules of the nearest dark pixel in the ring of QUIET_MODULES around the symbol."""
    def px(x_mm: float, y_mm: float) -> tuple[int, int]:
        return round((trim[0] + x_mm * MM - origin[0]) * scale), round((origin[1] - (trim[3] - y_mm * MM)) * scale)

    u0, v0 = px(code.box[0], code.box[1])
    u1, v1 = px(code.box[2], code.box[3])
    module_px = (u1 - u0) / (17 + 4 * code.version)
    for ring in range(1, math.ceil(QUIET_MODULES * module_px)):
        box = (u0 - ring, v0 - ring, u1 + ring, v1 + ring)
        edges = [(box[0], box[1], box[2] + 1, box[1] + 1), (box[0], box[3], box[2] + 1, box[3] + 1),
                 (box[0], box[1], box[0] + 1, box[3] + 1), (box[2], box[1], box[2] + 1, box[3] + 1)]
        edges = [(max(a, 0), max(b, 0), min(c, image.width), min(d, image.height)) for a, b, c, d in edges]
        if ring > 1 and any(_darkest(image.crop(e)) < DARK for e in edges if e[0] < e[2] and e[1] < e[3]):
            return ring / module_px
    return None


def _darkest(image: Image.Image) -> int:
    low, _ = cast(tuple[int, int], image.getextrema())  # a grey ('L') image: one (min, max) pair
    return low


def _read(image: Image.Image, scale: float, origin: tuple[float, float], trim: Rect) -> list[Seen]:
    """Decode `image` (whose top-left pixel is PDF point `origin`, `scale` px per point); boxes in trim mm."""
    codes = []
    for barcode in zxingcpp.read_barcodes(image, formats=QR_ONLY):
        p = barcode.position
        xs = [pt.x for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
        ys = [pt.y for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
        left, right = ((origin[0] + u / scale - trim[0]) / MM for u in (min(xs), max(xs)))
        top, bottom = ((trim[3] - (origin[1] - v / scale)) / MM for v in (min(ys), max(ys)))
        extra = cast(dict[str, object], barcode.extra)
        version = int(str(extra.get("Version", "1")) or 1)
        codes.append(Seen(barcode.text, (left, top, right, bottom), version))
    return codes


def _merge(seen: list[Seen], code: Seen) -> Seen:
    """The same code seen at another resolution is one code: same url, overlapping boxes."""
    for known in seen:
        if known.url == code.url and _overlap(known.box, code.box):
            return known
    seen.append(code)
    return code


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
