"""Command line: the only place that prints or exits."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Sequence

from generator import __version__
from generator.diag import Problems

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="standgen", description="Print- and screen-ready PDFs for a trade-fair stand.")
    parser.add_argument("--version", action="version", version=f"standgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="build every document")
    _add_build_options(build)
    build.add_argument("--only", nargs="+", default=(), metavar="LAYOUT", help="build only these layouts")
    build.add_argument("--force", action="store_true", help="rebuild even unchanged documents")
    build.add_argument("--json", action="store_true", help="print a machine-readable report instead")
    build.add_argument("--preflight", action="store_true", help="run the preflight on the build's files afterwards")

    watch = sub.add_parser("watch", help="build, then rebuild on every change under data/ and layouts/")
    _add_build_options(watch)
    watch.add_argument("--preview", action="store_true", help="also refresh output/index.html after each build")

    preview = sub.add_parser("preview", help="page thumbnails and output/index.html to review the build")
    preview.add_argument("--out", default="output", type=Path, help="output folder (default: output)")

    check = sub.add_parser("check", help="validate data and layouts, write nothing")
    _add_inputs(check)
    check.add_argument("--links", action="store_true", help="also check every url in the data over the network")
    check.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="per request (default: 10)")

    preflight = sub.add_parser("preflight", help="check the built PDFs for print, screen, QR codes and PDF/X")
    _add_inputs(preflight)
    preflight.add_argument("--out", default="output", type=Path, help="output folder (default: output)")
    preflight.add_argument("--report", type=_report_file, metavar="FILE.html|FILE.pdf", help="also save the report")
    preflight.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N",
                           help="worker processes (default: CPU count)")
    preflight.add_argument("--verbose", action="store_true", help="list every check, not only the failed ones")

    schema = sub.add_parser("schema", help="write the JSON Schemas for editors")
    schema.add_argument("--out", default="schemas", type=Path, help="folder (default: schemas)")
    return parser


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default="data", type=Path, help="data folder (default: data)")
    parser.add_argument("--layouts", default="layouts", type=Path, help="layouts folder (default: layouts)")


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    _add_inputs(parser)
    parser.add_argument("--out", default="output", type=Path, help="output folder (default: output)")
    parser.add_argument("--profile", choices=("print", "screen", "all"), default="all")
    parser.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes (default: CPU count)")
    parser.add_argument("--quiet", action="store_true", help="print only problems and the summary")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _report_file(text: str) -> Path:
    if Path(text).suffix.lower() not in (".html", ".htm", ".pdf"):
        raise argparse.ArgumentTypeError(f"'{text}' must end in .html or .pdf")
    return Path(text)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        # SIGTERM (a closed laptop lid, a killed terminal) unwinds like Ctrl-C: temporary files are removed.
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _run(args)
    except Problems as problems:
        if getattr(args, "json", False):
            print(json.dumps({"ok": False, "problems": [str(d) for d in problems.diagnostics]}, ensure_ascii=False))
            return EXIT_PROBLEMS
        print_problems(problems)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def print_problems(problems: Problems) -> None:
    for diagnostic in problems.diagnostics:
        print(diagnostic, file=sys.stderr)
    count = len(problems.diagnostics)
    print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    if args.command == "check":
        return _check(args)
    if args.command == "preflight":
        return _preflight(args)
    if args.command == "schema":
        from generator.schemas import write_schemas
        written = write_schemas(args.out)
        print(f"{len(written)} schema file(s) written to {args.out}" if written else "schemas are up to date")
        return EXIT_OK
    if args.command == "preview":
        from generator.preview import make_preview
        index = make_preview(args.out)
        print(f"preview: {index}")
        return EXIT_OK
    if args.command == "watch":
        from generator.watch import watch
        return watch(args, _build)
    return _build(args)


def _build(args: argparse.Namespace) -> int:
    from generator.pipeline import build
    from generator.profiles import select_profiles
    as_json = getattr(args, "json", False)
    report = None if args.quiet or as_json else (lambda path: print(f"  built {path}", flush=True))
    outcome = build(args.data, args.layouts, args.out, select_profiles(args.profile), tuple(getattr(args, "only", ())),
                    getattr(args, "force", False), report, workers=args.jobs)
    if as_json:
        removed = [{"path": r.path, "reason": r.reason} for r in outcome.removed]
        print(json.dumps({"ok": True, "built": outcome.built, "unchanged": outcome.unchanged, "removed": removed,
                          "warnings": [str(w) for w in outcome.warnings], "skipped_layouts": outcome.skipped_layouts,
                          "seconds": round(outcome.seconds, 3)}, ensure_ascii=False, indent=1))
        return EXIT_OK
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)  # a Diagnostic with severity "warning"
    for name in outcome.skipped_layouts:
        print(f"note: layout '{name}' was skipped: its document kind has no composer yet", file=sys.stderr)
    for removed in outcome.removed:
        print(f"  {removed}")  # a removed file is always named, with the reason, even with --quiet
    print(f"{len(outcome.built)} built, {len(outcome.unchanged)} unchanged, {len(outcome.removed)} removed "
          f"in {outcome.seconds:.1f} s", flush=True)
    return _preflight(args) if getattr(args, "preflight", False) else EXIT_OK


def _preflight(args: argparse.Namespace) -> int:
    from generator.preflight.report import format_text
    from generator.preflight.run import preflight, save_report
    report = preflight(args.out, args.layouts, args.data, workers=args.jobs)
    print(format_text(report, getattr(args, "verbose", False)), flush=True)
    if getattr(args, "report", None):
        save_report(report, args.report)
        print(f"report saved to {args.report}")
    for line in report.failures():
        print(line, file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def _check(args: argparse.Namespace) -> int:
    from generator.pipeline import check
    from generator.profiles import select_profiles
    checked = check(args.data, args.layouts, select_profiles("all"))  # composed and fitted as build would
    for warning in checked.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    content, layouts = checked.content, checked.layouts
    count = len(content.projects)
    print(f"{count} project{'s' if count != 1 else ''}, {len(layouts)} layout{'s' if len(layouts) != 1 else ''}: ok")
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
    print(f"{len(results)} links checked: {len(results) - dead - moved} ok, {moved} redirected, {dead} dead",
          flush=True)
    return EXIT_PROBLEMS if dead else EXIT_OK
