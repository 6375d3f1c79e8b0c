"""Tests for generator.qr (URL -> QrMatrix) and for the pdfcheck helpers that read PDFs."""

from __future__ import annotations

import hashlib
import importlib.resources
import io

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from generator.qr import (
    QUIET_ZONE_MODULES,
    QrMatrix,
    encode_qr,
    encode_qr_reference,
    merge_rects,
)
from pdfcheck import (
    colour_operators,
    decode_pdf_qr,
    extract_text,
    fonts,
    link_uris,
    page_boxes,
    pt_to_mm,
)

RATSINFO = "https://ratsinfo.leipzig.de/bi/vo020.asp?VOLFDNR=1015988"
URLS = (
    RATSINFO,
    "https://example.org/",
    "http://a.de",
    "https://stadt.example/Bürgerbeteiligung/Straßenbäume?ort=Gohlis-Süd&thema=Größe"
    "&text=Übergänge+für+Fußgänger&seite=" + "0123456789" * 12,
)
# Visible ASCII, plus what German users type into a URL anyway.
URL_CHARS = st.characters(min_codepoint=33, max_codepoint=126) | st.sampled_from(
    "äöüÄÖÜß€ "
)


def draw_matrix(matrix: QrMatrix, px: int = 4) -> Image.Image:
    """Paint merged rects like the renderer will: quiet zone, one rectangle per rect."""
    side = (matrix.size + 2 * QUIET_ZONE_MODULES) * px
    image = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(image)
    for x, y, w, h in merge_rects(matrix):
        left = (x + QUIET_ZONE_MODULES) * px
        top = (y + QUIET_ZONE_MODULES) * px
        draw.rectangle((left, top, left + w * px - 1, top + h * px - 1), fill=0)
    return image


def decode(image: Image.Image) -> list[str]:
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [barcode.text for barcode in found]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("level", ("L", "M", "Q", "H"))
def test_round_trip_through_merged_rects(url: str, level: str) -> None:
    matrix = encode_qr(url, level)
    assert matrix.error_correction == level
    assert matrix.size == 4 * matrix.version + 17
    assert decode(draw_matrix(matrix)) == [url]


def test_ratsinfo_url_fits_a_small_version() -> None:
    # 57 bytes at level M need version 4 (33 x 33 modules); a jump means a regression.
    assert encode_qr(RATSINFO).version == 4


def assert_exact_cover(matrix: QrMatrix) -> None:
    covered = [[0] * matrix.size for _ in range(matrix.size)]
    for x, y, w, h in merge_rects(matrix):
        assert w > 0 and h > 0
        assert 0 <= x and x + w <= matrix.size and 0 <= y and y + h <= matrix.size
        for row in range(y, y + h):
            for col in range(x, x + w):
                covered[row][col] += 1
    assert all(c <= 1 for row in covered for c in row), "rectangles overlap"
    assert tuple(tuple(c == 1 for c in row) for row in covered) == matrix.dark


@pytest.mark.parametrize("url", URLS)
def test_rects_cover_exactly_the_dark_modules(url: str) -> None:
    matrix = encode_qr(url)
    assert_exact_cover(matrix)
    # Merging must pay off: far fewer rectangles than dark modules.
    dark = sum(map(sum, matrix.dark))
    assert len(matrix.rects()) < dark / 2


def test_merge_rects_on_hand_made_matrix() -> None:
    dark = ((True, True, False), (True, True, False), (False, True, True))
    matrix = QrMatrix(3, dark, 1, "M", 0)
    assert merge_rects(matrix) == ((0, 0, 2, 2), (1, 2, 2, 1))
    assert_exact_cover(matrix)


def test_encoding_is_deterministic_and_cached() -> None:
    first = encode_qr(RATSINFO)
    assert encode_qr(RATSINFO) is first
    encode_qr.cache_clear()
    assert encode_qr(RATSINFO) == first
    # The same symbol in every process and on every machine (a hash in the build key would change otherwise).
    fingerprint = hashlib.sha256(repr((first.size, first.dark, first.version, first.mask)).encode()).hexdigest()
    assert (first.version, first.mask, fingerprint[:16]) == (4, 3, "a283be2e48f63349")


