"""Render helper: a TrueType file → a hint-free copy with a minimal `name` table, for screen files.

Screen PDFs are read on screens that rasterise outlines without the font's hinting
programs, so the instructions (glyph programs, `fpgm`, `prep`, `cvt `) and the long
`name` table (licence text, descriptions) only add bytes to every embedded subset.
Outlines and advance widths stay as they are: text sets exactly as with the original,
which print keeps. Made once per font file with fontTools, kept in the per-user cache.
"""

from __future__ import annotations

import io

from generator import cache

VERSION = 1  # bump when `plain_font` makes other bytes for the same file
HINTING_TABLES = ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX", "gasp")
KEPT_NAMES = (0, 1, 2, 4, 6)  # copyright, family, style, full name, PostScript name


def plain_font(path: str) -> tuple[bytes, str | None]:
    """The hint-free copy's bytes, from the cache or made now; a notice when the cache cannot be written."""
    import fontTools
    name = f"plainfont-{cache.file_hash(path)}-ft{fontTools.version}-v{VERSION}.ttf"
    found = cache.read_entry(name)
    if found is not None:
        return found, None
    data = make_plain(path)
    return data, cache.write_entry(name, data)


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
