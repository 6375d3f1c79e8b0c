"""Preflight: the shipped build passes; files broken on purpose fail with a precise message; PDF/X;
accessibility at layout load time; reports; reading order."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import re
import shutil
from pathlib import Path
from collections.abc import Callable

import pypdf
import pypdfium2
import pytest
import zxingcpp
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

from generator.cli import main
from generator.kinds import SizeBudget, document_kind
from generator.layouts import load_layouts
from generator.preflight import checks
from generator.legibility import contrast
from generator.preflight.qrgate import PHONE, Seen, _folds
from generator.preflight.run import preflight
from pdfcheck import extract_text, squash
from conftest import ROOT

SHEET = "print/project-sheet-a4/02-kifaz.pdf"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built") / "output"
    assert main(["build", "--data", str(ROOT / "data"), "--layouts", str(ROOT / "layouts"), "--out", str(out),
                 "--quiet", "--jobs", "2"]) == 0
    return out


def isolate(built: Path, tmp_path: Path, path: str, mutate: Callable[[bytes], bytes] | None = None) -> Path:
    """An output folder holding only `path` (changed by `mutate`), its manifest entry updated to match."""
    out = tmp_path / "output"
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    doc = next(d for d in manifest["documents"] if d["path"] == path)
    data = (built / path).read_bytes()
    data = mutate(data) if mutate else data
    (out / path).parent.mkdir(parents=True)
    (out / path).write_bytes(data)
    doc["sha256"] = hashlib.sha256(data).hexdigest()
    (out / "manifest.json").write_text(json.dumps({"generator": manifest["generator"], "documents": [doc]}))
    return out


def failures(out: Path, layouts: Path = ROOT / "layouts") -> dict[str, list[str]]:
    """Failed check → its messages, of the single document in `out`."""
    report = preflight(out, layouts, ROOT / "data")
    found: dict[str, list[str]] = {}
    for doc in report.documents:
        for finding in doc.findings:
            if not finding.ok:
                found.setdefault(finding.check, []).append(finding.message)
    return found


def edit(data: bytes, ops: bytes = b"", page: int = 0, change: Callable | None = None) -> bytes:
    """The PDF with `ops` appended to a page's content and `change(writer, page)` applied, header kept."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    target = writer.pages[page]
    if ops:
        stream = DecodedStreamObject()
        stream.set_data(target.get_contents().get_data() + b"\n" + ops)
        target.replace_contents(stream)
    if change:
        change(writer, target)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def qr_box_pt(data: bytes) -> tuple[float, float, float, float, int]:
    """Left, bottom, right, top in points and the version of the first QR code on page 1."""
    document = pypdfium2.PdfDocument(data)
    height = document[0].get_height()
    image = document[0].render(scale=2, grayscale=True).to_pil()
    document.close()
    code = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)[0]
    p = code.position
    xs = [q.x / 2 for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
    ys = [height - q.y / 2 for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
    return min(xs), min(ys), max(xs), max(ys), int(code.extra["Version"])


# The shipped build

def test_shipped_build_passes_every_check(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["preflight", "--out", str(built), "--layouts", str(ROOT / "layouts"), "--data", str(ROOT / "data"),
                 "--jobs", "2"])
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err
    assert "26 documents checked: 26 passed, 0 failed" in captured.out
    assert captured.err == ""


def test_every_print_check_runs_on_print_files(built: Path) -> None:
    report = preflight(built, ROOT / "layouts", ROOT / "data")
    by_path = {Path(d.path).relative_to(built).as_posix(): d for d in report.documents}
    assert set(by_path[SHEET].checks) == {"file", "fonts", "colour", "boxes", "bleed", "safe margin", "lines", "ink",
                                          "qr", "pdfx", "small type", "overprint"}
    assert set(by_path["print/flyer.pdf"].checks) == set(by_path[SHEET].checks) | {"folds"}  # only what folds
    assert set(by_path["screen/flyer.pdf"].checks) == {"file", "fonts", "links", "metadata", "size", "tagged PDF/UA-1"}
    assert any("FOGRA39" in item for item in report.not_checked)


def test_build_with_preflight_flag(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["build", "--data", str(ROOT / "data"), "--layouts", str(ROOT / "layouts"), "--out", str(built),
                 "--quiet", "--jobs", "1", "--preflight"])
    assert code == 0
    assert "26 passed, 0 failed" in capsys.readouterr().out


# Files broken on purpose

def test_rgb_colour_fails_the_colour_check(built: Path, tmp_path: Path) -> None:
    out = isolate(built, tmp_path, SHEET, lambda d: edit(d, b"q 0.9 0.1 0.1 rg 100 300 40 40 re f Q"))
    assert failures(out) == {"colour": ["page 1: RGB fill colour '0.9 0.1 0.1 rg'; print takes CMYK only"]}


def test_unembedded_font_fails_the_font_check(built: Path, tmp_path: Path) -> None:
    def helvetica(writer: pypdf.PdfWriter, page: pypdf.PageObject) -> None:
        fonts = page["/Resources"]["/Font"].get_object()
        fonts[NameObject("/FH")] = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                                      NameObject("/Subtype"): NameObject("/Type1"),
                                                      NameObject("/BaseFont"): NameObject("/Helvetica")})
    out = isolate(built, tmp_path, SHEET,
                  lambda d: edit(d, b"q 0 0 0 1 k BT /FH 12 Tf 100 400 Td (Hallo) Tj ET Q", change=helvetica))
    assert failures(out) == {"fonts": ["font 'Helvetica' (Type1) is not embedded"]}


