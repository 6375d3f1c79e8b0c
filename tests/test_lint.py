"""ruff and mypy (strict) with the configuration in pyproject.toml: clean, or the test says where not."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT


def test_ruff_is_clean() -> None:
    pytest.importorskip("ruff")
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "generator", "tests"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    pytest.importorskip("mypy")
    # In a process of its own: mypy raises the recursion limit of the process it runs in, which would change
    # what the YAML depth tests see. It reads [tool.mypy] from the working directory's pyproject.toml.
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", os.devnull], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
