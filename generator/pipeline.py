"""Pipeline: load → validate → jobs → compose → (skip | render → write), read as a recipe."""

from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Callable

from generator import incremental
from generator.diag import Diagnostic, Problems
from generator.messages import language
from generator.output import (Document, Staging, check_out_dir, locked, missing_folders, read_json_state, read_keys,
                              read_manifest, read_state_bytes, remove_empty_folders, remove_stale, remove_temporaries,
                              write_json_state, write_keys, write_manifest, write_state_bytes)
from generator.profiles import Profile
from generator.stale import SOURCES, Removed, Scope, explain, sources_of
from generator.incremental import RENDERER

METRICS = "metrics.bin"  # paragraph metrics the last build measured (render.measure.kept_metrics)

if TYPE_CHECKING:  # imported where used: a build with nothing to do never loads the compose stage or YAML
    from generator.jobs import Job
    from generator.layouts import Layout
    from generator.model import Content
    from generator.parsed import ParsedFiles
    from generator.plan import Plan
    from generator.incremental import Task
    from generator.workers import Done
    from generator.render.plainfonts import Child

# The compose and render stages, and the workers that run them, are imported where used: a build with
# nothing to do returns before it needs them.

__all__ = ["RENDERER", "Checked", "Outcome", "Pending", "build", "check", "compose_job", "load_inputs"]

NOTES = "notes.json"  # in the output folder's state: the notes already said, by file


def compose_job(job: Job) -> tuple[Plan, tuple[Diagnostic, ...]]:
    """One job's plan and warnings, measured with the renderer's line breaker (see workers.compose_job)."""
    from generator import workers
    return workers.compose_job(job)


def load_inputs(data_dir: Path, layout_dir: Path, only: tuple[str, ...] = (),
                parsed: ParsedFiles | None = None) -> tuple[Content, tuple[Layout, ...]]:
    """Validate data and layouts together, so one run reports the problems of both (unchanged data files
    from `parsed`, the last build's decoded files)."""
    from generator.layouts import load_layouts
    from generator.model import load_content
    problems: list[Diagnostic] = []
    content = layouts = None
    try:
        content = load_content(data_dir, parsed)
    except Problems as found:
        problems.extend(found.diagnostics)
    try:
        layouts = load_layouts(layout_dir, only, parsed)
    except Problems as found:
        problems.extend(found.diagnostics)
    if problems or content is None or layouts is None:
        raise Problems(problems)
    return content, layouts


@dataclass(frozen=True, slots=True)
class Pending:
    """A document of this build: its job, profile, output path and the key that decides whether it is rendered."""

    job: Job
    profile: Profile
    path: str
    key: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a build did, for the command line to report."""

    built: tuple[str, ...]
    unchanged: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]
    removed: tuple[Removed, ...]  # each with the reason, e.g. "project file 05-….yaml no longer exists"
    skipped_layouts: tuple[str, ...]
    seconds: float
    documents: tuple[Document, ...] = ()
    composed: tuple[str, ...] = ()  # the jobs composed (by name); the others were kept from the last build


@dataclass(frozen=True, slots=True)
class Checked:
    """What `check` found: everything `build` would make, composed and fitted, nothing rendered."""

    content: Content
    layouts: tuple[Layout, ...]
    pending: tuple[Pending, ...]
    warnings: tuple[Diagnostic, ...]
    skipped_layouts: tuple[str, ...]
    plans: dict[str, Plan]  # by job name


def check(data_dir: Path, layout_dir: Path, profiles: tuple[Profile, ...], only: tuple[str, ...] = ()) -> Checked:
    """Load, validate, and compose every document with the renderer's measurements: build minus render and write."""
    from generator.model import content_warnings
    from generator.workers import compose_noted, plan_key
    content, layouts = load_inputs(data_dir, layout_dir, only)
    jobs, skipped = _jobs(content, layouts, layout_dir)
    _, notes = _warm_up(jobs)
    pending: list[Pending] = []
    plans: dict[str, Plan] = {}
    warnings: list[Diagnostic] = []
    problems: list[Diagnostic] = []
    for job in jobs:
        chosen = tuple(p.for_layout(job.layout.output_condition) for p in profiles)
        try:
            plan, said = compose_noted(job, chosen)
        except Problems as found:
            problems.extend(found.diagnostics)
            continue
        plans[job.name], warnings = plan, [*warnings, *said]
        pending += [Pending(job, profile, f"{profile.name}/{job.name}", plan_key(plan, profile)) for profile in chosen]
    if problems:
        raise Problems(problems)
    warnings = [*content_warnings(content), *one_per_cause(warnings, tuple(job.layout.name for job in jobs)), *notes]
    return Checked(content, layouts, tuple(pending), tuple(warnings), skipped, plans)


