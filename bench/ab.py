"""Bench: two versions of standgen side by side, run by run on the same load → before/after medians.

    python bench/ab.py BEFORE_COMMIT [--runs 5] [--sheets 999]

The working tree is "after"; BEFORE_COMMIT is unpacked with git archive and run through the same
interpreter with the editable install's finder taken out. On a shared machine absolute times
drift with the load; alternating the two versions keeps their ratio honest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402
from measure import LAUNCH, run  # noqa: E402
from run import SHEET_LAYOUT, _edit, _edit_target, fresh, sheet_layouts  # noqa: E402
from synth import make_dataset  # noqa: E402



def versions(before: str, work: Path) -> dict[str, list[str]]:
    code = fresh(work / "code-before")
    code.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", before], cwd=measure.ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
    return {"before": [sys.executable, "-c", LAUNCH.format(root=str(code))],
            "after": [sys.executable, "-c", LAUNCH.format(root=str(measure.ROOT))]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sheets", type=int, default=999)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="standgen-ab-"))
    env = dict(os.environ, STANDGEN_CACHE_DIR=str(work / "cache"))
    commands = versions(args.before, work)
    layouts = measure.ROOT / "layouts"
    walls: dict[str, list[float]] = {}
    peaks: dict[str, list[float]] = {}

    def timed(label: str, who: str, cmd: list[str]) -> None:
        sample = run(cmd, env)
        walls.setdefault(f"{label}|{who}", []).append(sample.wall)
        peaks.setdefault(f"{label}|{who}", []).append(sample.peak_mb)

    data = work / "data"
    shutil.copytree(measure.ROOT / "data", data)
    edited = _edit_target(data)
    for who, cmd in commands.items():  # fills the per-user cache (shared: both read the same entries)
        run([*cmd, "build", "--quiet", "--data", str(data), "--layouts", str(layouts), "--out", str(work / f"out-{who}")], env)
    for index in range(args.runs):
        for who, cmd in commands.items():
            build = [*cmd, "build", "--quiet", "--data", str(data), "--layouts", str(layouts)]
            timed("cold, shipped, cache warm", who, [*build, "--out", str(fresh(work / f"cold-{who}"))])
            timed("no-change, shipped", who, [*build, "--out", str(work / f"out-{who}")])
        _edit(edited, index)
        for who, cmd in commands.items():
            build = [*cmd, "build", "--quiet", "--data", str(data), "--layouts", str(layouts)]
            timed("one-project edit, shipped", who, [*build, "--out", str(work / f"out-{who}")])
    if args.sheets:
        synth = make_dataset(work / "synth", args.sheets, measure.ROOT / "data" / "stand.yaml")
        sheet = sheet_layouts(work)
        for _ in range(max(1, args.runs // 2)):
            for jobs in (1, 2):
                for who, cmd in commands.items():
                    timed(f"{args.sheets} sheets --jobs {jobs}", who,
                          [*cmd, "build", "--quiet", "--data", str(synth), "--layouts", str(sheet), "--only",
                           SHEET_LAYOUT, "--profile", "print", "--jobs", str(jobs), "--out", str(fresh(work / "s"))])
    print(f"load average after: {os.getloadavg()}")
    print("| figure | before s (peak MB) | after s (peak MB) | after ÷ before |\n|---|---|---|---|")
    for label in dict.fromkeys(key.split("|")[0] for key in walls):
        b, a = (statistics.median(walls[f"{label}|{who}"]) for who in ("before", "after"))
        pb, pa = (max(peaks[f"{label}|{who}"]) for who in ("before", "after"))
        print(f"| {label} | {b:.2f} ({pb:.0f}) | {a:.2f} ({pa:.0f}) | {a / b:.2f} |")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
