"""Nothing lost, nothing stale (issue 13, items 3, 5 and 7): what a build rewrites and what it removes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


from generator.pipeline import build
from generator.profiles import PROFILES

ALL = tuple(PROFILES.values())


def run_build(project: Path, profiles=ALL, **options: object):
    return build(project / "data", project / "layouts", project / "output", profiles, **options)


def snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(out)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.rglob("*.pdf"))}


def cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project, capture_output=True, text=True,
                          timeout=300)


def test_comment_only_edit_builds_nothing(project: Path) -> None:
    run_build(project)
    before = snapshot(project / "output")
    path = project / "data" / "projects" / "02-kifaz.yaml"
    path.write_text("# Stand: geprüft im April\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli(project, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("0 built, ")
    assert snapshot(project / "output") == before


def test_comment_lines_in_the_stand_and_a_layout_build_nothing(project: Path) -> None:
    run_build(project)
    for path in (project / "data" / "stand.yaml", project / "layouts" / "flyer.yaml"):
        path.write_text("# geprüft\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_build(project).built == ()


def test_identical_bytes_are_not_rewritten(project: Path) -> None:
    run_build(project)
    before = snapshot(project / "output")
    outcome = run_build(project, force=True)  # every document rendered again, to the same bytes
    assert outcome.built == ()
    assert snapshot(project / "output") == before


def test_profile_subset_removes_nothing_of_the_other_profile(project: Path) -> None:
    run_build(project)
    screen = {p: data for p, data in snapshot(project / "output").items() if p.startswith("screen/")}
    outcome = run_build(project, profiles=(PROFILES["print"],))
    assert outcome.removed == ()
    after = snapshot(project / "output")
    assert {p: after[p] for p in screen} == screen
    listed = {d["path"] for d in json.loads((project / "output" / "manifest.json").read_text())["documents"]}
    assert set(screen) <= listed
    assert run_build(project).built == (), "the next full build finds everything current"


def test_only_subset_removes_its_own_stale_files_and_nothing_else(project: Path) -> None:
    run_build(project)
    (project / "data" / "projects" / "08-schulerfolg.yaml").unlink()
    outcome = run_build(project, profiles=(PROFILES["screen"],), only=("project-sheet-a4",))
    assert [r.path for r in outcome.removed] == ["screen/project-sheet-a4/08-schulerfolg.pdf"]
    assert (project / "output" / "print" / "project-sheet-a4" / "08-schulerfolg.pdf").is_file()
    outcome = run_build(project)
    assert [r.path for r in outcome.removed] == ["print/project-sheet-a4/08-schulerfolg.pdf"]


def test_removed_files_are_named_with_the_reason(project: Path) -> None:
    run_build(project)
    (project / "data" / "projects" / "05-adoptionsvermittlung.yaml").unlink()
    old = project / "data" / "projects" / "07-ombudschaft.yaml"
    old.rename(old.with_name("07-ombudschaft-careleaver.yaml"))
    sheet = project / "data" / "projects" / "06-gewaltpraevention.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("number: 6", "number: 9"), encoding="utf-8")
    result = cli(project, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "  removed print/project-sheet-a4/05-adoptionsvermittlung.pdf: " \
           "project file 05-adoptionsvermittlung.yaml no longer exists" in lines
    assert "  removed screen/project-sheet-a4/07-ombudschaft.pdf: " \
           "project file 07-ombudschaft.yaml no longer exists" in lines
    assert "  removed print/project-sheet-a4/06-gewaltpraevention.pdf: " \
           "project file 06-gewaltpraevention.yaml now makes print/project-sheet-a4/09-gewaltpraevention.pdf" in lines
    assert " 6 removed " in lines[-1]
    report = json.loads(cli(project, "build", "--json").stdout)
    assert report["removed"] == []


def test_cli_profile_print_after_a_full_build_removes_nothing(project: Path) -> None:
    assert cli(project, "build", "--quiet").returncode == 0
    result = cli(project, "build", "--quiet", "--profile", "print", "--force")
    assert result.returncode == 0, result.stderr
    assert " 0 removed " in result.stdout.splitlines()[-1]
    assert len(list((project / "output" / "screen").rglob("*.pdf"))) == 13
