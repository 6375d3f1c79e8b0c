"""Project sheets checked like a print shop and a phone would check them."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest

from generator.model import load_content
from generator.pipeline import build
from generator.profiles import PROFILES
from pdfcheck import (char_boxes_mm, colour_operations, colour_operators, decode_pdf_qr, extract_text, fonts, image_count, squash,
                      info, link_uris, page_boxes, pt_to_mm, render_page)
from conftest import ROOT

CONTENT = load_content(ROOT / "data")
PROJECTS = {p.number: p for p in CONTENT.projects}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("out")
    build(ROOT / "data", ROOT / "layouts", folder, tuple(PROFILES.values()), only=("project-sheet-a4",))
    return folder


def sheets(out: Path, profile: str) -> list[tuple[int, Path]]:
    files = sorted((out / profile / "project-sheet-a4").glob("*.pdf"))
    return [(int(path.name[:2]), path) for path in files]


def test_one_sheet_per_project_in_both_profiles(out: Path) -> None:
    names = [path.name for _, path in sheets(out, "print")]
    assert names == ["01-jugendhilfeplanung.pdf", "02-kifaz.pdf", "03-careleaver.pdf", "04-pflegekinderhilfe.pdf",
                     "05-adoptionsvermittlung.pdf", "06-gewaltpraevention.pdf", "07-ombudschaft.pdf", "08-schulerfolg.pdf"]
    assert names == [path.name for _, path in sheets(out, "screen")]


@pytest.mark.parametrize("profile", ["print", "screen"])
@pytest.mark.parametrize("dpi", [150, 60])
def test_qr_codes_scan_to_the_project_url(out: Path, profile: str, dpi: int) -> None:
    for number, path in sheets(out, profile):
        assert decode_pdf_qr(path, dpi=dpi) == {0: [PROJECTS[number].url]}, path.name


def test_print_page_boxes_have_bleed(out: Path) -> None:
    for _, path in sheets(out, "print"):
        (boxes,) = page_boxes(path)
        media, trim, bleed = boxes["MediaBox"], boxes["TrimBox"], boxes["BleedBox"]
        assert [round(pt_to_mm(v), 2) for v in media] == [0, 0, 216, 303]
        assert bleed == media
        assert [round(pt_to_mm(v), 2) for v in trim] == [3, 3, 213, 300]


def test_screen_pages_are_trim_size(out: Path) -> None:
    for _, path in sheets(out, "screen"):
        (boxes,) = page_boxes(path)
        assert [round(pt_to_mm(v), 2) for v in boxes["MediaBox"]] == [0, 0, 210, 297]


@pytest.mark.parametrize("profile", ["print", "screen"])
def test_every_font_embedded_and_subset(out: Path, profile: str) -> None:
    for _, path in sheets(out, profile):
        found = fonts(path)
        assert found and all(embedded for _, embedded in found), found
        assert all("+SourceSansPro-" in name for name, _ in found), found


def test_print_is_cmyk_only_with_pure_black(out: Path) -> None:
    for _, path in sheets(out, "print"):
        assert colour_operators(path) <= {"k", "K"}
        for _, (c, m, y, k) in colour_operations(path):
            assert not (k >= 0.9 and (c or m or y)), "rich black"
            assert c + m + y + k <= 3.0, "total ink above 300 %"
        assert image_count(path) == 0, "QR codes must be vector paths"


def test_screen_is_rgb_with_links_and_metadata(out: Path) -> None:
    for number, path in sheets(out, "screen"):
        project = PROJECTS[number]
        assert colour_operators(path) <= {"rg", "RG"}
        assert {uri for _, uri in link_uris(path)} == {project.url}
        meta = info(path)
        assert meta["Title"] == f"{number} {project.title}"
        assert meta["Author"].startswith("Stadt Leipzig")
        assert meta["Subject"] and meta["Keywords"]
        assert meta["Lang"] == "de-DE"
        assert meta["Outlines"] == "1"
        assert path.stat().st_size <= 100_000


def test_print_has_no_annotations(out: Path) -> None:
    for _, path in sheets(out, "print"):
        assert link_uris(path) == []


def test_text_holds_title_topics_carriers_and_footer(out: Path) -> None:
    for number, path in sheets(out, "print"):
        project = PROJECTS[number]
        text = squash(extract_text(path)[0])
        for expected in (project.title, *project.topics, *(c.name for c in project.carriers), "Mehr erfahren",
                         "13.–15. Mai 2025", "Stadt Leipzig"):
            assert squash(expected) in text, (path.name, expected)


def test_no_text_in_the_safe_margin(out: Path) -> None:
    bleed, safe = 3.0, 3.0
    for _, path in sheets(out, "print"):
        for char, left, bottom, right, top in char_boxes_mm(path):
            assert bleed + safe <= left and right <= 216 - bleed - safe, (path.name, char, left, right)
            assert bleed + safe <= bottom and top <= 303 - bleed - safe, (path.name, char, bottom, top)


def test_band_runs_into_the_bleed(out: Path) -> None:
    _, path = sheets(out, "print")[0]
    image = render_page(path, dpi=72)
    assert image.getpixel((2, 2)) < 128, "top-left corner of the bleed should carry the band"
    assert image.getpixel((image.width - 3, 2)) < 128


def test_quiet_zone_is_white(out: Path) -> None:
    from generator.pipeline import compose_job
    from generator.jobs import make_jobs
    from generator.layouts import load_layouts
    from generator.plan import QrCode

    layouts = load_layouts(ROOT / "layouts", ("project-sheet-a4",))
    job = make_jobs(CONTENT, layouts, ROOT / "layouts")[0]
    qr = next(item for item in compose_job(job)[0].pages[0].items if isinstance(item, QrCode))
    assert qr.box.w >= 20
    assert qr.quiet_modules >= 4
    image = render_page(sheets(out, "print")[0][1], dpi=150)
    px = 150 / 25.4
    outer, inner = qr.outer, qr.box
    for x_mm in (outer.x + 0.3, (outer.x + inner.x) / 2, (inner.right + outer.right) / 2, outer.right - 0.3):
        for y_mm in (outer.y + 0.3, (outer.y + inner.y) / 2, (inner.bottom + outer.bottom) / 2, outer.bottom - 0.3):
            assert image.getpixel((round((x_mm + 3) * px), round((y_mm + 3) * px))) > 250, (x_mm, y_mm)


def test_manifest_lists_every_sheet(out: Path) -> None:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    documents = manifest["documents"]
    assert len(documents) == 16
    first = next(d for d in documents if d["path"] == "print/project-sheet-a4/01-jugendhilfeplanung.pdf")
    assert first["kind"] == "project-sheet" and first["project"] == 1 and first["pages"] == 1
    assert first["trim_mm"] == [210, 297] and first["bleed_mm"] == 3
    assert first["qr"] == [{"page": 1, "url": PROJECTS[1].url}]
    assert len(first["sha256"]) == 64


def test_same_inputs_same_bytes(out: Path, tmp_path: Path) -> None:
    build(ROOT / "data", ROOT / "layouts", tmp_path, tuple(PROFILES.values()), only=("project-sheet-a4",))
    for profile in ("print", "screen"):
        for (_, first), (_, second) in zip(sheets(out, profile), sheets(tmp_path, profile)):
            assert first.read_bytes() == second.read_bytes(), first.name


def test_black_text_overprints_in_print_only(tmp_path: Path) -> None:
    """100 % K text and rules overprint the tints under them (/OP /op true, /OPM 1); screen files need none."""
    build(ROOT / "data", ROOT / "layouts", tmp_path, tuple(PROFILES.values()), only=("project-sheet-a4",))
    for profile, expected in (("print", True), ("screen", False)):
        reader = pypdf.PdfReader(tmp_path / profile / "project-sheet-a4" / "01-jugendhilfeplanung.pdf")
        states = reader.pages[0]["/Resources"].get("/ExtGState", {})
        flags = {(key, bool(value)) for state in states.values() for key, value in state.get_object().items()}
        assert (("/op", True) in flags and ("/OP", True) in flags and ("/OPM", True) in flags) is expected, profile
