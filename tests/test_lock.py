"""The output lock on every platform (issue 13, item 11): no POSIX-only import, holder named, dead holders replaced."""

from __future__ import annotations

import importlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

import generator
import generator.lockfile
from generator.diag import Problems

WITHOUT_FCNTL = "import sys; sys.modules['fcntl'] = None; sys.modules['msvcrt'] = None\n"


def fresh_lockfile(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """generator.lockfile imported anew on a Python that has neither fcntl nor msvcrt (as on some platforms)."""
    original = generator.lockfile
    monkeypatch.setattr(generator, "lockfile", original)  # undone to the real module, whatever the import sets
    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", None)
    monkeypatch.delitem(sys.modules, "generator.lockfile")
    module = importlib.import_module("generator.lockfile")
    monkeypatch.setitem(sys.modules, "generator.lockfile", module)
    generator.lockfile = original
    return module


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_program_imports_without_fcntl(project: Path) -> None:
    code = WITHOUT_FCNTL + ("import generator.cli, generator.pipeline, generator.output, generator.lockfile as l\n"
                            "assert l.mechanism() == 'file', l.mechanism()\n"
                            "raise SystemExit(generator.cli.main(['build', '--quiet', '--only', 'flyer']))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not (project / "output" / ".standgen" / "lock").exists(), "the lock file is removed on release"


def test_without_fcntl_a_second_build_names_the_holder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lockfile = fresh_lockfile(monkeypatch)
    assert lockfile.mechanism() == "file"
    with lockfile.locked(tmp_path, 30, "output"):
        started = time.monotonic()
        with pytest.raises(Problems) as caught:
            with lockfile.locked(tmp_path, 0.3, "output"):
                pass
        assert time.monotonic() - started >= 0.3
    assert str(caught.value).startswith(f"output: another build is writing here (pid {os.getpid()} on "
                                        f"{socket.gethostname()})")
    with lockfile.locked(tmp_path, 0.3, "output"):
        pass


def test_without_fcntl_a_killed_holder_is_taken_over(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = WITHOUT_FCNTL + ("import time; from pathlib import Path; from generator.output import locked\n"
                            "with locked(Path('output')):\n    print('held', flush=True); time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code], cwd=project, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait()
    assert (project / "output" / ".standgen" / "lock").read_text().startswith(f"pid {holder.pid} on ")
    lockfile = fresh_lockfile(monkeypatch)
    with lockfile.locked(project / "output" / ".standgen", 2, "output"):
        assert (project / "output" / ".standgen" / "lock").read_text().startswith(f"pid {os.getpid()} on ")


def test_a_lock_kept_by_the_leftovers_of_a_dead_build_is_taken_over(tmp_path: Path) -> None:
    """Forked workers of a killed build still hold its OS lock; the line names the dead parent."""
    from generator import lockfile
    if lockfile.mechanism() != "flock":
        pytest.skip("only POSIX workers inherit the lock")
    import fcntl
    path = tmp_path / lockfile.LOCK
    with open(path, "a+", encoding="utf-8") as leftover:
        fcntl.flock(leftover.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        leftover.write(f"pid {dead_pid()} on {socket.gethostname()}\n")
        leftover.flush()
        with lockfile.locked(tmp_path, 2, "output"):
            assert path.read_text().startswith(f"pid {os.getpid()} on ")


def test_a_live_holder_on_this_host_is_not_taken_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lockfile = fresh_lockfile(monkeypatch)
    (tmp_path / lockfile.LOCK).write_text(f"pid {os.getppid()} on {socket.gethostname()}\n", encoding="utf-8")
    with pytest.raises(Problems):
        with lockfile.locked(tmp_path, 0.3, "output"):
            pass
    assert lockfile.holder_is_dead(f"pid {dead_pid()} on {socket.gethostname()}")
    assert not lockfile.holder_is_dead(f"pid {dead_pid()} on another-host.example")


def test_release_frees_the_lock_even_while_a_forked_worker_lives(tmp_path: Path) -> None:
    if not hasattr(os, "fork") or generator.lockfile.mechanism() != "flock":
        pytest.skip("fork and flock only")
    with generator.lockfile.locked(tmp_path, 1, "output"):
        child = os.fork()
        if child == 0:  # a render worker that outlives the build's lock
            time.sleep(3)
            os._exit(0)
    try:
        with generator.lockfile.locked(tmp_path, 0.5, "output"):
            pass
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)
