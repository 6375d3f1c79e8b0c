"""Screen files embed hint-free fonts with a short name table; print files keep the original fonts."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont

from generator.pipeline import build
from generator.profiles import PROFILES
from generator.render.plainfonts import HINTING_TABLES, KEPT_NAMES, make_plain


def _embedded(path: Path) -> dict[str, TTFont]:
    fonts = {}
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
    return fonts


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fonts") / "output"
    root = Path(__file__).resolve().parent.parent
    build(root / "data", root / "layouts", out, tuple(PROFILES.values()), ("project-sheet-a4",))
    return out


def test_screen_sheets_embed_fonts_without_hinting(built: Path) -> None:
    screen = sorted((built / "screen" / "project-sheet-a4").glob("*.pdf"))
    for path in screen:
        for name, font in _embedded(path).items():
            assert not any(tag in font for tag in HINTING_TABLES), (path.name, name)
            assert {record.nameID for record in font["name"].names} <= set(KEPT_NAMES)
            assert name.split("+")[1] == font["name"].getDebugName(6)  # the font keeps its own name
        assert path.stat().st_size <= 36_000, path.name  # issue 17: a tagged screen sheet ≤ 36 KB


def test_print_sheets_keep_the_original_fonts(built: Path) -> None:
    for path in sorted((built / "print" / "project-sheet-a4").glob("*.pdf"))[:2]:
        for font in _embedded(path).values():
            assert "fpgm" in font and "prep" in font


def test_plain_copy_keeps_outlines_and_widths() -> None:
    from generator.jobs import resolve_fonts  # noqa: F401  (the packaged fonts live where jobs find them)
    import font_source_sans_pro
    folder = Path(font_source_sans_pro.__file__).parent
    original = next(folder.rglob("SourceSansPro-Regular.ttf"))
    plain = TTFont(io.BytesIO(make_plain(str(original))))
    source = TTFont(original)
    assert plain["hmtx"].metrics == source["hmtx"].metrics
    assert plain.getGlyphOrder() == source.getGlyphOrder()
    for name in ("a", "germandbls", "adieresis", "quotedblbase"):
        ours, theirs = plain["glyf"][name], source["glyf"][name]
        assert ours.getCoordinates(plain["glyf"])[0] == theirs.getCoordinates(source["glyf"])[0]
    assert make_plain(str(original)) == make_plain(str(original))  # same bytes every time
