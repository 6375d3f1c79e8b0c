"""Document workers: jobs → composed and rendered documents, staged beside their targets, in this process or a pool.

The parent sends each worker the job list once and then tasks (a job's index and the
documents wanted from it); a worker composes the job, renders each document whose key or
file changed, writes new bytes to a temporary file in the output folder and replies with
keys, manifest entries, warnings and the temporary files' names: plain data, never plans
or PDF bytes, so the parent's memory stays flat and compose runs in parallel as well.
Problems come back as Diagnostics instead of being raised, so they cross the process
boundary as plain data and are reported like any other problem.

Workers start with the platform's default method (fork on Linux, spawn on Windows and
macOS, spawn wherever fork is missing) and receive the parent's warm-up (fonts, parsed
hyphenation patterns) as a pickled payload, so no start method relies on inheritance.
A worker leaves interrupts to its parent (Ctrl-C reaches every process of a terminal;
only the parent reports it, once) and watches its parent: when the parent dies, even by
kill -9, the worker exits within a fraction of a second, so no orphan keeps running or
keeps a descriptor of the output lock open.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast
from collections.abc import Callable, Iterator

from generator import __version__
from generator.diag import Diagnostic, Problems
from generator.incremental import RENDERER, Task, file_hash
from generator.messages import msg, register
from generator.output import SYNCS, Document, QrEntry, intact, same_bytes, sha256, write_temporary
from generator.profiles import Profile

if TYPE_CHECKING:  # compose, render and multiprocessing are imported where used: a build may never need them
    import multiprocessing
    import multiprocessing.context
    import multiprocessing.process
    from multiprocessing.connection import Connection

    from generator.jobs import Job
    from generator.model import Project
    from generator.plan import Fonts, Plan


# A pool pays only from this many documents to make per worker where workers are spawned: a spawned worker
# imports the program and installs the warm-up first (~0.3 s), as long as rendering a dozen sheets.
POOL_MIN_PER_WORKER = 4
# Where workers are forked they start in milliseconds with all the parent has loaded, and a pool pays from
# this many documents: a one-project edit of the shipped stand (4 documents) takes 0.50 s in one process and
# 0.46 s with two forked workers (2 cores); one sheet in print and screen (2 documents) 0.33 s alone, 0.35 s shared.
FORK_MIN_DOCUMENTS = 4
WATCH_INTERVAL_S = 0.2
WORKER_STOP_S = 5.0  # how long a stopping worker may take to send its metrics
GC_THRESHOLDS = (10_000, 20, 20)  # while documents are made (see fewer_collections)
CHUNK_MAX = 8  # tasks per message: replies are small (no PDF bytes); small chunks keep the last ones even
register({
    "workers.died": ("ein Arbeitsprozess wurde unerwartet beendet (zu wenig Arbeitsspeicher?); "
                     "nichts wurde geschrieben",
                     "a render worker ended unexpectedly (out of memory?); nothing was written"),
    "workers.died.hint": ("mit --jobs 1 erneut versuchen", "try again with --jobs 1"),
    "pipeline.padded.one": ("{pages} Seiten für den Druck mit {blank} leeren Seite auf {total} aufgefüllt "
                            "(ein Vielfaches von {multiple})",
                            "{pages} pages padded with {blank} blank page to {total} for print "
                            "(a multiple of {multiple})"),
    "pipeline.padded.many": ("{pages} Seiten für den Druck mit {blank} leeren Seiten auf {total} aufgefüllt "
                             "(ein Vielfaches von {multiple})",
                             "{pages} pages padded with {blank} blank pages to {total} for print "
                             "(a multiple of {multiple})"),
})
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


@dataclass(frozen=True, slots=True)
class Made:
    """One document of a task: its key, and its manifest entry and staged file when it was rendered."""

    path: str
    key: str
    document: Document | None = None  # None: the file on disk is current, not rendered again
    staged: str | None = None  # a temporary file beside the target with new bytes; None: the bytes are the same


@dataclass(frozen=True, slots=True)
class Done:
    """What a task gave: the job's warnings, its documents, or the problems that stopped it."""

    index: int
    warnings: tuple[Diagnostic, ...] = ()
    made: tuple[Made, ...] = ()
    problems: tuple[Diagnostic, ...] = ()
    composing: bool = False  # the problems came from composing, so `check` reports them too
    reads: tuple[str, ...] | None = None  # a stand-wide job: the project fields composing it read (see Reading)


