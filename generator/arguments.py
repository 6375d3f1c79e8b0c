"""Command-line arguments: the parser of every command, its --help texts from the catalogue, exit 2 on misuse."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn
from collections.abc import Callable, Iterable, Sequence

from generator import __version__
from generator.messages import LANGUAGES, msg
from generator.texts import argparse_text, help_text

EXIT_USAGE = 2


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, msg("cli.usage") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage line and errors in the chosen language; exit 2 as before."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, msg("cli.usage-error", prog=self.prog, message=argparse_text(message)) + "\n")


def make_parser() -> argparse.ArgumentParser:
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

    _add_build_commands(command)
    _add_check_commands(command)
    schema = command("schema")
    schema.add_argument("--out", default=Path("schemas"), type=Path, metavar=help_text("dir"),
                        help=help_text("schema-out"))
    init = command("init")
    init.add_argument("folder", nargs="?", default=Path("."), type=Path, metavar=help_text("dir"),
                      help=help_text("init-folder"))
    return parser


def _add_build_commands(command: Callable[[str], argparse.ArgumentParser]) -> None:
    build = command("build")
    _add_build_options(build)
    build.add_argument("--only", nargs="+", default=(), metavar="LAYOUT", help=help_text("only"))
    build.add_argument("--force", action="store_true", help=help_text("force"))
    build.add_argument("--json", action="store_true", help=help_text("json"))
    build.add_argument("--preflight", action="store_true", help=help_text("build-preflight"))

    watch = command("watch")
    _add_build_options(watch)
    watch.add_argument("--preview", action="store_true", help=help_text("watch-preview"))

    edit = command("edit")
    _add_inputs(edit)
    edit.add_argument("--out", type=Path, metavar=help_text("dir"), help=help_text("out"))
    edit.add_argument("--port", type=int, default=0, metavar="PORT", help=help_text("edit-port"))
    edit.add_argument("--no-browser", action="store_true", help=help_text("edit-no-browser"))

    preview = command("preview")
    preview.add_argument("--out", type=Path, metavar=help_text("dir"), help=help_text("out"))


def _add_check_commands(command: Callable[[str], argparse.ArgumentParser]) -> None:
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


def _new_parser(prog: str, description: str, epilog: str) -> argparse.ArgumentParser:
    parser = _Parser(prog=prog, description=description, epilog=epilog, allow_abbrev=False, add_help=False,
                     formatter_class=_Formatter)
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


def language_in(argv: Sequence[str]) -> str | None:
    """--lang is needed before the parser exists: its help texts are in the chosen language."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None
