"""Validation: every problem class reported as FILE:LINE:COL: message, all files in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diag import Problems
from generator.layouts import load_layouts
from generator.model import load_content

PROJECT_OK = "number: 1\ntitle: Titel\ncarriers:\n  - name: Stadt Leipzig\nurl: https://www.leipzig.de\n"


def problems_of(project: Path) -> list[str]:
    with pytest.raises(Problems) as caught:
        load_content(Path("data"))
    return [str(d) for d in caught.value.diagnostics]


def write(project: Path, name: str, text: str | bytes) -> None:
    path = project / "data" / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def test_shipped_data_loads() -> None:
    content = load_content(Path(__file__).parent.parent / "data")
    assert [p.number for p in content.projects] == list(range(1, 9))
    assert content.stand.event.dates.start.isoformat() == "2025-05-13"
    assert all(p.url.startswith("https://") for p in content.projects)
    assert content.projects[2].title == "Teilhabe von Careleaver*innen"


def test_shipped_layouts_load() -> None:
    layouts = load_layouts(Path(__file__).parent.parent / "layouts")
    assert {layout.kind for layout in layouts} == {"poster", "flyer", "project-sheet", "booklet"}
    sheet = next(layout for layout in layouts if layout.kind == "project-sheet")
    assert sheet.trim_mm == (210, 297)
    assert sheet.bleed_mm == 3
    assert sheet.qr_spec("project").size_mm >= 20


PROJECT_CASES = [
    ("syntax", "number: 1\ntitle: [unclosed\n", "data/projects/01-x.yaml:2:8: the bracket [ opened in line 2 is never closed"),
    ("tab", "number: 1\ntitle: T\ncarriers:\n\t- name: x\n", "data/projects/01-x.yaml:4:1: tab character in indentation"),
    ("empty", "", "data/projects/01-x.yaml: file is empty"),
    ("comments only", "# nothing\n", "data/projects/01-x.yaml: file is empty"),
    ("list", "- number: 1\n", "data/projects/01-x.yaml:1:1: the file must be a mapping (key: value lines), found a list"),
    ("unknown", PROJECT_OK + "titel: T\n", "data/projects/01-x.yaml:6:1: unknown key 'titel' (did you mean 'title'?)"),
    ("missing", "number: 1\ncarriers:\n  - name: x\nurl: https://x.de\n",
     "data/projects/01-x.yaml:1:1: missing required key 'title' in the file"),
    ("missing nested", "number: 1\ntitle: T\ncarriers:\n  - unit: x\nurl: https://x.de\n",
     "data/projects/01-x.yaml:4:5: missing required key 'name' in 'carriers[1]'"),
    ("wrong type", "number: eins\ntitle: T\ncarriers:\n  - name: x\nurl: https://x.de\n",
     "data/projects/01-x.yaml:1:9: 'number' must be a whole number, found text ('eins')"),
    ("mapping for text", "number: 1\ntitle: {a: b}\ncarriers:\n  - name: x\nurl: https://x.de\n",
     "data/projects/01-x.yaml:2:8: 'title' must be text, found a mapping"),
    ("scheme", PROJECT_OK.replace("https://www.leipzig.de", "ftp://www.leipzig.de"),
     "data/projects/01-x.yaml:5:6: 'url' must start with http:// or https:// (found 'ftp:')"),
    ("javascript url", PROJECT_OK.replace("https://www.leipzig.de", "javascript:alert(1)"),
     "data/projects/01-x.yaml:5:6: 'url' must start with http:// or https://"),
    ("no host", PROJECT_OK.replace("https://www.leipzig.de", "https://"), "data/projects/01-x.yaml:5:6: 'url' has no valid host name"),
    ("space in url", PROJECT_OK.replace("https://www.leipzig.de", "https://www.leipzig .de"),
     "data/projects/01-x.yaml:5:6: 'url' contains a space"),
    ("zero", PROJECT_OK.replace("number: 1", "number: 0"), "data/projects/01-x.yaml:1:9: 'number' must be a positive number, found 0"),
    ("negative", PROJECT_OK.replace("number: 1", "number: -4"), "data/projects/01-x.yaml:1:9: 'number' must be a positive number, found -4"),
    ("python tag", PROJECT_OK + "contact: !!python/object/apply:os.system ['ls']\n",
     "data/projects/01-x.yaml:6:10: tag '!!python/object/apply:os.system' is not allowed"),
    ("custom tag", PROJECT_OK.replace("title: Titel", "title: !include x.yaml"), "data/projects/01-x.yaml:2:8: a value cannot start with '!'"),
    ("duplicate key", PROJECT_OK + "title: Zwei\n", "data/projects/01-x.yaml:6:1: duplicate key 'title' (first at line 2)"),
    ("alias", "number: 1\ntitle: &t T\nsubtitle: *t\ncarriers:\n  - name: x\nurl: https://x.de\n",
     "data/projects/01-x.yaml:3:11: a value cannot start with '*'"),
    ("latin-1", "number: 1\ntitle: Gr\xfc\xdfe\n".encode("latin-1"), "data/projects/01-x.yaml:2:10: not valid UTF-8: byte 0xFC"),
    ("control char", PROJECT_OK.replace("title: Titel", 'title: "Ti\\x07tel"'),
     "data/projects/01-x.yaml:2:8: 'title' contains the control character U+0007 at character 3"),
    ("empty carriers", PROJECT_OK.replace("carriers:\n  - name: Stadt Leipzig", "carriers: []"),
     "data/projects/01-x.yaml:3:11: 'carriers' needs at least one entry"),
    ("empty title", PROJECT_OK.replace("title: Titel", "title: ''"), "data/projects/01-x.yaml:2:8: 'title' is empty"),
    ("two documents", PROJECT_OK + "---\nnumber: 2\n", "data/projects/01-x.yaml:6:1: more than one YAML document"),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in PROJECT_CASES], ids=[c[0] for c in PROJECT_CASES])
def test_project_problem(project: Path, text: str | bytes, expected: str) -> None:
    for old in (project / "data" / "projects").iterdir():
        old.unlink()
    write(project, "projects/01-x.yaml", text)
    found = problems_of(project)
    assert any(line.startswith(expected) for line in found), found


def test_windows_line_endings_and_bom_are_fine(project: Path) -> None:
    path = project / "data" / "projects" / "01-jugendhilfeplanung.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert load_content(project / "data").projects[0].number == 1


def test_reversed_and_invalid_dates(project: Path) -> None:
    stand = project / "data" / "stand.yaml"
    text = stand.read_text(encoding="utf-8")
    stand.write_text(text.replace("start: 2025-05-13", "start: 2025-05-16"), encoding="utf-8")
    found = problems_of(project)
    assert any(line.startswith("data/stand.yaml:11:10: 'end' (2025-05-15) is before 'start' (2025-05-16)") for line in found), found
    stand.write_text(text.replace("start: 2025-05-13", "start: 2025-02-30"), encoding="utf-8")
    found = problems_of(project)
    assert any(line.startswith("data/stand.yaml:10:12: 'event.dates.start' is not a valid date: '2025-02-30'") for line in found), found


def test_duplicate_numbers_name_both_files(project: Path) -> None:
    projects = project / "data" / "projects"
    path = projects / "02-kifaz.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("number: 2", "number: 1"), encoding="utf-8")
    found = problems_of(project)
    assert found == ["data/projects/02-kifaz.yaml:2:9: project number 1 is also used by "
                     "data/projects/01-jugendhilfeplanung.yaml:2:9 (every project needs its own number)"]


def test_missing_and_empty_projects_folder(project: Path) -> None:
    projects = project / "data" / "projects"
    for path in projects.iterdir():
        path.unlink()
    assert problems_of(project) == ["data/projects: no project files (*.yaml) in the projects folder"]
    projects.rmdir()
    assert problems_of(project) == ["data/projects: projects folder is missing (add one YAML file per project)"]


def test_every_problem_of_every_file_in_one_run(project: Path) -> None:
    write(project, "projects/01-jugendhilfeplanung.yaml", PROJECT_OK.replace("title:", "titel:"))
    write(project, "projects/02-kifaz.yaml", PROJECT_OK.replace("number: 1", "number: -2"))
    stand = project / "data" / "stand.yaml"
    stand.write_text(stand.read_text(encoding="utf-8").replace("headline:", "headlin:"), encoding="utf-8")
    found = problems_of(project)
    files = {line.split(":")[0] for line in found}
    assert files == {"data/projects/01-jugendhilfeplanung.yaml", "data/projects/02-kifaz.yaml", "data/stand.yaml"}
    assert len(found) >= 4


LAYOUT_CASES = [
    ("kind", "kind: plakat\n", "layouts/x.yaml:1:7: 'kind' cannot be 'plakat' (one of booklet, flyer, poster, project-sheet)"),
    ("page size", "page: {size: A9}\n", "layouts/x.yaml:1:14: 'page.size' cannot be 'A9'"),
    ("cmyk range", "colours:\n  text: {cmyk: [0, 0, 0, 120], rgb: '#000000'}\n",
     "layouts/x.yaml:2:26: 'colours.text.cmyk[4]' must be at most 100, found 120"),
    ("rgb", "colours:\n  text: {cmyk: [0, 0, 0, 100], rgb: black}\n",
     "layouts/x.yaml:2:37: 'colours.text.rgb' must be a colour like '#1d4f7c', found text ('black')"),
    ("unknown colour", "styles:\n  body: {size_pt: 10, colour: blau}\n",
     "layouts/x.yaml:2:32: style 'extra' uses the colour 'blau', which 'colours' does not define"),
    ("min size", "styles:\n  body: {size_pt: 10, min_size_pt: 12}\n",
     "layouts/x.yaml:2:37: 'min_size_pt' (12) is larger than 'size_pt' (10)"),
    ("quiet zone", "qr:\n  project: {distance_m: 0.3, quiet_modules: 2}\n",
     "layouts/x.yaml:2:45: 'qr.project.quiet_modules' must be at least 4, found 2"),
    ("unknown key", "bleed: 3\n", "layouts/x.yaml:1:1: unknown key 'bleed' (did you mean 'bleed_mm'?)"),
]

LAYOUT_BASE = (Path(__file__).parent.parent / "layouts" / "project-sheet-a4.yaml").read_text(encoding="utf-8")


def _override(base: str, extra: str) -> str:
    """Replace top-level keys of `base` with those in `extra` by dropping their old block."""
    keys = {line.split(":")[0] for line in extra.splitlines() if line and not line.startswith(" ")}
    kept, skipping = [], False
    for line in base.splitlines():
        if line and not line.startswith((" ", "#")):
            skipping = line.split(":")[0] in keys
        if not skipping:
            kept.append(line)
    return extra + "\n".join(kept) + "\n"


def _block(base: str, key: str) -> str:
    """The indented lines under a top-level key."""
    lines = base.split(f"\n{key}:\n", 1)[1].splitlines()
    return "".join(line + "\n" for line in lines[: next(i for i, text in enumerate(lines) if text and not text.startswith(" "))])


@pytest.mark.parametrize("extra, expected", [c[1:] for c in LAYOUT_CASES], ids=[c[0] for c in LAYOUT_CASES])
def test_layout_problem(project: Path, extra: str, expected: str) -> None:
    text = _override(LAYOUT_BASE, extra)
    if extra.startswith("styles:"):  # the broken style joins the complete set, staying on line 2
        text = extra.replace("body", "extra") + _block(LAYOUT_BASE, "styles") + _override(LAYOUT_BASE, "styles:\n")[8:]
    (project / "layouts" / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(Problems) as caught:
        load_layouts(Path("layouts"))
    found = [str(d) for d in caught.value.diagnostics]
    assert any(line.startswith(expected) for line in found), found


def test_layout_needs_what_its_kind_uses(project: Path) -> None:
    text = LAYOUT_BASE.replace("  cta: ", "  call: ")
    (project / "layouts" / "project-sheet-a4.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(Problems) as caught:
        load_layouts(Path("layouts"))
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("styles:")) + 1
    assert [str(d) for d in caught.value.diagnostics] == [
        f"layouts/project-sheet-a4.yaml:{line}:3: a project-sheet layout needs 'cta' in 'styles'"]
