"""Render helpers: TrueType fonts registered once per process, glyph coverage, hyphenation."""

from __future__ import annotations

import functools
import hashlib
import io
import marshal
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pyphen
from reportlab.pdfbase import pdfmetrics

from generator.plan import Fonts
from generator.render import patterns
from generator.render.adapter import PatternLookup, TaggedTTFont, make_hyphenator, parse_patterns, register_copy


PLAIN = "plain:"  # a font path with this prefix stands for the file's hint-free copy (see plainfonts)
LANGUAGE = "de_DE"
# Three letters at least on each side: fewer, uglier breaks ("Ju-gend" is allowed, "Ü-bergang" not).
LEFT = RIGHT = 3
# A file changed this recently may change again without a new time stamp (FAT counts in 2 s): its hash is not kept.
RACY_NS = 2_000_000_000
_HASHES_KEPT = 64


def register(path: str) -> str:
    """Register a TTF file with ReportLab under a name derived from its content; return the name.

    Two files with one name never collide, and a file replaced while `watch` runs is registered afresh.
    A path starting with PLAIN stands for the file's hint-free copy (screen profile).
    """
    plain = path.startswith(PLAIN)
    source = path[len(PLAIN):] if plain else path
    digest = _content_hash(source)
    if plain:
        return _register_plain(source, f"SGP-{Path(source).stem}-{digest}")
    name = f"SG-{Path(source).stem}-{digest}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TaggedTTFont(name, path))  # subsets named by their content, not AAAAAA
    return name


_hashes: dict[tuple[str, int, int, int, int], str] = {}


def _content_hash(path: str) -> str:
    """A short hash of the file's bytes, read again whenever the file may have changed.

    Rendering asks for every paragraph, so a hash is kept per state of the file (size, modification
    and change times, inode): a font replaced in place or by another file (`watch`) is read again,
    even with its old size and modification time. As git does with "racily clean" files, a hash read
    within RACY_NS of the file's last change is not kept: a second write in the same tick of the
    file system's clock would leave the state unchanged. The clock decides only what is read again.
    """
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    digest = _hashes.get(key)
    if digest is None:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
        if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > RACY_NS:
            if len(_hashes) >= _HASHES_KEPT:
                _hashes.clear()
            _hashes[key] = digest
    return digest


def _register_plain(source: str, name: str) -> str:
    if name not in pdfmetrics.getRegisteredFontNames():
        from generator.render.plainfonts import plain_font
        data, _ = plain_font(source)  # a cache that cannot be written costs time only
        register_copy(TaggedTTFont(name, io.BytesIO(data)))
    return name


def plain_fonts(fonts: Fonts) -> Fonts:
    """The same fonts as hint-free copies with a short `name` table: same outlines and widths, fewer bytes."""
    def plain(path: str) -> str:
        return PLAIN + path if path else path
    return Fonts(plain(fonts.regular), plain(fonts.italic), plain(fonts.semibold), plain(fonts.bold),
                 None if fonts.fallback is None else plain(fonts.fallback))


# The registered name of each font path for the current build: every paragraph asks, so the file is looked at
# once per build (register_fonts starts a build afresh), not once per paragraph.
_names: dict[str, str] = {}


def font_name(fonts: Fonts, role: str) -> str:
    return _name(getattr(fonts, role))


def _name(path: str) -> str:
    """The registered name of a font file, looked up once per build (see register_fonts)."""
    name = _names.get(path)
    if name is None:
        name = _names[path] = register(path)
    return name


def coverage(path: str) -> frozenset[int]:
    """Code points the font has a glyph for."""
    return _coverage(_name(path))


@functools.lru_cache(maxsize=64)
def glyph_widths(name: str) -> tuple[dict[int, float], float]:
    """A registered font's advance widths by code point and the missing glyph's, per 1000 units of size: as
    stringWidth adds them up, so n characters are never wider than n times the widest of them."""
    face = pdfmetrics.getFont(name).face
    return face.charWidths, float(face.defaultWidth)


