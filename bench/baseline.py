"""Bench baseline: the project sheet drawn with plain ReportLab canvas calls — our practical limit.

    python bench/baseline.py --data DIR --out DIR [--only N]

What a minimal hand-written script does for the same job as `standgen build --only
project-sheet-a4 --profile print`: read the YAML with yaml.safe_load, encode each url
with qrcode's own make(fit=True), and draw one A4 PDF per project with the same
Source Sans Pro TTF fonts embedded, CMYK colours, 3 mm bleed with trim and bleed
boxes, the same boxes and text (kicker, number, title, subtitle, summary, topics,
formats, carriers, contact, stand context, call to action, url, QR code, footer).

Lines are broken by a greedy word wrap on stringWidth and drawn with drawString:
no hyphenation, no justification, no shrink-to-fit, no typography, no validation,
no positions for messages, no incremental build and no atomic, fsync'ed writes.
Files are written with a plain open().write().
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from importlib import resources
from pathlib import Path

import qrcode
import yaml
from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

# The shipped layouts/project-sheet-a4.yaml, written out by hand.
TRIM_W, TRIM_H, BLEED = 210.0, 297.0, 3.0
LEFT, RIGHT, TOP, BOTTOM = 18.0, 15.0, 15.0, 12.0
COLUMNS, GUTTER, MAIN_COLUMNS = 12, 5.0, 8
BAND, FOOTER = 70.0, 14.0
QR_MM, QUIET = 30.0, 4
INK = {"text": (0, 0, 0, 1), "muted": (0, 0, 0, .7), "primary": (.95, .65, .15, .25), "accent": (0, .5, 1, 0),
       "tint": (0, .05, .13, 0), "paper": (0, 0, 0, 0)}
FONTS = {"regular": "Regular", "semibold": "Semibold", "bold": "Bold"}


def register_fonts() -> None:
    folder = Path(str(resources.files("font_source_sans_pro") / "files"))
    for role, name in FONTS.items():
        pdfmetrics.registerFont(TTFont(f"B-{role}", str(folder / f"SourceSansPro-{name}.ttf")))


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap: as many words on a line as fit."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line] if line else lines


class Sheet:
    """One sheet: millimetres from the trim's top-left, turned into PDF points here."""

    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas

    def pt(self, x: float, y: float) -> tuple[float, float]:
        return (BLEED + x) * mm, (BLEED + TRIM_H - y) * mm

    def fill(self, x: float, y: float, w: float, h: float, ink: str) -> None:
        self.c.setFillColor(CMYKColor(*INK[ink]))
        px, py = self.pt(x, y + h)
        self.c.rect(px, py, w * mm, h * mm, stroke=0, fill=1)

    def text(self, x: float, y: float, width: float, text: str, role: str, size: float, ink: str,
             leading: float = 1.3, after: float = 0.0, bullet: bool = False) -> float:
        """Draw wrapped lines with their first baseline below y; return y below the paragraph (mm)."""
        font = f"B-{role}"
        indent = size * 1.1 / mm if bullet else 0.0
        self.c.setFillColor(CMYKColor(*INK[ink]))
        self.c.setFont(font, size)
        step = size * leading / mm
        for index, line in enumerate(wrap(text, font, size, (width - indent) * mm)):
            y += step
            if bullet and index == 0:
                self.c.drawString(*self.pt(x, y - step * 0.2), "•")
            self.c.drawString(*self.pt(x + indent, y - step * 0.2), line)
        return y + after / mm

    def label(self, x: float, y: float, text: str, size: float, ink: str) -> float:
        """Tracked caps on one line."""
        t = self.c.beginText(*self.pt(x, y + size * 1.2 / mm * 0.8))
        t.setFont("B-semibold", size)
        t.setCharSpace(0.08 * size)
        t.setFillColor(CMYKColor(*INK[ink]))
        t.textOut(text.upper())
        t.setCharSpace(0)  # the PDF text state outlives the text object
        self.c.drawText(t)
        return y + size * 1.2 / mm


def columns(first: int, count: int) -> tuple[float, float]:
    col = (TRIM_W - LEFT - RIGHT - (COLUMNS - 1) * GUTTER) / COLUMNS
    return LEFT + first * (col + GUTTER), count * col + (count - 1) * GUTTER


