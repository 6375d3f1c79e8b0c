"""Render helper for tagged PDF: Nodes in reading order → structure elements, ParentTree, XMP and catalog keys.

The tree is written as prepared PDF text whose references ReportLab resolves when it writes the file,
so it takes the document's own object numbers and stays deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObject, PDFObjectReference, PDFStream
from reportlab.pdfgen.canvas import Canvas

from generator.plan import Box, Plan
from generator.render.adapter import document
from generator.render.text import escape

# A piece of an element's dictionary: text, an object reference, or a list of these (one kid, e.g. an OBJR).
Part: TypeAlias = "str | bytes | PDFObjectReference | list[Any]"


@dataclass(slots=True)
class Node:
    """A piece of real content as drawn: a paragraph, a QR code, or a link gathering others."""

    role: str
    page: int
    rank: int
    seq: int
    box: Box
    mcids: tuple[int, ...] = ()
    alt: str | None = None
    annot: str | None = None  # the link annotation's name, for a Link node or a paragraph that is a link
    frame: int = -1  # which text frame: consecutive list items of one frame form one list
    kids: list[Node] = field(default_factory=list)


class _Raw(PDFObject):
    """A PDF object written from prepared pieces: text, bytes, and references resolved when the file is written.

    ReportLab's PDFDictionary formats every key and value through generic code, which made tagging cost a
    sheet a tenth more time; the structure tree has an object per paragraph, so it is written as text.
    """

    def __init__(self, parts: list[str | bytes | PDFObjectReference]) -> None:
        self.parts = parts

    def format(self, document: object) -> bytes:
        ids = document.idToObjectNumberAndVersion  # type: ignore[attr-defined]
        return b"".join(b"%d %d R" % ids[p.name] if isinstance(p, PDFObjectReference)
                        else p if isinstance(p, bytes) else p.encode("ascii") for p in self.parts)


def _text(value: str) -> bytes:
    """A PDF text string: literal when printable ASCII, else UTF-16BE with its byte order mark."""
    if all(" " <= c <= "~" for c in value):
        return b"(" + value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("ascii") + b")"
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


class StructureTree:
    """Structure elements as PDF objects, and the ParentTree that maps content back to them."""

    def __init__(self, canvas: Canvas, page_names: list[str]) -> None:
        self.doc = document(canvas)
        self.pages = [PDFObjectReference(name) for name in page_names]
        self.count = 0
        self.parents: dict[int, dict[int, str]] = {}  # page → MCID → element name
        self.annots: dict[str, str] = {}  # annotation name → Link element name

    def write(self, nodes: list[Node]) -> None:
        name = self._name()
        kids = [self._node(node, name) for node in nodes]
        self._register(name, "Document", "StructTreeRoot", None, None, kids)

    def _name(self) -> str:
        self.count += 1
        return f"SE{self.count - 1}"

    def _register(self, name: str, role: str, parent: str, page: int | None, alt: str | None, kids: list[Part]) -> None:
        # /Type /StructElem is optional: left out, it saves a sixth of every element's bytes.
        parts: list[Part] = [f"<< /S /{role} /P ", PDFObjectReference(parent)]
        if page is not None:
            parts += [" /Pg ", self.pages[page]]
        if alt is not None:
            parts += [" /Alt ", _text(alt)]
        if len(kids) == 1 and isinstance(kids[0], str):
            parts += [" /K ", kids[0]]
        else:
            parts.append(" /K [")
            for kid in kids:
                parts += [kid, " "] if not isinstance(kid, list) else [*kid, " "]
            parts.append("]")
        parts.append(" >>")
        self.doc.Reference(_Raw(parts), name)

    def _node(self, node: Node, parent: str) -> PDFObjectReference:
        name = self._name()
        if node.role == "LI":
            roles = ("Lbl", "LBody") if len(node.mcids) == 2 else ("LBody",)
            kids: list[Part] = [self._leaf(role, (mcid,), node.page, name, None, None)
                          for role, mcid in zip(roles, node.mcids)]
            self._register(name, "LI", parent, None, None, kids)
        elif node.annot and node.role != "Link":  # a paragraph that is a link: P > Link > text + OBJR
            link = self._leaf("Link", node.mcids, node.page, name, node.annot, node.alt or "")
            self._register(name, node.role, parent, None, None, [link])
        else:
            kids = [self._node(kid, name) for kid in node.kids] + self._content(node.mcids, node.page, name, node.annot)
            self._register(name, node.role, parent, node.page if node.mcids else None, node.alt, kids)
        return PDFObjectReference(name)

    def _leaf(self, role: str, mcids: tuple[int, ...], page: int, parent: str, annot: str | None,
              alt: str | None) -> PDFObjectReference:
        name = self._name()
        self._register(name, role, parent, page, alt, self._content(mcids, page, name, annot))
        return PDFObjectReference(name)

    def _content(self, mcids: tuple[int, ...], page: int, name: str, annot: str | None) -> list[Part]:
        """The element's marked content (MCIDs, noted for the ParentTree) and its annotation's OBJR."""
        items: list[Part] = []
        for mcid in mcids:
            self.parents.setdefault(page, {})[mcid] = name
            items.append(str(mcid))
        if annot:
            self.annots[annot] = name
            items.append(["<< /Type /OBJR /Obj ", self.doc.refAnnotation(annot), " /Pg ", self.pages[page], " >>"])
        return items

    def finish(self, page_count: int) -> None:
        nums: list[Part] = []
        for page in range(len(self.pages)):
            marks = self.parents.get(page, {})
            refs = [part for mcid in sorted(marks) for part in (PDFObjectReference(marks[mcid]), " ")]
            nums += [f"{page} [", *refs, "] "]
        for index, annot in enumerate(sorted(self.annots, key=lambda a: int(a.removeprefix("Link")))):
            nums += [f"{page_count + index} ", PDFObjectReference(self.annots[annot]), " "]
        root = _Raw(["<< /Type /StructTreeRoot /K ", PDFObjectReference("SE0"), " /ParentTree << /Nums [", *nums,
                     f"] >> /ParentTreeNextKey {page_count + len(self.annots)} >>"])
        self.doc.Reference(root, "StructTreeRoot")
        self.doc.Catalog.StructTreeRoot = PDFObjectReference("StructTreeRoot")


def declare_tagged(canvas: Canvas, plan: Plan, first_page: str) -> None:
    """MarkInfo, DisplayDocTitle, XMP metadata with the PDF/UA claim, and opening at the whole first page."""
    catalog = document(canvas).Catalog
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    canvas.setViewerPreference("DisplayDocTitle", "true")
    catalog.OpenAction = PDFArray([PDFObjectReference(first_page), PDFName("Fit")])
    stream = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                       _xmp(plan).encode("utf-8"), filters=[])
    catalog.Metadata = stream


def _xmp(plan: Plan) -> str:
    """The XMP packet: title, author and subject as in the document information, and pdfuaid:part 1."""
    meta = plan.meta
    return (f'<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
            f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
            f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li></rdf:Alt></dc:title>'
            f'<dc:creator><rdf:Seq><rdf:li>{escape(meta.author)}</rdf:li></rdf:Seq></dc:creator>'
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.subject)}</rdf:li></rdf:Alt>'
            f'</dc:description><pdfuaid:part>1</pdfuaid:part></rdf:Description></rdf:RDF></x:xmpmeta>'
            f'<?xpacket end="r"?>')
