"""Editor, files: a data file ↔ a round-trip tree (ruamel.yaml), changed in place so the file stays human.

Comments (`# to verify`), key order, quoting, block styles and the schema line survive;
only changed values are touched, so a one-field edit is a one-line diff. A value that
would read back as something else (`yes`, `a: b`, `x #y`, a leading `*`) is quoted.
The only module that imports ruamel.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString,
                                      ScalarString, SingleQuotedScalarString)
from ruamel.yaml.util import load_yaml_guess_indent

from generator.output import write_atomic
from generator.source import MAX_FILE_BYTES, reads_as_text


# A value of a data file as the round-trip loader gives it: a CommentedMap is a dict, a CommentedSeq a list, a
# quoted or block scalar a str (the forms read and write nothing else).
Value: TypeAlias = "str | int | float | bool | dt.date | list[Value] | dict[str, Value] | None"


class Stale(Exception):
    """The file changed on disk since the form was loaded."""


@dataclass(slots=True)
class Loaded:
    """A data file as read: its tree, the digest of its bytes (the form's version) and its indentation."""

    path: Path
    tree: Value
    version: str
    indent: tuple[int, int]


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def _yaml(indent: tuple[int, int] = (4, 2)) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line: that would make a one-field edit a many-line diff
    yaml.indent(mapping=2, sequence=indent[0], offset=indent[1])
    return yaml


def load(path: Path) -> Loaded:
    """Read a data file for editing; a file too large or unreadable raises OSError/ValueError."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise ValueError("file too large")
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    if not text.strip():
        return Loaded(path, CommentedMap(), digest(raw), (4, 2))
    _, sequence, offset = load_yaml_guess_indent(text)
    indent = (sequence or 4, offset if offset is not None else 2)
    tree = _yaml(indent).load(text)
    return Loaded(path, tree if tree is not None else CommentedMap(), digest(raw), indent)


def current_version(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def dump(loaded: Loaded) -> bytes:
    buffer = io.StringIO()
    _yaml(loaded.indent).dump(loaded.tree, buffer)
    return buffer.getvalue().encode("utf-8")


def save(loaded: Loaded, expected_version: str) -> str:
    """Write the tree atomically unless the file changed since `expected_version`; the new version."""
    if current_version(loaded.path) != expected_version:
        raise Stale(str(loaded.path))
    data = dump(loaded)
    write_atomic(loaded.path, data)
    return digest(data)


def write_new(path: Path, tree: Value) -> str:
    return write_to(path, Loaded(path, tree, "", (4, 2)))


def write_to(path: Path, loaded: Loaded) -> str:
    """Write a tree to another file (a duplicate), in the indentation of the file it came from."""
    data = dump(loaded)
    write_atomic(path, data)
    return digest(data)


def new_map() -> CommentedMap:
    return CommentedMap()


def root_map(loaded: Loaded) -> dict[str, Value]:
    """The file's top-level mapping; a file that holds something else cannot be edited (ValueError)."""
    if not isinstance(loaded.tree, dict):
        raise ValueError(f"{loaded.path}: the file holds no mapping")
    return loaded.tree


def new_seq(items: list[Value]) -> CommentedSeq:
    return CommentedSeq(items)


def get(tree: Value, path: tuple[str | int, ...]) -> Value:
    """The value at `path`, or None where the path does not exist."""
    node = tree
    for step in path:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
        elif isinstance(step, str) and isinstance(node, dict) and step in node:
            node = node[step]
        else:
            return None
    return node


def assign(container: dict[str, Value], key: str, new: Value, order: tuple[str, ...] = ()) -> bool:
    """Set `container[key]` to `new`, touching only what differs; None removes it. True when something changed.

    A new key goes where the declaration order puts it among the keys already there.
    """
    exists = key in container
    if new is None:
        if exists:
            del container[key]
            return True
        return False
    if exists:
        merged = _merged(container[key], new)
        if merged is not None:
            return merged
        container[key] = scalar_like(container[key], new)
    elif isinstance(container, CommentedMap):
        container.insert(_position(container, key, order), key, scalar_like(None, new))
    else:  # a plain dict has no positions: the key goes last
        container[key] = scalar_like(None, new)
    return True


def _assign_item(container: list[Value], index: int, new: Value) -> bool:
    """`assign` for the entry `index` of a sequence; an index past the end appends."""
    exists = index < len(container)
    if new is None:
        if exists:
            del container[index]
            return True
        return False
    if exists:
        merged = _merged(container[index], new)
        if merged is not None:
            return merged
        container[index] = scalar_like(container[index], new)
    else:
        container.append(scalar_like(None, new))
    return True


def _merged(old: Value, new: Value) -> bool | None:
    """Merge `new` into `old` in place where both are mappings or both sequences (True: something changed);
    False when they are the same scalar; None when `old` must be replaced."""
    if isinstance(old, dict) and isinstance(new, dict):
        return _merge_map(old, new)
    if isinstance(old, list) and isinstance(new, list):
        return _merge_list(old, new)
    return False if _same(old, new) else None


def _merge_map(old: dict[str, Value], new: dict[str, Value]) -> bool:
    changed = False
    order = tuple(new)
    for key in list(old):
        if key not in new:
            del old[key]
            changed = True
    for key, value in new.items():
        changed = assign(old, key, value, order) or changed
    return changed


def _merge_list(old: list[Value], new: list[Value]) -> bool:
    changed = len(old) != len(new)
    for index, value in enumerate(new):
        changed = _assign_item(old, index, value) or changed
    while len(old) > len(new):
        del old[len(old) - 1]
    return changed


def _position(container: CommentedMap, key: str, order: tuple[str, ...]) -> int:
    if key not in order:
        return len(container)
    before = set(order[: order.index(key)])
    positions = [index for index, name in enumerate(container) if name in before]
    return positions[-1] + 1 if positions else 0


def _same(old: Value, new: Value) -> bool:
    if isinstance(old, str) and isinstance(new, str):
        return str(old) == new or _spaced(str(old)) == _spaced(new)
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return old == new
    if isinstance(old, dt.date) and isinstance(new, dt.date):
        return old == new
    return False


def _spaced(text: str) -> str:
    """Text as it prints: runs of spaces and single line breaks are one space (a folded scalar, a wrapped
    paragraph); a blank line still separates paragraphs. Equal here means the form changed nothing."""
    return "\n\n".join(" ".join(part.split()) for part in re.split(r"\n[ \t]*\n", text.strip()))


_STYLES = (SingleQuotedScalarString, DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString)


def scalar_like(old: Value, new: Value) -> Value:
    """A new value written in the style of the old one; text that YAML would misread gets quotes."""
    if isinstance(new, dict):
        fresh = CommentedMap()
        for key, value in new.items():
            fresh[key] = scalar_like(None, value)
        return fresh
    if isinstance(new, list):
        return CommentedSeq(scalar_like(None, value) for value in new)
    if not isinstance(new, str):
        return new
    for style in _STYLES:
        if isinstance(old, style):
            if style in (FoldedScalarString, LiteralScalarString) and new != new.strip():
                break  # a block scalar cannot keep leading or trailing blanks: quote instead
            return _styled(style, new)
    if "\n" in new:
        return _styled(LiteralScalarString, new)
    if reads_as_text(new):
        return new
    return _styled(DoubleQuotedScalarString if "'" in new or not new.isprintable() else SingleQuotedScalarString, new)


def _styled(style: type[ScalarString], text: str) -> str:
    styled: str = style(text)  # ruamel's constructors are typed to return Any; each makes a str subclass
    return styled
