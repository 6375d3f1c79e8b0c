"""Render helpers: German line-breaking rules on top of ReportLab's Paragraph (plain text in, lines out).

ReportLab breaks greedily, one line at a time, and knows no rule about the lines it has
made. Two rules of German typesetting are checked on the broken lines and repaired by
breaking again with less freedom: at most MAX_LADDER hyphenated lines in a row (the word
ending the next one is no longer hyphenated), and no lone word on the last line when
binding the last two words costs no extra line. Both measuring (compose) and drawing
(render) build their paragraphs here, so a measured height is the drawn height.
Compound words break at their joints first: the hyphenator ranks joint breaks above nearby
syllable breaks, and ReportLab takes the first that fits.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from generator.render.fonts import hyphenator

SHY, NBSP = "\u00ad", "\u00a0"
MAX_LADDER = 2  # hyphenated lines in a row
REPAIRS = 8  # re-breaks per paragraph at most; each forbids one more word, so a handful always ends it
JOINT_BONUS = 6  # letters of line a joint break is worth (see _ranked)
MIN_JOINT_PART = 5  # letters: a known word this long at a break makes it a joint (shorter ones: too many false ones)
Pairs = list[tuple[str, str]]
_EDGE = re.compile(r"^\W+|\W+$")


@functools.lru_cache(maxsize=16)
def german_hyphenation(exceptions: tuple[str, ...]) -> Hyphenation:
    return Hyphenation(exceptions)


class Hyphenation:
    """The hyphenator ReportLab calls for one paragraph: the plan's (pyphen and the exception list), compound
    joints first, and none at all for words that start with one this paragraph may no longer hyphenate."""

    def __init__(self, exceptions: tuple[str, ...], forbidden: frozenset[str] = frozenset()) -> None:
        self.exceptions, self.forbidden = exceptions, tuple(sorted(forbidden))
        self._base = hyphenator(exceptions)
        self._parts = _parts(exceptions)
        self._memo: dict[str, Pairs] = {}

    def __call__(self, word: str) -> Pairs:
        if self.forbidden and word.startswith(self.forbidden):
            return []
        found = self._memo.get(word)
        if found is None:  # ReportLab asks again for every line end a word reaches, at every size tried
            found = self._memo[word] = _ranked(*_by_joints(word, tuple(self._base(word)), self._parts))
        return list(found)

    def joints(self, word: str) -> tuple[int, ...]:
        """The word's breaks at compound joints, as positions from its start."""
        joints, _ = _by_joints(word, tuple(self._base(word)), self._parts)
        return tuple(sorted(len(head) for head, _ in joints))

    def without(self, words: frozenset[str]) -> Hyphenation:
        return self if not words else Hyphenation(self.exceptions, frozenset(self.forbidden) | words)


@functools.lru_cache(maxsize=16)
def _parts(exceptions: tuple[str, ...]) -> frozenset[str]:
    """The words a compound is made of, as the exception list marks them (Jugend-hilfe-planung: jugend,
    hilfe, planung, and jugendhilfeplanung itself)."""
    parts = {part.lower() for word in exceptions for part in (*word.split("-"), word.replace("-", ""))}
    return frozenset(part for part in parts if len(part) >= MIN_JOINT_PART)


@functools.lru_cache(maxsize=4096)
def _by_joints(word: str, pairs: tuple[tuple[str, str], ...], parts: frozenset[str]) -> tuple[Pairs, Pairs]:
    """The breaks between two words of a compound (joints), and the syllable breaks inside one. A break is a joint
    when a known word ends just before it, or before its linking s (Planungs-prozess, unless the break before the
    s is a joint: Grund-stücks, not Grunds-tücks), or starts just after it. A syllable break within two letters
    of a joint is dropped: the joint is the true one (Schulsozial-arbeit, not Schulsoziala-rbeit)."""
    lower = word.lower()

    def exact(cut: int) -> bool:
        return any(lower.endswith(part, 0, cut) or lower.startswith(part, cut) for part in parts)

    exacts = {len(head) for head, _ in pairs if exact(len(head))}

    def linking(cut: int) -> bool:
        return lower[cut - 1:cut] == "s" and cut - 1 not in exacts and any(lower.endswith(part, 0, cut - 1)
                                                                            for part in parts)

    joints = [pair for pair in pairs if len(pair[0]) in exacts or linking(len(pair[0]))]
    cuts = [len(head) for head, _ in joints]
    return joints, [pair for pair in pairs if pair not in joints and all(abs(len(pair[0]) - cut) > 2 for cut in cuts)]


def _ranked(joints: Pairs, others: Pairs) -> Pairs:
    """All breaks, best first, for ReportLab to take the first that fits: the longest head, where a joint counts
    JOINT_BONUS letters longer, so it wins over a syllable break up to that much further along the line
    (Jugendhilfe-ausschuss over Jugendhilfeaus-schuss) but a far-off one does not empty the line."""
    scored = [(len(head) + JOINT_BONUS, head, tail) for head, tail in joints] + [(len(h), h, t) for h, t in others]
    return [(head, tail) for _, head, tail in sorted(scored, key=lambda item: -item[0])]


