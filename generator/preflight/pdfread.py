"""Preflight input: a built PDF's bytes → its structure (pypdf) and its pixels and glyph boxes (pypdfium2).

The only module that opens a PDF, for preflight and for the tests (tests/pdfcheck.py wraps it).
Everything it hands out is plain Python: points for geometry (PDF's own units, origin bottom-left), strings for names.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2
from PIL import Image
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject, NameObject, StreamObject

Rect = tuple[float, float, float, float]
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


@dataclass(frozen=True, slots=True)
class Operation:
    """One content-stream operator with its operands; colour spaces already resolved to their family."""

    page: int
    name: str
    operands: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class FontUse:
    name: str
    subtype: str
    embedded: bool


@dataclass(frozen=True, slots=True)
class ImageUse:
    page: int
    colour_space: str
    soft_mask: bool


@dataclass(frozen=True, slots=True)
class Annotation:
    page: int
    subtype: str
    rect: Rect
    uri: str | None


@dataclass(frozen=True, slots=True)
class StructElement:
    """A structure element: its role, alt text, whether it marks content, the objects its OBJRs name."""

    role: str
    alt: str | None
    has_content: bool
    objects: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class LinkAnnotation:
    page: int
    object: int | None  # object number, None for a direct annotation
    contents: str | None


@dataclass(frozen=True, slots=True)
class Tagging:
    """What tagged PDF puts in the catalog and pages, and the structure tree in document order."""

    marked: bool
    struct_tree: bool
    display_doc_title: bool
    xmp: str
    tabs: tuple[str | None, ...]
    elements: tuple[StructElement, ...]
    links: tuple[LinkAnnotation, ...]


class PdfFile:
    """A built PDF, read lazily; close() releases pdfium's handle."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.reader = pypdf.PdfReader(io.BytesIO(data))
        self._pdfium: pypdfium2.PdfDocument | None = None
        self._operations: tuple[Operation, ...] | None = None

    @classmethod
    def open(cls, source: bytes | str | os.PathLike[str]) -> PdfFile:
        """A file's bytes, or bytes already read."""
        return cls(source if isinstance(source, bytes) else Path(source).read_bytes())

    def __enter__(self) -> PdfFile:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pdfium is not None:
            self._pdfium.close()
            self._pdfium = None

    @property
    def pdfium(self) -> pypdfium2.PdfDocument:
        if self._pdfium is None:
            self._pdfium = pypdfium2.PdfDocument(self.data)
        return self._pdfium

    # Document level

    @property
    def header(self) -> str:
        return self.data[:16].split(b"\n")[0].split(b"\r")[0].decode("latin-1").strip()

    @property
    def page_count(self) -> int:
        return len(self.reader.pages)

    @property
    def encrypted(self) -> bool:
        return self.reader.is_encrypted

    def trailer_keys(self) -> set[str]:
        return {str(key) for key in self.reader.trailer}

    def info(self) -> dict[str, str]:
        info = self.reader.trailer.get("/Info")
        if info is None:
            return {}
        return {str(k).lstrip("/"): str(v).lstrip("/") if isinstance(v, NameObject) else str(v)
                for k, v in info.get_object().items()}

    def _catalog(self) -> DictionaryObject:
        return _dict(self.reader.trailer["/Root"])

    def catalog_keys(self) -> set[str]:
        return {str(k).lstrip("/") for k in self._catalog()}

    def lang(self) -> str | None:
        lang = self._catalog().get("/Lang")
        return str(lang) if lang is not None else None

    def output_intents(self) -> list[dict[str, Any]]:
        intents = self._catalog().get("/OutputIntents")
        found = intents.get_object() if intents is not None else None
        return [{str(k).lstrip("/"): _plain(v) for k, v in _dict(intent).items()}
                for intent in (found if isinstance(found, ArrayObject) else ())]

    def outline_count(self) -> int:
        return len(self.reader.outline)

    def outline_titles(self) -> list[str]:
        """Top-level outline (bookmark) titles."""
        return [str(item.title) for item in self.reader.outline if not isinstance(item, list)]

    def internal_links(self) -> list[tuple[int, int]]:
        """(page index of the link, page index it leads to) for every /Link with a destination in the file."""
        found = []
        for index, page in enumerate(self.reader.pages):
            for annotation in page.get("/Annots") or ():
                target = self._destination(annotation.get_object())
                if target is not None:
                    found.append((index, target))
        return found

    def _destination(self, annotation: DictionaryObject) -> int | None:
        if annotation.get("/Subtype") != "/Link":
            return None
        dest, action = annotation.get("/Dest"), annotation.get("/A")
        if dest is None and action is not None and action.get_object().get("/S") == "/GoTo":
            dest = action.get_object().get("/D")
        if dest is None:
            return None
        dest = dest.get_object()
        if isinstance(dest, list):
            return self.reader.get_page_number(dest[0].get_object())
        return self.reader.get_destination_page_number(self.reader.named_destinations[str(dest)])

    def has_javascript(self) -> bool:
        names = self._catalog().get("/Names")
        return names is not None and "/JavaScript" in names.get_object()

    def tagging(self) -> Tagging:
        catalog = self._catalog()
        mark_info, preferences = _dict(catalog.get("/MarkInfo")), _dict(catalog.get("/ViewerPreferences"))
        metadata = catalog.get("/Metadata")
        xmp = metadata.get_object().get_data().decode("utf-8", "replace") if metadata is not None else ""
        root = catalog.get("/StructTreeRoot")
        elements: list[StructElement] = []
        if root is not None:
            _walk(root.get_object().get("/K"), elements, 0)
        links = tuple(LinkAnnotation(index, ref.idnum if isinstance(ref, IndirectObject) else None,
                                     str(ref.get_object()["/Contents"]) if "/Contents" in ref.get_object() else None)
                      for index, page in enumerate(self.reader.pages) for ref in page.get("/Annots") or ()
                      if ref.get_object().get("/Subtype") == "/Link")
        return Tagging(_true(mark_info.get("/Marked")), root is not None, _true(preferences.get("/DisplayDocTitle")),
                       xmp, tuple(str(p["/Tabs"]).lstrip("/") if "/Tabs" in p else None for p in self.reader.pages),
                       tuple(elements), links)

    # Page level

    def boxes(self, index: int) -> dict[str, Rect | None]:
        """MediaBox (inherited if need be) and the page's own Crop-, Bleed-, Trim- and ArtBox."""
        page = self.reader.pages[index]
        boxes: dict[str, Rect | None] = {"MediaBox": tuple(float(v) for v in page.mediabox)}  # type: ignore[dict-item]
        for key in ("CropBox", "BleedBox", "TrimBox", "ArtBox"):
            value = page.get(f"/{key}")
            boxes[key] = tuple(float(v) for v in value.get_object()) if value is not None else None  # type: ignore[assignment]
        return boxes

    def media_box(self, index: int) -> Rect:
        """The page's MediaBox (every page has one, inherited if need be)."""
        left, bottom, right, top = (float(v) for v in self.reader.pages[index].mediabox)
        return left, bottom, right, top

    def operations(self) -> Iterator[Operation]:
        """Every operator of every page, form XObjects inlined between q … cm … Q; parsed once per file, as
        several checks walk them."""
        if self._operations is None:
            self._operations = tuple(self._parse())
        return iter(self._operations)

    def _parse(self) -> Iterator[Operation]:
        for index, page in enumerate(self.reader.pages):
            resources = page.get("/Resources")
            contents = page.get_contents()
            if contents is not None:
                yield from self._operations_of(index, contents.operations, _dict(resources), 0)

    def _operations_of(self, page: int, operations: list[tuple[Any, bytes]], resources: DictionaryObject,
                    depth: int) -> Iterator[Operation]:
        for operands, operator in operations:
            name = operator.decode("latin-1")
            if name in ("cs", "CS"):
                yield Operation(page, name, (self._space(operands[0], resources),))
                continue
            if name == "INLINE IMAGE":
                settings = operands.get("settings", {})
                space = settings.get("/CS", settings.get("/ColorSpace", "/DeviceGray"))
                yield Operation(page, "BI", (self._space(space, resources),))
                continue
            yield Operation(page, name, tuple(_plain(v) for v in operands))
            if name == "Do" and depth < 8:
                yield from self._form(page, str(operands[0]), resources, depth)

    def _form(self, page: int, name: str, resources: DictionaryObject, depth: int) -> Iterator[Operation]:
        xobject = _dict(resources.get("/XObject")).get(name)
        if xobject is None or xobject.get_object().get("/Subtype") != "/Form":
            return
        form = xobject.get_object()
        yield Operation(page, "q", ())
        yield Operation(page, "cm", tuple(float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])))
        yield from self._operations_of(page, ContentStream(form, self.reader).operations,
                                    _dict(form.get("/Resources")) or resources, depth + 1)
        yield Operation(page, "Q", ())

    def _space(self, value: Any, resources: DictionaryObject) -> str:
        named = _dict(resources.get("/ColorSpace")).get(str(value)) if isinstance(value, NameObject) else None
        return colour_space_family(named.get_object() if named is not None else value)

    def resources(self) -> Iterator[tuple[int, DictionaryObject]]:
        """(page index, resource dictionary) of every page and every form XObject it uses."""
        for index, page in enumerate(self.reader.pages):
            pending, seen = [_dict(page.get("/Resources"))], set()
            while pending:
                resources = pending.pop()
                if id(resources) in seen:
                    continue
                seen.add(id(resources))
                yield index, resources
                for xobject in _dict(resources.get("/XObject")).values():
                    xobject = xobject.get_object()
                    if xobject.get("/Subtype") == "/Form" and xobject.get("/Resources") is not None:
                        pending.append(_dict(xobject.get("/Resources")))

    def fonts(self) -> list[FontUse]:
        found: dict[str, FontUse] = {}
        for _, resources in self.resources():
            for font in _dict(resources.get("/Font")).values():
                font = font.get_object()
                name = str(font.get("/BaseFont", "/?")).lstrip("/")
                found[name] = FontUse(name, str(font.get("/Subtype", "/?")).lstrip("/"), _embedded(font))
        return sorted(found.values(), key=lambda f: f.name)

    def images(self) -> list[ImageUse]:
        found = []
        for index, resources in self.resources():
            for xobject in _dict(resources.get("/XObject")).values():
                xobject = xobject.get_object()
                if xobject.get("/Subtype") == "/Image":
                    space = "Mask" if xobject.get("/ImageMask") else colour_space_family(xobject.get("/ColorSpace"))
                    found.append(ImageUse(index, space, xobject.get("/SMask") not in (None, "/None")))
        return found

    def graphics_states(self) -> list[tuple[int, dict[str, Any]]]:
        return [(index, {str(k).lstrip("/"): _plain(v) for k, v in state.get_object().items()})
                for index, resources in self.resources()
                for state in _dict(resources.get("/ExtGState")).values()]

    def named_resources(self) -> dict[int, tuple[dict[str, dict[str, Any]], dict[str, str]]]:
        """Per page, what its content can name: ExtGState dictionaries (for `gs`) and fonts (for `Tf`, their
        BaseFont without the subset tag), by resource name, forms' merged in."""
        found: dict[int, tuple[dict[str, dict[str, Any]], dict[str, str]]] = {}
        for index, resources in self.resources():
            states, fonts = found.setdefault(index, ({}, {}))
            for name, state in _dict(resources.get("/ExtGState")).items():
                states[str(name)] = {str(k).lstrip("/"): _plain(v) for k, v in state.get_object().items()}
            for name, font in _dict(resources.get("/Font")).items():
                fonts[str(name)] = str(font.get_object().get("/BaseFont", "/?")).lstrip("/").split("+")[-1]
        return found

    def xobject_subtypes(self) -> set[str]:
        return {str(x.get_object().get("/Subtype", "/?")).lstrip("/") for _, resources in self.resources()
                for x in _dict(resources.get("/XObject")).values()}

    def pages_with(self, key: str) -> list[int]:
        """Indexes of the pages whose dictionary holds `key`, e.g. '/Group'."""
        return [index for index, page in enumerate(self.reader.pages) if key in page]

    def has_opi(self) -> bool:
        return any("/OPI" in x.get_object() for _, resources in self.resources()
                   for x in _dict(resources.get("/XObject")).values())

    def annotations(self) -> list[Annotation]:
        found = []
        for index, page in enumerate(self.reader.pages):
            for annotation in page.get("/Annots") or ():
                annotation = annotation.get_object()
                action = annotation.get("/A")
                action = action.get_object() if action is not None else {}
                uri = str(action["/URI"]) if action.get("/S") == "/URI" and "/URI" in action else None
                rect = tuple(float(v) for v in annotation.get("/Rect", (0, 0, 0, 0)))
                found.append(Annotation(index, str(annotation.get("/Subtype", "/?")).lstrip("/"), rect, uri))  # type: ignore[arg-type]
        return found

    def page_actions(self) -> bool:
        """Any additional-actions (/AA) on a page or an /OpenAction on the document."""
        catalog = self._catalog()
        return "/OpenAction" in catalog or "/AA" in catalog or any("/AA" in p for p in self.reader.pages)

    # Pixels and glyphs (pdfium)

    def render(self, index: int, dpi: float, crop: Rect | None = None, grayscale: bool = True) -> Image.Image:
        """The page (or `crop` = points cut off left, bottom, right, top) as a PIL image, white background."""
        bitmap = self.pdfium[index].render(scale=dpi / 72, grayscale=grayscale, crop=crop or (0, 0, 0, 0))
        image: Image.Image = bitmap.to_pil().copy()
        return image

    def page_size(self, index: int) -> tuple[float, float]:
        width, height = self.pdfium[index].get_size()
        return float(width), float(height)

    def char_boxes(self, index: int) -> list[tuple[str, Rect]]:
        """(character, (left, bottom, right, top) in points) of every printing character on the page."""
        textpage = self.pdfium[index].get_textpage()
        boxes: list[tuple[str, Rect]] = []
        for i in range(textpage.count_chars()):
            char = str(textpage.get_text_range(i, 1))
            if not char.strip() or char in "\ufffe\u0002":
                continue
            left, bottom, right, top = (float(v) for v in textpage.get_charbox(i))
            if right - left > 0 and top - bottom > 0:
                boxes.append((char, (left, bottom, right, top)))
        textpage.close()
        return boxes

    def text(self, index: int) -> str:
        textpage = self.pdfium[index].get_textpage()
        try:
            return str(textpage.get_text_range()).replace("\r\n", "\n")
        finally:
            textpage.close()


