"""A sheet with short content is a page of its own: no blank third under a strip that moved up (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

import stands
from conftest import ROOT
from generator.jobs import Job, make_jobs
from generator.layouts import load_layouts
from generator.model import load_content
from generator.pipeline import compose_job
from generator.plan import Fill, PagePlan, Plan, QrCode, Rule, TextFrame
from generator.render.measure import TextMeasurer

LAYOUTS = ROOT / "layouts"


def jobs_of(data: Path, layout: str) -> list[Job]:
    return list(make_jobs(load_content(data), load_layouts(LAYOUTS, only=(layout,)), LAYOUTS))


def covered(job: Job, page: PagePlan) -> list[tuple[float, float]]:
    """The vertical stretches that carry something: fills, codes, rules, and each text frame's set text."""
    measurer = TextMeasurer(job.fonts, job.hyphenation, job.name)
    spans = []
    for item in page.items:
        if isinstance(item, (Fill, QrCode)):
            box = item.outer if isinstance(item, QrCode) else item.box
            spans.append((box.y, box.bottom))
        elif isinstance(item, Rule):
            spans.append((item.y1, item.y2))
        elif isinstance(item, TextFrame) and item.role != "footer":
            used = measurer.height_mm(item.paras, item.box.w, item.fit or 0.0)
            top = item.box.y if item.valign == "top" else item.box.bottom - used
            spans.append((top, top + used))
    return sorted(spans)


def largest_gap(spans: list[tuple[float, float]]) -> float:
    gap, reach = 0.0, spans[0][1]
    for top, bottom in spans[1:]:
        gap = max(gap, top - reach)
        reach = max(reach, bottom)
    return gap


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Job, Plan]:
    folder = stands.make_issue_stand(tmp_path_factory.mktemp("stand"), 1)  # one minimal project, a short intro
    (job,) = jobs_of(folder / "data", "project-sheet-a4")
    return job, compose_job(job)[0]


def test_a_minimal_sheet_leaves_no_blank_stretch(minimal: tuple[Job, Plan]) -> None:
    job, plan = minimal
    (page,) = plan.pages
    assert largest_gap(covered(job, page)) < 0.15 * job.layout.trim_mm[1]  # it was 26 % under a strip moved up


def test_a_minimal_sheet_has_a_larger_code_at_its_foot_and_a_taller_band(minimal: tuple[Job, Plan]) -> None:
    job, plan = minimal
    items = plan.pages[0].items
    (code,) = [item for item in items if isinstance(item, QrCode)]
    assert code.box.w > job.layout.qr_spec("project").size_mm
    strip = next(item for item in items if isinstance(item, Fill) and item.ink.name == "tint")
    rule = next(item for item in items if isinstance(item, Rule))
    assert rule.y1 - strip.box.bottom < job.layout.measure("strip_padding") + job.layout.measure("footer_gap")
    band = items[0]
    assert isinstance(band, Fill) and band.box.h > job.layout.measure("band_height")


def test_the_short_sheets_of_a_booklet_share_one_band() -> None:
    (job,) = jobs_of(ROOT / "data", "booklet-a4")
    plan = compose_job(job)[0]
    bands = {page.items[0].box.h for page in plan.pages
             if page.anchor and page.anchor.startswith("project-") and isinstance(page.items[0], Fill)}
    assert len(bands) == 1, bands
