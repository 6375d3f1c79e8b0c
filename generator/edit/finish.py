"""Editor, finished files: the output folder → the print shop's ZIP (PDFs, preflight report, job sheet), screen PDFs."""

from __future__ import annotations

import io
import secrets
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from generator.diag import Problems
from generator.edit import live, stand
from generator.messages import msg
from generator.output import Document

if TYPE_CHECKING:  # app imports this module for its routes
    from generator.edit.app import Settings
    from generator.preflight.report import PreflightReport


async def print_page(request: Request, settings: Settings, runner: live.Runner, env: Environment) -> Response:
    report: PreflightReport | Problems | None = None
    if request.method == "POST":
        form = await request.form(max_files=0, max_fields=10)
        if not secrets.compare_digest(str(form.get("_token", "")), settings.token):
            return HTMLResponse(msg("edit.refused"), 403)
        from starlette.concurrency import run_in_threadpool
        report = await run_in_threadpool(_preflight, settings, runner)
    html = env.get_template("print.html").render(report=report, projects=stand.project_files(settings.data),
                                                 target=None)
    return HTMLResponse(html)


def _preflight(settings: Settings, runner: live.Runner, build: bool = True) -> PreflightReport | Problems:
    """Preflight of the output folder; after a build when asked by a POST (a GET only reads)."""
    from generator.preflight.run import preflight
    if build:
        runner.build()
    try:
        return preflight(settings.out, settings.layouts, settings.data)
    except Problems as problems:
        return problems


def print_zip(request: Request, settings: Settings, runner: live.Runner) -> Response:
    """The print PDFs, the preflight report (HTML) and a job sheet, in one ZIP made in memory."""
    from generator.preflight.report import format_html
    report = _preflight(settings, runner, build=False)
    if isinstance(report, Problems):
        return HTMLResponse("<br>".join(str(d) for d in report.diagnostics), 409)
    documents = sorted((d for d in runner.documents().values() if d.profile == "print"), key=lambda d: d.path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in documents:
            archive.write(settings.out / document.path, document.path)
        archive.writestr("preflight.html", format_html(report, "Preflight"))
        archive.writestr(f"{msg('edit.job.title')}.txt", _job_sheet(settings, documents))
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={"content-disposition": 'attachment; filename="standgen-druck.zip"'})


def _job_sheet(settings: Settings, documents: list[Document]) -> str:
    from generator.layouts import load_layouts
    layouts = {layout.name: layout for layout in load_layouts(settings.layouts)}
    lines = [msg("edit.job.title"), ""]
    for d in documents:
        layout = layouts.get(d.layout)
        panels = layout.panels_mm if layout else ()
        fold = msg("edit.job.fold", panels=len(panels), widths=" + ".join(f"{p:g}" for p in panels)) if panels else ""
        lines.append(msg("edit.job.line", path=d.path, width=f"{d.trim_mm[0]:g}", height=f"{d.trim_mm[1]:g}",
                         pages=d.pages, bleed=f"{d.bleed_mm:g}",
                         condition=layout.output_condition if layout else "FOGRA39", fold=fold))
    return "\n".join([*lines, "", msg("edit.job.colour"), ""])


def screen_page(request: Request, settings: Settings, runner: live.Runner, env: Environment) -> Response:
    documents = _screen_documents(runner)  # a GET builds nothing: every save and every form page has built
    html = env.get_template("screen.html").render(documents=documents, projects=stand.project_files(settings.data),
                                                  target=None, sizes=[(settings.out / d.path).stat().st_size
                                                                      for d in documents])
    return HTMLResponse(html)


def _screen_documents(runner: live.Runner) -> list[Document]:
    return sorted((d for d in runner.documents().values() if d.profile == "screen"), key=lambda d: d.path)


def file_download(request: Request, settings: Settings, runner: live.Runner) -> Response:
    documents = _screen_documents(runner)
    index = request.path_params["index"]
    if not 0 <= index < len(documents):
        return Response(status_code=404)
    document = documents[index]
    name = Path(document.path).name
    return Response((settings.out / document.path).read_bytes(), media_type="application/pdf",
                    headers={"content-disposition": f'attachment; filename="{name}"'})
