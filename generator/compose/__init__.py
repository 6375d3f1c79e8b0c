"""Compose stage: a Job → a Plan of positioned boxes and the warnings met on the way. One module per kind,
each ending with its `KIND` record (generator/kinds.py finds them).

Beside them, one helper module per concern: `kit` (the layout's styles, inks and measures; fitting and
flowing text), `furniture` (kicker, footer, call to action, printed links, contact), `qrfit` (QR codes and
their quiet zones), `labels` (the printed labels); for the flyer `panels` (panels and folds) and
`flyer_cards` (its project cards), and `motif` (the projects on the flyer's and the booklet's covers).

Composers measure text through a Measurer (the render stage's line breaker behind an
interface), so every fit decision is made here and `check` sees every problem.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping

from generator.compose.kit import Kit, fit_pages
from generator.diag import Diagnostic
from generator.jobs import Job
from generator.kinds import document_kind, document_kinds
from generator.measure import Measurer
from generator.messages import msg
from generator.plan import Plan


class _Composers(Mapping[str, Callable[[Job, Kit], Plan]]):
    """Kind → composer, read from the kinds' records (kept for callers that ask `kind in COMPOSERS`)."""

    def __getitem__(self, kind: str) -> Callable[[Job, Kit], Plan]:
        return document_kind(kind).compose

    def __iter__(self) -> Iterator[str]:
        return iter(document_kinds())

    def __len__(self) -> int:
        return len(document_kinds())


COMPOSERS: Mapping[str, Callable[[Job, Kit], Plan]] = _Composers()


def compose(job: Job, measurer: Measurer) -> tuple[Plan, tuple[Diagnostic, ...]]:
    """The job's plan, every frame fitted, and the composer's warnings."""
    kit = Kit(job.layout, measurer, document_name(job))
    plan = document_kind(job.kind).compose(job, kit)
    plan = dataclasses.replace(plan, pages=fit_pages(kit, plan.pages))
    return plan, tuple(dict.fromkeys(kit.notes))


def document_name(job: Job) -> str:
    """How messages name the document, in the user's language: 'Projektblatt (project-sheet-a4)'."""
    return f"{msg('kind.' + job.kind)} ({job.layout.name})"