def test_unknown_level_and_overlong_url_are_value_errors() -> None:
    with pytest.raises(ValueError, match="error correction"):
        encode_qr(RATSINFO, "X")
    with pytest.raises(ValueError, match="too long"):
        encode_qr("https://example.org/" + "x" * 3000, "H")


@settings(max_examples=30, deadline=None)
@given(path=st.text(URL_CHARS, max_size=120), level=st.sampled_from("LMQH"))
def test_fast_mask_choice_matches_qrcode_and_decodes(path: str, level: str) -> None:
    url = "https://example.org/" + path
    matrix = encode_qr(url, level)
    assert matrix == encode_qr_reference(url, level)
    assert decode(draw_matrix(matrix)) == [url]


# --- pdfcheck on a small ReportLab PDF -------------------------------------------


def make_pdf(url: str) -> bytes:
    """One A6 page with bleed boxes, a CMYK QR code, a link and text in Source Sans Pro."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    files = importlib.resources.files("font_source_sans_pro") / "files"
    with importlib.resources.as_file(files / "SourceSansPro-Regular.ttf") as path:
        pdfmetrics.registerFont(TTFont("SourceSansPro", str(path)))
    bleed = 3 * mm
    width, height = 105 * mm + 2 * bleed, 148 * mm + 2 * bleed
    buffer = io.BytesIO()
    # Without initialFontName every page lists an unembedded Helvetica (ReportLab's
    # initial "/F1 12 Tf"), which preflight flags even though no glyph uses it.
    canvas = Canvas(
        buffer, pagesize=(width, height), invariant=1, initialFontName="SourceSansPro"
    )
    canvas.setTrimBox((bleed, bleed, width - bleed, height - bleed))
    canvas.setBleedBox((0, 0, width, height))
    canvas.setFillColorCMYK(0, 0, 0, 1)
    module, left, top = 1 * mm, 20 * mm, height - 30 * mm
    matrix = encode_qr(url)
    for x, y, w, h in matrix.rects():
        bottom = top - (y + h) * module
        canvas.rect(left + x * module, bottom, w * module, h * module, fill=1, stroke=0)
    side = matrix.size * module
    canvas.linkURL(url, (left, top - side, left + side, top), relative=0, thickness=0)
    canvas.setFont("SourceSansPro", 12)
    canvas.drawString(20 * mm, 20 * mm, "Größere Übergänge für Fußgänger")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_pdfcheck_reads_what_reportlab_wrote() -> None:
    pdf = make_pdf(RATSINFO)
    assert decode_pdf_qr(pdf, dpi=150) == {0: [RATSINFO]}
    assert link_uris(pdf) == [(0, RATSINFO)]
    assert extract_text(pdf)[0].strip() == "Größere Übergänge für Fußgänger"
    (font,) = fonts(pdf)
    assert font[0].endswith("+SourceSansPro-Regular") and font[1], font  # subset, embedded
    assert colour_operators(pdf) == {"k"}

    (boxes,) = page_boxes(pdf)
    trim = boxes["TrimBox"]
    assert trim is not None and boxes["BleedBox"] == boxes["MediaBox"]
    assert pt_to_mm(trim[2] - trim[0]) == pytest.approx(105, abs=0.01)
    assert pt_to_mm(trim[0]) == pytest.approx(3, abs=0.01)


@pytest.mark.parametrize("level", list("LMQH"))
def test_symbols_of_every_size_equal_qrcodes_own_with_format_and_version_information(level: str) -> None:
    """The symbol is laid out once and the chosen mask's format (and, from version 7, version) bits set into it."""
    versions = set()
    for length in range(5, 700, 37):
        url = f"https://example.org/{'projekt-' * (length // 8)}{length}"[:length + 20]
        try:
            matrix = encode_qr(url, level)
        except ValueError:
            continue
        assert matrix == encode_qr_reference(url, level), (url, level)
        versions.add(matrix.version)
    assert min(versions) <= 3 and max(versions) >= 10
