"""Pipeline: load → validate → jobs → compose → (skip | render → write), read as a recipe."""

from __future__ import annotations

import functools
import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator import __version__
from generator.compose import COMPOSERS, compose
from generator.diag import Diagnostic, Problems
from generator.jobs import Job, make_jobs
from generator.layouts import Layout, load_layouts
from generator.model import Content, load_content
from generator.output import Document, QrEntry, is_current, read_manifest, remove_stale, sha256, write_atomic, write_manifest
from generator.plan import Plan
from generator.profiles import Profile
from generator.render import render_pdf


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


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a build did, for the command line to report."""

    built: tuple[str, ...]
    unchanged: tuple[str, ...]
    warnings: tuple[str, ...]
    removed: tuple[str, ...]
    skipped_layouts: tuple[str, ...]
    seconds: float


def build(data_dir: Path, layout_dir: Path, out_dir: Path, profiles: tuple[Profile, ...],
          only: tuple[str, ...] = (), force: bool = False, on_document: Callable[[str], None] | None = None) -> Outcome:
    """Load, compose and render everything; write only when every document succeeded."""
    started = time.perf_counter()
    content, layouts = load_inputs(data_dir, layout_dir, only)
    skipped = tuple(sorted(layout.name for layout in layouts if layout.kind not in COMPOSERS))
    jobs = make_jobs(content, tuple(layout for layout in layouts if layout.kind in COMPOSERS), layout_dir)
    _check_out_dir(out_dir)
    previous = read_manifest(out_dir)
    rendered, documents, problems, warnings = [], [], [], []
    for job in jobs:
        try:
            plan = compose(job)
            warnings += _warnings(job, plan, profiles)
            for profile in profiles:
                document, data = _render_one(job, plan, profile, out_dir, previous, force)
                documents.append(document)
                if data is not None:
                    rendered.append((document, data))
        except Problems as found:
            problems.extend(found.diagnostics)
    if problems:
        raise Problems(problems)
    for document, data in rendered:
        write_atomic(out_dir / document.path, data)
        if on_document:
            on_document(document.path)
    removed = remove_stale(out_dir, previous, {d.path for d in documents}) if not only else []
    write_manifest(out_dir, _merge(previous, documents) if only else documents)
    unchanged = tuple(d.path for d in documents if d.path not in {r.path for r, _ in rendered})
    return Outcome(tuple(r.path for r, _ in rendered), unchanged, tuple(warnings), tuple(removed), skipped,
                   time.perf_counter() - started)


def _warnings(job: Job, plan: Plan, profiles: tuple[Profile, ...]) -> list[str]:
    blank = plan.padding()
    if not blank or not any(profile.pad_pages for profile in profiles):
        return []
    total = len(plan.pages) + blank
    return [f"{job.layout.file}: {len(plan.pages)} pages padded with {blank} blank page{'s' if blank > 1 else ''} "
            f"to {total} for print (a multiple of {plan.page_multiple})"]


def _render_one(job: Job, plan: Plan, profile: Profile, out_dir: Path, previous: dict[str, Document],
                force: bool) -> tuple[Document, bytes | None]:
    path = f"{profile.name}/{job.name}"
    key = hashlib.sha256(f"{__version__}|{profile}|{plan.digest()}|{_font_digest(plan)}".encode()).hexdigest()
    old = previous.get(path)
    if not force and is_current(out_dir, old, key):
        return old, None
    data = render_pdf(plan, profile)
    document = Document(
        path=path, layout=job.layout.name, kind=job.kind, profile=profile.name,
        project=job.project.number if job.project else None,
        pages=len(plan.pages) + (plan.padding() if profile.pad_pages else 0), trim_mm=plan.trim_mm,
        bleed_mm=plan.bleed_mm if profile.bleed else 0.0,
        qr=tuple(QrEntry(page + 1, qr.url) for page, qr in plan.qr_codes()), sha256=sha256(data), key=key)
    return document, data


def _font_digest(plan: Plan) -> str:
    files = sorted({p for p in (plan.fonts.regular, plan.fonts.italic, plan.fonts.semibold, plan.fonts.bold,
                                plan.fonts.fallback) if p})
    return "|".join(f"{Path(p).name}:{_file_hash(p)}" for p in files)


@functools.lru_cache(maxsize=32)
def _file_hash(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _merge(previous: dict[str, Document], documents: list[Document]) -> list[Document]:
    merged = dict(previous)
    merged.update({d.path: d for d in documents})
    return list(merged.values())


def _check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise Problems([Diagnostic(str(out_dir), "the output folder is a file", "choose another --out")])
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Problems([Diagnostic(str(out_dir), f"cannot create the output folder: {exc.strerror}")]) from None
    if not os.access(out_dir, os.W_OK):
        raise Problems([Diagnostic(str(out_dir), "the output folder is not writable")])
