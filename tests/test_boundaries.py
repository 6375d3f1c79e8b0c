"""The stage boundaries of STYLE.md, checked: import-linter's contracts in pyproject.toml must all hold."""

from __future__ import annotations

import os

import pytest

from conftest import ROOT

importlinter_cli = pytest.importorskip("importlinter.cli")


def test_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    previous = os.getcwd()
    os.chdir(ROOT)  # import-linter finds the package from the working directory
    try:
        code = importlinter_cli.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    finally:
        os.chdir(previous)
    assert code == 0, capsys.readouterr().out
