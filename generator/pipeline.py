"""Pipeline: load → validate → jobs → compose → (skip | render → write), read as a recipe."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from generator import __version__
from generator.diag import Diagnostic, Problems
from generator import incremental
from generator.messages import language, msg, register
from generator.output import (Document, QrEntry, check_out_dir, is_current, locked, read_json_state, read_keys,
                              read_manifest, remove_stale, remove_temporaries, same_bytes, sha256, Staging,
                              write_json_state, write_keys, write_manifest)
from generator.profiles import Profile
from generator.stale import SOURCES, Removed, Scope, explain, sources_of

if TYPE_CHECKING:  # imported where used: a build with nothing to do never loads the compose stage or YAML
    from generator.fields import Mark
    from generator.jobs import Job
    from generator.layouts import Layout
    from generator.model import Content
    from generator.plan import Plan


# Bumped whenever the renderer writes other bytes for the same plan (tags, subset names), so that
# an incremental build does not keep files made by an older renderer.
RENDERER = "2026-11-29b"

# A pool pays only from this many stale documents per worker: starting a worker and sending it the warm-up
# costs about as much as rendering a few sheets (one-project edit of the shipped stand, 4 documents: 1.5 s
# in this process against 1.7–2.2 s with two workers, 2-core machine).
POOL_MIN_PER_WORKER = 4

NOTES = "notes.json"  # in the output folder's state: the notes already said, by file

register({
    "pipeline.padded.one": ("{pages} Seiten für den Druck mit {blank} leeren Seite auf {total} aufgefüllt "
                            "(ein Vielfaches von {multiple})",
                            "{pages} pages padded with {blank} blank page to {total} for print (a multiple of {multiple})"),
    "pipeline.padded.many": ("{pages} Seiten für den Druck mit {blank} leeren Seiten auf {total} aufgefüllt "
                             "(ein Vielfaches von {multiple})",
                             "{pages} pages padded with {blank} blank pages to {total} for print "
                             "(a multiple of {multiple})"),
})


def load_inputs(data_dir: Path, layout_dir: Path, only: tuple[str, ...] = ()) -> tuple[Content, tuple[Layout, ...]]:
    """Validate data and layouts together, so one run reports the problems of both."""
    from generator.layouts import load_layouts
    from generator.model import load_content
    problems: list[Diagnostic] = []
    content = layouts = None
    try:
        content = load_content(data_dir)
    except Problems as found:
        problems.extend(found.diagnostics)
    try:
        layouts = load_layouts(layout_dir, only)
    except Problems as found:
        problems.extend(found.diagnostics)
    if problems:
        raise Problems(problems)
    return content, layouts


@dataclass(frozen=True, slots=True)
class Pending:
    """A composed document for one profile, with the key that decides whether it must be rendered."""

    job: Job
    plan: Plan | None  # None: not composed, its key taken from the last build's record (see incremental)
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


@dataclass(frozen=True, slots=True)
class Checked:
    """What `check` found: everything `build` would make, composed and fitted, nothing rendered."""

    content: Content
    layouts: tuple[Layout, ...]
    pending: tuple[Pending, ...]
    warnings: tuple[Diagnostic, ...]
    skipped_layouts: tuple[str, ...]
    warm: object  # fonts and parsed patterns, the payload render workers start from


def check(data_dir: Path, layout_dir: Path, profiles: tuple[Profile, ...], only: tuple[str, ...] = ()) -> Checked:
    """Load, validate, and compose every document with the renderer's measurements: build minus render and write."""
    from generator.compose import COMPOSERS
    from generator.jobs import make_jobs
    from generator.model import content_warnings
    content, layouts = load_inputs(data_dir, layout_dir, only)
    skipped = tuple(sorted(layout.name for layout in layouts if layout.kind not in COMPOSERS))
    jobs = make_jobs(content, tuple(layout for layout in layouts if layout.kind in COMPOSERS), layout_dir)
    warm, notes = _warm_up(jobs)
    pending, warnings, _ = compose_all(jobs, profiles)
    warnings = [*content_warnings(content), *warnings, *notes]
    return Checked(content, layouts, tuple(pending), tuple(warnings), skipped, warm)


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
    from generator.compose import COMPOSERS
    from generator.jobs import make_jobs
    from generator.model import content_warnings
    content, layouts = load_inputs(data_dir, layout_dir, only)
    skipped = tuple(sorted(layout.name for layout in layouts if layout.kind not in COMPOSERS))
    jobs = make_jobs(content, tuple(layout for layout in layouts if layout.kind in COMPOSERS), layout_dir)
    composed = {} if force else incremental.read_state(out_dir, incremental.COMPOSED)
    warm = _Warm(jobs, profiles)
    pending, warnings, records = compose_all(jobs, profiles, composed, warm)
    warnings = [*content_warnings(content), *warnings]
    scope = Scope(frozenset(profile.name for profile in profiles), frozenset(only))
    with locked(out_dir, lock_wait_s):
        outcome = _render_and_write(pending, warnings, skipped, out_dir, scope, force, on_document, workers,
                                    started, content.marks, warm)
        _keep_records(out_dir, data_dir, layout_dir, jobs, args, warnings, content.marks, outcome, records)
    return outcome


