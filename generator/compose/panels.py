"""Compose helpers for a roll-fold flyer's sides: its panels and their margins, where the folds fall, and the
check that no text and no QR code comes near a fold, which the renderer's trim check cannot see."""

from __future__ import annotations

from dataclasses import dataclass

from generator.compose.kit import Kit
from generator.diag import Diagnostic, Problems, Span
from generator.messages import msg, register
from generator.plan import Box, PagePlan, Para, QrCode, ReadingZone, TextFrame

FOLD_CLEARANCE_MM = 3.0
FOLD_OVERLAP_MM = 1.5  # colour that meets a fold runs on this far


@dataclass(frozen=True, slots=True)
class Panel:
    """One panel of a side: where it starts, its width, and the box inside its margins."""

    x: float
    w: float
    content: Box


def reading_zones(kit: Kit, outside: tuple[Panel, ...]) -> tuple[ReadingZone, ...]:
    """The outside as it is read: the cover (right) first, the inside page next (rank 1), then the rest."""
    return tuple(ReadingZone(Box(p.x, 0, p.w, kit.height), 0 if p is outside[-1] else 2) for p in outside)


def panels(kit: Kit, widths: tuple[float, ...]) -> tuple[Panel, ...]:
    """The panels of one side, left to right."""
    if len(widths) != 3:
        raise Problems([Diagnostic(kit.layout.at("panels_mm"), f"a roll-fold flyer has 3 panels, found {len(widths)}")])
    m, x, result = kit.layout.margins_mm, 0.0, []
    for w in widths:
        result.append(Panel(x, w, Box(x + m.left, m.top, w - m.left - m.right, kit.height - m.top - m.bottom)))
        x += w
    return tuple(result)


def folds(side: tuple[Panel, ...]) -> tuple[float, ...]:
    return tuple(round(p.x, 3) for p in side[1:])


register({
    "flyer.what.frame": ("der Rahmen „{role}“", "the {role}"),
    "flyer.what.qr": ("der QR-Code für {url}", "the QR code for {url}"),
    "flyer.fold": ("{what} auf der Seite „{side}“ des Dokuments {document} kommt dem Falz bei {fold} mm näher als "
                   "{clearance} mm", "{what} on the {side} of the {document} comes within {clearance} mm of the fold "
                   "at {fold} mm"),
    "flyer.fold.hint": ("kürze den Inhalt oder ändere 'panels_mm' und 'margins_mm'",
                        "shorten the content or adjust 'panels_mm' and 'margins_mm'"),
    "flyer.margins": ("{what} auf der Seite „{side}“ des Dokuments {document} ragt über die Ränder seines Feldes "
                      "hinaus", "{what} on the {side} of the {document} leaves its panel's margins"),
    "flyer.margins.hint": ("ändere 'panels_mm' und 'margins_mm'", "adjust 'panels_mm' and 'margins_mm'"),
})


def check_folds(page: PagePlan, side: tuple[Panel, ...], where: Span | str, document: str) -> None:
    """Every text frame and QR code (with its quiet zone) lies within one panel's margins, clear of the folds."""
    problems = []
    for item in page.items:
        if isinstance(item, TextFrame):
            box, what = item.box, msg("flyer.what.frame", role=item.role)
        elif isinstance(item, QrCode):
            box, what = item.outer, msg("flyer.what.qr", url=item.url)
        else:
            continue
        near = [f for f in page.folds_mm if box.x - FOLD_CLEARANCE_MM < f < box.right + FOLD_CLEARANCE_MM]
        if near:
            problems.append(Diagnostic(where, msg("flyer.fold", what=what, side=page.bookmark, document=document,
                                                  clearance=f"{FOLD_CLEARANCE_MM:g}", fold=f"{near[0]:g}"),
                                       msg("flyer.fold.hint")))
        elif not any(_contains(p.content, box) for p in side):
            problems.append(Diagnostic(where, msg("flyer.margins", what=what, side=page.bookmark, document=document),
                                       msg("flyer.margins.hint")))
    if problems:
        raise Problems(problems)


def _contains(outer: Box, box: Box) -> bool:
    eps = 0.01
    return (box.x >= outer.x - eps and box.y >= outer.y - eps and box.right <= outer.right + eps
            and box.bottom <= outer.bottom + eps)


def past_folds(kit: Kit, panel: Panel, height: float) -> Box:
    """A panel's colour from its top, running FOLD_OVERLAP_MM past each fold: a fold that drifts on the press
    shows colour on its edge, never a white or foreign hairline."""
    left = panel.x - (FOLD_OVERLAP_MM if panel.x > 0.01 else 0.0)
    right = panel.x + panel.w + (FOLD_OVERLAP_MM if panel.x + panel.w < kit.width - 0.01 else 0.0)
    return Box(left, 0, right - left, height)


def panel_label(kit: Kit, panel: Panel, text: str, role: str) -> TextFrame:
    """A panel's tracked-caps label on the top margin; content starts one label row below."""
    c = panel.content
    return TextFrame(Box(c.x, c.y, c.w, kit.measure("label_height")), (Para(text, kit.style("label")),), role=role)


def body_top(kit: Kit, panel: Panel) -> float:
    return panel.content.y + kit.measure("label_row")
