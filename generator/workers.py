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
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Iterator

from generator.diag import Diagnostic, Problems
from generator.plan import Plan
from generator.profiles import Profile

Task = tuple[Plan, Profile]
WATCH_INTERVAL_S = 0.2
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


def render_task(task: Task) -> bytes | tuple[Diagnostic, ...]:
    from generator.render import render_pdf
    plan, profile = task
    try:
        return render_pdf(plan, profile)
    except Problems as found:
        return found.diagnostics


def render_parallel(tasks: list[Task], workers: int, warm: object) -> list[bytes | tuple[Diagnostic, ...]]:
    """The same results as rendering one by one, in the same order, from `workers` processes.

    `warm` is the parent's `render.fonts.WarmUp`; each worker installs it before its first task.
    """
    context = start_context()
    watch = os.getpid() if context.get_start_method() in ("fork", "spawn") else None
    chunk = max(1, len(tasks) // (workers * 4))
    pool = ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context,
                               initializer=_start_worker, initargs=(warm, watch))
    try:
        with _signals_held():  # workers are born with Ctrl-C and SIGTERM held back, the parent gets them after
            results = pool.map(render_task, tasks, chunksize=chunk)
        return list(results)
    except BaseException:
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def start_context() -> multiprocessing.context.BaseContext:
    """The platform's default start method; spawn where fork is missing."""
    context = multiprocessing.get_context()
    if context.get_start_method() in ("fork", "forkserver") and not hasattr(os, "fork"):
        return multiprocessing.get_context("spawn")
    return context


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


def _stop(pool: ProcessPoolExecutor) -> None:
    """On an interrupt or failure: end the workers at once. They hold no file of ours, so killing them is clean."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


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
