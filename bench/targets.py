"""Bench: the rows of issue 17's targets table, whole processes, medians → a Markdown table.

    python bench/targets.py [--runs 5] [--big 1000,5000] [--work DIR]

Rows the sheets-per-second run (bench/run.py --typst) does not give: cold builds with the
per-user cache warm and empty, a no-change rebuild and a one-project edit of the shipped
stand, one project's sheet into a fresh folder, no-change rebuilds of N synthetic projects,
the peak memory of an N-sheet build for the largest process and for the whole process tree
(proportional set sizes from /proc, sampled every 20 ms), and the bytes of the shipped screen sheets.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402
from measure import run, standgen_command  # noqa: E402
from run import SHEET_LAYOUT, _allowed, _edit, _edit_target, fresh, sheet_layouts  # noqa: E402
from synth import make_dataset  # noqa: E402

BENCH = Path(__file__).resolve().parent


def tree_peak(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, the largest process's and the whole tree's peak RSS (MB), sampled from /proc."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=measure.ROOT, env=env)
    peak = {"tree": 0.0, "one": 0.0}
    done = threading.Event()

    def sample() -> None:  # never process.poll(): it would reap the child before os.wait4 reads its usage
        while not done.is_set():
            total = 0.0
            for pid in [process.pid, *_children(process.pid)]:
                rss = _rss_mb(pid)
                total += rss
                peak["one"] = max(peak["one"], rss)
            peak["tree"] = max(peak["tree"], total)
            time.sleep(0.02)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    process.returncode = os.waitstatus_to_exitcode(status)
    watcher.join(1)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"failed: {' '.join(cmd)}")
    return time.perf_counter() - started, max(peak["one"], usage.ru_maxrss / 1024), peak["tree"]


def _children(pid: int) -> list[int]:
    try:
        found = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return [*found, *(g for c in found for g in _children(c))]


def _rss_mb(pid: int) -> float:
    """The process's proportional set size: pages shared after fork counted once across the tree."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f}, {len(values)} runs)"


def measure_targets(work: Path, runs: int, big: list[int], progress=lambda text: None,
                    ) -> tuple[dict[str, list[float]], dict[str, object]]:
    """The rows: wall seconds by figure, and facts (peak memory, sheet bytes)."""
    env = dict(os.environ, STANDGEN_CACHE_DIR=str(work / "cache"))
    layouts_shipped = measure.ROOT / "layouts"
    data = work / "data"
    shutil.copytree(measure.ROOT / "data", fresh(data))
    build = [*standgen_command(), "build", "--quiet", "--data", str(data), "--layouts", str(layouts_shipped)]
    rows: dict[str, list[float]] = {}
    facts: dict[str, object] = {}
    progress(f"targets: shipped stand, cold with the per-user cache warm and empty, no-change, edit; {runs} runs")
    run([*build, "--out", str(fresh(work / "warm-out"))], env)  # fills the per-user cache
    for _ in range(runs):
        rows.setdefault("cold, cache warm", []).append(run([*build, "--out", str(fresh(work / "out"))], env).wall)
        empty = dict(env, STANDGEN_CACHE_DIR=str(fresh(work / "empty-cache")))
        rows.setdefault("cold, cache empty", []).append(run([*build, "--out", str(fresh(work / "out2"))], empty).wall)
    for _ in range(runs):
        rows.setdefault("no-change, shipped", []).append(run([*build, "--out", str(work / "out")], env).wall)
    edited = _edit_target(data)
    for index in range(runs):
        _edit(edited, index)
        rows.setdefault("one-project edit, shipped", []).append(run([*build, "--out", str(work / "out")], env).wall)
    one = work / "one"
    shutil.copytree(data, fresh(one))
    for path in sorted((one / "projects").glob("*.yaml"))[1:]:
        path.unlink()
    for _ in range(runs):
        rows.setdefault("one project, sheet only, fresh folder", []).append(run(
            [*standgen_command(), "build", "--quiet", "--data", str(one), "--layouts", str(layouts_shipped),
             "--only", SHEET_LAYOUT, "--out", str(fresh(work / "one-out"))], env).wall)
    facts["screen sheet bytes"] = sorted(p.stat().st_size for p in (work / "out" / "screen" / SHEET_LAYOUT).glob("*.pdf"))
    layouts = sheet_layouts(work)
    for size in big:
        progress(f"targets: {size} sheets, --jobs 1 and 2 with peak memory, then no-change rebuilds")
        synth = make_dataset(work / f"data-{size}", size, measure.ROOT / "data" / "stand.yaml")
        bench = type("B", (), {"env": env, "facts": facts})()
        measured, lifted = _allowed(bench, synth, size, layouts)
        prefix = [sys.executable, str(BENCH / "lifted.py")] if lifted else standgen_command()
        for jobs in (1, 2):
            out = fresh(work / f"big-out-{size}")
            cmd = [*prefix, "build", "--quiet", "--data", str(synth), "--layouts", str(layouts), "--only", SHEET_LAYOUT,
                   "--profile", "print", "--jobs", str(jobs), "--out", str(out)]
            wall, one_mb, tree_mb = tree_peak(cmd, env)
            facts[f"N={measured} --jobs {jobs}: wall s, peak MB largest process, whole tree"] = [
                round(wall, 2), round(one_mb), round(tree_mb)]
        for _ in range(3):
            rows.setdefault(f"no-change, {measured} projects", []).append(run(cmd, env).wall)
        shutil.rmtree(synth)
        shutil.rmtree(work / f"big-out-{size}")
    return rows, facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big", type=lambda s: [int(x) for x in s.split(",")], default=[1000, 5000])
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="standgen-targets-"))
    rows, facts = measure_targets(work, args.runs, args.big)
    print("| figure | wall s, median (min–max) |\n|---|---|")
    for name, values in rows.items():
        print(f"| {name} | {median(values)} |")
    print()
    print(json.dumps(facts, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