def colour_space_family(value: Any) -> str:
    """'DeviceCMYK', 'DeviceRGB', 'ICCBased/3', 'Separation(DeviceCMYK)', 'Indexed(DeviceRGB)', … for a colour space."""
    if value is None:
        return "none"
    if isinstance(value, IndirectObject):
        value = value.get_object()
    if isinstance(value, NameObject) or isinstance(value, str):
        return str(value).lstrip("/")
    if isinstance(value, ArrayObject) and value:
        family = str(value[0]).lstrip("/")
        if family == "ICCBased":
            stream = value[1].get_object()
            return f"ICCBased/{int(stream.get('/N', 0))}"
        if family in ("Separation", "DeviceN"):
            return f"{family}({colour_space_family(value[2])})"
        if family == "Indexed":
            return f"Indexed({colour_space_family(value[1])})"
        return family
    return "unknown"


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are content streams inside the PDF
    if font.get("/Subtype") == "/Type0":
        font = _dict(_array(font.get("/DescendantFonts"))[0])
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor.get_object() for key in _FONT_FILES)


_MAX_DEPTH = 64


def _walk(node: Any, found: list[StructElement], depth: int) -> None:
    """Structure elements below `node`, depth first in document order."""
    node = node.get_object() if isinstance(node, IndirectObject) else node
    if isinstance(node, ArrayObject):
        for kid in node:
            _walk(kid, found, depth)
    elif isinstance(node, DictionaryObject) and "/S" in node and depth < _MAX_DEPTH:
        kids = _kids(node)
        objects = tuple(kid.raw_get("/Obj").idnum for kid in kids if isinstance(kid, DictionaryObject)
                        and kid.get("/Type") == "/OBJR" and isinstance(kid.raw_get("/Obj"), IndirectObject))
        alt = node.get("/Alt")
        found.append(StructElement(str(node["/S"]).lstrip("/"), str(alt) if alt is not None else None,
                                   _marks_content(node, 0), objects))
        if "/K" in node:
            _walk(node["/K"], found, depth + 1)


