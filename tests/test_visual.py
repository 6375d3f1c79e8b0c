"""Visual regression: each document kind's screen PDF, rendered small and grey, against tests/reference/<kind>.png.

A change beyond the tolerance fails and writes tests/reference/diff/<kind>.png (reference, new
rendering, difference side by side). After an intended change, refresh the references with

    pytest tests/test_visual.py --refresh-references
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops

from generator.cli import main
from generator.kinds import document_kinds
from pdfcheck import render_page
from conftest import ROOT

REFERENCES = Path(__file__).resolve().parent / "reference"
DIFFS = REFERENCES / "diff"
WIDTH_PX = 160  # per page: enough to see the layout, small enough for about 10 KB a kind
KINDS = {name: kind.reference for name, kind in document_kinds().items()}  # each kind's screen file and pages
PIXEL_TOLERANCE = 48  # grey levels: anti-aliasing and font hinting differences stay below this
MAX_CHANGED = 0.005  # share of pixels allowed beyond it


@pytest.fixture(scope="module")
def screen_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("visual") / "output"
    assert main(["build", "--data", str(ROOT / "data"), "--layouts", str(ROOT / "layouts"), "--out", str(out),
                 "--profile", "screen", "--quiet", "--jobs", "2"]) == 0
    return out


def snapshot(pdf: Path, pages: tuple[int, ...]) -> Image.Image:
    """The pages side by side, each WIDTH_PX wide, in grey."""
    images = []
    for index in pages:
        page = render_page(pdf, index, dpi=72)
        height = round(page.height * WIDTH_PX / page.width)
        images.append(page.resize((WIDTH_PX, height), Image.Resampling.LANCZOS))
    sheet = Image.new("L", (sum(i.width for i in images) + 4 * (len(images) - 1), max(i.height for i in images)), 255)
    x = 0
    for image in images:
        sheet.paste(image, (x, 0))
        x += image.width + 4
    return sheet


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_rendering_matches_the_reference(kind: str, screen_build: Path, request: pytest.FixtureRequest) -> None:
    shown = KINDS[kind]
    compare_with_reference(kind, snapshot(screen_build / "screen" / shown.file, shown.pages), request)


def compare_with_reference(name: str, current: Image.Image, request: pytest.FixtureRequest) -> None:
    """Fail with a diff image when `current` differs from tests/reference/<name>.png beyond the tolerance."""
    reference_path = REFERENCES / f"{name}.png"
    if request.config.getoption("--refresh-references"):
        REFERENCES.mkdir(exist_ok=True)
        current.save(reference_path, optimize=True)
    assert reference_path.is_file(), f"no reference for {name}: run pytest with --refresh-references"
    reference = Image.open(reference_path).convert("L")
    problem = _compare(reference, current)
    if problem:
        DIFFS.mkdir(exist_ok=True)
        target = DIFFS / f"{name}.png"
        _diff_image(reference, current).save(target)
        pytest.fail(f"{name}: {problem}; see {target} (reference | now | difference); if the change is intended, "
                    "run pytest with --refresh-references")


def test_references_are_small() -> None:
    for kind in KINDS:
        assert (REFERENCES / f"{kind}.png").stat().st_size <= 20 * 1024, kind


def _compare(reference: Image.Image, current: Image.Image) -> str | None:
    if reference.size != current.size:
        return f"the rendering is {current.size[0]}×{current.size[1]} px, the reference {reference.size[0]}×" \
               f"{reference.size[1]} px"
    histogram = ImageChops.difference(reference, current).histogram()
    changed = sum(histogram[PIXEL_TOLERANCE:]) / (reference.width * reference.height)
    if changed > MAX_CHANGED:
        return f"{changed:.1%} of the pixels differ by more than {PIXEL_TOLERANCE} grey levels"
    return None


def _diff_image(reference: Image.Image, current: Image.Image) -> Image.Image:
    width, height = max(reference.width, current.width), max(reference.height, current.height)
    difference = ImageChops.invert(ImageChops.difference(reference.crop((0, 0, width, height)),
                                                         current.crop((0, 0, width, height))))
    sheet = Image.new("L", (3 * width + 8, height), 128)
    for index, image in enumerate((reference, current, difference)):
        sheet.paste(image, (index * (width + 4), 0))
    return sheet
