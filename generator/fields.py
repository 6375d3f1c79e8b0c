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
from generator.messages import msg, register
from generator.source import Mapping, Node, Scalar, Sequence, load_tree


class _Invalid:
    """Marks a value that failed validation; its problem is already reported."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

register({
    # What the user wrote, as found(node) names it.
    "fields.found.str": ("Text", "text"),
    "fields.found.number": ("eine Zahl", "a number"),
    "fields.found.bool": ("true/false", "true/false"),
    "fields.found.null": ("nichts", "nothing"),
    "fields.found.timestamp": ("ein Datum", "a date"),
    "fields.found.map": ("eine Gruppe von Schlüsseln", "a mapping"),
    "fields.found.seq": ("eine Liste", "a list"),
    "fields.found.other": ("ein Wert", "a value"),
    # What a key needs ("… must be {expected}").
    "fields.subject.file": ("die Datei", "the file"),
    "fields.wrong_type": ("{subject} muss {expected} sein, gefunden: {found}",
                          "{subject} must be {expected}, found {found}"),
    "fields.expect.text": ("Text", "text"),
    "fields.expect.whole_number": ("eine ganze Zahl", "a whole number"),
    "fields.expect.number": ("eine Zahl", "a number"),
    "fields.expect.number_in": ("eine Zahl in {unit}", "a number in {unit}"),
    "fields.expect.finite_number": ("eine endliche Zahl", "a finite number"),
    "fields.expect.bool": ("true oder false", "true or false"),
    "fields.expect.one_of": ("einer der Werte {choices}", "one of {choices}"),
    "fields.expect.url": ("eine Webadresse (https://…)", "a web address (https://…)"),
    "fields.expect.date": ("ein Datum (JJJJ-MM-TT)", "a date (YYYY-MM-DD)"),
    "fields.expect.list": ("eine Liste", "a list"),
    "fields.expect.names": ("eine Gruppe von Namen mit Werten", "a mapping of names"),
    "fields.expect.mapping": ("eine Gruppe von Zeilen „Schlüssel: Wert“", "a mapping (key: value lines)"),
    # Text and Paragraphs.
    "fields.empty": ("'{label}' ist leer", "'{label}' is empty"),
    "fields.control": ("'{label}' enthält das Steuerzeichen {code} an Zeichen {position}",
                       "'{label}' contains the control character {code} at character {position}"),
    "fields.control.hint": ("lösche es; im Druck ist es unsichtbar", "remove it; it prints as nothing"),
    "fields.one_line": ("'{label}' muss eine einzige Zeile sein", "'{label}' must be one line"),
    "fields.too_long": ("'{label}' ist {length} Zeichen lang, erlaubt sind höchstens {maximum}",
                        "'{label}' is {length} characters long, at most {maximum} allowed"),
    "fields.empty_list": ("'{label}' ist eine leere Liste", "'{label}' is an empty list"),
    # Integer and Number.
    "fields.positive": ("eine positive Zahl", "a positive number"),
    "fields.at_least": ("mindestens {minimum}", "at least {minimum}"),
    "fields.must_be": ("'{label}' muss {wanted} sein, gefunden: {value}", "'{label}' must be {wanted}, found {value}"),
    "fields.at_most": ("'{label}' darf höchstens {maximum} sein, gefunden: {value}",
                       "'{label}' must be at most {maximum}, found {value}"),
    # Choice.
    "fields.choice": ("'{value}' ist für '{label}' nicht möglich", "'{label}' cannot be '{value}'"),
    "fields.choice.hint": ("möglich sind: {choices}", "one of {choices}"),
    # Url.
    "fields.url": ("'{label}' {problem}", "'{label}' {problem}"),
    "fields.url.hint": ("schreibe sie als https://example.org/…", "write it as https://example.org/…"),
    "fields.url.too_long": ("ist länger als 1000 Zeichen", "is longer than 1000 characters"),
    "fields.url.space": ("enthält ein Leerzeichen oder Steuerzeichen", "contains a space or control character"),
    "fields.url.malformed": ("ist keine gültige Webadresse", "is not a well-formed web address"),
    "fields.url.scheme": ("muss mit http:// oder https:// beginnen (gefunden: {found})",
                          "must start with http:// or https:// (found {found})"),
    "fields.url.no_scheme": ("nichts davon", "no scheme"),
    "fields.url.host": ("hat keinen gültigen Servernamen", "has no valid host name"),
    "fields.url.domain": ("hat den Servernamen '{host}' ohne Domain (wie .de oder .org)",
                          "has the host '{host}', which has no domain"),
    # Date.
    "fields.date": ("'{label}' ist kein gültiges Datum: '{value}'", "'{label}' is not a valid date: '{value}'"),
    "fields.date.hint": ("schreibe es als JJJJ-MM-TT", "write it as YYYY-MM-DD"),
    # ListOf and MapOf.
    "fields.one_entry": ("einen Eintrag", "one entry"),
    "fields.entries": ("{n} Einträge", "{n} entries"),
    "fields.too_few": ("'{label}' braucht mindestens {wanted}", "'{label}' needs at least {wanted}"),
    "fields.too_many": ("'{label}' hat {n} Einträge, erlaubt sind höchstens {maximum}",
                        "'{label}' has {n} items, at most {maximum} allowed"),
    "fields.bad_name": ("'{name}' ist kein gültiger Name in '{label}'", "'{name}' is not a valid name in '{label}'"),
    "fields.bad_name.hint": ("nimm Kleinbuchstaben, Ziffern, '-' und '_'",
                             "use lower-case letters, digits, '-' and '_'"),
    # Obj.
    "fields.unknown_key": ("unbekannter Schlüssel '{name}'", "unknown key '{name}'"),
    "fields.unknown_key_in": ("unbekannter Schlüssel '{name}' in '{label}'", "unknown key '{name}' in '{label}'"),
    "fields.missing": ("'{name}' fehlt in der Datei", "missing required key '{name}' in the file"),
    "fields.missing_in": ("'{name}' fehlt in '{label}'", "missing required key '{name}' in '{label}'"),
})

_FOUND = {"str": "str", "int": "number", "float": "number", "bool": "bool",
          "null": "null", "timestamp": "timestamp", "map": "map", "seq": "seq"}


def found(node: Node) -> str:
    """How a user would name what they wrote."""
    if isinstance(node, Scalar):
        name = msg(f"fields.found.{_FOUND.get(node.kind, 'other')}")
        return name if node.kind == "null" else f"{name} ('{_clip(node.value)}')"
    return msg(f"fields.found.{_FOUND[node.kind]}")


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
        subject = f"'{label}'" if label else msg("fields.subject.file")
        return report.error(node.span, msg("fields.wrong_type", subject=subject, expected=expected, found=found(node)))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Text(Decoder):
    """A piece of text; single-line unless `multiline`."""

    max_length: int = 300
    multiline: bool = False
    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if not isinstance(node, Scalar) or node.kind in ("null", "map", "seq"):
            return self.wrong_type(node, label, msg("fields.expect.text"), report)
        text = node.value if self.multiline else node.value.strip()
        if not text.strip():
            return report.error(node.span, msg("fields.empty", label=label))
        return self.check_text(text, node.span, label, report)

    def check_text(self, text: str, span: Span, label: str, report: Report) -> Any:
        bad = _CONTROL.search(text.replace("\n", "") if self.multiline else text)
        if bad:
            code = f"U+{ord(bad.group()):04X}"
            return report.error(span, msg("fields.control", label=label, code=code, position=bad.start() + 1),
                                msg("fields.control.hint"))
        if not self.multiline and "\n" in text:
            return report.error(span, msg("fields.one_line", label=label))
        if len(text) > self.max_length:
            return report.error(span, msg("fields.too_long", label=label, length=len(text), maximum=self.max_length))
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
                return report.error(node.span, msg("fields.empty_list", label=label))
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
            return self.wrong_type(node, label, msg("fields.expect.whole_number"), report)
        value = int(node.value.replace("_", ""), 0)
        if self.minimum is not None and value < self.minimum:
            wanted = msg("fields.positive") if self.minimum == 1 else msg("fields.at_least", minimum=self.minimum)
            return report.error(node.span, msg("fields.must_be", label=label, wanted=wanted, value=value))
        if self.maximum is not None and value > self.maximum:
            return report.error(node.span, msg("fields.at_most", label=label, maximum=self.maximum, value=value))
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
            expected = msg("fields.expect.number_in", unit=self.unit) if self.unit else msg("fields.expect.number")
            return self.wrong_type(node, label, expected, report)
        try:
            value = float(node.value.replace("_", ""))
        except ValueError:
            return self.wrong_type(node, label, msg("fields.expect.finite_number"), report)
        if value != value or value in (float("inf"), float("-inf")):
            return self.wrong_type(node, label, msg("fields.expect.finite_number"), report)
        if self.minimum is not None and value < self.minimum:
            wanted = msg("fields.at_least", minimum=f"{self.minimum:g}{self.unit}")
            return report.error(node.span, msg("fields.must_be", label=label, wanted=wanted, value=f"{value:g}"))
        if self.maximum is not None and value > self.maximum:
            return report.error(node.span, msg("fields.at_most", label=label, maximum=f"{self.maximum:g}{self.unit}",
                                               value=f"{value:g}"))
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
            return self.wrong_type(node, label, msg("fields.expect.bool"), report)
        return node.value.lower() in ("true", "yes", "on")

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True, slots=True)
class Choice(Decoder):
    choices: tuple[str, ...] = ()
    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if not isinstance(node, Scalar) or node.kind in ("null", "map", "seq"):
            return self.wrong_type(node, label, msg("fields.expect.one_of", choices=", ".join(self.choices)), report)
        if node.value not in self.choices:
            hint = did_you_mean(node.value, self.choices) or msg("fields.choice.hint", choices=", ".join(self.choices))
            return report.error(node.span, msg("fields.choice", label=label, value=_clip(node.value)), hint)
        return node.value

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}


@dataclass(frozen=True, slots=True)
class Url(Decoder):
    """An absolute http or https URL, kept exactly as written."""

    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if not isinstance(node, Scalar) or node.kind in ("null", "map", "seq"):
            return self.wrong_type(node, label, msg("fields.expect.url"), report)
        url = node.value.strip()
        problem = url_problem(url)
        if problem:
            return report.error(node.span, msg("fields.url", label=label, problem=problem), msg("fields.url.hint"))
        return url

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "pattern": "^https?://[^\\s/]+"}


def url_problem(url: str) -> str | None:
    """Why a string is not a well-formed http(s) URL, or None."""
    if len(url) > 1000:
        return msg("fields.url.too_long")
    if any(c.isspace() or ord(c) < 32 for c in url):
        return msg("fields.url.space")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return msg("fields.url.malformed")
    if parts.scheme not in ("http", "https"):
        shown = f"'{parts.scheme}:'" if parts.scheme else msg("fields.url.no_scheme")
        return msg("fields.url.scheme", found=shown)
    host = parts.hostname or ""
    if not host or not re.fullmatch(r"[\w.-]+", host) or ".." in host or host.startswith((".", "-")):
        return msg("fields.url.host")
    if "." not in host and host != "localhost" and port is None:
        return msg("fields.url.domain", host=host)
    return None


@dataclass(frozen=True, slots=True)
class Date(Decoder):
    description: str = ""

    def decode(self, node: Node, label: str, report: Report) -> Any:
        if not isinstance(node, Scalar) or node.kind in ("null", "map", "seq"):
            return self.wrong_type(node, label, msg("fields.expect.date"), report)
        try:
            return dt.date.fromisoformat(node.value.strip())
        except ValueError:
            return report.error(node.span, msg("fields.date", label=label, value=_clip(node.value)),
                                msg("fields.date.hint"))

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
            wrong = msg("fields.wrong_type", subject=f"'{label}'", expected=msg("fields.expect.list"),
                        found=found(node))
            return report.error(node.span, wrong,
                                msg("yaml.dash_space", line=node.span.line))
        if not isinstance(node, Sequence):
            return self.wrong_type(node, label, msg("fields.expect.list"), report)
        if len(node.items) < self.min_items:
            wanted = msg("fields.one_entry") if self.min_items == 1 else msg("fields.entries", n=self.min_items)
            return report.error(node.span, msg("fields.too_few", label=label, wanted=wanted))
        if len(node.items) > self.max_items:
            return report.error(node.span, msg("fields.too_many", label=label, n=len(node.items),
                                               maximum=self.max_items))
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
            return self.wrong_type(node, label, msg("fields.expect.names"), report)
        values = []
        for key, value in node.items:
            if not re.fullmatch(self.key_pattern, key.value):
                report.error(key.span, msg("fields.bad_name", name=_clip(key.value), label=label),
                             msg("fields.bad_name.hint"))
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
            return self.wrong_type(node, label, msg("fields.expect.mapping"), report)
        known = {f.key: f for f in self.fields}
        given: dict[str, tuple[Scalar, Node]] = {}
        for key, value in node.items:
            if key.value in known:
                given[key.value] = (key, value)
            else:
                unknown = (msg("fields.unknown_key_in", name=_clip(key.value), label=label) if label
                           else msg("fields.unknown_key", name=_clip(key.value)))
                report.error(key.span, unknown, did_you_mean(key.value, known))
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
                missing = (msg("fields.missing_in", name=f.key, label=label) if label
                           else msg("fields.missing", name=f.key))
                values[f.key] = report.error(node.span, missing)
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
