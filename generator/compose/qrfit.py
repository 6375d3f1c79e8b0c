"""Compose helpers for QR codes: the symbol width a url's code gets for a layout's role (large enough to scan
from the role's reading distance), its quiet zone, and the code placed on the page."""

from __future__ import annotations

from dataclasses import dataclass

from generator.compose.kit import Kit
from generator.diag import Diagnostic, Problems, Span
from generator.messages import msg, register
from generator.plan import Box, QrCode
from generator.qr import QrMatrix, encode_qr

register({
    "qr.too_long": ("die Adresse ist zu lang für einen QR-Code, den ein Telefon noch lesen kann ({chars} Zeichen)",
                    "the address is too long for a QR code a phone can still read ({chars} characters)"),
    "qr.too_long.hint": ("nimm eine kürzere Adresse oder einen Kurzlink", "use a shorter address or a short link"),
})


@dataclass(frozen=True, slots=True)
class QrFit:
    """A url's QR matrix and the symbol width it gets for a role (without quiet zone)."""

    matrix: QrMatrix
    size: float
    quiet_modules: int
    role: str
    url: str

    @property
    def outer(self) -> float:
        return self.size * (1 + 2 * self.quiet_modules / self.matrix.size)

    @property
    def quiet_mm(self) -> float:
        """The quiet zone's width on each side."""
        return (self.outer - self.size) / 2

    def size_within(self, outer: float) -> float:
        """The symbol width whose code, quiet zone included, is `outer` wide."""
        return outer / (1 + 2 * self.quiet_modules / self.matrix.size)

    def at(self, x: float, y: float) -> QrCode:
        """The code with its symbol's top-left corner at (x, y)."""
        return QrCode(Box(x, y, self.size, self.size), self.matrix, self.url, self.quiet_modules, self.role)

    def ending_at(self, right: float, y: float) -> QrCode:
        """The code with its quiet zone ending at `right` and its symbol's top edge at y."""
        return self.at(right - self.quiet_mm - self.size, y)


def qr_fit(kit: Kit, role: str, url: str, smallest: bool = False, largest: float | None = None) -> QrFit | None:
    """The role's code for `url`: its layout size, larger for a long url up to the role's largest size.

    With `smallest`, the smallest width whose modules still scan from the role's reading
    distance (for grids that shrink with the number of projects). None when the url
    cannot be scanned at any allowed width; the caller lists it without a code, or calls
    `qr_required`.
    """
    spec = kit.layout.qr_spec(role)
    try:
        matrix = encode_qr(url, spec.error_correction)
    except ValueError:
        return None
    needed = matrix.size * spec.module_limit_mm
    size = needed if smallest else max(spec.size_mm, needed)
    if size > min(spec.largest_mm, largest if largest is not None else spec.largest_mm) + 1e-9:
        return None
    return QrFit(matrix, size, spec.quiet_modules, role, url)


def qr_required(kit: Kit, role: str, url: str, where: Span) -> QrFit:
    """The code a document cannot do without (a project sheet's): Problems at the url when it cannot scan."""
    found = qr_fit(kit, role, url)
    if found is None:
        raise Problems([Diagnostic(where, msg("qr.too_long", chars=len(url)), msg("qr.too_long.hint"))])
    return found
