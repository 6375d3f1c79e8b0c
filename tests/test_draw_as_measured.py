"""Render draws the paragraphs compose measured (kept, not wrapped again), and fitting stops early: same bytes."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import ROOT
from generator.jobs import make_jobs
from generator.pipeline import load_inputs
from generator.plan import TextFrame
from generator.profiles import PROFILES
from generator.render import measure, render_pdf, text
from generator.render.fonts import register_fonts
from generator.workers import compose_noted

PROFILE_LIST = tuple(PROFILES.values())


def _documents() -> list[bytes]:
    measure._SHARED.clear()  # metrics remembered from other tests would leave nothing to measure
    content, layouts = load_inputs(ROOT / "data", ROOT / "layouts")
    jobs = [job for job in make_jobs(content, layouts, ROOT / "layouts")
            if job.name.startswith(("project-sheet-a4/02", "project-sheet-a4/05", "booklet", "flyer"))]
    register_fonts(tuple({job.fonts for job in jobs}))
    made = []
    for job in jobs:
        plan, _ = compose_noted(job, PROFILE_LIST)
        made += [render_pdf(plan, profile) for profile in PROFILE_LIST]
    return made


def test_kept_flowables_give_the_bytes_of_flowables_wrapped_again(monkeypatch: pytest.MonkeyPatch) -> None:
    taken = []
    original = text.WrappedParagraphs.get

    def spy(self: text.WrappedParagraphs, *args: object) -> text.Wrapped | None:
        found = original(self, *args)  # type: ignore[arg-type]
        taken.append(found is not None)
        return found

    monkeypatch.setattr(text.WrappedParagraphs, "get", spy)
    kept = _documents()
    assert sum(taken) > len(taken) / 4  # print draws most paragraphs as measured
    monkeypatch.setattr(text.WrappedParagraphs, "keep", lambda *args: None)
    measure._SHARED.clear()
    assert _documents() == kept


def test_a_kept_flowable_serves_only_its_own_colours_fonts_size_and_width() -> None:
    content, layouts = load_inputs(ROOT / "data", ROOT / "layouts")
    job = next(job for job in make_jobs(content, layouts, ROOT / "layouts") if job.kind == "project-sheet")
    register_fonts((job.fonts,))
    measurer = measure.TextMeasurer(job.fonts, job.hyphenation, "test", "cmyk")
    para = next(p for page in compose_noted(job, PROFILE_LIST)[0].pages for item in page.items
                if isinstance(item, TextFrame) for p in item.paras if len(p.text) > 80)
    store = text.WrappedParagraphs()
    cmyk = measurer.ctx
    store.keep(para, 0.0, 200.0, cmyk, ("flowable", 0.0, 0.0, 10.0))  # type: ignore[arg-type]
    assert store.get(para, 0.0, 200.0, cmyk) is not None
    rgb = dataclasses.replace(cmyk, colour_model="rgb")
    other_ink = dataclasses.replace(para, style=dataclasses.replace(para.style, ink=dataclasses.replace(
        para.style.ink, cmyk=(0.0, 0.0, 0.0, 0.5))))
    for asked in ((para, 0.0, 200.0, rgb), (para, 0.1, 200.0, cmyk), (para, 0.0, 190.0, cmyk),
                  (other_ink, 0.0, 200.0, cmyk), (dataclasses.replace(para, text=para.text + " x"), 0.0, 200.0, cmyk)):
        assert store.get(*asked) is None  # type: ignore[arg-type]


def test_fitting_that_stops_at_the_first_fitting_size_chooses_what_the_full_search_chose(
        monkeypatch: pytest.MonkeyPatch) -> None:
    content, layouts = load_inputs(ROOT / "data", ROOT / "layouts")
    jobs = make_jobs(content, layouts, ROOT / "layouts")
    early = [compose_noted(job, PROFILE_LIST)[0].digest() for job in jobs]
    original = measure.TextMeasurer._fits

    def full_search(self: measure.TextMeasurer, frame: TextFrame, largest: float, smallest: float) -> float | None:
        """The search before the early stop: bisection only."""
        steps = max(1, round((smallest - largest) * measure.STEPS))
        grid = [largest + (smallest - largest) * i / steps for i in range(steps + 1)]
        natural = min(range(len(grid)), key=lambda i: abs(grid[i] - measure.NATURAL)) if largest < measure.NATURAL else 0
        if natural and original(self, frame, grid[natural]):
            grid = grid[:natural + 1]
        elif natural:
            grid = grid[natural:]
        if not original(self, frame, grid[-1]):
            return None
        low, high = 0, len(grid) - 1
        while low < high:
            middle = (low + high) // 2
            if original(self, frame, grid[middle]):
                high = middle
            else:
                low = middle + 1
        return grid[high]

    monkeypatch.setattr(measure.TextMeasurer, "_search", full_search)
    measure._SHARED.clear()
    assert [compose_noted(job, PROFILE_LIST)[0].digest() for job in jobs] == early
