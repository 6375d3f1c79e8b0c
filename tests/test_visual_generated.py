"""Visual regression for generated stands (issues 11 and 15): posters of 9, 13 and 24 projects, both sides of the
flyer for 2 and 13 projects and the inside for 24, a continued sheet, a minimal sheet, and the booklet's cover,
about page and contents of 13 projects, against tests/reference/generated-*.png.

Refresh after an intended change with `pytest tests/test_visual_generated.py --refresh-references`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import stands
from test_visual import REFERENCES, compare_with_reference, snapshot


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folders = {}
    for size in (2, 9, 13, 24):
        folder = stands.make_issue_stand(tmp_path_factory.mktemp(f"visual{size}") / "stand", size)
        env = {**os.environ, "STANDGEN_LANG": "en"}
        result = subprocess.run([sys.executable, "-m", "generator", "build", "--profile", "screen", "--quiet",
                                 "--only", "poster-a1", "flyer", "project-sheet-a4", "booklet-a4", "--jobs", "2"],
                                cwd=folder, capture_output=True, text=True, env=env, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
        folders[size] = folder / "output"
    return folders


def _sheets(out: Path) -> list[dict[str, object]]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return [d for d in manifest["documents"] if d["kind"] == "project-sheet" and d["profile"] == "screen"]


def _continued_sheet(out: Path) -> str:
    return next(str(d["path"]) for d in _sheets(out) if d["pages"] > 1)


def _minimal_sheet(out: Path) -> str:
    """The 2-project stand's first project is a minimal one (tests/stands.py STANDS[2])."""
    return str(_sheets(out)[0]["path"])


CASES = {
    "generated-9-poster": (9, lambda out: "screen/poster-a1.pdf", (0,)),
    "generated-24-poster": (24, lambda out: "screen/poster-a1.pdf", (0,)),
    "generated-24-flyer": (24, lambda out: "screen/flyer.pdf", (1,)),
    "generated-24-sheet": (24, _continued_sheet, (1,)),
    "generated-2-flyer": (2, lambda out: "screen/flyer.pdf", (0, 1)),
    "generated-2-sheet": (2, _minimal_sheet, (0,)),
    "generated-13-poster": (13, lambda out: "screen/poster-a1.pdf", (0,)),
    "generated-13-flyer": (13, lambda out: "screen/flyer.pdf", (0, 1)),
    "generated-13-booklet": (13, lambda out: "screen/booklet-a4.pdf", (0, 1, 3)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_generated_stand_matches_the_reference(case: str, built: dict[int, Path],
                                               request: pytest.FixtureRequest) -> None:
    size, path, pages = CASES[case]
    out = built[size]
    compare_with_reference(case, snapshot(out / path(out), pages), request)
    assert (REFERENCES / f"{case}.png").stat().st_size <= 12 * 1024 * len(pages) + 8 * 1024
