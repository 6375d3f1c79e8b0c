"""Declarative field kinds: decode a Node into typed, frozen values and describe it as JSON Schema.

Each kind validates one documented shape and collects every problem it finds into a
`Report` instead of stopping at the first (MkDocs' config options, plus positions).
The same declarations produce the JSON Schemas editors use, so the two never drift.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform
from urllib.parse import urlsplit

from generator.diag import Diagnostic, Problems, Span, did_you_mean, shown
from generator.messages import msg
from generator.source import Mapping, Node, Scalar, Sequence, load_tree


class _Invalid:
    """Marks a value that failed validation; its problem is already reported."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

_FOUND = {"str": "text", "int": "a number", "float": "a number", "bool": "true/false",
          "null": "nothing", "timestamp": "a date", "map": "a mapping", "seq": "a list"}


def found(node: Node) -> str:
    """How a user would name what they wrote."""
    if isinstance(node, Scalar):
        name = _FOUND.get(node.kind, "a value")
        return name if node.kind == "null" else f"{name} ('{_clip(node.value)}')"
    return _FOUND[node.kind]


_clip = shown


@dataclass(frozen=True, slots=True)
class Mark:
    """A value its author marked with a comment such as `# to verify`: check it before printing."""

    label: str  # the key as spelled in the data, e.g. "url" or "organiser.url"
    value: str
    span: Span
    note: str  # the comment's text after the marker, e.g. "no page of the Pflegekinderdienst found"


# Comments that mark a value as not yet checked: `url: https://…  # to verify: no page found`.
_MARKER = re.compile(r"\s*(?:to verify|zu prüfen|prüfen)(?![\w])[\s:–-]*(?P<note>.*)$", re.IGNORECASE)


def marker_note(comment: str | None) -> str | None:
    """The note of a 'to verify' comment ('' when it has none), or None when the comment is no marker."""
    match = _MARKER.match(comment or "")
    return match.group("note").strip() if match else None


@dataclass(slots=True)
class Report:
    """Collects diagnostics while decoding: errors, warnings and the values marked `# to verify`."""

    problems: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    refused: set[Span | str] = field(default_factory=set)

    def error(self, where: Span | str, message: str, hint: str | None = None) -> Any:
        # Every problem once; but a value the source stage refused reads as empty, and what
        # decoding then says about it at the same position would only repeat that problem.
        diagnostic = Diagnostic(where, message, hint)
        if where not in self.refused and diagnostic not in self.problems:
            self.problems.append(diagnostic)
        return INVALID

    def warn(self, where: Span | str, message: str, hint: str | None = None) -> None:
        diagnostic = Diagnostic(where, message, hint, severity="warning")
        if diagnostic not in self.warnings:
            self.warnings.append(diagnostic)

    def extend(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        for diagnostic in diagnostics:
            if diagnostic.severity == "warning":
                self.warnings.append(diagnostic)
            else:
                self.problems.append(diagnostic)
                self.refused.add(diagnostic.where)


class Decoder:
    """Base of all field kinds."""

    description = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def wrong_type(self, node: Node, label: str, expected: str, report: Report) -> Any:
        subject = f"'{label}'" if label else "the file"
        return report.error(node.span, f"{subject} must be {expected}, found {found(node)}")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Text(Decoder):
    """A piece of text; single-line unless `multiline`."""

    max_length: int = 300
    multiline: bool = False
    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if not isinstance(node, Scalar) or node.kind in ("null", "map", "seq"):
            return self.wrong_type(node, label, "text", report)
        text = node.value if self.multiline else node.value.strip()
        if not text.strip():
            return report.error(node.span, f"'{label}' is empty")
        return self.check_text(text, node.span, label, report)

    def check_text(self, text: str, span: Span, label: str, report: Report) -> Any:
        bad = _CONTROL.search(text.replace("\n", "") if self.multiline else text)
        if bad:
            code = f"U+{ord(bad.group()):04X}"
            return report.error(span, f"'{label}' contains the control character {code} at character {bad.start() + 1}",
                                "remove it; it prints as nothing")
        if not self.multiline and "\n" in text:
            return report.error(span, f"'{label}' must be one line")
        if len(text) > self.max_length:
            return report.error(span, f"'{label}' is {len(text)} characters long, at most {self.max_length} allowed")
        return unicodedata.normalize("NFC", text)

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.max_length}


