"""Compose stage: a Job → a Plan of positioned boxes. One module per document kind."""

from __future__ import annotations

from typing import Callable

from generator.compose.booklet import compose_booklet
from generator.compose.flyer import compose_flyer
from generator.compose.poster import compose_poster
from generator.compose.sheet import compose_sheet
from generator.jobs import Job
from generator.plan import Plan

COMPOSERS: dict[str, Callable[[Job], Plan]] = {
    "flyer": compose_flyer,
    "project-sheet": compose_sheet,
    "poster": compose_poster,
    "booklet": compose_booklet,
}


def compose(job: Job) -> Plan:
    return COMPOSERS[job.kind](job)