def test_qr_code_below_the_print_minimum_fails(tmp_path: Path) -> None:
    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts", layouts)
    flyer = layouts / "flyer.yaml"
    text = flyer.read_text(encoding="utf-8")
    shipped = "project: {distance_m: 0.18, min_mm: 15, min_module_mm: 0.4, error_correction: M}"
    assert shipped in text
    flyer.write_text(text.replace(shipped, "project: {distance_m: 0.1, min_mm: 10, min_module_mm: 0.1}"), encoding="utf-8")
    out = tmp_path / "output"
    assert main(["build", "--data", str(ROOT / "data"), "--layouts", str(layouts), "--out", str(out), "--only",
                 "flyer", "--profile", "print", "--quiet", "--jobs", "1"]) == 0
    assert failures(out, layouts) == {"qr": [
        "page 2: the QR code for https://ratsinfo.leipzig.de/bi/vo020.asp?VOLFDNR=1015988 has 0.30 mm modules, "
        "at least 0.33 mm needed for print"]}


def test_qr_code_too_small_for_its_reading_distance(built: Path, tmp_path: Path) -> None:
    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts", layouts)
    sheet = layouts / "project-sheet-a4.yaml"
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text.replace("project: {distance_m: 0.3, min_mm: 30,",
                                  "project: {distance_m: 4, min_module_mm: 0.5, min_mm: 30,"), encoding="utf-8")
    out = isolate(built, tmp_path, SHEET)
    assert failures(out, layouts) == {"qr": [
        f"page 1: the QR code for https://www.leipzig.de/kifaz does not decode at the {PHONE.px_per_mm(4):.1f} px/mm "
        "a phone has from 4 m (its project reading distance)"]}


def test_something_in_the_quiet_zone_fails(built: Path, tmp_path: Path) -> None:
    left, bottom, right, top, version = qr_box_pt((built / SHEET).read_bytes())
    module = (right - left) / (17 + 4 * version)
    x, y = left - 2.5 * module, (bottom + top) / 2
    ops = f"q 0 0 0 1 k {x:.2f} {y:.2f} {module:.2f} {module:.2f} re f Q".encode()
    out = isolate(built, tmp_path, SHEET, lambda d: edit(d, ops))
    found = failures(out)
    assert list(found) == ["qr"]
    assert len(found["qr"]) == 1
    assert found["qr"][0].startswith("page 1: the QR code for https://www.leipzig.de/kifaz has no free quiet zone: "
                                     "something dark 1.")
    assert found["qr"][0].endswith("modules from the symbol, 4 modules of white needed")


