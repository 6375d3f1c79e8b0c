"""Nothing lost, nothing stale (issue 13, items 3, 5 and 7): what a build rewrites and what it removes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_identical_bytes_are_not_rewritten(project: Path) -> None:
    run_build(project)
    before = snapshot(project / "output")
    outcome = run_build(project, force=True)  # every document rendered again, to the same bytes
    assert outcome.built == ()
    assert snapshot(project / "output") == before
