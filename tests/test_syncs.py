"""Staged files are synced by threads while the next document renders; a failed sync fails the build whole."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

import generator.output
from generator.diag import Problems
from generator.output import Syncs
from generator.pipeline import build
from generator.profiles import PROFILES

ALL = tuple(PROFILES.values())


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failed_background_sync_fails_the_build_and_leaves_the_old_files(
        project: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    build(Path("data"), Path("layouts"), Path("output"), ALL, only=("project-sheet-a4",))
    before = {p: p.read_bytes() for p in Path("output").rglob("*.pdf")}
    for path in (project / "data" / "projects").glob("0[1-4]-*.yaml"):  # 8 documents: enough for two workers
        path.write_text(path.read_text(encoding="utf-8").replace("summary: ", "summary: Neu, ", 1), encoding="utf-8")
    real = os.fsync

    def failing(fd: int) -> None:
        if threading.current_thread().name == "standgen-sync":
            raise OSError(5, "Input/output error")
        real(fd)

    monkeypatch.setattr(generator.output.os, "fsync", failing)
    with pytest.raises(Problems) as caught:
        build(Path("data"), Path("layouts"), Path("output"), ALL, only=("project-sheet-a4",), workers=workers)
    assert "cannot write: Input/output error" in str(caught.value)
    assert {p: p.read_bytes() for p in Path("output").rglob("*.pdf")} == before
    assert not list(Path("output").rglob(generator.output.TEMP_PATTERN))


def test_at_most_limit_syncs_are_in_flight_and_wait_returns_when_all_are_done(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    running, most, lock = [0], [0], threading.Lock()

    def slow(fd: int) -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.01)
        with lock:
            running[0] -= 1

    monkeypatch.setattr(generator.output.os, "fsync", slow)
    syncs = Syncs()
    handles = [open(tmp_path / f"{n}.pdf", "wb") for n in range(3 * Syncs.LIMIT)]
    for number, handle in enumerate(handles):
        handle.write(b"%PDF")
        syncs.add(handle, tmp_path / f"{number}.pdf")
    syncs.wait()
    assert running[0] == 0 and 1 < most[0] <= Syncs.LIMIT
    assert all(handle.closed for handle in handles)
