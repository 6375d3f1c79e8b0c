"""Render helper for tagged PDF (PDF/UA-1): the plan's roles → marked content, structure tree, XMP and catalog.

While pages are drawn, each paragraph, QR code and link becomes a Node: its role, page, marked-content ids
(MCIDs) and reading rank, all taken from the plan; fills, rules and artifact-role text are wrapped in
/Artifact. Before the canvas is saved the nodes become structure elements in reading order: list items
grouped into lists, the content inside a link's box gathered into its Link element with the annotation's
OBJR. ReportLab has no API for any of this: operators go in through `addLiteral`, objects through the
document's own `Reference`, so the output stays deterministic. `NoTags` draws the same links untagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (PDFArray, PDFDictionary, PDFName, PDFObject, PDFObjectReference, PDFPage,
                                      PDFStream, PDFString)
from reportlab.pdfgen.canvas import Canvas

from generator.plan import Box, Fill, Item, PagePlan, Para, Plan, QrCode, Rule, TextFrame
from generator.profiles import Profile

TAGGED_PDF_VERSION = (1, 7)  # PDF/UA-1 is based on PDF 1.7 (ISO 32000-1)
HEADINGS = ("H1", "H2", "H3", "H4", "H5", "H6")


def bare(url: str) -> str:
    return url.split("://", 1)[-1].removeprefix("www.").rstrip("/")


class NoTags:
    """Untagged output: links as ReportLab draws them, nothing else."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas

    def start_page(self, index: int, page: PagePlan, key: str) -> None:
        pass

    def begin(self, item: Item) -> None:
        pass

    def end(self, item: Item) -> None:
        pass

    def begin_para(self, para: Para, box: Box) -> None:
        pass

    def end_para(self) -> None:
        pass

    def link(self, url: str, rect: tuple[float, float, float, float], box: Box | None = None) -> None:
        """A URI link on `rect`; `box` None: the link belongs to the paragraph just drawn."""
        self.canvas.linkURL(url, rect, relative=0, thickness=0)

    def jump(self, anchor: str, rect: tuple[float, float, float, float], box: Box) -> None:
        self.canvas.linkRect("", anchor, rect, relative=0, thickness=0)

    def finish(self) -> None:
        pass


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


class _TaggedPage(PDFPage):
    __NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]


class Tagger(NoTags):
    """Marks content while pages are drawn; `finish` writes the structure tree before the canvas is saved."""

    def __init__(self, canvas: Canvas, plan: Plan, outline: bool) -> None:
        super().__init__(canvas)
        self.plan, self.outline = plan, outline
        self.nodes: list[Node] = []
        self.links: list[Node] = []
        self.page_names: list[str] = []
        self.page, self.mcid, self.seq, self.frame, self.headings = -1, 0, 0, 0, 0
        self.plan_page: PagePlan | None = None
        self.key = ""
        self._open: tuple[str, int, Box] = ("Artifact", 0, Box(0, 0, 0, 0))
        self._para: Node | None = None  # the paragraph just drawn, which a link without a box belongs to

    def start_page(self, index: int, page: PagePlan, key: str) -> None:
        self.page, self.mcid, self.plan_page, self.key = index, 0, page, key
        self.page_names.append(self.canvas._doc.thisPageName())

    def _next_mcid(self) -> int:
        self.mcid += 1
        return self.mcid - 1

    def _add(self, node: Node) -> Node:
        self.seq += 1
        self.nodes.append(node)
        return node

    def _rank(self, box: Box) -> int:
        return self.plan_page.rank(box) if self.plan_page else 0

    # Items drawn by render's page loop

    def begin(self, item: Item) -> None:
        if isinstance(item, (Fill, Rule)):
            self.canvas.addLiteral("/Artifact BMC")
        elif isinstance(item, QrCode):
            mcid = self._next_mcid()
            self.canvas.addLiteral(f"/Figure <</MCID {mcid}>> BDC")
            self._add(Node("Figure", self.page, self._rank(item.box), self.seq, item.box, (mcid,), alt=item.alt))
        elif isinstance(item, TextFrame):
            self.frame += 1

    def end(self, item: Item) -> None:
        if isinstance(item, (Fill, Rule, QrCode)):
            self.canvas.addLiteral("EMC")

    # Paragraphs drawn by render's frame loop

    def begin_para(self, para: Para, box: Box) -> None:
        role = para.role
        if role == "Artifact":
            self.canvas.addLiteral("/Artifact BMC")
        elif role != "LI":  # a list item is marked once drawn: label and body are two sequences
            self.canvas.addLiteral(f"/{role} <</MCID {self.mcid}>> BDC")
        self._open, self._para = (role, len(self.canvas._code), box), None
        if self.outline and role == "H2" and self.plan_page is not None and self.plan_page.bookmark:
            # Outline entries are keyed by their destination: each heading needs one of its own.
            self.headings += 1
            self.canvas.bookmarkPage(f"{self.key}.{self.headings}")
            self.canvas.addOutlineEntry(para.text, f"{self.key}.{self.headings}", level=1)
        if role not in ("Artifact", "LI"):
            self._para = self._add(Node(role, self.page, self._rank(box), self.seq, box, (self._next_mcid(),)))

    def end_para(self) -> None:
        role, start, box = self._open
        if role != "LI":
            self.canvas.addLiteral("EMC")
            return
        code = self.canvas._code
        texts = [i for i in range(start, len(code)) if code[i].startswith("BT")]
        if len(texts) >= 2:  # the bullet is a text object of its own, before the paragraph's
            label, body = self._next_mcid(), self._next_mcid()
            code.insert(texts[-1] + 1, "EMC")
            code.insert(texts[1], f"EMC /LBody <</MCID {body}>> BDC")
            code.insert(texts[0], f"/Lbl <</MCID {label}>> BDC")
            mcids = (label, body)
        else:
            mcids = (self._next_mcid(),)
            code.insert(start, f"/LBody <</MCID {mcids[0]}>> BDC")
            code.append("EMC")
        self._para = self._add(Node("LI", self.page, self._rank(box), self.seq, box, mcids, frame=self.frame))

    # Links

    def _annotation(self, rect: tuple[float, float, float, float], text: str, box: Box | None,
                    **entries: object) -> None:
        name = f"Link{len(self.links) + 1}"
        key = len(self.plan.pages) + len(self.links)
        annotation = PDFDictionary({"Type": PDFName("Annot"), "Subtype": PDFName("Link"), "Rect": PDFArray(rect),
                                    "Border": PDFArray([0, 0, 0]), "Contents": PDFString(text),
                                    "StructParent": key, **entries})
        self.canvas._addAnnotation(annotation, name)  # ReportLab's link helpers accept no /StructParent
        node = Node("Link", self.page, 0, self.seq, box or Box(0, 0, 0, 0), alt=text, annot=name)
        self.links.append(node)
        if box is None and self._para is not None and self._para.annot is None:
            self._para.annot, self._para.alt = name, text  # the paragraph just drawn is the link's text
        else:
            node.rank = self._rank(node.box)
            self._add(node)

    def link(self, url: str, rect: tuple[float, float, float, float], box: Box | None = None) -> None:
        action = PDFDictionary({"Type": PDFName("Action"), "S": PDFName("URI"), "URI": PDFString(url)})
        self._annotation(rect, f"Link zu {bare(url)}", box, A=action)

    def jump(self, anchor: str, rect: tuple[float, float, float, float], box: Box) -> None:
        title = next((p.bookmark for p in self.plan.pages if p.anchor == anchor and p.bookmark), anchor)
        self._annotation(rect, f"Gehe zu: {title}", box, Dest=self.canvas._bookmarkReference(anchor))

    # The document

    def finish(self) -> None:
        tree = _Tree(self.canvas, self.page_names)
        tree.write(_grouped(self.nodes))
        pages = self.canvas._doc.Pages.pages
        for index, page in enumerate(pages):
            page.__class__ = _TaggedPage
            page.Tabs = PDFName("S")
            if index < len(self.page_names):
                page.StructParents = index
        tree.finish(len(self.plan.pages))
        _catalog(self.canvas, self.plan, self.page_names[0])


