"""Incremental build records: input files (path, size, mtime_ns, content hash) → what the last build made of them.

Two records live in the output folder's state, written only after a successful build:

- `inputs.json`: every file the build read, the folder listings it depended on, its arguments,
  warnings and outputs. When all of it is unchanged (contents hashed, not only times), a build
  has nothing to do and returns at once, without parsing or composing.
- `compose.json`: per document, a key over exactly what its plan depends on (the layout file,
  fonts, hyphenation list, version, stand file, and its own project file or all of them) with
  the plan keys and warnings it gave. A document whose key is unchanged is not composed again
  unless it has to be rendered.

Any doubt means recompose: a missing or unreadable record, another version, language or
argument, a file added, removed or changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from generator import __version__
from generator.diag import Diagnostic, Span

INPUTS = "inputs.json"
COMPOSED = "compose.json"
STATE_DIR = ".standgen"  # output.STATE_DIR; not imported, so that a no-change build stays light


def file_record(path: Path) -> list | None:
    """[size, mtime_ns, sha256] of a file, None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            data = handle.read()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest()]


def listing(folder: Path) -> list[str] | None:
    """The names in a folder, sorted; None when it is not one."""
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return None


def watched_folders(data_dir: Path, layout_dir: Path) -> list[Path]:
    """Folders whose listing decides which files a build reads: the layouts folder with its subfolders (a
    hyphenation list or font may sit in one)."""
    layouts = [layout_dir]
    for folder, subfolders, _ in os.walk(layout_dir):
        subfolders.sort()
        layouts += [Path(folder) / name for name in subfolders]
    return [data_dir, data_dir / "projects", *layouts]


def input_files(data_dir: Path, layout_dir: Path, fonts: set[str]) -> list[Path]:
    """Every file a build reads: the data, every file below the layouts folder, the fonts."""
    files = [data_dir / "stand.yaml"]
    for folder in (data_dir / "projects", *watched_folders(data_dir, layout_dir)[2:]):
        files += [folder / name for name in listing(folder) or () if (folder / name).is_file()]
    return [*files, *(Path(font) for font in sorted(fonts))]


def arguments(profiles: tuple[str, ...], only: tuple[str, ...], renderer: str, language: str) -> dict:
    """The build's arguments and what else decides its outputs: versions of the program and of the libraries
    that set and write the text."""
    return {"version": __version__, "renderer": renderer, "profiles": sorted(profiles), "only": sorted(only),
            "language": language, "libraries": _library_versions()}


def _library_versions() -> list[str]:
    """Each library's package file with its size and time: an upgrade replaces it (cheaper than metadata)."""
    from importlib.util import find_spec
    found = []
    for name in ("reportlab", "pyphen", "qrcode"):
        spec = find_spec(name)
        try:
            stat = os.stat(spec.origin) if spec and spec.origin else None
        except OSError:
            stat = None
        found.append(f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}" if stat else f"{name}:?")
    return found


def read_state(out_dir: Path, name: str) -> dict:
    try:
        value = json.loads((out_dir / STATE_DIR / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def unchanged_build(out_dir: Path, data_dir: Path, layout_dir: Path, args: dict) -> dict | None:
    """The last build's record when nothing it read, nothing it wrote and none of its arguments changed."""
    record = read_state(out_dir, INPUTS)
    try:
        if record.get("arguments") != args:
            return None
        folders = watched_folders(data_dir, layout_dir)
        if record["listings"] != {str(folder): listing(folder) for folder in folders}:
            return None
        for path, recorded in record["inputs"].items():
            if file_record(Path(path)) != recorded:
                return None
        for path, (size, mtime_ns) in record["outputs"].items():
            stat = (out_dir / path).stat()
            if stat.st_size != size or stat.st_mtime_ns != mtime_ns:
                return None
    except (OSError, KeyError, TypeError, ValueError):
        return None
    return record


def build_record(out_dir: Path, data_dir: Path, layout_dir: Path, fonts: set[str], args: dict,
                 warnings: list[Diagnostic], to_verify: list, outputs: list[str]) -> dict | None:
    """What `unchanged_build` compares next time; None when an output cannot be looked at."""
    try:
        files = {str(path): file_record(path) for path in input_files(data_dir, layout_dir, fonts)}
        stats = {path: (out_dir / path).stat() for path in outputs}
    except OSError:
        return None
    return {"arguments": args, "listings": {str(f): listing(f) for f in watched_folders(data_dir, layout_dir)},
            "inputs": files, "outputs": {path: [s.st_size, s.st_mtime_ns] for path, s in stats.items()},
            "warnings": [dump_diagnostic(w) for w in warnings], "to_verify": to_verify}


def dump_diagnostic(diagnostic: Diagnostic) -> dict:
    where = diagnostic.where
    return {"where": [where.file, where.line, where.col] if isinstance(where, Span) else where,
            "message": diagnostic.message, "hint": diagnostic.hint, "severity": diagnostic.severity}


def load_diagnostic(raw: dict) -> Diagnostic:
    where = raw["where"]
    return Diagnostic(Span(*where) if isinstance(where, list) else where, raw["message"], raw["hint"], raw["severity"])


def content_hash(path: str | Path) -> str:
    """A file's sha256, or a marker that never matches a recorded one when it cannot be read."""
    found = file_record(Path(path))
    return found[2] if found else f"unreadable:{path}"
