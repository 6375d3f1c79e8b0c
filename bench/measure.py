"""Bench measuring: whole processes timed with their own peak memory; medians; the machine described."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the code measured: run.py --commit points it elsewhere
CODE = ""  # set with ROOT when a commit is measured instead of the working tree


class BenchError(RuntimeError):
    """A measured process failed: the bench stops rather than report a wrong figure."""


@dataclass(frozen=True, slots=True)
class Sample:
    """One process: wall seconds, CPU seconds (user + system, with its children), peak RSS in MB."""

    wall: float
    cpu: float
    peak_mb: float
    stdout: str


def run(cmd: list[str], env: dict[str, str] | None = None) -> Sample:
    """Run `cmd` to its end and measure it alone.

    os.wait4 gives this child's own resource use, including the worker processes it
    waited for; ru_maxrss is then the largest single process, not their sum.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        tail = "\n".join(stderr.strip().splitlines()[-8:])
        raise BenchError(f"exit {process.returncode}: {' '.join(cmd)}\n{tail}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout)


@dataclass(frozen=True, slots=True)
class Stats:
    """Median and range of several samples of one figure."""

    median: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, values: list[float]) -> "Stats":
        return cls(statistics.median(values), min(values), max(values), len(values))

    def show(self, digits: int = 2, unit: str = "") -> str:
        if self.n == 1:
            return f"{self.median:.{digits}f}{unit} (1 run)"
        return f"{self.median:.{digits}f}{unit} ({self.low:.{digits}f}–{self.high:.{digits}f}, {self.n} runs)"


# Runs the command line of the code at `root`: an editable install's import finder comes before PYTHONPATH
# and would load the working tree instead, so it is taken out first.
LAUNCH = """import sys
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, {root!r})
from generator.cli import run
run()
"""


def standgen_command() -> list[str]:
    """The installed `standgen` script beside this interpreter, else `python -m generator`; for a commit
    measured with --commit, its unpacked code (see LAUNCH)."""
    if CODE:
        return [sys.executable, "-c", LAUNCH.format(root=str(ROOT))]
    script = Path(sys.executable).parent / "standgen"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "generator"]


def machine() -> dict[str, str]:
    """What the figures depend on: CPU, cores, memory, Python and library versions, the code measured."""
    info = {
        "cpu": _cpuinfo("model name") or platform.processor() or "unknown",
        "cores": f"{os.cpu_count()} logical, {len(os.sched_getaffinity(0))} usable",
        "memory": _meminfo(),
        "os": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
    }
    for package in ("reportlab", "rl-accel", "qrcode", "PyYAML", "pyphen", "pillow"):
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = "not installed"
    info["code"] = f"commit {CODE} (git archive)" if CODE else _git("describe", "--always", "--dirty") + _dirty_files()
    return info


def _cpuinfo(key: str) -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def _meminfo() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _dirty_files() -> str:
    changed = [line[3:] for line in _git("status", "--porcelain", "--", "generator").splitlines() if line.strip()]
    return f" (uncommitted changes in {', '.join(changed)})" if changed else ""
