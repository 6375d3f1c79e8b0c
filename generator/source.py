"""Source stage: a YAML file → a tree of Nodes, every value carrying its file:line:col.

Only `yaml.compose` with the safe loader is used: nothing is ever constructed from a
tag, so `!!python/...` and custom tags are refused here with a position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.diag import Diagnostic, Problems, Span, shown
from generator.messages import msg, register
from generator.yamlerrors import ParserError, comment_trap, explain, quote_start, trailing_comment

register({
    "source.not_found": ("Datei nicht gefunden", "file not found"),
    "source.folder": ("ist ein Ordner, erwartet wird eine YAML-Datei", "is a folder, expected a YAML file"),
    "source.unreadable": ("Datei kann nicht gelesen werden: {reason}", "cannot read file: {reason}"),
    "source.too_big": ("die Datei hat {size} Bytes, mehr als die {limit} MB, die eine Datendatei haben darf",
                       "file is {size} bytes, more than the {limit} MB a data file may have"),
    "source.not_utf8": ("kein gültiges UTF-8: Byte 0x{byte} an Byte-Position {offset}",
                        "not valid UTF-8: byte 0x{byte} at byte offset {offset}"),
    "source.not_utf8.hint": ("speichere die Datei als UTF-8; sie sieht nach Latin-1/Windows-1252 aus",
                             "save the file as UTF-8; it looks like Latin-1/Windows-1252"),
    "source.character": ("das Zeichen {code} ist in einer YAML-Datei nicht erlaubt",
                         "the character {code} is not allowed in a YAML file"),
    "source.character.hint": ("lösche es; kopiere den Text noch einmal als reinen Text",
                              "remove it; copy the text again as plain text"),
    "source.yaml_error": ("YAML-Fehler: {error}", "YAML error: {error}"),
    "source.too_deep": ("zu tief verschachtelt", "nesting is too deep"),
    "source.empty": ("die Datei ist leer", "file is empty"),
    "source.empty.hint": ("erwartet werden Zeilen „Schlüssel: Wert“", "expected a mapping of keys"),
    "source.deeper": ("tiefer verschachtelt als {levels} Ebenen", "nesting deeper than {levels} levels"),
    "source.tag": ("die Markierung '{tag}' ist nicht erlaubt", "tag '{tag}' is not allowed"),
    "source.tag.hint": ("Datendateien sind einfaches YAML: lösche die Markierung",
                        "data files are plain YAML: remove the tag"),
    "source.key_plain": ("ein Schlüssel muss ein einfaches Wort sein", "a key must be a plain word"),
    "source.duplicate": ("Schlüssel '{name}' kommt doppelt vor (zuerst in Zeile {line})",
                         "duplicate key '{name}' (first at line {line})"),
})

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 64

_STANDARD = "tag:yaml.org,2002:"
REFUSED = "standgen:refused"
ALLOWED_TAGS = frozenset(
    _STANDARD + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


@dataclass(frozen=True, slots=True)
class Scalar:
    """A scalar as written: its text, the tag YAML resolved for it, and where it starts."""

    value: str
    tag: str
    span: Span
    quoted: bool = False
    comment: str | None = None  # a comment after the value on its line, without the '#' (markers: "to verify")

    @property
    def kind(self) -> str:
        return self.tag.removeprefix(_STANDARD) if not self.quoted else "str"


@dataclass(frozen=True, slots=True)
class Mapping:
    items: tuple[tuple[Scalar, Node], ...]
    span: Span
    kind = "map"


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple[Node, ...]
    span: Span
    kind = "seq"


Node = Scalar | Mapping | Sequence


def load_tree(path: Path, name: str | None = None) -> tuple[Node, tuple[Diagnostic, ...]]:
    """Read and compose one YAML file.

    Raises Problems when nothing can be read; returns the tree with the problems of
    single values (refused tags, aliases, duplicate keys), which read as null.
    """
    shown = name or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise Problems([Diagnostic(shown, msg("source.not_found"))]) from None
    except IsADirectoryError:
        raise Problems([Diagnostic(shown, msg("source.folder"))]) from None
    except OSError as exc:
        raise Problems([Diagnostic(shown, msg("source.unreadable", reason=exc.strerror))]) from None
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1_000_000
        raise Problems([Diagnostic(shown, msg("source.too_big", size=f"{len(raw):,}", limit=limit))])
    return parse_text(decode_bytes(raw, shown), shown)


def decode_bytes(raw: bytes, name: str) -> str:
    """UTF-8 (a byte-order mark is allowed and dropped); name the first bad byte otherwise."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        message = msg("source.not_utf8", byte=f"{raw[exc.start]:02X}", offset=exc.start)
        hint = msg("source.not_utf8.hint") if raw[exc.start] >= 0x80 else None
        raise Problems([Diagnostic(Span(name, line, col), message, hint)]) from None
    return text.replace("\r\n", "\n")


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing aliases where they stand (no expansion bombs, plain data).

    An anchor (`&Co KG` reads as "KG" anchored "Co") silently loses text, so each is
    noted, to be reported as a value that needs quotes.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.anchored: list[yaml.Mark] = []

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not supported", mark)
        event = self.peek_event()
        if getattr(event, "anchor", None):
            self.anchored.append(event.start_mark)
        return super().compose_node(parent, index)


