"""Compose the covers' projects: their titles beside their numbers in their colours, or the numbers alone
as the cover's motif (`numerals`); shared by the flyer's cover and the booklet's."""

from __future__ import annotations

import math

from generator import typography
from generator.compose.kit import BASELINE, PT_MM, Kit, largest
from generator.compose.labels import label
from generator.measure import FLOOR, LARGEST, NATURAL
from generator.messages import register
from generator.model import Project, Stand
from generator.plan import Box, Item, Para, Source, TextFrame


register({
    "flyer.some_numbers": ("das Dokument {document} zeigt auf dem Titel die Nummern von {count} der {total} "
                           "Projekte: mehr passen nicht", "the cover of the {document} shows the numbers of "
                           "{count} of the {total} projects: no more fit"),
    "flyer.some_numbers.hint": ("die Innenseite nennt alle", "the inside names all of them"),
})


def cover_projects(kit: Kit, stand: Stand, projects: tuple[Project, ...], area: Box) -> tuple[Item, ...]:
    """'8 Projekte am Stand' over the projects' titles beside their numbers in their colours when all fit
    (measured), else over the numbers alone, as large as they fit: the numbers a visitor finds again on the
    inside, the poster and the sheets."""
    if not projects:
        return ()
    heading = Para(f"{len(projects)} {label('projects' if len(projects) > 1 else 'project_at_stand')}",
                   kit.style("label"))
    below = kit.measure("cover_label")
    body = Box(area.x, area.y + below, area.w, area.h - below)
    if body.h <= 0:  # a long headline and long names take the whole cover
        kit.note(stand.span, "flyer.some_numbers", count=0, total=len(projects))
        return ()
    listed = _cover_titles(kit, projects, body) or numerals(kit, stand, projects, body)
    return (TextFrame(Box(area.x, area.y, area.w, kit.measure("label_height")), (heading,), role="cover projects"),
            *listed)


def _cover_titles(kit: Kit, projects: tuple[Project, ...], area: Box) -> tuple[Item, ...]:
    """Each title beside its number, on one baseline; empty when they do not all fit at the styles' sizes."""
    index_w, gap = kit.measure("cover_index"), kit.measure("cover_row_gap")
    number, title_style = kit.style("cover_index"), kit.style("cover_project")
    lift = (number.size_pt - title_style.size_pt) * PT_MM * BASELINE  # the number's baseline on the title's
    items: list[Item] = []
    y = area.y + lift
    for project in projects:
        title = Para(typography.headline(project.title), title_style, Source(project.at("title"), "title"))
        height = kit.measurer.height_mm((title,), area.w - index_w, NATURAL)
        if y + height > area.bottom + 0.01:
            return ()
        items += [TextFrame(Box(area.x, y - lift, index_w, height + lift), (Para(str(project.number), kit.style(
                      "cover_index", project=project)),), role=f"number of project {project.number}", fit=NATURAL),
                  TextFrame(Box(area.x + index_w, y, area.w - index_w, height), (title,),
                            role=f"project {project.number}", fit=NATURAL)]
        y += height + gap
    return tuple(items)


def numerals(kit: Kit, stand: Stand, projects: tuple[Project, ...], area: Box) -> tuple[Item, ...]:
    """The numbers in their project colours in a grid, all at the largest size at which the widest fits on one
    line; with too many for the smallest size, as many as fit, with a warning. The covers' motif (the flyer's
    and the booklet's): the layout declares the style cover_number and the measure cover_numeral_gap."""
    grid = _numeral_grid(kit, projects, area)
    shown = len(projects)
    if grid is None:
        shown = largest(len(projects), lambda n: n > 0 and _numeral_grid(kit, projects[:n], area) is not None)
        kit.note(stand.span, "flyer.some_numbers", count=shown, total=len(projects))
        grid = _numeral_grid(kit, projects[:shown], area) if shown else None
        if grid is None:
            return ()
    t, columns, w, h = grid
    gap = kit.measure("cover_numeral_gap")
    return tuple(TextFrame(Box(area.x + (i % columns) * (w + gap), area.y + (i // columns) * (h + gap), w, h),
                           (Para(str(p.number), kit.style("cover_number", project=p)),),
                           role=f"number of project {p.number}", fit=t) for i, p in enumerate(projects[:shown]))


def _numeral_grid(kit: Kit, projects: tuple[Project, ...], area: Box) -> tuple[float, int, float, float] | None:
    """(fit position, columns, cell width, cell height) of the grid that sets the numbers largest; None when
    none holds the widest number on one line at the style's floor."""
    gap, style = kit.measure("cover_numeral_gap"), kit.style("cover_number")
    if not projects or area.h <= 0 or area.w <= 0:
        return None
    widest = Para(str(max((p.number for p in projects), key=lambda n: len(str(n)))), style)
    best: tuple[float, int, float, float] | None = None
    for columns in range(1, len(projects) + 1):
        rows = math.ceil(len(projects) / columns)
        w, h = (area.w - (columns - 1) * gap) / columns, (area.h - (rows - 1) * gap) / rows
        w = min(w, h)  # square cells: few numbers stand together, not spread over the panel
        if w <= 0 or h <= 0:
            continue
        fitted = kit.measurer.fit(TextFrame(Box(0, 0, w, h), (widest,), role="cover numbers"), LARGEST, FLOOR)
        t = fitted.frame.fit
        if fitted.fits and t is not None and not any(p.break_words for p in fitted.frame.paras) and (
                best is None or t < best[0]):
            best = (t, columns, w, h)
    return best
