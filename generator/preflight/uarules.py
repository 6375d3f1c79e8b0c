"""Preflight, tagged PDF/UA-1 (ISO 14289-1) rules a program can verify in the file → Findings.

Every text and path operator inside marked content (tagged, or /Artifact), no structure element
without content, an /Alt on every Figure, no skipped heading level in the tree's order, every link
annotation described and tied to a Link element (OBJR), and the document-level keys: MarkInfo,
StructTreeRoot, XMP with dc:title and pdfuaid:part 1, DisplayDocTitle, /Tabs /S. Whether the alt
texts say the right thing, and the reading order makes sense, is for a person to judge.
"""

from __future__ import annotations

import re
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from generator.preflight.checks import Subject, failed, passed
from generator.preflight.pdfread import PdfFile
from generator.preflight.report import Finding

# Text-showing and path-painting operators, and XObjects: what a reader sees or hears.
PAINTING = frozenset({"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI"})
HEADING = re.compile(r"/H([1-6])")
MAX_DEPTH = 64


def check_tagged(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """The document's tagging as a screen reader meets it; each failed rule named with where it fails."""
    catalog = pdf.reader.trailer["/Root"].get_object()
    problems = [*_document(pdf, catalog), *_untagged(pdf)]
    root = catalog.get("/StructTreeRoot")
    elements = _elements(root.get_object()) if root is not None else []
    problems += _structure(elements)
    problems += _links(pdf, elements)
    if problems:
        return failed("tagged PDF/UA-1", problems)
    headings = sum(1 for e in elements if HEADING.fullmatch(str(e.get("/S", ""))))
    return passed("tagged PDF/UA-1", f"{len(elements)} structure elements, {headings} headings, all content tagged")


def _document(pdf: PdfFile, catalog: DictionaryObject) -> list[str]:
    problems = []
    mark_info = _get(catalog, "/MarkInfo")
    if not (isinstance(mark_info, DictionaryObject) and _true(mark_info.get("/Marked"))):
        problems.append("not marked as tagged (/MarkInfo << /Marked true >>)")
    if catalog.get("/StructTreeRoot") is None:
        problems.append("no structure tree (/StructTreeRoot)")
    preferences = _get(catalog, "/ViewerPreferences")
    if not (isinstance(preferences, DictionaryObject) and _true(preferences.get("/DisplayDocTitle"))):
        problems.append("the viewer is not asked to show the title (/DisplayDocTitle true)")
    metadata = _get(catalog, "/Metadata")
    xmp = metadata.get_data().decode("utf-8", "replace") if metadata is not None else ""
    if "<dc:title>" not in xmp:
        problems.append("no XMP metadata with dc:title")
    if not re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", xmp):
        problems.append("the XMP metadata does not claim PDF/UA-1 (pdfuaid:part 1)")
    untabbed = [i + 1 for i, page in enumerate(pdf.reader.pages) if page.get("/Tabs") != "/S"]
    if untabbed:
        problems.append(f"page {_pages(untabbed)}: tab order does not follow the structure (/Tabs /S)")
    return problems


def _untagged(pdf: PdfFile) -> list[str]:
    """Text and paths outside any marked-content sequence, counted per page."""
    found: dict[int, int] = {}
    depth, page = 0, -1
    for op in pdf.operations():
        if op.page != page:
            depth, page = 0, op.page
        if op.name in ("BDC", "BMC"):
            depth += 1
        elif op.name == "EMC":
            depth = max(depth - 1, 0)
        elif op.name in PAINTING and depth == 0:
            found[op.page] = found.get(op.page, 0) + 1
    return [f"page {page + 1}: {count} text or path operator{'s' if count > 1 else ''} outside marked content "
            "(neither tagged nor an artifact)" for page, count in sorted(found.items())]


def _elements(root: DictionaryObject) -> list[DictionaryObject]:
    """Every structure element below the root, depth first in document order."""
    found: list[DictionaryObject] = []

    def walk(node: Any, depth: int) -> None:
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid, depth)
        elif isinstance(node, DictionaryObject) and "/S" in node and depth < MAX_DEPTH:
            found.append(node)
            if "/K" in node:
                walk(node["/K"], depth + 1)

    walk(root.get("/K"), 0)
    return found


def _content(element: DictionaryObject, depth: int = 0) -> bool:
    """Whether the element marks page content (an MCID, a marked-content or object reference) itself or below."""
    kids = element.get("/K")
    kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
    for kid in kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []:
        kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if isinstance(kid, int) or (isinstance(kid, DictionaryObject) and kid.get("/Type") in ("/MCR", "/OBJR")):
            return True
        if isinstance(kid, DictionaryObject) and depth < MAX_DEPTH and _content(kid, depth + 1):
            return True
    return False


def _structure(elements: list[DictionaryObject]) -> list[str]:
    problems, level = [], 0
    for element in elements:
        role = str(element.get("/S"))
        if not _content(element):
            problems.append(f"a {role.lstrip('/')} structure element without content")
        if role == "/Figure" and not str(element.get("/Alt", "")).strip():
            problems.append("a Figure without alternative text (/Alt)")
        heading = HEADING.fullmatch(role)
        if heading:
            if int(heading.group(1)) > level + 1:
                problems.append(f"heading level skipped: H{heading.group(1)} after "
                                f"{f'H{level}' if level else 'no heading'}")
            level = int(heading.group(1))
    return problems


def _links(pdf: PdfFile, elements: list[DictionaryObject]) -> list[str]:
    """Every link annotation has /Contents and is the object of an OBJR in a Link element."""
    tied = set()
    for element in elements:
        if element.get("/S") != "/Link":
            continue
        kids = element.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(kid, DictionaryObject) and kid.get("/Type") == "/OBJR":
                obj = kid.raw_get("/Obj")
                if isinstance(obj, IndirectObject):
                    tied.add(obj.idnum)
    problems = []
    for index, page in enumerate(pdf.reader.pages):
        for ref in page.get("/Annots") or ():
            annotation = ref.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            if not str(annotation.get("/Contents", "")).strip():
                problems.append(f"page {index + 1}: a link without a description (/Contents)")
            if not isinstance(ref, IndirectObject) or ref.idnum not in tied:
                problems.append(f"page {index + 1}: a link annotation not tied to a Link structure element (OBJR)")
    return problems


def _true(value: Any) -> bool:
    """A PDF boolean that is true (pypdf's BooleanObject is truthy whatever its value)."""
    return getattr(value, "value", value) is True


def _get(dictionary: DictionaryObject, key: str) -> Any:
    value = dictionary.get(key)
    return value.get_object() if isinstance(value, IndirectObject) else value


def _pages(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:5]) + (" …" if len(numbers) > 5 else "")