# An anchor at the start of a value; libyaml would take it silently, the Python loader reports it.
_ANCHOR = re.compile(r"(?:^|\s)&\S", re.MULTILINE)


def parse_text(text: str, name: str) -> tuple[Node, tuple[Diagnostic, ...]]:
    """Compose YAML text into Nodes, with the problems of single values and warnings about lost text.

    libyaml (C) composes a valid file ten times faster; any file it finds fault with, or
    that uses an alias or may use an anchor, is composed again by the Python loader,
    whose messages and positions are the ones users see.
    """
    lines = text.split("\n")
    fast = None if _ANCHOR.search(text) else _compose_fast(text)
    if fast is not None:
        problems: list[Diagnostic] = []
        return _Converter(name, lines, problems).convert(fast, 0), tuple(problems)
    return _parse_slowly(text, name, lines)


def _compose_fast(text: str) -> yaml.Node | None:
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return None
    try:
        root = yaml.compose(text, Loader=loader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag.endswith(":null")) or _has_alias(root):
        return None
    return root


def _has_alias(root: yaml.Node) -> bool:
    """An alias shows as a node met twice; its position is the anchor's, so the slow path reports it."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in node.value for item in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def _parse_slowly(text: str, name: str, lines: list[str]) -> tuple[Node, tuple[Diagnostic, ...]]:
    loader = None
    try:
        loader = _Loader(text)  # the reader checks every character here already
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise Problems([explain(_parser_error(exc), lines, name)]) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        where = Span(name, before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise Problems([Diagnostic(where, msg("source.character", code=code), msg("source.character.hint"))]) from None
    except yaml.YAMLError as exc:
        raise Problems([Diagnostic(name, msg("source.yaml_error", error=exc))]) from None
    except RecursionError:
        raise Problems([Diagnostic(name, msg("source.too_deep"))]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag.endswith(":null")):
        raise Problems([Diagnostic(name, msg("source.empty"), msg("source.empty.hint"))])
    problems = [_anchor_diagnostic(mark, lines, name) for mark in loader.anchored]
    node = _Converter(name, lines, problems).convert(root, 0)
    return node, tuple(problems)


def _parser_error(exc: yaml.MarkedYAMLError) -> ParserError:
    problem, context = exc.problem_mark, exc.context_mark
    return ParserError(problem=exc.problem or "", context=exc.context or "",
                       line=problem.line if problem else None, column=problem.column if problem else None,
                       context_line=context.line if context else None,
                       context_column=context.column if context else None,
                       raw=str(exc))


def _anchor_diagnostic(mark: yaml.Mark, lines: list[str], name: str) -> Diagnostic:
    message, hint, _ = quote_start("&", lines[mark.line] if mark.line < len(lines) else "")
    return Diagnostic(Span(name, mark.line + 1, mark.column + 1), message, hint)


def _span(node: yaml.Node, name: str) -> Span:
    return Span(name, node.start_mark.line + 1, node.start_mark.column + 1)


@dataclass(frozen=True, slots=True)
class _Converter:
    """yaml Nodes → our Nodes, with the raw lines at hand for comments after values."""

    name: str
    lines: list[str]
    problems: list[Diagnostic]

    def convert(self, node: yaml.Node, depth: int) -> Node:
        span = _span(node, self.name)
        if node.tag not in ALLOWED_TAGS:
            self.problems.append(self._tag_diagnostic(node, span))
            return Scalar("", REFUSED, span)
        if depth > MAX_DEPTH:
            self.problems.append(Diagnostic(span, msg("source.deeper", levels=MAX_DEPTH)))
            return Scalar("", REFUSED, span)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            items = tuple(self.convert(item, depth + 1) for item in node.value)
            return Sequence(items, span)
        return Scalar(str(node.value), node.tag, span, quoted=node.style in ("'", '"', "|", ">"),
                      comment=self._comment(node))

    def _tag_diagnostic(self, node: yaml.Node, span: Span) -> Diagnostic:
        if node.tag.startswith("!") and not node.tag.startswith("!!"):  # `title: !wichtig Text`: text, not a tag
            message, hint, _ = quote_start("!", self._line(node.start_mark.line))
            return Diagnostic(span, message, hint)
        return Diagnostic(span, msg("source.tag", tag=_short_tag(node.tag)), msg("source.tag.hint"))

    def _comment(self, node: yaml.ScalarNode) -> str | None:
        """The comment after a one-line value; a hashtag-like one (`Teilhabe #Careleaver`) is also a warning."""
        if node.style in ("|", ">"):
            return None
        end = node.end_mark
        raw = self._line(end.line)
        comment = trailing_comment(raw, end.column)
        if comment is not None and not node.style:  # plain: None from PyYAML, '' from libyaml
            where = Span(self.name, end.line + 1, raw.index("#", end.column) + 1)
            trap = comment_trap(raw, comment, where)
            if trap is not None:
                self.problems.append(trap)
        return comment

    def _line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def _mapping(self, node: yaml.MappingNode, depth: int) -> Mapping:
        items: list[tuple[Scalar, Node]] = []
        first: dict[str, Span] = {}
        for key_node, value_node in node.value:
            key = self.convert(key_node, depth + 1)
            value = self.convert(value_node, depth + 1)
            if not isinstance(key, Scalar):
                self.problems.append(Diagnostic(key.span, msg("source.key_plain")))
                continue
            if key.value in first:
                earlier = first[key.value]
                self.problems.append(Diagnostic(key.span, msg("source.duplicate", name=shown(key.value),
                                                                    line=earlier.line)))
                continue
            first[key.value] = key.span
            items.append((key, value))
        return Mapping(tuple(items), _span(node, self.name))


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_STANDARD) if tag.startswith(_STANDARD) else tag


def reads_as_text(value: str) -> bool:
    """Whether `value`, written unquoted after `key: `, reads back as the same text with this loader.

    The editor asks before it writes a value without quotes: `yes`, `1.0`, `2025-05-13`,
    `a: b`, `x #y` or a leading `*`, `&`, `!` would come back as something else.
    """
    try:
        loaded = yaml.compose(f"key: {value}\n", Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return False
    if not isinstance(loaded, yaml.MappingNode) or len(loaded.value) != 1:
        return False
    node = loaded.value[0][1]
    return isinstance(node, yaml.ScalarNode) and node.tag == _STANDARD + "str" and node.value == value
