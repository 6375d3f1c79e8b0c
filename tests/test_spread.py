"""A small build with forked workers makes a job's print and screen files side by side: same files, same words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import generator.workers as workers
from conftest import ROOT
from generator.pipeline import build
from generator.profiles import PROFILES

ALL = tuple(PROFILES.values())


def _edit_and_build(tmp_path: Path, name: str, jobs: int, spread: list[int]) -> tuple[object, dict[str, bytes]]:
    stand = tmp_path / name
    shutil.copytree(ROOT / "data", stand / "data")
    out = stand / "output"
    build(stand / "data", ROOT / "layouts", out, ALL, workers=jobs)
    path = stand / "data" / "projects" / "03-careleaver.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summary: ", "summary: Neu und ", 1), encoding="utf-8")
    real = workers._spread
    workers._spread = lambda tasks, count: spread.append(len(tasks)) or real(tasks, count)  # type: ignore[assignment]
    try:
        outcome = build(stand / "data", ROOT / "layouts", out, ALL, workers=jobs)
    finally:
        workers._spread = real
    return outcome, {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


@pytest.mark.skipif(workers.start_context().get_start_method() != "fork", reason="workers are forked only here")
def test_an_edit_made_by_forked_workers_equals_one_made_in_process(tmp_path: Path) -> None:
    spread: list[int] = []
    alone, files = _edit_and_build(tmp_path, "one", 1, [])
    shared, shared_files = _edit_and_build(tmp_path, "two", 2, spread)
    assert spread == [2]  # two jobs (the sheet and the booklet), their four files made by two workers
    assert shared.built == alone.built and len(shared.built) == 4
    assert [str(w).replace("/two/", "/one/") for w in shared.warnings] == [str(w) for w in alone.warnings]
    assert shared.unchanged == alone.unchanged
    assert shared_files == files


def test_parts_of_a_task_are_joined_in_the_order_of_its_documents() -> None:
    from generator.diag import Diagnostic
    from generator.incremental import Target, Task
    task = Task(3, (Target(PROFILES["print"], "print/x.pdf"), Target(PROFILES["screen"], "screen/x.pdf")))
    said, padded = Diagnostic("x", "warned"), Diagnostic("x", "padded", severity="note")
    screen = workers.Done(3, (said,), (workers.Made("screen/x.pdf", "k2"),), reads=("title",))
    print_ = workers.Done(3, (said, padded), (workers.Made("print/x.pdf", "k1"),), reads=("@title", "title"))
    joined = workers._joined([screen, print_], task)
    assert [m.path for m in joined.made] == ["print/x.pdf", "screen/x.pdf"]
    assert joined.warnings == (said, padded) and joined.reads == ("@title", "title")
    assert workers._spread([task] * 4, 2) == [task] * 4  # enough jobs to share: kept whole
    assert [t.targets[0].path for t in workers._spread([task], 2)] == ["print/x.pdf", "screen/x.pdf"]
