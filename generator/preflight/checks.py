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
from generator.messages import msg, register
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

register({
    "checks.more": ("… und {count} weitere", "… and {count} more"),
    "checks.side.left": ("linken", "left"),
    "checks.side.right": ("rechten", "right"),
    "checks.side.top": ("oberen", "top"),
    "checks.side.bottom": ("unteren", "bottom"),
    # file and fonts
    "checks.file.changed": ("die Datei ist nicht mehr die, die der Build geschrieben hat (sha256): neu bauen, "
                            "oder sie wurde von Hand geändert",
                            "the file differs from what the build wrote (sha256): rebuild, or it was changed by hand"),
    "checks.file.pages": ("{pages} Seiten, das Manifest nennt {listed}", "{pages} pages, the manifest lists {listed}"),
    "checks.file.encrypted": ("die Datei ist verschlüsselt", "the file is encrypted"),
    "checks.file.ok.one": ("{pages} Seite, wie gebaut", "{pages} page, as built"),
    "checks.file.ok.many": ("{pages} Seiten, wie gebaut", "{pages} pages, as built"),
    "checks.fonts.not_embedded": ("die Schrift '{name}' ({subtype}) ist nicht eingebettet",
                                  "font '{name}' ({subtype}) is not embedded"),
    "checks.fonts.ok.one": ("{count} Schrift, eingebettet", "{count} font, all embedded"),
    "checks.fonts.ok.many": ("{count} Schriften, alle eingebettet", "{count} fonts, all embedded"),
    # colour
    "checks.colour.rg": ("RGB-Füllfarbe", "RGB fill colour"),
    "checks.colour.RG": ("RGB-Linienfarbe", "RGB stroke colour"),
    "checks.colour.g": ("graue Füllfarbe", "grey fill colour"),
    "checks.colour.G": ("graue Linienfarbe", "grey stroke colour"),
    "checks.colour.space": ("Farbraum {space}", "colour space {space}"),
    "checks.colour.space_inline": ("Farbraum {space} (Inline-Bild)", "colour space {space} (inline image)"),
    "checks.colour.image": ("Bild in {space}", "image in {space}"),
    "checks.colour.problem": ("Seite {page}: {what}; der Druck nimmt nur CMYK",
                              "page {page}: {what}; print takes CMYK only"),
    "checks.colour.problem_times": ("Seite {page}: {what} ({count}-mal); der Druck nimmt nur CMYK",
                                    "page {page}: {what} ({count} times); print takes CMYK only"),
    "checks.colour.ok": ("nur CMYK", "CMYK only"),
    # boxes
    "checks.boxes.missing": ("Seite {page}: keine {box}", "page {page}: no {box}"),
    "checks.boxes.trim": ("Seite {page}: die TrimBox ist {width} × {height} mm, das Endformat "
                          "{trim_width} × {trim_height} mm",
                          "page {page}: TrimBox is {width} × {height} mm, the trim is {trim_width} × {trim_height} mm"),
    "checks.boxes.bleed": ("Seite {page}: die BleedBox ist nicht die TrimBox plus {bleed} mm an jeder Seite",
                           "page {page}: BleedBox is not the TrimBox plus {bleed} mm on every side"),
    "checks.boxes.media": ("Seite {page}: die MediaBox enthält die BleedBox nicht",
                           "page {page}: the MediaBox does not hold the BleedBox"),
    "checks.boxes.ok": ("TrimBox {width} × {height} mm, Beschnitt {bleed} mm",
                        "TrimBox {width} × {height} mm, bleed {bleed} mm"),
    # safe margin, lines, ink, bleed
    "checks.safe.one": ("Seite {page}: {count} Zeichen im Sicherheitsabstand von {safe} mm, z. B. '{char}' "
                        "{gap} mm vom {side} Rand",
                        "page {page}: {count} character inside the {safe} mm safe margin, e.g. '{char}' "
                        "{gap} mm from the {side} trim edge"),
    "checks.safe.many": ("Seite {page}: {count} Zeichen im Sicherheitsabstand von {safe} mm, z. B. '{char}' "
                         "{gap} mm vom {side} Rand",
                         "page {page}: {count} characters inside the {safe} mm safe margin, e.g. '{char}' "
                         "{gap} mm from the {side} trim edge"),
    "checks.safe.ok": ("kein Text näher als {safe} mm am Rand", "no text within {safe} mm of the trim"),
    "checks.lines.thin": ("Seite {page}: eine Linie ist {width} pt breit, nötig sind mindestens {minimum} pt",
                          "page {page}: a line {width} pt wide, at least {minimum} pt needed"),
    "checks.lines.ok": ("keine Linie dünner als {minimum} pt", "no line thinner than {minimum} pt"),
    "checks.ink.too_much": ("Seite {page}: {total} % Farbauftrag (C {c} M {m} Y {y} K {k}), höchstens {maximum} %",
                            "page {page}: {total} % total ink (C {c} M {m} Y {y} K {k}), at most {maximum} %"),
    "checks.ink.ok": ("Farbauftrag höchstens {maximum} %", "total ink at most {maximum} %"),
    "checks.bleed.gap": ("Seite {page}: die Farbe endet am {side} Rand, statt in den Beschnitt zu laufen "
                         "({spans} entlang des Randes)",
                         "page {page}: colour stops at the {side} trim edge instead of running into the bleed "
                         "({spans} along the edge)"),
    "checks.bleed.ok": ("der Hintergrund läuft überall in den Beschnitt, wo er den Rand berührt",
                        "background runs into the bleed wherever it touches the trim"),
    # links, metadata, size
    "checks.links.missing": ("Seite {page}: kein Link auf {url}, die Adresse des QR-Codes dort",
                             "page {page}: no link to {url}, which the QR code there opens"),
    "checks.links.unknown": ("Seite {page}: ein Link auf {url}, die nicht in den Daten steht",
                             "page {page}: a link to {url}, which is not in the data"),
    "checks.links.ok": ("{count} Links, darunter die Adresse jedes QR-Codes",
                        "{count} links, every QR code's url among them"),
    "checks.meta.missing": ("'{entry}' fehlt in den Dokumenteigenschaften", "no {entry} in the document information"),
    "checks.meta.lang": ("die Dokumentsprache (/Lang) ist {value}", "the document language (/Lang) is {value}"),
    "checks.meta.no_lang": ("die Dokumentsprache (/Lang) fehlt", "the document language (/Lang) is not set"),
    "checks.meta.outline": ("keine Lesezeichen (Gliederung)", "no bookmarks (document outline)"),
    "checks.meta.ok": ("Title, Author, Subject, Lang {lang}, {count} Lesezeichen",
                       "Title, Author, Subject, Lang {lang}, {count} bookmarks"),
    "checks.size.no_budget": ("keine Größenvorgabe: {reason}", "no size budget: {reason}"),
    "checks.size.too_big": ("{size} KB, für {kind} sind höchstens {budget} KB vorgesehen",
                            "{size} KB, the budget for a {kind} is {budget} KB"),
    "checks.size.ok": ("{size} KB von {budget} KB", "{size} KB of {budget} KB"),
})


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
        shown.append(Finding(check, False, msg("checks.more", count=len(messages) - len(shown))))
    return shown


