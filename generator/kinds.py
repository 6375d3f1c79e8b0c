"""Document kinds: the `DocumentKind` record every stage reads, and the one registry that finds them.

Each composer module in `generator/compose/` ends with `KIND = DocumentKind(...)`: its composer,
what it needs from a layout, its type floors, its email size budget, its visual-test pages and
its part of the layout schema. Adding a document kind is that module plus a layout file.

Why the registry discovers instead of importing: the layouts stage validates a layout against
its kind's needs, but the composers import `jobs`, which imports `layouts`. So this module sits
below every stage and imports nothing of the pipeline; `document_kinds()` imports the composer
package on first use (the one plugin point, like an entry point) and collects each module's
`KIND`. The import contracts (tests/test_boundaries.py) therefore see no upward import.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.compose.kit import Kit
    from generator.jobs import Job
    from generator.plan import Plan

COMPOSER_PACKAGE = "generator.compose"
BASE_COLOURS = ("text", "primary", "accent", "tint", "paper", "muted")
# Styles read as running text: they keep to a kind's reading-text floor.
READING_STYLES = ("lead", "body", "list", "strong", "cover_text", "tile_text")


@dataclass(frozen=True, slots=True)
class LayoutNeeds:
    """What a composer takes from its layout; a layout lacking one is a layout error, not a render error."""

    styles: tuple[str, ...]
    colours: tuple[str, ...]
    qr_roles: tuple[str, ...]
    measures: tuple[str, ...] = ()
    panels: bool = False


@dataclass(frozen=True, slots=True)
class TypeFloor:
    """The smallest sizes a kind allows: for reading text (`body_styles`), and for any text (footers, urls)."""

    body_pt: float
    any_pt: float
    body_styles: tuple[str, ...] = READING_STYLES


@dataclass(frozen=True, slots=True)
class SizeBudget:
    """The screen file's email budget: `kb` for up to `pages` pages, `per_page_kb` for each page beyond."""

    kb: int
    pages: int
    per_page_kb: int

    def for_pages(self, count: int) -> int:
        return self.kb + self.per_page_kb * max(0, count - self.pages)


@dataclass(frozen=True, slots=True)
class VisualReference:
    """The screen file (below output/screen/) and the 0-based pages the visual test compares."""

    file: str
    pages: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DocumentKind:
    name: str
    description: str  # the kind's line in the layout schema and in messages
    compose: Callable[[Job, Kit], Plan]
    needs: LayoutNeeds
    type_floor: TypeFloor
    size_budget: SizeBudget
    reference: VisualReference
    per_project: bool = False  # one document per project (the sheet), else one per stand
    # Structure roles where this kind uses a style name differently from kit.ROLES (tagged PDF)
    roles: tuple[tuple[str, str], ...] = ()

    def schema(self) -> dict[str, object]:
        """The kind's part of the layout schema: when `kind` is this one, the parts it needs are required."""
        parts = (("styles", self.needs.styles), ("colours", self.needs.colours), ("qr", self.needs.qr_roles),
                 ("measures_mm", self.needs.measures))
        then: dict[str, object] = {"properties": {key: {"required": list(names)} for key, names in parts if names}}
        if self.needs.panels:
            then["required"] = ["panels_mm"]
        return {"if": {"properties": {"kind": {"const": self.name}}, "required": ["kind"]}, "then": then}


class UnknownKind(LookupError):
    """A kind no composer module declares: a programming or data error, never a default."""


@functools.cache
def document_kinds() -> Mapping[str, DocumentKind]:
    """Every declared kind by name, in name order: the `KIND` of each module of the composer package."""
    package = importlib.import_module(COMPOSER_PACKAGE)
    found: dict[str, DocumentKind] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda item: item.name):
        kind = getattr(importlib.import_module(f"{COMPOSER_PACKAGE}.{info.name}"), "KIND", None)
        if not isinstance(kind, DocumentKind):
            continue
        if kind.name in found:
            raise UnknownKind(f"two composer modules declare the document kind '{kind.name}'")
        found[kind.name] = kind
    return MappingProxyType(dict(sorted(found.items())))


def document_kind(name: str) -> DocumentKind:
    """The record of kind `name`; UnknownKind when no composer module declares it."""
    kinds = document_kinds()
    if name not in kinds:
        raise UnknownKind(f"no composer declares the document kind '{name}' (known: {', '.join(kinds)})")
    return kinds[name]