def build(data_dir: Path, layout_dir: Path, out_dir: Path, profiles: tuple[Profile, ...], only: tuple[str, ...] = (),
          force: bool = False, on_document: Callable[[str], None] | None = None, workers: int = 1,
          lock_wait_s: float = 30.0) -> Outcome:
    """Load, compose and render everything; write only when every document succeeded."""
    started = time.perf_counter()
    check_out_dir(out_dir)
    args = incremental.arguments(tuple(p.name for p in profiles), only, RENDERER, language())
    if not force and incremental.unchanged_build(out_dir, data_dir, layout_dir, args) is not None:
        with locked(out_dir, lock_wait_s):  # looked at again under the lock: another build may have just written
            record = incremental.unchanged_build(out_dir, data_dir, layout_dir, args)
            if record is not None:
                return _unchanged(out_dir, record, started)
    from generator.model import content_warnings
    from generator.parsed import STORE, ParsedFiles
    parsed = ParsedFiles.read(None if force else read_state_bytes(out_dir, STORE), language())
    content, layouts = load_inputs(data_dir, layout_dir, only, parsed)
    jobs, skipped = _jobs(content, layouts, layout_dir)
    scope = Scope(frozenset(profile.name for profile in profiles), frozenset(only))
    with locked(out_dir, lock_wait_s):
        remove_temporaries(out_dir)
        previous, old_keys = read_manifest(out_dir), read_keys(out_dir)
        work = incremental.plan_work(out_dir, jobs, profiles, previous, old_keys, RENDERER, language(), force)
        warm = _Warm(jobs, profiles, None if force else read_state_bytes(out_dir, METRICS))
        done = _make(jobs, list(work.tasks), workers, warm, out_dir)
        try:
            outcome = _write(out_dir, jobs, profiles, work, done, previous, old_keys, list(content_warnings(content)),
                             warm.notes, scope, skipped, on_document)
        except BaseException:
            remove_temporaries(out_dir)  # ours, under the lock: nothing of this build stays
            raise
        marks = incremental.marks_to_verify(content.marks)
        write_json_state(out_dir, "last-build.json", {"built": sorted(outcome.built),
                                                      "removed": [r.path for r in outcome.removed],
                                                      "to_verify": marks})  # preview shows a badge for these
        incremental.keep_records(out_dir, data_dir, layout_dir, jobs, args, list(outcome.warnings), content.marks,
                                 [*outcome.built, *outcome.unchanged], skipped, _records(jobs, work, done))
        if parsed.changed():
            write_state_bytes(out_dir, STORE, parsed.dump())
        warm.keep(out_dir)
    return dataclasses.replace(outcome, seconds=time.perf_counter() - started)


def _jobs(content: Content, layouts: tuple[Layout, ...], layout_dir: Path) -> tuple[tuple[Job, ...], tuple[str, ...]]:
    """The jobs of every layout a composer exists for, and the names of the layouts skipped."""
    from generator.compose import COMPOSERS
    from generator.jobs import make_jobs
    skipped = tuple(sorted(layout.name for layout in layouts if layout.kind not in COMPOSERS))
    return make_jobs(content, tuple(layout for layout in layouts if layout.kind in COMPOSERS), layout_dir), skipped


class _Warm:
    """The warm-up (fonts, parsed patterns, the metrics the last build kept) made when the first document is
    composed or rendered, not before: a build that composes and renders nothing does not pay for it."""

    def __init__(self, jobs: tuple[Job, ...], profiles: tuple[Profile, ...] = (), metrics: bytes | None = None) -> None:
        self.jobs, self.profiles, self.metrics = jobs, profiles, metrics
        self.state: object = None
        self.notes: list[Diagnostic] = []

    def __call__(self) -> object:
        if self.state is None:
            self.state, self.notes = _warm_up(self.jobs, any(p.plain_fonts for p in self.profiles))
            from generator.jobs import font_sets
            from generator.render.measure import start_from  # workers forked from here inherit them
            start_from(self.metrics, font_sets(self.jobs))
        return self.state

    def keep(self, out_dir: Path) -> None:
        """After a build that composed: the metrics this process (and its workers) measured, for the next."""
        if self.state is not None:
            from generator.render.measure import kept_metrics
            write_state_bytes(out_dir, METRICS, kept_metrics())


