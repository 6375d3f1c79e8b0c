"""Render workers: (Plan, Profile) tasks → PDF bytes, in this process or in a process pool.

A worker returns problems as a tuple of Diagnostics instead of raising, so they cross
the process boundary as plain data and are reported like any other problem.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from generator.diag import Diagnostic, Problems
from generator.plan import Plan
from generator.profiles import Profile

Task = tuple[Plan, Profile]


def render_task(task: Task) -> bytes | tuple[Diagnostic, ...]:
    from generator.render import render_pdf
    plan, profile = task
    try:
        return render_pdf(plan, profile)
    except Problems as found:
        return found.diagnostics


def render_parallel(tasks: list[Task], workers: int) -> list[bytes | tuple[Diagnostic, ...]]:
    """The same results as rendering one by one, in the same order, from `workers` processes."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunk = max(1, len(tasks) // (workers * 4))
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context) as pool:
        return list(pool.map(render_task, tasks, chunksize=chunk))
