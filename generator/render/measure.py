"""The render stage's Measurer: ReportLab's Paragraph measures text for compose's fit decisions.

It sets text exactly as `render_pdf` will (same fonts, hyphenation, sizes), so what
compose decides from its answers is what is drawn. See `generator/measure.py`.
"""

from __future__ import annotations

import dataclasses
import marshal

from reportlab import Version as REPORTLAB_VERSION
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from generator import __version__
from generator.diag import Diagnostic
from generator.measure import FLOOR, NATURAL, Fitted
from generator.messages import msg, register
from generator.plan import Fonts, Para, TextFrame
from generator.render.fonts import font_name, glyph_widths, patterns_name
from generator.render.german import NBSP, SHY, german_hyphenation
from generator.render.text import (WRAPPED, Context, MetricKey, Placed, _measure, _overflow, _too_wide, make_flowable,
                                   metric_key as _metric_key, total_height)

Metrics = tuple[float, float, float, bool]  # height, space before, space after (points); a line too wide
STEPS = 12  # fitting positions between two sizes: a twelfth of the range, as the shrink always had
# Metrics shared by every measurer of the same fonts and hyphenation list: the booklet asks about the
# sheets' paragraphs again, and every sheet about the same labels and footer. Emptied (when the next
# measurer starts, never within a document) once it holds more than SHARED_LIMIT entries, so a stand of
# thousands of projects measures in bounded memory; answers never depend on what is remembered. A sheet
# leaves about 40 entries of ~450 bytes, so 10,000 keeps the sheets of a stand of ~200 projects for its
# booklet in ~5 MB; 60,000 (until round three) held ~27 MB in every worker of a large build for no
# measurable gain (2,000 sheets, --jobs 1: 40.9 s CPU at 60,000, 41.8 s at 10,000: noise).
SHARED_LIMIT = 10_000
MemoKey = tuple[MetricKey, float, float, bool]  # a paragraph's metric key, width (mm), fitting position, opened
_SHARED: dict[tuple[Fonts, tuple[str, ...]], dict[MemoKey, Metrics]] = {}
KEPT_FORMAT = 1  # of kept_metrics' data

register({
    "fit.word_broken": ("„{word}“ in '{field}' ist auch getrennt zu breit für {frame} im Dokument {document} und "
                        "wird ohne Trennstrich umbrochen", "'{word}' in '{field}' is too wide for {frame} of the "
                        "{document} even when hyphenated, and is broken without a hyphen"),
    "fit.word_broken.hint": ("kürze das Wort oder setze einen Bindestrich", "shorten the word or add a hyphen"),
})


