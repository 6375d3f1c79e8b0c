"""Diagnostics shared by every stage: a source position and a message a user can act on."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from collections.abc import Iterable

from generator.messages import msg, register

register({"diag.did_you_mean": ("meintest du '{word}'?", "did you mean '{word}'?")})


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A position in a source file; line and column count from 1."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: where (a span, or only a file), what, and an optional hint."""

    where: Span | str
    message: str
    hint: str | None = None
    severity: str = "error"
    # The parser's own words behind a plain-language message (shown with --verbose); not part of equality.
    detail: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def sort_key(self) -> tuple[str, int, int, str]:
        if isinstance(self.where, Span):
            return (self.where.file, self.where.line, self.where.col, self.message)
        return (self.where, 0, 0, self.message)


class Problems(Exception):
    """Raised by a stage that found problems; carries all of them, sorted by position."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(sorted(set(diagnostics), key=Diagnostic.sort_key))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def shown(text: str, limit: int = 30) -> str:
    """User text quoted in a message: one line, invisible characters as \\uXXXX, clipped."""
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04X}" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest valid spelling, if one is close enough."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return msg("diag.did_you_mean", word=close[0]) if close else None