def test_a_code_across_a_fold_is_reported() -> None:
    flyer = load_layouts(ROOT / "layouts", ("flyer",))[0]
    code = Seen("https://example.org", (90.0, 50.0, 108.0, 68.0), 3)  # 0.62 mm modules
    assert _folds(code, flyer, 0) == ["crosses the fold at 97 mm (the code with its quiet zone spans 87.5–110.5 mm)"]
    assert _folds(code, flyer, 1) == ["crosses the fold at 100 mm (the code with its quiet zone spans 87.5–110.5 mm)"]


def test_text_in_the_safe_margin_fails(built: Path, tmp_path: Path) -> None:
    out = isolate(built, tmp_path, SHEET, lambda d: edit(d, b"q 0 0 0 1 k BT /F1+0 9 Tf 12 300 Td (Rand) Tj ET Q"))
    found = failures(out)
    assert list(found) == ["safe margin"]
    assert re.fullmatch(r"page 1: \d+ characters? inside the 3\.0 mm safe margin, e\.g\. 'R' 1\.\d mm from the left "
                        r"trim edge", found["safe margin"][0]), found


def test_hairline_and_excess_ink_fail(built: Path, tmp_path: Path) -> None:
    ops = b"q 0 0 0 1 K 0.1 w 100 300 m 200 300 l S 0.8 0.7 0.7 0.9 k 100 320 20 20 re f Q"
    out = isolate(built, tmp_path, SHEET, lambda d: edit(d, ops))
    assert failures(out) == {"lines": ["page 1: a line 0.1 pt wide, at least 0.25 pt needed"],
                             "ink": ["page 1: 310 % total ink (C 80% M 70% Y 70% K 90%), at most 300 %"]}


def test_colour_that_stops_at_the_trim_fails_the_bleed_check(built: Path, tmp_path: Path) -> None:
    # Paint the left bleed white again: the sheet's colour band (the top 70 mm) now ends at the trim.
    out = isolate(built, tmp_path, SHEET, lambda d: edit(d, b"q 0 0 0 0 k 0 0 8.2 858.9 re f Q"))
    found = failures(out)
    assert list(found) == ["bleed"]
    # The band (top 70 mm) and the tint strip of the call to action both reach the left trim edge.
    assert re.fullmatch(r"page 1: colour stops at the left trim edge instead of running into the bleed "
                        r"\([0-2]–7[01] mm, 2[12]\d–2[67]\d mm along the edge\)", found["bleed"][0]), found


def test_missing_pdfx_declaration_and_transparency_fail(built: Path, tmp_path: Path) -> None:
    def strip(writer: pypdf.PdfWriter, page: pypdf.PageObject) -> None:
        del writer.root_object["/OutputIntents"]
        states = page["/Resources"]["/ExtGState"].get_object()  # the overprint states stay
        states[NameObject("/GS1")] = DictionaryObject({NameObject("/ca"): FloatObject(0.5)})
    out = isolate(built, tmp_path, SHEET, lambda d: edit(d, change=strip))
    assert failures(out) == {"pdfx": ["0 PDF/X OutputIntents, exactly one needed", "page 1: opacity ca 0.5 (transparency)"]}


def test_missing_trim_box_fails(built: Path, tmp_path: Path) -> None:
    out = isolate(built, tmp_path, SHEET, lambda d: edit(d, change=lambda w, p: p.pop("/TrimBox")))
    found = failures(out)
    assert found["boxes"] == ["page 1: no TrimBox"]
    assert found["pdfx"] == ["page 1: no TrimBox"]


def test_a_file_changed_after_the_build_fails(built: Path, tmp_path: Path) -> None:
    out = isolate(built, tmp_path, SHEET)
    path = out / SHEET
    path.write_bytes(path.read_bytes() + b"\n")
    assert failures(out)["file"] == ["the file differs from what the build wrote (sha256): rebuild, or it was "
                                     "changed by hand"]


