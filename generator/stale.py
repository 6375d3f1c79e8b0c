"""Stale outputs: the previous build's documents × this build's → what may be removed, each with its reason.

A build asked for a subset (`--profile`, `--only`) owns only that subset: documents
outside it are neither removed nor dropped from the manifest. What is removed is named
with the reason a user can check ("project file 05-….yaml no longer exists").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from collections.abc import Iterable

from generator.messages import msg, register
from generator.output import Document

if TYPE_CHECKING:
    from generator.pipeline import Pending

# Output path → the project file it was made from, kept in the build's state so that the
# file can be named once it is gone.
SOURCES = "sources.json"

register({
    "removed.project_gone": ("Projektdatei {file} gibt es nicht mehr", "project file {file} no longer exists"),
    "removed.project_moved": ("aus der Projektdatei {file} entsteht jetzt {path}",
                              "project file {file} now makes {path}"),
    "removed.layout_gone": ("Layout {layout} gibt es nicht mehr", "layout {layout} no longer exists"),
    "removed.not_made": ("wird nicht mehr erzeugt", "no longer made"),
    "removed.line": ("  entfernt {path}: {reason}", "  removed {path}: {reason}"),
})


@dataclass(frozen=True, slots=True)
class Scope:
    """The documents a build was asked for: these profiles, and these layouts (none named: all)."""

    profiles: frozenset[str]
    layouts: frozenset[str] = frozenset()

    def covers(self, document: Document) -> bool:
        return document.profile in self.profiles and (not self.layouts or document.layout in self.layouts)


@dataclass(frozen=True, slots=True)
class Removed:
    """A file the previous build made and this one removed, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return msg("removed.line", path=self.path, reason=self.reason).strip()


def sources_of(pending: Iterable[Pending]) -> dict[str, str]:
    """Output path → file name of the project it was made from, for per-project documents."""
    return {item.path: Path(item.job.project.file).name for item in pending if item.job.project is not None}


def explain(removed: Iterable[str], previous: dict[str, Document], pending: Iterable[Pending],
            sources: dict[str, str]) -> tuple[Removed, ...]:
    """Each removed path with the reason this build no longer makes it."""
    pending = list(pending)
    layouts = {item.job.layout.name for item in pending}
    made_from = {(Path(item.job.project.file).name, item.profile.name, item.job.layout.name): item.path
                 for item in pending if item.job.project is not None}
    return tuple(Removed(path, _reason(previous[path], sources.get(path), layouts, made_from)) for path in removed)


def _reason(document: Document, source: str | None, layouts: set[str],
            made_from: dict[tuple[str, str, str], str]) -> str:
    if document.layout not in layouts:
        return msg("removed.layout_gone", layout=document.layout)
    if source is None:
        return msg("removed.not_made")
    now = made_from.get((source, document.profile, document.layout))
    if now is None:
        return msg("removed.project_gone", file=source)
    return msg("removed.project_moved", file=source, path=now)
