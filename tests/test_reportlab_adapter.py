"""The ReportLab adapter (generator/render/adapter.py) still works on the ReportLab installed: each test fails
when ReportLab changes underneath one of its hooks."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest
from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfgen.canvas import Canvas

from generator.render.adapter import add_entries, add_info_entries, document, stream_settings
from generator.render.fonts import register
from generator.stand import packaged_font_dir


def _saved(canvas: Canvas, buffer: io.BytesIO) -> pypdf.PdfReader:
    canvas.showPage()
    canvas.save()
    return pypdf.PdfReader(io.BytesIO(buffer.getvalue()))


def test_catalog_page_and_info_entries_reach_the_file() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(10, 10, "x")
    add_entries(document(canvas).Catalog, OutputIntents=PDFName("Probe"))
    add_info_entries(canvas, GTS_PDFXVersion="PDF/X-1a:2003")
    canvas.showPage()
    add_entries(document(canvas).Pages.pages[0], Tabs=PDFName("S"), StructParents=0)
    canvas.save()
    reader = pypdf.PdfReader(io.BytesIO(buffer.getvalue()))
    assert reader.trailer["/Root"]["/OutputIntents"] == "/Probe"
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-1a:2003"
    assert reader.pages[0]["/Tabs"] == "/S" and reader.pages[0]["/StructParents"] == 0


def test_entries_touch_one_canvas_only() -> None:
    first, second = Canvas(io.BytesIO()), Canvas(io.BytesIO())
    add_entries(document(first).Catalog, OutputIntents=PDFName("Probe"))
    assert "OutputIntents" not in document(second).Catalog.__NoDefault__
    assert type(document(second).Catalog) is type(document(first).Catalog)


def test_stream_settings_hold_while_writing_and_are_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "useA85", 1)  # as a user's reportlab_settings.py might say
    buffer = io.BytesIO()
    with stream_settings():
        canvas = Canvas(buffer, invariant=1, pageCompression=1)
        canvas.drawString(10, 10, "x")
        canvas.showPage()
        canvas.save()
    assert b"ASCII85Decode" not in buffer.getvalue()
    assert rl_config.useA85 == 1


def test_a_replaced_font_file_gets_a_new_name(tmp_path: Path) -> None:
    font = tmp_path / "Font.ttf"
    shutil.copyfile(packaged_font_dir() / "SourceSansPro-Regular.ttf", font)
    first = register(str(font))
    shutil.copyfile(packaged_font_dir() / "SourceSansPro-Bold.ttf", font)
    assert register(str(font)) != first
    other = tmp_path / "other" / "Font.ttf"
    other.parent.mkdir()
    shutil.copyfile(packaged_font_dir() / "SourceSansPro-Regular.ttf", other)
    assert register(str(other)) == first  # same content, same name, whatever the path