class _Warm:
    """The warm-up (fonts, parsed patterns) made when the first document is composed or rendered, not before:
    a build that composes and renders nothing does not pay for it."""

    def __init__(self, jobs: tuple[Job, ...], profiles: tuple[Profile, ...] = ()) -> None:
        self.jobs, self.profiles, self.state, self.notes = jobs, profiles, None, []

    def __call__(self) -> object:
        if self.state is None:
            self.state, self.notes = _warm_up(self.jobs, any(p.plain_fonts for p in self.profiles))
        return self.state


def _unchanged(out_dir: Path, record: dict, started: float) -> Outcome:
    """A build whose inputs, arguments and outputs are all as the last one left them: nothing to do."""
    warnings, notes_said = _say_notes_once(out_dir, [incremental.load_diagnostic(w) for w in record["warnings"]])
    previous = read_manifest(out_dir)
    write_json_state(out_dir, "last-build.json", {"built": [], "removed": [], "to_verify": record["to_verify"]})
    write_json_state(out_dir, NOTES, notes_said)
    paths = tuple(record["unchanged"])
    return Outcome((), paths, tuple(warnings), (), tuple(record["skipped"]), time.perf_counter() - started,
                   tuple(previous[path] for path in paths if path in previous))


def _keep_records(out_dir: Path, data_dir: Path, layout_dir: Path, jobs: tuple[Job, ...], args: dict,
                  warnings: list[Diagnostic], marks: tuple[Mark, ...], outcome: Outcome, records: dict) -> None:
    """After a successful build: what the next one compares with (see incremental)."""
    fonts = {path for job in jobs for path in (job.fonts.regular, job.fonts.italic, job.fonts.semibold,
                                               job.fonts.bold, job.fonts.fallback) if path}
    to_verify = [{"label": m.label, "value": m.value, "where": str(m.span), "note": m.note} for m in marks]
    paths = [*outcome.built, *outcome.unchanged]
    record = incremental.build_record(out_dir, data_dir, layout_dir, fonts, args, warnings, to_verify,
                                      [*paths, "manifest.json"])  # a manifest removed by hand: build again
    kept = incremental.read_state(out_dir, incremental.COMPOSED)  # documents outside this build's --only/--profile
    write_json_state(out_dir, incremental.COMPOSED, {**kept, **records})
    if record is not None:
        record.update(unchanged=paths, skipped=list(outcome.skipped_layouts))
    write_json_state(out_dir, incremental.INPUTS, record or {})


