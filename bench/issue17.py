"""Bench: issue 17's targets table, every row, from one run of bench/run.py → Markdown rows with pass or miss.

The sheet rows (1,000 sheets with --jobs 1 and 2 against the baseline and Typst) come from
run.py's sheets-per-second figures; the rest from targets.measure_targets.
"""

from __future__ import annotations

import statistics


def _median(values: list[float] | None) -> float | None:
    return statistics.median(values) if values else None


def _verdict(value: float | None, limit: float, kind: str) -> str:
    if value is None:
        return "not measured"
    ok = value <= limit if kind == "max" else value >= limit
    return "**pass**" if ok else f"**miss** ({value / limit:.2f} × the target)"


def issue_rows(figures: dict, facts: dict, rows: dict[str, list[float]], target_facts: dict) -> list[str]:
    """One line per row of the issue's table: figure, measured median, target, verdict."""
    lines = ["| figure | measured (median) | target | result |", "|---|---|---|---|"]

    def seconds(label: str, name: str, limit: float) -> None:
        value = _median(rows.get(name))
        shown = f"{value:.2f} s ({len(rows[name])} runs)" if value is not None else "—"
        lines.append(f"| {label} | {shown} | ≤ {limit} s | {_verdict(value, limit, 'max')} |")

    seconds("cold build, shipped stand, fresh output folder, per-user cache warm", "cold, cache warm", 0.7)
    seconds("the same with an empty per-user cache", "cold, cache empty", 1.1)
    seconds("no-change rebuild, shipped stand", "no-change, shipped", 0.2)
    seconds("one project, sheet only, fresh output folder, cache warm", "one project, sheet only, fresh folder", 0.35)
    n1000 = facts.get("measured N=1000")
    wall = _median(figures.get("no-change N=1000", {}).get("wall"))
    lines.append(f"| no-change rebuild, {n1000 or 1000} projects | {_show(wall)} | ≤ 0.6 s | "
                 f"{_verdict(wall, 0.6, 'max')} |")
    big = [name for name in rows if name.startswith("no-change, ") and name.endswith(" projects")]
    for name in big:
        limit = 2.0 if "5000" in name else 0.6
        seconds(f"no-change rebuild, {name.split(', ')[1]}", name, limit)
    seconds("one-project edit, shipped stand", "one-project edit, shipped", 0.45)
    base, j1, j2, peer = (_median(figures.get(f"{who} N=1000", {}).get("wall"))
                          for who in ("baseline", "jobs1", "jobs2", "typst"))
    ratio1 = base / j1 if base and j1 else None
    ratio2 = base / j2 if base and j2 else None
    typst2 = peer / j2 if peer and j2 else None
    lines.append(f"| 1,000 sheets `--jobs 1` vs baseline | {_times(ratio1)} | ≥ 0.9 × | {_verdict(ratio1, 0.9, 'min')} |")
    lines.append(f"| 1,000 sheets `--jobs 2` vs baseline | {_times(ratio2)} | ≥ 1.6 × | {_verdict(ratio2, 1.6, 'min')} |")
    lines.append(f"| 1,000 sheets `--jobs 2` vs Typst | {_times(typst2)} | ≥ 3 × | {_verdict(typst2, 3.0, 'min')} |")
    for jobs in (1, 2):
        key = next((k for k in target_facts if k.endswith(f"--jobs {jobs}: wall s, peak MB largest process, whole tree")
                    and k.startswith("N=5000")), None)
        if key is None:
            lines.append(f"| peak memory, 5,000 sheets, `--jobs {jobs}` | not measured | ≤ 150 / ≤ 300 MB | |")
            continue
        _, one, tree = target_facts[key]
        verdict = "**pass**" if one <= 150 and tree <= 300 else f"**miss** ({one} MB / {tree} MB)"
        lines.append(f"| peak memory, 5,000 sheets, `--jobs {jobs}` (largest process / tree, PSS) | {one} MB / "
                     f"{tree} MB | ≤ 150 / ≤ 300 MB | {verdict} |")
    sizes = target_facts.get("screen sheet bytes") or []
    largest = max(sizes) / 1000 if sizes else None
    lines.append(f"| screen sheet (tagged, ships), largest of the shipped | "
                 f"{f'{largest:.1f} KB' if largest else '—'} | ≤ 36 KB | {_verdict(largest, 36, 'max')} |")
    return lines


def _show(value: float | None) -> str:
    return f"{value:.2f} s" if value is not None else "—"


def _times(value: float | None) -> str:
    return f"{value:.2f} ×" if value is not None else "—"
