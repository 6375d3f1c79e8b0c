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

Two more keep work of the last build for the next: `parsed.bin` (data and layout files as
decoded, taken while their bytes are the same: generator/parsed.py) and `metrics.bin` (the
paragraph metrics measured, for fonts of the same content: render.measure.kept_metrics).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.diag import Diagnostic, Span

if TYPE_CHECKING:
    from generator.fields import Mark
    from generator.jobs import Job
    from generator.model import Project
    from generator.output import Document
    from generator.profiles import Profile

# Bumped whenever the renderer writes other bytes for the same plan (tags, subset names), so that
# an incremental build does not keep files made by an older renderer.
RENDERER = "2026-11-29b"
INPUTS = "inputs.json"
COMPOSED = "compose.json"
STATE_DIR = ".standgen"  # output.STATE_DIR; not imported, so that a no-change build stays light
Record = dict[str, Any]  # a JSON object as the state files keep it


def file_record(path: Path) -> list[int | str] | None:
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


def arguments(profiles: tuple[str, ...], only: tuple[str, ...], renderer: str, language: str) -> Record:
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
        origin = spec.origin if spec else None
        try:
            stat = os.stat(origin) if origin else None
        except OSError:
            stat = None
        found.append(f"{origin}:{stat.st_size}:{stat.st_mtime_ns}" if stat else f"{name}:?")
    return found


