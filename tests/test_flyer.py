"""The roll-fold flyer: panel and fold geometry from the plan, then the PDFs as a print shop and a phone see them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.pipeline import compose_job
from generator.compose.panels import FOLD_CLEARANCE_MM, FOLD_OVERLAP_MM, check_folds, panels
from generator.typography import first_sentence, gist
from generator.compose.kit import Kit
from generator.diag import Problems
from generator.jobs import Job, make_jobs
from generator.pipeline import build, load_inputs
from generator.plan import Box, Fill, PagePlan, Plan, QrCode, TextFrame
from generator.profiles import PROFILES
from pdfcheck import (decode_pdf_qr, extract_text, fonts, link_uris, normalise, outline_titles, page_boxes, pt_to_mm,
                      render_page, squash)
from conftest import ROOT



@pytest.fixture(scope="module")
def job() -> Job:
    content, layouts = load_inputs(ROOT / "data", ROOT / "layouts", ("flyer",))
    (job,) = make_jobs(content, layouts, ROOT / "layouts")
    return job


@pytest.fixture(scope="module")
def plan(job: Job) -> Plan:
    return compose_job(job)[0]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("out")
    build(ROOT / "data", ROOT / "layouts", folder, tuple(PROFILES.values()), only=("flyer",))
    return folder


def boxes(page: PagePlan) -> list[tuple[str, Box]]:
    """What must keep clear of the folds: text frames, and QR codes with their quiet zone."""
    found = []
    for item in page.items:
        if isinstance(item, TextFrame):
            found.append((item.role, item.box))
        elif isinstance(item, QrCode):
            found.append((item.url, item.outer))
    return found


def test_outside_and_inside_mirror_the_panels(job: Job, plan: Plan) -> None:
    kit = Kit(job.layout, None, "flyer")
    assert [p.w for p in panels(kit, job.layout.panels_mm)] == [97, 100, 100]
    assert [p.w for p in panels(kit, tuple(reversed(job.layout.panels_mm)))] == [100, 100, 97]
    assert plan.trim_mm == (297, 210)
    assert [page.folds_mm for page in plan.pages] == [(97, 197), (100, 200)]
    assert [page.bookmark for page in plan.pages] == ["Außenseite", "Innenseite"]


def test_no_text_or_qr_code_near_a_fold(job: Job, plan: Plan) -> None:
    kit = Kit(job.layout, None, "flyer")
    sides = (panels(kit, job.layout.panels_mm), panels(kit, tuple(reversed(job.layout.panels_mm))))
    for page, side in zip(plan.pages, sides):
        for what, box in boxes(page):
            for fold in page.folds_mm:
                assert box.right <= fold - FOLD_CLEARANCE_MM or box.x >= fold + FOLD_CLEARANCE_MM, (page.bookmark, what)
            assert any(p.content.x - 0.01 <= box.x and box.right <= p.content.right + 0.01
                       and p.content.y - 0.01 <= box.y and box.bottom <= p.content.bottom + 0.01 for p in side), what


def test_a_box_across_a_fold_is_a_problem(job: Job, plan: Plan) -> None:
    side = panels(Kit(job.layout, None, "flyer"), job.layout.panels_mm)
    page = plan.pages[0]
    wide = dataclasses.replace(page, items=(*page.items, TextFrame(Box(60, 40, 38, 10), (), role="stray note")))
    with pytest.raises(Problems, match="the stray note on the Außenseite .* within 3 mm of the fold at 97 mm"):
        check_folds(wide, side, "layouts/flyer.yaml", "flyer")
    close = dataclasses.replace(page, items=(TextFrame(Box(99, 40, 20, 10), (), role="note"),))
    with pytest.raises(Problems, match="fold at 97 mm"):
        check_folds(close, side, "layouts/flyer.yaml", "flyer")


def test_every_project_has_its_own_qr_code_and_the_stand_one(job: Job, plan: Plan) -> None:
    codes = [(page, qr) for page, qr in plan.qr_codes()]
    assert sorted((page, qr.role, qr.url) for page, qr in codes) == sorted(
        [(0, "stand", job.stand.url)] + [(1, "project", p.url) for p in job.projects])
    for _, qr in codes:
        assert qr.box.w >= 15 and qr.box.w == qr.box.h
        assert qr.quiet_modules >= 4


def test_qr_codes_scan_from_the_print_pdf(job: Job, out: Path) -> None:
    decoded = decode_pdf_qr(out / "print" / "flyer.pdf", dpi=150)
    assert decoded[0] == [job.stand.url]
    assert sorted(decoded[1]) == sorted(p.url for p in job.projects)


def test_fold_marks_in_the_bleed(out: Path) -> None:
    page = render_page(out / "print" / "flyer.pdf", 0, dpi=300)
    px = 300 / 25.4

    def dark_in_top_bleed(x_mm: float) -> bool:
        x = round((3 + x_mm) * px)
        return any(page.getpixel((x + dx, y)) < 128 for dx in (-1, 0, 1) for y in range(0, round(1.5 * px)))

    assert dark_in_top_bleed(97) and dark_in_top_bleed(197)
    assert not dark_in_top_bleed(50) and not dark_in_top_bleed(150)


def test_print_page_boxes(out: Path) -> None:
    for page in page_boxes(out / "print" / "flyer.pdf"):
        assert [round(pt_to_mm(v), 1) for v in page["MediaBox"]] == [0, 0, 303, 216]
        assert [round(pt_to_mm(v), 1) for v in page["TrimBox"]] == [3, 3, 300, 213]
    assert [[round(pt_to_mm(v), 1) for v in page["MediaBox"]] for page in page_boxes(out / "screen" / "flyer.pdf")] \
        == [[0, 0, 297, 210]] * 2


def test_fonts_are_embedded(out: Path) -> None:
    used = fonts(out / "print" / "flyer.pdf")
    assert used and all(embedded for _, embedded in used)
    assert all("SourceSansPro" in name for name, _ in used)


def test_text_has_the_headline_and_every_project(job: Job, out: Path) -> None:
    # Letters only: pdfium reports a line-end hyphen ("Kinder-|und") like a soft one.
    outside, inside = (squash(normalise(text)) for text in extract_text(out / "print" / "flyer.pdf"))
    assert squash(job.stand.headline) in outside
    assert squash("13.–15. Mai 2025") in outside and squash(job.stand.event.venue) in outside
    for project in job.projects:
        assert squash(project.title) in inside, project.title
    for focus in job.stand.focus:
        assert squash(focus.title) in outside


def test_screen_links_and_bookmarks(job: Job, out: Path) -> None:
    screen = out / "screen" / "flyer.pdf"
    links = link_uris(screen)
    assert {url for page, url in links if page == 1} >= {p.url for p in job.projects}
    assert (0, job.stand.url) in links
    assert outline_titles(screen) == ["Außenseite", "Innenseite"]
    assert link_uris(out / "print" / "flyer.pdf") == []


def test_intro_and_themes_are_whole_text_from_the_data(job: Job, plan: Plan) -> None:
    """Content is chosen, never cut mid-sentence: whole intro paragraphs in order, for each theme a whole sentence
    of its text that says more than its title (typography.gist)."""
    frames = {item.role: item for page in plan.pages for item in page.items if isinstance(item, TextFrame)}
    intro = [normalise(p.text) for p in frames["intro"].paras[1:]]
    assert len(intro) >= 2
    assert intro == [normalise(text) for text in job.stand.intro[:len(intro)]]
    themes = [normalise(p.text) for p in frames["themes"].paras]
    for focus in job.stand.focus:
        assert normalise(gist(focus.title, focus.text[0], job.stand.organiser.name)) in themes


def test_first_sentence_skips_abbreviations() -> None:
    assert first_sentence("Der Jugendhaus e. V. Leipzig hilft bzw. berät. Danach mehr.") == \
        "Der Jugendhaus e. V. Leipzig hilft bzw. berät."
    assert first_sentence("Ohne Satzende") == "Ohne Satzende"


def test_too_many_projects_fall_back_to_the_stand_code(job: Job) -> None:
    extra = tuple(dataclasses.replace(p, number=p.number + 8) for p in job.projects)
    crowded, warnings = compose_job(dataclasses.replace(job, projects=job.projects + extra))
    inside = crowded.pages[1]
    codes = [item for item in inside.items if isinstance(item, QrCode)]
    assert [(qr.role, qr.url) for qr in codes] == [("stand", job.stand.url)]
    listed = [p.text for item in inside.items if isinstance(item, TextFrame) and item.role == "projects"
              for p in item.paras]
    assert sum(text.split("\u00a0")[0].isdigit() for text in listed) == 16
    assert any("without their own QR codes" in w.message for w in warnings)


def test_colour_runs_past_the_folds(plan: Plan) -> None:
    """A fill that ends at a fold runs 1.5 mm past it, so a fold that drifts never shows a hairline."""
    for page in plan.pages:
        for item in page.items:
            if isinstance(item, Fill):
                for fold in page.folds_mm:
                    for edge in (item.box.x, item.box.right):
                        assert abs(edge - fold) > 1.0, (page.bookmark, item)
    outside = plan.pages[0]
    assert any(isinstance(i, Fill) and i.box.right == pytest.approx(97 + FOLD_OVERLAP_MM) for i in outside.items)
    assert any(isinstance(i, Fill) and i.box.x == pytest.approx(197 - FOLD_OVERLAP_MM) for i in outside.items)
