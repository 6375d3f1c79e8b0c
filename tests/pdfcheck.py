"""Test helpers: read finished PDF bytes or files the way a print shop and a phone would."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator

import pypdf
import pypdfium2
import zxingcpp
from PIL import Image
from pypdf.generic import ContentStream, DictionaryObject

PdfSource = bytes | str | os.PathLike[str]

# Every PDF operator that sets a fill or stroke colour or colour space.
COLOUR_OPERATORS = frozenset(
    {"g", "G", "rg", "RG", "k", "K", "cs", "CS", "sc", "SC", "scn", "SCN"}
)
RGB_OPERATORS = frozenset({"rg", "RG"})

_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def pt_to_mm(pt: float) -> float:
    """PDF points (1/72 inch) to millimetres."""
    return pt * 25.4 / 72


def _pdfium(pdf: PdfSource) -> pypdfium2.PdfDocument:
    return pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else os.fspath(pdf))


def _reader(pdf: PdfSource) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)


def page_count(pdf: PdfSource) -> int:
    """Number of pages."""
    return len(_reader(pdf).pages)


def render_page(pdf: PdfSource, page_index: int = 0, dpi: float = 150) -> Image.Image:
    """Rasterise one page to a grayscale PIL image, white where nothing is painted."""
    document = _pdfium(pdf)
    try:
        bitmap = document[page_index].render(scale=dpi / 72, grayscale=True)
        # Copy, so the image outlives the pdfium document and bitmap.
        return bitmap.to_pil().copy()
    finally:
        document.close()


def decode_qr_codes(image: Image.Image) -> list[str]:
    """Texts of all QR codes zxing-cpp finds, top to bottom, then left to right."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    found.sort(key=lambda b: (b.position.top_left.y, b.position.top_left.x))
    return [barcode.text for barcode in found]


def decode_pdf_qr(pdf: PdfSource, dpi: float = 150) -> dict[int, list[str]]:
    """Page index -> decoded QR texts, for every page (empty list if none)."""
    return {
        index: decode_qr_codes(render_page(pdf, index, dpi))
        for index in range(page_count(pdf))
    }


def _box(page: pypdf.PageObject, key: str) -> tuple[float, float, float, float] | None:
    # Only MediaBox/CropBox inherit; a Trim- or BleedBox must sit on the page itself,
    # and pypdf's page.trimbox would silently fall back to the CropBox.
    if key not in page:
        return None
    return tuple(float(v) for v in page[key])  # type: ignore[return-value]


def page_boxes(pdf: PdfSource) -> list[dict[str, tuple[float, float, float, float] | None]]:
    """Per page: MediaBox, CropBox, TrimBox, BleedBox in points (None if not set)."""
    boxes = []
    for page in _reader(pdf).pages:
        boxes.append(
            {
                "MediaBox": tuple(float(v) for v in page.mediabox),
                "CropBox": _box(page, "/CropBox"),
                "TrimBox": _box(page, "/TrimBox"),
                "BleedBox": _box(page, "/BleedBox"),
            }
        )
    return boxes


def _resources(reader: pypdf.PdfReader) -> Iterator[DictionaryObject]:
    """Resource dictionaries of all pages and the form XObjects they use."""
    pending = [page.get("/Resources") for page in reader.pages]
    seen: set[int] = set()
    while pending:
        resources = pending.pop()
        if resources is None:
            continue
        resources = resources.get_object()
        if id(resources) in seen:
            continue
        seen.add(id(resources))
        yield resources
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                pending.append(xobject.get("/Resources"))


def _is_embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are drawn by content streams inside the PDF
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    return any(key in descriptor.get_object() for key in _FONT_FILES)


def fonts(pdf: PdfSource) -> set[tuple[str, bool]]:
    """(base font name without '/', embedded?) for every font any page uses."""
    result = set()
    for resources in _resources(_reader(pdf)):
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont", "/?")).lstrip("/")
            result.add((name, _is_embedded(font)))
    return result


