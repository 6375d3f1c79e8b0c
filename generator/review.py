"""Model stage, second look: valid stand and projects → warnings a reader should see before printing.

Nothing here stops a build. It names the URLs marked `# to verify`, two projects whose
QR codes lead to the same place, and a project whose code leads only to the
organiser's home page: each is valid YAML and a valid URL, and each is a mistake a
visitor with a phone would find first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from collections.abc import Iterable
from urllib.parse import urlsplit

from generator.diag import Diagnostic
from generator.fields import Mark
from generator.messages import msg, register

if TYPE_CHECKING:
    from generator.model import Project, Stand

register({
    "review.to_verify": ("'{label}' ist als „zu prüfen“ markiert – vor dem Druck prüfen: {value}",
                         "'{label}' is marked 'to verify' – check it before printing: {value}"),
    "review.shared": ("Projekt {number} hat dasselbe QR-Ziel wie Projekt {other} ({where}): {url}",
                      "project {number} has the same QR target as project {other} ({where}): {url}"),
    "review.shared.hint": ("gib jedem Projekt eine eigene Seite, sonst führen beide Codes an denselben Ort",
                           "give each project its own page, or both codes lead to the same place"),
    "review.home": ("das QR-Ziel von Projekt {number} ist die Startseite des Veranstalters: {url}",
                    "the QR target of project {number} is the organiser's home page: {url}"),
    "review.home.hint": ("verlinke eine Seite über das Projekt", "link a page about the project"),
})


def review(stand: Stand, projects: Iterable[Project], marks: Iterable[Mark]) -> list[Diagnostic]:
    """The warnings about valid content, in no particular order."""
    projects = list(projects)
    return [*marked(marks), *shared_targets(projects), *home_page_targets(stand, projects)]


def marked(marks: Iterable[Mark]) -> list[Diagnostic]:
    """One warning per value marked '# to verify', with the author's note as hint."""
    return [Diagnostic(mark.span, msg("review.to_verify", label=mark.label, value=mark.value), mark.note or None,
                       severity="warning") for mark in marks]


def shared_targets(projects: list[Project]) -> list[Diagnostic]:
    first: dict[str, Project] = {}
    found = []
    for project in sorted(projects, key=lambda p: p.number):
        other = first.setdefault(same_target(project.url), project)
        if other is not project:
            found.append(Diagnostic(project.at("url"), msg("review.shared", number=project.number, other=other.number,
                                                           where=other.at("url"), url=project.url),
                                    msg("review.shared.hint"), severity="warning"))
    return found


def home_page_targets(stand: Stand, projects: list[Project]) -> list[Diagnostic]:
    homes = {same_target(url) for url in (stand.organiser.url, stand.url) if url}
    hosts = {urlsplit(url).hostname for url in (stand.organiser.url,) if url}
    found = []
    for project in projects:
        parts = urlsplit(project.url)
        bare = parts.path in ("", "/") and not parts.query and parts.hostname in hosts
        if same_target(project.url) in homes or bare:
            found.append(Diagnostic(project.at("url"), msg("review.home", number=project.number, url=project.url),
                                    msg("review.home.hint"), severity="warning"))
    return found


def same_target(url: str) -> str:
    """A url as a phone would open it: scheme and host in lower case, no fragment, no trailing '/'."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}{path}{query}"
