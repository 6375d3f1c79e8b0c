"""Measure `standgen edit` on the shipped stand: start → first page served, and save → updated preview image.

    python bench/edit.py [--rounds 7]

Each round copies data/ and layouts/ to a fresh folder, starts `standgen edit --no-browser`,
times the first GET of the stand page (from process start; the page's script then only
asks for the build), warms up with one save, then times saves of project 1 with a changed
title: POST (JSON, as the page's script sends it) → the response naming the new preview
image → that image fetched; and the draft check a pause in typing sends (the whole stand
checked with the draft in a copy of data/). Prints medians and ranges.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def form_of(url: str) -> dict[str, str]:
    page = urllib.request.urlopen(url).read().decode("utf-8")
    fields = {n: html.unescape(v) for n, v in re.findall(r'<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', page)}
    fields.update({n: html.unescape(v) for n, v in re.findall(r'<textarea[^>]*?name="([^"]+)"[^>]*>(.*?)</textarea>',
                                                                page, re.S)})
    return fields


def post_json(base: str, path: str, fields: dict[str, str]) -> dict:
    import json
    request = urllib.request.Request(base + path, data=urllib.parse.urlencode(fields).encode(), method="POST",
                                     headers={"Origin": base, "Accept": "application/json"})
    return json.loads(urllib.request.urlopen(request).read())


def one_round(saves: int) -> tuple[float, list[float], list[float]]:
    folder = Path(tempfile.mkdtemp(prefix="standgen-bench-edit-"))
    shutil.copytree(ROOT / "data", folder / "data")
    shutil.copytree(ROOT / "layouts", folder / "layouts")
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "generator", "edit", "--no-browser"], cwd=folder,
                               stdout=subprocess.PIPE, text=True)
    base = re.search(r"http://127\.0\.0\.1:\d+", process.stdout.readline()).group(0)
    urllib.request.urlopen(base + "/stand").read()
    first = time.perf_counter() - started
    try:
        post_json(base, "/project/01-jugendhilfeplanung/preview", {"_token": form_of(base + "/stand")["_token"]})
        times, drafts = [], []
        for n in range(saves + 1):
            fields = form_of(base + "/project/01-jugendhilfeplanung")
            fields["title"] = f"Integrierte Kinder- und Jugendhilfeplanung {n}"
            t = time.perf_counter()
            post_json(base, "/project/01-jugendhilfeplanung/check", fields)  # what a pause in typing sends
            if n:
                drafts.append(time.perf_counter() - t)
            t = time.perf_counter()
            result = post_json(base, "/project/01-jugendhilfeplanung/save", fields)
            urllib.request.urlopen(base + result["previews"][0]["src"]).read()
            if n:  # the first save also fills the render caches
                times.append(time.perf_counter() - t)
            post_json(base, "/project/01-jugendhilfeplanung/preview", {"_token": fields["_token"]})  # the rest
        return first, times, drafts
    finally:
        process.terminate()
        process.wait()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--saves", type=int, default=5)
    args = parser.parse_args()
    firsts, saves, drafts = [], [], []
    for _ in range(args.rounds):
        first, times, checked = one_round(args.saves)
        firsts.append(first)
        saves += times
        drafts += checked
    for name, values in (("start → first page served", firsts), ("save → updated preview image", saves),
                         ("draft check (after the typing pause)", drafts)):
        print(f"{name}: median {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f}, "
              f"n = {len(values)})")


if __name__ == "__main__":
    main()