class Reading:
    """A project as a stand-wide composer sees it, noting the fields it reads ("title") and the positions it
    asks for ("@title"), so that the next build composes it again only when one of those changed.

    Composing is a function of what it reads: with the same values for every field it read, it reads the
    same fields again and makes the same plan. `tests/test_incremental.py` checks that plans made through
    this view equal plans made from the projects themselves.
    """

    __slots__ = ("_project", "_read")

    def __init__(self, project: object, read: set[str]) -> None:
        self._project, self._read = project, read

    def __getattr__(self, name: str) -> object:
        value = getattr(self._project, name)
        if name == "at":
            return self._at
        self._read.add(name)
        return value

    def _at(self, key: str) -> object:
        self._read.add(f"@{key}")
        return self._project.at(key)  # type: ignore[attr-defined]


def compose_job(job: Job, colour_model: str = "rgb") -> tuple[Plan, tuple[Diagnostic, ...]]:
    """One job's plan and warnings, measured with the renderer's line breaker (in the colours of the document
    rendered next, whose paragraphs are then drawn as measured)."""
    from generator.compose import compose, document_name
    from generator.render.measure import TextMeasurer  # the renderer's line breaker, for measuring only
    return compose(job, TextMeasurer(job.fonts, job.hyphenation, document_name(job), colour_model))


def compose_noted(job: Job, profiles: tuple[Profile, ...]) -> tuple[Plan, tuple[Diagnostic, ...]]:
    """A job's plan with everything composing it says, the page padding for print included."""
    first = next((profile for profile in profiles if not profile.plain_fonts), None)
    plan, notes = compose_job(job, first.colour_model if first else "rgb")
    return plan, (*notes, *_padding(job, plan, profiles))


def make_task(job: Job, task: Task, out_dir: Path) -> Done:
    """Compose the job; render each target whose key or file changed and stage its new bytes."""
    from generator.render import render_pdf
    read: set[str] = set()
    try:
        plan, said = compose_noted(reading(job, read), tuple(target.profile for target in task.targets))
    except Problems as found:
        return Done(task.index, problems=found.diagnostics, composing=True)
    reads = tuple(sorted(read)) if job.project is None else None
    made: list[Made] = []
    common = plan_common(plan)
    for target in task.targets:
        key = plan_key(plan, target.profile, common)
        if not task.force and target.old_key == key and intact(out_dir / target.path, target.old_sha):
            made.append(Made(target.path, key))
            continue
        try:
            data = render_pdf(plan, target.profile)
        except Problems as found:
            return Done(task.index, said, tuple(made), found.diagnostics, reads=reads)
        path = out_dir / target.path
        staged = None if same_bytes(path, data) else str(write_temporary(path, data, background=True))
        made.append(Made(target.path, key, describe(job, plan, target.profile, target.path, sha256(data)), staged))
    return Done(task.index, said, tuple(made), reads=reads)


def reading(job: Job, read: set[str]) -> Job:
    """A stand-wide job whose projects note what composing reads of them (see Reading); a sheet as it is."""
    if job.project is not None:
        return job
    return dataclasses.replace(job, projects=cast("tuple[Project, ...]", tuple(Reading(p, read) for p in job.projects)))


def plan_key(plan: Plan, profile: Profile, common: str | None = None) -> str:
    """What decides a document's bytes: version, renderer, the plan, the font files, the profile.

    `common` is plan_common(plan), passed when one plan is keyed for several profiles: the plan's
    digest walks the whole plan, so it is taken once per plan, not once per document."""
    digest = plan_common(plan) if common is None else common
    return hashlib.sha256(f"{digest}|{profile}".encode()).hexdigest()


def plan_common(plan: Plan) -> str:
    """The part of plan_key every profile shares."""
    return f"{__version__}|{RENDERER}|{plan.digest()}|{_font_digest(plan)}"


def describe(job: Job, plan: Plan, profile: Profile, path: str, digest: str) -> Document:
    """The manifest's entry for a rendered document."""
    return Document(
        path=path, layout=job.layout.name, kind=job.kind, profile=profile.name,
        project=job.project.number if job.project else None,
        pages=len(plan.pages) + (plan.padding() if profile.pad_pages else 0), trim_mm=plan.trim_mm,
        bleed_mm=plan.bleed_mm if profile.bleed else 0.0,
        qr=tuple(QrEntry(plan.page_number(page, profile.pad_pages), qr.url) for page, qr in plan.qr_codes()),
        sha256=digest)


def _padding(job: Job, plan: Plan, profiles: tuple[Profile, ...]) -> list[Diagnostic]:
    blank = plan.padding()
    if not blank or not any(profile.pad_pages for profile in profiles):
        return []
    total = len(plan.pages) + blank
    key = "pipeline.padded.one" if blank == 1 else "pipeline.padded.many"
    return [Diagnostic(job.layout.file, msg(key, pages=len(plan.pages), blank=blank, total=total,
                                            multiple=plan.page_multiple), severity="note")]