class TextMeasurer:
    """Answers compose's questions for one document's fonts and hyphenation list."""

    def __init__(self, fonts: Fonts, hyphenation: tuple[str, ...], document: str, colour_model: str = "rgb") -> None:
        """`colour_model` changes no answer; measured with the colours of the document rendered next, the
        flowables can be drawn as they are (see WrappedParagraphs)."""
        self.ctx = Context(fonts, hyphenation, colour_model, document)
        self._cache = _SHARED.setdefault((fonts, hyphenation), {})
        if len(self._cache) > SHARED_LIMIT:
            self._cache.clear()

    def fit(self, frame: TextFrame, largest: float = NATURAL, smallest: float = FLOOR) -> Fitted:
        frame = self._open_wide_words(frame, smallest)
        notes: tuple[Diagnostic, ...] = ()
        t = self._search(frame, largest, smallest)
        if t is None and self._wide_at(frame, smallest):
            frame, notes = self._break_words(frame, smallest)
            t = self._search(frame, largest, smallest)
        chosen = smallest if t is None else t
        fitted = dataclasses.replace(frame, fit=chosen)
        if t is not None:  # the remembered metrics, summed as render's total_height sums them
            used = _framed([self._metrics(para, frame.box.w, chosen, opened=False) for para in frame.paras]) / mm
            return Fitted(fitted, used, True, None, notes)
        width, height = frame.box.w * mm, frame.box.h * mm
        placed = _measure(frame, chosen, width, height, self.ctx)
        used = total_height(placed) / mm
        return Fitted(fitted, used, False, _overflow(frame, placed, width, height, self.ctx), notes)

    def height_mm(self, paras: tuple[Para, ...], width_mm: float, t: float) -> float:
        metrics = [self._metrics(para, width_mm, t) for para in paras]
        return float(_stacked(metrics) / mm)

    def _metrics(self, para: Para, width_mm: float, t: float, opened: bool = True) -> Metrics:
        """Height, space before and after of one paragraph at position t (points), and whether a line is wider
        than the column; remembered, since fitting asks about the same paragraphs many times."""
        key = (_metric_key(para), width_mm, t, opened)
        found = self._cache.get(key)
        if found is None:
            source = self._open_para(para, width_mm * mm, t) if opened else para
            flowable, before, after = make_flowable(source, t, self.ctx)
            _, height = flowable.wrap(width_mm * mm, 1e6)
            placed = Placed(flowable, height, 0.0, para)
            found = self._cache[key] = (height, before, after, _too_wide([placed], width_mm * mm) is not None)
            if source is para:  # render may draw it as it is (see WrappedParagraphs)
                WRAPPED.keep(para, t, width_mm * mm, self.ctx, (flowable, before, after, height))
        return found

    def _split(self, paras: tuple[Para, ...], width_mm: float, height_mm: float,
               t: float) -> tuple[tuple[Para, ...], tuple[Para, ...]]:
        metrics = [self._metrics(para, width_mm, t) for para in paras]
        limit = height_mm * mm + 0.01
        for index in range(len(paras)):
            if _stacked(metrics[:index + 1]) <= limit:
                continue
            para, words = paras[index], paras[index].text.split(" ")
            count = 0 if para.keep_with_next else self._words_that_fit(metrics[:index], para, words, width_mm, limit, t)
            count = self._no_lone_lines(para, words, count, width_mm, t, moveable=index > 0)
            if count == 0:
                return paras[:index], paras[index:]
            first = dataclasses.replace(para, text=" ".join(words[:count]))
            rest = dataclasses.replace(para, text=" ".join(words[count:]), bullet=False)
            return (*paras[:index], first), (rest, *paras[index + 1:])
        return paras, ()

    def split(self, paras: tuple[Para, ...], width_mm: float, height_mm: float,
              t: float) -> tuple[tuple[Para, ...], tuple[Para, ...]]:
        head, rest = self._split(paras, width_mm, height_mm, t)
        while rest and head and (_heading(head[-1]) or head[-1].keep_with_next):  # a heading stays with its text
            head, rest = head[:-1], (head[-1], *rest)
        return head, rest

    def _words_that_fit(self, above: list[Metrics], para: Para, words: list[str], width_mm: float,
                        limit: float, t: float) -> int:
        """The most words of `para` that still fit below the paragraphs above (bisection; 0 if not even two do)."""
        low, high = 0, len(words) - 1
        while low < high:
            middle = (low + high + 1) // 2
            part = dataclasses.replace(para, text=" ".join(words[:middle]))
            if _stacked([*above, self._metrics(part, width_mm, t)]) <= limit:
                low = middle
            else:
                high = middle - 1
        return low if low >= 2 else 0  # one word alone at a frame's foot would be an orphan

    def _no_lone_lines(self, para: Para, words: list[str], count: int, width_mm: float, t: float,
                       moveable: bool) -> int:
        """The words to keep in this frame so that neither part of the paragraph is one line: no orphan (its first
        line alone at the foot) and no widow (its last line alone at the head of the next frame). 0 moves the
        whole paragraph, when something stands above it; at the top of a frame a lone line is the lesser evil."""
        if count == 0:
            return 0
        keep = count
        while keep > 0 and self._lines(para, words[keep:], width_mm, t, first=False) < 2:
            keep -= 1
        if keep and self._lines(para, words[:keep], width_mm, t, first=True) >= 2:
            return keep
        return 0 if moveable else count

    def _lines(self, para: Para, words: list[str], width_mm: float, t: float, first: bool) -> int:
        """How many lines these words of `para` take (the first part keeps the bullet)."""
        part = dataclasses.replace(para, text=" ".join(words), bullet=para.bullet and first)
        return round(self._metrics(part, width_mm, t)[0] / (para.style.size_at(t) * para.style.leading))

    def _fits(self, frame: TextFrame, t: float) -> bool:
        metrics = [self._metrics(para, frame.box.w, t, opened=False) for para in frame.paras]
        return _stacked(metrics) <= frame.box.h * mm + 0.01 and not any(m[3] for m in metrics)

    def _search(self, frame: TextFrame, largest: float, smallest: float) -> float | None:
        """The largest fitting position on a grid of STEPS per unit, by bisection (height grows with size)."""
        grid = [largest + (smallest - largest) * i / max(1, round((smallest - largest) * STEPS))
                for i in range(max(1, round((smallest - largest) * STEPS)) + 1)]
        natural = min(range(len(grid)), key=lambda i: abs(grid[i] - NATURAL)) if largest < NATURAL else 0
        if natural and self._fits(frame, grid[natural]):
            grid = grid[:natural + 1]
        elif natural:
            grid = grid[natural:]
        if self._fits(frame, grid[0]):
            return grid[0]  # most frames: their text fits as it is, one measurement instead of five
        if not self._fits(frame, grid[-1]):
            return None
        low, high = 0, len(grid) - 1  # grid[high] fits
        while low < high:
            middle = (low + high) // 2
            if self._fits(frame, grid[middle]):
                high = middle
            else:
                low = middle + 1
        return grid[high]

    def _wide_at(self, frame: TextFrame, t: float) -> bool:
        return any(self._metrics(para, frame.box.w, t, opened=False)[3] for para in frame.paras)

    def _open_wide_words(self, frame: TextFrame, t: float) -> TextFrame:
        """Words wider than the frame at the smallest size get soft hyphens where German breaks them."""
        paras = tuple(self._open_para(para, frame.box.w * mm, t) for para in frame.paras)
        return frame if paras == frame.paras else dataclasses.replace(frame, paras=paras)

    def _open_para(self, para: Para, width: float, t: float) -> Para:
        if para.link or para.style.tracking:
            return para
        font, size = font_name(self.ctx.fonts, para.style.font), para.style.size_at(t)
        indent = size * 1.1 if para.bullet else 0.0
        words = para.text.split(" ")
        shown = para.text.upper() if para.style.caps else para.text
        advances, missing = glyph_widths(font)
        widest = max(advances.get(ord(char), missing) for char in set(shown))
        if max(map(len, shown.split(" "))) * widest * size / 1000 <= width - indent:
            return para  # not even the longest word set in its widest glyph reaches the line's end

        def fits(text: str) -> bool:
            return bool(stringWidth(text.upper() if para.style.caps else text, font, size) <= width - indent)

        opened = [word if fits(word) else self._soft_hyphens(word) for word in words]
        return para if opened == words else dataclasses.replace(para, text=" ".join(opened))

    def _soft_hyphens(self, word: str) -> str:
        """Soft hyphens where German breaks the word (none beside a compound joint); words bound by no-break spaces
        one by one, never at the space ("und\u00a0-/Jugendhilfe")."""
        hyphenate = german_hyphenation(self.ctx.hyphenation)
        parts = []
        for plain in word.replace(SHY, "").split(NBSP):
            cuts = sorted({len(head) for head, _ in hyphenate(plain)} - {0, len(plain)})
            parts.append(SHY.join(plain[start:end] for start, end in zip([0, *cuts], [*cuts, len(plain)])))
        return NBSP.join(parts)

    def _break_words(self, frame: TextFrame, t: float) -> tuple[TextFrame, tuple[Diagnostic, ...]]:
        width, height = frame.box.w * mm, frame.box.h * mm
        placed = _measure(frame, t, width, height, self.ctx)
        notes, paras = [], []
        for item in placed:
            para = item.para
            if _too_wide([item], width) is not None and not para.style.tracking:
                word = max(para.text.replace(SHY, "").split(), key=len)
                where = para.source.span if para.source else self.ctx.document
                field = para.source.field if para.source else "text"
                notes.append(Diagnostic(where, msg("fit.word_broken", word=word, field=field, frame=frame.role,
                                                   document=self.ctx.document),
                                        msg("fit.word_broken.hint"), severity="warning"))
                para = dataclasses.replace(para, break_words=True)
            paras.append(para)
        return dataclasses.replace(frame, paras=tuple(paras)), tuple(notes)


