"""Jobs stage: Content × Layouts → Job list in a stable order, fonts and hyphenation resolved."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from generator.diag import Diagnostic, Problems, Span
from generator.kinds import KINDS
from generator.layouts import Layout
from generator.model import Content, Project, Stand, project_slug
from generator.plan import Fonts
from generator.typography import load_exceptions


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
        if KINDS[layout.kind].per_project:
            jobs += [Job(layout, content.stand, content.projects, p, fonts, words, f"{layout.name}/{file_stem(p)}.pdf")
                     for p in content.projects]
        else:
            jobs.append(Job(layout, content.stand, content.projects, None, fonts, words, f"{layout.name}.pdf"))
    if problems:
        raise Problems(problems)
    return tuple(jobs)


def file_stem(project: Project) -> str:
    """NN-slug: the number zero-padded to two digits (three above 99)."""
    width = 3 if project.number > 99 else 2
    return f"{project.number:0{width}d}-{project_slug(project)}"


def packaged_font_dir() -> Path:
    return Path(str(resources.files("font_source_sans_pro") / "files"))


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
            problems.append(Diagnostic(spec.at(role), f"font file '{name}' not found in {layout_dir} or the packaged fonts",
                                       "name a .ttf file"))
        paths[role] = str(found) if found else None
    if problems:
        raise Problems(problems)
    return Fonts(**paths)


def inside(folder: Path, name: str, where: Span) -> Path:
    """`folder/name`, refusing absolute paths, '..' and links that lead out of the folder."""
    candidate = folder / name
    if Path(name).is_absolute() or ".." in Path(name).parts or not _within(candidate, folder):
        raise Problems([Diagnostic(where, f"'{name}' must be a file inside {folder}",
                                   "no absolute paths, '..' or links leading out of the folder")])
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
