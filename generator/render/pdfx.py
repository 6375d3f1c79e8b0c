"""Render helper for print: declare PDF/X-1a:2003 on a ReportLab canvas before it is saved.

ReportLab writes only the catalog and info keys it knows; the OutputIntents and GTS_PDFXVersion
keys go in through the adapter (`render/adapter.py`). Writing them with ReportLab itself keeps
the output deterministic and costs nothing (re-writing each file with a second PDF library cost a
quarter of a sheet's time). The output conditions are data of the profiles, which preflight checks
against too.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

from generator.profiles import ICC_REGISTRY, OUTPUT_CONDITIONS
from generator.render.adapter import add_entries, add_info_entries, document

PDF_VERSION = (1, 4)  # PDF/X-1a:2003 is based on PDF 1.4


def declare_pdfx(canvas: Canvas, version: str, output_condition: str) -> None:
    """An OutputIntent for `output_condition`, GTS_PDFXVersion `version` and Trapped /False."""
    condition = OUTPUT_CONDITIONS[output_condition]
    pdf = document(canvas)
    add_entries(pdf.Catalog, OutputIntents=PDFArray([PDFDictionary({
        "Type": PDFName("OutputIntent"),
        "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString(condition.identifier),
        "OutputCondition": PDFString(condition.condition),
        "RegistryName": PDFString(ICC_REGISTRY),
        "Info": PDFString(condition.info),
    })]))
    add_info_entries(canvas, GTS_PDFXVersion=version)
    pdf.info.trapped = "False"