def _make(jobs: tuple[Job, ...], tasks: list[Task], workers: int, warm: _Warm, out_dir: Path) -> list[Done]:
    """Compose and render the tasks; the problems of composing first (check reports the same), then of rendering."""
    from generator.workers import make_all
    new = missing_folders(out_dir, [target.path for task in tasks for target in task.targets])
    try:
        done = make_all(jobs, tasks, workers, warm, out_dir)
    except BaseException:
        remove_temporaries(out_dir)  # an interrupt, or a worker that died: its staged files go too
        remove_empty_folders(new)
        raise
    composing = [d for item in done if item.composing for d in item.problems]
    problems = composing or [d for item in done for d in item.problems]
    if problems:
        remove_temporaries(out_dir)  # a failed build leaves the output folder as it found it
        remove_empty_folders(new)
        raise Problems(problems)
    return done


def _write(out_dir: Path, jobs: tuple[Job, ...], profiles: tuple[Profile, ...], work: incremental.Work,
           done: list[Done], previous: dict[str, Document], old_keys: dict[str, str], first: list[Diagnostic],
           last: list[Diagnostic], scope: Scope, skipped: tuple[str, ...],
           on_document: Callable[[str], None] | None) -> Outcome:
    """Under the output lock: the staged files into place, what is gone removed, then keys and the manifest."""
    results = {item.index: item for item in done}
    said: list[Diagnostic] = []
    pending: list[Pending] = []
    documents: dict[str, Document] = {}
    staging = Staging()
    for index, job in enumerate(jobs):
        if index in results:
            said += results[index].warnings
            for made in results[index].made:
                documents[made.path] = made.document or previous[made.path]
                if made.staged:
                    staging.add(Path(made.staged), out_dir / made.path)
            keys = {made.path: made.key for made in results[index].made}
        else:
            said += [incremental.load_diagnostic(w) for w in work.kept[index]["warnings"]]
            keys = work.kept[index]["keys"]
        for profile in (p.for_layout(job.layout.output_condition) for p in profiles):
            path = f"{profile.name}/{job.name}"
            pending.append(Pending(job, profile, path, keys[path]))
            if path not in documents:  # kept: as the last build listed it
                documents[path] = previous[path]
    warnings = [*first, *one_per_cause(said, tuple(job.layout.name for job in jobs)), *last]
    warnings, notes_said = _say_notes_once(out_dir, warnings)
    built = {path for _, path in staging.staged}
    try:
        staging.commit(lambda path: on_document(path.relative_to(out_dir).as_posix()) if on_document else None)
    finally:
        staging.discard()  # after a failure or an interrupt: nothing of this build stays
    removed = _remove_and_list(out_dir, previous, documents, old_keys, pending, scope)
    write_json_state(out_dir, NOTES, notes_said)
    fresh = tuple(p.path for p in pending if out_dir / p.path in built)
    return Outcome(fresh, tuple(p.path for p in pending if out_dir / p.path not in built), tuple(warnings), removed,
                   skipped, 0.0, tuple(documents[p.path] for p in pending),
                   tuple(jobs[item.index].name for item in done))


def _records(jobs: tuple[Job, ...], work: incremental.Work, done: list[Done]) -> dict[str, dict[str, Any]]:
    """Per job, what compose.json keeps for the next build: its inputs, keys and warnings."""
    records = {jobs[index].name: record for index, record in work.kept.items()}
    for item in done:
        job = jobs[item.index]
        records[job.name] = {"inputs": work.inputs.of(job, item.reads), "keys": {m.path: m.key for m in item.made},
                             "warnings": [incremental.dump_diagnostic(w) for w in item.warnings]}
        if item.reads is not None:
            records[job.name]["reads"] = list(item.reads)
    return records


def _unchanged(out_dir: Path, record: dict[str, Any], started: float) -> Outcome:
    """A build whose inputs, arguments and outputs are all as the last one left them: nothing to do."""
    warnings, notes_said = _say_notes_once(out_dir, [incremental.load_diagnostic(w) for w in record["warnings"]])
    previous = read_manifest(out_dir)
    write_json_state(out_dir, "last-build.json", {"built": [], "removed": [], "to_verify": record["to_verify"]})
    write_json_state(out_dir, NOTES, notes_said)
    paths = tuple(record["unchanged"])
    return Outcome((), paths, tuple(warnings), (), tuple(record["skipped"]), time.perf_counter() - started,
                   tuple(previous[path] for path in paths if path in previous))


def _remove_and_list(out_dir: Path, previous: dict[str, Document], documents: dict[str, Document],
                     old_keys: dict[str, str], pending: list[Pending], scope: Scope) -> tuple[Removed, ...]:
    """Remove what this build no longer makes, within its scope; then keys, sources and the manifest.

    A build asked for a subset (--profile, --only) removes nothing outside it and keeps it listed.
    """
    kept = {path: document for path, document in previous.items() if not scope.covers(document)}
    sources = read_json_state(out_dir, SOURCES)
    removed = explain(remove_stale(out_dir, previous, set(documents) | set(kept)), previous, pending, sources)
    listed = {**kept, **documents}
    keys = {**old_keys, **{p.path: p.key for p in pending}}
    write_keys(out_dir, {path: key for path, key in keys.items() if path in listed})
    sources = {**sources, **sources_of(pending)}
    write_json_state(out_dir, SOURCES, {path: name for path, name in sources.items() if path in listed})
    write_manifest(out_dir, list(listed.values()))
    return removed


