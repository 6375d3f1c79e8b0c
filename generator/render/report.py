"""Render, the preflight report: a PreflightReport → a one-page A4 PDF to send with the files.

One line per document, every failure in full, what was not checked; the type shrinks until
everything fits the page. Deterministic like every PDF standgen writes.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfbase.pdfmetrics import stringWidth

from generator import __version__
from generator.jobs import packaged_font_dir
from generator.messages import msg
from generator.preflight.report import PreflightReport
from generator.render.fonts import register

MARGIN = 15 * mm
SIZES_PT = (9.0, 8.0, 7.0, 6.0, 5.0, 4.0)


def render_report(report: PreflightReport, title: str) -> bytes:
    regular = register(str(packaged_font_dir() / "SourceSansPro-Regular.ttf"))
    bold = register(str(packaged_font_dir() / "SourceSansPro-Bold.ttf"))
    width = A4[0] - 2 * MARGIN
    for size in SIZES_PT:
        lines = _lines(report, regular, size, width)
        if len(lines) * size * 1.3 <= A4[1] - 2 * MARGIN - 24:
            break
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, lang="en")
    canvas.setTitle(title)
    canvas.setAuthor(f"standgen {__version__}")
    canvas.setSubject("Preflight of the built PDFs")
    canvas.setCreator(f"standgen {__version__}")
    y = A4[1] - MARGIN - 14
    canvas.setFont(bold, 14)
    canvas.drawString(MARGIN, y, title)
    y -= 10
    for text, strong in lines:
        y -= size * 1.3
        canvas.setFont(bold if strong else regular, size)
        canvas.drawString(MARGIN, y, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _lines(report: PreflightReport, font: str, size: float, width: float) -> list[tuple[str, bool]]:
    """(text, bold?) lines, wrapped to the width at this size."""
    failed = sum(not d.ok for d in report.documents)
    verdict = "All checks passed." if report.ok else f"{failed} of {len(report.documents)} documents failed."
    raw: list[tuple[str, bool]] = [(verdict, True), (f"QR codes decoded as seen by {report.camera}.", False), ("", False)]
    for doc in report.documents:
        raw.append((f"{'ok' if doc.ok else 'FAILED'}   {doc.path}   {doc.kind}, {doc.profile}, {doc.pages} "
                    f"page{'s' if doc.pages != 1 else ''}: {', '.join(doc.checks)}", not doc.ok))
        raw += [(f"      {f.check}: {f.message}", False) for f in doc.findings if not f.ok]
    if report.before_printing:
        raw += [("", False), (msg("preflight.before_printing") + ":", True)]
        raw += [(f"– {item}", False) for item in report.before_printing]
    raw += [("", False), ("Not checked by the program:", True)] + [(f"– {item}", False) for item in report.not_checked]
    return [(part, strong) for text, strong in raw for part in _wrap(text, font, size, width)]


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap by measured width; continuation lines indented."""
    lines, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current.strip() and stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = "      " + word
        else:
            current = candidate
    return lines + [current]
