"""Render helpers: a TextFrame's paragraphs → ReportLab flowables, shrunk to fit or reported.

Line breaking, hyphenation and measuring are ReportLab's Paragraph; this module only
chooses sizes. Labels with letter spacing (tracked caps) are single lines drawn with
the canvas' character spacing, since Paragraph has none.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from dataclasses import dataclass
from html import escape as _html_escape

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from generator.diag import Diagnostic, Problems, shown
from generator.messages import msg, register
from generator.plan import Fonts, Ink, Para, Source, TextFrame
from generator.render.fonts import coverage, font_name
from generator.render.german import SHY, GermanParagraph, german_hyphenation

register({
    "render.missing_glyph": ("das Zeichen {code} in '{field}' (Zeichen {position}: …{context}) fehlt in den Schriften "
                             "des Dokuments {document}", "character {code} in '{field}' (character {position}: "
                             "…{context}) is not in the fonts of the {document}"),
    "render.missing_glyph_generated": ("das Zeichen {code} in einem erzeugten Text (Zeichen {position}: …{context}) "
                                       "fehlt in den Schriften des Dokuments {document}", "character {code} in a "
                                       "generated text (character {position}: …{context}) is not in the fonts of "
                                       "the {document}"),
    "render.missing_glyph.hint": ("ersetze es, oder nenne im Layout unter 'fonts' eine 'fallback'-Schrift",
                                  "replace it, or name a 'fallback' font in the layout's 'fonts'"),
    "render.too_wide": ("„{word}“ in '{field}' ist zu breit für „{role}“ im Dokument {document}",
                        "'{word}' in {field} is too wide for the {role} of the {document}"),
    "render.too_wide_text": ("„{word}“ ist zu breit für „{role}“ im Dokument {document}",
                             "'{word}' in the text is too wide for the {role} of the {document}"),
    "render.too_wide.hint": ("kürze es, oder trenne das Wort mit einem Bindestrich",
                             "shorten it, or split the word with a hyphen"),
    "render.too_long": ("der Text in '{field}' ist {excess} mm zu lang für „{role}“ im Dokument {document}",
                        "{field} is {excess} mm too long for the {role} of the {document}"),
    "render.too_long_text": ("der Text ist {excess} mm zu lang für „{role}“ im Dokument {document}",
                             "the text is {excess} mm too long for the {role} of the {document}"),
    "render.too_long.hint": ("kürze um etwa {words} Wörter", "shorten by about {words} words"),
})

ALIGN = {"left": TA_LEFT, "justify": TA_JUSTIFY, "center": TA_CENTER, "right": TA_RIGHT}
# ReportLab's hyphenated lines can overshoot by a fraction of a point; an unbreakable word by far more.
WIDTH_TOLERANCE_PT = 1.5


def escape(text: str) -> str:
    """&, < and > as entities (markup and XMP), quotes as they are."""
    return _html_escape(text, quote=False)


def colour(ink: Ink, model: str) -> Color:
    if model == "cmyk":
        return CMYKColor(*ink.cmyk)
    return Color(*ink.rgb)


@dataclass(frozen=True, slots=True)
class Context:
    """What text rendering needs from the plan and the profile."""

    fonts: Fonts
    hyphenation: tuple[str, ...]
    colour_model: str
    document: str


class Label(Flowable):
    """Text with letter spacing (tracked caps), which Paragraph cannot set: one line, or
    broken between words when the frame is narrower than the text."""

    def __init__(self, text: str, font: str, size: float, fill: Color, tracking: float, align: str,
                 leading: float = 1.2) -> None:
        super().__init__()
        self.text, self.font, self.size, self.fill, self.tracking, self.align = text, font, size, fill, tracking, align
        self.leading = leading
        self.natural = self._width(text)
        self.avail = 0.0
        self.lines: list[str] = [text]

    def _width(self, text: str) -> float:
        return float(stringWidth(text, self.font, self.size)) + self.tracking * self.size * max(len(text) - 1, 0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        self.lines = [self.text]
        if self.natural > avail_width + 0.01:
            self.lines = self._break(avail_width)
        return avail_width, self.size * self.leading * len(self.lines)

    def _break(self, width: float) -> list[str]:
        lines: list[str] = []
        for word in self.text.split(" "):
            if lines and self._width(f"{lines[-1]} {word}") <= width + 0.01:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines

    def too_wide(self) -> bool:
        return any(self._width(line) > self.avail + 0.01 for line in self.lines)

    def draw(self) -> None:
        for index, line in enumerate(self.lines):
            width = self._width(line)
            x = {"right": self.avail - width, "center": (self.avail - width) / 2}.get(self.align, 0.0)
            y = self.size * (0.25 + self.leading * (len(self.lines) - 1 - index))
            text = self.canv.beginText(x, y)
            text.setFont(self.font, self.size)
            text.setCharSpace(self.tracking * self.size)
            text.setFillColor(self.fill)
            text.textOut(line)
            self.canv.drawText(text)


class UrlLines(Label):
    """A printed link: broken only after '/', '?', '&' or '.', never inside a name and never hyphenated.

    ReportLab breaks a link only when it starts with a scheme (https://), which printed
    links leave out; otherwise it breaks anywhere ("…VOLF / DNR=…"). A part longer than
    the whole line is cut by width as a last resort.
    """

    def _break(self, width: float) -> list[str]:
        lines: list[str] = []
        for part in re.split(r"(?<=[/?&.])", self.text):
            if lines and self._width(lines[-1] + part) <= width + 0.01:
                lines[-1] += part
                continue
            while part and self._width(part) > width + 0.01:  # one part wider than the line: cut by width
                cut = max(1, max(i for i in range(1, len(part) + 1) if self._width(part[:i]) <= width or i == 1))
                lines.append(part[:cut])
                part = part[cut:]
            if part:
                lines.append(part)
        return lines or [""]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        self.lines = self._break(avail_width) if self.natural > avail_width + 0.01 else [self.text]
        return avail_width, self.size * self.leading * len(self.lines)

    def too_wide(self) -> bool:
        return False


def make_flowable(para: Para, t: float, ctx: Context) -> tuple[Flowable, float, float]:
    """The flowable for `para` at fitting position t (see Style.size_at), space before and after."""
    style = para.style
    size = style.size_at(t)
    scale = size / style.size_pt
    text = para.text.upper() if style.caps else para.text
    font = font_name(ctx.fonts, style.font)
    fill = colour(style.ink, ctx.colour_model)
    if style.tracking:
        label = Label(text.replace(SHY, ""), font, size, fill, style.tracking, style.align)
        return label, style.space_before_pt * scale, style.space_after_pt * scale
    if para.link and " " not in text.strip():
        url = UrlLines(text, font, size, fill, 0.0, style.align, style.leading)
        return url, style.space_before_pt * scale, style.space_after_pt * scale
    pstyle = ParagraphStyle(
        "p", fontName=font, fontSize=size, leading=size * style.leading, textColor=fill,
        alignment=ALIGN[style.align], splitLongWords=1 if para.link or para.break_words else 0, allowWidows=0,
        hyphenationLang=german_hyphenation(ctx.hyphenation) if style.hyphenate else "",
        uriWasteReduce=0.3 if para.link else 0, embeddedHyphenation=1,
        leftIndent=size * 1.1 if para.bullet else 0, bulletIndent=0, bulletFontName=font, bulletFontSize=size,
        bulletColor=fill)
    markup = functools.partial(_markup, para=para, ctx=ctx)
    flowable = GermanParagraph(text, markup, pstyle, "•" if para.bullet else None, repair=not para.link)
    return flowable, style.space_before_pt * scale, style.space_after_pt * scale


def _markup(text: str, para: Para, ctx: Context) -> str:
    """Escape plain text for Paragraph; route characters the main font lacks to the fallback font."""
    main = coverage(getattr(ctx.fonts, para.style.font))
    if all(ord(char) in main or char == "\n" or char == SHY for char in set(text)):
        return escape(text)  # the common case: every character in the main font
    fallback = coverage(ctx.fonts.fallback) if ctx.fonts.fallback else frozenset()
    out = []
    for index, char in enumerate(text):
        code = ord(char)
        if code in main or char in "\n" or char == SHY:
            out.append(escape(char))
        elif code in fallback:
            out.append(f'<font name="{font_name(ctx.fonts, "fallback")}">{escape(char)}</font>')
        else:
            raise Problems([_missing_glyph(char, index, para, ctx)])
    return "".join(out)


def _missing_glyph(char: str, index: int, para: Para, ctx: Context) -> Diagnostic:
    source = para.source
    where = source.span if source else ctx.document
    fields = {"code": f"U+{ord(char):04X}", "position": index + 1,
              "context": para.text[max(0, index - 12):index + 1], "document": ctx.document}
    message = (msg("render.missing_glyph", field=source.field, **fields) if source
               else msg("render.missing_glyph_generated", **fields))
    return Diagnostic(where, message, msg("render.missing_glyph.hint"))


@dataclass(frozen=True, slots=True)
class Placed:
    """A measured paragraph: its flowable, height, and the gap to the next one (points)."""

    flowable: Flowable
    height: float
    gap: float
    para: Para


def layout_frame(frame: TextFrame, ctx: Context) -> list[Placed]:
    """Measured flowables at the frame's fitted size; Problems if they do not fit (compose fits every frame)."""
    width, height = frame.box.w * mm, frame.box.h * mm
    placed = _measure(frame, frame.fit or 0.0, width, height, ctx)
    if total_height(placed) <= height + 0.01 and not _too_wide(placed, width):
        return placed
    raise Problems([_overflow(frame, placed, width, height, ctx)])


def _measure(frame: TextFrame, t: float, width: float, height: float, ctx: Context) -> list[Placed]:
    kept = [WRAPPED.get(para, t, width, ctx) for para in frame.paras]
    built = [found[:3] if found else make_flowable(para, t, ctx) for para, found in zip(frame.paras, kept)]
    placed = []
    for index, (para, (flowable, _, after)) in enumerate(zip(frame.paras, built)):
        found = kept[index]
        h = found[3] if found else flowable.wrap(width, height)[1]
        before_next = built[index + 1][1] if index + 1 < len(built) else 0.0
        gap = max(after, before_next) if index + 1 < len(built) else 0.0
        placed.append(Placed(flowable, h, gap, para))
    return placed


MetricKey = tuple[object, ...]  # see metric_key
Wrapped = tuple[Flowable, float, float, float]  # a wrapped flowable, space before and after, height (points)


def metric_key(para: Para) -> MetricKey:
    """What a paragraph's metrics depend on: not its source position, colour or structure role."""
    s = para.style
    return (para.text, s.font, s.size_pt, s.min_size_pt, s.max_size_pt, s.leading, s.align, s.tracking, s.caps,
            s.hyphenate, s.space_before_pt, s.space_after_pt, para.bullet, bool(para.link), para.break_words)


class WrappedParagraphs:
    """Flowables the measurer has wrapped, kept for the renderer to draw instead of wrapping them again.

    Compose measures a frame's paragraphs at the size it then chooses, and render sets them at that
    size again (a tenth of a sheet's CPU). A flowable's lines depend on the text, style, colour,
    fonts, hyphenation list, size and width: the key holds all of them (the fonts by their registered
    names, which change with the file's content), so a kept flowable is the one render would make.
    Drawing does not change a wrapped flowable, so one kept footer serves every sheet. The LIMIT
    most recently used are kept: more than one document needs, bounded for any stand.
    """

    LIMIT = 256

    def __init__(self) -> None:
        self._kept: OrderedDict[tuple[object, ...], Wrapped] = OrderedDict()

    @staticmethod
    def key(para: Para, t: float, width: float, ctx: Context) -> tuple[object, ...]:
        fallback = font_name(ctx.fonts, "fallback") if ctx.fonts.fallback else None
        return (metric_key(para), para.style.ink, t, width, font_name(ctx.fonts, para.style.font), fallback,
                ctx.hyphenation, ctx.colour_model)

    def keep(self, para: Para, t: float, width: float, ctx: Context, wrapped: Wrapped) -> None:
        self._kept[self.key(para, t, width, ctx)] = wrapped
        if len(self._kept) > self.LIMIT:
            self._kept.popitem(last=False)

    def get(self, para: Para, t: float, width: float, ctx: Context) -> Wrapped | None:
        key = self.key(para, t, width, ctx)
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found


WRAPPED = WrappedParagraphs()


def total_height(placed: list[Placed]) -> float:
    return sum(p.height + p.gap for p in placed)


def _too_wide(placed: list[Placed], width: float) -> Placed | None:
    """The first paragraph with a line wider than the frame (a word that cannot break)."""
    for item in placed:
        flowable = item.flowable
        if isinstance(flowable, Label):
            if flowable.too_wide():
                return item
        elif max(flowable.getActualLineWidths0() or [0]) > width + WIDTH_TOLERANCE_PT:
            return item
    return None


def _overflow(frame: TextFrame, placed: list[Placed], width: float, height: float, ctx: Context) -> Diagnostic:
    """Name the longest field in the frame, and by how much the frame overflows."""
    wide = _too_wide(placed, width)
    if wide is not None:
        source = wide.para.source
        word = max(wide.para.text.split(), key=len)
        fields = {"word": shown(word), "role": frame.role, "document": ctx.document}
        message = (msg("render.too_wide", field=source.field, **fields) if source
                   else msg("render.too_wide_text", **fields))
        return Diagnostic(source.span if source else ctx.document, message, msg("render.too_wide.hint"))
    sizes: dict[Source | None, int] = {}
    for para in frame.paras:
        sizes[para.source] = sizes.get(para.source, 0) + len(para.text)
    culprit = max(sizes, key=lambda s: (s is not None, sizes[s]))
    excess_mm = max((total_height(placed) - height) / mm, 0.0)
    words = sum(len(p.text.split()) for p in frame.paras)
    per_mm = words / max(total_height(placed) / mm, 1.0)
    fields = {"excess": f"{excess_mm:.0f}", "role": frame.role, "document": ctx.document}
    message = (msg("render.too_long", field=culprit.field, **fields) if culprit
               else msg("render.too_long_text", **fields))
    hint = msg("render.too_long.hint", words=max(1, round(excess_mm * per_mm)))
    return Diagnostic(culprit.span if culprit else ctx.document, message, hint)
