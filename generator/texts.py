"""Texts of the command line: --help, summaries and notices, in German and English (see messages)."""

from __future__ import annotations

from generator.messages import msg, register

register({
    "help.description": ("Druckfertige PDFs und PDFs zum Versenden für einen Messestand, aus YAML-Dateien.\n"
                         "standgen arbeitet im Standordner: dem aktuellen Ordner oder dem nächsten\n"
                         "darüber, der data/stand.yaml enthält. Neuer Stand: standgen init ORDNER",
                         "Print-ready and email-ready PDFs for a trade-fair stand, from YAML files.\n"
                         "standgen works in the stand folder: the current folder or the nearest one\n"
                         "above it that holds data/stand.yaml. A new stand: standgen init FOLDER"),
    "help.exit-codes": ("Rückgabewerte:\n  0    Erfolg\n  1    Problem in den Daten, einem Layout oder der Prüfung\n"
                        "  2    falscher Aufruf oder kein Standordner\n  130  abgebrochen (Strg+C)\n"
                        "  143  beendet (SIGTERM)",
                        "Exit status:\n  0    success\n  1    a problem in the data, a layout or the check\n"
                        "  2    wrong command line or no stand folder\n  130  interrupted (Ctrl-C)\n"
                        "  143  terminated (SIGTERM)"),
    "help.version": ("Version anzeigen und beenden", "show the version and exit"),
    "help.help": ("diese Hilfe anzeigen und beenden", "show this help and exit"),
    "help.lang": ("Sprache der Meldungen (Standard: aus der Spracheinstellung des Systems)",
                  "language of the messages (default: from the system's language setting)"),
    "help.commands": ("Befehle", "commands"),
    "help.dir": ("ORDNER", "DIR"),
    "help.command-metavar": ("BEFEHL", "COMMAND"),
    "help.options": ("Optionen", "options"),
    "help.arguments": ("Argumente", "arguments"),
    "help.build": ("alle Dokumente erstellen (nur was sich geändert hat)", "build every document (only what changed)"),
    "help.watch": ("erstellen, dann nach jedem Speichern in data/ und layouts/ neu erstellen",
                   "build, then rebuild on every save under data/ and layouts/"),
    "help.preview": ("Seitenvorschau und output/index.html zum Durchsehen", "page thumbnails and output/index.html "
                     "to review the build"),
    "help.check": ("Daten und Layouts prüfen, nichts schreiben", "validate data and layouts, write nothing"),
    "help.preflight": ("die erstellten PDFs prüfen: Druck, Bildschirm, QR-Codes, PDF/X",
                       "check the built PDFs for print, screen, QR codes and PDF/X"),
    "help.schema": ("die JSON-Schemas für Editoren schreiben", "write the JSON Schemas for editors"),
    "help.init": ("einen neuen Standordner mit Beispieldaten und Layouts anlegen",
                  "create a new stand folder with example data and layouts"),
    "help.init-folder": ("Ordner für den neuen Stand (Standard: der aktuelle Ordner)",
                         "folder for the new stand (default: the current folder)"),
    "help.data": ("Datenordner (Standard: data)", "data folder (default: data)"),
    "help.layouts": ("Layoutordner (Standard: layouts, sonst die mitgelieferten Layouts)",
                     "layouts folder (default: layouts, else the packaged layouts)"),
    "help.out": ("Ausgabeordner (Standard: output)", "output folder (default: output)"),
    "help.schema-out": ("Ordner (Standard: schemas)", "folder (default: schemas)"),
    "help.profile": ("nur für die Druckerei (print), nur zum Versenden (screen) oder beides (all, Standard)",
                     "only for the print shop (print), only to email (screen), or both (all, the default)"),
    "help.jobs": ("Anzahl der Arbeitsprozesse (Standard: Zahl der Prozessorkerne)",
                  "worker processes (default: CPU count)"),
    "help.quiet": ("nur Probleme und die Zusammenfassung ausgeben", "print only problems and the summary"),
    "help.no-cache": ("den Zwischenspeicher des Benutzers nicht verwenden (langsamer)",
                      "do not use the per-user cache (slower)"),
    "help.only": ("nur diese Layouts erstellen", "build only these layouts"),
    "help.force": ("auch unveränderte Dokumente neu erstellen", "rebuild even unchanged documents"),
    "help.json": ("einen maschinenlesbaren Bericht (JSON) ausgeben", "print a machine-readable report (JSON) instead"),
    "help.build-preflight": ("danach die erstellten Dateien prüfen (preflight)",
                             "run the preflight on the build's files afterwards"),
    "help.edit": ("den Stand im Browser bearbeiten, mit Vorschau und Prüfung beim Tippen",
                  "edit the stand in the browser, with preview and checks while typing"),
    "help.edit-port": ("Port auf 127.0.0.1 (Standard: ein freier)", "port on 127.0.0.1 (default: a free one)"),
    "help.edit-no-browser": ("keinen Browser öffnen", "do not open a browser"),
    "help.watch-preview": ("nach jedem Erstellen auch output/index.html auffrischen",
                           "also refresh output/index.html after each build"),
    "help.links": ("auch jede Adresse in den Daten über das Netz prüfen",
                   "also check every url in the data over the network"),
    "help.timeout": ("je Anfrage (Standard: 10)", "per request (default: 10)"),
    "help.report": ("den Bericht zusätzlich speichern", "also save the report"),
    "help.verbose": ("jede Prüfung auflisten, nicht nur die fehlgeschlagenen",
                     "list every check, not only the failed ones"),
    "cli.not-a-number": ("ganze Zahl erwartet, nicht '{text}'", "expected a whole number, got '{text}'"),
    "cli.at-least-1": ("muss mindestens 1 sein", "must be at least 1"),
    "cli.report-suffix": ("'{text}' muss auf .html oder .pdf enden", "'{text}' must end in .html or .pdf"),
    "cli.interrupted": ("abgebrochen", "interrupted"),
    "cli.problems.one": ("1 Problem gefunden", "1 problem found"),
    "cli.problems.many": ("{n} Probleme gefunden", "{n} problems found"),
    "cli.severity.error": ("Fehler", "error"),
    "cli.severity.warning": ("Warnung", "warning"),
    "cli.severity.note": ("Hinweis", "note"),
    "cli.built": ("  erstellt {path}", "  built {path}"),
    "cli.summary": ("{built} erstellt, {unchanged} unverändert, {removed} entfernt in {seconds} s",
                    "{built} built, {unchanged} unchanged, {removed} removed in {seconds} s"),
    "cli.layout-skipped": ("Hinweis: Layout '{name}' übersprungen: für seine Dokumentart gibt es noch keinen Satz",
                           "note: layout '{name}' was skipped: its document kind has no composer yet"),
    "cli.schemas-written": ("{count} Schema-Datei(en) nach {folder} geschrieben",
                            "{count} schema file(s) written to {folder}"),
    "cli.schemas-current": ("die Schemas sind aktuell", "schemas are up to date"),
    "cli.preview": ("Vorschau: {index}", "preview: {index}"),
    "cli.report-saved": ("Bericht gespeichert: {path}", "report saved to {path}"),
    "cli.check-ok": ("{projects}, {layouts}: in Ordnung", "{projects}, {layouts}: ok"),
    "count.projects.one": ("1 Projekt", "1 project"),
    "count.projects.many": ("{n} Projekte", "{n} projects"),
    "count.layouts.one": ("1 Layout", "1 layout"),
    "count.layouts.many": ("{n} Layouts", "{n} layouts"),
    "cli.links": ("{count} Adressen geprüft: {ok} erreichbar, {moved} umgeleitet, {dead} nicht erreichbar",
                  "{count} links checked: {ok} ok, {moved} redirected, {dead} dead"),
    "cli.usage": ("Aufruf: ", "usage: "),
    "cli.usage-error": ("{prog}: Fehler: {message}", "{prog}: error: {message}"),
    # argparse's own phrases, as Python words them (English), translated piece by piece
    "argparse.unrecognized": ("unbekannte Argumente:", "unrecognized arguments:"),
    "argparse.required": ("diese Argumente fehlen:", "the following arguments are required:"),
    "argparse.invalid-choice": ("ungültige Auswahl:", "invalid choice:"),
    "argparse.choose-from": ("möglich sind", "choose from"),
    "argparse.expected-one": ("erwartet einen Wert", "expected one argument"),
    "argparse.argument": ("Argument ", "argument "),
    "argparse.not-allowed": ("nicht zusammen mit", "not allowed with argument"),
    "argparse.ambiguous": ("mehrdeutige Option:", "ambiguous option:"),
})

_ARGPARSE_KEYS = ("argparse.unrecognized", "argparse.required", "argparse.invalid-choice", "argparse.choose-from",
                  "argparse.expected-one", "argparse.not-allowed", "argparse.ambiguous", "argparse.argument")


def argparse_text(message: str) -> str:
    """An argparse error in this process's language (argparse itself speaks English)."""
    from generator.messages import catalogue
    texts = catalogue()
    for key in _ARGPARSE_KEYS:
        message = message.replace(texts[key][1], msg(key))
    return message


def help_text(key: str) -> str:
    return msg(f"help.{key}")


def plural(key: str, n: int) -> str:
    return msg(f"{key}.one" if n == 1 else f"{key}.many", n=n)