def test_screen_file_without_a_qr_link_and_language_fails(built: Path, tmp_path: Path) -> None:
    def unlink(writer: pypdf.PdfWriter, page: pypdf.PageObject) -> None:
        page[NameObject("/Annots")] = ArrayObject([])
        del writer.root_object["/Lang"]
    out = isolate(built, tmp_path, "screen/project-sheet-a4/02-kifaz.pdf", lambda d: edit(d, change=unlink))
    assert failures(out) == {"links": ["page 1: no link to https://www.leipzig.de/kifaz, which the QR code there opens"],
                             "metadata": ["the document language (/Lang) is not set"]}


def test_screen_file_over_its_size_budget_fails(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tight = dataclasses.replace(document_kind("project-sheet"), size_budget=SizeBudget(10, 1, 10))
    monkeypatch.setattr(checks, "document_kind", lambda name: tight)
    out = isolate(built, tmp_path, "screen/project-sheet-a4/02-kifaz.pdf")
    found = failures(out)
    assert list(found) == ["size"]
    assert found["size"][0].endswith("KB, the budget for a project-sheet is 10 KB")


# Command line and reports

def test_preflight_without_a_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["preflight", "--out", str(tmp_path / "nothing"), "--layouts", str(ROOT / "layouts"),
                 "--data", str(ROOT / "data")])
    assert code == 1
    assert f"{tmp_path / 'nothing' / 'manifest.json'}: no build to check (run 'standgen build' first)" in \
        capsys.readouterr().err


