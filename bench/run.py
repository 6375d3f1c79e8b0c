"""Bench: whole `standgen build` processes beside a plain-ReportLab baseline → a Markdown report.

    python bench/run.py            # the full run, about 8 minutes on 2 cores
    python bench/run.py --quick    # every row of issue 17's targets table in one go (see BENCHMARKS.md)

Every figure is a separate process started from scratch (warm OS file cache), timed
from start to exit, with its peak memory from os.wait4. See BENCHMARKS.md for the method.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402
from measure import BenchError, Sample, machine, run, standgen_command  # noqa: E402
from report import render_report  # noqa: E402
from synth import make_dataset  # noqa: E402

BENCH = Path(__file__).resolve().parent
SHEET_LAYOUT = "project-sheet-a4"
NUMBER_LIMIT = 999  # generator/model.py: Integer(minimum=1, maximum=999)


@dataclass
class Figure:
    """One measured figure: samples of standgen and of its baseline reference."""

    name: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, sample: Sample) -> None:
        self.wall.append(sample.wall)
        self.cpu.append(sample.cpu)
        self.peak_mb.append(sample.peak_mb)


class Bench:
    """Runs the scenarios in a work folder and collects Figures by name."""

    def __init__(self, work: Path, runs: dict[str, int], env: dict[str, str], typst: bool = False) -> None:
        self.work, self.runs, self.env, self.typst = work, runs, env, typst
        self.figures: dict[str, Figure] = {}
        self.facts: dict[str, object] = {}

    def figure(self, name: str) -> Figure:
        return self.figures.setdefault(name, Figure(name))

    def run(self, name: str, cmd: list[str]) -> Sample:
        sample = run(cmd, self.env)
        self.figure(name).add(sample)
        return sample

    def build(self, data: Path, layouts: Path, out: Path, *extra: str, lifted: bool = False) -> list[str]:
        prefix = [sys.executable, str(BENCH / "lifted.py")] if lifted else standgen_command()
        return [*prefix, "build", "--data", str(data), "--layouts", str(layouts), "--out", str(out), "--json", *extra]

    def baseline(self, data: Path, out: Path, only: int = 0) -> list[str]:
        return [sys.executable, str(BENCH / "baseline.py"), "--data", str(data), "--out", str(out),
                "--only", str(only)]

    def peer(self, data: Path, out: Path) -> list[str]:
        """The same sheets set by Typst (bench/typst_sheets.py), one process like the baseline."""
        return [sys.executable, str(BENCH / "typst_sheets.py"), "--data", str(data), "--out", str(out)]


def progress(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def shipped_stand(bench: Bench) -> None:
    """Cold full build, no-change rebuild and one-project edit of the shipped data; its baselines."""
    data = bench.work / "shipped-data"
    shutil.copytree(measure.ROOT / "data", fresh(data))
    layouts, out, base_out = measure.ROOT / "layouts", bench.work / "shipped-out", bench.work / "shipped-baseline"
    one_out = bench.work / "shipped-baseline-one"
    runs = bench.runs["shipped"]
    progress(f"shipped stand: cold, no-change, edit, baseline; {runs} runs each")
    for _ in range(runs):
        bench.run("floor: python -c pass", [sys.executable, "-c", "pass"])
        bench.run("baseline: shipped sheets", bench.baseline(data, fresh(base_out)))
        bench.run("baseline: one sheet", bench.baseline(data, fresh(one_out), only=1))
        sample = bench.run("cold", bench.build(data, layouts, fresh(out)))
    bench.facts["cold documents"] = len(json.loads(sample.stdout)["built"])
    bench.facts["baseline shipped sheets"] = len(list(base_out.glob("*.pdf")))
    _sizes(bench, out, base_out)
    for _ in range(runs):
        sample = bench.run("no-change", bench.build(data, layouts, out))
        if json.loads(sample.stdout)["built"]:
            raise BenchError(f"a no-change rebuild built {json.loads(sample.stdout)['built']}")
    edited = _edit_target(data)
    for index in range(runs):
        _edit(edited, index)
        sample = bench.run("one-project edit", bench.build(data, layouts, out))
    bench.facts["edit file"] = edited.name
    bench.facts["edit rebuilt"] = json.loads(sample.stdout)["built"]


def _sizes(bench: Bench, out: Path, base_out: Path) -> None:
    for profile in ("print", "screen"):
        sizes = [p.stat().st_size for p in (out / profile / SHEET_LAYOUT).glob("*.pdf")]
        bench.facts[f"shipped {profile} sheet bytes"] = sizes
    bench.facts["baseline sheet bytes"] = [p.stat().st_size for p in base_out.glob("*.pdf")]


def _edit_target(data: Path) -> Path:
    """A project whose summary is one plain line, else the first project (its title is edited)."""
    files = sorted((data / "projects").glob("*.yaml"))
    for path in files:
        if re.search(r"^summary: [^>|\n]", path.read_text(encoding="utf-8"), re.M):
            return path
    return files[0]


def _edit(path: Path, index: int) -> None:
    """What an editor does: change a few words of one text, differently each run."""
    text = path.read_text(encoding="utf-8")
    key = "summary" if re.search(r"^summary: [^>|\n]", text, re.M) else "title"
    line = re.search(rf"^{key}: (.*)$", text, re.M)
    value = re.sub(r" \(Stand \d+\)$", "", line[1].split("  #")[0])
    path.write_text(text.replace(line[0], f"{key}: {value} (Stand {index + 1})"), encoding="utf-8")


def sheet_layouts(work: Path) -> Path:
    """The shipped layouts, with a smallest size for the sheet's project number (see BENCHMARKS.md)."""
    target = fresh(work / "layouts")
    shutil.copytree(measure.ROOT / "layouts", target)
    sheet = target / f"{SHEET_LAYOUT}.yaml"
    text = sheet.read_text(encoding="utf-8")
    line = re.search(r"^  number: *\{(.*)\}", text, re.M)
    if line and "min_size_pt" not in line[1]:
        sheet.write_text(text.replace(line[0], line[0].replace("{", "{min_size_pt: 36, ", 1)), encoding="utf-8")
    return target


