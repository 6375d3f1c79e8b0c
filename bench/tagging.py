"""Bench: what tagging (PDF/UA-1) costs a screen project sheet, in bytes and in render time → a Markdown table.

    python bench/tagging.py              # 15 rounds over the shipped sheets, about 20 s
    python bench/tagging.py --rounds 40

Renders each shipped project sheet with the screen profile as it is (tagged) and with `tagged`
switched off, interleaved round by round so that load on a shared machine hits both alike, and
reports the median render time per sheet and the bytes added. Compose runs once, outside the timing.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from pathlib import Path

from generator.compose import compose
from generator.jobs import make_jobs
from generator.pipeline import load_inputs
from generator.profiles import SCREEN
from generator.render import render_pdf

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    content, layouts = load_inputs(ROOT / "data", ROOT / "layouts", ("project-sheet-a4",))
    plans = [compose(job) for job in make_jobs(content, layouts, ROOT / "layouts")]
    profiles = {"untagged": dataclasses.replace(SCREEN, tagged=False), "tagged": SCREEN}
    times: dict[str, list[float]] = {name: [] for name in profiles}
    for plan in plans:  # warm-up: fonts, hyphenation patterns
        for profile in profiles.values():
            render_pdf(plan, profile)
    for _ in range(args.rounds):
        for name, profile in profiles.items():
            start = time.perf_counter()
            for plan in plans:
                render_pdf(plan, profile)
            times[name].append((time.perf_counter() - start) / len(plans))
    sizes = {name: [len(render_pdf(plan, profile)) for plan in plans] for name, profile in profiles.items()}
    added = [t - u for t, u in zip(sizes["tagged"], sizes["untagged"])]
    untagged, tagged = statistics.median(times["untagged"]), statistics.median(times["tagged"])
    fastest = {name: min(values) for name, values in times.items()}
    print(f"| screen sheet ({len(plans)} shipped, {args.rounds} rounds) | untagged | tagged | change |")
    print("|---|---|---|---|")
    print(f"| render time per sheet, median | {untagged * 1000:.1f} ms | {tagged * 1000:.1f} ms | "
          f"{(tagged / untagged - 1) * 100:+.1f} % |")
    print(f"| render time per sheet, fastest round | {fastest['untagged'] * 1000:.1f} ms | "
          f"{fastest['tagged'] * 1000:.1f} ms | {(fastest['tagged'] / fastest['untagged'] - 1) * 100:+.1f} % |")
    print(f"| bytes per sheet, median | {statistics.median(sizes['untagged']) / 1024:.1f} KiB | "
          f"{statistics.median(sizes['tagged']) / 1024:.1f} KiB | +{statistics.median(added) / 1024:.1f} KiB "
          f"(largest +{max(added) / 1024:.1f} KiB) |")


if __name__ == "__main__":
    main()