def qr_runs(url: str) -> tuple[int, list[tuple[int, int, int]]]:
    """qrcode's own encoding and mask choice; dark modules as (x, y, w) runs per row."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url.encode("utf-8"))
    code.make(fit=True)
    runs = []
    for y, row in enumerate(code.modules):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((start, y, x - start))
            x += 1
    return len(code.modules), runs


def draw_sheet(stand: dict, project: dict) -> bytes:
    buffer = io.BytesIO()
    size = ((TRIM_W + 2 * BLEED) * mm, (TRIM_H + 2 * BLEED) * mm)
    c = Canvas(buffer, pagesize=size, invariant=1, pageCompression=1, enforceColorSpace="cmyk")
    c.setTitle(f"{project['number']} {project['title']}")
    c.setAuthor(f"{stand['organiser']['name']} · {stand['organiser'].get('unit', '')}")
    c.setSubject(f"{stand['headline']} – {stand['event']['name']}")
    c.setKeywords(", ".join(project.get("topics") or []))
    c.setTrimBox((BLEED * mm, BLEED * mm, (BLEED + TRIM_W) * mm, (BLEED + TRIM_H) * mm))
    c.setBleedBox((0, 0, size[0], size[1]))
    s = Sheet(c)
    _band(s, stand, project)
    _body(s, stand, project)
    _strip_and_footer(s, stand, project)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _band(s: Sheet, stand: dict, project: dict) -> None:
    s.fill(-BLEED, -BLEED, TRIM_W + 2 * BLEED, BAND + BLEED, "primary")
    event = stand["event"].get("short_name") or stand["event"]["name"]
    s.label(LEFT, TOP, f"{stand['organiser']['name']} · {event} · Projekt {project['number']}", 9, "tint")
    num_x, num_w = columns(0, 2)
    number = str(project["number"])
    size = min(96.0, (num_w + 4) * mm / pdfmetrics.stringWidth(number, "B-bold", 1))
    s.c.setFillColor(CMYKColor(*INK["accent"]))
    s.c.setFont("B-bold", size)
    s.c.drawString(*s.pt(num_x, BAND - 11), number)
    title_x, title_w = columns(2, COLUMNS - 2)
    y = s.text(title_x, BAND - 40, title_w, project["title"], "bold", 28, "paper", 1.1, 4)
    if project.get("subtitle"):
        s.text(title_x, y, title_w, project["subtitle"], "regular", 14, "tint", 1.25)


def _body(s: Sheet, stand: dict, project: dict) -> None:
    main_x, main_w = columns(0, MAIN_COLUMNS)
    y = BAND + 10
    for index, paragraph in enumerate(str(project.get("summary") or "").split("\n\n")):
        if paragraph.strip():
            size, after = (13, 8) if index == 0 else (10.5, 6)
            y = s.text(main_x, y, main_w, paragraph, "regular", size, "text", 1.35, after)
    for key, heading in (("topics", "Themen"), ("formats", "Format am Stand")):
        if project.get(key):
            y = s.label(main_x, y + 4, heading, 9.5, "primary") + 1.5
            for item in project[key]:
                y = s.text(main_x, y, main_w, item, "regular", 10.5, "text", 1.3, 3, bullet=True)
    side_x, side_w = columns(MAIN_COLUMNS, COLUMNS - MAIN_COLUMNS)
    y = s.label(side_x, BAND + 10, "Träger", 9.5, "primary") + 1.5
    for carrier in project["carriers"]:
        y = s.text(side_x, y, side_w, carrier["name"], "semibold", 10.5, "text", 1.3, 1)
        if carrier.get("unit"):
            y = s.text(side_x, y, side_w, carrier["unit"], "regular", 9.5, "text", 1.3, 6)
    contact = project.get("contact")
    if contact:
        y = s.label(side_x, y + 4, "Kontakt", 9.5, "primary") + 1.5
        for key in ("name", "email", "phone"):
            if contact.get(key):
                y = s.text(side_x, y, side_w, str(contact[key]), "regular", 9.5, "text", 1.3, 2)
    y = s.text(side_x, 178, side_w, stand["headline"], "semibold", 10.5, "text", 1.3, 1)
    s.text(side_x, y, side_w, stand["intro"][0], "regular", 9.5, "text", 1.3)


def _strip_and_footer(s: Sheet, stand: dict, project: dict) -> None:
    footer_top = TRIM_H - BOTTOM - FOOTER
    n, runs = qr_runs(project["url"])
    module = QR_MM / n
    quiet = 2 * QUIET * module
    height = QR_MM + quiet + 8
    top = footer_top - 4 - height
    s.fill(-BLEED, top, TRIM_W + 2 * BLEED, height, "tint")
    y = s.text(LEFT, top + 14, 100, "Mehr erfahren", "bold", 15, "primary", 1.2)
    y = s.text(LEFT, y + 1, 100, "QR-Code scannen oder besuchen:", "regular", 9.5, "text", 1.3, 4)
    shown = project.get("short_url") or project["url"].split("://", 1)[1]
    s.text(LEFT, y, 100, shown, "semibold", 9, "text", 1.2)
    qx, qy = TRIM_W - RIGHT - QR_MM, top + 4 + quiet / 2
    s.fill(qx - quiet / 2, qy - quiet / 2, QR_MM + quiet, QR_MM + quiet, "paper")
    s.c.setFillColor(CMYKColor(0, 0, 0, 1))
    path = s.c.beginPath()
    for x, y, w in runs:
        px, py = s.pt(qx + x * module, qy + (y + 1) * module)
        path.rect(px, py, w * module * mm, module * mm)
    s.c.drawPath(path, stroke=0, fill=1)
    s.c.setStrokeColor(CMYKColor(*INK["muted"]))
    s.c.setLineWidth(0.5)
    s.c.line(*s.pt(LEFT, footer_top + 1.5), *s.pt(TRIM_W - RIGHT, footer_top + 1.5))
    org, event = stand["organiser"], stand["event"]
    y = s.text(LEFT, footer_top + 3.5, TRIM_W - LEFT - RIGHT, f"{org['name']} · {org.get('unit', '')}",
               "regular", 8, "muted")
    s.text(LEFT, y, TRIM_W - LEFT - RIGHT, f"{event['name']} · {event['dates']['start']} – {event['dates']['end']} · "
           f"{event.get('venue', '')}", "regular", 8, "muted")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--only", type=int, default=0, help="draw only the first N projects (0: all)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    register_fonts()
    stand = yaml.safe_load((args.data / "stand.yaml").read_text(encoding="utf-8"))
    files = sorted((args.data / "projects").glob("*.yaml"))
    if args.only:
        files = files[:args.only]
    args.out.mkdir(parents=True, exist_ok=True)
    for path in files:
        project = yaml.safe_load(path.read_text(encoding="utf-8"))
        (args.out / f"{path.stem}.pdf").write_bytes(draw_sheet(stand, project))
    print(f"{len(files)} sheets in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
