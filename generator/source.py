"""Source stage: a YAML file → a tree of Nodes, every value carrying its file:line:col.

Only `yaml.compose` with the safe loader is used: nothing is ever constructed from a
tag, so `!!python/...` and custom tags are refused here with a position.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.diag import Diagnostic, Problems, Span, shown

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

    @property
    def kind(self) -> str:
        return self.tag.removeprefix(_STANDARD) if not self.quoted else "str"


@dataclass(frozen=True, slots=True)
class Mapping:
    items: tuple[tuple[Scalar, "Node"], ...]
    span: Span
    kind = "map"


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple["Node", ...]
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
        raise Problems([Diagnostic(shown, "file not found")]) from None
    except IsADirectoryError:
        raise Problems([Diagnostic(shown, "is a folder, expected a YAML file")]) from None
    except OSError as exc:
        raise Problems([Diagnostic(shown, f"cannot read file: {exc.strerror}")]) from None
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1_000_000
        raise Problems([Diagnostic(shown, f"file is {len(raw):,} bytes, more than the {limit} MB a data file may have")])
    return parse_text(decode_bytes(raw, shown), shown)


def decode_bytes(raw: bytes, name: str) -> str:
    """UTF-8 (a byte-order mark is allowed and dropped); name the first bad byte otherwise."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        message = f"not valid UTF-8: byte 0x{raw[exc.start]:02X} at byte offset {exc.start}"
        hint = "save the file as UTF-8; it looks like Latin-1/Windows-1252" if raw[exc.start] >= 0x80 else None
        raise Problems([Diagnostic(Span(name, line, col), message, hint)]) from None
    return text.replace("\r\n", "\n")


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing aliases where they stand (no expansion bombs, plain data)."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not supported", mark)
        return super().compose_node(parent, index)


def parse_text(text: str, name: str) -> tuple[Node, tuple[Diagnostic, ...]]:
    """Compose YAML text into Nodes, with the problems of single values.

    libyaml (C) composes a valid file ten times faster; any file it finds fault with, or
    that uses an alias, is composed again by the Python loader, whose messages and
    positions are the ones users see.
    """
    fast = _compose_fast(text)
    if fast is not None:
        problems: list[Diagnostic] = []
        return _convert(fast, name, problems, 0), tuple(problems)
    return _parse_slowly(text, name)


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


def _parse_slowly(text: str, name: str) -> tuple[Node, tuple[Diagnostic, ...]]:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise Problems([_syntax_diagnostic(exc, name)]) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        where = Span(name, before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise Problems([Diagnostic(where, f"the character {code} is not allowed in a YAML file",
                                   "remove it; copy the text again as plain text")]) from None
    except yaml.YAMLError as exc:
        raise Problems([Diagnostic(name, f"YAML error: {exc}")]) from None
    except RecursionError:
        raise Problems([Diagnostic(name, "nesting is too deep")]) from None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag.endswith(":null")):
        raise Problems([Diagnostic(name, "file is empty", "expected a mapping of keys")])
    problems: list[Diagnostic] = []
    node = _convert(root, name, problems, 0)
    return node, tuple(problems)


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, name: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    where: Span | str = Span(name, mark.line + 1, mark.column + 1) if mark else name
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if "'\\t'" in problem or "tab" in problem:
        return Diagnostic(where, "tab character in indentation", "YAML needs spaces for indentation")
    if problem.startswith("aliases"):
        return Diagnostic(where, problem, "write the value out")
    if "expected a single document" in str(exc):
        return Diagnostic(where, "more than one YAML document in the file", "remove the '---' line")
    hint = "check the indentation and the ':' after each key" if "mapping" in problem else None
    return Diagnostic(where, f"YAML syntax error: {problem}", hint)


def _span(node: yaml.Node, name: str) -> Span:
    return Span(name, node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(node: yaml.Node, name: str, problems: list[Diagnostic], depth: int) -> Node:
    span = _span(node, name)
    if node.tag not in ALLOWED_TAGS:
        problems.append(Diagnostic(span, f"tag '{_short_tag(node.tag)}' is not allowed", "data files are plain YAML: remove the tag"))
        return Scalar("", REFUSED, span)
    if depth > MAX_DEPTH:
        problems.append(Diagnostic(span, f"nesting deeper than {MAX_DEPTH} levels"))
        return Scalar("", REFUSED, span)
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, name, problems, depth)
    if isinstance(node, yaml.SequenceNode):
        items = tuple(_convert(item, name, problems, depth + 1) for item in node.value)
        return Sequence(items, span)
    return Scalar(str(node.value), node.tag, span, quoted=node.style in ("'", '"', "|", ">"))


def _convert_mapping(node: yaml.MappingNode, name: str, problems: list[Diagnostic], depth: int) -> Mapping:
    items: list[tuple[Scalar, Node]] = []
    first: dict[str, Span] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, name, problems, depth + 1)
        value = _convert(value_node, name, problems, depth + 1)
        if not isinstance(key, Scalar):
            problems.append(Diagnostic(key.span, "a key must be a plain word"))
            continue
        if key.value in first:
            earlier = first[key.value]
            problems.append(Diagnostic(key.span, f"duplicate key '{shown(key.value)}' (first at line {earlier.line})"))
            continue
        first[key.value] = key.span
        items.append((key, value))
    return Mapping(tuple(items), _span(node, name))


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_STANDARD) if tag.startswith(_STANDARD) else tag
