"""Render, the library adapter: every place standgen reaches past ReportLab's or pyphen's public API, in one module.

ReportLab has no public hook for extra catalog, page and document-information keys (PDF/X's
OutputIntents and GTS_PDFXVersion, PDF/UA's StructParents and Tabs), for the subset tag of an
embedded font, or for per-document stream settings (`rl_config` is process-wide). Each hook is the
smallest reach past the API: it touches objects of one canvas only, swaps no class, and changes a
library global only for the length of one call. `tests/test_reportlab_adapter.py` fails when
ReportLab changes underneath any of them.

pyphen's public API makes a dictionary only by parsing its file (half a second for German) or by
taking the entry of its process-wide `hdcache`. Parsed patterns kept in the per-user cache go into
a HyphDict and a Pyphen of our own instead: nothing is written into pyphen's module. Their
`patterns` need not be a dict: `HyphDict.positions` only ever calls `patterns.get(substring)`, so
render/patterns.py's PackedPatterns, which finds a pattern in compact strings, takes its place.
`tests/test_pyphen_adapter.py` fails when pyphen changes underneath.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import pyphen
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.pdfdoc import PDFInfo, PDFObject, PDFString
from reportlab.pdfgen.canvas import Canvas

TAG_LETTERS = 6
# Parsed hyphenation patterns as plain data: the longest pattern, and per pattern its offset and values.
PatternTable = tuple[int, dict[str, tuple[int, tuple[int, ...]]]]


class PatternLookup(Protocol):
    """What HyphDict.positions asks of its `patterns`: a pattern's (offset, values), or None."""

    def get(self, key: str, /) -> tuple[int, tuple[int, ...]] | None: ...
# Stream settings every document is written with, whatever a user's reportlab_settings.py says:
# binary streams (ASCII85 makes every file a quarter larger and costs time to encode).
STREAM_SETTINGS: dict[str, object] = {"useA85": 0}


@contextlib.contextmanager
def stream_settings() -> Iterator[None]:
    """ReportLab's process-wide stream settings set to STREAM_SETTINGS while a canvas is written, then restored."""
    saved = {key: getattr(rl_config, key) for key in STREAM_SETTINGS}
    for key, value in STREAM_SETTINGS.items():
        setattr(rl_config, key, value)
    try:
        yield
    finally:
        for key, value in saved.items():
            setattr(rl_config, key, value)


def document(canvas: Canvas) -> Any:
    """The canvas's PDFDocument (ReportLab's `_doc`), for catalog entries it writes without a wrapper."""
    return canvas._doc


def add_entries(obj: PDFObject, **entries: object) -> None:
    """Keys ReportLab's catalog or page object does not know, written into this one object's dictionary.

    Both format every name listed in `__NoDefault__`; a list of this instance's own extends the class's.
    """
    known = list(obj.__NoDefault__)
    obj.__NoDefault__ = [*known, *(key for key in entries if key not in known)]
    for key, value in entries.items():
        setattr(obj, key, value)


class _InfoWithExtras(PDFInfo):
    """The document information with keys PDFInfo.format does not know (it builds its dictionary inline)."""

    extras: dict[str, str]

    def format(self, document: object) -> bytes:
        text: bytes = super().format(document)
        keys = b"".join(b"/" + key.encode("ascii") + b" " + PDFString(value).format(document) + b"\n"
                        for key, value in sorted(self.extras.items()))
        return text.replace(b"<<", b"<< " + keys, 1)


def add_info_entries(canvas: Canvas, **entries: str) -> None:
    """String keys added to the document information of this canvas only (a copy of its PDFInfo takes its place)."""
    pdf = document(canvas)
    info = _InfoWithExtras()
    info.__dict__.update(pdf.info.__dict__)
    info.extras = {**getattr(pdf.info, "extras", {}), **entries}
    pdf.info = info


def subset_tag(font_name: bytes, code_points: Sequence[int]) -> bytes:
    """Six capital letters, a deterministic function of the font and the subset's code points.

    ReportLab names the n-th subset of a font `SUBSETN(n) + "+" + name`, so the first subset of
    every file is `AAAAAA+SourceSansPro-Regular`, whatever glyphs it holds. Imposition software
    may take two subsets with one name for one font and lose glyphs; ISO 32000-1, 9.6.4 wants the
    tag to identify the subset: here a hash of the font's name and its code points in order.
    """
    digest = hashlib.sha256(font_name + b"|" + ",".join(map(str, code_points)).encode("ascii")).digest()
    number = int.from_bytes(digest[:8], "big")
    letters = []
    for _ in range(TAG_LETTERS):
        number, index = divmod(number, 26)
        letters.append(65 + index)
    return bytes(letters)


class TaggedTTFont(ttfonts.TTFont):
    """A TTFont whose subsets are named `<content tag>+<font name>`.

    `TTFont.addObjects` calls the module function `ttfonts.SUBSETN(n)`; a content-aware function
    takes its place for the length of that one call (rendering runs one document at a time per process).
    """

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        if state is None:  # nothing was drawn with this font in `doc`: ReportLab adds nothing either
            return super().addObjects(doc)  # type: ignore[no-any-return]
        subsets = [tuple(subset) for subset in state.subsets]
        name = self.face.name
        original = ttfonts.SUBSETN
        ttfonts.SUBSETN = lambda n, *_: subset_tag(name, subsets[n])
        try:
            return super().addObjects(doc)  # type: ignore[no-any-return]
        finally:
            ttfonts.SUBSETN = original


def parse_patterns(path: Path) -> PatternTable:
    """A pyphen dictionary file's patterns, parsed by pyphen (not through Pyphen: it would keep them in `hdcache`).

    Alternative-hyphen patterns (not in German) hold objects that marshal cannot keep; the caller finds out.
    """
    parsed = pyphen.HyphDict(path)
    return parsed.maxlen, {key: (start, tuple(values)) for key, (start, values) in parsed.patterns.items()}


def make_hyphenator(table: tuple[int, PatternLookup], left: int, right: int) -> pyphen.Pyphen:
    """A Pyphen of our own over parsed patterns: what `Pyphen(lang, left, right)` makes, without parsing the file
    or reading or writing pyphen's `hdcache`. HyphDict keeps `patterns`, `cache` (positions by word) and `maxlen`;
    Pyphen keeps `left`, `right` and `hd`. `patterns` is a dict or anything with its `get` (see the docstring)."""
    maxlen, patterns = table
    parsed = pyphen.HyphDict.__new__(pyphen.HyphDict)
    parsed.patterns, parsed.cache, parsed.maxlen = patterns, {}, maxlen
    hyphenator = pyphen.Pyphen.__new__(pyphen.Pyphen)
    hyphenator.left, hyphenator.right, hyphenator.hd = left, right, parsed
    return hyphenator


def register_copy(font: TaggedTTFont) -> None:
    """Register a second TTFont made from the same face (the screen profile's hint-free copy) beside the original.

    ReportLab keeps one font per face name and would hand back the original for the copy: the copy is
    registered under a face name of its own, then given back its real name for the subsets it embeds.
    """
    real = font.face.name
    font.face.name = real + b"-plain"
    try:
        pdfmetrics.registerFont(font)
    finally:
        font.face.name = real
