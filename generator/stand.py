"""The stand folder: found from any subfolder as git finds its repository; packaged assets; `standgen init`.

A stand folder holds `data/stand.yaml`, `data/projects/`, optionally its own `layouts/`
and `output/`. Installed from a wheel, the package carries the layouts (with the
hyphenation list), the JSON Schemas and an example stand under `generator/assets/`; in a
source checkout the same files are the repository's `layouts/`, `schemas/` and `data/`.
"""

from __future__ import annotations

import argparse
import os
import shutil
from importlib.util import find_spec
from pathlib import Path

from generator.diag import Diagnostic, Problems
from generator.messages import msg, register

STAND_FILE = Path("data") / "stand.yaml"
# The example stand `init` writes: the stand file and two of the shipped projects, unchanged.
EXAMPLE_PROJECTS = ("01-jugendhilfeplanung.yaml", "02-kifaz.yaml")
_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = {"layouts": "layouts", "schemas": "schemas", "example": "data"}

register({
    "stand.not-found": ("kein Standordner gefunden (weder hier noch darüber gibt es data/stand.yaml)",
                        "no stand folder found (no data/stand.yaml here or in any folder above)"),
    "stand.not-found.hint": ("lege mit 'standgen init' einen neuen an oder wechsle in einen Standordner",
                             "create one with 'standgen init' or change into a stand folder"),
    "init.exists": ("hier gibt es schon {what}; standgen init überschreibt nichts",
                    "{what} already exists here; standgen init overwrites nothing"),
    "init.exists.hint": ("wähle einen neuen Ordner: standgen init ORDNER",
                         "choose a new folder: standgen init FOLDER"),
    "init.cannot-write": ("kann nicht schreiben: {reason}", "cannot write: {reason}"),
    "init.done": ("Neuer Standordner: {folder}", "New stand folder: {folder}"),
    "init.next": ("Weiter mit:\n  cd {folder}\n  standgen edit     (im Browser bearbeiten)\n  standgen build\n"
                  "Die PDFs liegen dann in {output}. "
                  "Lies zuerst LIESMICH.md.",
                  "Next:\n  cd {folder}\n  standgen edit     (edit in the browser)\n  standgen build\n"
                  "The PDFs are then in {output}. Read LIESMICH.md first."),
})


def find_stand(start: Path) -> Path | None:
    """The nearest folder from `start` upwards that holds data/stand.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / STAND_FILE).is_file():
            return folder
    return None


def enter_stand(args: argparse.Namespace) -> None:
    """Work from the stand folder and fill in the default folders: paths are relative to the stand folder.

    Without a stand folder, a command that was given its data (or, for preview, its output)
    folder works from the current folder; `schema` needs no stand.
    """
    start = Path.cwd()
    root = find_stand(start)
    given = getattr(args, "data", None) is not None or (args.command == "preview" and args.out is not None)
    if root is None and not given and args.command != "schema":
        raise Problems([Diagnostic(str(start), msg("stand.not-found"), msg("stand.not-found.hint"))])
    os.chdir(root or start)
    for name, default in (("data", "data"), ("out", "output")):
        if hasattr(args, name) and getattr(args, name) is None:
            setattr(args, name, Path(default))
    if hasattr(args, "layouts") and args.layouts is None:
        args.layouts = Path("layouts") if Path("layouts").is_dir() else asset_dir("layouts")
    if getattr(args, "no_cache", False):
        from generator import cache
        cache.disable()


def asset_dir(name: str) -> Path:
    """Packaged `layouts`, `schemas` or `example`: inside the installed package, else the source checkout's."""
    packaged = _PACKAGE / "assets" / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / _CHECKOUT[name]


def init_stand(folder: Path) -> list[Path]:
    """A ready stand folder: example data, editable layouts, schemas, output/, LIESMICH.md and .gitignore."""
    taken = [name for name in ("data", "layouts", "LIESMICH.md") if (folder / name).exists()]
    if taken:
        raise Problems([Diagnostic(str(folder / taken[0]), msg("init.exists", what=taken[0]), msg("init.exists.hint"))])
    example = asset_dir("example")
    copies = [(example / "stand.yaml", folder / "data" / "stand.yaml")]
    copies += [(example / "projects" / name, folder / "data" / "projects" / name) for name in EXAMPLE_PROJECTS]
    copies += [(p, folder / "layouts" / p.name) for p in sorted(asset_dir("layouts").iterdir())
               if p.suffix in (".yaml", ".txt")]
    copies += [(p, folder / "schemas" / p.name) for p in sorted(asset_dir("schemas").glob("*.json"))]
    try:
        for source, target in copies:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        (folder / "output").mkdir(exist_ok=True)
        (folder / "LIESMICH.md").write_text(README_DE, encoding="utf-8")
        if not (folder / ".gitignore").exists():
            (folder / ".gitignore").write_text("# standgen: gebaute PDFs nicht versionieren\noutput/\n",
                                               encoding="utf-8")
    except OSError as exc:
        raise Problems([Diagnostic(str(folder), msg("init.cannot-write", reason=exc.strerror or str(exc)))]) from None
    return [target for _, target in copies]


README_DE = """\
# Standmaterialien mit standgen

Dieser Ordner enthält die Texte eines Messestands. `standgen` macht daraus druckfertige
PDFs für die Druckerei und kleine PDFs zum Versenden per E-Mail.

## Ordner

- `data/stand.yaml` – der Stand als Ganzes: Veranstalter, Veranstaltung, Überschrift, Einleitung.
- `data/projects/` – eine Datei je Projekt. Die Beispiele `01-…` und `02-…` zeigen den Aufbau.
- `layouts/` – das Aussehen der Dokumente (Format, Farben, Schriften). Nur ändern, wenn nötig.
- `output/` – hier legt standgen die PDFs ab (`print/` für die Druckerei, `screen/` zum Versenden).

## So geht es

Am einfachsten: `standgen edit` öffnet den Stand im Browser – Formulare statt YAML, mit
Prüfung beim Tippen, Vorschau der Seiten und dem fertigen Paket für die Druckerei
(beenden mit Strg+C). Oder von Hand:

1. Texte in `data/` anpassen (ein Editor wie VS Code, Notepad++ oder der Windows-Editor genügt;
   als UTF-8 speichern).
2. `standgen check` – prüft alle Dateien und nennt jeden Fehler mit Datei, Zeile und Spalte.
3. `standgen build` – erstellt alle PDFs neu, die sich geändert haben.
4. `standgen preview` – Vorschau aller Seiten in `output/index.html`.

Ein neues Projekt: eine Datei in `data/projects/` kopieren, z. B. zu `03-neues-projekt.yaml`,
die nächste freie `number` eintragen, dann `title`, `carriers` und `url` anpassen.

Hilfe zu allen Befehlen: `standgen --help`.
"""


def packaged_font_dir() -> Path:
    """The fonts standgen ships with (Source Sans Pro), for layouts that name no font of their own.

    The package is found, not imported (its __init__ globs the folder), and without importlib.resources,
    which would add ~5 ms of imports to every build."""
    spec = find_spec("font_source_sans_pro")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("font_source_sans_pro")
    return Path(spec.origin).parent / "files"