def _kids(node: DictionaryObject) -> list[Any]:
    kids = node.get("/K")
    kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
    items = kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []
    return [kid.get_object() if isinstance(kid, IndirectObject) else kid for kid in items]


def _marks_content(node: DictionaryObject, depth: int) -> bool:
    """An MCID, a marked-content or object reference, in the element or below it."""
    for kid in _kids(node):
        if isinstance(kid, int) or (isinstance(kid, DictionaryObject) and kid.get("/Type") in ("/MCR", "/OBJR")):
            return True
        if isinstance(kid, DictionaryObject) and depth < _MAX_DEPTH and _marks_content(kid, depth + 1):
            return True
    return False


def _true(value: Any) -> bool:
    """A PDF boolean that is true (pypdf's BooleanObject is truthy whatever its value)."""
    return getattr(value, "value", value) is True


def _array(value: Any) -> ArrayObject:
    value = value.get_object() if value is not None else None
    return value if isinstance(value, ArrayObject) else ArrayObject()


def _dict(value: Any) -> DictionaryObject:
    if value is None:
        return DictionaryObject()
    value = value.get_object()
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _plain(value: Any, depth: int = 0) -> Any:
    """pypdf objects as Python values: numbers as float, names as '/Name' strings, arrays as tuples,
    dictionaries as dicts; references below the first level stay '<ref>' (page trees point back up)."""
    if isinstance(value, IndirectObject):
        if depth > 0:
            return "<ref>"
        value = value.get_object()
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, ArrayObject):
        return tuple(_plain(v, depth + 1) for v in value)
    if isinstance(value, StreamObject):
        return "<stream>"
    if isinstance(value, DictionaryObject):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    return str(value)
