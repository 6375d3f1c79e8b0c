"""Render workers on every platform: spawn gives the same bytes, workers die with their parent, interrupts are one line."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pypdf
import pytest
from conftest import ROOT

# Run the command line with the given lines of Python first (a start method, a platform without fork or fcntl).
WRAPPER = "import sys\n{setup}\nfrom generator.cli import main\nsys.exit(main(sys.argv[1:]))\n"
NO_FORK = "import os\ndel os.fork"
NO_FCNTL = "sys.modules['fcntl'] = None"


def standgen(project: Path, *args: str, setup: str = "", **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", WRAPPER.format(setup=setup), *args], cwd=project, capture_output=True,
                          text=True, timeout=180, **kwargs)


def pdf_bytes(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def _output_needs_fcntl() -> bool:
    return "import fcntl" in (ROOT / "generator" / "output.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("setup", [
    pytest.param("import multiprocessing\nmultiprocessing.set_start_method('spawn')", id="spawn"),
    pytest.param(NO_FORK, id="no-fork"),
    pytest.param(f"{NO_FORK}\n{NO_FCNTL}", id="no-fork-no-fcntl", marks=pytest.mark.xfail(
        _output_needs_fcntl(), reason="the output lock still imports fcntl (replaced by filelock on another branch)",
        strict=True)),
])
def test_parallel_build_without_fork_gives_the_same_bytes(project: Path, setup: str) -> None:
    normal = standgen(project, "build", "--quiet", "--out", "normal", "--jobs", "1")
    assert normal.returncode == 0, normal.stderr
    other = standgen(project, "build", "--quiet", "--out", "other", "--jobs", "2", setup=setup)
    assert other.returncode == 0, other.stderr
    assert "Traceback" not in other.stderr
    expected, got = pdf_bytes(project / "normal"), pdf_bytes(project / "other")
    assert len(expected) == 26 and got == expected


def _tagged_processes(tag: str) -> list[int]:
    """Processes whose environment carries `tag`: a build and every process it started."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"STANDGEN_TEST_TAG={tag}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="finds processes through /proc")
@pytest.mark.parametrize("setup, rounds", [("", 4), ("import multiprocessing\nmultiprocessing.set_start_method('spawn')", 2)],
                         ids=["default", "spawn"])
def test_kill_9_of_the_parent_leaves_no_worker_and_no_lock(project: Path, setup: str, rounds: int) -> None:
    chooser = random.Random(20251129)
    for round_ in range(rounds):
        tag = uuid.uuid4().hex
        env = {**os.environ, "STANDGEN_TEST_TAG": tag}
        parent = subprocess.Popen([sys.executable, "-c", WRAPPER.format(setup=setup), "build", "--quiet", "--force",
                                   "--jobs", "2", "--out", "o"], cwd=project, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        time.sleep(chooser.uniform(0.3, 1.2))
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 5
        while _tagged_processes(tag) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _tagged_processes(tag), f"round {round_}: workers outlived their parent"
        started = time.monotonic()
        after = standgen(project, "build", "--quiet", "--out", "o", "--jobs", "2")
        assert after.returncode == 0, after.stderr
        assert time.monotonic() - started < 20  # no wait for a lock a dead build's worker holds
        for path in (project / "o").rglob("*.pdf"):
            assert len(pypdf.PdfReader(path).pages) >= 1, path
        assert not list((project / "o").rglob(".*standgen-tmp"))


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="a terminal's Ctrl-C reaches the whole process group")
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_during_a_parallel_render_is_one_line(project: Path, signum: int, code: int) -> None:
    chooser = random.Random(signum)
    interrupted = 0
    for _ in range(3):
        process = subprocess.Popen([sys.executable, "-m", "generator", "build", "--quiet", "--force", "--jobs", "2"],
                                   cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)
        _wait_for_workers(process)
        time.sleep(chooser.uniform(0.0, 0.15))
        os.killpg(process.pid, signum)  # like a terminal: the parent and every worker
        out, err = process.communicate(timeout=60)
        if process.returncode == 0:
            continue  # finished before the signal
        interrupted += 1
        assert process.returncode == code, err
        assert err.strip() == "interrupted", err
    assert interrupted


def _wait_for_workers(process: subprocess.Popen[str]) -> None:
    """Until the build has started its render workers (Linux: /proc lists children), or for 0.6 s elsewhere."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    if not children.exists():
        time.sleep(0.6)
        return
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if len(children.read_text().split()) >= 2:
                return
        except OSError:
            return
        time.sleep(0.01)


def test_documents_are_made_with_fewer_collections_and_the_thresholds_come_back() -> None:
    import gc

    from generator.workers import GC_THRESHOLDS, fewer_collections
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == GC_THRESHOLDS
    assert gc.get_threshold() == before  # a long-lived watch or edit process keeps its own
