"""Fuzzing: random data and layout files give a valid build or FILE:LINE:COL messages, never a traceback.

STANDGEN_FUZZ_EXAMPLES raises the number of examples for a long run (default: a quick one for CI).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import pypdf
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.diag import Problems
from generator.pipeline import build
from generator.profiles import PROFILES
from conftest import ROOT

EXAMPLES = int(os.environ.get("STANDGEN_FUZZ_EXAMPLES", "40"))
MESSAGE = re.compile(r"^[^:\n]+(:\d+:\d+)?: \S")
KEYS = ["number", "title", "subtitle", "summary", "topics", "formats", "carriers", "name", "unit", "url", "short_url",
        "contact", "email", "kind", "page", "size", "bleed_mm", "styles", "colours", "cmyk", "rgb", "qr", "titel"]
WEIRD = st.sampled_from(["\u200f", "\u200d", "e\u0301", "\ud800", "\x00", "\x1b", "\u2028", "\ufeff", "&<>\"'*",
                         "Donaudampfschifffahrtsgesellschaftskapitän" * 3, "", " ", "- x", ": y", "\t", "%", "!!", "&a", "*a"])
SCALARS = st.one_of(st.text(max_size=40), WEIRD, st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.booleans(), st.none(), st.dates().map(str))
TREES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=5)),
    max_leaves=25)


def _dump(tree: object, mutate: int) -> str:
    text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False) if tree is not None else ""
    if mutate and text:
        position = mutate % len(text)
        text = text[:position] + ["\t", ":", "- ", "\n  ", "[", "'", "&x ", "*x"][mutate % 8] + text[position:]
    return text


def _check(folder: Path) -> tuple[int, str]:
    stderr, stdout = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
        code = main(["check", "--data", str(folder / "data"), "--layouts", str(folder / "layouts")])
    return code, stderr.getvalue()


def _copy_project() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="standgen-fuzz-"))
    shutil.copytree(ROOT / "data", folder / "data")
    shutil.copytree(ROOT / "layouts", folder / "layouts")
    return folder


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(tree=TREES, mutate=st.integers(0, 10_000), target=st.sampled_from(["project", "stand", "layout"]))
def test_random_files_check_cleanly(tree: object, mutate: int, target: str) -> None:
    folder = _copy_project()
    try:
        path = {"project": folder / "data/projects/02-kifaz.yaml", "stand": folder / "data/stand.yaml",
                "layout": folder / "layouts/flyer.yaml"}[target]
        path.write_text(_dump(tree, mutate), encoding="utf-8", errors="surrogatepass")
        code, stderr = _check(folder)
        assert "Traceback" not in stderr
        assert code in (0, 1)
        if code == 1:
            lines = stderr.strip().splitlines()
            assert lines[-1].endswith("found")
            assert all(MESSAGE.match(line) for line in lines[:-1]), lines
    finally:
        shutil.rmtree(folder)


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=120)


@settings(max_examples=max(10, EXAMPLES // 3), deadline=None, suppress_health_check=list(HealthCheck))
@given(title=TEXT, summary=st.lists(TEXT, max_size=3), topics=st.lists(TEXT, max_size=6), carrier=TEXT,
       number=st.integers(1, 999))
def test_random_text_builds_or_says_why(title: str, summary: list[str], topics: list[str], carrier: str,
                                        number: int) -> None:
    folder = _copy_project()
    try:
        for old in (folder / "data" / "projects").iterdir():
            old.unlink()
        project = {"number": number, "title": title, "summary": summary or None, "topics": topics,
                   "carriers": [{"name": carrier}], "url": "https://www.leipzig.de/x"}
        text = yaml.safe_dump({k: v for k, v in project.items() if v is not None}, allow_unicode=True)
        (folder / "data" / "projects" / "01-fuzz.yaml").write_text(text, encoding="utf-8")
        try:
            outcome = build(folder / "data", folder / "layouts", folder / "out", (PROFILES["screen"],),
                            only=("project-sheet-a4",))
        except Problems as problems:
            assert problems.diagnostics
            assert all(MESSAGE.match(str(d)) for d in problems.diagnostics), problems.diagnostics
            return
        (path,) = outcome.built
        assert len(pypdf.PdfReader(folder / "out" / path).pages) == 1
    finally:
        shutil.rmtree(folder)
