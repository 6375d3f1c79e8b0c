"""Preflight, the recipe: manifest → the built files, each with its layout and the data's urls → checks chosen
by the file's profile → a PreflightReport. Reads the output folder, writes nothing.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator.diag import Diagnostic, Problems
from generator.layouts import Layout, load_layouts
from generator.messages import msg, register
from generator.model import Content, content_warnings, load_content
from generator.output import MANIFEST, Document, read_manifest, write_atomic
from generator.preflight.checks import (Subject, check_bleed, check_boxes, check_colours, check_file, check_fonts,
                                        check_ink, check_lines, check_links, check_metadata, check_safe_margin,
                                        check_size, failed)
from generator.preflight.pdfread import PdfFile
from generator.preflight.pdfxrules import check_pdfx, not_checked
from generator.preflight.press import check_folds, check_overprint, check_small_type
from generator.preflight.qrgate import PHONE, check_qr
from generator.preflight.uarules import check_tagged
from generator.preflight.report import DocumentReport, Finding, PreflightReport, format_html
from generator.plan import Fonts
from generator.preflight.sheet import REPORT_PROFILE, compose_report
from generator.profiles import PROFILES, Profile
from generator.stand import packaged_font_dir

Check = Callable[[PdfFile, Subject], list[Finding]]

register({
    "run.no_build": ("es gibt noch keinen Build zum Prüfen", "no build to check"),
    "run.no_build.hint": ("führe zuerst 'standgen build' aus", "run 'standgen build' first"),
    "run.empty_manifest": ("das Manifest nennt keine Dokumente oder ist nicht lesbar",
                           "the manifest lists no documents or cannot be read"),
    "run.empty_manifest.hint": ("führe 'standgen build' noch einmal aus", "run 'standgen build' again"),
    "run.unreadable": ("ist nicht lesbar: {reason}", "cannot be read: {reason}"),
    "run.not_pdf": ("ist kein lesbares PDF ({error})", "is not a readable PDF ({error})"),
    "run.report_title": ("standgen: Prüfbericht vor dem Druck", "standgen preflight report"),
})


def checks_for(profile: Profile | None) -> tuple[Check, ...]:
    """What a file of this profile must prove: the profile's own promises, read from its data."""
    chosen: list[Check] = [check_file, check_fonts]
    if profile is None:
        return tuple(chosen)
    if profile.colour_model == "cmyk":
        chosen.append(check_colours)
    if profile.bleed:  # a file for the press
        chosen += [check_boxes, check_bleed, check_safe_margin, check_lines, check_ink, check_qr]
    if profile.colour_model == "cmyk" and profile.bleed:  # press-safe colour: small type, overprint, folds
        chosen += [check_small_type, check_overprint, check_folds]
    if profile.pdfx:
        chosen.append(check_pdfx)
    if profile.links:  # a file to email
        chosen += [check_links, check_metadata, check_size]
    if profile.tagged:
        chosen.append(check_tagged)
    return tuple(chosen)


def preflight(out_dir: Path, layout_dir: Path, data_dir: Path, workers: int = 1) -> PreflightReport:
    """Check every document the manifest lists; Problems when there is no build or the inputs are invalid."""
    if not (out_dir / MANIFEST).is_file():
        raise Problems([Diagnostic(str(out_dir / MANIFEST), msg("run.no_build"), msg("run.no_build.hint"))])
    documents = read_manifest(out_dir)
    if not documents:
        raise Problems([Diagnostic(str(out_dir / MANIFEST), msg("run.empty_manifest"),
                                   msg("run.empty_manifest.hint"))])
    layouts = {layout.name: layout for layout in load_layouts(layout_dir)}
    content = load_content(data_dir)
    subjects = [_subject(out_dir, doc, layouts.get(doc.layout), content) for doc in documents.values()]
    subjects.sort(key=lambda s: s.document.path)
    if workers > 1 and len(subjects) > 2:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with ProcessPoolExecutor(max_workers=min(workers, len(subjects)), mp_context=context) as pool:
            reports = list(pool.map(inspect_document, subjects))
    else:
        reports = [inspect_document(subject) for subject in subjects]
    before = tuple(str(warning) for warning in content_warnings(content))
    return PreflightReport(tuple(reports), not_checked(), PHONE.describe(), before)


def _subject(out_dir: Path, doc: Document, layout: Layout | None, content: Content) -> Subject:
    stand = content.stand
    urls = {stand.url, *(p.url for p in content.projects)} | ({stand.organiser.url} if stand.organiser.url else set())
    roles = (("stand", frozenset({stand.url})), ("project", frozenset(p.url for p in content.projects)))
    return Subject(doc, str(out_dir / doc.path), layout, frozenset(urls), roles)


def inspect_document(subject: Subject) -> DocumentReport:
    """Every check the document's profile asks for, on the file as it lies in the output folder."""
    doc = subject.document
    try:
        data = Path(subject.shown).read_bytes()
    except OSError as exc:
        return _report(subject, failed("file", [msg("run.unreadable", reason=exc.strerror or exc)]))
    try:
        pdf = PdfFile(data)
    except Exception as exc:  # pypdf raises many kinds of errors for a broken file
        return _report(subject, failed("file", [msg("run.not_pdf", error=type(exc).__name__)]))
    findings: list[Finding] = []
    try:
        for check in checks_for(PROFILES.get(doc.profile)):
            findings += check(pdf, subject)
    finally:
        pdf.close()
    return _report(subject, findings)


def _report(subject: Subject, findings: list[Finding]) -> DocumentReport:
    doc = subject.document
    return DocumentReport(subject.shown, doc.kind, doc.profile, doc.pages, tuple(findings))


def save_report(report: PreflightReport, path: Path) -> None:
    """The report as a printable HTML page, or as a one-page PDF when `path` ends in .pdf."""
    title = msg("run.report_title")
    if path.suffix.lower() == ".pdf":
        from generator.render import render_pdf  # drawing the report is rendering; checking is not
        from generator.render.measure import TextMeasurer
        folder = packaged_font_dir()
        fonts = Fonts(regular=str(folder / "SourceSansPro-Regular.ttf"), italic=str(folder / "SourceSansPro-It.ttf"),
                      semibold=str(folder / "SourceSansPro-Semibold.ttf"), bold=str(folder / "SourceSansPro-Bold.ttf"),
                      fallback=None)
        plan = compose_report(report, title, fonts, TextMeasurer(fonts, (), title))
        data = render_pdf(plan, REPORT_PROFILE)
    else:
        data = format_html(report, title).encode("utf-8")
    write_atomic(path, data)
