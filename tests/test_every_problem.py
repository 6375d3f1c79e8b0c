"""Every problem once (issue 13, item 6): two problems at one position are both reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diag import Problems
from generator.layouts import load_layouts
from generator.model import load_content


def messages(run) -> list[str]:
    with pytest.raises(Problems) as caught:
        run()
    return [str(d) for d in caught.value.diagnostics]


def test_project_missing_title_and_url_reports_both(project: Path) -> None:
    (project / "data" / "projects" / "01-jugendhilfeplanung.yaml").write_text(
        "number: 1\ncarriers:\n  - name: Stadt Leipzig\n", encoding="utf-8")
    found = messages(lambda: load_content(Path("data")))
    assert "data/projects/01-jugendhilfeplanung.yaml:1:1: missing required key 'title' in the file" in found
    assert "data/projects/01-jugendhilfeplanung.yaml:1:1: missing required key 'url' in the file" in found


def test_layout_missing_two_styles_reports_both(project: Path) -> None:
    path = project / "layouts" / "project-sheet-a4.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not line.startswith(("  cta:", "  footer:"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = messages(lambda: load_layouts(Path("layouts"), ("project-sheet-a4",)))
    assert any("needs 'cta' in 'styles'" in line for line in found), found
    assert any("needs 'footer' in 'styles'" in line for line in found), found


def test_a_refused_value_is_reported_once(project: Path) -> None:
    path = project / "data" / "projects" / "01-jugendhilfeplanung.yaml"
    text = path.read_text(encoding="utf-8").replace("title: Integrierte", "title: !!python/name:os.system Integrierte")
    path.write_text(text, encoding="utf-8")
    found = messages(lambda: load_content(Path("data")))
    assert len([line for line in found if line.startswith("data/projects/01-jugendhilfeplanung.yaml:3:")]) == 1, found
