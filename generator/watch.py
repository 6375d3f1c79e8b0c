"""Watch mode: build, then rebuild on every change to a data or layout file.

An invalid intermediate save (a half-typed key, a broken YAML line) is reported and
the watcher waits for the next save; only Ctrl-C ends it. Editor temporaries (sed's
`sedXXXXXX`, `file~`, `.file.swp`, `.#file`) and anything else that is not a data or
layout file never trigger a build. Paths are shown relative to the stand folder.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from collections.abc import Callable

from watchfiles import watch as watch_changes

from generator.diag import Problems
from generator.messages import msg, register

# What a stand's own files look like: data and layouts are YAML; layouts may hold the hyphenation list and fonts.
DATA_SUFFIXES = frozenset({".yaml", ".yml"})
LAYOUT_SUFFIXES = DATA_SUFFIXES | {".txt", ".ttf"}

register({
    "watch.watching": ("beobachte {folders} – Strg+C beendet", "watching {folders} – Ctrl-C to stop"),
    "watch.changed": ("geändert: {paths}", "changed: {paths}"),
    "watch.waiting": ("warte auf das nächste Speichern …", "waiting for the next save …"),
})


def watch(args: argparse.Namespace, build: Callable[[argparse.Namespace], int],
          stop_after: int | None = None) -> int:
    """Build once, then after every batch of changes; `stop_after` ends after that many rebuilds (tests)."""
    _build_once(args, build)
    folders = [str(args.data), str(args.layouts)]
    print(msg("watch.watching", folders=", ".join(shown(f) for f in folders)), flush=True)
    wanted = stand_file_filter(Path(args.data), Path(args.layouts))
    rebuilds = 0
    for changes in watch_changes(*folders, watch_filter=lambda change, path: wanted(path), debounce=200, step=50,
                                 rust_timeout=0, yield_on_timeout=False):
        names = sorted({shown(path) for _, path in changes})
        print(msg("watch.changed", paths=", ".join(names)), flush=True)
        _build_once(args, build)
        rebuilds += 1
        if stop_after is not None and rebuilds >= stop_after:
            break
    return 0


def stand_file_filter(data_dir: Path, layout_dir: Path) -> Callable[[str], bool]:
    """True for a data file (YAML under the data folder) or a layout file (YAML, hyphenation list, font)."""
    data, layouts = data_dir.resolve(), layout_dir.resolve()

    def wanted(path: str) -> bool:
        file = Path(path)
        name = file.name
        if name.startswith((".", "~", "#")) or name.endswith(("~", ".swp", ".tmp", ".bak")):
            return False
        suffix = file.suffix.lower()
        folder = file.resolve().parent
        if folder == layouts or layouts in folder.parents:
            return suffix in LAYOUT_SUFFIXES
        return suffix in DATA_SUFFIXES and (folder == data or data in folder.parents)

    return wanted


def shown(path: str) -> str:
    """A path relative to the stand folder (the current folder), as in every other message."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _build_once(args: argparse.Namespace, build: Callable[[argparse.Namespace], int]) -> None:
    try:
        build(args)
        if args.preview:
            from generator.preview import make_preview
            make_preview(args.out)
    except Problems as problems:
        for diagnostic in problems.diagnostics:
            print(diagnostic, file=sys.stderr, flush=True)
        print(msg("watch.waiting"), file=sys.stderr, flush=True)