@dataclass(frozen=True, slots=True)
class Paragraphs(Decoder):
    """One or more paragraphs: a list of strings, or one string whose blank lines separate them."""

    max_length: int = 3000
    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        text = Text(self.max_length, multiline=True)
        if isinstance(node, Sequence):
            if not node.items:
                return report.error(node.span, f"'{label}' is an empty list")
            parts = [text.decode(item, f"{label}[{i + 1}]", report) for i, item in enumerate(node.items)]
            if any(p is INVALID for p in parts):
                return INVALID
            return tuple(_join_lines(p) for p in parts)
        value = text.decode(node, label, report)
        if value is INVALID:
            return INVALID
        return tuple(_join_lines(p) for p in re.split(r"\n[ \t]*\n", value.strip()) if p.strip())

    def schema(self) -> dict[str, Any]:
        item = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        return {"oneOf": [item, {"type": "array", "items": item, "minItems": 1}]}


def _join_lines(paragraph: str) -> str:
    """Single line breaks inside a paragraph are soft, as in Markdown."""
    return " ".join(line.strip() for line in paragraph.strip().splitlines())


@dataclass(frozen=True, slots=True)
class Integer(Decoder):
    minimum: int | None = None
    maximum: int | None = None
    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if not isinstance(node, Scalar) or node.kind != "int":
            return self.wrong_type(node, label, "a whole number", report)
        value = int(node.value.replace("_", ""), 0)
        if self.minimum is not None and value < self.minimum:
            wanted = "a positive number" if self.minimum == 1 else f"at least {self.minimum}"
            return report.error(node.span, f"'{label}' must be {wanted}, found {value}")
        if self.maximum is not None and value > self.maximum:
            return report.error(node.span, f"'{label}' must be at most {self.maximum}, found {value}")
        return value

    def schema(self) -> dict[str, Any]:
        return _bounded({"type": "integer"}, self.minimum, self.maximum)


@dataclass(frozen=True, slots=True)
class Number(Decoder):
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if not isinstance(node, Scalar) or node.kind not in ("int", "float"):
            return self.wrong_type(node, label, f"a number{' in ' + self.unit if self.unit else ''}", report)
        try:
            value = float(node.value.replace("_", ""))
        except ValueError:
            return self.wrong_type(node, label, "a finite number", report)
        if value != value or value in (float("inf"), float("-inf")):
            return self.wrong_type(node, label, "a finite number", report)
        if self.minimum is not None and value < self.minimum:
            return report.error(node.span, f"'{label}' must be at least {self.minimum:g}{self.unit}, found {value:g}")
        if self.maximum is not None and value > self.maximum:
            return report.error(node.span, f"'{label}' must be at most {self.maximum:g}{self.unit}, found {value:g}")
        return value

    def schema(self) -> dict[str, Any]:
        return _bounded({"type": "number"}, self.minimum, self.maximum)


def _bounded(schema: dict[str, Any], low: float | None, high: float | None) -> dict[str, Any]:
    if low is not None:
        schema["minimum"] = low
    if high is not None:
        schema["maximum"] = high
    return schema


@dataclass(frozen=True, slots=True)
class Boolean(Decoder):
    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if not isinstance(node, Scalar) or node.kind != "bool":
            return self.wrong_type(node, label, "true or false", report)
        return node.value.lower() in ("true", "yes", "on")

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True, slots=True)
class Choice(Decoder):
    choices: tuple[str, ...] = ()
    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if not isinstance(node, Scalar) or node.kind in ("null", "map", "seq"):
            return self.wrong_type(node, label, "one of " + ", ".join(self.choices), report)
        if node.value not in self.choices:
            hint = did_you_mean(node.value, self.choices) or "one of " + ", ".join(self.choices)
            return report.error(node.span, f"'{label}' cannot be '{_clip(node.value)}'", hint)
        return node.value

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}


