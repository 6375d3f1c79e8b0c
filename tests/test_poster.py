"""The poster checked like a print shop, a phone across the hall, and a designer's ruler would check it."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from generator.pipeline import compose_job
from generator.jobs import Job, make_jobs
from generator.pipeline import build, load_inputs
from generator.plan import Box, Fill, Link, Plan, QrCode, Rule, TextFrame
from generator.profiles import PROFILES, SCREEN
from generator.render import render_pdf
from pdfcheck import (char_boxes_mm, colour_operations, colour_operators, decode_pdf_qr, extract_text, fonts,
                      image_count, info, link_uris, normalise, outline_titles, page_boxes, pt_to_mm)
from conftest import ROOT

SIZES = ("poster-a0", "poster-a1", "poster-a2")
TRIM = {"poster-a0": (841, 1189), "poster-a1": (594, 841), "poster-a2": (420, 594)}
DPI = {"poster-a0": 25, "poster-a1": 30, "poster-a2": 40}  # enough modules per pixel, still fast


@pytest.fixture(scope="module")
def jobs() -> dict[str, Job]:
    content, layouts = load_inputs(ROOT / "data", ROOT / "layouts", SIZES)
    return {job.layout.name: job for job in make_jobs(content, layouts, ROOT / "layouts")}


@pytest.fixture(scope="module")
def plans(jobs: dict[str, Job]) -> dict[str, Plan]:
    return {name: compose_job(job)[0] for name, job in jobs.items()}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("out")
    build(ROOT / "data", ROOT / "layouts", folder, tuple(PROFILES.values()), only=SIZES)
    return folder


def items(plan: Plan, kind: type) -> list:
    return [item for item in plan.pages[0].items if isinstance(item, kind)]


def urls(job: Job) -> set[str]:
    return {p.url for p in job.projects} | {job.stand.url}


def overlaps(a: Box, b: Box) -> bool:
    return a.x < b.right - 0.01 and b.x < a.right - 0.01 and a.y < b.bottom - 0.01 and b.y < a.bottom - 0.01


def inside(inner: Box, outer: Box) -> bool:
    return (inner.x >= outer.x - 0.01 and inner.y >= outer.y - 0.01 and inner.right <= outer.right + 0.01
            and inner.bottom <= outer.bottom + 0.01)


@pytest.mark.parametrize("name", SIZES)
def test_every_qr_code_scans_from_the_print_pdf(out: Path, jobs: dict[str, Job], name: str) -> None:
    found = decode_pdf_qr(out / "print" / f"{name}.pdf", dpi=DPI[name])[0]
    assert len(found) == len(jobs[name].projects) + 1
    assert set(found) == urls(jobs[name])  # two projects share the stand's url


@pytest.mark.parametrize("name", SIZES)
def test_print_boxes_are_trim_plus_bleed(out: Path, name: str) -> None:
    (boxes,) = page_boxes(out / "print" / f"{name}.pdf")
    w, h = TRIM[name]
    assert [round(pt_to_mm(v), 1) for v in boxes["MediaBox"]] == [0, 0, w + 6, h + 6]
    assert boxes["BleedBox"] == boxes["MediaBox"]
    assert [round(pt_to_mm(v), 1) for v in boxes["TrimBox"]] == [3, 3, w + 3, h + 3]
    (screen,) = page_boxes(out / "screen" / f"{name}.pdf")
    assert [round(pt_to_mm(v), 1) for v in screen["MediaBox"]] == [0, 0, w, h]


@pytest.mark.parametrize("profile", ["print", "screen"])
def test_fonts_are_embedded(out: Path, profile: str) -> None:
    found = fonts(out / profile / "poster-a1.pdf")
    assert found and all(embedded for _, embedded in found), found


def test_print_is_cmyk_with_pure_black_and_vector_codes(out: Path) -> None:
    path = out / "print" / "poster-a1.pdf"
    assert colour_operators(path) <= {"k", "K"}
    for _, (c, m, y, k) in colour_operations(path):
        assert not (k >= 0.9 and (c or m or y)), "rich black"
    assert image_count(path) == 0


def test_text_has_headline_titles_themes_and_footer(out: Path, jobs: dict[str, Job]) -> None:
    job = jobs["poster-a1"]
    (text,) = extract_text(out / "print" / "poster-a1.pdf")
    text = normalise(text)
    expected = [job.stand.headline, "Mehr erfahren", "Zum Stand online", "13.–15. Mai 2025", job.stand.event.venue,
                job.stand.organiser.unit, *(f.title for f in job.stand.focus)]
    expected += [p.title for p in job.projects]
    for wanted in expected:
        assert normalise(wanted) in text, wanted


def test_text_stays_inside_the_margins(out: Path, plans: dict[str, Plan]) -> None:
    plan = plans["poster-a1"]
    w, h = plan.trim_mm
    for char, left, bottom, right, top in char_boxes_mm(out / "screen" / "poster-a1.pdf"):
        assert left >= plan.safe_mm and right <= w - plan.safe_mm, char
        assert bottom >= plan.safe_mm and top <= h - plan.safe_mm, char


def test_screen_links_cover_every_qr_code(out: Path, plans: dict[str, Plan], jobs: dict[str, Job]) -> None:
    assert {uri for _, uri in link_uris(out / "screen" / "poster-a1.pdf")} == urls(jobs["poster-a1"])
    assert link_uris(out / "print" / "poster-a1.pdf") == []
    links = {(link.box, link.url) for link in items(plans["poster-a1"], Link)}
    for qr in items(plans["poster-a1"], QrCode):
        assert (qr.box, qr.url) in links


def test_screen_outline_and_metadata(out: Path, jobs: dict[str, Job]) -> None:
    path = out / "screen" / "poster-a1.pdf"
    assert outline_titles(path) == [jobs["poster-a1"].stand.headline]
    meta = info(path)
    assert meta["Title"] == jobs["poster-a1"].stand.headline
    assert meta["Lang"] == "de-DE"


def test_qr_sizes_follow_the_reading_distance(plans: dict[str, Plan], jobs: dict[str, Job]) -> None:
    codes = items(plans["poster-a1"], QrCode)
    assert sorted(qr.role for qr in codes) == ["project"] * 8 + ["stand"]
    for qr in codes:
        spec = jobs["poster-a1"].layout.qr_spec(qr.role)
        # The stand's code at its size; a tile's code between its scan limit at the reading distance and its size.
        assert qr.box.w == qr.box.h
        if qr.role == "stand":
            assert qr.box.w == pytest.approx(200) == pytest.approx(spec.size_mm)
        else:
            assert qr.matrix.size * spec.module_limit_mm - 1e-6 <= qr.box.w <= spec.size_mm + 1e-6
        assert qr.quiet_modules == spec.quiet_modules >= 4


def extent(item: object) -> Box | None:
    """The area an item paints (a QR code with its quiet zone)."""
    if isinstance(item, QrCode):
        return item.outer
    if isinstance(item, Rule):
        x, y = min(item.x1, item.x2), min(item.y1, item.y2)
        return Box(x, y - 0.5, abs(item.x2 - item.x1), abs(item.y2 - item.y1) + 1)
    return None if isinstance(item, Link) else item.box


def test_quiet_zones_are_clear(plans: dict[str, Plan]) -> None:
    """Nothing is drawn into a quiet zone; a fill under it is covered by a white card holding the whole zone."""
    for plan in plans.values():
        page = plan.pages[0].items
        w, h = plan.trim_mm
        for position, qr in enumerate(page):
            if not isinstance(qr, QrCode):
                continue
            zone = qr.outer
            assert inside(zone, Box(3, 3, w - 6, h - 6)), "quiet zone too near the trim"
            cards = [i for i, item in enumerate(page[:position])
                     if isinstance(item, Fill) and item.ink.name == "paper" and inside(zone, item.box)]
            for index, item in enumerate(page):
                box = extent(item)
                if item is qr or box is None or index in cards or not overlaps(box, zone):
                    continue
                assert isinstance(item, Fill) and any(card > index for card in cards), (qr.url, item)


def test_headline_band_in_the_top_third_into_the_bleed(plans: dict[str, Plan]) -> None:
    plan = plans["poster-a1"]
    w, h = plan.trim_mm
    band = items(plan, Fill)[0]
    assert band.ink.name == "primary" and (band.box.x, band.box.y, band.box.w) == (0, 0, w)
    (headline,) = [f for f in items(plan, TextFrame) if f.role == "headline"]
    assert headline.box.bottom <= h / 3 and band.box.bottom <= h / 3
    assert headline.paras[0].style.size_pt >= 96  # legible from 5 m


def test_tiles_form_a_four_by_two_grid(plans: dict[str, Plan]) -> None:
    tiles = [f.box for f in items(plans["poster-a1"], Fill) if f.ink.name == "tint"]
    assert len(tiles) == 8
    assert len({round(t.x, 3) for t in tiles}) == 4 and len({round(t.y, 3) for t in tiles}) == 2
    assert len({(round(t.w, 3), round(t.h, 3)) for t in tiles}) == 1
    for a in tiles:
        assert all(a is b or not overlaps(a, b) for b in tiles)
    numbers = [f.paras[0].text for f in items(plans["poster-a1"], TextFrame) if f.role == "tile number"]
    assert numbers == [str(n) for n in range(1, 9)]


@pytest.mark.parametrize("other", ["poster-a0", "poster-a2"])
def test_other_sizes_are_the_same_design_scaled(plans: dict[str, Plan], other: str) -> None:
    base, scaled = plans["poster-a1"], plans[other]
    ratio = scaled.trim_mm[0] / base.trim_mm[0]
    assert ratio == pytest.approx(math.sqrt(2) ** (1 if other == "poster-a0" else -1), rel=0.003)
    assert [type(i) for i in base.pages[0].items] == [type(i) for i in scaled.pages[0].items]
    for a, b in zip(items(base, QrCode), items(scaled, QrCode)):
        assert (a.url, a.role) == (b.url, b.role)
        assert b.box.w / a.box.w == pytest.approx(ratio, rel=0.003)
        for pa, pb in ((a.box.x, b.box.x), (a.box.y, b.box.y)):
            assert pb / ratio == pytest.approx(pa, abs=1.5)
    for a, b in zip(items(base, TextFrame), items(scaled, TextFrame)):
        assert a.role == b.role
        assert b.paras[0].style.size_pt / a.paras[0].style.size_pt == pytest.approx(ratio, rel=0.003)
        assert b.box.w / ratio == pytest.approx(a.box.w, abs=1.5)


@pytest.mark.parametrize("count", [1, 3, 5, 7])
def test_fewer_projects_still_make_a_poster(jobs: dict[str, Job], count: int) -> None:
    job = jobs["poster-a1"]
    plan = compose_job(dataclasses.replace(job, projects=job.projects[:count]))[0]
    assert len(items(plan, QrCode)) == count + 1
    assert render_pdf(plan, SCREEN).startswith(b"%PDF")


def test_nine_projects_get_a_grid_of_tiles_with_one_title_size(jobs: dict[str, Job]) -> None:
    job = jobs["poster-a1"]
    extra = tuple(dataclasses.replace(p, number=p.number + 8) for p in job.projects)
    plan, warnings = compose_job(dataclasses.replace(job, projects=job.projects + extra[:1]))
    assert len(items(plan, QrCode)) == 9 + 1
    tiles = [f for f in items(plan, TextFrame) if f.role.startswith("tile of project")]
    assert len(tiles) == 9 and len({f.fit for f in tiles}) == 1  # one title size on every tile
    assert len({round(f.box.w, 3) for f in tiles}) == 1
    assert not warnings


def test_more_projects_than_tiles_can_hold_become_a_list(jobs: dict[str, Job]) -> None:
    job = jobs["poster-a1"]
    extra = tuple(dataclasses.replace(p, number=p.number + 8 * k) for k in range(1, 5) for p in job.projects)
    plan, warnings = compose_job(dataclasses.replace(job, projects=job.projects + extra))
    assert [qr.role for qr in items(plan, QrCode)] == ["stand"]
    listed = " ".join(p.text for f in items(plan, TextFrame) if f.role == "project list" for p in f.paras)
    assert all(p.title.split()[0] in listed for p in job.projects)
    assert any("lists them" in w.message for w in warnings)
    assert render_pdf(plan, SCREEN).startswith(b"%PDF")