def trim_box(pdf: PdfFile, index: int) -> Rect:
    boxes = pdf.boxes(index)
    return boxes["TrimBox"] or boxes["MediaBox"]  # type: ignore[return-value]


# Every profile

def check_file(pdf: PdfFile, subject: Subject) -> list[Finding]:
    doc, problems = subject.document, []
    if sha256(pdf.data) != doc.sha256:
        problems.append(msg("checks.file.changed"))
    if pdf.page_count != doc.pages:
        problems.append(msg("checks.file.pages", pages=pdf.page_count, listed=doc.pages))
    if pdf.encrypted:
        problems.append(msg("checks.file.encrypted"))
    if problems:
        return failed("file", problems)
    return passed("file", msg("checks.file.ok.one" if pdf.page_count == 1 else "checks.file.ok.many",
                              pages=pdf.page_count))


def check_fonts(pdf: PdfFile, subject: Subject) -> list[Finding]:
    fonts = pdf.fonts()
    missing = [msg("checks.fonts.not_embedded", name=f.name, subtype=f.subtype) for f in fonts if not f.embedded]
    if missing:
        return failed("fonts", missing)
    return passed("fonts", msg("checks.fonts.ok.one" if len(fonts) == 1 else "checks.fonts.ok.many", count=len(fonts)))