def _framed(metrics: list[Metrics]) -> float:
    """The same sum as render.text.total_height, term by term, so the float is the same to the last bit."""
    gaps = [max(metrics[i][2], metrics[i + 1][1]) for i in range(len(metrics) - 1)] + [0.0] if metrics else []
    return sum(m[0] + gap for m, gap in zip(metrics, gaps))


def _stacked(metrics: list[Metrics]) -> float:
    """Paragraphs stacked as a frame sets them: heights, and between two the larger of after and before."""
    total = sum(m[0] for m in metrics)
    return total + sum(max(metrics[i][2], metrics[i + 1][1]) for i in range(len(metrics) - 1))


def _heading(para: Para) -> bool:
    """Labels in tracked capitals head what follows them."""
    return para.style.tracking > 0


def kept_metrics() -> bytes:
    """This process's remembered metrics as plain data (marshal), for the next build to start from.

    A one-project edit composes the stand-wide documents again; with the metrics of the last build
    only the edited project's paragraphs are measured (the shipped booklet: 0.10 s -> 0.02 s). Fonts
    are named by their registered names, which change with the files' content; `_identity` names the
    rest the answers depend on.
    """
    memos = {(_font_names(fonts), hyphenation): memo for (fonts, hyphenation), memo in _SHARED.items() if memo}
    return marshal.dumps((KEPT_FORMAT, _identity(), memos))