def one_per_cause(warnings: list[Diagnostic], layouts: tuple[str, ...]) -> list[Diagnostic]:
    """Warnings that differ only in the layout they name (poster-a0, -a1, -a2) become one line naming them all."""
    names = sorted(set(layouts), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(name) for name in names)) if names else None
    groups: dict[tuple[str, ...], list[tuple[Diagnostic, list[str]]]] = {}
    for warning in dict.fromkeys(warnings):
        if pattern is None:
            groups.setdefault((str(warning),), []).append((warning, []))
            continue
        found = pattern.findall(f"{warning.where} {warning.message} {warning.hint}")
        key = tuple(pattern.sub("\0", str(part)) for part in (warning.where, warning.message, warning.hint))
        groups.setdefault((*key, warning.severity), []).append((warning, found))
    merged = []
    for members in groups.values():
        first, found = members[0]
        named = list(dict.fromkeys(name for _, names in members for name in names))
        if len(members) == 1 or not named or pattern is None:
            merged.append(first)
            continue
        message = pattern.sub(_naming(named, found[0]), first.message)
        merged.append(dataclasses.replace(first, message=message))
    return merged


def _naming(named: list[str], first: str) -> Callable[[re.Match[str]], str]:
    """Replaces the first layout's name with all of them, and leaves any other name as it is."""
    return lambda match: ", ".join(named) if match.group(0) == first else match.group(0)


def _warm_up(jobs: tuple[Job, ...], plain_fonts: bool = False) -> tuple[object, list[Diagnostic]]:
    """Fonts and hyphenation patterns loaded once here, for measuring; worker processes get them as a payload.

    The parsed patterns come from the per-user cache (not the output folder: they belong to
    no stand); a cache that cannot be written costs time, never the build. With `plain_fonts`, the
    hint-free screen fonts are made here too when the cache lacks them, so that workers read them
    from the cache instead of each making them again; when the patterns are missing as well, a
    child process makes the fonts while this one reads the patterns (an empty cache: 0.45 s and
    0.2 s of work, one beside the other).
    """
    from generator import cache
    from generator.render.fonts import PATTERNS_PREFIX, patterns_name, warm_up
    from generator.render.plainfonts import make_here, missing
    name = patterns_name()
    from generator.jobs import font_sets
    fonts = font_sets(jobs)
    cached = cache.read_entry(name)
    paths: tuple[str, ...] = ()
    if plain_fonts and cache.cache_dir() is not None:  # without a cache the workers make their own
        paths = missing(tuple(sorted({path for f in fonts for path in (f.regular, f.italic, f.semibold, f.bold,
                                                                       f.fallback) if path})))
    child = _plain_fonts_child(paths) if paths and cached is None else None
    try:
        warm, fresh = warm_up(fonts, cached)
        notices = [cache.write_entry(name, warm.patterns, PATTERNS_PREFIX) if fresh and warm.patterns is not None
                   else None]
        notices += child.keep() if child is not None else make_here(paths)
    finally:
        if child is not None:
            child.close()
    notice = next((text for text in notices if text), None)
    return warm, [Diagnostic(str(cache.cache_dir()), notice, severity="note")] if notice else []


def _plain_fonts_child(paths: tuple[str, ...]) -> Child:
    """A child process making the hint-free copies of `paths`, started as workers are (it dies with this one)."""
    import os
    from generator.render.plainfonts import Child
    from generator.workers import _signals_held, _start_worker, start_context
    context = start_context()
    watch = os.getpid() if context.get_start_method() in ("fork", "spawn") else None
    with _signals_held():
        return Child(paths, context, _start_worker, watch)


def _say_notes_once(out_dir: Path, warnings: list[Diagnostic]) -> tuple[list[Diagnostic], dict[str, str]]:
    """Notes (not warnings) are said once: again only when their text for that file changes, e.g. a new page count.

    Returns what to show and the state to keep in the output folder after a successful build.
    """
    said = read_json_state(out_dir, NOTES)
    notes = {str(w.where): w.message for w in warnings if w.severity == "note"}
    shown = [w for w in warnings if w.severity != "note" or said.get(str(w.where)) != w.message]
    return shown, {**said, **notes}