def _render_and_write(pending: list[Pending], warnings: list[str], skipped: tuple[str, ...], out_dir: Path,
                      scope: Scope, force: bool, on_document: Callable[[str], None] | None, workers: int,
                      started: float, marks: tuple[Mark, ...] = (), warm: object = None) -> Outcome:
    """Under the output lock: skip what is current, render the rest, write it, then the manifest."""
    remove_temporaries(out_dir)
    previous, old_keys = read_manifest(out_dir), read_keys(out_dir)
    stale = [p for p in pending if force or not is_current(out_dir, previous.get(p.path), old_keys.get(p.path), p.key)]
    if stale and isinstance(warm, _Warm):
        warm()
    if isinstance(warm, _Warm):
        warnings, warm = [*warnings, *warm.notes], warm.state
    warnings, notes_said = _say_notes_once(out_dir, warnings)
    stale = _with_plans(stale)
    stale_paths = {p.path for p in stale}
    documents = {p.path: previous[p.path] for p in pending if p.path not in stale_paths}
    written: list[Pending] = []
    staging = Staging()

    def keep(index: int, data: bytes) -> None:  # as each document is rendered: staged, its bytes let go
        item = stale[index]
        documents[item.path] = _document(item, sha256(data))
        if not same_bytes(out_dir / item.path, data):
            staging.stage(out_dir / item.path, data)
            written.append(item)

    try:
        render_all(stale, workers, warm, keep)
        staging.commit(lambda path: on_document(path.relative_to(out_dir).as_posix()) if on_document else None)
    finally:
        staging.discard()  # after a failure or an interrupt: nothing of this build stays
    removed = _remove_and_list(out_dir, previous, documents, old_keys, pending, scope)
    built = {item.path for item in written}
    to_verify = [{"label": m.label, "value": m.value, "where": str(m.span), "note": m.note} for m in marks]
    write_json_state(out_dir, "last-build.json", {"built": sorted(built), "removed": [r.path for r in removed],
                                                  "to_verify": to_verify})  # preview shows a badge for these
    write_json_state(out_dir, NOTES, notes_said)
    return Outcome(tuple(p.path for p in stale if p.path in built), tuple(p.path for p in pending if p.path not in built),
                   tuple(warnings), removed, skipped, time.perf_counter() - started,
                   tuple(documents[p.path] for p in pending))


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


def compose_job(job: Job) -> tuple[Plan, tuple[Diagnostic, ...]]:
    """One job's plan and warnings, measured with the renderer's line breaker."""
    from generator.compose import compose, document_name
    from generator.render.measure import TextMeasurer  # the renderer's line breaker, for measuring only
    return compose(job, TextMeasurer(job.fonts, job.hyphenation, document_name(job)))


def compose_all(jobs: tuple[Job, ...], profiles: tuple[Profile, ...], composed: dict | None = None,
                warm: Callable[[], object] | None = None) -> tuple[list[Pending], list[Diagnostic], dict]:
    """Every job's plan once, paired with each profile; all problems of all jobs collected.

    With `composed` (the last build's records, see incremental), a job whose inputs are unchanged is not
    composed: its keys and warnings are taken from the record and its plan is made only if it must be
    rendered. Returns the records for the next build too.
    """
    pending: list[Pending] = []
    warnings: list[Diagnostic] = []
    problems: list[Diagnostic] = []
    records: dict[str, dict] = {}
    inputs = _job_inputs(jobs) if composed is not None else {}
    for job in jobs:
        kept = composed.get(job.name) if composed is not None else None
        if kept is not None and kept.get("inputs") == inputs[job.name]:
            warnings += [incremental.load_diagnostic(w) for w in kept["warnings"]]
            pending += [Pending(job, None, profile, path, key) for profile, path, key in
                        _profiled(job, profiles, kept["keys"])]
            records[job.name] = kept
            continue
        if warm is not None:
            warm()
        try:
            plan, notes = compose_job(job)
        except Problems as found:
            problems.extend(found.diagnostics)
            continue
        said = [*notes, *_warnings(job, plan, profiles)]
        warnings += said
        made = [Pending(job, plan, profile, f"{profile.name}/{job.name}", _key(plan, profile))
                for profile in (p.for_layout(job.layout.output_condition) for p in profiles)]
        pending += made
        if composed is not None:
            records[job.name] = {"inputs": inputs[job.name], "keys": {p.path: p.key for p in made},
                                 "warnings": [incremental.dump_diagnostic(w) for w in said]}
    if problems:
        raise Problems(problems)
    return pending, one_per_cause(warnings, tuple(job.layout.name for job in jobs)), records


