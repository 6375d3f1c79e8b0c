"""Editor, web app: HTTP requests → form pages, saves, live checks, previews and the finished files (Starlette).

Every state-changing request carries the session's token and comes from the editor's
own origin; no path is taken from a request (a project is named by a file stem that is
looked up in the listing of data/projects); request bodies are bounded.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from generator.diag import Diagnostic
from generator.edit import finish, forms, live, stand, yamlfile
from generator.edit import texts  # noqa: F401  (registers the editor's messages)
from generator.edit.guard import Guard
from generator.fields import Obj
from generator.messages import language, msg
from generator.model import PROJECT, STAND
from generator.output import Document


@dataclass(slots=True)
class Settings:
    """What the app knows at start: the stand's folders, the session token, the origins it answers."""

    data: Path
    layouts: Path
    out: Path
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    origins: set[str] = field(default_factory=set)
    thumbs: dict[str, list[bytes]] = field(default_factory=dict)


def create_app(settings: Settings) -> Guard:
    """The editor's routes behind its guard (Host, Origin and body checks), an ASGI app for uvicorn."""
    env = Environment(loader=PackageLoader("generator.edit", "templates"), autoescape=select_autoescape(),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(msg=msg, lang=language, token=settings.token)
    runner = live.Runner(settings.data, settings.layouts, settings.out)

    def page(stem: str | None) -> Callable[[Request], Response]:
        def handler(request: Request) -> Response:
            return _page(request, settings, runner, env, stem if stem is None else request.path_params["stem"])
        return handler

    async def post(request: Request) -> Response:
        return await _post(request, settings, runner, env, request.path_params.get("stem"))

    async def new(request: Request) -> Response:
        return await _new(request, settings)

    async def print_page(request: Request) -> Response:
        return await finish.print_page(request, settings, runner, env)

    app = Starlette(routes=[
        Route("/", lambda request: RedirectResponse("/stand", 303)),
        Route("/stand", page(None)),
        Route("/project/{stem}", page("")),
        Route("/stand/{action}", post, methods=["POST"]),
        Route("/project/{stem}/{action}", post, methods=["POST"]),
        Route("/projects/new", new, methods=["POST"]),
        Route("/thumb/{key}/{page:int}", lambda r: _thumb(r, settings)),
        Route("/print", print_page, methods=["GET", "POST"]),
        Route("/print/standgen-druck.zip", lambda r: finish.print_zip(r, settings, runner)),
        Route("/screen", lambda r: finish.screen_page(r, settings, runner, env)),
        Route("/file/{index:int}", lambda r: finish.file_download(r, settings, runner)),
        Mount("/static", StaticFiles(packages=[("generator.edit", "static")]), name="static"),
    ])
    app.state.settings, app.state.runner = settings, runner
    return Guard(app, settings)


# Pages ------------------------------------------------------------------------------------------

@dataclass(slots=True)
class Target:
    """The file a page edits: the stand file or one project file, and its declaration."""

    stem: str | None
    path: Path
    spec: Obj
    profile: str = "screen"  # which files the preview shows: screen (as emailed) or print (with bleed)

    @property
    def shown(self) -> str:  # the file as check names it, relative to the stand folder
        return self.path.as_posix()

    @property
    def url(self) -> str:
        return "/stand" if self.stem is None else f"/project/{self.stem}"


def _target(settings: Settings, stem: str | None) -> Target | None:
    if stem is None:
        return Target(None, settings.data / "stand.yaml", STAND)
    found = stand.find(settings.data, stem)
    return Target(stem, found.path, PROJECT) if found else None


def _page(request: Request, settings: Settings, runner: live.Runner, env: Environment, stem: str | None,
          loaded: yamlfile.Loaded | None = None, notice: str = "", stale: bool = False, status: int = 200,
          diagnostics: tuple[Diagnostic, ...] | None = None) -> Response:
    target = _target(settings, stem)
    if target is None:
        return HTMLResponse(msg("edit.not-found"), 404)
    try:
        loaded = loaded or yamlfile.load(target.path)
    except Exception:  # YAML that cannot be read (a tab, a broken quote): say where, in check's words
        found, _ = runner.check()
        mine = [d for d in found if live.same_file(d.where.file if hasattr(d.where, "file") else str(d.where),
                                                     target.shown)]
        html = env.get_template("broken.html").render(target=target, problems=mine or found,
                                                      projects=stand.project_files(settings.data))
        return HTMLResponse(html, 422)
    group = forms.widgets(target.spec, loaded.tree)
    placed = live.place(diagnostics or (), target.shown, target.path, forms.all_names(group))
    html = env.get_template("form.html").render(
        target=target, form=group, heading=_heading(target, loaded), version=loaded.version,
        projects=stand.project_files(settings.data), placed=placed, notice=notice, stale=stale,
        previews=_previews(settings, runner, target), checked=diagnostics is not None)
    return HTMLResponse(html, status)


def _heading(target: Target, loaded: yamlfile.Loaded) -> str:
    if target.stem is None:
        return msg("edit.nav.stand")
    tree = loaded.tree if isinstance(loaded.tree, dict) else {}
    return msg("edit.project", number=tree.get("number", "?")) + (f": {tree['title']}" if tree.get("title") else "")


async def _post(request: Request, settings: Settings, runner: live.Runner, env: Environment,
                stem: str | None) -> Response:
    form = await request.form(max_files=0, max_fields=2000)
    if not secrets.compare_digest(str(form.get("_token", "")), settings.token):
        return HTMLResponse(msg("edit.refused"), 403)
    target = _target(settings, stem)
    if target is None:
        return HTMLResponse(msg("edit.not-found"), 404)
    action = request.path_params["action"]
    target.profile = "print" if form.get("_profile") == "print" else "screen"
    values = {k: str(v) for k, v in form.items() if not k.startswith("_")}
    wants_json = "application/json" in request.headers.get("accept", "")
    from starlette.concurrency import run_in_threadpool
    if action == "save":
        return await run_in_threadpool(_save, request, settings, runner, env, target, values,
                                       str(form.get("_version", "")), wants_json)
    if action == "check":
        return await run_in_threadpool(_check_draft, settings, runner, target, values)
    if action == "preview":
        return await run_in_threadpool(_preview_json, settings, runner, target)
    if stem is not None and action in ("duplicate", "delete", "up", "down"):
        return await run_in_threadpool(_project_action, settings, target, action)
    return HTMLResponse(msg("edit.not-found"), 404)


def _apply(target: Target, values: dict[str, str]) -> yamlfile.Loaded:
    loaded = yamlfile.load(target.path)
    new = forms.read_form(target.spec, values, loaded.tree)
    yamlfile.assign({"root": loaded.tree}, "root", new)
    return loaded


def _save(request: Request, settings: Settings, runner: live.Runner, env: Environment, target: Target,
          values: dict[str, str], version: str, wants_json: bool) -> Response:
    loaded = _apply(target, values)
    data = yamlfile.dump(loaded)
    try:
        if yamlfile.current_version(target.path) != version:
            raise yamlfile.Stale(str(target.path))
        if data != target.path.read_bytes():  # an unchanged form writes nothing: the file keeps its time
            loaded.version = yamlfile.save(loaded, version)
    except yamlfile.Stale:
        if wants_json:
            return JSONResponse({"stale": True, "message": msg("edit.stale"), "reload": target.url}, 409)
        return _page(request, settings, runner, env, target.stem, notice=msg("edit.stale"), stale=True, status=409)
    if wants_json:  # quick: the page's own screen documents; the page then asks for the full build's warnings
        layouts = tuple(sorted({d.layout for d in _previewed(settings, runner, target)}))
        diagnostics, ok, built = runner.build(layouts, target.profile) if layouts else runner.build()
        return JSONResponse({**_diagnostics_json(diagnostics, target, loaded), "version": loaded.version,
                             "saved": True, "notice": msg("edit.saved"), "partial": bool(layouts),
                             "previews": _previews(settings, runner, target)})
    diagnostics, ok, built = runner.build()
    return _page(request, settings, runner, env, target.stem, notice=msg("edit.saved"), diagnostics=diagnostics)


def _check_draft(settings: Settings, runner: live.Runner, target: Target, values: dict[str, str]) -> Response:
    loaded = _apply(target, values)
    relative = target.path.relative_to(settings.data)
    diagnostics, _ = runner.check_draft(relative, yamlfile.dump(loaded))
    return JSONResponse(_diagnostics_json(diagnostics, target, None))


def _preview_json(settings: Settings, runner: live.Runner, target: Target) -> Response:
    """The page's first look: build if needed (at start the app builds in the background), then warnings and
    images."""
    diagnostics, _, _ = runner.build()
    return JSONResponse({**_diagnostics_json(diagnostics, target, None),
                         "previews": _previews(settings, runner, target)})


def _diagnostics_json(diagnostics: tuple[Diagnostic, ...], target: Target,
                      loaded: yamlfile.Loaded | None) -> dict[str, object]:
    tree = loaded.tree if loaded else yamlfile.load(target.path).tree
    names = forms.all_names(forms.widgets(target.spec, tree))
    placed = live.place(diagnostics, target.shown, target.path, names)

    def one(d: Diagnostic) -> dict[str, str]:
        label = msg(f"edit.severity.{d.severity}") if d.severity in ("error", "warning") else d.severity
        return {"severity": d.severity, "label": label, "message": d.message, "hint": d.hint or "",
                "where": str(d.where)}
    return {"fields": {name: [one(d) for d in found] for name, found in placed.fields.items()},
            "page": [one(d) for d in placed.page], "elsewhere": [one(d) for d in placed.elsewhere],
            "labels": {name: forms.label(name.split(".")[-1]) if not name.split(".")[-1].isdigit() else name
                       for name in placed.fields}}


def _project_action(settings: Settings, target: Target, action: str) -> Response:
    project = stand.find(settings.data, target.stem or "")
    if project is None:
        return HTMLResponse(msg("edit.not-found"), 404)
    if action == "duplicate":
        copy = stand.duplicate_project(settings.data, project)
        return RedirectResponse(f"/project/{copy.stem}", 303)
    if action == "delete":
        stand.delete_project(settings.data, project)
        return RedirectResponse("/stand", 303)
    stand.move_project(settings.data, project, -1 if action == "up" else 1)
    return RedirectResponse(f"/project/{project.stem}", 303)


async def _new(request: Request, settings: Settings) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    if not secrets.compare_digest(str(form.get("_token", "")), settings.token):
        return HTMLResponse(msg("edit.refused"), 403)
    from starlette.concurrency import run_in_threadpool
    created = await run_in_threadpool(stand.add_project, settings.data)
    return RedirectResponse(f"/project/{created.stem}", 303)


# Previews ----------------------------------------------------------------------

def _previews(settings: Settings, runner: live.Runner, target: Target) -> list[dict[str, str]]:
    """The screen pages of the documents this page's file makes, as image addresses."""
    shown = []
    for document in _previewed(settings, runner, target):
        key = document.sha256[:20]
        if key not in settings.thumbs:
            if not (settings.out / document.path).is_file():
                continue
            settings.thumbs[key] = live.thumbnails(settings.out, document)
        for page in range(len(settings.thumbs[key])):
            shown.append({"src": f"/thumb/{key}/{page}", "alt": msg("edit.preview.page", page=page + 1,
                                                                     document=document.path)})
    return shown


def _previewed(settings: Settings, runner: live.Runner, target: Target) -> list[Document]:
    """The documents this page's file makes, in the chosen profile: the project's sheet, or the stand's flyer and
    first poster."""
    documents = runner.documents()
    number = None
    if target.stem is not None:
        project = stand.find(settings.data, target.stem)
        number = project.number if project else None
    chosen = [d for d in documents.values() if d.profile == target.profile and (
        d.project == number and d.kind == "project-sheet" if number is not None else d.kind in ("flyer", "poster"))]
    return sorted(chosen, key=lambda d: d.path)[:2]


def _thumb(request: Request, settings: Settings) -> Response:
    images = settings.thumbs.get(request.path_params["key"], [])
    page = request.path_params["page"]
    if not 0 <= page < len(images):
        return Response(status_code=404)
    return Response(images[page], media_type="image/png", headers={"cache-control": "max-age=31536000, immutable"})
