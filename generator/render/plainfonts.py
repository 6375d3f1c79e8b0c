"""Render helper: a TrueType file → a hint-free copy with a minimal `name` table, for screen files.

Screen PDFs are read on screens that rasterise outlines without the font's hinting
programs, so the instructions (glyph programs, `fpgm`, `prep`, `cvt `) and the long
`name` table (licence text, descriptions) only add bytes to every embedded subset.
Outlines and advance widths stay as they are: text sets exactly as with the original,
which print keeps. Made once per font file with fontTools, kept in the per-user cache.
When the cache lacks both them and the hyphenation patterns, a child process makes the fonts
(`Child`) while the build reads the patterns: the two took 0.45 s and 0.2 s one after
the other. fontTools re-encodes every glyph it touches, so its work cannot be cut without
changing the bytes: `Glyph.trim(remove_hinting=True)` is five times faster, but keeps the
file's own coordinate encoding, which differs from fontTools' (other bytes, same outlines).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from generator import cache

if TYPE_CHECKING:
    import multiprocessing.context
    import multiprocessing.process
    from multiprocessing.connection import Connection

VERSION = 1  # bump when `plain_font` makes other bytes for the same file
HINTING_TABLES = ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX", "gasp")
KEPT_NAMES = (0, 1, 2, 4, 6)  # copyright, family, style, full name, PostScript name


def plain_font(path: str) -> tuple[bytes, str | None]:
    """The hint-free copy's bytes, from the cache or made now; a notice when the cache cannot be written."""
    name = entry_name(path)
    found = cache.read_entry(name)
    if found is not None:
        return found, None
    data = make_plain(path)
    return data, cache.write_entry(name, data, supersedes=superseded(path))


def entry_name(path: str) -> str:
    import fontTools
    return f"plainfont-{cache.file_hash(path)}-ft{fontTools.version}-v{VERSION}.ttf"


def superseded(path: str) -> str:
    """The start of the names of this font's copies made by another fontTools or VERSION (see cache.write_entry)."""
    return f"plainfont-{cache.file_hash(path)}-"


def make_here(paths: tuple[str, ...]) -> list[str | None]:
    """The hint-free copies of `paths` made in this process into the cache; the notices of writing."""
    return [plain_font(path)[1] for path in paths]


def missing(paths: tuple[str, ...]) -> tuple[str, ...]:
    """The fonts whose hint-free copy the cache lacks."""
    return tuple(path for path in paths if cache.read_entry(entry_name(path)) is None)


class Child:
    """A child process making hint-free copies; `keep` puts them into the cache (here: the child writes nothing,
    so one killed leaves no temporary file behind)."""

    def __init__(self, paths: tuple[str, ...], context: multiprocessing.context.BaseContext,
                 prepare: Callable[[object, int | None], None], parent_pid: int | None) -> None:
        self.paths = paths
        self._conn, theirs = context.Pipe(duplex=False)
        self._process: multiprocessing.process.BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_make_in_child, args=(paths, prepare, parent_pid, theirs), name="standgen-plain-fonts",
            daemon=True)
        self._process.start()
        theirs.close()

    def keep(self) -> list[str | None]:
        """Wait for the copies and write them into the cache; the notices of writing. A child that died is
        made good here: what it did not send is made in this process."""
        try:
            made: dict[str, bytes] = self._conn.recv()
            self._process.join(timeout=5)  # it has sent all it had to: let it end by itself
        except (EOFError, OSError):
            made = {}
        notices = [cache.write_entry(entry_name(path), data, superseded(path)) for path, data in made.items()]
        return [*notices, *make_here(tuple(path for path in self.paths if path not in made))]

    def close(self) -> None:
        """The child ended, at once if it still runs (after an interrupt or a failure in this process)."""
        self._conn.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join()


def _make_in_child(paths: tuple[str, ...], prepare: Callable[[object, int | None], None], parent_pid: int | None,
                   conn: Connection) -> None:
    prepare(None, parent_pid)  # signals left to the parent, the parent watched (workers._start_worker)
    made = {}
    for path in paths:
        try:
            made[path] = make_plain(path)
        except Exception:  # not a font: the parent makes it again and fails as it would without a child
            continue
    conn.send(made)
    conn.close()


def make_plain(path: str) -> bytes:
    from fontTools.ttLib import TTFont
    font = TTFont(path, recalcTimestamp=False, recalcBBoxes=False)
    for tag in HINTING_TABLES:
        if tag in font:
            del font[tag]
    if "glyf" in font:
        glyf = font["glyf"]
        for glyph_name in glyf.keys():
            glyph = glyf[glyph_name]
            if glyph.isComposite() or getattr(glyph, "numberOfContours", 0) > 0:
                glyph.removeHinting()
    if "maxp" in font and font["maxp"].tableVersion >= 0x00010000:
        maxp = font["maxp"]
        maxp.maxZones = maxp.maxTwilightPoints = maxp.maxStorage = maxp.maxFunctionDefs = 0
        maxp.maxInstructionDefs = maxp.maxStackElements = maxp.maxSizeOfInstructions = 0
    if "name" in font:
        font["name"].names = [record for record in font["name"].names
                              if record.nameID in KEPT_NAMES and record.platformID == 3]
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    return buffer.getvalue()
