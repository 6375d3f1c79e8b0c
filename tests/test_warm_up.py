"""The warm-up with an empty per-user cache: the hint-free screen fonts are made in a child process while the
patterns are read, with fork and with spawn; the copies are the bytes make_plain gives, a child that dies is made
good by the parent, an interrupt leaves no child and no temporary file, and a child outlives no parent."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from generator import cache, pipeline, workers
from generator.jobs import Job
from generator.render import fonts, plainfonts


@pytest.fixture(scope="module")
def jobs() -> tuple[Job, ...]:
    content, layouts = pipeline.load_inputs(ROOT / "data", ROOT / "layouts", ("project-sheet-a4",))
    return pipeline._jobs(content, layouts, ROOT / "layouts")[0]


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(folder))
    monkeypatch.setattr(fonts._German, "table", None)
    monkeypatch.setattr(fonts._German, "dictionary", None)
    monkeypatch.setattr(fonts._German, "payload", None)
    return folder


def _paths(jobs: tuple[Job, ...]) -> list[str]:
    return sorted({p for job in jobs for p in (job.fonts.regular, job.fonts.italic, job.fonts.semibold,
                                               job.fonts.bold, job.fonts.fallback) if p})


def _entries_are_whole(folder: Path, jobs: tuple[Job, ...]) -> None:
    names = sorted(entry.name for entry in folder.iterdir())
    assert not [name for name in names if name.endswith(".tmp")]
    assert fonts.patterns_name() in names
    for path in _paths(jobs):
        assert cache.read_entry(plainfonts.entry_name(path)) == plainfonts.make_plain(path), path


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_an_empty_cache_gets_fonts_from_a_child_and_patterns_from_here(jobs: tuple[Job, ...], empty: Path,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    monkeypatch.setattr(workers, "start_context", lambda: multiprocessing.get_context(method))
    started: list[tuple[str, ...]] = []
    original = plainfonts.Child.__init__

    def noted(self: plainfonts.Child, paths: tuple[str, ...], *args: object) -> None:
        started.append(paths)
        original(self, paths, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(plainfonts.Child, "__init__", noted)
    warm, notes = pipeline._warm_up(jobs, plain_fonts=True)
    assert started == [tuple(_paths(jobs))] and not notes
    assert isinstance(warm, fonts.WarmUp) and warm.patterns is not None
    _entries_are_whole(empty, jobs)
    assert not multiprocessing.active_children()


def test_no_child_when_only_the_fonts_are_missing(jobs: tuple[Job, ...], empty: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """With the patterns cached there is nothing to do beside the fonts: they are made here."""
    pipeline._warm_up(jobs)
    assert [entry.name for entry in empty.iterdir()] == [fonts.patterns_name()]

    def refused(*_: object) -> None:
        raise AssertionError("no child wanted")

    monkeypatch.setattr(plainfonts.Child, "__init__", refused)
    pipeline._warm_up(jobs, plain_fonts=True)
    _entries_are_whole(empty, jobs)


def _dies(*_: object) -> None:
    os._exit(3)


def test_a_child_that_dies_is_made_good_here(jobs: tuple[Job, ...], empty: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the replaced child function reaches only a forked child")
    monkeypatch.setattr(workers, "start_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(plainfonts, "_make_in_child", _dies)
    _, notes = pipeline._warm_up(jobs, plain_fonts=True)
    assert not notes
    _entries_are_whole(empty, jobs)


def test_an_interrupt_ends_the_child_and_leaves_no_temporary(jobs: tuple[Job, ...], empty: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fonts, "warm_up", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline._warm_up(jobs, plain_fonts=True)
    assert not multiprocessing.active_children()
    assert not empty.exists() or not list(empty.iterdir())  # the child writes nothing; the parent wrote nothing yet


ORPHAN = """
import os, sys, time
from generator.render import plainfonts
from generator.workers import _start_worker, start_context
context = start_context()
child = plainfonts.Child(tuple(sys.argv[1:]), context, _start_worker, os.getpid())
print(child._process.pid, flush=True)
time.sleep(60)  # never reads: the child's copies fill the pipe and it waits, until its parent is gone
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and /proc")
def test_the_child_dies_with_its_parent(jobs: tuple[Job, ...], tmp_path: Path) -> None:
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN, *_paths(jobs)], stdout=subprocess.PIPE, text=True,
                              cwd=ROOT)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    time.sleep(0.3)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.05)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone, only not yet reaped (its parent was killed; init reaps it)
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return True


def test_a_font_the_child_cannot_make_fails_in_the_parent_as_before(jobs: tuple[Job, ...], tmp_path: Path,
                                                                    capfd: pytest.CaptureFixture[str]) -> None:
    """The child skips what it cannot make; the parent makes it and raises what make_plain raises, and the
    child prints no traceback of its own."""
    bogus = tmp_path / "not-a-font.ttf"
    bogus.write_bytes(b"not a font")
    with pytest.raises(Exception) as expected:
        plainfonts.make_plain(str(bogus))
    child = plainfonts.Child((str(bogus), _paths(jobs)[0]), workers.start_context(), workers._start_worker,
                             os.getpid())
    try:
        with pytest.raises(expected.type):
            child.keep()
    finally:
        child.close()
    assert "Traceback" not in capfd.readouterr().err
