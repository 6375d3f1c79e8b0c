"""Bench report: results.json → Markdown tables, targets with pass or miss and by how much."""

from __future__ import annotations

import statistics

from measure import Stats

TARGETS = {"cold": 1.0, "no-change": 0.3, "one-project edit": 0.6}


def render_report(results: dict) -> str:
    figures, facts = results["figures"], results["facts"]
    parts = ["## Machine", "", "| | |", "|---|---|"]
    parts += [f"| {key} | {value} |" for key, value in results["machine"].items()]
    parts += ["", "## Shipped stand", "", *_shipped(figures, facts), "", "## Sheets per second", "",
              *_sheets(results), *_peer(results), "", "## Targets", "", *_targets(results), "", "## Findings from this run", "",
              *_findings(facts)]
    for key in ("profile no-change", "imports no-change", *(k for k in facts if k.startswith("profile sheets N="))):
        if key in facts:
            parts += ["", f"## {key.replace('N=', 'N = ')}", "", "```", str(facts[key]), "```"]
    return "\n".join(parts) + "\n"


def _stats(figures: dict, name: str, key: str = "wall") -> Stats | None:
    return Stats.of(figures[name][key]) if name in figures and figures[name][key] else None


def _shipped(figures: dict, facts: dict) -> list[str]:
    base = _stats(figures, "baseline: shipped sheets")
    rows = ["| figure | wall s, median (min–max) | peak MB | speed vs baseline | target |", "|---|---|---|---|---|"]
    labels = {"cold": f"cold full build, all documents, both profiles ({facts.get('cold documents')} files)",
              "no-change": "no-change rebuild",
              "one-project edit": f"rebuild after editing {facts.get('edit file')} "
                                  f"({len(facts.get('edit rebuilt', []))} files rebuilt)"}
    for name, label in labels.items():
        s = _stats(figures, name)
        if s is None:
            continue
        rows.append(f"| {label} | {s.show()} | {_stats(figures, name, 'peak_mb').median:.0f} | "
                    f"{base.median / s.median:.2f} × | ≤ {TARGETS[name]} s |")
    for name, label in (("baseline: shipped sheets", f"baseline: the {facts.get('baseline shipped sheets')} shipped "
                                                      "sheets, print, from scratch"),
                        ("baseline: one sheet", "baseline: one sheet"),
                        ("floor: python -c pass", "floor: `python -c pass`")):
        s = _stats(figures, name)
        if s:
            rows.append(f"| {label} | {s.show()} | {_stats(figures, name, 'peak_mb').median:.0f} | "
                        f"{base.median / s.median:.2f} × | |")
    rows += ["", "Speed vs baseline = baseline wall ÷ standgen wall, where the baseline is a plain ReportLab script "
             "drawing the shipped project sheets from scratch (what a script without incremental builds does "
             "after any change); above 1 is faster than it."]
    for profile in ("print", "screen"):
        sizes = facts.get(f"shipped {profile} sheet bytes") or []
        if sizes:
            rows.append(f"Shipped {profile} sheet: {statistics.median(sizes) / 1024:.1f} KiB median, "
                        f"{max(sizes) / 1024:.1f} KiB largest ({len(sizes)} sheets).")
    base_sizes = facts.get("baseline sheet bytes") or []
    if base_sizes:
        rows.append(f"Baseline sheet (print): {statistics.median(base_sizes) / 1024:.1f} KiB median.")
    return rows


def _sheets(results: dict) -> list[str]:
    figures, facts = results["figures"], results["facts"]
    rows = ["| N | baseline sheets/s | `--jobs 1` sheets/s | × baseline | `--jobs 2` sheets/s | × baseline | "
            "peak MB (baseline / j1 / j2) | KiB per sheet (baseline / standgen) | no-change rebuild s |",
            "|---|---|---|---|---|---|---|---|---|"]
    for size in results["sizes"]:
        n = facts.get(f"measured N={size}")
        if n is None:
            continue
        base, j1, j2 = (_stats(figures, f"{who} N={size}") for who in ("baseline", "jobs1", "jobs2"))
        rate = {who: n / s.median for who, s in (("b", base), ("1", j1), ("2", j2))}
        label = f"{n}" + (" (limit lifted)" if facts.get(f"lifted N={size}") else "") + (
            f" (for {size})" if n != size else "")
        peaks = " / ".join(f"{_stats(figures, f'{who} N={size}', 'peak_mb').median:.0f}"
                           for who in ("baseline", "jobs1", "jobs2"))
        kib = (f"{statistics.mean(facts[f'baseline bytes N={size}']) / 1024:.1f} / "
               f"{statistics.mean(facts[f'print bytes N={size}']) / 1024:.1f}")
        unchanged = _stats(figures, f"no-change N={size}")
        rows.append(f"| {label} | {_rate(n, base)} | {_rate(n, j1)} | {rate['1'] / rate['b']:.2f} | {_rate(n, j2)} | "
                    f"{rate['2'] / rate['b']:.2f} | {peaks} | {kib} | {unchanged.median if unchanged else 0:.2f} |")
    rows += ["", "Sheets/s = N ÷ wall seconds of the whole process (start-up, loading and writing included); "
             "median of the runs, range in brackets. Print profile, `--only project-sheet-a4`, fresh `--out`. "
             "The baseline runs in one process; its ratio is the same for both `--jobs` columns. "
             "No-change rebuild: the `--jobs 1` build run again on its own output, first run only."]
    return rows


