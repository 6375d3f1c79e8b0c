"""Render adapter: a TrueType font whose embedded subsets are tagged by their content, not their number.

ReportLab names the n-th subset of a font `SUBSETN(n) + "+" + name`, so the first
subset of every file is `AAAAAA+SourceSansPro-Regular`, whatever glyphs it holds.
Imposition and merging software at print shops may take two subsets with one name
for the same font and lose glyphs. The PDF specification (ISO 32000-1, 9.6.4) wants
the tag to identify the subset: here it is six capital letters from a hash of the
font's name and the subset's code points, in their order (which is the encoding), so
the same subset gets the same tag in every build and different subsets different tags.

ReportLab has no hook for the tag: `TTFont.addObjects` calls the module function
`ttfonts.SUBSETN(n)`. `TaggedTTFont.addObjects` puts a content-aware function in its
place for the length of that one call (rendering runs one document at a time per
process). `tests/test_subset_tags.py` fails if ReportLab stops calling SUBSETN.
"""

from __future__ import annotations

import hashlib
from typing import Any, Sequence

from reportlab.pdfbase import ttfonts

TAG_LETTERS = 6


def subset_tag(font_name: bytes, code_points: Sequence[int]) -> bytes:
    """Six capital letters, a deterministic function of the font and the subset's code points."""
    digest = hashlib.sha256(font_name + b"|" + ",".join(map(str, code_points)).encode("ascii")).digest()
    number = int.from_bytes(digest[:8], "big")
    letters = []
    for _ in range(TAG_LETTERS):
        number, index = divmod(number, 26)
        letters.append(65 + index)
    return bytes(letters)


class TaggedTTFont(ttfonts.TTFont):
    """A TTFont whose subsets are named `<content tag>+<font name>`."""

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        if state is None:  # nothing was drawn with this font in `doc`: ReportLab adds nothing either
            return super().addObjects(doc)
        subsets = [tuple(subset) for subset in state.subsets]
        name = self.face.name
        original = ttfonts.SUBSETN
        ttfonts.SUBSETN = lambda n, *_: subset_tag(name, subsets[n])
        try:
            return super().addObjects(doc)
        finally:
            ttfonts.SUBSETN = original
