"""ruff and mypy (strict) with the configuration in pyproject.toml: clean, or the test says where not."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT


def test_ruff_is_clean() -> None:
    pytest.importorskip("ruff")
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "generator", "tests"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    api = pytest.importorskip("mypy.api")
    monkeypatch.chdir(ROOT)  # mypy reads [tool.mypy] from the working directory's pyproject.toml
    out, err, code = api.run(["--no-incremental", "--cache-dir", "/dev/null" if sys.platform != "win32" else "nul"])
    assert code == 0, out + err
