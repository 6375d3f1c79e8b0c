"""Hostile input, interrupted and concurrent builds, failing disks: clear messages, nothing lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest

import generator.output
from generator.diag import Problems
from generator.model import load_content
from generator.output import locked
from generator.pipeline import build
from generator.profiles import PROFILES
from generator.source import parse_text

ALL = tuple(PROFILES.values())


def problems_for(text: str) -> list[str]:
    started = time.monotonic()
    try:
        tree, found = parse_text(text, "x.yaml")
    except Problems as caught:
        found = caught.diagnostics
    assert time.monotonic() - started < 5
    return [str(d) for d in found]


def test_alias_bomb_is_refused_at_once() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f'{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]' for i in range(9)]
    assert problems_for("\n".join(lines))[0].startswith(
        "x.yaml:2:8: a value cannot start with '*' (it means something special in YAML) – put the whole text in quotes")


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 3000))])
def test_deep_nesting_is_a_message(text: str) -> None:
    found = problems_for(text)
    assert found and ("nesting" in found[0] or "YAML syntax error" in found[0]), found[:1]


@pytest.mark.parametrize("tag", ["!!python/object/new:os.system [ls]", "!!binary aGVsbG8=", "!!set {a, b}", "!include x",
                                 "!<tag:example.org,2002:evil> x", "!!omap [a: 1]"])
def test_every_custom_tag_is_refused(tag: str) -> None:
    found = problems_for(f"title: {tag}\n")
    if tag.startswith("!include"):  # a local tag reads like text with a '!' in front: the user is told to quote it
        assert found and found[0].startswith("x.yaml:1:8: a value cannot start with '!'"), found
        return
    assert found and found[0].startswith("x.yaml:1:8: tag ") and "is not allowed" in found[0], found


@pytest.mark.parametrize("text, expected", [
    ("number: 1\x00\ntitle: x\n", "x.yaml:1:10: the character U+0000 is not allowed in a YAML file"),
    ("title: a\x1b[31mrot\n", "x.yaml:1:9: the character U+001B is not allowed in a YAML file"),
])
def test_control_characters_in_the_file_are_named(text: str, expected: str) -> None:
    assert problems_for(text)[0].startswith(expected)


def test_huge_file_is_refused_without_reading_it_all(project: Path) -> None:
    huge = project / "data" / "projects" / "99-huge.yaml"
    with huge.open("wb") as handle:
        handle.write(b"title: " + b"x" * (50 * 1024 * 1024) + b"\n")
    started = time.monotonic()
    with pytest.raises(Problems) as caught:
        load_content(Path("data"))
    assert time.monotonic() - started < 5
    assert "data/projects/99-huge.yaml: file is 52,428,808 bytes, more than the 2 MB" in str(caught.value)


def test_overlong_text_names_the_limit(project: Path) -> None:
    path = project / "data" / "projects" / "01-jugendhilfeplanung.yaml"
    text = path.read_text(encoding="utf-8").replace("title: Integrierte", "title: " + "Sehr " * 40 + "Integrierte")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Problems) as caught:
        load_content(Path("data"))
    assert "'title' is 242 characters long, at most 160 allowed" in str(caught.value)


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "escape.txt"])
def test_paths_stay_inside_the_project(project: Path, name: str) -> None:
    (project / "layouts" / "escape.txt").symlink_to("/etc/hostname")
    layout = project / "layouts" / "project-sheet-a4.yaml"
    layout.write_text(layout.read_text(encoding="utf-8").replace("hyphenation: hyphenation-de.txt", f"hyphenation: {name}"),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    assert f"'{name}' must be a file inside layouts" in result.stderr and "Traceback" not in result.stderr


def test_font_outside_the_project_is_refused(project: Path) -> None:
    layout = project / "layouts" / "project-sheet-a4.yaml"
    layout.write_text(layout.read_text(encoding="utf-8") + "fonts: {regular: ../../etc/evil.ttf}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1 and "font file '../../etc/evil.ttf' not found" in result.stderr


def all_pdfs_whole(out: Path) -> None:
    for path in out.rglob("*.pdf"):
        assert len(pypdf.PdfReader(path).pages) >= 1, path


def test_killed_builds_never_leave_a_partial_file(project: Path) -> None:
    subprocess.run([sys.executable, "-m", "generator", "build", "--quiet"], cwd=project, check=True, capture_output=True)
    chooser = random.Random(20251113)
    stand = project / "data" / "stand.yaml"
    original = stand.read_text(encoding="utf-8")
    codes = set()
    for round_ in range(8):
        stand.write_text(original.replace("headline: Chancen", f"headline: Runde {round_} Chancen"), encoding="utf-8")
        # --force: every document renders, so the signal lands inside the build on a fast or a busy machine.
        process = subprocess.Popen([sys.executable, "-m", "generator", "build", "--quiet", "--force", "--jobs", "2"],
                                   cwd=project,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chooser.uniform(0.05, 1.2))
        process.send_signal(signal.SIGINT if round_ % 2 else signal.SIGTERM)
        codes.add(process.wait(timeout=60))
        all_pdfs_whole(project / "output")
    # 130/143: interrupted/terminated inside the build; -2/-15: killed while Python was still starting, before any
    # file was opened.
    assert codes <= {0, 130, 143, -signal.SIGINT, -signal.SIGTERM} and 130 in codes, codes
    subprocess.run([sys.executable, "-m", "generator", "build", "--quiet"], cwd=project, check=True, capture_output=True)
    assert not list((project / "output").rglob(".*standgen-tmp"))
    all_pdfs_whole(project / "output")


def test_second_build_waits_then_names_the_holder(project: Path) -> None:
    out = project / "output"
    with locked(out):
        started = time.monotonic()
        with pytest.raises(Problems) as caught:
            build(Path("data"), Path("layouts"), out, ALL, only=("project-sheet-a4",), lock_wait_s=0.5)
        assert time.monotonic() - started >= 0.5
    assert f"another build is writing here (pid {os.getpid()} on " in str(caught.value)
    build(Path("data"), Path("layouts"), out, ALL, only=("project-sheet-a4",), lock_wait_s=0.5)


def test_lock_of_a_dead_process_is_recovered(project: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from generator.output import locked\nwith locked(Path('output')):\n"
                               "    print('held', flush=True); time.sleep(60)"],
                              cwd=project, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait()
    outcome = build(Path("data"), Path("layouts"), Path("output"), ALL, only=("project-sheet-a4",), lock_wait_s=2)
    assert outcome.built


def test_read_only_or_full_disk_is_a_clear_message(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(Path("data"), Path("layouts"), Path("output"), ALL, only=("project-sheet-a4",))
    before = {p: p.read_bytes() for p in Path("output").rglob("*.pdf")}
    path = project / "data" / "projects" / "02-kifaz.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Darstellung", "Vorstellung"), encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(generator.output.tempfile, "mkstemp", refuse)
    with pytest.raises(Problems) as caught:
        build(Path("data"), Path("layouts"), Path("output"), ALL, only=("project-sheet-a4",))
    assert "cannot write: Read-only file system" in str(caught.value)
    assert {p: p.read_bytes() for p in Path("output").rglob("*.pdf")} == before