def _font_digest(plan: Plan) -> str:
    files = sorted({p for p in (plan.fonts.regular, plan.fonts.italic, plan.fonts.semibold, plan.fonts.bold,
                                plan.fonts.fallback) if p})
    return "|".join(f"{Path(p).name}:{file_hash(p)}" for p in files)


def make_all(jobs: tuple[Job, ...], tasks: list[Task], workers: int, warm: Callable[[], object],
             out_dir: Path) -> list[Done]:
    """Every task's result in task order; in worker processes when there is enough to do for a pool to pay.

    `warm` gives the warm-up (fonts, patterns) and is called only when there is a task.
    """
    if not tasks:
        return []
    payload = warm()
    documents = sum(len(task.targets) for task in tasks)
    forking = workers > 1 and start_context().get_start_method() == "fork"
    if workers > 1 and (documents >= POOL_MIN_PER_WORKER * workers or forking and documents >= FORK_MIN_DOCUMENTS):
        found: dict[int, list[Done]] = {}
        parts = _spread(tasks, workers)
        run_parallel(jobs, parts, workers, payload, out_dir, lambda done: found.setdefault(done.index, []).append(done))
        return [_joined(found[task.index], task) for task in tasks]
    done = []
    try:
        with fewer_collections():
            for task in tasks:
                done.append(make_task(jobs[task.index], task, out_dir))
    except BaseException:
        with contextlib.suppress(Problems):
            SYNCS.wait()  # the files are removed next, by the parent's clean-up
        raise
    return synced(done)


def _spread(tasks: list[Task], workers: int) -> list[Task]:
    """With fewer jobs than the workers can share, each document of a job is a task of its own: the job is
    composed by each worker that makes one of its documents (cheap from the kept metrics), and its print and
    screen files are rendered side by side (a one-project edit: the booklet's two files on two cores)."""
    if len(tasks) >= 2 * workers:
        return tasks
    return [dataclasses.replace(task, targets=(target,)) for task in tasks for target in task.targets]


def _joined(parts: list[Done], task: Task) -> Done:
    """One task's result from the results of its documents made apart (see _spread), in the task's order."""
    if len(parts) == 1:
        return parts[0]
    order = {target.path: index for index, target in enumerate(task.targets)}
    parts = sorted(parts, key=lambda part: min((order[m.path] for m in part.made), default=len(order)))
    made = [m for part in parts for m in part.made]
    reads = [part.reads for part in parts if part.reads is not None]
    return Done(task.index, tuple(dict.fromkeys(w for part in parts for w in part.warnings)), tuple(made),
                tuple(d for part in parts for d in part.problems), any(part.composing for part in parts),
                tuple(sorted(set().union(*reads))) if reads else None)


def synced(done: list[Done]) -> list[Done]:
    """The results once every file they staged is on disk; a failed sync becomes a problem of the first."""
    try:
        SYNCS.wait()
    except Problems as found:
        first = done[0]
        return [dataclasses.replace(first, problems=(*first.problems, *found.diagnostics)), *done[1:]]
    return done


