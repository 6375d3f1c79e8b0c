"""Render helper for print: declare PDF/X-1a:2003 on a ReportLab canvas before it is saved.

ReportLab writes only the catalog and info keys it knows, so a catalog and an info
object that know OutputIntents and GTS_PDFXVersion are swapped in here. Writing them
with ReportLab itself keeps the output deterministic and costs nothing (re-writing each
file with a second PDF library cost a quarter of a sheet's time).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfdoc import PDFArray, PDFCatalog, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

PDF_VERSION = (1, 4)  # PDF/X-1a:2003 is based on PDF 1.4
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


class _PdfxCatalog(PDFCatalog):
    __NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents"]


class _PdfxInfo(PDFInfo):
    pdfx_version = ""

    def format(self, document: object) -> bytes:
        # PDFInfo.format builds its dictionary inline; add the version key to its output.
        text = super().format(document)
        key = b"/GTS_PDFXVersion " + PDFString(self.pdfx_version).format(document)
        return text.replace(b"<<", b"<< " + key + b"\n", 1)


def declare_pdfx(canvas: Canvas, version: str, output_condition: str) -> None:
    """An OutputIntent for `output_condition`, GTS_PDFXVersion `version` and Trapped /False."""
    condition = OUTPUT_CONDITIONS[output_condition]
    document = canvas._doc  # ReportLab offers no public hook for catalog entries
    document.Catalog.__class__ = _PdfxCatalog
    document.Catalog.OutputIntents = PDFArray([PDFDictionary({
        "Type": PDFName("OutputIntent"),
        "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString(condition.identifier),
        "OutputCondition": PDFString(condition.condition),
        "RegistryName": PDFString(REGISTRY),
        "Info": PDFString(condition.info),
    })])
    document.info.__class__ = _PdfxInfo
    document.info.pdfx_version = version
    document.info.trapped = "False"
