"""Command line: the only place that prints or exits."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Iterable, NoReturn, Sequence

from generator import __version__
from generator.diag import Diagnostic, Problems, Span
from generator.messages import LANGUAGES, msg, set_language
from generator.texts import argparse_text, help_text, plural

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM: unwinds like Ctrl-C (temporary files are removed), exits 143."""


class UsageError(Exception):
    """The command line cannot be carried out as given: exit 2."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(str(problems))
        self.problems = problems


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, msg("cli.usage") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage line and errors in the chosen language; exit 2 as before."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, msg("cli.usage-error", prog=self.prog, message=argparse_text(message)) + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = _new_parser(prog="standgen", description=help_text("description"), epilog=help_text("exit-codes"))
    parser.add_argument("-V", "--version", action="version", version=f"standgen {__version__}",
                        help=help_text("version"))
    parser.add_argument("--lang", choices=LANGUAGES, help=help_text("lang"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=help_text("command-metavar"),
                                title=help_text("commands"))

    def command(name: str) -> argparse.ArgumentParser:
        child = sub.add_parser(name, help=help_text(f"{name}"), description=help_text(f"{name}"),
                               epilog=help_text("exit-codes"), allow_abbrev=False, add_help=False,
                               formatter_class=_Formatter)
        _add_common(child)
        return child

    build = command("build")
    _add_build_options(build)
    build.add_argument("--only", nargs="+", default=(), metavar="LAYOUT", help=help_text("only"))
    build.add_argument("--force", action="store_true", help=help_text("force"))
    build.add_argument("--json", action="store_true", help=help_text("json"))
    build.add_argument("--preflight", action="store_true", help=help_text("build-preflight"))

    watch = command("watch")
    _add_build_options(watch)
    watch.add_argument("--preview", action="store_true", help=help_text("watch-preview"))

    preview = command("preview")
    preview.add_argument("--out", type=Path, metavar=help_text("dir"), help=help_text("out"))

    check = command("check")
    _add_inputs(check)
    check.add_argument("--links", action="store_true", help=help_text("links"))
    check.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help=help_text("timeout"))
    check.add_argument("--json", action="store_true", help=help_text("json"))

    preflight = command("preflight")
    _add_inputs(preflight)
    preflight.add_argument("--out", type=Path, metavar=help_text("dir"), help=help_text("out"))
    preflight.add_argument("--report", type=_report_file, metavar="FILE.html|FILE.pdf", help=help_text("report"))
    preflight.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N", help=help_text("jobs"))
    preflight.add_argument("--verbose", action="store_true", help=help_text("verbose"))
    preflight.add_argument("--json", action="store_true", help=help_text("json"))

    schema = command("schema")
    schema.add_argument("--out", default=Path("schemas"), type=Path, metavar=help_text("dir"), help=help_text("schema-out"))

    init = command("init")
    init.add_argument("folder", nargs="?", default=Path("."), type=Path, metavar=help_text("dir"), help=help_text("init-folder"))
    return parser


def _new_parser(**kwargs: object) -> argparse.ArgumentParser:
    parser = _Parser(allow_abbrev=False, add_help=False, formatter_class=_Formatter, **kwargs)  # type: ignore[arg-type]
    parser.add_argument("-h", "--help", action="help", help=help_text("help"))
    parser._optionals.title = help_text("options")
    parser._positionals.title = help_text("arguments")
    return parser


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser._optionals.title = help_text("options")
    parser._positionals.title = help_text("arguments")
    parser.add_argument("-h", "--help", action="help", help=help_text("help"))
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=help_text("lang"))


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, metavar=help_text("dir"), help=help_text("data"))
    parser.add_argument("--layouts", type=Path, metavar=help_text("dir"), help=help_text("layouts"))


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    _add_inputs(parser)
    parser.add_argument("--out", type=Path, metavar=help_text("dir"), help=help_text("out"))
    parser.add_argument("--profile", choices=("print", "screen", "all"), default="all", help=help_text("profile"))
    parser.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N", help=help_text("jobs"))
    parser.add_argument("--quiet", action="store_true", help=help_text("quiet"))
    parser.add_argument("--no-cache", action="store_true", help=help_text("no-cache"))


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(msg("cli.not-a-number", text=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(msg("cli.at-least-1"))
    return value


def _report_file(text: str) -> Path:
    if Path(text).suffix.lower() not in (".html", ".htm", ".pdf"):
        raise argparse.ArgumentTypeError(msg("cli.report-suffix", text=text))
    return Path(text).absolute()  # the user's folder, not the stand folder


def _interrupt(signum: int, frame: object) -> None:
    raise Terminated


def _language_in(argv: Sequence[str]) -> str | None:
    """--lang is needed before the parser exists: its help texts are in the chosen language."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = None
    set_language(_language_in(argv) or os.environ.get("STANDGEN_LANG"))
    if threading.current_thread() is threading.main_thread():
        # SIGTERM (a closed laptop lid, a killed terminal) unwinds like Ctrl-C: temporary files are removed.
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        args = _parser().parse_args(argv)
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
    objects = []
    for d in diagnostics:
        where = d.where
        file, line, column = (where.file, where.line, where.col) if isinstance(where, Span) else (str(where), None, None)
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
        print(msg("cli.schemas-written", count=len(written), folder=args.out) if written else msg("cli.schemas-current"))
        return EXIT_OK
    if args.command == "preview":
        from generator.preview import make_preview
        index = make_preview(args.out)
        print(msg("cli.preview", index=index))
        return EXIT_OK
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
        print(json.dumps({"ok": True, "built": outcome.built, "unchanged": outcome.unchanged, "removed": outcome.removed,
                          "warnings": problem_objects(outcome.warnings), "skipped_layouts": outcome.skipped_layouts,
                          "seconds": round(outcome.seconds, 3)}, ensure_ascii=False, indent=1))
        return EXIT_OK
    for warning in outcome.warnings:
        print(f"{msg('cli.severity.' + warning.severity)}: {warning}", file=sys.stderr)
    for name in outcome.skipped_layouts:
        print(msg("cli.layout-skipped", name=name), file=sys.stderr)
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
        print(msg("cli.report-saved", path=args.report), file=sys.stderr if getattr(args, "json", False) else sys.stdout)
    if not getattr(args, "json", False):
        for line in report.failures():
            print(line, file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def _preflight_json(report: object) -> dict[str, object]:
    documents = [{"path": d.path, "kind": d.kind, "profile": d.profile, "pages": d.pages, "ok": d.ok,
                  "checks": list(d.checks)} for d in report.documents]  # type: ignore[attr-defined]
    problems = [{"file": d.path, "line": None, "column": None, "severity": "error", "message": f.message, "hint": None,
                 "check": f.check} for d in report.documents for f in d.findings if not f.ok]  # type: ignore[attr-defined]
    return {"ok": report.ok, "documents": documents, "problems": problems,  # type: ignore[attr-defined]
            "not_checked": list(report.not_checked)}  # type: ignore[attr-defined]


def _check(args: argparse.Namespace) -> int:
    from generator.jobs import make_jobs
    from generator.pipeline import load_inputs
    content, layouts = load_inputs(args.data, args.layouts)
    make_jobs(content, layouts, args.layouts)  # fonts and hyphenation lists exist and stay inside the project
    if args.json:
        print(json.dumps({"ok": True, "projects": len(content.projects), "layouts": len(layouts), "problems": []}))
    else:
        print(msg("cli.check-ok", projects=plural("count.projects", len(content.projects)),
                  layouts=plural("count.layouts", len(layouts))))
    return _check_links(content, args.timeout) if args.links else EXIT_OK


def _check_links(content: object, timeout: float) -> int:
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
