"""Test helpers over the one PDF reader (generator/preflight/pdfread.py): page boxes, fonts, text, links,
colour operators, QR codes as a phone would decode them. Each takes a path or bytes."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

import zxingcpp
from PIL import Image

from generator.preflight.pdfread import PdfFile, Rect

PdfSource = bytes | str | os.PathLike[str]
T = TypeVar("T")

# Every PDF operator that sets a fill or stroke colour or colour space.
COLOUR_OPERATORS = frozenset({"g", "G", "rg", "RG", "k", "K", "cs", "CS", "sc", "SC", "scn", "SCN"})
RGB_OPERATORS = frozenset({"rg", "RG"})


def _read(pdf: PdfSource, what: Callable[[PdfFile], T]) -> T:
    with PdfFile.open(pdf) as file:
        return what(file)


def pt_to_mm(pt: float) -> float:
    """PDF points (1/72 inch) to millimetres."""
    return pt * 25.4 / 72


def page_count(pdf: PdfSource) -> int:
    return _read(pdf, lambda f: f.page_count)


def render_page(pdf: PdfSource, page_index: int = 0, dpi: float = 150) -> Image.Image:
    """One page as a grayscale PIL image, white where nothing is painted."""
    return _read(pdf, lambda f: f.render(page_index, dpi))


def decode_qr_codes(image: Image.Image) -> list[str]:
    """Texts of all QR codes zxing-cpp finds, top to bottom, then left to right."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    found.sort(key=lambda b: (b.position.top_left.y, b.position.top_left.x))
    return [barcode.text for barcode in found]


def decode_pdf_qr(pdf: PdfSource, dpi: float = 150) -> dict[int, list[str]]:
    """Page index -> decoded QR texts, for every page (empty list if none)."""
    return _read(pdf, lambda f: {i: decode_qr_codes(f.render(i, dpi)) for i in range(f.page_count)})


def page_boxes(pdf: PdfSource) -> list[dict[str, Rect | None]]:
    """Per page: MediaBox, CropBox, TrimBox, BleedBox (and ArtBox) in points; None if the page does not set it."""
    return _read(pdf, lambda f: [f.boxes(i) for i in range(f.page_count)])


def fonts(pdf: PdfSource) -> set[tuple[str, bool]]:
    """(base font name without '/', embedded?) for every font any page uses."""
    return _read(pdf, lambda f: {(font.name, font.embedded) for font in f.fonts()})


def extract_text(pdf: PdfSource) -> list[str]:
    """Text of each page via pdfium, which keeps ReportLab's word order and umlauts."""
    return _read(pdf, lambda f: [f.text(i) for i in range(f.page_count)])


def link_uris(pdf: PdfSource) -> list[tuple[int, str]]:
    """(page index, URI) of every /Link annotation whose action is a /URI action."""
    return _read(pdf, lambda f: [(a.page, a.uri) for a in f.annotations() if a.subtype == "Link" and a.uri])


def colour_operators(pdf: PdfSource) -> set[str]:
    """Colour operators in page and form XObject content streams, e.g. {'k', 'K'}."""
    return _read(pdf, lambda f: {op.name for op in f.operations() if op.name in COLOUR_OPERATORS})


def colour_operations(pdf: PdfSource) -> list[tuple[str, tuple[float, ...]]]:
    """Every colour operator with its numeric operands, in page order."""
    return _read(pdf, lambda f: [(op.name, tuple(float(v) for v in op.operands if isinstance(v, (int, float))))
                                 for op in f.operations() if op.name in COLOUR_OPERATORS])


def char_boxes_mm(pdf: PdfSource, page_index: int = 0) -> list[tuple[str, float, float, float, float]]:
    """(character, left, bottom, right, top) in mm from the MediaBox's lower-left corner."""
    return _read(pdf, lambda f: [(char, *(pt_to_mm(v) for v in box)) for char, box in f.char_boxes(page_index)])


def info(pdf: PdfSource) -> dict[str, str]:
    """Document information (Title, Author, …), the catalog's /Lang and the number of bookmarks."""
    def read(f: PdfFile) -> dict[str, str]:
        meta = f.info()
        if f.lang() is not None:
            meta["Lang"] = str(f.lang())
        meta["Outlines"] = str(f.outline_count())
        return meta
    return _read(pdf, read)


def image_count(pdf: PdfSource) -> int:
    """Raster images in the pages' resources (QR codes must be vector paths)."""
    return _read(pdf, lambda f: len(f.images()))


def outline_titles(pdf: PdfSource) -> list[str]:
    return _read(pdf, lambda f: f.outline_titles())


def internal_links(pdf: PdfSource) -> list[tuple[int, int]]:
    """(page index of the link, page index it leads to) for every /Link with a destination in the file."""
    return _read(pdf, lambda f: f.internal_links())


def normalise(text: str) -> str:
    """Text for containment checks: no soft breaks, hyphenation or spacing differences."""
    text = text.replace("\ufffe\r\n", "").replace("\ufffe\n", "").replace("\ufffe", "")
    text = text.replace("\u00ad", "").replace("\u00a0", " ")
    text = text.replace("\u0002", "")
    return " ".join(text.split())


def squash(text: str) -> str:
    """Text without spaces and hyphens: pdfium reports a hyphen at a line end as U+FFFE, whether
    ReportLab added it or the text had it, so containment checks compare letters only."""
    return "".join(c for c in text if not c.isspace() and c not in "-\u00ad\ufffe\u0002")