@dataclass(frozen=True, slots=True)
class Url(Decoder):
    """An absolute http or https URL, kept exactly as written."""

    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if not isinstance(node, Scalar) or node.kind in ("null", "map", "seq"):
            return self.wrong_type(node, label, "a web address (https://…)", report)
        url = node.value.strip()
        problem = url_problem(url)
        if problem:
            return report.error(node.span, f"'{label}' {problem}", "write it as https://example.org/…")
        return url

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "pattern": "^https?://[^\\s/]+"}


def url_problem(url: str) -> str | None:
    """Why a string is not a well-formed http(s) URL, or None."""
    if len(url) > 1000:
        return "is longer than 1000 characters"
    if any(c.isspace() or ord(c) < 32 for c in url):
        return "contains a space or control character"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "is not a well-formed web address"
    if parts.scheme not in ("http", "https"):
        shown = f"'{parts.scheme}:'" if parts.scheme else "no scheme"
        return f"must start with http:// or https:// (found {shown})"
    host = parts.hostname or ""
    if not host or not re.fullmatch(r"[\w.-]+", host) or ".." in host or host.startswith((".", "-")):
        return "has no valid host name"
    if "." not in host and host != "localhost" and port is None:
        return f"has the host '{host}', which has no domain"
    return None


@dataclass(frozen=True, slots=True)
class Date(Decoder):
    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if not isinstance(node, Scalar) or node.kind in ("null", "map", "seq"):
            return self.wrong_type(node, label, "a date (YYYY-MM-DD)", report)
        try:
            return dt.date.fromisoformat(node.value.strip())
        except ValueError:
            return report.error(node.span, f"'{label}' is not a valid date: '{_clip(node.value)}'",
                                "write it as YYYY-MM-DD")

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


@dataclass(frozen=True, slots=True)
class ListOf(Decoder):
    item: Decoder = field(default_factory=Text)
    min_items: int = 0
    max_items: int = 200
    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if isinstance(node, Scalar) and re.match(r"-[^\s-]", node.value):  # `-Eins` reads as text, not a list entry
            return report.error(node.span, f"'{label}' must be a list, found {found(node)}",
                                msg("yaml.dash_space", line=node.span.line))
        if not isinstance(node, Sequence):
            return self.wrong_type(node, label, "a list", report)
        if len(node.items) < self.min_items:
            wanted = "one entry" if self.min_items == 1 else f"{self.min_items} entries"
            return report.error(node.span, f"'{label}' needs at least {wanted}")
        if len(node.items) > self.max_items:
            return report.error(node.span, f"'{label}' has {len(node.items)} items, at most {self.max_items} allowed")
        values = [self.item.decode(item, f"{label}[{i + 1}]", report) for i, item in enumerate(node.items)]
        return INVALID if any(v is INVALID for v in values) else tuple(values)

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.schema(), "maxItems": self.max_items}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