def _core(word: str) -> str:
    """The word as ReportLab hands it to the hyphenator: no soft hyphens, no quotes or punctuation around it."""
    return _EDGE.sub("", word.replace(SHY, ""))


class GermanParagraph(Paragraph):
    """A Paragraph whose lines keep the rules above; `text` is plain text, `markup` turns it into Paragraph
    markup. Every wrap starts from the text as given, so the lines depend only on the width."""

    def __init__(self, text: str, markup: Callable[[str], str], style: ParagraphStyle,
                 bullet: str | None = None, repair: bool = True) -> None:
        self._plain, self._markup, self._base_style, self._bullet, self._repair = text, markup, style, bullet, repair
        self._state: tuple[str, frozenset[str]] = (text, frozenset())
        super().__init__(markup(text), style, bulletText=bullet)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803  # ReportLab's names
        self._set(self._plain, frozenset())
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        if not self._repair:
            return size
        lines = lines_of(self)
        wide: frozenset[str] = frozenset()  # words wider than the line: they must keep their breaks
        for _ in range(REPAIRS):
            text, forbidden = self._state
            word = _ladder_word(lines, self._plain, forbidden | wide)
            if not word:
                break
            if stringWidth(word, self.style.fontName, self.style.fontSize) > availWidth - self.style.leftIndent:
                wide |= {word}
                continue
            self._set(_unhyphenated(text, word), forbidden | {word})
            size = super().wrap(availWidth, availHeight)
            lines = lines_of(self)
        return self._bind_last_line(availWidth, availHeight, size, lines)

    def _bind_last_line(self, width: float, height: float, size: tuple[float, float],
                        lines: list[str]) -> tuple[float, float]:
        """A lone word on the last line goes down with its neighbour, unless that costs a line or makes a ladder."""
        text, forbidden = self._state
        head, _, last = text.rstrip().rpartition(" ")
        if len(lines) < 2 or len(lines[-1].split()) != 1 or len(lines[-2].split()) < 3 or len(text.split()) < 4:
            return size
        before = self.getActualLineWidths0()
        self._set(f"{head}{NBSP}{last}", forbidden)
        bound: tuple[float, float] = super().wrap(width, height)
        again, widths = lines_of(self), self.getActualLineWidths0()
        widest = max(width - self.style.leftIndent, *before) + 0.01
        if (len(again) == len(lines) and len(again[-1].split()) > 1 and max(widths) <= widest
                and not _ladder_word(again, self._plain)):
            return bound
        self._set(text, forbidden)
        result: tuple[float, float] = super().wrap(width, height)
        return result

    def _set(self, text: str, forbidden: frozenset[str]) -> None:
        """Parse `text` again with these words unhyphenated, unless it is what the paragraph holds already."""
        if (text, forbidden) == self._state:
            return
        self._state = (text, forbidden)
        style, hyphenation = self._base_style, self._base_style.hyphenationLang
        if forbidden and isinstance(hyphenation, Hyphenation):
            style = ParagraphStyle("p", parent=style, hyphenationLang=hyphenation.without(forbidden))
        self._setup(self._markup(text), style, self._bullet, None, cleanBlockQuotedText)


def lines_of(paragraph: Paragraph) -> list[str]:
    """The text of each line of a wrapped Paragraph, as drawn (a hyphenated line ends in '-')."""
    lines = []
    for line in paragraph.blPara.lines:
        if isinstance(line, tuple):  # one font: (extra space, words)
            lines.append(" ".join(str(word) for word in line[1]).strip())
        else:  # several fonts: fragments, each with its text
            lines.append("".join(str(getattr(frag, "text", "")) for frag in line.words).strip())
    return lines


def _ladder_word(lines: list[str], text: str, forbidden: frozenset[str] = frozenset()) -> str:
    """The word to stop hyphenating: the first hyphenated line end past MAX_LADDER in a row that a hyphenator made
    (a hyphen of the text itself, as in 'Kinder- und' or 'Kita-Sozialarbeit', stays) and that is not forbidden
    already; '' when there is no ladder, or none of its words can be helped."""
    run = 0
    for index, line in enumerate(lines[:-1]):
        run = run + 1 if line.endswith("-") else 0
        if run <= MAX_LADDER:
            continue
        for back in range(index, index - run, -1):  # this line end, else an earlier one of the same ladder
            word = _broken_word(lines[back], lines[back + 1], text)
            if word and word not in forbidden:
                return word
    return ""


def _broken_word(line: str, following: str, text: str) -> str:
    """The start of the word that hyphenation split between `line` and the next one, as the hyphenator sees it;
    '' when the hyphen is the text's own."""
    head = _core(line.split(" ")[-1][:-1])
    tail = following.split(" ")[0].rstrip("-")
    if not head or not tail or f"{head}-" in text.replace(SHY, ""):
        return ""
    return _core(head + tail)


def _unhyphenated(text: str, word: str) -> str:
    """`text` without the soft hyphens of the words that start with `word`."""
    return " ".join(part.replace(SHY, "") if _core(part).startswith(word) else part for part in text.split(" "))
