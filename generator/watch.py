"""Watch mode: build, then rebuild on every change under the data and layouts folders.

An invalid intermediate save (a half-typed key, a broken YAML line) is reported and
the watcher waits for the next save; only Ctrl-C ends it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from watchfiles import watch as watch_changes

from generator.diag import Problems


def watch(args: argparse.Namespace, build: Callable[[argparse.Namespace], int],
          stop_after: int | None = None) -> int:
    """Build once, then after every batch of changes; `stop_after` ends after that many rebuilds (tests)."""
    _build_once(args, build)
    folders = [str(args.data), str(args.layouts)]
    print(f"watching {', '.join(folders)} – Ctrl-C to stop", flush=True)
    rebuilds = 0
    for changes in watch_changes(*folders, debounce=200, step=50, rust_timeout=0, yield_on_timeout=False):
        names = sorted({path for _, path in changes})
        print(f"changed: {', '.join(names)}", flush=True)
        _build_once(args, build)
        rebuilds += 1
        if stop_after is not None and rebuilds >= stop_after:
            break
    return 0


def _build_once(args: argparse.Namespace, build: Callable[[argparse.Namespace], int]) -> None:
    try:
        build(args)
        if args.preview:
            from generator.preview import make_preview
            make_preview(args.out)
    except Problems as problems:
        for diagnostic in problems.diagnostics:
            print(diagnostic, file=sys.stderr, flush=True)
        print("waiting for the next save …", file=sys.stderr, flush=True)
