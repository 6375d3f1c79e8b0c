"""Shared fixtures: the repository's own data and layouts, and a scratch project copy."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ and layouts/ in a temporary folder, which becomes the current folder."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Most tests read English messages; tests of the German texts set STANDGEN_LANG themselves."""
    monkeypatch.setenv("STANDGEN_LANG", "en")


def pytest_configure(config: pytest.Config) -> None:
    """Before any module is imported or any fixture runs (module-scoped ones too): English messages, and a
    private per-user cache, so no test ever writes to the real one."""
    os.environ["STANDGEN_LANG"] = "en"
    os.environ["STANDGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="standgen-test-cache-")
    os.environ.pop("STANDGEN_NO_CACHE", None)


@pytest.fixture(autouse=True)
def private_cache(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tests never touch the real per-user cache: one cache folder for the run, set through the override."""
    folder = Path(os.environ["STANDGEN_CACHE_DIR"])
    monkeypatch.setenv("STANDGEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("STANDGEN_NO_CACHE", raising=False)
    return folder


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--refresh-references", action="store_true",
                     help="rewrite the reference images in tests/reference/ from the current build (test_visual)")
