"""The last build's decoded data files: taken only for the same bytes, version and language, never running code."""

from __future__ import annotations

import marshal
import os
import pickle
import shutil
from pathlib import Path

import pytest

import generator.parsed
from conftest import ROOT
from generator import __version__
from generator.diag import Problems
from generator.fields import Report
from generator.layouts import load_layouts
from generator.model import PROJECT, load_content
from generator.parsed import FORMAT, STORE, ParsedFiles
from generator.pipeline import build
from generator.profiles import PROFILES


def _stored(tmp_path: Path) -> tuple[Path, bytes]:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    store = ParsedFiles.read(None, "en")
    load_content(data, store)
    load_layouts(ROOT / "layouts", (), store)
    return data, store.dump()


def test_unchanged_files_are_taken_with_their_warnings_and_marks_and_equal_a_fresh_load(tmp_path: Path) -> None:
    data, dump = _stored(tmp_path)
    again = ParsedFiles.read(dump, "en")
    content, layouts = load_content(data, again), load_layouts(ROOT / "layouts", (), again)
    files = 1 + len(list((data / "projects").glob("*.yaml"))) + len(list((ROOT / "layouts").glob("*.yaml")))
    assert again.taken == files and not again.changed()
    assert content == load_content(data) and layouts == load_layouts(ROOT / "layouts")
    assert content.marks and content.warnings  # the shipped data has values marked „to verify“ and warnings


def test_a_changed_file_is_parsed_again_even_with_its_old_size_and_time(tmp_path: Path) -> None:
    data, dump = _stored(tmp_path)
    path = sorted((data / "projects").glob("*.yaml"))[2]
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Careleaver", "Carelaever", 1), encoding="utf-8")  # same length
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again = ParsedFiles.read(dump, "en")
    content = load_content(data, again)
    assert again.taken == 8 and again.changed()
    assert "Carelaever" in repr(content.projects) and content == load_content(data)


@pytest.mark.parametrize("header", [(FORMAT, "0.0.0", "en"), (FORMAT, __version__, "de"), (FORMAT + 1, __version__, "en")])
def test_another_version_language_or_format_takes_nothing(tmp_path: Path, header: tuple) -> None:
    data, dump = _stored(tmp_path)
    records = marshal.loads(dump)[3]
    again = ParsedFiles.read(marshal.dumps((*header, records)), "en")
    load_content(data, again)
    assert again.taken == 0


def test_a_file_with_a_problem_is_never_kept_and_its_problem_is_said_every_time(tmp_path: Path) -> None:
    data, _ = _stored(tmp_path)
    path = sorted((data / "projects").glob("*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("number: 1", "number: tausend"), encoding="utf-8")
    for dump in (None, ParsedFiles.read(None, "en").dump()):
        store = ParsedFiles.read(dump, "en")
        with pytest.raises(Problems, match="number"):
            load_content(data, store)
        assert str(path) not in marshal.loads(store.dump())[3]


class _Boom:
    def __reduce__(self) -> tuple:
        return (os.system, ("echo ran > ran.txt",))


@pytest.mark.parametrize("payload", [pickle.dumps(_Boom()), pickle.dumps(((_Boom(),), (), ())), b"not a pickle",
                                     pickle.dumps(("value", ("not a diagnostic",), ()))],
                         ids=["code", "code inside", "garbage", "wrong shape"])
def test_a_foreign_or_damaged_record_runs_no_code_and_the_file_is_parsed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, payload: bytes) -> None:
    monkeypatch.chdir(tmp_path)
    data, dump = _stored(tmp_path)
    records = marshal.loads(dump)[3]
    target = str(sorted((data / "projects").glob("*.yaml"))[0])
    records[target] = (records[target][0], "project", payload)
    again = ParsedFiles.read(marshal.dumps((FORMAT, __version__, "en", records)), "en")
    report = Report()
    value = again.decode(Path(target), PROJECT, "project", report)
    assert not (tmp_path / "ran.txt").exists()
    assert again.taken == 0 and value == load_content(data).projects[0]


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", marshal.dumps({"a": 1})], ids=["empty", "garbage", "other"])
def test_a_damaged_store_is_ignored(tmp_path: Path, damage: bytes) -> None:
    data, _ = _stored(tmp_path)
    again = ParsedFiles.read(damage, "en")
    assert load_content(data, again) == load_content(data) and again.taken == 0


def test_a_build_keeps_the_store_and_the_next_one_takes_every_file_but_the_edited(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    out, only = tmp_path / "output", ("project-sheet-a4",)
    build(tmp_path / "data", ROOT / "layouts", out, (PROFILES["print"],), only)
    assert (out / ".standgen" / STORE).is_file()
    decoded: list[str] = []
    real = generator.parsed.decode_file
    monkeypatch.setattr(generator.parsed, "decode_file",
                        lambda path, spec, report: decoded.append(Path(path).name) or real(path, spec, report))
    path = sorted((tmp_path / "data" / "projects").glob("*.yaml"))[2]
    path.write_text(path.read_text(encoding="utf-8").replace("summary: ", "summary: Neu und ", 1), encoding="utf-8")
    outcome = build(tmp_path / "data", ROOT / "layouts", out, (PROFILES["print"],), only)
    assert decoded == [path.name] and outcome.built == (f"print/project-sheet-a4/{path.stem}.pdf",)
    decoded.clear()
    build(tmp_path / "data", ROOT / "layouts", out, (PROFILES["print"],), only, force=True)
    assert len(decoded) == 10  # --force: everything parsed again (stand, 8 projects, the sheet's layout)


def test_a_file_saved_again_while_it_is_decoded_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The record pairs the bytes hashed with what was decoded: an editor saving in between leaves no record."""
    data, _ = _stored(tmp_path)
    path = sorted((data / "projects").glob("*.yaml"))[2]
    real = generator.parsed.decode_file

    def saved_meanwhile(file: Path, spec: object, report: object) -> object:
        value = real(file, spec, report)
        if file == path:
            path.write_text(path.read_text(encoding="utf-8").replace("Careleaver", "Carelaever", 1), encoding="utf-8")
        return value

    monkeypatch.setattr(generator.parsed, "decode_file", saved_meanwhile)
    store = ParsedFiles.read(None, "en")
    load_content(data, store)
    assert str(path) not in marshal.loads(store.dump())[3]
    assert len(marshal.loads(store.dump())[3]) == 8  # the stand and the other seven projects
