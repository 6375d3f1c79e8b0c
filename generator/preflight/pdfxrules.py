"""Preflight, PDF/X-1a:2003 (ISO 15930-4) rules a program can verify in the file → Findings.

Fonts (all embedded) and colour (CMYK only) are the `fonts` and `colour` checks; the page
boxes are the `boxes` check. What no program can tell from the file is listed in NOT_CHECKED.
"""

from __future__ import annotations

from generator.preflight.checks import Subject, failed, passed
from generator.preflight.pdfread import PdfFile
from generator.preflight.report import Finding
from generator.profiles import ICC_REGISTRY, OUTPUT_CONDITIONS, PDFX_HEADERS

PDFX_VERSION = "PDF/X-1a:2003"
ALLOWED_HEADERS = PDFX_HEADERS[PDFX_VERSION]
OPAQUE_BLEND = frozenset({"/Normal", "/Compatible"})
MARK_ANNOTATIONS = frozenset({"PrinterMark", "TrapNet"})

NOT_CHECKED = (
    "PDF/X: that the named output condition (FOGRA39 or FOGRA51) is the press and paper the print shop uses — "
    "ask the shop",
    "PDF/X: that the embedded font programs are complete and licensed for embedding — only their presence is checked",
    "PDF/X: trapping — the files declare Trapped /False, so the shop traps where its press needs it",
    "PDF/X: how the colours look on the press — a soft proof or a contract proof shows that",
    "overprinting and knock-outs as the designer intended — a separation preview shows that",
)


def check_pdfx(pdf: PdfFile, subject: Subject) -> list[Finding]:
    """Header, version key, OutputIntent, Trapped, Title and dates, file ID, no transparency, actions or
    annotations on the sheet, no PostScript or OPI."""
    problems = [*_declaration(pdf, subject), *_document(pdf), *_transparency(pdf), *_interactive(pdf)]
    if problems:
        return failed("pdfx", problems)
    condition = subject.layout.output_condition if subject.layout else "FOGRA39"
    return passed("pdfx", f"{PDFX_VERSION}, output condition {condition} ({OUTPUT_CONDITIONS[condition].condition})")


def _declaration(pdf: PdfFile, subject: Subject) -> list[str]:
    problems = []
    if pdf.header not in ALLOWED_HEADERS:
        problems.append(f"the header is {pdf.header!r}; PDF/X-1a:2003 needs PDF 1.3 or 1.4")
    info = pdf.info()
    if info.get("GTS_PDFXVersion") != PDFX_VERSION:
        problems.append(f"GTS_PDFXVersion is {info.get('GTS_PDFXVersion', 'missing')!r}, not {PDFX_VERSION!r}")
    intents = [i for i in pdf.output_intents() if i.get("S") == "/GTS_PDFX"]
    if len(intents) != 1:
        return problems + [f"{len(intents)} PDF/X OutputIntents, exactly one needed"]
    intent = intents[0]
    wanted = subject.layout.output_condition if subject.layout else None
    found = intent.get("OutputConditionIdentifier")
    if wanted and found != wanted:
        problems.append(f"the OutputIntent names {found!r}, the layout asks for {wanted!r}")
    if "DestOutputProfile" not in intent:
        if found not in OUTPUT_CONDITIONS:
            problems.append(f"the OutputIntent names {found!r}, which is no registered characterization, "
                            "and embeds no ICC profile")
        if intent.get("RegistryName") != ICC_REGISTRY:
            problems.append(f"the OutputIntent's RegistryName is {intent.get('RegistryName', 'missing')!r}, "
                            f"not {ICC_REGISTRY!r}")
    return problems


def _document(pdf: PdfFile) -> list[str]:
    info, problems = pdf.info(), []
    if info.get("Trapped", "").lstrip("/") not in ("True", "False"):
        problems.append(f"Trapped is {info.get('Trapped', 'missing')!r}; PDF/X needs True or False")
    problems += [f"no {key} in the document information" for key in ("Title", "CreationDate", "ModDate")
                 if not info.get(key)]
    if "/ID" not in pdf.trailer_keys():
        problems.append("no file identifier (/ID) in the trailer")
    if pdf.encrypted:
        problems.append("the file is encrypted")
    problems += [f"page {i + 1}: no TrimBox" for i in range(pdf.page_count) if pdf.boxes(i)["TrimBox"] is None]
    return problems


def _transparency(pdf: PdfFile) -> list[str]:
    problems = []
    for page, state in pdf.graphics_states():
        soft = state.get("SMask", "/None")
        if soft != "/None":
            problems.append(f"page {page + 1}: a soft mask (transparency)")
        for key in ("CA", "ca"):
            if float(state.get(key, 1.0)) < 1.0:
                problems.append(f"page {page + 1}: opacity {key} {state[key]:g} (transparency)")
        blend = state.get("BM", "/Normal")
        if (blend if isinstance(blend, str) else blend[0]) not in OPAQUE_BLEND:
            problems.append(f"page {page + 1}: blend mode {blend} (transparency)")
        if state.get("TR", "/Default") != "/Default" or state.get("TR2", "/Default") != "/Default":
            problems.append(f"page {page + 1}: a transfer function")
    problems += [f"page {image.page + 1}: an image with a soft mask (transparency)" for image in pdf.images()
                 if image.soft_mask]
    problems += [f"page {page + 1}: a transparency group" for page in pdf.pages_with("/Group")]
    return problems


def _interactive(pdf: PdfFile) -> list[str]:
    problems = []
    for annotation in pdf.annotations():
        if annotation.subtype not in MARK_ANNOTATIONS:
            problems.append(f"page {annotation.page + 1}: a {annotation.subtype} annotation (print files take none)")
    if pdf.has_javascript() or pdf.page_actions():
        problems.append("actions or JavaScript")
    subtypes = pdf.xobject_subtypes()
    if "PS" in subtypes:
        problems.append("a PostScript XObject")
    if pdf.has_opi():
        problems.append("OPI comments (images to be replaced by the print shop)")
    return problems
