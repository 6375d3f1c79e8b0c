"""Font caches are keyed by content: a font file replaced while `watch` runs is read and registered afresh, even when
the new file has the old one's size and modification time."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from generator.render import fonts
from generator.stand import packaged_font_dir


def _same_size_other_bytes(source: Path) -> bytes:
    """The font's bytes with one letter of its last bytes changed: another file of the same size."""
    data = bytearray(source.read_bytes())
    data[-1] ^= 0x01
    return bytes(data)


@pytest.fixture
def kept_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hashes are kept however new the file is (as for a font file that has not changed for a while)."""
    monkeypatch.setattr(fonts, "RACY_NS", -(10**18))
    monkeypatch.setattr(fonts, "_hashes", {})


def test_a_font_rewritten_in_place_with_its_old_size_and_time_gets_a_new_hash(tmp_path: Path,
                                                                               kept_at_once: None) -> None:
    font = tmp_path / "Font.ttf"
    shutil.copyfile(packaged_font_dir() / "SourceSansPro-Regular.ttf", font)
    first = fonts._content_hash(str(font))
    assert fonts._content_hash(str(font)) == first and fonts._hashes  # kept: rendering asks for every paragraph
    stat = font.stat()
    time.sleep(0.05)  # the change time counts in ticks of the kernel's clock (a few ms): the write is a tick later
    with open(font, "r+b") as handle:  # in place: same file, same inode
        handle.write(_same_size_other_bytes(font))
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as a copy that keeps the time stamp would
    assert font.stat().st_size == stat.st_size and font.stat().st_mtime_ns == stat.st_mtime_ns
    assert fonts._content_hash(str(font)) != first


def test_a_font_replaced_by_another_file_gets_a_new_hash(tmp_path: Path, kept_at_once: None) -> None:
    font, new = tmp_path / "Font.ttf", tmp_path / "new.ttf"
    shutil.copyfile(packaged_font_dir() / "SourceSansPro-Regular.ttf", font)
    first = fonts._content_hash(str(font))
    new.write_bytes(_same_size_other_bytes(font))
    stat = font.stat()
    os.utime(new, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(new, font)
    assert fonts._content_hash(str(font)) != first


def test_a_just_written_font_is_hashed_again_each_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Racily clean: a file written within RACY_NS may change again within one tick of the file system's clock."""
    monkeypatch.setattr(fonts, "_hashes", {})
    font = tmp_path / "Font.ttf"
    shutil.copyfile(packaged_font_dir() / "SourceSansPro-Regular.ttf", font)
    fonts._content_hash(str(font))
    assert not fonts._hashes


def test_a_replaced_font_is_registered_under_a_new_name(tmp_path: Path, kept_at_once: None) -> None:
    font = tmp_path / "Font.ttf"
    shutil.copyfile(packaged_font_dir() / "SourceSansPro-Regular.ttf", font)
    first = fonts.register(str(font))
    plain = fonts.register(fonts.PLAIN + str(font))
    shutil.copyfile(packaged_font_dir() / "SourceSansPro-Bold.ttf", font)
    assert fonts.register(str(font)) not in (first, plain)
    assert fonts.register(fonts.PLAIN + str(font)) not in (first, plain)
    assert fonts.coverage(str(font)) == fonts.coverage(str(packaged_font_dir() / "SourceSansPro-Bold.ttf"))