def sheets(bench: Bench, sizes: list[int], layouts: Path) -> None:
    """Sheets per second at each N: baseline, --jobs 1 and --jobs 2, interleaved run by run."""
    for size in sizes:
        data = make_dataset(bench.work / f"data-{size}", size, measure.ROOT / "data" / "stand.yaml")
        measured, lifted = _allowed(bench, data, size, layouts)
        runs = bench.runs["small"] if size <= 10 else bench.runs["medium"] if size <= 100 else \
            bench.runs["big"] if size <= 2000 else 1
        progress(f"N={measured}{' (limit lifted)' if lifted else ''}: baseline, --jobs 1, --jobs 2; {runs} run(s)")
        for index in range(runs):
            out = fresh(bench.work / "sheets-out")
            bench.run(f"baseline N={size}", bench.baseline(data, out))
            _check_count(out, measured, "baseline")
            if index == 0:
                bench.facts[f"baseline bytes N={size}"] = _bytes(out)
            if bench.typst:
                out = fresh(bench.work / "sheets-out")
                bench.run(f"typst N={size}", bench.peer(data, out))
                _check_count(out, measured, "typst")
            for jobs in (1, 2):
                out = fresh(bench.work / "sheets-out")
                command = bench.build(data, layouts, out, "--only", SHEET_LAYOUT, "--profile", "print", "--jobs",
                                      str(jobs), lifted=lifted)
                bench.run(f"jobs{jobs} N={size}", command)
                _check_count(out / "print" / SHEET_LAYOUT, measured, f"--jobs {jobs}")
                if index == 0 and jobs == 1:
                    bench.facts[f"print bytes N={size}"] = _bytes(out / "print" / SHEET_LAYOUT)
                    bench.run(f"no-change N={size}", command)
        bench.facts[f"measured N={size}"] = measured
        bench.facts[f"lifted N={size}"] = lifted
        shutil.rmtree(data)
        shutil.rmtree(bench.work / "sheets-out", ignore_errors=True)


def _allowed(bench: Bench, data: Path, size: int, layouts: Path) -> tuple[int, bool]:
    """Above the number limit: record the rejection; 1000 becomes 999, larger N run with the limit lifted."""
    if size <= NUMBER_LIMIT:
        return size, False
    try:
        run([*standgen_command(), "check", "--data", str(data), "--layouts", str(layouts)], bench.env)
        return size, False
    except BenchError as rejected:
        bench.facts["limit finding"] = str(rejected).splitlines()[1:3]
    if size == NUMBER_LIMIT + 1:
        for path in sorted((data / "projects").glob("*.yaml"))[NUMBER_LIMIT:]:
            path.unlink()
        return NUMBER_LIMIT, False
    return size, True


def _check_count(folder: Path, expected: int, who: str) -> None:
    found = len(list(folder.glob("*.pdf")))
    if found != expected:
        raise BenchError(f"{who} wrote {found} sheets, expected {expected}")


def _bytes(folder: Path) -> list[int]:
    return [p.stat().st_size for p in folder.glob("*.pdf")]


def profile_runs(bench: Bench, layouts: Path, size: int) -> None:
    """cProfile of a no-change rebuild of the shipped data and of an N-sheet build with --jobs 1."""
    from profiles import cprofile, import_times
    progress(f"profiles: no-change rebuild, {size} sheets with --jobs 1")
    data, out = bench.work / "shipped-data", bench.work / "shipped-out"
    args = ["build", "--data", str(data), "--layouts", str(measure.ROOT / "layouts"), "--out", str(out), "--quiet"]
    bench.facts["profile no-change"] = cprofile(args, bench.work / "no-change.prof", bench.env)
    bench.facts["imports no-change"] = import_times(args, bench.env)
    sheets_data = make_dataset(bench.work / f"data-{size}", size, measure.ROOT / "data" / "stand.yaml")
    lifted = size > NUMBER_LIMIT
    args = ["build", "--data", str(sheets_data), "--layouts", str(layouts), "--out", str(fresh(bench.work / "p-out")),
            "--only", SHEET_LAYOUT, "--profile", "print", "--jobs", "1", "--quiet"]
    bench.facts[f"profile sheets N={size}"] = cprofile(args, bench.work / "sheets.prof", bench.env, lifted=lifted)
    bench.facts["profile sheets size"] = size
    shutil.rmtree(sheets_data)
    shutil.rmtree(bench.work / "p-out")


