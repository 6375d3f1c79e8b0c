"""What a user of a command-line tool expects: language, --version, no abbreviations, --json, quiet notes, the cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator import __version__, cache
from generator.cli import main
from generator.jobs import portable_name
from generator.pipeline import build
from generator.profiles import PROFILES
from generator.watch import stand_file_filter


def standgen(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project, capture_output=True, text=True,
                          timeout=120, env=env)


def break_a_project(project: Path) -> None:
    path = project / "data" / "projects" / "03-careleaver.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8")


def test_german_by_locale_english_on_request(project: Path) -> None:
    break_a_project(project)
    german = {k: v for k, v in os.environ.items() if k not in ("STANDGEN_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    german["LANG"] = "de_DE.UTF-8"
    result = standgen(project, "check", env=german)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert all(line.startswith("data/projects/03-careleaver.yaml:") for line in lines[:-1])  # the prefix stays
    assert lines[-1] == "2 Probleme gefunden"
    result = standgen(project, "--lang", "en", "check", env=german)
    assert result.returncode == 1 and result.stderr.splitlines()[-1] == "2 problems found"
    result = standgen(project, "check", "--lang", "en", env=german)
    assert result.stderr.splitlines()[-1] == "2 problems found"
    assert "Optionen" in standgen(project, "build", "--help", env=german).stdout
    assert "Exit status" in standgen(project, "--lang", "en", "--help", env=german).stdout


def test_version_abbreviations_and_exit_codes_in_help(project: Path) -> None:
    for flag in ("-V", "--version"):
        result = standgen(project, flag)
        assert result.returncode == 0 and result.stdout.strip() == f"standgen {__version__}"
    assert standgen(project, "build", "--profil", "print").returncode == 2  # no abbreviations: nothing is built
    assert not (project / "output" / "manifest.json").exists()
    assert standgen(project, "check", "--dat", "data").returncode == 2
    for command in ((), ("build",), ("check",)):
        text = standgen(project, *command, "--help").stdout
        assert all(code in text for code in ("130", "143")), command


def test_check_json_lists_problems_as_objects(project: Path) -> None:
    clean = json.loads(standgen(project, "check", "--json").stdout)
    assert {key: clean[key] for key in ("ok", "projects", "layouts")} == {"ok": True, "projects": 8, "layouts": 6}
    assert {problem["severity"] for problem in clean["problems"]} <= {"warning", "note"}  # "to verify" urls
    break_a_project(project)
    result = standgen(project, "check", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert {"file": "data/projects/03-careleaver.yaml", "line": 3, "column": 1, "severity": "error",
            "message": "unknown key 'titel'", "hint": "did you mean 'title'?"} in report["problems"]


def test_preflight_json(project: Path) -> None:
    assert standgen(project, "build", "--only", "project-sheet-a4", "--profile", "screen", "--quiet").returncode == 0
    result = standgen(project, "preflight", "--json", "--jobs", "1")
    report = json.loads(result.stdout)
    assert result.returncode == (0 if report["ok"] else 1)
    assert len(report["documents"]) == 8 and all(d["profile"] == "screen" for d in report["documents"])
    for problem in report["problems"]:
        assert set(problem) >= {"file", "line", "column", "severity", "message", "hint"}


def test_padding_note_is_said_once_per_page_count(project: Path) -> None:
    def notes() -> list[str]:
        outcome = build(Path("data"), Path("layouts"), Path("output"), tuple(PROFILES.values()), only=("booklet-a4",))
        return [str(w) for w in outcome.warnings if "padded" in w.message]

    assert notes() == []  # cover, about, contents, eight sheets and the back cover: 12 pages
    (project / "data" / "projects" / "08-schulerfolg.yaml").unlink()
    assert notes() == ["layouts/booklet-a4.yaml: 11 pages padded with 1 blank page to 12 for print (a multiple of 4)"]
    assert notes() == []
    (project / "data" / "projects" / "07-ombudschaft.yaml").unlink()
    assert notes() == ["layouts/booklet-a4.yaml: 10 pages padded with 2 blank pages to 12 for print (a multiple of 4)"]
    assert notes() == []


def test_watch_reacts_only_to_data_and_layout_files(project: Path) -> None:
    wanted = stand_file_filter(Path("data"), Path("layouts"))
    yes = ["data/stand.yaml", "data/projects/09-neu.yaml", "data/projects/09-neu.YML", "layouts/flyer.yaml",
           "layouts/hyphenation-de.txt"]
    no = ["data/projects/sedCfqPPn", "data/projects/01.yaml~", "data/projects/.01.yaml.swp", "data/projects/4913",
          "data/projects/.#01.yaml", "data/notes.txt", "output/manifest.json", "README.md"]
    assert [p for p in yes if not wanted(str(project / p))] == []
    assert [p for p in no if wanted(str(project / p))] == []


@pytest.mark.parametrize("name, expected", [
    ("flyer", "flyer"), ("01-kifaz", "01-kifaz"), ("CON", "CON-"), ("nul", "nul-"), ("com1.old", "com1-.old"),
    ("a:b", "a-b"), ("what?", "what-"), ("trailing. ", "trailing"), ("x" * 300, "x" * 64),
])
def test_output_names_are_portable(name: str, expected: str) -> None:
    assert portable_name(name) == expected


def test_cache_override_no_cache_and_unwritable(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    chosen = tmp_path / "my-cache"
    monkeypatch.setenv("STANDGEN_CACHE_DIR", str(chosen))
    assert main(["build", "--only", "project-sheet-a4", "--jobs", "1", "--quiet"]) == 0
    assert any(p.name.startswith("hyphenation-de_DE-pyphen-") for p in chosen.iterdir())  # and the screen fonts
    assert not list((project / "output" / ".standgen").glob("hyphenation*"))  # the output folder keeps only its own
    fresh = tmp_path / "unused"
    monkeypatch.setenv("STANDGEN_CACHE_DIR", str(fresh))
    assert main(["build", "--only", "project-sheet-a4", "--jobs", "1", "--quiet", "--force", "--no-cache"]) == 0
    assert not fresh.exists()
    monkeypatch.delenv("STANDGEN_NO_CACHE")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("STANDGEN_CACHE_DIR", str(blocker / "cache"))
    capsys.readouterr()
    assert main(["build", "--only", "project-sheet-a4", "--jobs", "1", "--quiet", "--force"]) == 0
    notices = [line for line in capsys.readouterr().err.splitlines() if "cache" in line]
    assert len(notices) == 1 and notices[0].startswith(f"note: {blocker / 'cache'}: the cache is not writable"), notices


def test_cache_entries_survive_racing_writers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANDGEN_CACHE_DIR", str(tmp_path / "c"))
    payloads = [bytes([n]) * 200_000 for n in range(8)]
    seen: list[bytes | None] = []

    def write(payload: bytes) -> None:
        for _ in range(20):
            assert cache.write_entry("entry", payload) is None
            seen.append(cache.read_entry("entry"))

    threads = [threading.Thread(target=write, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(value in payloads for value in seen)  # always one writer's whole entry, never a mix
    assert cache.read_entry("entry") in payloads
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["entry"]  # no temporary left behind
    (tmp_path / "c" / "entry").write_bytes(b"damaged")
    assert cache.read_entry("entry") is None


def test_racing_builds_share_the_cache(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANDGEN_CACHE_DIR", str(tmp_path / "shared"))
    env = dict(os.environ)
    runs = [subprocess.Popen([sys.executable, "-m", "generator", "build", "--quiet", "--jobs", "1", "--only",
                              "project-sheet-a4", "--out", f"out{n}"], cwd=project, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in range(3)]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0]
    assert len({(project / f"out{n}" / "print/project-sheet-a4/02-kifaz.pdf").read_bytes() for n in range(3)}) == 1
    entries = sorted((tmp_path / "shared").iterdir())  # the patterns and the screen fonts: whole, no temporaries
    assert entries and not [entry for entry in entries if entry.name.endswith(".tmp")]
    assert all(cache.read_entry(entry.name) is not None for entry in entries)


def test_windows_files_every_kind_crlf_and_bom(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Data, layouts and the hyphenation list saved by a Windows editor: CRLF line ends and a byte-order mark."""
    files = [project / "data" / "stand.yaml", project / "data" / "projects" / "02-kifaz.yaml",
             project / "layouts" / "project-sheet-a4.yaml", project / "layouts" / "hyphenation-de.txt"]
    for path in files:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert main(["check"]) == 0, capsys.readouterr().err
    assert main(["build", "--only", "project-sheet-a4", "--jobs", "1", "--quiet"]) == 0
