"""The command line: exit codes and messages per the contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.cli import main
from generator.schemas import render_schemas
from conftest import ROOT



def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_check_reports_the_shipped_data_valid(project: Path) -> None:
    result = run("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "8 projects, 6 layouts: ok"


def test_check_problem_exit_1_without_traceback(project: Path) -> None:
    path = project / "data" / "projects" / "03-careleaver.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/projects/03-careleaver.yaml:3:1: unknown key 'titel' (did you mean 'title'?)" in result.stderr.splitlines()


def test_usage_error_exit_2(project: Path) -> None:
    assert run("bild", cwd=project).returncode == 2
    assert run("build", "--jobs", "0", cwd=project).returncode == 2


def test_other_folders_by_option(project: Path, capsys) -> None:
    (project / "data").rename(project / "inhalt")
    assert main(["check", "--data", "inhalt"]) == 0
    assert main(["check"]) == 2  # no data/stand.yaml here or above: not a stand folder
    assert "standgen init" in capsys.readouterr().err


def test_committed_schemas_are_current() -> None:
    for name, text in render_schemas().items():
        committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert committed == text, f"schemas/{name} is stale: run `standgen schema`"


def test_data_files_point_editors_at_the_schemas() -> None:
    for path in [ROOT / "data" / "stand.yaml", *sorted((ROOT / "data" / "projects").glob("*.yaml"))]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: {target} missing"
