"""The measuring service compose asks before it decides: how text sets, with the renderer's own line breaker.

Compose never estimates text. It hands a TextFrame (or paragraphs and a width) to a
Measurer; the render stage provides the implementation (ReportLab's Paragraph with the
plan's fonts and hyphenation), so a fit decided here is exactly what will be drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from generator.diag import Diagnostic
from generator.plan import Para, TextFrame

# Fitting positions (see Style.size_at): grow to -1, the style's size at 0, its floor at 1,
# and as a last resort down to 1.5 (70 % of the floor), which compose always warns about.
LARGEST, NATURAL, FLOOR, LAST_RESORT = -1.0, 0.0, 1.0, 1.5


@dataclass(frozen=True, slots=True)
class Fitted:
    """A frame set at the largest size that fits, or at the smallest allowed with its overflow."""

    frame: TextFrame  # `fit` chosen; words too wide for the frame opened for hyphenation
    height_mm: float  # the height the text takes at that size
    fits: bool
    overflow: Diagnostic | None  # why it does not fit: the field, and by how much
    notes: tuple[Diagnostic, ...]  # warnings: a word broken by width


class Measurer(Protocol):
    def fit(self, frame: TextFrame, largest: float = NATURAL, smallest: float = FLOOR) -> Fitted:
        """The frame at the largest fitting position between `largest` and `smallest`."""
        ...

    def height_mm(self, paras: tuple[Para, ...], width_mm: float, t: float) -> float:
        """The height of paragraphs set at position t in a column `width_mm` wide."""
        ...

    def split(self, paras: tuple[Para, ...], width_mm: float, height_mm: float,
              t: float) -> tuple[tuple[Para, ...], tuple[Para, ...]]:
        """The paragraphs that fit in the height and the rest; a paragraph may split between words."""
        ...
