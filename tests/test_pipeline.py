"""The build pipeline's promises: incremental, atomic, parallel-safe, tidy; watch and preview."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pypdf
import pytest

import generator.output
from generator.diag import Problems
from generator.pipeline import build
from generator.profiles import PROFILES

ALL = tuple(PROFILES.values())


def snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(out)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.rglob("*.pdf"))}


def run_build(project: Path, **options: object):
    return build(project / "data", project / "layouts", project / "output", ALL, **options)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_no_change_rebuild_writes_nothing(project: Path) -> None:
    first = run_build(project)
    assert first.built and not first.unchanged
    before = snapshot(project / "output")
    manifest = (project / "output" / "manifest.json").read_bytes()
    time.sleep(0.01)
    second = run_build(project)
    assert second.built == () and len(second.unchanged) == len(first.built)
    assert snapshot(project / "output") == before
    assert (project / "output" / "manifest.json").read_bytes() == manifest


def test_one_project_edit_rewrites_exactly_its_dependents(project: Path) -> None:
    run_build(project)
    before = snapshot(project / "output")
    edit(project / "data" / "projects" / "03-careleaver.yaml", "title: Teilhabe von", "title: Mehr Teilhabe von")
    outcome = run_build(project)
    stand_wide = sorted(Path(p).stem for p in (project / "layouts").glob("*.yaml")
                        if "project-sheet" not in p.name)
    expected = {f"{profile}/project-sheet-a4/03-careleaver.pdf" for profile in ("print", "screen")}
    expected |= {f"{profile}/{name}.pdf" for profile in ("print", "screen") for name in stand_wide}
    assert set(outcome.built) == expected
    after = snapshot(project / "output")
    for path, (data, mtime) in before.items():
        if path not in expected:
            assert after[path] == (data, mtime), path
        else:
            assert after[path][0] != data, path


def test_summary_edit_leaves_documents_without_summaries_alone(project: Path) -> None:
    run_build(project)
    edit(project / "data" / "projects" / "02-kifaz.yaml", "Darstellung von", "Vorstellung von")
    built = set(run_build(project).built)
    assert {"print/project-sheet-a4/02-kifaz.pdf", "print/booklet-a4.pdf"} <= built
    assert "print/project-sheet-a4/01-jugendhilfeplanung.pdf" not in built


def test_failed_build_leaves_earlier_outputs_untouched(project: Path) -> None:
    run_build(project)
    before = snapshot(project / "output")
    manifest = (project / "output" / "manifest.json").read_bytes()
    edit(project / "data" / "projects" / "01-jugendhilfeplanung.yaml", "title: Integrierte", "title: Integrierte 中")
    with pytest.raises(Problems):
        run_build(project)
    assert snapshot(project / "output") == before
    assert (project / "output" / "manifest.json").read_bytes() == manifest


def test_failure_while_writing_leaves_no_partial_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_build(project)
    old = snapshot(project / "output")
    edit(project / "data" / "stand.yaml", "headline: Chancengerechtigkeit", "headline: Mehr Chancengerechtigkeit")
    calls = {"n": 0}
    real_replace = os.replace

    def failing_replace(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(generator.output.os, "replace", failing_replace)
    with pytest.raises(Problems) as caught:
        run_build(project)
    monkeypatch.undo()
    assert "cannot write: No space left on device" in str(caught.value)
    assert not list((project / "output").rglob(".*standgen-tmp")), "temporary files left behind"
    for path, (data, _) in snapshot(project / "output").items():
        assert data == old[path][0] or len(pypdf.PdfReader(project / "output" / path).pages) >= 1, path
    assert set(run_build(project).built), "the next build repairs what the failed one left"


def test_jobs_do_not_change_bytes(project: Path, tmp_path: Path) -> None:
    one = build(project / "data", project / "layouts", tmp_path / "one", ALL, workers=1)
    two = build(project / "data", project / "layouts", tmp_path / "two", ALL, workers=2)
    assert one.built == two.built
    for path in one.built:
        assert (tmp_path / "one" / path).read_bytes() == (tmp_path / "two" / path).read_bytes(), path
    # composed in the workers, yet said once each and in the same order as by one process
    assert one.warnings == two.warnings and len(set(one.warnings)) == len(one.warnings)
    assert one.composed == two.composed and len(one.composed) == 13
    assert (tmp_path / "one" / "manifest.json").read_bytes() == (tmp_path / "two" / "manifest.json").read_bytes()


def test_removed_project_removes_its_outputs_and_nothing_else(project: Path) -> None:
    run_build(project)
    foreign = project / "output" / "print" / "notizen.txt"
    foreign.write_text("meins", encoding="utf-8")
    (project / "data" / "projects" / "08-schulerfolg.yaml").unlink()
    outcome = run_build(project)
    assert {r.path for r in outcome.removed} == {"print/project-sheet-a4/08-schulerfolg.pdf", "screen/project-sheet-a4/08-schulerfolg.pdf"}
    assert not (project / "output" / "print" / "project-sheet-a4" / "08-schulerfolg.pdf").exists()
    assert foreign.read_text(encoding="utf-8") == "meins"
    listed = {d["path"] for d in json.loads((project / "output" / "manifest.json").read_text())["documents"]}
    assert "print/project-sheet-a4/08-schulerfolg.pdf" not in listed


def test_out_folder_problems_are_clear(project: Path) -> None:
    (project / "afile").write_text("x", encoding="utf-8")
    result = cli(project, "build", "--out", "afile")
    assert result.returncode == 1 and result.stderr.startswith("afile: the output folder is a file")
    (project / "mine").mkdir()
    (project / "mine" / "steuererklaerung.pdf").write_bytes(b"%PDF")
    result = cli(project, "build", "--out", "mine")
    assert result.returncode == 1
    assert result.stderr.startswith("mine: the output folder holds files standgen did not make (steuererklaerung.pdf)")
    assert (project / "mine" / "steuererklaerung.pdf").read_bytes() == b"%PDF"


def cli(project: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project, capture_output=True, text=True,
                          timeout=timeout)


def test_summary_line_and_json_report(project: Path) -> None:
    result = cli(project, "build", "--quiet")
    assert result.returncode == 0
    (last,) = result.stdout.splitlines()
    assert last.endswith(" s") and " built, 0 unchanged, 0 removed in " in last
    result = cli(project, "build", "--json")
    report = json.loads(result.stdout)
    assert report["ok"] and report["built"] == [] and len(report["unchanged"]) > 20


def test_watch_rebuilds_after_an_edit_and_survives_a_broken_save(project: Path) -> None:
    process = subprocess.Popen([sys.executable, "-m", "generator", "watch", "--quiet", "--jobs", "1"], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [output.put(line) for line in process.stdout], daemon=True).start()
    try:
        lines = _read_until(output, "watching", 60)
        time.sleep(1.5)  # the watcher starts just after it says so
        target = project / "data" / "projects" / "05-adoptionsvermittlung.yaml"
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("title:", "titel:"), encoding="utf-8")
        lines += _read_until(output, "waiting for the next save", 30)
        assert any("unknown key 'titel'" in line for line in lines)
        target.write_text(text.replace("Adoptionsvermittlung", "Adoptionsvermittlung heute", 1), encoding="utf-8")
        lines = _read_until(output, " built, ", 60)
        assert not lines[-1].startswith("0 built"), lines
    finally:
        process.terminate()
        process.wait(timeout=10)


def _read_until(output: queue.Queue[str], marker: str, seconds: float) -> list[str]:
    """Lines up to the one holding `marker`; fails after `seconds` instead of hanging."""
    deadline = time.monotonic() + seconds
    lines = []
    while time.monotonic() < deadline:
        try:
            line = output.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        lines.append(line.rstrip("\n"))
        if marker in line:
            return lines
    raise AssertionError(f"no '{marker}' within {seconds} s: {lines}")


def test_preview_shows_every_document_and_marks_changes(project: Path) -> None:
    assert cli(project, "build", "--quiet").returncode == 0
    assert cli(project, "preview").returncode == 0
    manifest = json.loads((project / "output" / "manifest.json").read_text())
    page = (project / "output" / "index.html").read_text(encoding="utf-8")
    for document in manifest["documents"]:
        assert f'href="{document["path"]}"' in page
    assert page.count("<img ") >= len(manifest["documents"])
    edit(project / "data" / "projects" / "04-pflegekinderhilfe.yaml", "- Eignungsverfahren", "- Eignungsprüfung")
    assert cli(project, "build", "--quiet").returncode == 0
    assert cli(project, "preview").returncode == 0
    page = (project / "output" / "index.html").read_text(encoding="utf-8")
    changed = page.split('class="card changed"')[1:]
    assert any('href="print/project-sheet-a4/04-pflegekinderhilfe.pdf"' in card[:400] for card in changed)
    assert not any('href="print/project-sheet-a4/01-jugendhilfeplanung.pdf"' in card[:400] for card in changed)