def test_failed_preflight_exits_1_and_names_the_file(built: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = isolate(built, tmp_path, SHEET, lambda d: edit(d, b"q 0.9 0.1 0.1 rg 100 300 40 40 re f Q"))
    code = main(["preflight", "--out", str(out), "--layouts", str(ROOT / "layouts"), "--data", str(ROOT / "data")])
    captured = capsys.readouterr()
    assert code == 1
    assert f"{out / SHEET}: page 1: RGB fill colour '0.9 0.1 0.1 rg'; print takes CMYK only" in captured.err
    assert "1 documents checked: 0 passed, 1 failed" in captured.out


@pytest.mark.parametrize("name", ["report.html", "report.pdf"])
def test_report_is_saved(built: Path, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = isolate(built, tmp_path, SHEET, lambda d: edit(d, b"q 0.9 0.1 0.1 rg 100 300 40 40 re f Q"))
    target = tmp_path / name
    assert main(["preflight", "--out", str(out), "--layouts", str(ROOT / "layouts"), "--data", str(ROOT / "data"),
                 "--report", str(target)]) == 1
    if name.endswith(".html"):
        page = target.read_text(encoding="utf-8")
        assert "RGB fill colour" in page and "Not checked by the program" in page and "<table>" in page
    else:
        assert len(pypdf.PdfReader(target).pages) == 1
        assert "RGBfillcolour" in squash(extract_text(target)[0])


def test_report_needs_html_or_pdf(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["preflight", "--report", "report.txt"])
    assert exit_info.value.code == 2
    assert "must end in .html or .pdf" in capsys.readouterr().err


# PDF/X

def test_print_files_declare_pdfx_deterministically(built: Path) -> None:
    data = (built / SHEET).read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert data.startswith(b"%PDF-1.4\n")
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/RegistryName"] == "http://www.color.org" and "ISO Coated v2" in intent["/Info"]
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-1a:2003" and reader.metadata["/Trapped"] == "/False"
    screen = pypdf.PdfReader(built / "screen/project-sheet-a4/02-kifaz.pdf")
    assert "/OutputIntents" not in screen.trailer["/Root"] and "/GTS_PDFXVersion" not in screen.metadata


def test_output_condition_is_a_layout_setting(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flyer = project / "layouts/flyer.yaml"
    shipped = flyer.read_text(encoding="utf-8")
    flyer.write_text(shipped + "output_condition: FOGRA51\n", encoding="utf-8")
    assert main(["build", "--only", "flyer", "--quiet", "--jobs", "1"]) == 0
    intent = pypdf.PdfReader("output/print/flyer.pdf").trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/OutputConditionIdentifier"] == "FOGRA51" and "PSO Coated v3" in intent["/Info"]
    assert main(["preflight", "--jobs", "1"]) == 0
    flyer.write_text(shipped, encoding="utf-8")
    capsys.readouterr()
    assert main(["preflight", "--jobs", "1"]) == 1
    assert "output/print/flyer.pdf: the OutputIntent names 'FOGRA51', the layout asks for 'FOGRA39'" in \
        capsys.readouterr().err
    assert main(["build", "--only", "flyer", "--json", "--jobs", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["built"] == ["print/flyer.pdf"]


# Accessibility: contrast and type sizes when layouts load; text in reading order

def test_wcag_contrast() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((0x77, 0x77, 0x77), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)


def _position(path: Path, line_text: str, token: str) -> str:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line_text in line:
            return f"{path.relative_to(path.parent.parent).as_posix()}:{number}:{line.index(token) + 1}"
    raise AssertionError(line_text)


def test_low_contrast_and_small_type_are_layout_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = project / "layouts/project-sheet-a4.yaml"
    text = sheet.read_text(encoding="utf-8")
    text = text.replace("colour: paper, hyphenate: false, space_after_pt: 4, on: project}",
                        "colour: paper, hyphenate: false, space_after_pt: 4}")
    text = text.replace("body:     {font: regular, size_pt: 10.5, min_size_pt: 9,",
                        "body:     {font: regular, size_pt: 10.5, min_size_pt: 8,")
    text = text.replace("cta:      {font: bold, size_pt: 15, colour: primary, hyphenate: false, on: tint}",
                        "cta:      {font: bold, size_pt: 15, colour: primary, hyphenate: false, on: blau}")
    sheet.write_text(text, encoding="utf-8")
    assert main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{_position(sheet, '  title:', 'paper')}: style 'title': 'paper' #ffffff on 'paper' #ffffff has a contrast of "
        "1.00:1, text from 18 pt (14 pt bold) needs 3:1 (WCAG AA) (change the colour, or set 'on' to the colour the "
        "text stands on)",
        f"{_position(sheet, '  body:', '8,')}: style 'body' can be set at 8 pt, below the 9 pt a project-sheet allows "
        "for reading text (raise 'min_size_pt')",
        f"{_position(sheet, '  cta:', 'blau')}: style 'cta' stands on the colour 'blau', which 'colours' does not "
        "define",
        "3 problems found",
    ]


def test_shipped_styles_declare_what_they_stand_on() -> None:
    sheet = load_layouts(ROOT / "layouts", ("project-sheet-a4",))[0]
    assert sheet.style("title").on == "project" and sheet.style("body").on == "paper"


def test_extracted_text_follows_reading_order(built: Path) -> None:
    def order(path: str, page: int, *parts: str) -> None:
        text = squash(extract_text(built / path)[page])
        positions = [text.find(squash(part)) for part in parts]
        assert -1 not in positions, (path, parts, positions)
        assert positions == sorted(positions), (path, list(zip(parts, positions)))
    order("screen/project-sheet-a4/02-kifaz.pdf", 0, "PROJEKT 2", "Bedarfsorientierte Ressourcensteuerung",
          "Darstellung von verschiedenen", "TRÄGER", "Mehr erfahren", "leipzig.de/kifaz", "Stadt Leipzig · Amt")
    order("screen/flyer.pdf", 0, "SCHWERPUNKTE", "Gewaltprävention an Schulen", "TRÄGER DER PROJEKTE", "AM STAND", "Herausgeber",
          "Mehr erfahren", "Chancengerechtigkeit")
    order("screen/booklet-a4.pdf", 0, "Chancengerechtigkeit", "Mehr erfahren")
    order("screen/poster-a1.pdf", 0, "Chancengerechtigkeit", "Integrierte Kinder", "Mehr erfahren")
