"""JSON Schemas for editors, generated from the model's field declarations."""

from __future__ import annotations

import json
from pathlib import Path

from generator.fields import Obj
from generator.kinds import document_kinds
from generator.layouts import LAYOUT
from generator.model import PROJECT, STAND

SCHEMAS: dict[str, tuple[str, Obj]] = {
    "stand.schema.json": ("standgen: the stand (data/stand.yaml)", STAND),
    "project.schema.json": ("standgen: one project (data/projects/*.yaml)", PROJECT),
    "layout.schema.json": ("standgen: a document layout (layouts/*.yaml)", LAYOUT),
}


def render_schemas() -> dict[str, str]:
    """File name → JSON text, deterministic."""
    out = {}
    for name, (title, spec) in SCHEMAS.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **spec.schema()}
        if spec is LAYOUT:  # each document kind's record adds what a layout of that kind must define
            schema["allOf"] = [kind.schema() for kind in document_kinds().values()]
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return out


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
