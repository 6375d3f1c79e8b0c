"""Visual regression for generated stands (issue 11): a 24-project stand's poster, flyer inside and a
continued sheet, and a 9-project poster, against tests/reference/generated-*.png.

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
    for size in (9, 24):
        folder = stands.make_issue_stand(tmp_path_factory.mktemp(f"visual{size}") / "stand", size)
        env = {**os.environ, "STANDGEN_LANG": "en"}
        result = subprocess.run([sys.executable, "-m", "generator", "build", "--profile", "screen", "--quiet",
                                 "--only", "poster-a1", "flyer", "project-sheet-a4", "--jobs", "2"],
                                cwd=folder, capture_output=True, text=True, env=env, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
        folders[size] = folder / "output"
    return folders


def _continued_sheet(out: Path) -> str:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return next(d["path"] for d in manifest["documents"] if d["kind"] == "project-sheet" and d["pages"] > 1)


CASES = {
    "generated-9-poster": (9, lambda out: "screen/poster-a1.pdf", (0,)),
    "generated-24-poster": (24, lambda out: "screen/poster-a1.pdf", (0,)),
    "generated-24-flyer": (24, lambda out: "screen/flyer.pdf", (1,)),
    "generated-24-sheet": (24, _continued_sheet, (1,)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_generated_stand_matches_the_reference(case: str, built: dict[int, Path],
                                               request: pytest.FixtureRequest) -> None:
    size, path, pages = CASES[case]
    out = built[size]
    compare_with_reference(case, snapshot(out / path(out), pages), request)
    assert (REFERENCES / f"{case}.png").stat().st_size <= 20 * 1024
