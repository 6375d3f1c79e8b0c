"""Command line: the only place that prints or exits."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from generator.arguments import EXIT_USAGE, language_in, make_parser
from generator.diag import Diagnostic, Problems, Span
from generator.messages import msg, set_language
from generator.texts import plural

if TYPE_CHECKING:  # the command modules load only for the command that runs
    from generator.model import Content
    from generator.preflight.report import PreflightReport

EXIT_OK, EXIT_PROBLEMS, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 130, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM: unwinds like Ctrl-C (temporary files are removed), exits 143."""


class UsageError(Exception):
    """The command line cannot be carried out as given: exit 2."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(str(problems))
        self.problems = problems


def _interrupt(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = None
    set_language(language_in(argv) or os.environ.get("STANDGEN_LANG"))
    if threading.current_thread() is threading.main_thread():
        # SIGTERM (a closed laptop lid, a killed terminal) unwinds like Ctrl-C: temporary files are removed.
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        args = make_parser().parse_args(argv)
        return _run(args)
    except UsageError as usage:
        for diagnostic in usage.problems.diagnostics:
            print(diagnostic, file=sys.stderr)
        return EXIT_USAGE
    except Problems as problems:
        if getattr(args, "json", False):
            print(json.dumps({"ok": False, "problems": problem_objects(problems.diagnostics)}, ensure_ascii=False,
                             indent=1))
            return EXIT_PROBLEMS
        print_problems(problems)
        return EXIT_PROBLEMS
    except KeyboardInterrupt as interrupt:
        print(msg("cli.interrupted"), file=sys.stderr)
        return EXIT_TERMINATED if isinstance(interrupt, Terminated) else EXIT_INTERRUPTED


def run() -> None:
    """The console script: `main`, then exit without a late Ctrl-C turning a finished run into a traceback."""
    code = main()
    for name in ("SIGINT", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    sys.exit(code)


def print_problems(problems: Problems) -> None:
    for diagnostic in problems.diagnostics:
        print(diagnostic, file=sys.stderr)
    print(plural("cli.problems", len(problems.diagnostics)), file=sys.stderr)


def problem_objects(diagnostics: Sequence[Diagnostic]) -> list[dict[str, object]]:
    """Problems for --json: file, line, column (from 1, null without a position), severity, message, hint."""
    objects: list[dict[str, object]] = []
    for d in diagnostics:
        where = d.where
        file, line, column = ((where.file, where.line, where.col) if isinstance(where, Span)
                              else (str(where), None, None))
        objects.append({"file": file, "line": line, "column": column, "severity": d.severity, "message": d.message,
                        "hint": d.hint})
    return objects


def _run(args: argparse.Namespace) -> int:
    if args.command == "init":
        return _init(args)
    from generator.stand import enter_stand
    try:
        enter_stand(args)
    except Problems as problems:
        raise UsageError(problems) from None
    if args.command == "check":
        return _check(args)
    if args.command == "preflight":
        return _preflight(args)
    if args.command == "schema":
        from generator.schemas import write_schemas
        written = write_schemas(args.out)
        print(msg("cli.schemas-written", count=len(written), folder=args.out) if written
              else msg("cli.schemas-current"))
        return EXIT_OK
    if args.command == "preview":
        from generator.preview import make_preview
        index = make_preview(args.out)
        print(msg("cli.preview", index=index))
        return EXIT_OK
    if args.command == "edit":
        from generator.edit import serve
        return serve(args.data, args.layouts, args.out, args.port, not args.no_browser,
                     lambda line: print(line, flush=True))
    if args.command == "watch":
        from generator.watch import watch
        return watch(args, _build)
    return _build(args)


def _init(args: argparse.Namespace) -> int:
    from generator.stand import init_stand
    try:
        init_stand(args.folder)
    except Problems as problems:
        raise UsageError(problems) from None
    print(msg("init.done", folder=args.folder))
    print(msg("init.next", folder=args.folder, output=args.folder / "output"))
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from generator.pipeline import build
    from generator.profiles import select_profiles
    as_json = getattr(args, "json", False)
    report = None if args.quiet or as_json else (lambda path: print(msg("cli.built", path=path), flush=True))
    outcome = build(args.data, args.layouts, args.out, select_profiles(args.profile), tuple(getattr(args, "only", ())),
                    getattr(args, "force", False), report, workers=args.jobs)
    if as_json:
        removed = [{"path": r.path, "reason": r.reason} for r in outcome.removed]
        print(json.dumps({"ok": True, "built": outcome.built, "unchanged": outcome.unchanged, "removed": removed,
                          "warnings": problem_objects(outcome.warnings), "skipped_layouts": outcome.skipped_layouts,
                          "seconds": round(outcome.seconds, 3)}, ensure_ascii=False, indent=1))
        return EXIT_OK
    for warning in outcome.warnings:
        print(f"{msg('cli.severity.' + warning.severity)}: {warning}", file=sys.stderr)
    for name in outcome.skipped_layouts:
        print(msg("cli.layout-skipped", name=name), file=sys.stderr)
    for gone in outcome.removed:
        print(f"  {gone}")  # a removed file is always named, with the reason, even with --quiet
    print(msg("cli.summary", built=len(outcome.built), unchanged=len(outcome.unchanged), removed=len(outcome.removed),
              seconds=f"{outcome.seconds:.1f}"), flush=True)
    return _preflight(args) if getattr(args, "preflight", False) else EXIT_OK


def _preflight(args: argparse.Namespace) -> int:
    from generator.preflight.report import format_text
    from generator.preflight.run import preflight, save_report
    report = preflight(args.out, args.layouts, args.data, workers=args.jobs)
    if getattr(args, "json", False) and args.command == "preflight":
        print(json.dumps(_preflight_json(report), ensure_ascii=False, indent=1))
    else:
        print(format_text(report, getattr(args, "verbose", False)), flush=True)
    if getattr(args, "report", None):
        save_report(report, args.report)
        print(msg("cli.report-saved", path=args.report),
              file=sys.stderr if getattr(args, "json", False) else sys.stdout)
    if not getattr(args, "json", False):
        for line in report.failures():
            print(line, file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def _preflight_json(report: PreflightReport) -> dict[str, object]:
    documents = [{"path": d.path, "kind": d.kind, "profile": d.profile, "pages": d.pages, "ok": d.ok,
                  "checks": list(d.checks)} for d in report.documents]
    problems = [{"file": d.path, "line": None, "column": None, "severity": "error", "message": f.message, "hint": None,
                 "check": f.check} for d in report.documents for f in d.findings if not f.ok]
    return {"ok": report.ok, "documents": documents, "problems": problems, "not_checked": list(report.not_checked)}


def _check(args: argparse.Namespace) -> int:
    from generator.pipeline import check
    from generator.profiles import select_profiles
    checked = check(args.data, args.layouts, select_profiles("all"))  # composed and fitted as build would
    content, layouts = checked.content, checked.layouts
    if args.json:
        print(json.dumps({"ok": True, "projects": len(content.projects), "layouts": len(layouts),
                          "problems": problem_objects(checked.warnings)}, ensure_ascii=False))
    else:
        for warning in checked.warnings:
            print(f"{msg('cli.severity.' + warning.severity)}: {warning}", file=sys.stderr)
        print(msg("cli.check-ok", projects=plural("count.projects", len(content.projects)),
                  layouts=plural("count.layouts", len(layouts))))
    return _check_links(content, args.timeout) if args.links else EXIT_OK


def _check_links(content: Content, timeout: float) -> int:
    from generator.preflight.links import check_links, collect_urls, describe
    uses = collect_urls(content)
    results = check_links(uses, timeout)
    for use in uses:
        result = results[use.url]
        if result.status != "ok":
            print(describe(use, result), file=sys.stderr if result.status == "dead" else sys.stdout)
    dead = sum(result.status == "dead" for result in results.values())
    moved = sum(result.status == "redirected" for result in results.values())
    print(msg("cli.links", count=len(results), ok=len(results) - dead - moved, moved=moved, dead=dead), flush=True)
    return EXIT_PROBLEMS if dead else EXIT_OK
