"""Font subset tags name their content (issue 13, item 10): different subsets, different names; same bytes on rebuild."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
from reportlab.pdfbase import ttfonts

from generator.pipeline import build
from generator.profiles import PROFILES
from generator.render.adapter import subset_tag

SHEETS = ("01-jugendhilfeplanung", "02-kifaz", "03-careleaver")


def subsets(pdf: Path) -> dict[str, tuple[str, ...]]:
    """BaseFont of every embedded subset → the characters it maps, in code order."""
    found = {}
    for page in pypdf.PdfReader(pdf).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            found[str(font["/BaseFont"]).lstrip("/")] = tuple(re.findall(r"<([0-9A-Fa-f]{2})> <([0-9A-Fa-f]+)>", cmap))
    return found


def test_reportlab_still_names_subsets_through_subsetn() -> None:
    """The adapter in generator/render/adapter.py swaps this function; if ReportLab drops it, the tags fall back."""
    assert ttfonts.SUBSETN(0) == b"AAAAAA"
    assert "SUBSETN(n)" in __import__("inspect").getsource(ttfonts.TTFont.addObjects)


def test_tags_are_a_function_of_the_subset() -> None:
    assert subset_tag(b"SourceSansPro-Regular", (32, 65)) == subset_tag(b"SourceSansPro-Regular", (32, 65))
    assert subset_tag(b"SourceSansPro-Regular", (32, 65)) != subset_tag(b"SourceSansPro-Regular", (32, 66))
    assert re.fullmatch(rb"[A-Z]{6}", subset_tag(b"X", ()))


def test_different_sheets_name_different_subsets_differently(project: Path) -> None:
    out = project / "output"
    build(project / "data", project / "layouts", out, (PROFILES["print"],), only=("project-sheet-a4",))
    by_name: dict[str, tuple[str, ...]] = {}
    by_content: dict[tuple[str, tuple[str, ...]], str] = {}
    for sheet in SHEETS:
        for name, content in subsets(out / "print" / "project-sheet-a4" / f"{sheet}.pdf").items():
            tag, font = name.split("+", 1)
            assert re.fullmatch(r"[A-Z]{6}", tag) and tag != "AAAAAA", name
            assert by_name.setdefault(name, content) == content, f"{name} names two different subsets"
            assert by_content.setdefault((font, content), name) == name, f"one subset named twice: {name}"
    assert len({name.split("+")[1] for name in by_name}) < len(by_name), "different subsets of one font were compared"
    before = {sheet: (out / "print" / "project-sheet-a4" / f"{sheet}.pdf").read_bytes() for sheet in SHEETS}
    build(project / "data", project / "layouts", project / "again", (PROFILES["print"],), only=("project-sheet-a4",))
    for sheet in SHEETS:
        assert (project / "again" / "print" / "project-sheet-a4" / f"{sheet}.pdf").read_bytes() == before[sheet]
