"""The booklet: cover, contents with page numbers and jumps, every sheet, outline, print padding."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import load_content
from generator.pipeline import build
from generator.profiles import PROFILES
from pdfcheck import (decode_pdf_qr, extract_text, fonts, info, internal_links, outline_titles, page_boxes, page_count,
                      pt_to_mm, squash)
from conftest import ROOT

CONTENT = load_content(ROOT / "data")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("booklet")
    outcome = build(ROOT / "data", ROOT / "layouts", folder, tuple(PROFILES.values()), only=("booklet-a4",))
    assert not any("padded" in str(w) for w in outcome.warnings)  # cover, about, contents, 8 sheets, back cover
    return folder


def test_print_is_padded_to_a_multiple_of_four(out: Path) -> None:
    assert page_count(out / "print" / "booklet-a4.pdf") == 12
    assert page_count(out / "screen" / "booklet-a4.pdf") == 12


@pytest.mark.parametrize("profile", ["print", "screen"])
def test_every_page_scans_to_its_url(out: Path, profile: str) -> None:
    codes = decode_pdf_qr(out / profile / "booklet-a4.pdf", dpi=100)
    assert codes[0] == [CONTENT.stand.url]
    for index, project in enumerate(CONTENT.projects):
        assert codes[3 + index] == [project.url], project.title


def test_contents_lists_titles_and_page_numbers(out: Path) -> None:
    text = extract_text(out / "screen" / "booklet-a4.pdf")[2]
    for index, project in enumerate(CONTENT.projects):
        assert squash(project.title) in squash(text)
        assert f"\n{4 + index}" in "\n" + text.replace("\r", "")
    assert sorted(internal_links(out / "screen" / "booklet-a4.pdf")) == [(2, 3 + i) for i in range(len(CONTENT.projects))]


def test_outline_and_metadata_for_screen(out: Path) -> None:
    titles = outline_titles(out / "screen" / "booklet-a4.pdf")
    assert titles[:3] == [CONTENT.stand.headline, "Über den Stand", "Inhalt"]
    assert titles[3:] == [*(f"{p.number} {p.title}" for p in CONTENT.projects), "Kontakt"]
    meta = info(out / "screen" / "booklet-a4.pdf")
    assert meta["Title"].startswith(CONTENT.stand.headline) and meta["Lang"] == "de-DE"


def test_print_boxes_and_fonts(out: Path) -> None:
    path = out / "print" / "booklet-a4.pdf"
    for boxes in page_boxes(path):
        assert [round(pt_to_mm(v), 2) for v in boxes["TrimBox"]] == [3, 3, 213, 300]
    assert all(embedded for _, embedded in fonts(path))
    assert internal_links(path) == []