def start_from(data: bytes | None, fonts: tuple[Fonts, ...]) -> int:
    """Remember the metrics `kept_metrics` kept, for these fonts; the number of answers taken (0 for data of
    another version, fonts or patterns, or anything damaged)."""
    stored = _read_kept(data)
    taken = 0
    for font_set in fonts:
        names = _font_names(font_set)
        for (kept_names, hyphenation), memo in stored.items():
            if kept_names == names:
                into = _SHARED.setdefault((font_set, hyphenation), {})
                for key, metrics in memo.items():
                    if len(into) >= SHARED_LIMIT:
                        break
                    into.setdefault(key, metrics)
                    taken += 1
    return taken


def _read_kept(data: bytes | None) -> dict[tuple[tuple[str, ...], tuple[str, ...]], dict[MemoKey, Metrics]]:
    try:
        loaded = marshal.loads(data) if data else None
    except (EOFError, ValueError, TypeError):
        return {}
    if not (isinstance(loaded, tuple) and len(loaded) == 3 and loaded[:2] == (KEPT_FORMAT, _identity())
            and isinstance(loaded[2], dict)):
        return {}
    memos = {}
    for key, memo in loaded[2].items():
        if (isinstance(key, tuple) and len(key) == 2 and isinstance(memo, dict)
                and all(_entry_ok(k, v) for k, v in memo.items())):
            memos[key] = memo
    return memos


def _entry_ok(key: object, metrics: object) -> bool:
    """The shape `_metrics` keeps: (metric key, width, position, opened) → (height, before, after, too wide)."""
    return (isinstance(key, tuple) and len(key) == 4 and isinstance(key[0], tuple) and isinstance(metrics, tuple)
            and len(metrics) == 4 and all(isinstance(v, float) for v in metrics[:3]) and isinstance(metrics[3], bool))


def _font_names(fonts: Fonts) -> tuple[str, ...]:
    return tuple(font_name(fonts, role) if getattr(fonts, role) else "" for role in
                 ("regular", "italic", "semibold", "bold", "fallback"))


def _identity() -> str:
    """What else a paragraph's metrics depend on: this program (its line breaking rules), ReportLab and the
    hyphenation patterns (pyphen's version and dictionary file)."""
    return f"{__version__}|reportlab {REPORTLAB_VERSION}|{patterns_name()}"
