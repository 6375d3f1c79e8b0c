"""Jobs stage: Content × Layouts → Job list in a stable order, fonts and hyphenation resolved."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.diag import Diagnostic, Problems, Span
from generator.kinds import document_kind
from generator.layouts import Layout
from generator.model import Content, Project, Stand, project_slug
from generator.plan import Fonts
from generator.stand import packaged_font_dir
from generator.messages import msg, register
from generator.typography import load_exceptions

register({
    "jobs.font-missing": ("Schriftdatei '{name}' weder in {folder} noch unter den mitgelieferten Schriften gefunden",
                          "font file '{name}' not found in {folder} or the packaged fonts"),
    "jobs.font-missing.hint": ("eine .ttf-Datei angeben", "name a .ttf file"),
    "jobs.outside": ("'{name}' muss eine Datei in {folder} sein", "'{name}' must be a file inside {folder}"),
    "jobs.outside.hint": ("keine absoluten Pfade, kein '..' und keine Verknüpfungen aus dem Ordner hinaus",
                          "no absolute paths, '..' or links leading out of the folder"),
})


@dataclass(frozen=True, slots=True)
class Job:
    """One document to compose: a layout applied to the stand, or to one of its projects."""

    layout: Layout
    stand: Stand
    projects: tuple[Project, ...]
    project: Project | None
    fonts: Fonts
    hyphenation: tuple[str, ...]
    name: str  # output path below the profile folder, e.g. project-sheet-a4/01-kifaz.pdf

    @property
    def kind(self) -> str:
        return self.layout.kind


def make_jobs(content: Content, layouts: tuple[Layout, ...], layout_dir: Path) -> tuple[Job, ...]:
    """Every document of every layout, sorted by layout name then project number."""
    jobs: list[Job] = []
    problems: list[Diagnostic] = []
    for layout in sorted(layouts, key=lambda item: item.name):
        try:
            fonts = resolve_fonts(layout, layout_dir)
            words = load_exceptions(inside(layout_dir, layout.hyphenation, layout.at("hyphenation")),
                                    str(layout_dir / layout.hyphenation))
        except Problems as found:
            problems.extend(found.diagnostics)
            continue
        if document_kind(layout.kind).per_project:
            folder = portable_name(layout.name)
            jobs += [Job(layout, content.stand, content.projects, p, fonts, words, f"{folder}/{file_stem(p)}.pdf")
                     for p in content.projects]
        else:
            jobs.append(Job(layout, content.stand, content.projects, None, fonts, words,
                            f"{portable_name(layout.name)}.pdf"))
    if problems:
        raise Problems(problems)
    return tuple(jobs)


def font_sets(jobs: tuple[Job, ...]) -> tuple[Fonts, ...]:
    """The different font sets of these jobs, in a stable order."""
    return tuple(sorted({job.fonts for job in jobs}, key=repr))


def file_stem(project: Project) -> str:
    """NN-slug: the number zero-padded to two digits (three above 99)."""
    width = 3 if project.number > 99 else 2
    return portable_name(f"{project.number:0{width}d}-{project_slug(project)}")


# Device names Windows reserves in every folder, with or without an extension.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                       *(f"lpt{i}" for i in range(1, 10))})
MAX_NAME = 64  # keeps output/<profile>/<layout>/<name>.pdf well inside Windows' 260-character paths


def portable_name(name: str) -> str:
    """A file or folder name Windows, macOS and Linux all accept, unchanged when it already is one.

    No <>:"/\\|?* or control characters, no trailing dot or space, no reserved device name
    (CON, NUL, COM1 …, also as 'con.anything'), at most MAX_NAME characters.
    """
    cleaned = "".join("-" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in name)
    cleaned = cleaned[:MAX_NAME].rstrip(". ")
    base, dot, rest = cleaned.partition(".")
    if base.rstrip(" ").lower() in _RESERVED:
        cleaned = f"{base}-{dot}{rest}"
    return cleaned or "-"


def resolve_fonts(layout: Layout, layout_dir: Path) -> Fonts:
    """Font names are looked up in the layouts folder first, then in the packaged fonts."""
    spec = layout.fonts
    problems = []
    paths: dict[str, str | None] = {}
    for role in ("regular", "italic", "semibold", "bold", "fallback"):
        name = getattr(spec, role)
        if name is None:
            paths[role] = None
            continue
        found = _find_font(name, layout_dir)
        if found is None:
            problems.append(Diagnostic(spec.at(role), msg("jobs.font-missing", name=name, folder=layout_dir),
                                       msg("jobs.font-missing.hint")))
        paths[role] = str(found) if found else None
    if problems:
        raise Problems(problems)
    regular, italic, semibold, bold = (paths[role] or "" for role in ("regular", "italic", "semibold", "bold"))
    return Fonts(regular, italic, semibold, bold, paths["fallback"])  # the four roles are never None here


def inside(folder: Path, name: str, where: Span) -> Path:
    """`folder/name`, refusing absolute paths, '..' and links that lead out of the folder."""
    candidate = folder / name
    if Path(name).is_absolute() or ".." in Path(name).parts or not _within(candidate, folder):
        raise Problems([Diagnostic(where, msg("jobs.outside", name=name, folder=folder), msg("jobs.outside.hint"))])
    return candidate


def _within(path: Path, folder: Path) -> bool:
    real, base = path.resolve(), folder.resolve()
    return real == base or base in real.parents


def _find_font(name: str, layout_dir: Path) -> Path | None:
    if Path(name).is_absolute() or ".." in Path(name).parts or not name.lower().endswith(".ttf"):
        return None
    for folder in (layout_dir, packaged_font_dir()):
        candidate = folder / name
        if candidate.is_file() and _within(candidate, folder):
            return candidate.resolve()
    return None
