"""Compose stage: a Job → a Plan of positioned boxes and the warnings met on the way. One module per kind.

Composers measure text through a Measurer (the render stage's line breaker behind an
interface), so every fit decision is made here and `check` sees every problem.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from generator.compose.booklet import compose_booklet
from generator.compose.flyer import compose_flyer
from generator.compose.kit import Kit, fit_pages
from generator.compose.poster import compose_poster
from generator.compose.sheet import compose_sheet
from generator.diag import Diagnostic
from generator.jobs import Job
from generator.measure import Measurer
from generator.messages import msg
from generator.plan import Plan

COMPOSERS: dict[str, Callable[[Job, Kit], Plan]] = {
    "flyer": compose_flyer,
    "project-sheet": compose_sheet,
    "poster": compose_poster,
    "booklet": compose_booklet,
}


def compose(job: Job, measurer: Measurer) -> tuple[Plan, tuple[Diagnostic, ...]]:
    """The job's plan, every frame fitted, and the composer's warnings."""
    kit = Kit(job.layout, measurer, document_name(job))
    plan = COMPOSERS[job.kind](job, kit)
    plan = dataclasses.replace(plan, pages=fit_pages(kit, plan.pages))
    return plan, tuple(dict.fromkeys(kit.notes))


def document_name(job: Job) -> str:
    """How messages name the document, in the user's language: 'Projektblatt (project-sheet-a4)'."""
    return f"{msg('kind.' + job.kind)} ({job.layout.name})"
