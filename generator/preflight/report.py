"""Preflight output: findings per document → the terminal report, the failure lines, and a printable HTML page."""

from __future__ import annotations

import html
from dataclasses import dataclass

from generator.messages import language, msg, register

register({
    "preflight.before_printing": ("Vor dem Druck prüfen", "Before printing"),
    "preflight.ok": ("ok", "ok"),
    "preflight.fail": ("FEHLER", "FAIL"),
    "preflight.pages.one": ("{pages} Seite", "{pages} page"),
    "preflight.pages.many": ("{pages} Seiten", "{pages} pages"),
    "preflight.document": ("{status}  {path}  ({kind}, {profile}, {pages}, {checks} Prüfungen)",
                           "{status}  {path}  ({kind}, {profile}, {pages}, {checks} checks)"),
    "preflight.summary": ("{count} Dokumente geprüft: {passed} in Ordnung, {failed} mit Fehlern",
                          "{count} documents checked: {passed} passed, {failed} failed"),
    "preflight.all_passed": ("Alle Prüfungen bestanden.", "All checks passed."),
    "preflight.some_failed": ("{failed} von {count} Dokumenten haben Fehler.", "{failed} of {count} documents failed."),
    "preflight.camera": ("Die QR-Codes wurden gelesen mit diesem Modell: {camera}.",
                         "QR codes were decoded as seen by {camera}."),
    "preflight.not_checked": ("Nicht vom Programm geprüft", "Not checked by the program"),
})


def _status(ok: bool) -> str:
    """'ok' or 'FAIL' in the user's language, padded to one width so the columns line up."""
    width = max(len(msg("preflight.ok")), len(msg("preflight.fail")))
    return msg("preflight.ok" if ok else "preflight.fail").ljust(width)


def _pages(pages: int) -> str:
    return msg("preflight.pages.one" if pages == 1 else "preflight.pages.many", pages=pages)


@dataclass(frozen=True, slots=True)
class Finding:
    """One check's result on one document: a summary when it passed, one precise problem when it failed."""

    check: str
    ok: bool
    message: str


@dataclass(frozen=True, slots=True)
class DocumentReport:
    path: str  # as the user finds the file, e.g. output/print/flyer.pdf
    kind: str
    profile: str
    pages: int
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    @property
    def checks(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.check for f in self.findings))


@dataclass(frozen=True, slots=True)
class PreflightReport:
    documents: tuple[DocumentReport, ...]
    not_checked: tuple[str, ...]  # PDF/X rules and other promises no program can verify from the file
    camera: str
    # What a person must check before the files go to print: URLs marked '# to verify' in the
    # data, QR codes that lead to the same page or only to a home page. Warnings: `ok` ignores them.
    before_printing: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return all(d.ok for d in self.documents)

    def failures(self) -> list[str]:
        """`FILE: message` for every failed check, the way every problem is reported."""
        return [f"{d.path}: {f.message}" for d in self.documents for f in d.findings if not f.ok]


def format_text(report: PreflightReport, verbose: bool = False) -> str:
    """One line per document; every check under a failed document (under every document when verbose)."""
    lines = []
    for doc in report.documents:
        lines.append(msg("preflight.document", status=_status(doc.ok), path=doc.path, kind=doc.kind,
                         profile=doc.profile, pages=_pages(doc.pages), checks=len(doc.checks)))
        if verbose or not doc.ok:
            lines += [f"        {_status(f.ok)}  {f.check}: {f.message}" for f in doc.findings
                      if verbose or not f.ok]
    failed = sum(not d.ok for d in report.documents)
    lines.append(msg("preflight.summary", count=len(report.documents), passed=len(report.documents) - failed,
                     failed=failed))
    if report.before_printing:
        lines += ["", msg("preflight.before_printing") + ":"] + [f"  {item}" for item in report.before_printing]
    return "\n".join(lines)


def format_html(report: PreflightReport, title: str) -> str:
    """A self-contained page that prints on A4: a summary, a table per document, what was not checked."""
    esc = html.escape
    failed = sum(not d.ok for d in report.documents)
    verdict = msg("preflight.all_passed") if report.ok else msg("preflight.some_failed", failed=failed,
                                                                  count=len(report.documents))
    parts = [f"<!doctype html><html lang=\"{language()}\"><head><meta charset=\"utf-8\"><title>{esc(title)}</title>",
             f"<style>{_CSS}</style></head><body>", f"<h1>{esc(title)}</h1>",
             f"<p class=\"{'pass' if report.ok else 'fail'}\"><strong>{esc(verdict)}</strong></p>",
             f"<p>{esc(msg('preflight.camera', camera=report.camera))}</p>"]
    for doc in report.documents:
        rows = "".join(f"<tr class=\"{'pass' if f.ok else 'fail'}\"><td>{esc(_status(f.ok).strip())}</td>"
                       f"<td>{esc(f.check)}</td><td>{esc(f.message)}</td></tr>" for f in doc.findings)
        parts.append(f"<section><h2>{esc(doc.path)}</h2><p>{esc(doc.kind)} · {esc(doc.profile)} · "
                     f"{esc(_pages(doc.pages))}</p><table>{rows}</table></section>")
    if report.before_printing:
        marked = "".join(f"<li>{esc(item)}</li>" for item in report.before_printing)
        heading = esc(msg("preflight.before_printing"))
        parts.insert(5, f"<section class=\"fail\"><h2>{heading}</h2><ul>{marked}</ul></section>")  # above the files
    items = "".join(f"<li>{esc(item)}</li>" for item in report.not_checked)
    heading = esc(msg("preflight.not_checked"))
    parts.append(f"<section><h2>{heading}</h2><ul>{items}</ul></section></body></html>")
    return "\n".join(parts) + "\n"


_CSS = ("body{font-family:sans-serif;font-size:10pt;margin:1.5em}h1{font-size:16pt}h2{font-size:11pt;margin:1em 0 0}"
        "table{border-collapse:collapse;width:100%}td{border-bottom:1px solid #ccc;padding:2px 6px;vertical-align:top}"
        "td:first-child{width:3em;font-weight:bold}td:nth-child(2){width:9em}.fail{color:#a00000}.pass td:first-child"
        "{color:#006000}section{page-break-inside:avoid}@page{size:A4;margin:12mm}")
