"""Press-safe colour (issue 15, Deliver 4): small type in one ink and never thinly reversed, 100 % K overprinting
colour, colour at a fold running 1.5 mm past it — refused at layout load, and checked by preflight on the built
print files (which pass) and on small PDFs made wrong on purpose here (which fail)."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from generator.cli import main
from generator.layouts import load_layouts
from generator.legibility import inks
from generator.preflight.checks import Subject
from generator.preflight.inks import read_inks
from generator.preflight.pdfread import PdfFile
from generator.preflight.press import check_folds, check_overprint, check_small_type, fold_marks
from generator.preflight.run import preflight
from conftest import ROOT

PRESS_CHECKS = (check_small_type, check_overprint, check_folds)
NAVY, TINT, BLACK = (0.95, 0.65, 0.15, 0.25), (0.0, 0.05, 0.13, 0.0), (0.0, 0.0, 0.0, 1.0)


def _position(path: Path, line_text: str, token: str) -> str:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line_text in line:
            return f"{path.relative_to(path.parent.parent).as_posix()}:{number}:{line.index(token) + 1}"
    raise AssertionError(line_text)


# At layout load

def test_shipped_styles_below_12_pt_use_one_ink_and_reverse_only_at_10_pt_semibold() -> None:
    for layout in load_layouts(ROOT / "layouts"):
        for name, style in layout.styles:
            if style.smallest_pt >= 12:
                continue
            shades = layout.project_colours if style.colour == "project" else (layout.colour(style.colour),)
            assert all(inks(colour) <= 1 for colour in shades), (layout.name, name)


def test_small_type_in_several_inks_and_thin_reversed_type_are_layout_errors(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = project / "layouts/project-sheet-a4.yaml"
    text = sheet.read_text(encoding="utf-8")
    text = text.replace("heading:  {font: semibold, size_pt: 10.5, colour: ink,",
                        "heading:  {font: semibold, size_pt: 10.5, colour: primary,")
    text = text.replace("subtitle: {font: regular, size_pt: 14, min_size_pt: 12,",
                        "subtitle: {font: regular, size_pt: 14, min_size_pt: 11,")
    text = text.replace("kicker:   {font: semibold, size_pt: 10,", "kicker:   {font: semibold, size_pt: 9,")
    sheet.write_text(text, encoding="utf-8")
    assert main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{_position(sheet, '  kicker:', '9,')}: style 'kicker': 'light' is reversed out of the multi-ink 'project' "
        "at 9 pt semibold; reversed text below 12 pt needs at least 10 pt semibold, or it fills in on press "
        "(set 'font: semibold' (or bold) and 'size_pt'/'min_size_pt' to 10 or more, or the text to 12 pt or more)",
        f"{_position(sheet, '  subtitle:', 'regular')}: style 'subtitle': 'light' is reversed out of the multi-ink "
        "'project' at 11 pt regular; reversed text below 12 pt needs at least 10 pt semibold, or it fills in on "
        "press (set 'font: semibold' (or bold) and 'size_pt'/'min_size_pt' to 10 or more, or the text to 12 pt or "
        "more)",
        f"{_position(sheet, '  heading:', 'primary')}: style 'heading': colour 'primary' is printed with 4 inks, but "
        "the style can be set at 10.5 pt; text below 12 pt needs 100 % K or a single process ink, or it blurs when "
        "the plates are slightly out of register (use a colour with a single CMYK component (e.g. cmyk: [0, 0, 0, "
        "100]), or raise 'min_size_pt' to 12 or more)",
        "3 problems found",
    ]


def test_a_fitted_floor_counts_and_one_process_ink_is_fine(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flyer = project / "layouts/flyer.yaml"
    text = flyer.read_text(encoding="utf-8")
    text = text.replace('  ink:     {cmyk: [0, 0, 0, 100], rgb: "#1b4d7a"}', '  ink:     {cmyk: [100, 0, 0, 0], rgb: "#1b4d7a"}')
    text = text.replace("title:    {font: bold, size_pt: 15, min_size_pt: 13,", "title:    {font: bold, size_pt: 15, min_size_pt: 11,")
    flyer.write_text(text, encoding="utf-8")
    assert main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and err[-1] == "1 problem found"
    assert err[0].startswith(f"{_position(flyer, '  title:', 'primary')}: style 'title': colour 'primary' is printed "
                             "with 4 inks, but the style can be set at 11 pt")


# Preflight on the built print files

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("press") / "output"
    assert main(["build", "--data", str(ROOT / "data"), "--layouts", str(ROOT / "layouts"), "--out", str(out),
                 "--profile", "print", "--quiet", "--jobs", "2"]) == 0
    return out


def test_shipped_print_files_pass_the_press_checks(built: Path) -> None:
    report = preflight(built, ROOT / "layouts", ROOT / "data")
    checked: dict[str, set[str]] = {}
    for doc in report.documents:
        for finding in doc.findings:
            if finding.check in ("small type", "overprint", "folds"):
                assert finding.ok, (doc.path, finding.message)
                checked.setdefault(finding.check, set()).add(Path(doc.path).name)
    assert len(checked["small type"]) == len(checked["overprint"]) == len(report.documents) == 13
    assert checked["folds"] == {"flyer.pdf"}


def test_the_flyers_fold_marks_are_its_panels(built: Path) -> None:
    with PdfFile.open(built / "print/flyer.pdf") as pdf:
        outside, inside = (fold_marks(page) for page in read_inks(pdf))
    assert outside == pytest.approx((97, 197), abs=0.01) and inside == pytest.approx((100, 200), abs=0.01)


def test_small_black_text_on_colour_overprints_in_the_shipped_files(built: Path) -> None:
    with PdfFile.open(built / "print/project-sheet-a4/02-kifaz.pdf") as pdf:
        marks = [m for page in read_inks(pdf) for m in page.marks if m.cmyk == BLACK and any(map(any, m.grounds))]
    assert marks and all(m.overprint for m in marks)  # the "Mehr erfahren" box's text on the cream tint


# Preflight on PDFs made wrong on purpose

def _pdf(draw: Callable[[Canvas], None], size: tuple[float, float] = (100 * mm, 60 * mm),
         trim: tuple[float, float, float, float] | None = None) -> PdfFile:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=1)
    if trim:
        canvas.setTrimBox(trim)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return PdfFile(buffer.getvalue())


def _subject() -> Subject:
    return Subject(None, "test.pdf", None, frozenset())  # type: ignore[arg-type]  # the press checks read the file


def _messages(check: Callable[[PdfFile, Subject], list], pdf: PdfFile) -> list[str]:
    return [f.message for f in check(pdf, _subject()) if not f.ok]


def _text(canvas: Canvas, size: float, colour: tuple[float, ...], x: float = 20 * mm, font: str = "Helvetica") -> None:
    canvas.setFillColorCMYK(*colour)
    canvas.setFont(font, size)
    canvas.drawString(x, 30 * mm, "Projekte am Stand")


def _band(canvas: Canvas, colour: tuple[float, ...] = NAVY) -> None:
    canvas.setFillColorCMYK(*colour)
    canvas.rect(10 * mm, 20 * mm, 80 * mm, 30 * mm, stroke=0, fill=1)


def test_small_text_in_four_inks_fails_and_in_one_ink_passes() -> None:
    bad = _pdf(lambda c: _text(c, 9, NAVY))
    assert _messages(check_small_type, bad) == [
        "page 1: 9.0 pt text in 4 process inks (C 95 M 65 Y 15 K 25), e.g. 'Projekte am Stand' 20 mm from the left, "
        "29 mm from the top; below 12 pt only 100 % K or one process ink"]
    assert _messages(check_small_type, _pdf(lambda c: _text(c, 9, (1, 0, 0, 0)))) == []
    assert _messages(check_small_type, _pdf(lambda c: _text(c, 12, NAVY))) == []


def test_light_text_below_10_pt_semibold_reversed_out_of_several_inks_fails() -> None:
    def thin(canvas: Canvas) -> None:
        _band(canvas)
        _text(canvas, 9, (0, 0, 0, 0), font="Helvetica-Bold")

    def sturdy(canvas: Canvas) -> None:
        _band(canvas)
        _text(canvas, 10, (0, 0, 0, 0), font="Helvetica-Bold")

    def regular(canvas: Canvas) -> None:
        _band(canvas)
        _text(canvas, 11, (0, 0, 0, 0))

    def on_one_ink(canvas: Canvas) -> None:
        _band(canvas, (1, 0, 0, 0))
        _text(canvas, 9, (0, 0, 0, 0))

    assert _messages(check_small_type, _pdf(thin)) == [
        "page 1: light 9.0 pt Helvetica-Bold text reversed out of 4 process inks (C 95 M 65 Y 15 K 25), e.g. "
        "'Projekte am Stand' 20 mm from the left, 29 mm from the top; reversed only from 10 pt semibold"]
    assert _messages(check_small_type, _pdf(regular)) == [
        "page 1: light 11.0 pt Helvetica text reversed out of 4 process inks (C 95 M 65 Y 15 K 25), e.g. "
        "'Projekte am Stand' 20 mm from the left, 29 mm from the top; reversed only from 10 pt semibold"]
    assert _messages(check_small_type, _pdf(sturdy)) == []
    assert _messages(check_small_type, _pdf(on_one_ink)) == []


def test_black_text_and_lines_on_colour_without_overprint_fail() -> None:
    def knocked_out(canvas: Canvas) -> None:
        _band(canvas, TINT)
        _text(canvas, 10, BLACK)
        canvas.setStrokeColorCMYK(*BLACK)
        canvas.line(15 * mm, 25 * mm, 85 * mm, 25 * mm)

    def overprinted(canvas: Canvas) -> None:
        _band(canvas, TINT)
        canvas.setFillOverprint(True)
        canvas.setStrokeOverprint(True)
        canvas.setOverprintMask(True)
        _text(canvas, 10, BLACK)
        canvas.setStrokeColorCMYK(*BLACK)
        canvas.line(15 * mm, 25 * mm, 85 * mm, 25 * mm)

    def on_paper(canvas: Canvas) -> None:
        _text(canvas, 10, BLACK)

    assert _messages(check_overprint, _pdf(knocked_out)) == [
        "page 1: 100 % K text on colour (C 0 M 5 Y 13 K 0) knocks out instead of overprinting, e.g. "
        "'Projekte am Stand' 20 mm from the left, 29 mm from the top",
        "page 1: a 100 % K line on colour (C 0 M 5 Y 13 K 0) knocks out instead of overprinting, 15 mm from the "
        "left, 35 mm from the top"]
    assert _messages(check_overprint, _pdf(overprinted)) == []
    assert _messages(check_overprint, _pdf(on_paper)) == []


def _folded(colour_right_mm: float) -> PdfFile:
    """A 100 × 60 mm sheet with 3 mm bleed, folded at 50 mm (marks in the bleed), a colour area up to the fold."""
    bleed = 3 * mm

    def draw(canvas: Canvas) -> None:
        canvas.setFillColorCMYK(*NAVY)
        canvas.rect(0, 0, bleed + colour_right_mm * mm, 66 * mm, stroke=0, fill=1)
        canvas.setStrokeColorCMYK(*BLACK)
        canvas.setLineWidth(0.25)
        x = bleed + 50 * mm
        canvas.line(x, 0, x, bleed - 1 * mm)
        canvas.line(x, bleed + 61 * mm, x, 66 * mm)
    return _pdf(draw, (106 * mm, 66 * mm), (bleed, bleed, bleed + 100 * mm, bleed + 60 * mm))


def test_colour_that_ends_at_a_fold_fails_and_colour_running_past_it_passes() -> None:
    assert _messages(check_folds, _folded(50)) == [
        "page 1: a colour area (C 95 M 65 Y 15 K 25) ends 0.0 mm from the fold at 50.0 mm; colour at a fold runs "
        "1.5 mm past it"]
    assert _messages(check_folds, _folded(50.8))[0].startswith("page 1: a colour area (C 95 M 65 Y 15 K 25) ends "
                                                               "0.8 mm from the fold")
    assert _messages(check_folds, _folded(51.5)) == []
    assert _messages(check_folds, _folded(40)) == []
    assert [f.ok for f in check_folds(_folded(51.5), _subject())] == [True]


def test_a_document_without_folds_has_no_fold_check() -> None:
    assert check_folds(_pdf(lambda c: _band(c)), _subject()) == []


# Generated stands

@pytest.mark.adaptive
@pytest.mark.parametrize("size", (13, 24))
def test_every_print_page_of_a_generated_stand_passes(size: int, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    import stands
    folder = stands.make_issue_stand(tmp_path / f"stand{size}", size)
    out = folder / "output"
    assert main(["build", "--data", str(folder / "data"), "--layouts", str(folder / "layouts"), "--out", str(out),
                 "--profile", "print", "--quiet", "--jobs", "2"]) == 0
    documents = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    problems = []
    for doc in documents:
        with PdfFile.open(out / doc["path"]) as pdf:
            problems += [(doc["path"], f.message) for check in PRESS_CHECKS for f in check(pdf, _subject()) if not f.ok]
    assert problems == []
