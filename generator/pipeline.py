"""Pipeline: load → validate → jobs → compose → (skip | render → write), read as a recipe."""

from __future__ import annotations

from pathlib import Path

from generator.diag import Diagnostic, Problems
from generator.layouts import Layout, load_layouts
from generator.model import Content, load_content


def load_inputs(data_dir: Path, layout_dir: Path, only: tuple[str, ...] = ()) -> tuple[Content, tuple[Layout, ...]]:
    """Validate data and layouts together, so one run reports the problems of both."""
    problems: list[Diagnostic] = []
    content = layouts = None
    try:
        content = load_content(data_dir)
    except Problems as found:
        problems.extend(found.diagnostics)
    try:
        layouts = load_layouts(layout_dir, only)
    except Problems as found:
        problems.extend(found.diagnostics)
    if problems:
        raise Problems(problems)
    return content, layouts