@functools.lru_cache(maxsize=64)
def _coverage(name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(name)
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


class _German:
    """This process's German patterns: installed from the per-user cache by `warm_up`/`start_worker`, else parsed
    from pyphen's file on first use. Held here, not in pyphen's module-wide `hdcache`."""

    table: tuple[int, PatternLookup] | None = None
    dictionary: pyphen.Pyphen | None = None
    payload: bytes | None = None  # the warm-up payload `table` holds, so a forked worker need not load it again


def _dictionary_file() -> Path:
    return Path(pyphen.LANGUAGES[pyphen.language_fallback(LANGUAGE)])


def _patterns() -> tuple[int, PatternLookup]:
    table = _German.table
    if table is None:
        _parse()
        table = _German.table
        assert table is not None
    return table


def _parse() -> bytes | None:
    """Read pyphen's German file and install its patterns; return the payload holding them (None: they cannot be
    kept compactly, and the parsed dict is installed as it is). render/patterns.py reads the file 3-4 times
    faster than pyphen's parser, which reads what that fast path does not."""
    path = _dictionary_file()
    compact = patterns.read(path)
    if compact is None:
        maxlen, parsed = parse_patterns(path)
        try:
            compact = maxlen, patterns.pack(parsed)
        except ValueError:  # alternative-hyphen patterns hold objects (not in German): nothing to keep
            _German.table, _German.dictionary, _German.payload = (maxlen, parsed), None, None
            return None
    payload = marshal.dumps((_FORMAT, *compact))
    table = compact[0], patterns.PackedPatterns(compact[1])
    _German.table, _German.dictionary, _German.payload = table, None, payload
    return payload


def _dictionary() -> pyphen.Pyphen:
    if _German.dictionary is None:
        _German.dictionary = make_hyphenator(_patterns(), LEFT, RIGHT)
    return _German.dictionary


def patterns_name() -> str:
    """Cache entry name for the parsed German patterns: pyphen's version, the dictionary file's hash and
    Python's version (marshal's format may change with it); any change gives a new entry."""
    import sys
    from generator.cache import file_hash
    python = f"py{sys.version_info.major}{sys.version_info.minor}"
    return f"{PATTERNS_PREFIX}pyphen-{pyphen.VERSION}-{python}-{file_hash(_dictionary_file())}-{_FORMAT}.marshal"


PATTERNS_PREFIX = f"hyphenation-{LANGUAGE}-"  # every version's entry of the patterns starts so (see cache.write_entry)


@dataclass(frozen=True, slots=True)
class WarmUp:
    """What a render process needs before its first document: the fonts to register and the parsed patterns."""

    fonts: tuple[Fonts, ...]
    patterns: bytes | None


def register_fonts(fonts: tuple[Fonts, ...]) -> None:
    """Register a build's fonts: each file is hashed again, so a font replaced since the last build is seen."""
    _names.clear()
    for font_set in fonts:
        for path in (font_set.regular, font_set.italic, font_set.semibold, font_set.bold, font_set.fallback):
            if path:
                _names[path] = register(path)


def warm_up(fonts: tuple[Fonts, ...], cached: bytes | None) -> tuple[WarmUp, bool]:
    """Register fonts and load the hyphenation patterns in this process; return the payload for workers.

    Reading pyphen's German dictionary takes 0.13 s (pyphen's own parser half a second); its
    patterns, kept as compact buckets of plain strings (marshal: no code runs on loading), take
    a few milliseconds to load, and a lookup decodes only the pattern it finds. The flag says the
    patterns were read afresh (`cached` was missing or unusable) and are worth keeping.
    """
    register_fonts(fonts)
    if cached is not None and _install_patterns(cached):
        return WarmUp(fonts, cached), False
    payload = _parse()
    return WarmUp(fonts, payload), payload is not None


def start_worker(payload: WarmUp | None) -> None:
    """In a fresh (spawned) or forked render process: the same fonts and patterns as the parent."""
    if payload is None:  # nothing warmed up: fonts and patterns load on first use
        return
    register_fonts(payload.fonts)
    if payload.patterns is None:
        return
    if _German.table is not None and _German.payload is not None and _German.payload == payload.patterns:
        return  # forked from the parent that installed this very payload: its table is here already (~25 ms)
    _install_patterns(payload.patterns)


# Written first into every payload `warm_up` makes; part of the cache entry's name too, so a payload of
# another layout is never read. Bump it when the payload's layout changes.
_FORMAT = "patterns-3"


def _install_patterns(data: bytes) -> bool:
    """Install a payload made by `warm_up`; False (nothing installed) for anything else.

    The per-user cache checks each entry's SHA-256 before handing it over, and parent and workers
    pass the payload through a pipe, so a damaged file never gets here whole; what is left to
    reject is a payload `warm_up` did not make (another layout, another program's bytes). The
    format key and the shape of every bucket tell that in ~2 ms, without decoding a
    pattern (marshal runs no code on loading, whatever it reads).
    """
    try:
        loaded = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return False
    if not isinstance(loaded, tuple) or len(loaded) != 3 or loaded[0] != _FORMAT:
        return False
    _, maxlen, buckets = loaded
    if not isinstance(maxlen, int) or not patterns.well_formed(buckets):
        return False
    _German.table, _German.dictionary, _German.payload = (maxlen, patterns.PackedPatterns(buckets)), None, data
    return True


@functools.lru_cache(maxsize=16)
def hyphenator(exceptions: tuple[str, ...]) -> Hyphenator:
    return Hyphenator(exceptions)
