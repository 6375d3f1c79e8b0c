"""Incremental rules: a build parses and composes in proportion to what changed (see generator/incremental.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

import generator.model
import generator.parsed
import generator.pipeline as pipeline
from generator.pipeline import build
from generator.profiles import PROFILES
from stands import make_stand

ALL = tuple(PROFILES.values())


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    """Which jobs are composed (the build's outcome names them: workers compose) and whether content is parsed."""
    seen: dict[str, list] = {"composed": [], "parsed": [], "decoded": []}
    load, decode = generator.model.load_content, generator.parsed.decode_file

    def load_counted(data_dir, parsed=None):
        seen["parsed"].append(data_dir)
        return load(data_dir, parsed)

    def decode_counted(path, spec, report):
        seen["decoded"].append(Path(path).name)
        return decode(path, spec, report)

    monkeypatch.setattr(generator.model, "load_content", load_counted)
    monkeypatch.setattr(generator.parsed, "decode_file", decode_counted)
    return seen


def _run(stand: Path, seen: dict[str, list], profiles=ALL, only: tuple[str, ...] = (), **options: object):
    seen["parsed"].clear()
    seen["decoded"].clear()
    outcome = build(stand / "data", stand / "layouts", stand / "output", profiles, only, workers=2, **options)
    seen["composed"] = list(outcome.composed)
    return outcome


def _edit(path: Path, key: str = "title", words: str = "neu am Stand") -> None:
    """Change one text as an editor would (through YAML, since generated titles may be quoted)."""
    value = yaml.safe_load(path.read_text(encoding="utf-8"))
    value[key] = f"{value[key][:100]} {words}"
    path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_one_of_500_projects_edited_composes_and_builds_only_its_sheet(tmp_path: Path, counted) -> None:
    stand = make_stand(tmp_path, 500, 500, mix=("minimal",), intro_paragraphs=1, focus=1)
    only, profiles = ("project-sheet-a4",), (PROFILES["print"],)
    first = _run(stand, counted, profiles, only)
    assert len(first.built) == 500 and len(counted["composed"]) == 500
    again = _run(stand, counted, profiles, only)
    assert again.built == () and counted["composed"] == [] and counted["parsed"] == []  # nothing parsed either
    edited = sorted((stand / "data" / "projects").glob("*.yaml"))[216]
    _edit(edited)
    after = _run(stand, counted, profiles, only)
    sheet = f"project-sheet-a4/{edited.stem}.pdf"
    assert counted["composed"] == [sheet]
    assert counted["decoded"] == [edited.name]  # the other 499 projects, the stand and the layout: as decoded before
    assert after.built == (f"print/{sheet}",)
    assert len(after.unchanged) == 499


def test_dependents_of_an_edit_are_composed_and_the_rest_is_not(tmp_path: Path, counted) -> None:
    stand = make_stand(tmp_path, 9, 9)
    _run(stand, counted)
    everything = list(counted["composed"])
    stand_wide = [name for name in everything if "/" not in name]
    edited = sorted((stand / "data" / "projects").glob("*.yaml"))[3]
    _edit(edited)
    after = _run(stand, counted)
    sheet = f"project-sheet-a4/{edited.stem}.pdf"
    assert sorted(counted["composed"]) == sorted([*stand_wide, sheet])  # the booklet, flyer, posters list it
    assert {f"print/{sheet}", f"screen/{sheet}", "print/booklet-a4.pdf", "screen/booklet-a4.pdf"} <= set(after.built)
    assert not any("project-sheet-a4/" in path and edited.stem not in path for path in after.built)
    _edit(stand / "data" / "stand.yaml", "headline", "neu")  # the stand file: every document is composed again
    _run(stand, counted)
    assert sorted(counted["composed"]) == sorted(everything)
    layout = stand / "layouts" / "flyer.yaml"
    layout.write_text(layout.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    _run(stand, counted)
    assert counted["composed"] == ["flyer.pdf"]  # only the documents of the changed layout


def test_doubt_means_recompose(tmp_path: Path, counted) -> None:
    stand = make_stand(tmp_path, 2, 2)
    _run(stand, counted)
    everything = sorted(counted["composed"])
    project = sorted((stand / "data" / "projects").glob("*.yaml"))[0]
    stat = project.stat()
    os.utime(project, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))  # touched, same bytes
    after = _run(stand, counted)
    assert counted["parsed"] and counted["composed"] == [] and after.built == ()  # hashed: nothing to compose
    state = stand / "output" / ".standgen"
    (state / "compose.json").write_text("{not json", encoding="utf-8")
    after = _run(stand, counted)  # the fast path still holds: inputs and outputs are as recorded
    assert counted["composed"] == [] and after.built == ()
    (state / "inputs.json").unlink()
    after = _run(stand, counted)
    assert sorted(counted["composed"]) == everything and after.built == ()
    _run(stand, counted, force=True)
    assert sorted(counted["composed"]) == everything
    (stand / "output" / "manifest.json").unlink()  # the manifest removed by hand: no shortcut, all rebuilt
    after = _run(stand, counted)
    assert counted["parsed"] and (stand / "output" / "manifest.json").is_file()
    output = stand / "output" / "print" / "flyer.pdf"
    output.write_bytes(output.read_bytes() + b"\n")  # an output changed behind the build's back
    after = _run(stand, counted)
    assert counted["composed"] == ["flyer.pdf"] and after.built == ("print/flyer.pdf",)


def test_language_and_scope_are_part_of_the_record(tmp_path: Path, counted, monkeypatch: pytest.MonkeyPatch) -> None:
    stand = make_stand(tmp_path, 2, 2)
    _run(stand, counted, (PROFILES["print"],))
    _run(stand, counted)  # screen too: composed from the records, rendered
    assert counted["parsed"] and counted["composed"]
    from generator import messages
    monkeypatch.setattr(messages, "language", lambda: "de")
    monkeypatch.setattr(pipeline, "language", lambda: "de")
    german = _run(stand, counted)
    assert counted["parsed"]  # warnings are said in another language: read again
    assert counted["composed"]  # and composed again: a record's warnings are in the language of its build
    assert all("pages padded" not in str(w) for w in german.warnings)


def test_reading_projects_changes_no_plan(tmp_path: Path) -> None:
    """Stand-wide jobs compose through a view that notes the project fields they read: same plans, same warnings."""
    from conftest import ROOT
    from generator.compose import COMPOSERS
    from generator.jobs import make_jobs
    from generator.pipeline import load_inputs
    from generator.workers import compose_job, reading
    for data, layouts in ((ROOT / "data", ROOT / "layouts"),
                          *((s / "data", s / "layouts") for s in (make_stand(tmp_path / "13", 13, 13),))):
        content, found = load_inputs(data, layouts)
        jobs = make_jobs(content, tuple(layout for layout in found if layout.kind in COMPOSERS), layouts)
        for job in (job for job in jobs if job.project is None):
            read: set[str] = set()
            plan, notes = compose_job(job)
            seen, said = compose_job(reading(job, read))
            assert seen.digest() == plan.digest() and said == notes, job.name
            assert {"number", "title"} <= read, (job.name, read)


def test_a_field_no_stand_wide_document_prints_composes_only_the_sheet(tmp_path: Path, counted) -> None:
    stand = make_stand(tmp_path, 9, 9)
    _run(stand, counted)
    records = json.loads((stand / "output" / ".standgen" / "compose.json").read_text(encoding="utf-8"))
    readers = {name for name, record in records.items() if "/" not in name and "summary" in record["reads"]}
    edited = next(path for path in sorted((stand / "data" / "projects").glob("*.yaml"))[1:]
                  if "summary" in yaml.safe_load(path.read_text(encoding="utf-8")))
    text = edited.read_text(encoding="utf-8")
    at = text.index("summary:")
    at = text.index("e", at + len("summary:") + 2)  # one letter of the summary: no other field moves
    edited.write_text(text[:at] + "a" + text[at + 1:], encoding="utf-8")
    after = _run(stand, counted)
    sheet = f"project-sheet-a4/{edited.stem}.pdf"
    assert sorted(counted["composed"]) == sorted([sheet, *readers])
    assert len(readers) < len([name for name in records if "/" not in name]), readers  # some print no summary
    fresh = build(stand / "data", stand / "layouts", tmp_path / "fresh", ALL, workers=1)  # what a full build makes
    for path in (*after.built, *after.unchanged):
        assert (stand / "output" / path).read_bytes() == (tmp_path / "fresh" / path).read_bytes(), path
    assert [w for w in fresh.warnings if w.severity != "note"] == list(after.warnings)  # notes: said once
