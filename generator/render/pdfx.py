"""Render stage, last step for print: ReportLab's PDF bytes → the same file declaring PDF/X-1a:2003.

ReportLab writes only the catalog and info keys it knows, so the OutputIntent and the
version key are added here with pypdf. Deterministic: the objects are copied in order, the
file identifier is ReportLab's content digest, and nothing reads the clock.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

REGISTRY = "http://www.color.org"
PDF_HEADER = b"%PDF-1.4"  # PDF/X-1a:2003 is based on PDF 1.4


@dataclass(frozen=True, slots=True)
class OutputCondition:
    """A characterized printing condition registered with the ICC (no profile needs to be embedded)."""

    identifier: str
    condition: str
    info: str


OUTPUT_CONDITIONS: dict[str, OutputCondition] = {
    "FOGRA39": OutputCondition(
        "FOGRA39", "Coated FOGRA39 (ISO 12647-2:2004)",
        "Offset printing according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 = coated art, 115 g/m2, "
        "tone value increase curves A (CMY) and B (K); ICC profile ISO Coated v2 (ECI)"),
    "FOGRA51": OutputCondition(
        "FOGRA51", "PSO Coated v3 (FOGRA51)",
        "Offset printing according to ISO 12647-2:2013, OFCOM, paper type 1 or 2 = premium coated, 115 g/m2, "
        "tone value increase curves A (CMY) and A (K), measurement condition M1; ICC profile PSO Coated v3 (ECI)"),
}


def declare_pdfx(data: bytes, version: str, output_condition: str) -> bytes:
    """The PDF with an OutputIntent for `output_condition`, GTS_PDFXVersion `version` and Trapped /False."""
    condition = OUTPUT_CONDITIONS[output_condition]
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.pdf_header = PDF_HEADER
    intent = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFX"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(condition.identifier),
        NameObject("/OutputCondition"): TextStringObject(condition.condition),
        NameObject("/RegistryName"): TextStringObject(REGISTRY),
        NameObject("/Info"): TextStringObject(condition.info),
    })
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([intent])
    writer.add_metadata({"/GTS_PDFXVersion": version, "/Trapped": NameObject("/False")})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