# Files for the press

def check_colours(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """DeviceCMYK only: no RGB, grey or calibrated colour in the content, no such image."""
    problems: dict[tuple[int, str], int] = {}
    names = ("rg", "RG", "g", "G")
    for op in pdf.operations():
        if op.name in names:
            what = f"{msg('checks.colour.' + op.name)} '{' '.join(f'{v:g}' for v in op.operands)} {op.name}'"
        elif op.name in ("cs", "CS", "BI") and op.operands[0] not in CMYK_SPACES:
            what = msg("checks.colour.space_inline" if op.name == "BI" else "checks.colour.space", space=op.operands[0])
        else:
            continue
        problems[(op.page, what)] = problems.get((op.page, what), 0) + 1
    for image in pdf.images():
        if image.colour_space not in CMYK_SPACES:
            key = (image.page, msg("checks.colour.image", space=image.colour_space))
            problems[key] = problems.get(key, 0) + 1
    if problems:
        return failed("colour", (msg("checks.colour.problem_times", page=page + 1, what=what, count=n) if n > 1
                                 else msg("checks.colour.problem", page=page + 1, what=what)
                                 for (page, what), n in sorted(problems.items())))
    return passed("colour", msg("checks.colour.ok"))


def check_boxes(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """TrimBox = the manifest's trim, BleedBox = trim + bleed, MediaBox holding the BleedBox."""
    doc, tol, problems = subject.document, BOX_TOLERANCE_MM * MM, []
    for index in range(pdf.page_count):
        boxes = pdf.boxes(index)
        trim, bleed, media = boxes["TrimBox"], boxes["BleedBox"], boxes["MediaBox"]
        where = index + 1
        if trim is None or bleed is None:
            problems.append(msg("checks.boxes.missing", page=where, box="TrimBox" if trim is None else "BleedBox"))
            continue
        size = ((trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM)
        if any(abs(a - b) > BOX_TOLERANCE_MM for a, b in zip(size, doc.trim_mm)):
            problems.append(msg("checks.boxes.trim", page=where, width=f"{size[0]:.1f}", height=f"{size[1]:.1f}",
                                trim_width=f"{doc.trim_mm[0]:g}", trim_height=f"{doc.trim_mm[1]:g}"))
        grown = _grow(trim, doc.bleed_mm * MM)
        if any(abs(a - b) > tol for a, b in zip(bleed, grown)):
            problems.append(msg("checks.boxes.bleed", page=where, bleed=f"{doc.bleed_mm:g}"))
        if media is None or not _contains(media, bleed, tol):
            problems.append(msg("checks.boxes.media", page=where))
    if problems:
        return failed("boxes", problems)
    return passed("boxes", msg("checks.boxes.ok", width=f"{doc.trim_mm[0]:g}", height=f"{doc.trim_mm[1]:g}",
                               bleed=f"{doc.bleed_mm:g}"))


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
            problems.append(msg("checks.safe.many" if len(close) > 1 else "checks.safe.one", page=index + 1,
                                count=len(close), safe=f"{safe:.1f}", char=char, gap=f"{gap / MM:.1f}",
                                side=msg(f"checks.side.{side}")))
    if problems:
        return failed("safe margin", problems)
    return passed("safe margin", msg("checks.safe.ok", safe=f"{safe:.1f}"))


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
        return failed("lines", (msg("checks.lines.thin", page=page + 1, width=f"{value:.3g}",
                                    minimum=f"{THINNEST_LINE_PT:g}") for page, value in sorted(thin.items())))
    return passed("lines", msg("checks.lines.ok", minimum=f"{THINNEST_LINE_PT:g}"))


def check_ink(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """Total area coverage of every CMYK colour set: C + M + Y + K at most 300 %."""
    worst: dict[int, tuple[float, tuple[float, ...]]] = {}
    for op in pdf.operations():
        if op.name in ("k", "K", "sc", "scn", "SC", "SCN") and len(op.operands) == 4:
            total = 100 * sum(op.operands)
            if total > MAX_INK + 0.5 and total > worst.get(op.page, (0.0, ()))[0]:
                worst[op.page] = (total, op.operands)
    if worst:
        return failed("ink", (msg("checks.ink.too_much", page=page + 1, total=f"{total:.0f}", c=f"{v[0]:.0%}",
                                  m=f"{v[1]:.0%}", y=f"{v[2]:.0%}", k=f"{v[3]:.0%}", maximum=f"{MAX_INK:.0f}")
                              for page, (total, v) in sorted(worst.items())))
    return passed("ink", msg("checks.ink.ok", maximum=f"{MAX_INK:.0f}"))


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
            problems.append(msg("checks.bleed.gap", page=index + 1, side=msg(f"checks.side.{side}"), spans=spans))
    if problems:
        return failed("bleed", problems)
    return passed("bleed", msg("checks.bleed.ok"))


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
    problems = [msg("checks.links.missing", page=q.page, url=q.url)
                for q in subject.document.qr if (q.page - 1, q.url) not in have]
    known = subject.data_urls | {q.url for q in subject.document.qr}
    problems += [msg("checks.links.unknown", page=page + 1, url=uri) for page, uri in sorted(have)
                 if uri not in known and not uri.startswith(("mailto:", "tel:"))]
    if problems:
        return failed("links", problems)
    return passed("links", msg("checks.links.ok", count=len(links)))


def check_metadata(pdf: PdfFile, subject: Subject) -> list[Finding]:
    info, problems = pdf.info(), []
    problems += [msg("checks.meta.missing", entry=key) for key in ("Title", "Author", "Subject")
                 if not info.get(key, "").strip()]
    lang = pdf.lang()
    if not lang or not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", lang):
        problems.append(msg("checks.meta.lang", value=repr(lang)) if lang else msg("checks.meta.no_lang"))
    if pdf.outline_count() == 0:
        problems.append(msg("checks.meta.outline"))
    if problems:
        return failed("metadata", problems)
    return passed("metadata", msg("checks.meta.ok", lang=lang, count=pdf.outline_count()))


def check_size(pdf: PdfFile, subject: Subject) -> list[Finding]:
    try:  # screen files are emailed: each kind's record holds what a mailbox takes without complaint
        budget = document_kind(subject.document.kind).size_budget.for_pages(subject.document.pages)
    except UnknownKind as unknown:
        return failed("size", [msg("checks.size.no_budget", reason=unknown)])
    size = len(pdf.data) / 1024
    if size > budget:
        return failed("size", [msg("checks.size.too_big", size=f"{size:.0f}", kind=subject.document.kind,
                                   budget=budget)])
    return passed("size", msg("checks.size.ok", size=f"{size:.0f}", budget=budget))


def _grow(box: Rect, by: float) -> Rect:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def _contains(outer: Rect, inner: Rect, tol: float) -> bool:
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol and inner[2] <= outer[2] + tol
            and inner[3] <= outer[3] + tol)
