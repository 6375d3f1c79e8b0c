"""German typography for plain text: quotes, dashes, non-breaking spaces; hyphenation exceptions.

Runs in compose, before any text reaches the renderer, so plans carry the final characters.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

from generator.diag import Diagnostic, Problems, Span
from generator.messages import msg, register

register({
    "hyphenation.not_found": ("Trennliste nicht gefunden", "hyphenation list not found"),
    "hyphenation.unreadable": ("die Trennliste kann nicht gelesen werden: {reason}",
                               "cannot read the hyphenation list: {reason}"),
    "hyphenation.bad_word": ("'{word}' ist kein Wort mit '-' an den Trennstellen",
                             "'{word}' is not a word with '-' at its breaks"),
    "hyphenation.bad_word.hint": ("z. B. Jugend-hilfe-planung", "e.g. Jugend-hilfe-planung"),
})

NBSP = "\u00a0"

# Abbreviations and references that must not break across lines.
_KEEP_TOGETHER = (
    (re.compile(r"§\s+(?=\w)"), "§" + NBSP),
    (re.compile(r"\b([eE])\.\s+V\."), r"\1." + NBSP + "V."),
    (re.compile(r"\b([zZ])\.\s+B\."), r"\1." + NBSP + "B."),
    (re.compile(r"\b([uU])\.\s+a\."), r"\1." + NBSP + "a."),
    (re.compile(r"\b([dD])\.\s+h\."), r"\1." + NBSP + "h."),
    (re.compile(r"(\d\.?)\s+(Jan|Feb|März|Apr|Mai|Juni|Juli|Aug|Sep|Okt|Nov|Dez)"), r"\1" + NBSP + r"\2"),
    (re.compile(r"(Jan\w*|Feb\w*|März|Apr\w*|Mai|Juni|Juli|Aug\w*|Sep\w*|Okt\w*|Nov\w*|Dez\w*)\s+(\d{4})"),
     r"\1" + NBSP + r"\2"),
    (re.compile(r"(\d)\s+(%|€|mm|cm|km|m)\b"), r"\1" + NBSP + r"\2"),
)


@functools.lru_cache(maxsize=4096)  # the same labels and footers on every page; bounded for any stand
def refine(text: str) -> str:
    """Typographic German: „quotes“, en dashes for ranges and asides, no break inside units."""
    text = re.sub(r'"([^"\n]*)"', "\u201e\\1\u201c", text)
    text = re.sub(r"(?<=\s)-(?=\s)", "\u2013", text)
    text = re.sub(r"(?<=\d\.)-(?=\d)", "\u2013", text)
    for pattern, replacement in _KEEP_TOGETHER:
        text = pattern.sub(replacement, text)
    return text


def headline(text: str) -> str:
    """A headline never ends on a single word: the last two words are bound together."""
    text = refine(text)
    head, _, last = text.rpartition(" ")
    return head + NBSP + last if " " in head else text


def paragraph(text: str) -> str:
    """Body text: refined, and its last line never a lone short word (the last two words bound together
    when the last one has fewer than eight letters and the paragraph has at least four words)."""
    text = refine(text)
    head, _, last = text.rpartition(" ")
    return head + NBSP + last if head.count(" ") >= 2 and len(last) < 8 else text


def date_range(s: dt.date, e: dt.date) -> str:
    """13.–15. Mai 2025, with non-breaking spaces."""
    months = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
              "September", "Oktober", "November", "Dezember")
    if s == e:
        return f"{s.day}.{NBSP}{months[s.month - 1]}{NBSP}{s.year}"
    if (s.year, s.month) == (e.year, e.month):
        return f"{s.day}.\u2013{e.day}.{NBSP}{months[e.month - 1]}{NBSP}{e.year}"
    if s.year == e.year:
        return f"{s.day}.{NBSP}{months[s.month - 1]} \u2013 {e.day}.{NBSP}{months[e.month - 1]}{NBSP}{e.year}"
    return f"{s.day}.{NBSP}{months[s.month - 1]}{NBSP}{s.year} \u2013 {e.day}.{NBSP}{months[e.month - 1]}{NBSP}{e.year}"


def load_exceptions(path: Path, shown: str) -> tuple[str, ...]:
    """Read a hyphenation exception list: one word a line, '-' marks each allowed break."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()  # Windows editors may add a BOM
    except FileNotFoundError:
        raise Problems([Diagnostic(shown, msg("hyphenation.not_found"))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Problems([Diagnostic(shown, msg("hyphenation.unreadable", reason=exc))]) from None
    words = []
    for number, line in enumerate(lines, start=1):
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        if not re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)*", word):
            raise Problems([Diagnostic(Span(shown, number, 1), msg("hyphenation.bad_word", word=word),
                                       msg("hyphenation.bad_word.hint"))])
        words.append(word)
    return tuple(sorted(set(words), key=str.lower))


# A sentence ends at . ! or ? before a capital, unless the word before is an abbreviation
# (one- and two-letter ones like "e. V." are skipped by length).
_SENTENCE_END = re.compile(r"[.!?](?=\s+[„\"A-ZÄÖÜ])")
_ABBREVIATIONS = frozenset({"abs", "bspw", "bzw", "etc", "evtl", "ggf", "inkl", "sog", "str", "usw", "vgl"})


def first_sentence(text: str) -> str:
    """The text up to the end of its first sentence (all of it if no sentence end is found)."""
    for end in _SENTENCE_END.finditer(text):
        word = re.search(r"[^\W\d_]*$", text[:end.start()]).group()  # type: ignore[union-attr]  # matches always (*)
        if len(word) >= 3 and word.lower() not in _ABBREVIATIONS:
            return text[:end.start() + 1]
    return text


# Words that carry no content of their own when a sentence introduces its theme ("Ein weiteres zentrales Thema ist …").
_FILLER = frozenset({"dabei", "diese", "dieser", "dieses", "eine", "einer", "eines", "hier", "sind", "thema", "themen",
                     "weitere", "weiteres", "wesentliche", "wesentliches", "wichtige", "wichtiges", "zentrale",
                     "zentrales", "auch", "ebenfalls", "außerdem", "besonders"})
_SAYS_MORE = 3  # a sentence says more than its title with more than this many content words of its own


def gist(title: str, text: str, known: str = "") -> str:
    """The first sentence of `text` that says more than `title`: a sentence that only restates the title ("Ein
    weiteres zentrales Thema in Leipzig ist die Gewaltprävention an Schulen.") gives way to the next one. Content
    words are words of four letters or more that are neither in the title, in `known` (e.g. the organiser's
    name), nor filler; a word counts as the title's when they share a stem (its first six letters)."""
    def stems(words: str) -> set[str]:
        return {w.lower()[:6] for w in re.findall(r"[^\W\d_]{4,}", words)}
    given = stems(title) | stems(known) | stems(" ".join(_FILLER))
    rest = text
    while rest:
        sentence = first_sentence(rest)
        if len(stems(sentence) - given) > _SAYS_MORE:
            return sentence
        rest = rest[len(sentence):].strip()
    return first_sentence(text)  # no sentence says more: the first one, as written
