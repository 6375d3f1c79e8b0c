"""Editor, the stand's files: which data files exist, and adding, duplicating, reordering, deleting projects.

File names come from listing the data folder, never from a request: a request names a
project by its file stem, which is looked up in that listing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.edit import yamlfile
from generator.messages import msg

TRASH = ".trash"
SCHEMA_LINE = "yaml-language-server: $schema=../../schemas/project.schema.json"


@dataclass(frozen=True, slots=True)
class ProjectFile:
    stem: str
    path: Path
    number: int | None
    title: str


def project_files(data: Path) -> list[ProjectFile]:
    """The project files as the model reads them, ordered by number (files without one last)."""
    folder = data / "projects"
    found = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if path.is_file() and path.suffix.lower() in (".yaml", ".yml") and not path.name.startswith("."):
            try:
                tree = yamlfile.load(path).tree
            except Exception:  # a file YAML cannot read is still listed, to be repaired
                tree = {}
            number = tree.get("number") if isinstance(tree, dict) else None
            title = tree.get("title") if isinstance(tree, dict) else None
            found.append(ProjectFile(path.stem, path, number if isinstance(number, int) else None,
                                     str(title) if title else path.stem))
    return sorted(found, key=lambda p: (p.number is None, p.number or 0, p.stem))


def find(data: Path, stem: str) -> ProjectFile | None:
    return next((p for p in project_files(data) if p.stem == stem), None)


def _next_number(data: Path) -> int:
    return max((p.number or 0 for p in project_files(data)), default=0) + 1


def _free_path(data: Path, number: int, slug: str) -> Path:
    base = f"{number:02d}-{slug}"
    path, count = data / "projects" / f"{base}.yaml", 2
    while path.exists():
        path, count = data / "projects" / f"{base}-{count}.yaml", count + 1
    return path


def add_project(data: Path) -> ProjectFile:
    """A new project file with the required keys filled in from the stand, so it checks at once."""
    stand = yamlfile.load(data / "stand.yaml").tree
    stand = stand if isinstance(stand, dict) else {}
    organiser = stand.get("organiser", {})
    organiser = organiser if isinstance(organiser, dict) else {}
    number = _next_number(data)
    tree = yamlfile.new_map()
    tree["number"] = number
    tree["title"] = msg("edit.project.new-title")
    carrier = yamlfile.new_map()
    carrier["name"] = str(organiser.get("name") or "Veranstalter")
    if organiser.get("unit"):
        carrier["unit"] = str(organiser["unit"])
    tree["carriers"] = yamlfile.new_seq([carrier])
    tree["url"] = str(stand.get("url") or organiser.get("url") or "https://example.org/")
    tree.yaml_set_start_comment(SCHEMA_LINE)  # editors then autocomplete the new file
    path = _free_path(data, number, "neues-projekt")
    yamlfile.write_new(path, tree)
    return ProjectFile(path.stem, path, number, tree["title"])


def duplicate_project(data: Path, project: ProjectFile) -> ProjectFile:
    loaded = yamlfile.load(project.path)
    number = _next_number(data)
    tree = yamlfile.root_map(loaded)
    tree["number"] = number
    tree["title"] = yamlfile.scalar_like(tree.get("title"),
                                         f"{tree.get('title', '')} {msg('edit.project.copy')}"[:160])
    slug = re.sub(r"^\d+[-_ ]*", "", project.stem) or "projekt"
    path = _free_path(data, number, f"{slug}-kopie")
    yamlfile.write_to(path, loaded)
    return ProjectFile(path.stem, path, number, str(tree["title"]))


def delete_project(data: Path, project: ProjectFile) -> Path:
    """Move the file to data/.trash/, with the time in its name so a second delete keeps the first."""
    trash = data / TRASH
    trash.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = trash / f"{project.path.stem}.{stamp}{project.path.suffix}"
    os.replace(project.path, target)
    return target


def move_project(data: Path, project: ProjectFile, step: int) -> None:
    """Swap numbers with the neighbour above (-1) or below (+1): two one-line edits."""
    files = [p for p in project_files(data) if p.number is not None]
    index = next((i for i, p in enumerate(files) if p.stem == project.stem), None)
    if index is None or not 0 <= index + step < len(files):
        return
    other = files[index + step]
    for one, number in ((project, other.number), (other, project.number)):
        loaded = yamlfile.load(one.path)
        yamlfile.root_map(loaded)["number"] = number
        yamlfile.save(loaded, loaded.version)