def _key(plan: Plan, profile: Profile) -> str:
    digest = f"{__version__}|{RENDERER}|{plan.digest()}|{_font_digest(plan)}"
    return hashlib.sha256(f"{digest}|{profile}".encode("utf-8")).hexdigest()


def _profiled(job: Job, profiles: tuple[Profile, ...], keys: dict[str, str]) -> list[tuple[Profile, str, str]]:
    found = []
    for profile in (p.for_layout(job.layout.output_condition) for p in profiles):
        path = f"{profile.name}/{job.name}"
        found.append((profile, path, keys.get(path, "")))  # a profile not built last time: no key, never current
    return found


def _job_inputs(jobs: tuple[Job, ...]) -> dict[str, str]:
    """Per job, a hash of everything its plan is made from: version, layout file, fonts, hyphenation list, the
    stand file, every project's number, and the project file (a sheet) or all project files (the rest)."""
    if not jobs:
        return {}
    stand = jobs[0].stand
    projects = {p.number: incremental.content_hash(p.file) for p in jobs[0].projects}
    everyone = "|".join(f"{number}:{digest}" for number, digest in sorted(projects.items()))
    common = (f"{__version__}|{RENDERER}|{incremental.arguments((), (), RENDERER, '')['libraries']}|"
              f"{incremental.content_hash(stand.span.file)}|{sorted(projects)}")
    found = {}
    for job in jobs:
        fonts = "|".join(f"{path}:{_file_hash(path)}" for path in (job.fonts.regular, job.fonts.italic,
                                                                   job.fonts.semibold, job.fonts.bold,
                                                                   job.fonts.fallback) if path)
        own = projects[job.project.number] if job.project is not None else everyone
        text = (f"{common}|{job.name}|{job.layout.name}|{incremental.content_hash(job.layout.file)}|{fonts}|"
                f"{job.hyphenation}|{own}")
        found[job.name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return found


def _with_plans(stale: list[Pending]) -> list[Pending]:
    """Plans for the documents that must be rendered but were not composed (their record said unchanged)."""
    plans: dict[str, Plan] = {}
    result = []
    for item in stale:
        if item.plan is None:
            if item.job.name not in plans:
                plans[item.job.name] = compose_job(item.job)[0]
            plan = plans[item.job.name]
            item = dataclasses.replace(item, plan=plan, key=_key(plan, item.profile))
        result.append(item)
    return result


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
        if len(members) == 1 or not named:
            merged.append(first)
            continue
        message = pattern.sub(lambda m: ", ".join(named) if m.group(0) == found[0] else m.group(0), first.message)
        merged.append(dataclasses.replace(first, message=message))
    return merged


def _warm_up(jobs: tuple[Job, ...], plain_fonts: bool = False) -> tuple[object, list[Diagnostic]]:
    """Fonts and hyphenation patterns loaded once here, for measuring; worker processes get them as a payload.

    The parsed patterns come from the per-user cache (not the output folder: they belong to
    no stand); a cache that cannot be written costs time, never the build. With `plain_fonts`, the
    hint-free screen fonts are made here too when the cache lacks them, so that workers read them
    from the cache instead of each making them again.
    """
    from generator import cache
    from generator.render.fonts import patterns_name, warm_up
    name = patterns_name()
    fonts = tuple(sorted({job.fonts for job in jobs}, key=repr))
    warm, fresh = warm_up(fonts, cache.read_entry(name))
    notices = [cache.write_entry(name, warm.patterns) if fresh and warm.patterns is not None else None]
    if plain_fonts and cache.cache_dir() is not None:  # without a cache the workers make their own
        from generator.render.plainfonts import plain_font
        paths = sorted({path for f in fonts for path in (f.regular, f.italic, f.semibold, f.bold, f.fallback) if path})
        notices += [plain_font(path)[1] for path in paths]
    notice = next((text for text in notices if text), None)
    return warm, [Diagnostic(str(cache.cache_dir()), notice, severity="note")] if notice else []


def render_all(pending: list[Pending], workers: int, warm: object = None,
               keep: Callable[[int, bytes], None] | None = None) -> list[bytes]:
    """PDF bytes for each pending document; in worker processes when it pays.

    With `keep`, each document is handed to it (its index, its bytes) as soon as it is rendered and not
    kept here; otherwise all are returned in order. Problems of any document are raised at the end.
    """
    tasks = [(item.plan, item.profile) for item in pending]
    results: list[bytes] = []
    problems: list[Diagnostic] = []

    def take(index: int, result: bytes | tuple[Diagnostic, ...]) -> None:
        if isinstance(result, tuple):
            problems.extend(result)
        elif not problems:  # after a problem nothing will be written: no need to keep more
            keep(index, result) if keep else results.append(result)

    if workers > 1 and len(tasks) >= POOL_MIN_PER_WORKER * workers:
        from generator.workers import render_parallel
        render_parallel(tasks, workers, warm, take)
    else:
        from generator.workers import render_task
        for index, task in enumerate(tasks):
            take(index, render_task(task))
    if problems:
        raise Problems(problems)
    return results


def _document(item: Pending, digest: str) -> Document:
    plan, profile, job = item.plan, item.profile, item.job
    return Document(
        path=item.path, layout=job.layout.name, kind=job.kind, profile=profile.name,
        project=job.project.number if job.project else None,
        pages=len(plan.pages) + (plan.padding() if profile.pad_pages else 0), trim_mm=plan.trim_mm,
        bleed_mm=plan.bleed_mm if profile.bleed else 0.0,
        qr=tuple(QrEntry(plan.page_number(page, profile.pad_pages), qr.url) for page, qr in plan.qr_codes()), sha256=digest)


def _warnings(job: Job, plan: Plan, profiles: tuple[Profile, ...]) -> list[Diagnostic]:
    blank = plan.padding()
    if not blank or not any(profile.pad_pages for profile in profiles):
        return []
    total = len(plan.pages) + blank
    key = "pipeline.padded.one" if blank == 1 else "pipeline.padded.many"
    return [Diagnostic(job.layout.file, msg(key, pages=len(plan.pages), blank=blank, total=total,
                                            multiple=plan.page_multiple), severity="note")]


def _say_notes_once(out_dir: Path, warnings: list[Diagnostic]) -> tuple[list[Diagnostic], dict[str, str]]:
    """Notes (not warnings) are said once: again only when their text for that file changes, e.g. a new page count.

    Returns what to show and the state to keep in the output folder after a successful build.
    """
    said = read_json_state(out_dir, NOTES)
    notes = {str(w.where): w.message for w in warnings if w.severity == "note"}
    shown = [w for w in warnings if w.severity != "note" or said.get(str(w.where)) != w.message]
    return shown, {**said, **notes}


def _font_digest(plan: Plan) -> str:
    files = sorted({p for p in (plan.fonts.regular, plan.fonts.italic, plan.fonts.semibold, plan.fonts.bold,
                                plan.fonts.fallback) if p})
    return "|".join(f"{Path(p).name}:{_file_hash(p)}" for p in files)


@functools.lru_cache(maxsize=32)
def _file_hash(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
