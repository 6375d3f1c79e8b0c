"""Render stage: a Plan and a Profile → PDF bytes. The only package that imports ReportLab.

A pure function: no clock (the canvas is invariant), no file output. Plan coordinates
(mm from the trim's top-left) become PDF points here and only here.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from generator import __version__
from generator.diag import Diagnostic, Problems
from generator.messages import msg, register
from generator.plan import PAPER, QR_BLACK, Box, Fill, Jump, Link, PagePlan, Plan, QrCode, Rule, TextFrame
from generator.profiles import Profile
from generator.render.adapter import stream_settings
from generator.render.fonts import font_name, plain_fonts
from generator.render.pdfx import PDF_VERSION, declare_pdfx
from generator.render.tagging import TAGGED_PDF_VERSION, NoTags, tagger_for
from generator.render.text import Context, colour, layout_frame, total_height

CROP_MARK_MM = (2.0, 5.0)  # distance from the bleed edge, length

register({
    "render.safe_zone": ("„{role}“ auf Seite {page} reicht in den Sicherheitsabstand von {safe} mm zum Rand",
                         "the {role} on page {page} reaches into the {safe} mm safe margin"),
    "render.safe_zone.hint": ("vergrößere 'margins_mm' im Layout", "widen the layout's margins_mm"),
})


class _Page:
    """Converts plan millimetres (top-left origin) to PDF points (bottom-left origin)."""

    def __init__(self, plan: Plan, profile: Profile) -> None:
        self.trim_w, self.trim_h = plan.trim_mm
        self.bleed = plan.bleed_mm if profile.bleed else 0.0
        marks = plan.crop_marks if profile.crop_marks is None else profile.crop_marks
        self.marks = marks and profile.bleed
        self.offset = self.bleed + (sum(CROP_MARK_MM) + 1 if self.marks else 0.0)
        self.size = ((self.trim_w + 2 * self.offset) * mm, (self.trim_h + 2 * self.offset) * mm)

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (self.offset + x) * mm, (self.offset + self.trim_h - y) * mm

    def rect(self, box: Box) -> tuple[float, float, float, float]:
        x, y = self.point(box.x, box.bottom)
        return x, y, box.w * mm, box.h * mm

    def bled(self, box: Box) -> Box:
        """Edges lying on the trim line run on into the bleed."""
        b, eps = self.bleed, 0.01
        left = box.x - b if box.x <= eps else box.x
        top = box.y - b if box.y <= eps else box.y
        right = box.right + b if box.right >= self.trim_w - eps else box.right
        bottom = box.bottom + b if box.bottom >= self.trim_h - eps else box.bottom
        return Box(left, top, right - left, bottom - top)

    def box_pt(self, inset: float) -> tuple[float, float, float, float]:
        """A page box `inset` mm outside the trim, as PDF coordinates."""
        low = (self.offset - inset) * mm
        return low, low, (self.offset + self.trim_w + inset) * mm, (self.offset + self.trim_h + inset) * mm


def render_pdf(plan: Plan, profile: Profile) -> bytes:
    """The whole document as PDF bytes; raises Problems for overflowing text or missing glyphs."""
    _check_safe_zone(plan)
    with stream_settings():  # ReportLab's stream settings are process-wide: set for this document, here
        return _write(plan, profile)


def _write(plan: Plan, profile: Profile) -> bytes:
    geometry = _Page(plan, profile)
    fonts = plain_fonts(plan.fonts) if profile.plain_fonts else plan.fonts
    ctx = Context(fonts, plan.hyphenation, profile.colour_model, plan.document)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=geometry.size, invariant=1, pageCompression=1 if profile.compress else 0,
                    enforceColorSpace=profile.colour_model, initialFontName=font_name(fonts, "regular"),
                    lang=plan.meta.lang, pdfVersion=TAGGED_PDF_VERSION if profile.tagged else PDF_VERSION)
    _metadata(canvas, plan, profile)
    if profile.pdfx:
        declare_pdfx(canvas, profile.pdfx, profile.output_condition)
    if profile.bleed:
        canvas.setTrimBox(geometry.box_pt(0))
        canvas.setBleedBox(geometry.box_pt(geometry.bleed))
    tagger = tagger_for(canvas, plan, profile)
    blank = plan.padding() if profile.pad_pages else 0
    pad_at = len(plan.pages) - 1 if plan.back_cover else len(plan.pages)
    for index, page in enumerate(plan.pages):
        if index == pad_at:
            for _ in range(blank):
                canvas.showPage()
        _draw_page(canvas, page, index, geometry, ctx, profile, tagger)
        canvas.showPage()
    if pad_at == len(plan.pages):
        for _ in range(blank):
            canvas.showPage()
    tagger.finish()
    canvas.save()
    return buffer.getvalue()


def _metadata(canvas: Canvas, plan: Plan, profile: Profile) -> None:
    meta = plan.meta
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setKeywords(", ".join(meta.keywords))
    canvas.setCreator(f"standgen {__version__}")
    canvas.setProducer(f"standgen {__version__} (ReportLab)")
    if profile.outline and plan.open_outline and any(page.bookmark for page in plan.pages):
        canvas.showOutline()


def _draw_page(canvas: Canvas, page: PagePlan, index: int, geometry: _Page, ctx: Context, profile: Profile,
               tagger: NoTags) -> None:
    key = page.anchor or f"page-{index + 1}"
    canvas.bookmarkPage(key)
    if profile.outline and page.bookmark:
        canvas.addOutlineEntry(page.bookmark, key, level=0)
    tagger.start_page(index, page, key)
    for item in page.items:
        tagger.begin(item)
        if isinstance(item, Fill):
            canvas.setFillColor(colour(item.ink, ctx.colour_model))
            canvas.rect(*geometry.rect(geometry.bled(item.box)), stroke=0, fill=1)
        elif isinstance(item, Rule):
            black = profile.overprint_black and item.ink.cmyk == QR_BLACK.cmyk
            if black:
                _overprint(canvas, True)
            canvas.setStrokeColor(colour(item.ink, ctx.colour_model))
            canvas.setLineWidth(item.width_pt)
            if item.dots_pt:  # zero-length dashes with round caps draw as dots
                canvas.setLineCap(1)
                canvas.setDash([0, item.dots_pt], 0)
            canvas.line(*geometry.point(item.x1, item.y1), *geometry.point(item.x2, item.y2))
            if item.dots_pt:
                canvas.setDash([], 0)
                canvas.setLineCap(0)
            if black:
                _overprint(canvas, False)
        elif isinstance(item, TextFrame):
            _draw_frame(canvas, item, geometry, ctx, profile, tagger)
        elif isinstance(item, QrCode):
            _draw_qr(canvas, item, geometry, ctx)
        elif isinstance(item, Link) and profile.links:
            x, y, w, h = geometry.rect(item.box)
            tagger.link(item.url, (x, y, x + w, y + h), item.box)
        elif isinstance(item, Jump) and profile.links:
            x, y, w, h = geometry.rect(item.box)
            tagger.jump(item.anchor, (x, y, x + w, y + h), item.box)
        tagger.end(item)
    if geometry.marks:
        _crop_marks(canvas, geometry, ctx)
    if geometry.bleed >= 2 and page.folds_mm:
        _fold_marks(canvas, page.folds_mm, geometry, ctx)


def _draw_frame(canvas: Canvas, frame: TextFrame, geometry: _Page, ctx: Context, profile: Profile,
                tagger: NoTags) -> None:
    placed = layout_frame(frame, ctx)
    x, y_bottom, width, height = geometry.rect(frame.box)
    slack = height - total_height(placed)
    y = y_bottom + height - {"bottom": slack, "middle": slack / 2}.get(frame.valign, 0.0)
    for item in placed:
        y -= item.height
        tagger.begin_para(item.para, frame.box)
        black = profile.overprint_black and item.para.style.ink.cmyk == QR_BLACK.cmyk
        if black:  # 100 % K text overprints a tint under it: misregistration cannot open a white gap
            _overprint(canvas, True)
        item.flowable.drawOn(canvas, x, y)
        if black:
            _overprint(canvas, False)
        tagger.end_para()
        if item.para.link and profile.links:
            tagger.link(item.para.link, (x, y, x + width, y + item.height))
        y -= item.gap


def _overprint(canvas: Canvas, on: bool) -> None:
    """Fill and stroke overprint with the nonzero overprint mode (/OP /op true, /OPM 1), allowed in PDF/X-1a."""
    canvas.setFillOverprint(on)
    canvas.setStrokeOverprint(on)
    canvas.setOverprintMask(on)


def _draw_qr(canvas: Canvas, qr: QrCode, geometry: _Page, ctx: Context) -> None:
    """A white quiet zone, then the dark modules as merged rectangles in 100 % K."""
    canvas.setFillColor(colour(PAPER, ctx.colour_model))
    canvas.rect(*geometry.rect(qr.outer), stroke=0, fill=1)
    canvas.setFillColor(colour(QR_BLACK, ctx.colour_model))
    module = qr.module_mm
    path = canvas.beginPath()
    for mx, my, mw, mh in qr.matrix.rects():
        x, y = geometry.point(qr.box.x + mx * module, qr.box.y + (my + mh) * module)
        path.rect(x, y, mw * module * mm, mh * module * mm)
    canvas.drawPath(path, stroke=0, fill=1)


def _crop_marks(canvas: Canvas, geometry: _Page, ctx: Context) -> None:
    canvas.setStrokeColor(colour(QR_BLACK, ctx.colour_model))
    canvas.setLineWidth(0.25)
    gap, length = CROP_MARK_MM
    start, end = geometry.bleed + gap, geometry.bleed + gap + length
    for x in (0.0, geometry.trim_w):
        for y in (0.0, geometry.trim_h):
            sx = -1 if x == 0 else 1
            sy = -1 if y == 0 else 1
            canvas.line(*geometry.point(x + sx * start, y), *geometry.point(x + sx * end, y))
            canvas.line(*geometry.point(x, y + sy * start), *geometry.point(x, y + sy * end))


def _fold_marks(canvas: Canvas, folds: tuple[float, ...], geometry: _Page, ctx: Context) -> None:
    """Short lines in the bleed above and below each fold: visible on the sheet, trimmed away."""
    canvas.setStrokeColor(colour(QR_BLACK, ctx.colour_model))
    canvas.setLineWidth(0.25)
    outer = geometry.offset
    for x in folds:
        canvas.line(*geometry.point(x, -outer), *geometry.point(x, -1.0))
        canvas.line(*geometry.point(x, geometry.trim_h + 1.0), *geometry.point(x, geometry.trim_h + outer))


def _check_safe_zone(plan: Plan) -> None:
    """No text box may reach into the safe margin inside the trim: a composer bug, reported plainly."""
    w, h, s = *plan.trim_mm, plan.safe_mm
    for index, page in enumerate(plan.pages):
        for item in page.items:
            if isinstance(item, TextFrame):
                b = item.box
                if b.x < s - 0.01 or b.y < s - 0.01 or b.right > w - s + 0.01 or b.bottom > h - s + 0.01:
                    text = msg("render.safe_zone", role=item.role, page=index + 1, safe=f"{s:g}")
                    raise Problems([Diagnostic(plan.document, text, msg("render.safe_zone.hint"))])
