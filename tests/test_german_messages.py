"""German messages through the real code paths: a user's mistake → the German line they read."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.diag import Problems
from generator.model import load_content

ROOT = Path(__file__).resolve().parent.parent
PROJECT_OK = "number: 9\ntitle: Titel\ncarriers:\n  - name: Stadt Leipzig\nurl: https://www.leipzig.de/titel\n"
FILE = "data/projects/09-x.yaml"


@pytest.fixture
def german(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANDGEN_LANG", "de")


def problems_of(project: Path, text: str) -> list[str]:
    (project / FILE).write_text(text, encoding="utf-8")
    with pytest.raises(Problems) as caught:
        load_content(Path("data"))
    return [str(d) for d in caught.value.diagnostics]


@pytest.mark.parametrize("text, expected", [
    (PROJECT_OK + "titel: T\n", f"{FILE}:6:1: unbekannter Schlüssel 'titel' (meintest du 'title'?)"),
    (PROJECT_OK.replace("title: Titel\n", ""), f"{FILE}:1:1: 'title' fehlt in der Datei"),
    (PROJECT_OK.replace("name: Stadt", "unit: Stadt"), f"{FILE}:4:5: 'name' fehlt in 'carriers[1]'"),
    (PROJECT_OK.replace("number: 9", "number: neun"),
     f"{FILE}:1:9: 'number' muss eine ganze Zahl sein, gefunden: Text ('neun')"),
    (PROJECT_OK.replace("number: 9", "number: 0"), f"{FILE}:1:9: 'number' muss eine positive Zahl sein, gefunden: 0"),
    (PROJECT_OK.replace("https://", "ftp://"),
     f"{FILE}:5:6: 'url' muss mit http:// oder https:// beginnen (gefunden: 'ftp:') "
     "(schreibe sie als https://example.org/…)"),
    (PROJECT_OK + "title: Zwei\n", f"{FILE}:6:1: Schlüssel 'title' kommt doppelt vor (zuerst in Zeile 2)"),
    (PROJECT_OK.replace("number: 9", "number: 1"),
     f"{FILE}:1:9: Projektnummer 1 ist auch bei data/projects/01-"),
])
def test_a_mistake_reads_in_german(project: Path, german: None, text: str, expected: str) -> None:
    lines = problems_of(project, text)
    assert any(line.startswith(expected) for line in lines), lines


def test_a_missing_glyph_reads_in_german(project: Path) -> None:
    (project / "data" / "projects" / "09-x.yaml").write_text(PROJECT_OK.replace("title: Titel", "title: Projekt 中文"),
                                                              encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--only", "project-sheet-a4", "--quiet"],
                            cwd=project, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "STANDGEN_LANG": "de"})
    assert result.returncode == 1
    line = result.stderr.splitlines()[0]
    assert line.startswith(f"{FILE}:2:8: das Zeichen U+4E2D in 'title' (Zeichen 9: …Projekt 中) fehlt in den "
                           "Schriften des Dokuments"), line


def test_a_title_too_long_for_its_frame_reads_in_german(german: None) -> None:
    from generator.jobs import make_jobs
    from generator.layouts import load_layouts
    from generator.pipeline import compose_job
    from generator.plan import Box, TextFrame
    from generator.render.measure import TextMeasurer

    layouts = load_layouts(ROOT / "layouts", ("project-sheet-a4",))
    job = make_jobs(load_content(ROOT / "data"), layouts, ROOT / "layouts")[0]
    plan, _ = compose_job(job)
    frame = next(item for page in plan.pages for item in page.items if isinstance(item, TextFrame)
                 and any(p.source and p.source.field == "title" for p in item.paras))
    narrow = dataclasses.replace(frame, box=Box(frame.box.x, frame.box.y, frame.box.w, 2.0), fit=None)
    overflow = TextMeasurer(job.fonts, job.hyphenation, "Projektblatt (a4)").fit(narrow).overflow
    assert overflow is not None
    assert overflow.message.startswith("der Text in 'title' ist "), overflow.message
    assert f" mm zu lang für „{frame.role}“ im Dokument Projektblatt (a4)" in overflow.message, overflow.message
    assert overflow.hint is not None and overflow.hint.startswith("kürze um etwa "), overflow.hint


def test_a_layout_problem_reads_in_german(project: Path, german: None) -> None:
    from generator.layouts import load_layouts

    path = project / "layouts" / "project-sheet-a4.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("  heading:"))
    path.write_text(text.replace("size_pt: 10.5, colour: ink,", "size_pt: 10.5, colour: primry,"), encoding="utf-8")
    with pytest.raises(Problems) as caught:
        load_layouts(Path("layouts"), ("project-sheet-a4",))
    lines = [str(d) for d in caught.value.diagnostics]
    where = f"layouts/project-sheet-a4.yaml:{line}:"
    expected = "der Stil 'heading' verwendet die Farbe 'primry', die unter 'colours' nicht steht (meintest du 'primary'?)"
    assert any(row.startswith(where) and row.endswith(expected) for row in lines), lines