def extract_text(pdf: PdfSource) -> list[str]:
    """Text of each page via pdfium, which keeps ReportLab's word order and umlauts."""
    document = _pdfium(pdf)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range().replace("\r\n", "\n"))
        return texts
    finally:
        document.close()


def link_uris(pdf: PdfSource) -> list[tuple[int, str]]:
    """(page index, URI) of every /Link annotation whose action is a /URI action."""
    links = []
    for index, page in enumerate(_reader(pdf).pages):
        for annotation in page.get("/Annots") or ():
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if annotation.get("/Subtype") != "/Link" or action is None:
                continue
            action = action.get_object()
            if action.get("/S") == "/URI":
                links.append((index, str(action["/URI"])))
    return links


def colour_operators(pdf: PdfSource) -> set[str]:
    """Colour operators in page and form XObject content streams, e.g. {'k', 'K'}."""
    reader = _reader(pdf)
    streams = [page.get_contents() for page in reader.pages]
    for resources in _resources(reader):
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                streams.append(ContentStream(xobject, reader))
    used = set()
    for stream in streams:
        if stream is None:
            continue
        for _operands, operator in stream.operations:
            name = operator.decode("latin-1")
            if name in COLOUR_OPERATORS:
                used.add(name)
    return used


def colour_operations(pdf: PdfSource) -> list[tuple[str, tuple[float, ...]]]:
    """Every colour operator with its numeric operands, in page order (page streams only)."""
    found = []
    for page in _reader(pdf).pages:
        stream = page.get_contents()
        if stream is None:
            continue
        for operands, operator in stream.operations:
            name = operator.decode("latin-1")
            if name in COLOUR_OPERATORS:
                found.append((name, tuple(float(v) for v in operands if isinstance(v, (int, float)))))
    return found


def char_boxes_mm(pdf: PdfSource, page_index: int = 0) -> list[tuple[str, float, float, float, float]]:
    """(character, left, bottom, right, top) in mm from the MediaBox's lower-left corner, via pdfium."""
    document = _pdfium(pdf)
    try:
        textpage = document[page_index].get_textpage()
        boxes = []
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if not char.strip():
                continue
            left, bottom, right, top = textpage.get_charbox(index)
            boxes.append((char, pt_to_mm(left), pt_to_mm(bottom), pt_to_mm(right), pt_to_mm(top)))
        return boxes
    finally:
        document.close()


def info(pdf: PdfSource) -> dict[str, str]:
    """Document information (Title, Author, …) and the catalog's /Lang."""
    reader = _reader(pdf)
    meta = {key.lstrip("/"): str(value) for key, value in (reader.metadata or {}).items()}
    lang = reader.trailer["/Root"].get("/Lang")
    if lang is not None:
        meta["Lang"] = str(lang)
    meta["Outlines"] = str(len(reader.outline))
    return meta


def image_count(pdf: PdfSource) -> int:
    """Raster images in the pages' resources (QR codes must be vector paths)."""
    count = 0
    for resources in _resources(_reader(pdf)):
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get_object().get("/Subtype") == "/Image":
                count += 1
    return count


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


def outline_titles(pdf: PdfSource) -> list[str]:
    """Top-level outline (bookmark) titles."""
    return [item.title for item in _reader(pdf).outline if not isinstance(item, list)]


def internal_links(pdf: PdfSource) -> list[tuple[int, int]]:
    """(page index of the link, page index it leads to) for every /Link with a destination in the file."""
    reader = _reader(pdf)
    found = []
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or ():
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            dest = annotation.get("/Dest")
            action = annotation.get("/A")
            if dest is None and action is not None and action.get_object().get("/S") == "/GoTo":
                dest = action.get_object().get("/D")
            if dest is None:
                continue
            dest = dest.get_object()
            if not isinstance(dest, list):
                dest = reader.named_destinations[str(dest)]
                found.append((index, reader.get_destination_page_number(dest)))
            else:
                found.append((index, reader.get_page_number(dest[0].get_object())))
    return found