def read_state(out_dir: Path, name: str) -> Record:
    try:
        value = json.loads((out_dir / STATE_DIR / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def unchanged_build(out_dir: Path, data_dir: Path, layout_dir: Path, args: Record) -> Record | None:
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


def build_record(out_dir: Path, data_dir: Path, layout_dir: Path, fonts: set[str], args: Record,
                 warnings: list[Diagnostic], to_verify: list[dict[str, str]], outputs: list[str]) -> Record | None:
    """What `unchanged_build` compares next time; None when an output cannot be looked at."""
    try:
        files = {str(path): file_record(path) for path in input_files(data_dir, layout_dir, fonts)}
        stats = {path: (out_dir / path).stat() for path in outputs}
    except OSError:
        return None
    return {"arguments": args, "listings": {str(f): listing(f) for f in watched_folders(data_dir, layout_dir)},
            "inputs": files, "outputs": {path: [s.st_size, s.st_mtime_ns] for path, s in stats.items()},
            "warnings": [dump_diagnostic(w) for w in warnings], "to_verify": to_verify}


def dump_diagnostic(diagnostic: Diagnostic) -> Record:
    where = diagnostic.where
    return {"where": [where.file, where.line, where.col] if isinstance(where, Span) else where,
            "message": diagnostic.message, "hint": diagnostic.hint, "severity": diagnostic.severity}


def load_diagnostic(raw: Record) -> Diagnostic:
    where = raw["where"]
    return Diagnostic(Span(*where) if isinstance(where, list) else where, raw["message"], raw["hint"], raw["severity"])


def content_hash(path: str | Path) -> str:
    """A file's sha256, or a marker that never matches a recorded one when it cannot be read."""
    found = file_record(Path(path))
    return str(found[2]) if found else f"unreadable:{path}"


@dataclass(frozen=True, slots=True)
class Target:
    """One document wanted from a job: its profile and path, and what the last build left there."""

    profile: Profile
    path: str  # below the output folder, e.g. print/poster-a0.pdf
    old_key: str | None = None  # the last build's key for this path
    old_sha: str | None = None  # the sha256 the last manifest lists for the file


@dataclass(frozen=True, slots=True)
class Task:
    """A job to compose (its index in the job list every worker holds) and the documents to make from it."""

    index: int
    targets: tuple[Target, ...]
    force: bool = False



def file_hash(path: str) -> str:
    """A file's sha256, keyed by its size and modification time as well: a file replaced in place is read again."""
    stat = os.stat(path)
    return _file_hash(path, stat.st_size, stat.st_mtime_ns, stat.st_ino)


@functools.lru_cache(maxsize=64)
def _file_hash(path: str, size: int, mtime_ns: int, inode: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()




@dataclass(frozen=True, slots=True)
class Work:
    """What a build has to do: tasks for the jobs to compose, the kept records of the others, each job's inputs."""

    tasks: tuple[Task, ...]
    kept: dict[int, Record]  # job index → its record in compose.json, its documents current
    inputs: Inputs  # what each job's plan is made from


def plan_work(out_dir: Path, jobs: tuple[Job, ...], profiles: tuple[Profile, ...], previous: dict[str, Document],
              old_keys: dict[str, str], renderer: str, language: str, force: bool) -> Work:
    """A job is kept when its inputs are those of its record and every document it makes is current on disk;
    otherwise it becomes a task, and the worker renders only the documents whose key or file changed."""
    from generator.output import is_current
    composed = {} if force else read_state(out_dir, COMPOSED)
    # the warnings a record keeps are in a language, and the padding note is said only when a profile pads
    inputs = Inputs(jobs, f"{renderer}|{language}|{any(p.pad_pages for p in profiles)}")
    tasks: list[Task] = []
    kept: dict[int, Record] = {}
    for index, job in enumerate(jobs):
        wanted = [(profile, f"{profile.name}/{job.name}") for profile in
                  (p.for_layout(job.layout.output_condition) for p in profiles)]
        record = composed.get(job.name)
        if isinstance(record, dict) and _holds(record, inputs.of(job, _reads(record))) and all(
                is_current(out_dir, previous.get(path), old_keys.get(path), record["keys"].get(path, ""))
                for _, path in wanted):
            kept[index] = record
            continue
        old = [previous.get(path) for _, path in wanted]
        tasks.append(Task(index, tuple(Target(profile, path, old_keys.get(path), doc.sha256 if doc else None)
                                       for (profile, path), doc in zip(wanted, old)), force))
    return Work(tuple(tasks), kept, inputs)


def _reads(record: Record) -> tuple[str, ...] | None:
    reads = record.get("reads")
    return tuple(reads) if isinstance(reads, list) and all(isinstance(name, str) for name in reads) else None


def _holds(record: Record, inputs: str) -> bool:
    """The record was made from these inputs and is whole."""
    return (record.get("inputs") == inputs and isinstance(record.get("keys"), dict)
            and isinstance(record.get("warnings"), list))


class Inputs:
    """Per job, a hash of everything its plan and warnings are made from: version, renderer, language, layout file,
    fonts, hyphenation list, the stand file, every project's number, and the project file (a sheet), or for a
    stand-wide job the project fields it read last time (all project files when that is not known)."""

    def __init__(self, jobs: tuple[Job, ...], context: str) -> None:
        self.projects = jobs[0].projects if jobs else ()
        self.files = {p.number: content_hash(p.file) for p in self.projects}
        stand = content_hash(jobs[0].stand.span.file) if jobs else ""
        self.common = f"{__version__}|{context}|{_library_versions()}|{stand}|{sorted(self.files)}"
        self.layouts = {job.layout.file: content_hash(job.layout.file) for job in jobs}
        self.memo: dict[tuple[str, ...] | None, str] = {}

    def of(self, job: Job, reads: tuple[str, ...] | None) -> str:
        fonts = "|".join(f"{path}:{file_hash(path)}" for path in (job.fonts.regular, job.fonts.italic,
                                                                  job.fonts.semibold, job.fonts.bold,
                                                                  job.fonts.fallback) if path)
        own = self.files[job.project.number] if job.project is not None else self._everyone(reads)
        text = (f"{self.common}|{job.name}|{job.layout.name}|{self.layouts[job.layout.file]}|{fonts}|"
                f"{job.hyphenation}|{reads}|{own}")
        return hashlib.sha256(text.encode()).hexdigest()

    def _everyone(self, reads: tuple[str, ...] | None) -> str:
        """Every project's file, or only the fields (values and positions) named in `reads`."""
        if reads not in self.memo:
            if reads is None:
                parts = [f"{number}:{digest}" for number, digest in sorted(self.files.items())]
            else:
                parts = [f"{p.number}:{_fields(p, reads)}" for p in self.projects]
            self.memo[reads] = hashlib.sha256("|".join(parts).encode()).hexdigest()
        return self.memo[reads]


def _fields(project: Project, names: tuple[str, ...]) -> str:
    values = [repr(project.at(name[1:]) if name.startswith("@") else getattr(project, name, "<none>"))
              for name in names]
    return hashlib.sha256("\n".join(values).encode()).hexdigest()


def keep_records(out_dir: Path, data_dir: Path, layout_dir: Path, jobs: tuple[Job, ...], args: Record,
                 warnings: list[Diagnostic], marks: tuple[Mark, ...], paths: list[str], skipped: tuple[str, ...],
                 records: dict[str, Record]) -> None:
    """After a successful build: what the next one compares with."""
    from generator.output import write_json_state
    fonts = {path for job in jobs for path in (job.fonts.regular, job.fonts.italic, job.fonts.semibold,
                                               job.fonts.bold, job.fonts.fallback) if path}
    record = build_record(out_dir, data_dir, layout_dir, fonts, args, warnings, marks_to_verify(marks),
                          [*paths, "manifest.json"])  # a manifest removed by hand: build again
    kept = read_state(out_dir, COMPOSED)  # documents outside this build's --only/--profile
    write_json_state(out_dir, COMPOSED, {**kept, **records})
    if record is not None:
        record.update(unchanged=paths, skipped=list(skipped))
    write_json_state(out_dir, INPUTS, record or {})


def marks_to_verify(marks: tuple[Mark, ...]) -> list[dict[str, str]]:
    """The values marked „to verify“ in the data, for the preview's badge."""
    return [{"label": m.label, "value": m.value, "where": str(m.span), "note": m.note} for m in marks]
