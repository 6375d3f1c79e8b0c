"""Model stage: Node trees of data/ → Content (stand + projects), frozen and validated.

All problems of all files are collected before anything is raised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.diag import Diagnostic, Problems
from generator.fields import (INVALID, Date, Field, decode_file, Integer, ListOf, Located, Mark, Obj, Paragraphs,
                              Report, Text, Url, located)
from generator.messages import msg, register
from generator.review import review

if TYPE_CHECKING:
    from generator.parsed import ParsedFiles


@located
class Contact(Located):
    name: str | None
    email: str | None
    phone: str | None


@located
class Organiser(Located):
    name: str
    unit: str | None
    url: str | None


@located
class Dates(Located):
    start: dt.date
    end: dt.date


@located
class Event(Located):
    name: str
    short_name: str | None
    dates: Dates
    venue: str | None
    stand: str | None


@located
class Focus(Located):
    title: str
    text: tuple[str, ...]


@located
class Stand(Located):
    organiser: Organiser
    event: Event
    headline: str
    intro: tuple[str, ...]
    focus: tuple[Focus, ...]
    url: str
    contact: Contact | None


@located
class Carrier(Located):
    name: str
    unit: str | None


@located
class Project(Located):
    number: int
    title: str
    subtitle: str | None
    summary: tuple[str, ...]
    topics: tuple[str, ...]
    formats: tuple[str, ...]
    carriers: tuple[Carrier, ...]
    url: str
    short_url: str | None
    contact: Contact | None

    @property
    def file(self) -> str:
        return self.span.file


@dataclass(frozen=True, slots=True)
class Content:
    stand: Stand
    projects: tuple[Project, ...]
    # What a reader should look at but that stops nothing (see content_warnings), and the
    # values marked '# to verify', which preflight lists before printing.
    warnings: tuple[Diagnostic, ...] = ()
    marks: tuple[Mark, ...] = ()


def content_warnings(content: Content) -> tuple[Diagnostic, ...]:
    """Every warning about the data, sorted by position: what `check` and `build` print as 'warning: …'.

    Values marked '# to verify', two projects with one QR target, a project whose target
    is the organiser's home page, text lost after ' #', files in projects/ that are not read.
    """
    return content.warnings


register({
    "model.dates_order": ("'end' ({end}) liegt vor 'start' ({start})", "'end' ({end}) is before 'start' ({start})"),
    "model.dates_order.hint": ("tausche die beiden Daten", "swap the two dates"),
    "model.contact_empty": ("'contact' ist leer", "'contact' is empty"),
    "model.contact_empty.hint": ("gib name, email oder phone an, oder lösche 'contact'",
                                 "give name, email or phone, or remove it"),
})


def _dates_in_order(dates: Dates, report: Report) -> bool:
    if dates.end < dates.start:
        report.error(dates.at("end"), msg("model.dates_order", end=dates.end, start=dates.start),
                     msg("model.dates_order.hint"))
        return False
    return True


def _has_any(contact: Contact, report: Report) -> bool:
    if not (contact.name or contact.email or contact.phone):
        report.error(contact.span, msg("model.contact_empty"), msg("model.contact_empty.hint"))
        return False
    return True


CONTACT = Obj(Contact, (
    Field("name", Text(120), doc="Contact person or office"),
    Field("email", Text(120), doc="E-mail address"),
    Field("phone", Text(60), doc="Phone number as it should be printed"),
), check=_has_any, description="Who to contact; every key optional")

ORGANISER = Obj(Organiser, (
    Field("name", Text(120), required=True, doc="Organisation, e.g. Stadt Leipzig"),
    Field("unit", Text(160), doc="Department, e.g. Amt für Jugend und Familie"),
    Field("url", Url(), doc="The organiser's web site"),
))

EVENT = Obj(Event, (
    Field("name", Text(160), required=True, doc="Full name of the event"),
    Field("short_name", Text(60), doc="Short name, e.g. 18. DJHT"),
    Field("dates", Obj(Dates, (Field("start", Date(), required=True), Field("end", Date(), required=True)),
                       check=_dates_in_order), required=True, doc="First and last day, ISO dates"),
    Field("venue", Text(200), doc="Where the event takes place"),
    Field("stand", Text(120), doc="Hall and stand number"),
))

FOCUS = Obj(Focus, (
    Field("title", Text(120), required=True),
    Field("text", Paragraphs(2000), required=True),
))

STAND = Obj(Stand, (
    Field("organiser", ORGANISER, required=True, doc="Who runs the stand"),
    Field("event", EVENT, required=True, doc="The event the stand is part of"),
    Field("headline", Text(160), required=True, doc="The stand's headline"),
    Field("intro", Paragraphs(2500), required=True, doc="One or more paragraphs introducing the stand"),
    Field("focus", ListOf(FOCUS, max_items=12), default=(), doc="The stand's themes"),
    Field("url", Url(), required=True, doc="The stand's own QR code target"),
    Field("contact", CONTACT),
), description="The stand as a whole (data/stand.yaml)")

PROJECT = Obj(Project, (
    Field("number", Integer(minimum=1, maximum=999), required=True, doc="Unique positive number; sets the order"),
    Field("title", Text(160), required=True),
    Field("subtitle", Text(200)),
    Field("summary", Paragraphs(2500), default=(), doc="One or more paragraphs; a blank line starts a new one"),
    Field("topics", ListOf(Text(200), max_items=30), default=()),
    Field("formats", ListOf(Text(200), max_items=12), default=(), doc="How the project appears at the stand"),
    Field("carriers", ListOf(Obj(Carrier, (Field("name", Text(160), required=True), Field("unit", Text(200)))),
                             min_items=1, max_items=12), required=True, doc="Organisations running the project"),
    Field("url", Url(), required=True, doc="The QR code target (http or https)"),
    Field("short_url", Text(80), doc="Printed under the QR code, e.g. leipzig.de/kifaz"),
    Field("contact", CONTACT),
), description="One project of the stand (data/projects/*.yaml)")


def load_content(data_dir: Path, parsed: ParsedFiles | None = None) -> Content:
    """Load and validate data/stand.yaml and data/projects/*.yaml; raise Problems listing all defects.

    With `parsed` (the last build's decoded files), a file whose bytes are unchanged is not parsed again."""
    report = Report()

    def decode(path: Path, spec: Obj, kind: str) -> Any:
        return parsed.decode(path, spec, kind, report) if parsed is not None else decode_file(path, spec, report)

    stand = decode(data_dir / "stand.yaml", STAND, "stand")
    projects = [decode(path, PROJECT, "project") for path in _project_files(data_dir, report)]
    valid = [p for p in projects if p is not INVALID]
    _check_numbers(valid, report)
    if report.problems:
        raise Problems(report.problems)
    ordered = tuple(sorted(valid, key=lambda p: p.number))
    marks = tuple(report.marks)
    warnings = [*report.warnings, *review(stand, ordered, marks)]
    return Content(stand, ordered, tuple(sorted(set(warnings), key=Diagnostic.sort_key)), marks)


register({
    "projects.not_read": ("wird nicht gelesen: nur Dateien mit der Endung .yaml oder .yml sind Projektdateien",
                          "is not read: only files ending in .yaml or .yml are project files"),
    "projects.rename": ("benenne sie in {file} um", "rename it to {file}"),
    "projects.folder": ("Ordner wird nicht gelesen: Projektdateien gehören direkt in {folder}",
                        "folder is not read: project files belong directly in {folder}"),
    "projects.missing": ("der Ordner projects fehlt", "projects folder is missing"),
    "projects.missing.hint": ("lege ihn an, mit einer YAML-Datei pro Projekt", "add one YAML file per project"),
    "projects.none": ("keine Projektdateien (*.yaml) im Ordner projects",
                      "no project files (*.yaml) in the projects folder"),
    "projects.number_twice": ("Projektnummer {number} ist auch bei {other} vergeben",
                              "project number {number} is also used by {other}"),
    "projects.number_twice.hint": ("jedes Projekt braucht eine eigene Nummer", "every project needs its own number"),
})


def _project_files(data_dir: Path, report: Report) -> list[Path]:
    """Every .yaml/.yml file in data/projects (any letter case: Windows editors write .YAML); a warning for others."""
    folder = data_dir / "projects"
    if not folder.is_dir():
        report.error(str(folder), msg("projects.missing"), msg("projects.missing.hint"))
        return []
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name.lower().startswith("readme"):
            continue  # .gitkeep, editor state, notes for people
        if path.is_file() and path.suffix.lower() in (".yaml", ".yml"):
            files.append(path)
        else:
            _not_read(path, folder, report)
    if not files:
        report.error(str(folder), msg("projects.none"))
    return files


def _not_read(path: Path, folder: Path, report: Report) -> None:
    if path.is_dir():
        report.warn(str(path), msg("projects.folder", folder=str(folder)))
        return
    lower = path.name.lower()
    cut = max(lower.rfind(".yaml") + 5 if ".yaml" in lower else -1, lower.rfind(".yml") + 4 if ".yml" in lower else -1)
    hint = msg("projects.rename", file=path.name[:cut]) if cut > 0 else None  # 05-x.yaml.txt → 05-x.yaml
    report.warn(str(path), msg("projects.not_read"), hint)


def _check_numbers(projects: list[Project], report: Report) -> None:
    seen: dict[int, Project] = {}
    for project in projects:
        other = seen.setdefault(project.number, project)
        if other is not project:
            report.problems.append(Diagnostic(
                project.at("number"), msg("projects.number_twice", number=project.number, other=other.at("number")),
                msg("projects.number_twice.hint")))


def project_slug(project: Project) -> str:
    """The file-name part after the number: the project file's stem without a leading number."""
    stem = Path(project.file).stem
    rest = stem.lstrip("0123456789").lstrip("-_ ")
    return _ascii_slug(rest or project.title)


def _ascii_slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
    out = "".join(c if c.isascii() and c.isalnum() else "-" for c in text.translate(table).lower())
    return "-".join(part for part in out.split("-") if part)[:60] or "project"
