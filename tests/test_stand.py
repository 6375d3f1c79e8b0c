"""The stand folder: found from subfolders, packaged layouts, `standgen init`, and a wheel that works anywhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from generator.cli import main
from generator.stand import EXAMPLE_PROJECTS, find_stand
from conftest import ROOT



def test_the_stand_is_found_from_any_subfolder(project: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    deep = project / "data" / "projects" / "notes"
    deep.mkdir()
    assert find_stand(deep) == project.resolve()
    monkeypatch.chdir(deep)
    assert main(["build", "--only", "project-sheet-a4", "--profile", "screen", "--jobs", "1", "--quiet"]) == 0
    assert (project / "output" / "screen" / "project-sheet-a4" / "02-kifaz.pdf").is_file()
    assert not (deep / "output").exists()
    path = project / "data" / "projects" / "03-careleaver.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8")
    monkeypatch.chdir(project / "layouts")
    assert main(["check"]) == 1
    assert "data/projects/03-careleaver.yaml:3:1: unknown key 'titel'" in capsys.readouterr().err  # relative to the stand


def test_no_stand_folder_is_exit_2_with_the_init_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "projects").mkdir()
    for command in (["check"], ["build"], ["preflight"], ["preview"]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert "no stand folder found" in err and "standgen init" in err
        assert "projects folder is missing" not in err


def test_without_local_layouts_the_packaged_ones_are_used(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in (project / "layouts").iterdir():
        path.unlink()
    (project / "layouts").rmdir()
    assert main(["check"]) == 0
    assert "6 layouts: ok" in capsys.readouterr().out


def test_init_makes_a_stand_and_refuses_to_overwrite_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "stand"]) == 0
    stand = tmp_path / "stand"
    assert (stand / "data" / "stand.yaml").read_bytes() == (ROOT / "data" / "stand.yaml").read_bytes()
    assert sorted(p.name for p in (stand / "data" / "projects").iterdir()) == sorted(EXAMPLE_PROJECTS)
    for name in EXAMPLE_PROJECTS:
        assert (stand / "data" / "projects" / name).read_bytes() == (ROOT / "data" / "projects" / name).read_bytes()
    assert sorted(p.name for p in (stand / "layouts").iterdir()) == sorted(p.name for p in (ROOT / "layouts").iterdir())
    assert (stand / "schemas" / "project.schema.json").is_file()  # the data files' $schema lines resolve
    assert (stand / "output").is_dir() and "output/" in (stand / ".gitignore").read_text(encoding="utf-8")
    assert "standgen build" in (stand / "LIESMICH.md").read_text(encoding="utf-8")
    before = (stand / "data" / "stand.yaml").read_bytes()
    capsys.readouterr()
    assert main(["init", "stand"]) == 2
    assert "standgen init overwrites nothing" in capsys.readouterr().err
    assert (stand / "data" / "stand.yaml").read_bytes() == before
    monkeypatch.chdir(stand)
    assert main(["check"]) == 0


def test_a_built_wheel_works_in_a_fresh_venv(tmp_path: Path) -> None:
    """pip wheel → a fresh venv → `standgen init stand && cd stand && standgen build`, no checkout in sight."""
    source = tmp_path / "source"  # a copy, so the build's own folders (build/, *.egg-info) stay out of the checkout
    for name in ("generator", "layouts", "schemas", "data"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, source / name)
    wheels = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(wheels)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("standgen-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True,
                   timeout=600)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    standgen = str(bindir / "standgen")
    init = subprocess.run([standgen, "init", "stand"], cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert init.returncode == 0, init.stderr
    build = subprocess.run([standgen, "build", "--jobs", "2"], cwd=work / "stand", env=env, capture_output=True,
                           text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    out = work / "stand" / "output"
    made = sorted(str(p.relative_to(out)) for p in out.rglob("*.pdf"))
    assert len(made) == 2 * (5 + len(EXAMPLE_PROJECTS)), made
    assert (out / "manifest.json").is_file()
    assert str(ROOT) not in subprocess.run([str(bindir / "python"), "-c", "import generator; print(generator.__file__)"],
                                           env=env, cwd=work, capture_output=True, text=True).stdout
