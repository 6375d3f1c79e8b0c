"""The stand's identity: each project keeps one colour across every document (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.jobs import make_jobs
from generator.layouts import load_layouts
from generator.model import load_content
from generator.pipeline import compose_job
from generator.plan import Fill, Ink, Plan, TextFrame
from generator.legibility import contrast

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def plans() -> dict[str, Plan]:
    content = load_content(ROOT / "data")
    jobs = make_jobs(content, load_layouts(ROOT / "layouts"), ROOT / "layouts")
    return {job.name: compose_job(job)[0] for job in jobs}


def _project_fills(plan: Plan) -> dict[int, Ink]:
    return {int(item.ink.name.split("-")[1]): item.ink for page in plan.pages for item in page.items
            if isinstance(item, Fill) and item.ink.name.startswith("project-")}


def test_a_project_has_one_colour_in_every_document(plans: dict[str, Plan]) -> None:
    poster, flyer = _project_fills(plans["poster-a1.pdf"]), _project_fills(plans["flyer.pdf"])
    sheets = [name for name in plans if name.startswith("project-sheet-a4/")]
    assert len(poster) == len(flyer) == len(sheets) == 8
    for name in sheets:
        number = int(name.split("/")[1][:2])
        (ink,) = set(_project_fills(plans[name]).values())
        assert poster[number] == flyer[number] == ink
    assert len({ink.cmyk for ink in poster.values()}) == 8  # eight projects, eight colours


def test_project_colours_carry_white_text_and_print_within_200_percent() -> None:
    for layout in load_layouts(ROOT / "layouts"):
        assert len(layout.project_colours) >= 12, layout.name
        for colour in layout.project_colours:
            assert contrast(colour.rgb, (255, 255, 255)) >= 4.5
            c = colour.cmyk
            assert c.c + c.m + c.y + c.k <= 200


def test_booklet_contents_numbers_wear_their_project_colour(plans: dict[str, Plan]) -> None:
    booklet = plans["booklet-a4.pdf"]
    contents = next(page for page in booklet.pages if page.anchor == "contents")
    numbers = [item.paras[0] for item in contents.items if isinstance(item, TextFrame) and item.box.w == 14]
    sheet_fills = _project_fills(booklet)
    assert [p.style.ink for p in numbers] == [sheet_fills[int(p.text)] for p in numbers]


def test_names_and_links_never_hyphenate(plans: dict[str, Plan]) -> None:
    """Carriers, organisations, contacts and printed links are never hyphenated (issue 15's micro-typography)."""
    checked = 0
    for plan in plans.values():
        for page in plan.pages:
            for item in page.items:
                if not isinstance(item, TextFrame):
                    continue
                for para in item.paras:
                    field = para.source.field if para.source else ""
                    if para.link or field in ("carriers", "contact.name", "contact.email", "contact.phone"):
                        assert not para.style.hyphenate or para.link, (plan.document, field, para.text)
                        assert "\u00ad" not in para.text, (plan.document, para.text)
                        checked += 1
    assert checked > 50


def test_booklet_project_pages_carry_a_thumb_tab_on_their_outer_edge(plans: dict[str, Plan]) -> None:
    """Each project's pages show its colour on the outer edge (right on odd pages, left on even ones), one step
    lower per project, so the closed booklet shows where each project starts."""
    booklet = plans["booklet-a4.pdf"]
    width = booklet.trim_mm[0]
    tabs: dict[int, tuple[float, Ink]] = {}
    for number, page in enumerate(booklet.pages, start=1):
        edge = [item for item in page.items if isinstance(item, Fill) and item.ink.name.startswith("project-")
                and item.box.w < 10 and (item.box.right >= width - 0.01 if number % 2 else item.box.x <= 0.01)]
        if page.bookmark and any(isinstance(i, Fill) and i.ink.name.startswith("project-") for i in page.items):
            (tab,) = edge
            tabs[int(tab.ink.name.split("-")[1])] = (tab.box.y, tab.ink)
    assert sorted(tabs) == list(range(1, 9))
    tops = [tabs[n][0] for n in range(1, 9)]
    assert tops == sorted(tops) and len(set(tops)) == 8  # one step lower per project
    bands = _project_fills(booklet)
    assert all(tabs[n][1] == bands[n] for n in tabs)  # the tab wears the colour of the project's band