def _peer(results: dict) -> list[str]:
    """With --typst: the same sheets per second of Typst, and standgen's ratio to it."""
    figures, facts = results["figures"], results["facts"]
    rows = ["", "### Side by side with Typst", "",
            "| N | Typst sheets/s | peak MB | `--jobs 1` × Typst | `--jobs 2` × Typst | baseline × Typst |",
            "|---|---|---|---|---|---|"]
    for size in results["sizes"]:
        n, peer = facts.get(f"measured N={size}"), _stats(figures, f"typst N={size}")
        if n is None or peer is None:
            continue
        ratios = [peer.median / s.median for s in (_stats(figures, f"{who} N={size}")
                                                   for who in ("jobs1", "jobs2", "baseline"))]
        rows.append(f"| {n} | {_rate(n, peer)} | {_stats(figures, f'typst N={size}', 'peak_mb').median:.0f} | "
                    + " | ".join(f"{r:.2f}" for r in ratios) + " |")
    return rows if len(rows) > 5 else []


def _rate(n: int, s: Stats) -> str:
    if s.n == 1:
        return f"{n / s.median:.1f}"
    return f"{n / s.median:.1f} ({n / s.high:.1f}–{n / s.low:.1f})"


def _targets(results: dict) -> list[str]:
    figures, facts = results["figures"], results["facts"]
    rows = ["| target | measured | result |", "|---|---|---|"]
    for name, limit in TARGETS.items():
        s = _stats(figures, name)
        if s:
            rows.append(f"| {name}: ≤ {limit} s | {s.median:.2f} s | {_verdict(s.median, limit, 'max', 's')} |")
    big = _biggest(results, 1000)
    if big:
        size, n = big
        base, j1, j2 = (_stats(figures, f"{who} N={size}") for who in ("baseline", "jobs1", "jobs2"))
        ratio = base.median / j1.median
        rows.append(f"| {n} sheets, `--jobs 1` ≥ 0.9 × baseline | {ratio:.2f} × ({n / j1.median:.1f} vs "
                    f"{n / base.median:.1f} sheets/s) | {_verdict(ratio, 0.9, 'min', '×')} |")
        rows.append(f"| {n} sheets, `--jobs 2` ≥ 100 sheets/s | {n / j2.median:.1f} sheets/s | "
                    f"{_verdict(n / j2.median, 100, 'min', 'sheets/s')} |")
        peak = max(_stats(figures, f"{who} N={size}", "peak_mb").high for who in ("jobs1", "jobs2"))
        rows.append(f"| peak memory ≤ 200 MB ({n} sheets) | {peak:.0f} MB | {_verdict(peak, 200, 'max', 'MB')} |")
    rows.append(_linearity(results))
    screen = facts.get("shipped screen sheet bytes") or []
    if screen:
        largest = max(screen) / 1024
        rows.append(f"| screen sheet ≤ 30 KB | {largest:.1f} KiB (largest shipped) | "
                    f"{_verdict(largest, 30, 'max', 'KiB')} |")
    return rows


def _biggest(results: dict, wanted: int) -> tuple[int, int] | None:
    """The size label and measured N of the run nearest `wanted` that the real program accepted."""
    facts = results["facts"]
    candidates = [(abs(facts[f"measured N={s}"] - wanted), s, facts[f"measured N={s}"]) for s in results["sizes"]
                  if f"measured N={s}" in facts and not facts.get(f"lifted N={s}")]
    if not candidates:
        return None
    _, size, n = min(candidates)
    return size, n


def _linearity(results: dict) -> str:
    """Per-sheet cost between sizes from 100 up: the last step's cost against the first step's."""
    figures, facts = results["figures"], results["facts"]
    points = sorted((facts[f"measured N={s}"], _stats(figures, f"jobs1 N={s}").median) for s in results["sizes"]
                    if f"measured N={s}" in facts and facts[f"measured N={s}"] >= 100)
    if len(points) < 3:
        return "| linear from 100 up | fewer than three sizes ≥ 100 measured | not measured |"
    steps = [(t2 - t1) / (n2 - n1) for (n1, t1), (n2, t2) in zip(points, points[1:])]
    ratio = steps[-1] / steps[0]
    shown = ", ".join(f"{1000 * s:.1f}" for s in steps)
    span = f"{points[0][0]}→{points[-1][0]}"
    return (f"| linear {span} (`--jobs 1`; last step's ms per sheet ≤ 1.1 × first's) | {shown} ms/sheet per step; "
            f"{ratio:.2f} × | {_verdict(ratio, 1.1, 'max', '×')} |")


def _verdict(value: float, limit: float, kind: str, unit: str) -> str:
    ok = value <= limit if kind == "max" else value >= limit
    if ok:
        return "**pass**"
    if kind == "max":
        return f"**miss** by {value - limit:.2f} {unit} ({value / limit:.1f} × the limit)"
    return f"**miss** by {limit - value:.2f} {unit} ({value / limit:.2f} of the target)"


def _findings(facts: dict) -> list[str]:
    rows = []
    if "limit finding" in facts:
        rows.append("- The data sets above 999 projects are rejected: " + " / ".join(facts["limit finding"]))
    before, after = facts.get("load average before, after", [[0] * 3] * 2)
    rows.append(f"- Load average (1, 5, 15 min) before the run {', '.join(f'{v:.2f}' for v in before)}, after it "
                f"{', '.join(f'{v:.2f}' for v in after)}: other work on the machine shows up as noise.")
    rows.append(f"- One-project edit of {facts.get('edit file')} rebuilt: {', '.join(facts.get('edit rebuilt', []))}")
    return rows
