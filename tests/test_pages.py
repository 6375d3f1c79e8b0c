"""Every page intentional (issue 15, Deliver 3): the flyer's cover and few-project inside, the booklet's contents
and about page, checked on the composed plans of the shipped and generated stands (no rendering)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diag import Diagnostic
from generator.jobs import Job, make_jobs
from generator.layouts import load_layouts
from generator.model import load_content
from generator.pipeline import compose_job
from generator.plan import PagePlan, Plan, Rule, TextFrame
from generator.render.measure import TextMeasurer
from stands import STANDS, make_issue_stand, make_stand

ROOT = Path(__file__).resolve().parent.parent


def _compose(folder: Path, layout: str) -> tuple[Job, Plan, tuple[Diagnostic, ...]]:
    layouts = load_layouts(folder / "layouts", (layout,))
    (job,) = make_jobs(load_content(folder / "data"), layouts, folder / "layouts")
    plan, notes = compose_job(job)
    return job, plan, tuple(notes)


@pytest.fixture(scope="module", params=(0, *sorted(STANDS), 3), ids=lambda n: "shipped" if n == 0 else f"{n}p")
def stand(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    size = request.param
    if size == 0:
        return ROOT
    target = tmp_path_factory.mktemp(f"stand{size}")
    if size in STANDS:
        return make_issue_stand(target, size)
    return make_stand(target, size, size, mix=("typical",), intro_paragraphs=2, focus=2)


def _cover_frames(plan: Plan) -> list[TextFrame]:
    """The text frames of the flyer's cover panel (the outside's rightmost)."""
    outside = plan.pages[0]
    cover_x = outside.folds_mm[-1]
    return [item for item in outside.items if isinstance(item, TextFrame) and item.box.x > cover_x]


def test_flyer_cover_shows_every_project_number_or_says_which_it_leaves_out(stand: Path) -> None:
    job, plan, notes = _compose(stand, "flyer")
    frames = _cover_frames(plan)
    numbers = [int(f.paras[0].text) for f in frames if f.role.startswith("number of project")]
    expected = [p.number for p in job.projects]
    if numbers != expected:
        assert numbers == expected[:len(numbers)] and numbers, numbers
        assert any("numbers of" in n.message for n in notes), [n.message for n in notes]
    # the numbers wear their project's colour, and no square of colour sits behind them any more
    for frame in frames:
        if frame.role.startswith("number of project"):
            assert frame.paras[0].style.ink.name == f"project-{frame.paras[0].text}"
            assert frame.paras[0].style.role == "Artifact"
    # nothing on the cover overlaps: projects sit between the band's headline and who, when and where
    details = next(f for f in frames if f.role == "cover details")
    headline = next(f for f in frames if f.role == "headline")
    for frame in frames:
        if frame.role.startswith(("number of project", "project ", "cover projects")):
            assert headline.box.bottom < frame.box.y and frame.box.bottom <= details.box.y + 0.01, frame.role


def test_flyer_cover_names_few_projects_by_title() -> None:
    job, plan, _ = _compose(ROOT, "flyer")
    titles = [f for f in _cover_frames(plan) if f.role.startswith("project ")]
    assert [f.role for f in titles] == [f"project {p.number}" for p in job.projects]


def _inside_panels(page: PagePlan) -> tuple[float, float]:
    return page.folds_mm[0], page.folds_mm[1]


def test_flyer_with_few_projects_fills_both_inside_panels(stand: Path) -> None:
    job, plan, _ = _compose(stand, "flyer")
    if len(job.projects) > 3:
        pytest.skip("many projects: rows of cards or a list")
    inside = plan.pages[1]
    _, right_fold = _inside_panels(inside)
    right = [item for item in inside.items if isinstance(item, TextFrame) and item.box.x > right_fold]
    roles = {f.role for f in right}
    assert "call to action" in roles  # the stand's code at the right panel's foot
    details = [f for f in inside.items if isinstance(f, TextFrame) and f.role == "project details"]
    if any(p.summary or p.topics for p in job.projects):
        assert details, "large cards tell the projects' stories"


def test_booklet_contents_lead_from_each_title_to_its_page_number(stand: Path) -> None:
    job, plan, _ = _compose(stand, "booklet-a4")
    pages = [page for page in plan.pages if (page.anchor or "").startswith("contents")]
    folios, leaders = [], 0
    for page in pages:
        numbers = [item for item in page.items if isinstance(item, TextFrame) and item.role == "contents"
                   and item.paras[0].text.isdigit() and item.paras[0].style.align == "right"]
        folios += numbers
        for leader in (item for item in page.items if isinstance(item, Rule) and item.dots_pt):
            leaders += 1
            assert leader.y1 == leader.y2
            # on the baseline of a page number, the dots ending right before it
            assert any(f.box.y < leader.y1 < f.box.bottom and 0 < f.box.x - leader.x2 < 3 for f in numbers), leader
    assert len(folios) == len(job.projects)
    assert leaders >= len(job.projects) // 2  # a title that reaches its page number needs no leader


def test_booklet_about_columns_open_on_one_top(stand: Path) -> None:
    _, plan, _ = _compose(stand, "booklet-a4")
    for page in plan.pages:
        if not (page.anchor or "").startswith("about"):
            continue
        columns = [item for item in page.items if isinstance(item, TextFrame) and item.role == "about"
                   and item.box.w < 100]
        assert len({round(c.box.y, 2) for c in columns}) <= 1, page.anchor


def _extent(measurer: TextMeasurer, frame: TextFrame) -> tuple[float, float]:
    """Where the frame's text is drawn, top to bottom (mm)."""
    used = measurer.height_mm(frame.paras, frame.box.w, frame.fit or 0.0)
    slack = frame.box.h - used
    top = frame.box.y + {"bottom": slack, "middle": slack / 2}.get(frame.valign, 0.0)
    return top, top + used


def test_flyer_inside_text_never_overlaps(stand: Path) -> None:
    job, plan, _ = _compose(stand, "flyer")
    measurer = TextMeasurer(job.fonts, job.hyphenation, "flyer")
    frames = [item for item in plan.pages[1].items if isinstance(item, TextFrame)]
    for index, a in enumerate(frames):
        a_top, a_bottom = _extent(measurer, a)
        for b in frames[index + 1:]:
            if a.box.right <= b.box.x + 0.01 or b.box.right <= a.box.x + 0.01:
                continue
            b_top, b_bottom = _extent(measurer, b)
            assert a_bottom <= b_top + 0.3 or b_bottom <= a_top + 0.3, (a.role, b.role)


def test_one_long_project_continues_on_the_right_panel(tmp_path: Path) -> None:
    folder = make_stand(tmp_path, 1, 101, mix=("maximal",), intro_paragraphs=2, focus=3)
    _, plan, _ = _compose(folder, "flyer")
    inside = plan.pages[1]
    _, right_fold = _inside_panels(inside)
    details = [f for f in inside.items if isinstance(f, TextFrame) and f.role == "project details"]
    assert len(details) == 2 and details[1].box.x > right_fold
    assert not any(isinstance(f, TextFrame) and f.role == "themes" for f in inside.items)