def tagger_for(canvas: Canvas, plan: Plan, profile: Profile) -> NoTags:
    """Tagged output for a tagged profile; the plan's outline depth decides whether H2 headings get bookmarks."""
    return Tagger(canvas, plan, profile.outline and plan.outline_depth >= 2) if profile.tagged else NoTags(canvas)


def _grouped(nodes: list[Node]) -> list[Node]:
    """Reading order, each link's content gathered into it, consecutive list items of a frame into a list."""
    ordered = sorted(nodes, key=lambda n: (n.rank, n.page, n.seq))
    links = [n for n in ordered if n.role == "Link"]
    taken: set[int] = set()
    for link in links:
        link.kids = [n for n in ordered if n.role != "Link" and n.page == link.page and id(n) not in taken
                     and _inside(n.box, link.box)]
        taken.update(id(n) for n in link.kids)
    result: list[Node] = []
    placed: set[int] = set()
    for node in ordered:
        if id(node) in taken:
            continue
        if node.role == "Link" and node.kids:
            node.rank, node.seq = node.kids[0].rank, node.kids[0].seq
        result.append(node)
        placed.add(id(node))
    result.sort(key=lambda n: (n.rank, n.page, n.seq))
    lists: list[Node] = []
    for node in result:
        if node.role == "LI" and lists and lists[-1].role == "L" and lists[-1].kids[-1].frame == node.frame:
            lists[-1].kids.append(node)
        elif node.role == "LI":
            lists.append(Node("L", node.page, node.rank, node.seq, node.box, kids=[node]))
        else:
            lists.append(node)
    return lists


def _inside(box: Box, outer: Box) -> bool:
    eps = 0.5
    return (box.x >= outer.x - eps and box.y >= outer.y - eps and box.right <= outer.right + eps
            and box.bottom <= outer.bottom + eps)


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


class _Tree:
    """Structure elements as PDF objects, and the ParentTree that maps content back to them."""

    def __init__(self, canvas: Canvas, page_names: list[str]) -> None:
        self.doc = canvas._doc
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

    def _register(self, name: str, role: str, parent: str, page: int | None, alt: str | None, kids: list) -> None:
        # /Type /StructElem is optional: left out, it saves a sixth of every element's bytes.
        parts: list = [f"<< /S /{role} /P ", PDFObjectReference(parent)]
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
            kids: list = [self._leaf(role, (mcid,), node.page, name, None, None)
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

    def _content(self, mcids: tuple[int, ...], page: int, name: str, annot: str | None) -> list:
        """The element's marked content (MCIDs, noted for the ParentTree) and its annotation's OBJR."""
        items: list = []
        for mcid in mcids:
            self.parents.setdefault(page, {})[mcid] = name
            items.append(str(mcid))
        if annot:
            self.annots[annot] = name
            items.append(["<< /Type /OBJR /Obj ", self.doc.refAnnotation(annot), " /Pg ", self.pages[page], " >>"])
        return items

    def finish(self, page_count: int) -> None:
        nums: list = []
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


def _catalog(canvas: Canvas, plan: Plan, first_page: str) -> None:
    """MarkInfo, DisplayDocTitle, XMP metadata with the PDF/UA claim, and opening at the whole first page."""
    catalog = canvas._doc.Catalog
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
