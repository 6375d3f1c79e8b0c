"""A new version's cache entry replaces the older ones of the same data: the per-user cache does not grow."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import cache
from generator.render import plainfonts
from generator.render.fonts import PATTERNS_PREFIX, patterns_name
from generator.stand import packaged_font_dir


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own (the run's shared one holds the real entries)."""
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_patterns_of_another_version_go_when_this_versions_are_written(own_cache: Path) -> None:
    older = f"{PATTERNS_PREFIX}pyphen-0.1-py39-0123456789abcdef-patterns-1.marshal"
    kept = ["hyphenation-fr_FR-pyphen-0.1.marshal", "plainfont-0123456789abcdef-ft4.0-v1.ttf"]
    for name in (older, *kept):
        assert cache.write_entry(name, b"old") is None
    assert cache.write_entry(patterns_name(), b"new", PATTERNS_PREFIX) is None
    assert sorted(p.name for p in own_cache.iterdir()) == sorted([patterns_name(), *kept])
    assert cache.read_entry(patterns_name()) == b"new"


def test_a_fonts_copy_made_by_another_fonttools_goes_and_other_fonts_copies_stay(own_cache: Path) -> None:
    font, other = (str(packaged_font_dir() / name) for name in ("SourceSansPro-Regular.ttf", "SourceSansPro-Bold.ttf"))
    stale, someone_else = (f"{plainfonts.superseded(path)}ft1.0-v0.ttf" for path in (font, other))
    for name in (stale, someone_else):
        cache.write_entry(name, b"old")
    data, notice = plainfonts.plain_font(font)
    assert notice is None and data
    assert {p.name for p in own_cache.iterdir()} == {plainfonts.entry_name(font), someone_else}
