"""Render helpers: TrueType fonts registered once per process, glyph coverage, hyphenation."""

from __future__ import annotations

import functools
from pathlib import Path

import pyphen
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from generator.plan import Fonts


@functools.lru_cache(maxsize=64)
def register(path: str) -> str:
    """Register a TTF file with ReportLab under a name derived from the file; return the name."""
    name = "SG-" + Path(path).stem
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, path))
    return name


def font_name(fonts: Fonts, role: str) -> str:
    return register(getattr(fonts, role))


@functools.lru_cache(maxsize=64)
def coverage(path: str) -> frozenset[int]:
    """Code points the font has a glyph for."""
    font = pdfmetrics.getFont(register(path))
    return frozenset(code for code, glyph in font.face.charToGlyph.items() if glyph)


class Hyphenator:
    """German hyphenation by pyphen, overridden by the user's exception list.

    ReportLab calls it with a word and takes the first (head, tail) pair that fits,
    so pairs come longest head first. Words with '*' or '/' never reach it.
    """

    def __init__(self, exceptions: tuple[str, ...]) -> None:
        self._dictionary = _dictionary()
        self._exceptions = {word.replace("-", "").lower(): _breaks(word) for word in exceptions}

    def __call__(self, word: str) -> list[tuple[str, str]]:
        positions = self._exceptions.get(word.lower())
        if positions is None:
            positions = self._compound_positions(word)
        return [(word[:p], word[p:]) for p in sorted(positions, reverse=True)]

    def _compound_positions(self, word: str) -> tuple[int, ...]:
        """An exception also governs a word that ends in it (Fortschreibung, Jugendhilfeplanung…)."""
        lower = word.lower()
        for known, breaks in self._exceptions.items():
            if len(known) >= 6 and lower.endswith(known) and len(lower) > len(known):
                start = len(word) - len(known)
                head = tuple(p for p in self._dictionary.positions(word[:start]))
                return (*head, start, *(start + b for b in breaks))
        return tuple(self._dictionary.positions(word))


def _breaks(word: str) -> tuple[int, ...]:
    positions, offset = [], 0
    for part in word.split("-")[:-1]:
        offset += len(part)
        positions.append(offset)
    return tuple(positions)


@functools.lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    # Three letters at least on each side: fewer, uglier breaks ("Ju-gend" is allowed, "Ü-bergang" not).
    return pyphen.Pyphen(lang="de_DE", left=3, right=3)


@functools.lru_cache(maxsize=16)
def hyphenator(exceptions: tuple[str, ...]) -> Hyphenator:
    return Hyphenator(exceptions)
