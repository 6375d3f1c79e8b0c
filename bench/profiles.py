"""Bench profiles: cProfile and -X importtime of whole `standgen build` processes → short text tables."""

from __future__ import annotations

import pstats
import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

import measure
from measure import run

PACKAGES = ("generator", "reportlab", "qrcode", "pyphen", "yaml", "PIL", "multiprocessing", "concurrent")
THIRD_PARTY = ("yaml", "reportlab", "qrcode", "pyphen", "PIL", "pypdfium2", "watchfiles", "multiprocessing",
               "concurrent")


def cprofile(args: list[str], target: Path, env: dict[str, str], lifted: bool = False) -> str:
    """Profile one build process (imports included); return the top functions, cumulative and own time."""
    script = ["-m", "generator"] if not lifted else [str(Path(__file__).with_name("lifted.py"))]
    run([sys.executable, "-m", "cProfile", "-o", str(target), *script, *args], env)
    stats = pstats.Stats(str(target))
    total = stats.total_tt  # type: ignore[attr-defined]
    return "\n".join([f"total {total:.2f} s under cProfile (profiling overhead included)", "",
                      "by cumulative time (own code and libraries' entry points):",
                      _table(stats, "cumulative", 28, total, _interesting), "",
                      "by own time:", _table(stats, "tottime", 18, total, lambda name: True)])


def _interesting(name: str) -> bool:
    return "generator/" in name or any(f"/{p}/" in name for p in PACKAGES[1:])


def _table(stats: pstats.Stats, key: str, limit: int, total: float, keep: Callable[[str], bool]) -> str:
    rows = []
    entries = stats.stats  # type: ignore[attr-defined]
    order = sorted(entries.items(), key=lambda kv: -(kv[1][3] if key == "cumulative" else kv[1][2]))
    for (file, line, func), (_, calls, own, cumulative, _) in order:
        name = f"{_short(file)}:{line}({func})"
        if not keep(name) or "cProfile" in name:
            continue
        value = cumulative if key == "cumulative" else own
        rows.append(f"  {value:7.3f} s {100 * value / total:5.1f} %  {calls:>8}  {name}")
        if len(rows) >= limit:
            break
    return "\n".join(rows)


def _short(file: str) -> str:
    for marker in ("site-packages/", "/work/main/", "/lib/python3"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def import_times(args: list[str], env: dict[str, str]) -> str:
    """Which modules a build imports, and what they cost (python -X importtime, reported on stderr)."""
    code = "import sys; from generator.cli import main; sys.exit(main(sys.argv[1:]))"
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code, *args], cwd=measure.ROOT, env=env,
                            capture_output=True, text=True, check=True)
    rows = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            rows.append((int(match[2]), (len(match[3]) - 1) // 2, match[4]))
    total = sum(us for us, depth, _ in rows if depth == 0) / 1e6
    loaded = sorted({name.split(".")[0] for _, _, name in rows} & set(THIRD_PARTY))
    heavy = sorted((row for row in rows if row[1] <= 2), reverse=True)[:16]
    lines = [f"imports: {total:.3f} s in all (as -X importtime counts them, first import of each module)",
             f"third-party packages imported: {', '.join(loaded) or 'none'}"]
    lines += [f"  {us / 1e6:7.3f} s  {'  ' * depth}{name}" for us, depth, name in heavy]
    return "\n".join(lines)
