"""A stand at the schema's limits: every text as long as the JSON Schemas allow. `check` accepts it,
so `build` must make every document (the promise of issue 11), adapting with warnings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import stands

pytestmark = pytest.mark.adaptive


def _text(seed: str, length: int) -> str:
    words = (seed + " ") * (length // (len(seed) + 1) + 1)
    return words[:length].rsplit(" ", 1)[0]


def _stand_at_limits() -> dict:
    paragraph = _text("Die Stadt Leipzig engagiert sich für Chancengerechtigkeit für Kinder und Jugendliche.", 2500)
    return {
        "organiser": {"name": _text("Stadt Leipzig Amt für Jugend und Familie", 120),
                      "unit": _text("Abteilung Kinder- und Jugendförderung und Jugendhilfeplanung", 160),
                      "url": "https://www.leipzig.de/"},
        "event": {"name": _text("18. Deutscher Kinder- und Jugendhilfetag mit Fachkongress", 160),
                  "short_name": _text("18. DJHT Leipzig Fachmesse", 60),
                  "dates": {"start": "2025-05-13", "end": "2025-05-15"},
                  "venue": _text("Leipziger Messe, Messe-Allee 1, 04356 Leipzig, Halle 2 und 4", 200),
                  "stand": _text("Halle 2, Stand C10 neben dem Forum", 120)},
        "headline": _text("Chancengerechtigkeit für Kinder und Jugendliche in allen Stadtteilen", 160),
        "intro": [paragraph] * 10,
        "focus": [{"title": _text(f"Thema {i} Gewaltprävention an Schulen und Jugendbeteiligung", 120),
                   "text": paragraph[:2000]} for i in range(12)],
        "url": "https://www.leipzig.de/",
        "contact": {"name": "Anna Müller", "email": "anna.mueller@leipzig.de", "phone": "0341 123-4567"},
    }


def _standgen(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STANDGEN_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=folder, capture_output=True, text=True,
                          env=env, timeout=600)


def test_a_stand_at_the_schemas_limits_builds(tmp_path: Path) -> None:
    folder = stands.make_stand(tmp_path / "limits", 12, 7, mix=("maximal",))
    text = yaml.safe_dump(_stand_at_limits(), allow_unicode=True, sort_keys=False, width=10_000)
    (folder / "data" / "stand.yaml").write_text(text, encoding="utf-8")
    check = _standgen(folder, "check")
    assert check.returncode == 0, check.stderr[-3000:]
    build = _standgen(folder, "build", "--jobs", "2")
    assert build.returncode == 0, build.stderr[-3000:]
    said = set(check.stderr.splitlines())
    assert [line for line in build.stderr.splitlines() if line.startswith("warning") and line not in said] == []
    manifest = yaml.safe_load((folder / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["documents"]) == 2 * (5 + 12)
