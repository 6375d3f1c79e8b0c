"""Paragraph metrics a build measured are kept for the next one: the same files, and nothing taken in doubt."""

from __future__ import annotations

import marshal
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from generator.jobs import font_sets, make_jobs
from generator.pipeline import METRICS, build, load_inputs
from generator.plan import Fonts
from generator.profiles import PROFILES
from generator.render import measure
from generator.render.fonts import register_fonts

ALL = tuple(PROFILES.values())


def _pdfs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_build_that_starts_from_kept_metrics_makes_the_files_of_a_fresh_build(
        tmp_path: Path, workers: int) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    out = tmp_path / "output"
    build(tmp_path / "data", ROOT / "layouts", out, ALL, workers=workers)
    kept = out / ".standgen" / METRICS
    assert measure._read_kept(kept.read_bytes())  # the workers' metrics reached the parent and were kept
    path = tmp_path / "data" / "projects" / "03-careleaver.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summary: ", "summary: Neu und ", 1), encoding="utf-8")
    measure._SHARED.clear()
    taken: list[int] = []
    real = measure.start_from
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(measure, "start_from", lambda data, fonts: taken.append(real(data, fonts)) or taken[-1])
        after = build(tmp_path / "data", ROOT / "layouts", out, ALL, workers=workers)
    assert taken and taken[0] > 1000 and len(after.built) == 4  # the sheet and the booklet, print and screen
    measure._SHARED.clear()
    build(tmp_path / "data", ROOT / "layouts", tmp_path / "fresh", ALL, force=True)
    assert _pdfs(out) == _pdfs(tmp_path / "fresh")


def _fonts() -> tuple[Fonts, ...]:
    content, layouts = load_inputs(ROOT / "data", ROOT / "layouts")
    fonts = font_sets(make_jobs(content, layouts, ROOT / "layouts"))
    register_fonts(fonts)
    return fonts


def test_kept_metrics_round_trip_and_anything_else_is_ignored(tmp_path: Path) -> None:
    fonts = _fonts()
    measure._SHARED.clear()
    key = (("Ein Text", "regular", 10.0, 9.0, None, 1.2, "left", 0.0, False, True, 0.0, 4.0, False, False, False),
           80.0, 0.0, False)
    measure._SHARED[(fonts[0], ("Jugend-hilfe",))] = {key: (24.0, 0.0, 4.0, False)}
    data = measure.kept_metrics()
    measure._SHARED.clear()
    assert measure.start_from(data, fonts) == 1
    assert measure._SHARED[(fonts[0], ("Jugend-hilfe",))] == {key: (24.0, 0.0, 4.0, False)}
    _, identity, memos = marshal.loads(data)
    foreign = [b"", b"\x00garbage", marshal.dumps((measure.KEPT_FORMAT, "another version", memos)),
               marshal.dumps((measure.KEPT_FORMAT + 1, identity, memos)),
               marshal.dumps((measure.KEPT_FORMAT, identity, {k: {key: (24, 0, 4, False)} for k in memos})),
               marshal.dumps((measure.KEPT_FORMAT, identity, {k: {"key": (24.0, 0.0, 4.0, False)} for k in memos}))]
    for damaged in foreign:
        measure._SHARED.clear()
        assert measure.start_from(damaged, fonts) == 0
    other = Fonts(**{**{role: getattr(fonts[0], role) for role in ("regular", "italic", "semibold", "bold")},
                     "fallback": None})
    copied = tmp_path / "Regular.ttf"
    copied.write_bytes(Path(fonts[0].regular).read_bytes() + b"\0")  # another file: another registered name
    changed = Fonts(str(copied), other.italic, other.semibold, other.bold, None)
    measure._SHARED.clear()
    assert measure.start_from(data, (changed,)) == 0
    measure._SHARED.clear()
