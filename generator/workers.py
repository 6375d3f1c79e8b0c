"""Render workers: (Plan, Profile) tasks → PDF bytes, in this process or in a pool of worker processes.

A worker returns problems as a tuple of Diagnostics instead of raising, so they cross
the process boundary as plain data and are reported like any other problem.

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
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterator

from generator.diag import Diagnostic, Problems
from generator.messages import msg, register
from generator.plan import Plan
from generator.profiles import Profile

Task = tuple[Plan, Profile]
WATCH_INTERVAL_S = 0.2
CHUNK_MAX = 32  # tasks per message: a worker's reply (the PDF bytes) stays a few MB, whatever the stand's size
register({
    "workers.died": ("ein Arbeitsprozess wurde unerwartet beendet (zu wenig Arbeitsspeicher?); nichts wurde geschrieben",
                     "a render worker ended unexpectedly (out of memory?); nothing was written"),
    "workers.died.hint": ("mit --jobs 1 erneut versuchen", "try again with --jobs 1"),
})
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


def render_task(task: Task) -> bytes | tuple[Diagnostic, ...]:
    from generator.render import render_pdf
    plan, profile = task
    try:
        return render_pdf(plan, profile)
    except Problems as found:
        return found.diagnostics


def render_parallel(tasks: list[Task], workers: int, warm: object,
                    take: Callable[[int, bytes | tuple[Diagnostic, ...]], None] | None = None,
                    ) -> list[bytes | tuple[Diagnostic, ...]]:
    """The same results as rendering one by one, in the same order, from `workers` processes.

    With `take`, each result goes to it with its task's index as soon as its chunk arrives (so the
    parent holds no more than a chunk of PDF bytes), and nothing is returned.

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
                process = context.Process(target=_serve, args=(warm, watch, theirs), name="standgen-render", daemon=True)
                process.start()
                theirs.close()
                crew.append((process, ours))
        results = _dispatch(chunks, [conn for _, conn in crew], size, take)
        finished = True
        return results
    finally:
        _dismiss(crew, finished)


def _dispatch(chunks: list[list[Task]], conns: list[Connection], size: int,
              take: Callable[[int, bytes | tuple[Diagnostic, ...]], None] | None) -> list[bytes | tuple[Diagnostic, ...]]:
    """Hand out chunks as workers become free; results in the chunks' order, or each to `take` as it comes."""
    queue = list(enumerate(chunks))[::-1]
    busy: dict[Connection, int] = {}
    done: dict[int, list[bytes | tuple[Diagnostic, ...]]] = {}
    for conn in conns:
        if queue:
            index, chunk = queue.pop()
            conn.send(chunk)
            busy[conn] = index
    while busy:
        for conn in wait(list(busy)):
            index = busy.pop(conn)  # type: ignore[call-overload]
            try:
                status, value = conn.recv()  # type: ignore[union-attr]
            except EOFError:
                raise Problems([Diagnostic("standgen", msg("workers.died"), msg("workers.died.hint"))]) from None
            if status != "ok":
                raise RuntimeError(f"a render worker failed:\n{value}")
            if queue:  # the next chunk first, so the worker renders while we write
                next_index, chunk = queue.pop()
                conn.send(chunk)  # type: ignore[union-attr]
                busy[conn] = next_index  # type: ignore[index]
            if take is None:
                done[index] = value
            else:
                for offset, result in enumerate(value):
                    take(index * size + offset, result)
    return [result for index in range(len(chunks)) for result in done[index]] if take is None else []


def _dismiss(crew: list[tuple[multiprocessing.process.BaseProcess, Connection]], finished: bool) -> None:
    """After the work, workers are told to stop; after an interrupt or failure they are killed at once."""
    for process, conn in crew:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if finished:
                conn.send(None)  # not only a closed pipe: a forked worker holds a copy of our end
            else:
                process.kill()  # they hold no file of ours, so killing them is clean
        conn.close()
    for process, _ in crew:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join()


def _serve(warm: object, parent_pid: int | None, conn: Connection) -> None:
    """A worker's life: warm up, then render chunks until the parent closes the pipe."""
    _start_worker(warm, parent_pid)
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        try:
            reply: tuple[str, object] = ("ok", [render_task(task) for task in chunk])
        except Exception:  # a bug, not a content problem: its traceback goes to the parent
            reply = ("failed", traceback.format_exc())
        conn.send(reply)


def start_context() -> multiprocessing.context.BaseContext:
    """The platform's default start method; spawn where fork is missing."""
    context = multiprocessing.get_context()
    if context.get_start_method() in ("fork", "forkserver") and not hasattr(os, "fork"):
        return multiprocessing.get_context("spawn")
    return context


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
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="standgen-parent-watch", daemon=True).start()
    from generator.render.fonts import start_worker
    start_worker(warm)  # type: ignore[arg-type]


def _watch_parent(parent_pid: int | None) -> None:
    """Exit as soon as the parent is gone: its sentinel fires (Windows: its process handle) or we were re-parented."""
    parent = multiprocessing.parent_process()
    while True:
        if parent is not None and not parent.is_alive():
            break
        if parent_pid is not None and sys.platform != "win32" and os.getppid() != parent_pid:
            break
        time.sleep(WATCH_INTERVAL_S)
    os._exit(1)