def checkout(rev: str, target: Path) -> Path:
    """The files of commit `rev`, for measuring a fixed version while the working tree changes."""
    fresh(target).mkdir(parents=True)
    archive = subprocess.run(["git", "archive", rev], cwd=measure.ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    measure.CODE = f"{rev} = " + subprocess.run(["git", "rev-parse", "--short", rev], cwd=measure.ROOT,
                                                capture_output=True, text=True, check=True).stdout.strip()
    measure.ROOT = target
    return target


def _typst_installed() -> bool:
    import importlib.util
    return importlib.util.find_spec("typst") is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark standgen against a plain ReportLab baseline.")
    parser.add_argument("--quick", action="store_true",
                        help="every row of issue 17's targets: N = 10 and 1000 beside the baseline and Typst (when "
                             "installed), the shipped stand, 5000 sheets for memory and no-change; fewer runs")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=None,
                        help="comma-separated project counts (default 10,100,1000,2000; 5000 takes ~5 min alone)")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile runs")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs of each shipped-stand figure, of each sheet count up to 1000 and of each target row "
                             "(with --quick: 2, 2, 1 and 2); the ratios at 1000 sheets come from single runs otherwise")
    parser.add_argument("--big", type=lambda s: [int(x) for x in s.split(",")], default=[5000],
                        help="with --quick: the sheet counts for peak memory and no-change (default 5000)")
    parser.add_argument("--typst", action="store_true", help="also set the sheets with Typst, side by side "
                                                             "(needs the bench extra: pip install -e '.[bench]')")
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a new temporary folder)")
    parser.add_argument("--report", type=Path, default=None, help="also write the Markdown report to this file")
    parser.add_argument("--commit", default=None, metavar="REV",
                        help="measure this commit (git archive into the work folder) instead of the working tree")
    parser.add_argument("--pythonpath", default="", help="prepended to PYTHONPATH of every measured process "
                                                         "(a what-if, e.g. a folder with rl_accel installed)")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([10, 1000] if args.quick else [10, 100, 1000, 2000])
    runs = {"shipped": 2, "small": 2, "medium": 1, "big": 1} if args.quick else \
        {"shipped": 5, "small": 5, "medium": 3, "big": 2}
    if args.runs:
        runs = {**runs, "shipped": args.runs, "small": args.runs, "medium": args.runs}
    work = args.work or Path(tempfile.mkdtemp(prefix="standgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    paths = [args.pythonpath]
    if args.commit:
        paths.insert(0, str(checkout(args.commit, work / "code")))
        env["STANDGEN_BENCH_ROOT"] = paths[0]
    if any(paths):
        env["PYTHONPATH"] = os.pathsep.join(p for p in (*paths, env.get("PYTHONPATH", "")) if p)
    typst = args.typst or (args.quick and _typst_installed())
    bench = Bench(work, runs, env, typst)
    progress(f"work folder {work}")
    load = os.getloadavg()
    try:
        shipped_stand(bench)
        layouts = sheet_layouts(work)
        sheets(bench, sizes, layouts)
        if not args.no_profile:
            profile_runs(bench, layouts, 100 if args.quick else NUMBER_LIMIT)
        if args.quick:
            from targets import measure_targets
            target_rows, target_facts = measure_targets(work / "targets", args.runs or 2, args.big, progress)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    bench.facts["load average before, after"] = [load, os.getloadavg()]
    for folder in ("shipped-out", "shipped-baseline", "shipped-baseline-one", "shipped-data", "layouts"):
        shutil.rmtree(work / folder, ignore_errors=True)
    info = machine()
    if args.pythonpath:
        info["what-if"] = f"PYTHONPATH={args.pythonpath}"
    results = {"machine": info, "runs": runs, "sizes": sizes, "facts": bench.facts,
               "figures": {name: asdict(fig) for name, fig in bench.figures.items()}}
    (work / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    text = render_report(results)
    if args.quick:
        from issue17 import issue_rows
        results["targets"] = {"rows": target_rows, "facts": target_facts}
        (work / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
        text += "\n## Issue 17's targets, every row\n\n" + "\n".join(
            issue_rows(results["figures"], bench.facts, target_rows, target_facts)) + "\n"
    (work / "report.md").write_text(text, encoding="utf-8")
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    print(text)
    progress(f"results in {work / 'results.json'}, report in {work / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