def run_parallel(jobs: tuple[Job, ...], tasks: list[Task], workers: int, warm: object, out_dir: Path,
                 take: Callable[[Done], None]) -> None:
    """Each task made by one of `workers` processes; each result to `take` as its chunk arrives.

    `warm` is the parent's `render.fonts.WarmUp`; each worker installs it before its first task.
    A small crew of processes with one pipe each, and no threads in the parent: on Ctrl-C
    the parent kills the crew and has nothing else to wind down, so it says one line.
    """
    context = start_context()
    watch = os.getpid() if context.get_start_method() in ("fork", "spawn") else None
    size = max(1, min(CHUNK_MAX, len(tasks) // (workers * 4)))
    chunks = [tasks[start:start + size] for start in range(0, len(tasks), size)]
    crew: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    finished = False
    try:
        with _signals_held(), _frozen_heap():  # workers are born with Ctrl-C and SIGTERM held back
            for _ in range(min(workers, len(chunks))):
                ours, theirs = context.Pipe()
                process = context.Process(  # type: ignore[attr-defined]  # typeshed: on concrete contexts only
                    target=_serve, args=(warm, watch, theirs, jobs, out_dir), name="standgen-render", daemon=True)
                process.start()
                theirs.close()
                crew.append((process, ours))
        _dispatch(chunks, [conn for _, conn in crew], take)
        finished = True
    finally:
        from generator.jobs import font_sets
        _dismiss(crew, finished, font_sets(jobs))


def _dispatch(chunks: list[list[Task]], conns: list[Connection], take: Callable[[Done], None]) -> None:
    """Hand out chunks as workers become free; each result to `take` as it comes."""
    from multiprocessing.connection import Connection, wait
    queue = chunks[::-1]
    busy: set[Connection] = set()
    for conn in conns:
        if queue:
            conn.send(queue.pop())
            busy.add(conn)
    while busy:
        for ready in wait(list(busy)):
            assert isinstance(ready, Connection)
            busy.discard(ready)
            try:
                status, value = ready.recv()
            except EOFError:
                raise Problems([Diagnostic("standgen", msg("workers.died"), msg("workers.died.hint"))]) from None
            if status != "ok":
                raise RuntimeError(f"a render worker failed:\n{value}")
            if queue:  # the next chunk first, so the worker works while we take its results
                ready.send(queue.pop())
                busy.add(ready)
            for done in value:
                take(done)


def _dismiss(crew: list[tuple[multiprocessing.process.BaseProcess, Connection]], finished: bool,
             fonts: tuple[Fonts, ...] = ()) -> None:
    """After the work, workers are told to stop; after an interrupt or failure they are killed at once."""
    for process, conn in crew:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if finished:
                conn.send(None)  # not only a closed pipe: a forked worker holds a copy of our end
            else:
                process.kill()  # their temporary files are removed by the parent, under the output lock
    for _, conn in crew:
        if finished:
            _take_metrics(conn, fonts)
        conn.close()
    for process, _ in crew:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join()


def _take_metrics(conn: Connection, fonts: tuple[Fonts, ...]) -> None:
    """A stopping worker's paragraph metrics, remembered here for the next build (see render.measure)."""
    with contextlib.suppress(OSError, EOFError, ValueError):
        if conn.poll(WORKER_STOP_S):
            status, data = conn.recv()
            if status == "metrics" and isinstance(data, bytes):
                from generator.render.measure import start_from
                start_from(data, fonts)


def _serve(warm: object, parent_pid: int | None, conn: Connection, jobs: tuple[Job, ...], out_dir: Path) -> None:
    """A worker's life: warm up, then make chunks of tasks until the parent closes the pipe."""
    _start_worker(warm, parent_pid)
    gc.set_threshold(*GC_THRESHOLDS)  # see fewer_collections
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            from generator.render.measure import kept_metrics
            conn.send(("metrics", kept_metrics()))  # for the parent to keep for the next build
            return
        try:
            reply: tuple[str, object] = ("ok", synced([make_task(jobs[task.index], task, out_dir) for task in chunk]))
        except Exception:  # a bug, not a content problem: its traceback goes to the parent
            import traceback
            reply = ("failed", traceback.format_exc())
        conn.send(reply)


def start_context() -> multiprocessing.context.BaseContext:
    """The platform's default start method; spawn where fork is missing."""
    import multiprocessing
    context = multiprocessing.get_context()
    if context.get_start_method() in ("fork", "forkserver") and not hasattr(os, "fork"):
        return multiprocessing.get_context("spawn")
    return context


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """The cyclic garbage collector run less often while documents are made: composing and rendering a sheet
    allocates ~10^5 objects, which at Python's default (a young collection every 700) meant hundreds of
    collections per sheet. 1,000 sheets, --jobs 1: 16.4 -> 16.0 s, peak memory +0.7 MB."""
    previous = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """The parent's objects moved out of the collector's reach while workers fork: a forked worker's garbage
    collection would otherwise touch every object it inherited (the composed plans of the whole stand) and so
    copy the parent's heap page by page into each worker."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Block SIGINT and SIGTERM in this thread while workers start; they inherit the mask (POSIX only).

    A signal arriving meanwhile waits and is delivered to the parent afterwards, so none is lost.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _start_worker(warm: object, parent_pid: int | None) -> None:
    """First thing in every worker: signals left to the parent, the parent watched, fonts and patterns installed."""
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the parent ends its workers; the watch ends orphans
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    import threading
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="standgen-parent-watch", daemon=True).start()
    from generator.render.fonts import start_worker
    start_worker(warm)  # type: ignore[arg-type]


def _watch_parent(parent_pid: int | None) -> None:
    """Exit as soon as the parent is gone: its sentinel fires (Windows: its process handle) or we were re-parented."""
    import multiprocessing
    parent = multiprocessing.parent_process()
    while True:
        if parent is not None and not parent.is_alive():
            break
        if parent_pid is not None and sys.platform != "win32" and os.getppid() != parent_pid:
            break
        time.sleep(WATCH_INTERVAL_S)
    os._exit(1)
