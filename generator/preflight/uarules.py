"""Preflight, tagged PDF/UA-1 (ISO 14289-1) rules a program can verify in the file → Findings.

Every text and path operator inside marked content (tagged, or /Artifact), no structure element
without content, an /Alt on every Figure, no skipped heading level in the tree's order, every link
annotation described and tied to a Link element (OBJR), and the document-level keys: MarkInfo,
StructTreeRoot, XMP with dc:title and pdfuaid:part 1, DisplayDocTitle, /Tabs /S. Whether the alt
texts say the right thing, and the reading order makes sense, is for a person to judge.
"""

from __future__ import annotations

import re

from generator.messages import msg, register
from generator.preflight.checks import Subject, failed, passed
from generator.preflight.pdfread import PdfFile, StructElement, Tagging
from generator.preflight.report import Finding

register({
    "ua.ok": ("{elements} Strukturelemente, {headings} Überschriften, aller Inhalt ausgezeichnet",
              "{elements} structure elements, {headings} headings, all content tagged"),
    "ua.not_marked": ("nicht als ausgezeichnet markiert (/MarkInfo << /Marked true >>)",
                      "not marked as tagged (/MarkInfo << /Marked true >>)"),
    "ua.no_tree": ("kein Strukturbaum (/StructTreeRoot)", "no structure tree (/StructTreeRoot)"),
    "ua.no_title": ("der Betrachter soll den Titel nicht zeigen (/DisplayDocTitle true fehlt)",
                    "the viewer is not asked to show the title (/DisplayDocTitle true)"),
    "ua.no_xmp": ("keine XMP-Metadaten mit dc:title", "no XMP metadata with dc:title"),
    "ua.no_claim": ("die XMP-Metadaten nennen nicht PDF/UA-1 (pdfuaid:part 1)",
                    "the XMP metadata does not claim PDF/UA-1 (pdfuaid:part 1)"),
    "ua.tabs": ("Seite {pages}: die Tab-Reihenfolge folgt nicht der Struktur (/Tabs /S)",
                "page {pages}: tab order does not follow the structure (/Tabs /S)"),
    "ua.untagged.one": ("Seite {page}: {count} Text- oder Pfadoperator außerhalb ausgezeichneter Inhalte "
                        "(weder ausgezeichnet noch Artefakt)", "page {page}: {count} text or path operator outside "
                        "marked content (neither tagged nor an artifact)"),
    "ua.untagged.many": ("Seite {page}: {count} Text- oder Pfadoperatoren außerhalb ausgezeichneter Inhalte "
                         "(weder ausgezeichnet noch Artefakt)", "page {page}: {count} text or path operators outside "
                         "marked content (neither tagged nor an artifact)"),
    "ua.empty": ("ein Strukturelement {role} ohne Inhalt", "a {role} structure element without content"),
    "ua.no_alt": ("eine Abbildung (Figure) ohne Alternativtext (/Alt)", "a Figure without alternative text (/Alt)"),
    "ua.skipped": ("Überschriftenebene übersprungen: {level} nach {after}",
                   "heading level skipped: {level} after {after}"),
    "ua.skipped_first": ("Überschriftenebene übersprungen: {level} ohne Überschrift davor",
                         "heading level skipped: {level} after no heading"),
    "ua.link_contents": ("Seite {page}: ein Link ohne Beschreibung (/Contents)",
                         "page {page}: a link without a description (/Contents)"),
    "ua.link_objr": ("Seite {page}: eine Link-Anmerkung ohne Link-Strukturelement (OBJR)",
                     "page {page}: a link annotation not tied to a Link structure element (OBJR)"),
})

# Text-showing and path-painting operators, and XObjects: what a reader sees or hears.
PAINTING = frozenset({"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI"})
HEADING = re.compile(r"H([1-6])")


def check_tagged(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """The document's tagging as a screen reader meets it; each failed rule named with where it fails."""
    tags = pdf.tagging()
    problems = [*_document(tags), *_untagged(pdf), *_structure(tags.elements), *_links(tags)]
    if problems:
        return failed("tagged PDF/UA-1", problems)
    headings = sum(1 for e in tags.elements if HEADING.fullmatch(e.role))
    return passed("tagged PDF/UA-1",
                  msg("ua.ok", elements=len(tags.elements), headings=headings))


def _document(tags: Tagging) -> list[str]:
    problems = []
    if not tags.marked:
        problems.append(msg("ua.not_marked"))
    if not tags.struct_tree:
        problems.append(msg("ua.no_tree"))
    if not tags.display_doc_title:
        problems.append(msg("ua.no_title"))
    if "<dc:title>" not in tags.xmp:
        problems.append(msg("ua.no_xmp"))
    if not re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", tags.xmp):
        problems.append(msg("ua.no_claim"))
    untabbed = [i + 1 for i, tabs in enumerate(tags.tabs) if tabs != "S"]
    if untabbed:
        problems.append(msg("ua.tabs", pages=_pages(untabbed)))
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
    return [msg("ua.untagged.one" if count == 1 else "ua.untagged.many", page=page + 1, count=count)
            for page, count in sorted(found.items())]


def _structure(elements: tuple[StructElement, ...]) -> list[str]:
    problems, level = [], 0
    for element in elements:
        if not element.has_content:
            problems.append(msg("ua.empty", role=element.role))
        if element.role == "Figure" and not (element.alt or "").strip():
            problems.append(msg("ua.no_alt"))
        heading = HEADING.fullmatch(element.role)
        if heading:
            if int(heading.group(1)) > level + 1:
                problems.append(msg("ua.skipped", level=f"H{heading.group(1)}", after=f"H{level}")
                                if level else msg("ua.skipped_first", level=f"H{heading.group(1)}"))
            level = int(heading.group(1))
    return problems


def _links(tags: Tagging) -> list[str]:
    """Every link annotation has /Contents and is the object of an OBJR in a Link element."""
    tied = {obj for element in tags.elements if element.role == "Link" for obj in element.objects}
    problems = []
    for link in tags.links:
        if not (link.contents or "").strip():
            problems.append(msg("ua.link_contents", page=link.page + 1))
        if link.object not in tied:
            problems.append(msg("ua.link_objr", page=link.page + 1))
    return problems


def _pages(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:5]) + (" …" if len(numbers) > 5 else "")