@dataclass(frozen=True, slots=True)
class MapOf(Decoder):
    """A mapping from names the user chooses to values of one kind, in file order."""

    item: Decoder = field(default_factory=Text)
    key_pattern: str = r"[a-z][a-z0-9_-]*"
    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if not isinstance(node, Mapping):
            return self.wrong_type(node, label, "a mapping of names", report)
        values = []
        for key, value in node.items:
            if not re.fullmatch(self.key_pattern, key.value):
                report.error(key.span, f"'{_clip(key.value)}' is not a valid name in '{label}'",
                             "use lower-case letters, digits, '-' and '_'")
                values.append(INVALID)
                continue
            values.append((key.value, self.item.decode(value, f"{label}.{key.value}", report)))
        if any(v is INVALID or v[1] is INVALID for v in values):
            return INVALID
        return tuple(values)

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "patternProperties": {f"^{self.key_pattern}$": self.item.schema()},
                "additionalProperties": False}


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a mapping."""

    key: str
    kind: Decoder
    required: bool = False
    default: Any = None
    doc: str = ""


@dataclass(frozen=True, slots=True)
class Obj(Decoder):
    """A mapping with documented keys, decoded into the dataclass `cls`.

    `cls` takes one argument per field (named after the key) plus `span` and
    `key_spans`; `check` may add cross-field problems and returns False to reject.
    """

    cls: Callable[..., Any] = object
    fields: tuple[Field, ...] = ()
    check: Callable[[Any, Report], bool] | None = None
    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if not isinstance(node, Mapping):
            return self.wrong_type(node, label, "a mapping (key: value lines)", report)
        known = {f.key: f for f in self.fields}
        given: dict[str, tuple[Scalar, Node]] = {}
        for key, value in node.items:
            if key.value in known:
                given[key.value] = (key, value)
            else:
                where = f" in '{label}'" if label else ""
                report.error(key.span, f"unknown key '{_clip(key.value)}'{where}", did_you_mean(key.value, known))
        values, ok = self._values(node, label, given, report)
        if not ok or len(given) < len([k for k, _ in node.items]):
            return INVALID
        spans = tuple((k, v.span) for k, (_, v) in sorted(given.items()))
        obj = self.cls(**values, span=node.span, key_spans=spans)
        if self.check is not None and not self.check(obj, report):
            return INVALID
        return obj

    def _values(self, node: Mapping, label: str, given: dict[str, tuple[Scalar, Node]],
                report: Report) -> tuple[dict[str, Any], bool]:
        values: dict[str, Any] = {}
        ok = True
        for f in self.fields:
            sub = f"{label}.{f.key}" if label else f.key
            if f.key in given:
                values[f.key] = f.kind.decode(given[f.key][1], sub, report)
                _note_mark(given[f.key][1], sub, values[f.key], report)
            elif f.required:
                where = f"'{label}'" if label else "the file"
                values[f.key] = report.error(node.span, f"missing required key '{f.key}' in {where}")
            else:
                values[f.key] = f.default
            ok = ok and values[f.key] is not INVALID
        return values, ok

    def schema(self) -> dict[str, Any]:
        props = {}
        for f in self.fields:
            sub = dict(f.kind.schema())
            if f.doc:
                sub["description"] = f.doc
            if f.default is not None and isinstance(f.default, (str, int, float, bool)):
                sub["default"] = f.default
            props[f.key] = sub
        schema: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
        required = [f.key for f in self.fields if f.required]
        if required:
            schema["required"] = required
        if self.description:
            schema["description"] = self.description
        return schema


def _note_mark(node: Node, label: str, value: Any, report: Report) -> None:
    note = marker_note(node.comment) if isinstance(node, Scalar) else None
    if note is not None and isinstance(node, Scalar) and value is not INVALID:
        report.marks.append(Mark(label, node.value.strip(), node.span, note))


def decode_file(path: Path, spec: Decoder, report: Report) -> Any:
    """Read one YAML file and decode it with `spec`; its problems go to `report`."""
    try:
        tree, found = load_tree(path)
    except Problems as unreadable:
        report.extend(unreadable.diagnostics)
        return INVALID
    report.extend(found)
    return spec.decode(tree, "", report)


@dataclasses.dataclass(frozen=True, slots=True)
class Located:
    """Base of decoded objects: where the mapping and each of its values stand (keyword-only, so a subclass's
    own fields keep their positions)."""

    span: Span = dataclasses.field(kw_only=True)
    key_spans: tuple[tuple[str, Span], ...] = dataclasses.field(kw_only=True)

    def at(self, key: str) -> Span:
        for name, span in self.key_spans:
            if name == key:
                return span
        return self.span


_T = TypeVar("_T", bound=Located)


@dataclass_transform(frozen_default=True)
def located(cls: type[_T]) -> type[_T]:
    """Make a Located subclass a frozen, slotted dataclass; Obj fills in its span fields."""
    return dataclasses.dataclass(frozen=True, slots=True)(cls)
