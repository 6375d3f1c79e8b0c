"""Render helper for tagged PDF (PDF/UA-1): the plan's roles → marked content, structure tree, XMP and catalog.

While pages are drawn, each paragraph, QR code and link becomes a Node: its role, page, marked-content ids
(MCIDs) and reading rank, all taken from the plan; fills, rules and artifact-role text are wrapped in
/Artifact. Before the canvas is saved the nodes become structure elements in reading order: list items
grouped into lists, the content inside a link's box gathered into its Link element with the annotation's
OBJR (`structure.py` writes the tree). ReportLab has no API for any of this: operators go in through
`addLiteral`, annotations through the canvas' own registry, so the output stays deterministic. `NoTags`
draws the same links untagged.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

from generator.plan import Box, Fill, Item, PagePlan, Para, Plan, QrCode, Rule, TextFrame
from generator.profiles import Profile
from generator.render.adapter import add_entries, document
from generator.qr import bare_url
from generator.render.structure import Node, StructureTree, declare_tagged

TAGGED_PDF_VERSION = (1, 7)  # PDF/UA-1 is based on PDF 1.7 (ISO 32000-1)


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
        self.page_names.append(document(self.canvas).thisPageName())

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
            mcids: tuple[int, ...] = (label, body)
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
        self._annotation(rect, f"Link zu {bare_url(url)}", box, A=action)

    def jump(self, anchor: str, rect: tuple[float, float, float, float], box: Box) -> None:
        title = next((p.bookmark for p in self.plan.pages if p.anchor == anchor and p.bookmark), anchor)
        self._annotation(rect, f"Gehe zu: {title}", box, Dest=self.canvas._bookmarkReference(anchor))

    # The document

    def finish(self) -> None:
        tree = StructureTree(self.canvas, self.page_names)
        tree.write(_grouped(self.nodes))
        for index, page in enumerate(document(self.canvas).Pages.pages):
            parents = {"StructParents": index} if index < len(self.page_names) else {}
            add_entries(page, **parents, Tabs=PDFName("S"))
        tree.finish(len(self.plan.pages))
        declare_tagged(self.canvas, self.plan, self.page_names[0])


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
    for node in ordered:
        if id(node) in taken:
            continue
        if node.role == "Link" and node.kids:  # a link reads where its first content reads
            node.rank, node.seq = node.kids[0].rank, node.kids[0].seq
        result.append(node)
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
    eps = 0.5  # mm: a contents row's frames sit a little inside its jump area
    return (box.x >= outer.x - eps and box.y >= outer.y - eps and box.right <= outer.right + eps
            and box.bottom <= outer.bottom + eps)
