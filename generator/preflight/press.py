"""Preflight checks of press-safe colour on a built print PDF (read through preflight.inks) → Findings:
small type in one ink and never thinly reversed out of several, 100 % K overprinting what it covers,
and colour that meets a flyer's fold running on past it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from generator.messages import msg, register
from generator.preflight.checks import MM, Subject, failed, passed
from generator.preflight.inks import BLACK, Cmyk, Mark, PageInks, inks, lightness, read_inks
from generator.preflight.pdfread import PdfFile, Rect
from generator.preflight.report import Finding

SMALL_PT = 12.0  # below this, text is printed in 100 % K or one process ink
REVERSED_PT = 10.0  # below this, no light text on a colour of several inks; below 12 pt, only semibold or heavier
HEAVY = ("semibold", "demibold", "bold", "black", "heavy")  # in a font's name: strokes sturdy enough to reverse
FOLD_RUN_MM = 1.5  # colour that meets a fold runs this far past it
FOLD_MARK_INSET_MM = 1.0  # a fold mark lies this far inside the trim's width at least (crop marks lie on its edges)
TOLERANCE_MM = 0.05

register({
    "press.small.inks": ("Seite {page}: Text in {size} pt aus {count} Druckfarben ({colour}), z. B. „{text}“ "
                         "{x} mm von links, {y} mm von oben; unter 12 pt nur 100 % K oder eine Druckfarbe",
                         "page {page}: {size} pt text in {count} process inks ({colour}), e.g. '{text}' {x} mm "
                         "from the left, {y} mm from the top; below 12 pt only 100 % K or one process ink"),
    "press.small.reversed": ("Seite {page}: heller Text in {size} pt {font} auf {count} Druckfarben ({colour}), "
                             "z. B. „{text}“ {x} mm von links, {y} mm von oben; negativ erst ab 10 pt halbfett",
                             "page {page}: light {size} pt {font} text reversed out of {count} process inks "
                             "({colour}), e.g. '{text}' {x} mm from the left, {y} mm from the top; reversed only "
                             "from 10 pt semibold"),
    "press.times": (" ({count}-mal auf der Seite)", " ({count} times on the page)"),
    "press.small.ok": ("Text unter 12 pt in 100 % K oder einer Druckfarbe, negativ erst ab 10 pt halbfett",
                       "text below 12 pt in 100 % K or one process ink, reversed only from 10 pt semibold"),
    "press.overprint.text": ("Seite {page}: Text in 100 % K auf Farbe ({colour}) spart aus statt zu überdrucken, "
                             "z. B. „{text}“ {x} mm von links, {y} mm von oben",
                             "page {page}: 100 % K text on colour ({colour}) knocks out instead of overprinting, "
                             "e.g. '{text}' {x} mm from the left, {y} mm from the top"),
    "press.overprint.line": ("Seite {page}: eine Linie in 100 % K auf Farbe ({colour}) spart aus statt zu "
                             "überdrucken, {x} mm von links, {y} mm von oben",
                             "page {page}: a 100 % K line on colour ({colour}) knocks out instead of overprinting, "
                             "{x} mm from the left, {y} mm from the top"),
    "press.overprint.ok": ("100 % K überdruckt überall, wo es auf Farbe steht (/OP /op true, /OPM 1)",
                           "100 % K overprints wherever it stands on colour (/OP /op true, /OPM 1)"),
    "press.folds.near": ("Seite {page}: eine Farbfläche ({colour}) endet {gap} mm neben dem Falz bei {fold} mm; "
                         "Farbe am Falz läuft {run} mm darüber hinaus",
                         "page {page}: a colour area ({colour}) ends {gap} mm from the fold at {fold} mm; colour "
                         "at a fold runs {run} mm past it"),
    "press.folds.ok": ("Farbe am Falz läuft überall {run} mm darüber hinaus ({count} Falze)",
                       "colour at a fold runs {run} mm past it everywhere ({count} folds)"),
})


def check_small_type(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """Text below 12 pt in at most one process ink; light text below 12 pt on a colour of several inks only from
    10 pt semibold (the weight read from the font's name)."""
    problems: list[str] = []
    for page in read_inks(pdf):
        texts = [m for m in page.marks if m.kind == "text" and m.size_pt < SMALL_PT - 0.01]
        mixed = [m for m in texts if inks(m.cmyk) > 1]
        problems += _first(page, mixed, "press.small.inks", lambda m: m.cmyk)
        thin = [m for m in texts if (m.size_pt < REVERSED_PT - 0.01 or not _heavy(m.font))
                and _reversed_on(m) is not None]
        problems += _first(page, thin, "press.small.reversed", _reversed_on)
    if problems:
        return failed("small type", problems)
    return passed("small type", msg("press.small.ok"))


def check_overprint(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """100 % K text and lines drawn over any colour do so with overprint on (/OP true /op true /OPM 1)."""
    problems: list[str] = []
    for page in read_inks(pdf):
        for kind in ("text", "line"):
            bare = [m for m in page.marks if m.kind == kind and _is_black(m.cmyk) and not m.overprint
                    and any(inks(g) for g in m.grounds)]
            problems += _first(page, bare, f"press.overprint.{kind}", lambda m: max(m.grounds, key=inks))
    if problems:
        return failed("overprint", problems)
    return passed("overprint", msg("press.overprint.ok"))


def check_folds(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """On a folded document, no colour area ends within 1.5 mm of a fold: it stops well short or runs on past.

    The folds are read from the fold marks the file draws in the bleed: they are what the print shop folds by,
    they belong to this very file (a layout edited after the build cannot disagree with them), and the inside's
    are already mirrored. Without marks (a bleed too narrow for them) the layout's panels stand in."""
    problems, folds_seen = [], 0
    for page in read_inks(pdf):
        folds = fold_marks(page) or _layout_folds(subject, page)
        folds_seen += len(folds)
        for area in page.areas:
            if not inks(area.cmyk) or not _crosses_trim(area.rect, page.trim):
                continue
            for fold in folds:
                x = page.trim[0] + fold * MM
                gap = min(abs(area.rect[0] - x), abs(area.rect[2] - x)) / MM
                if gap < FOLD_RUN_MM - TOLERANCE_MM:
                    problems.append(msg("press.folds.near", page=page.index + 1, colour=_cmyk(area.cmyk),
                                        gap=f"{gap:.1f}", fold=f"{fold:.1f}", run=f"{FOLD_RUN_MM:g}"))
    if problems:
        return failed("folds", sorted(set(problems), key=problems.index))
    if not folds_seen:
        return []  # nothing folds: not a check for this document
    return passed("folds", msg("press.folds.ok", run=f"{FOLD_RUN_MM:g}", count=folds_seen))


def fold_marks(page: PageInks) -> tuple[float, ...]:
    """Fold positions (mm from the trim's left edge) of the short vertical lines drawn above or below the trim."""
    left, bottom, right, top = page.trim
    found = set()
    for _, ((x1, y1), (x2, y2)) in page.strokes:
        vertical = abs(x1 - x2) < 0.01
        outside = min(y1, y2) >= top - 0.01 or max(y1, y2) <= bottom + 0.01
        if vertical and outside and left + FOLD_MARK_INSET_MM * MM < x1 < right - FOLD_MARK_INSET_MM * MM:
            found.add(round((x1 - left) / MM, 2))
    return tuple(sorted(found))


def _layout_folds(subject: Subject, page: PageInks) -> tuple[float, ...]:
    panels = subject.layout.panels_mm if subject.layout else ()
    outside = tuple(sum(panels[:i]) for i in range(1, len(panels)))
    width = (page.trim[2] - page.trim[0]) / MM
    return outside if page.index % 2 == 0 else tuple(sorted(width - x for x in outside))


def _first(page: PageInks, marks: list[Mark], key: str, colour_of: Callable[[Mark], Cmyk | None]) -> list[str]:
    """One message per page and kind of problem: the first instance, and how many there are."""
    if not marks:
        return []
    mark = marks[0]
    colour = colour_of(mark) or mark.cmyk
    x, y = mark.points[0]
    text = msg(key, page=page.index + 1, size=f"{mark.size_pt:.1f}", font=mark.font, count=inks(colour),
               colour=_cmyk(colour),
               text=mark.text[:40], x=f"{(x - page.trim[0]) / MM:.0f}", y=f"{(page.trim[3] - y) / MM:.0f}")
    return [text + (msg("press.times", count=len(marks)) if len(marks) > 1 else "")]


def _reversed_on(mark: Mark) -> Cmyk | None:
    """The multi-ink colour this text stands on and is lighter than, if any."""
    return next((g for g in mark.grounds if inks(g) > 1 and lightness(mark.cmyk) > lightness(g)), None)


def _heavy(font: str) -> bool:
    return any(weight in font.lower() for weight in HEAVY)


def _is_black(colour: Cmyk) -> bool:
    return all(abs(a - b) < 0.001 for a, b in zip(colour, BLACK))


def _crosses_trim(rect: Rect, trim: Rect) -> bool:
    return rect[1] < trim[3] and rect[3] > trim[1] and rect[0] < trim[2] and rect[2] > trim[0]


def _cmyk(colour: Iterable[float]) -> str:
    c, m, y, k = (round(100 * v) for v in colour)
    return f"C {c} M {m} Y {y} K {k}"
