"""Preflight, the report to send with the files: a PreflightReport → a Plan of A4 pages that `render_pdf` draws.

One line per document, every failure in full, what was not checked. The type shrinks from 9 to
5 pt to keep the report on one page; what still does not fit flows on to further pages. Line
breaking and measuring are the renderer's (through a Measurer), as for every document.
"""

from __future__ import annotations

from generator.measure import FLOOR, NATURAL, Measurer
from generator.messages import language, msg, register
from generator.plan import Box, Fonts, Ink, Meta, PagePlan, Para, Plan, Style, TextFrame
from generator.preflight.report import PreflightReport
from generator.profiles import Profile

A4_MM = (210.0, 297.0)
MARGIN_MM = 15.0
TITLE_MM = 12.0  # the title's line and the space below it
BLACK = Ink("text", (0.0, 0.0, 0.0, 1.0), (0.0, 0.0, 0.0))
TITLE = Style("bold", 14.0, 14.0, 1.2, BLACK, hyphenate=False, role="H1")
BODY = Style("regular", 9.0, 5.0, 1.3, BLACK, hyphenate=False)
STRONG = Style("bold", 9.0, 5.0, 1.3, BLACK, hyphenate=False, space_before_pt=4.0, role="H2")
# A plain office document: RGB, trim only, no links, no tags, no bleed.
REPORT_PROFILE = Profile("report", colour_model="rgb", bleed=False, links=False, outline=False, crop_marks=False,
                         compress=True, pad_pages=False)

register({
    "sheet.subject": ("Prüfung der gebauten PDFs", "Preflight of the built PDFs"),
    "sheet.camera": ("QR-Codes gelesen mit diesem Modell: {camera}.", "QR codes decoded as seen by {camera}."),
    "sheet.failed": ("FEHLER", "FAILED"),
})


def compose_report(report: PreflightReport, title: str, fonts: Fonts, measurer: Measurer) -> Plan:
    """The report's pages: a title, then its paragraphs fitted between 9 and 5 pt, flowing on as needed."""
    area = Box(MARGIN_MM, MARGIN_MM + TITLE_MM, A4_MM[0] - 2 * MARGIN_MM, A4_MM[1] - 2 * MARGIN_MM - TITLE_MM)
    fitted = measurer.fit(TextFrame(area, report_paras(report), role="report"), NATURAL, FLOOR)
    pages, rest = [fitted.frame], tuple[Para, ...]()
    if not fitted.fits:
        head, rest = measurer.split(fitted.frame.paras, area.w, area.h, FLOOR)
        pages = [TextFrame(area, head, role="report", fit=FLOOR)]
    while rest:
        head, rest = measurer.split(rest, area.w, area.h, FLOOR)
        if not head:  # a paragraph taller than a page: set it anyway rather than loop
            head, rest = rest[:1], rest[1:]
        pages.append(TextFrame(area, head, role="report", fit=FLOOR))
    heading = TextFrame(Box(MARGIN_MM, MARGIN_MM, area.w, TITLE_MM), (Para(title, TITLE),), role="title", fit=NATURAL)
    return Plan(trim_mm=A4_MM, bleed_mm=0.0, crop_marks=False,
                pages=tuple(PagePlan((heading, frame)) for frame in pages),
                meta=Meta(title, "standgen", msg("sheet.subject"), ("preflight",), lang=language()),
                fonts=fonts, hyphenation=(), safe_mm=0.0, document=title)


def report_paras(report: PreflightReport) -> tuple[Para, ...]:
    failed = sum(not d.ok for d in report.documents)
    verdict = msg("preflight.all_passed") if report.ok else msg("preflight.some_failed", failed=failed,
                                                                  count=len(report.documents))
    paras = [Para(verdict, STRONG), Para(msg("sheet.camera", camera=report.camera), BODY)]
    for doc in report.documents:
        status = msg("preflight.ok") if doc.ok else msg("sheet.failed")
        pages = msg("preflight.pages.one" if doc.pages == 1 else "preflight.pages.many", pages=doc.pages)
        line = f"{status}   {doc.path}   {doc.kind}, {doc.profile}, {pages}: {', '.join(doc.checks)}"
        paras.append(Para(line, BODY if doc.ok else STRONG))
        paras += [Para(f"{f.check}: {f.message}", BODY, bullet=True) for f in doc.findings if not f.ok]
    if report.before_printing:
        paras.append(Para(msg("preflight.before_printing") + ":", STRONG))
        paras += [Para(item, BODY, bullet=True) for item in report.before_printing]
    paras.append(Para(msg("preflight.not_checked") + ":", STRONG))
    paras += [Para(item, BODY, bullet=True) for item in report.not_checked]
    return tuple(paras)
