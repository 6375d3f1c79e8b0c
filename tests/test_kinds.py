"""Document kinds: one record per composer module, found by one registry; an undeclared kind is an error."""

from __future__ import annotations

import pkgutil

import pytest

import generator.compose
from generator.kinds import DocumentKind, UnknownKind, document_kind, document_kinds
from generator.layouts import load_layouts
from conftest import ROOT

HELPERS = {"flyer_cards", "furniture", "kit", "labels", "motif", "notes", "panels", "qrfit"}  # compose no document


def test_every_composer_module_declares_its_kind() -> None:
    modules = {m.name for m in pkgutil.iter_modules(generator.compose.__path__)} - HELPERS
    declared = {kind.compose.__module__.rsplit(".", 1)[1] for kind in document_kinds().values()}
    assert declared == modules


def test_every_shipped_layout_names_a_declared_kind_and_every_kind_has_a_layout() -> None:
    layouts = load_layouts(ROOT / "layouts")
    assert {layout.kind for layout in layouts} == set(document_kinds())


def test_an_undeclared_kind_is_an_error_not_a_default() -> None:
    with pytest.raises(UnknownKind, match="no composer declares the document kind 'leaflet'"):
        document_kind("leaflet")


@pytest.mark.parametrize("name", sorted(document_kinds()))
def test_a_record_is_complete(name: str) -> None:
    kind = document_kind(name)
    assert isinstance(kind, DocumentKind) and kind.name == name and kind.description
    assert kind.needs.styles and kind.needs.colours and kind.needs.qr_roles
    assert set(kind.type_floor.body_styles) and kind.type_floor.body_pt >= kind.type_floor.any_pt
    assert kind.size_budget.for_pages(kind.size_budget.pages + 2) == kind.size_budget.kb + 2 * kind.size_budget.per_page_kb
    assert (ROOT / "tests" / "reference" / f"{name}.png").is_file() and kind.reference.pages
