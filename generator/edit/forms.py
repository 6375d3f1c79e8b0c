"""Editor, forms: the field declarations (model.STAND, model.PROJECT) → form widgets, and form data → values.

Nothing here names a field of the stand or a project: a field added to the declarations
appears in the form with its limit, required mark and help text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.edit.yamlfile import Value
from generator.fields import Boolean, Choice, Date, Decoder, Integer, ListOf, Number, Obj, Paragraphs, Text, Url
from generator.messages import catalogue, msg

MAX_ITEMS_SHOWN_EMPTY = 1  # a list of groups shows one empty group to add an entry


@dataclass(slots=True)
class Widget:
    """One input: its form name ("carriers.0.name"), where its value lives, how to show it."""

    name: str
    path: tuple[str | int, ...]
    key: str
    kind: str  # text, url, number, date, choice, bool, lines, paragraphs
    required: bool
    limit: int | None
    help: str
    value: str = ""
    choices: tuple[str, ...] = ()
    per_paragraph: bool = False

    @property
    def label(self) -> str:
        return label(self.key)


@dataclass(slots=True)
class Group:
    """A mapping of fields (the page, `event`, one carrier), or a list of such mappings."""

    name: str
    path: tuple[str | int, ...]
    key: str
    required: bool
    help: str
    children: list[Widget | Group] = field(default_factory=list)
    repeated: bool = False  # a list of mappings: children are one Group per entry
    max_items: int = 0

    @property
    def label(self) -> str:
        return label(self.key) if self.key else ""


def label(key: str) -> str:
    """The field's name for people: from the catalogue (edit.label.KEY) when there, else the key itself."""
    entry = f"edit.label.{key}"
    return msg(entry) if entry in catalogue() else key.replace("_", " ")


def help_text(key: str, doc: str, path: tuple[str | int, ...] = ()) -> str:
    """The field's help for people: edit.help.PATH (e.g. organiser.name), else edit.help.KEY, else the
    declaration's doc."""
    dotted = ".".join(step for step in path if isinstance(step, str))
    for entry in (f"edit.help.{dotted}", f"edit.help.{key}"):
        if entry in catalogue():
            return msg(entry)
    return doc


def widgets(spec: Obj, tree: Value) -> Group:
    """The page's form: one Group for the file, its values filled in from `tree` (the round-trip data)."""
    return _group(spec, tree if isinstance(tree, Mapping) else {}, (), "", True, spec.description)


def _group(spec: Obj, data: Mapping[str, Value], path: tuple[str | int, ...], key: str, required: bool,
           doc: str) -> Group:
    group = Group(_name(path), path, key, required, help_text(key, doc) if key else "")
    for f in spec.fields:
        sub = (*path, f.key)
        value = data.get(f.key) if isinstance(data, Mapping) else None
        kind = f.kind
        if isinstance(kind, Obj):
            group.children.append(_group(kind, value if isinstance(value, Mapping) else {}, sub, f.key, f.required,
                                         f.doc or kind.description))
        elif isinstance(kind, ListOf) and isinstance(kind.item, Obj):
            group.children.append(_repeated(kind, kind.item, value if isinstance(value, list) else [], sub, f.key,
                                            f.required, f.doc))
        else:
            group.children.append(_widget(kind, value, sub, f.key, f.required, f.doc))
    return group


def _repeated(kind: ListOf, item_spec: Obj, items: list[Value], path: tuple[str | int, ...], key: str,
              required: bool, doc: str) -> Group:
    group = Group(_name(path), path, key, required, help_text(key, doc), repeated=True, max_items=kind.max_items)
    shown = len(items) + (MAX_ITEMS_SHOWN_EMPTY if len(items) < kind.max_items else 0)
    for index in range(max(shown, kind.min_items)):
        item = items[index] if index < len(items) else None
        group.children.append(_group(item_spec, item if isinstance(item, Mapping) else {}, (*path, index),
                                     f"{key}[{index + 1}]", False, ""))
    return group


def _widget(kind: Decoder, value: Value, path: tuple[str | int, ...], key: str, required: bool, doc: str) -> Widget:
    widget = Widget(_name(path), path, key, _kind_name(kind), required, getattr(kind, "max_length", None),
                    help_text(key, doc or kind.description, path), shown_value(kind, value))
    if isinstance(kind, Choice):
        widget.choices = kind.choices
    if isinstance(kind, ListOf):
        widget.limit = kind.max_items
    if isinstance(kind, Paragraphs):
        widget.per_paragraph = isinstance(value, list)
    return widget


def _kind_name(kind: Decoder) -> str:
    for cls, name in ((Paragraphs, "paragraphs"), (ListOf, "lines"), (Url, "url"), (Integer, "number"),
                      (Number, "number"), (Date, "date"), (Choice, "choice"), (Boolean, "bool"), (Text, "text")):
        if isinstance(kind, cls):
            return "textarea" if name == "text" and getattr(kind, "multiline", False) else name
    return "text"


def _name(path: tuple[str | int, ...]) -> str:
    return ".".join(str(step) for step in path)


def shown_value(kind: Decoder, value: Value) -> str:
    """A stored value as the text a form field shows."""
    if value is None:
        return ""
    if isinstance(kind, Paragraphs):
        return "\n\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if isinstance(kind, ListOf):
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def read_form(spec: Obj, form: Mapping[str, str], tree: Value) -> dict[str, Value]:
    """Form data → the file's new values, in declaration order; an empty optional field is left out."""
    return _read_group(spec, form, (), tree if isinstance(tree, Mapping) else {})


def _read_group(spec: Obj, form: Mapping[str, str], path: tuple[str | int, ...],
                old: Mapping[str, Value]) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for key in old:  # keys the declarations do not know stay, so check can name them
        if key not in {f.key for f in spec.fields}:
            values[key] = old[key]
    for f in spec.fields:
        sub = (*path, f.key)
        before = old.get(f.key) if isinstance(old, Mapping) else None
        value: Value
        if isinstance(f.kind, Obj):
            value = _read_group(f.kind, form, sub, before if isinstance(before, Mapping) else {}) or None
        elif isinstance(f.kind, ListOf) and isinstance(f.kind.item, Obj):
            value = _read_items(f.kind, f.kind.item, form, sub, before if isinstance(before, list) else [])
        elif _name(sub) in form:
            value = read_value(f.kind, form[_name(sub)], before)
        else:
            value = before
        if value is not None or f.required and _name(sub) in form:
            values[f.key] = value if value is not None else ""
    return {key: values[key] for key in _ordered(values, old, spec)}


def _ordered(values: dict[str, Value], old: Mapping[str, Value], spec: Obj) -> list[str]:
    """The file's own key order first, then new keys in declaration order."""
    known = [key for key in old if key in values]
    return known + [f.key for f in spec.fields if f.key in values and f.key not in known] + \
        [key for key in values if key not in known and key not in {f.key for f in spec.fields}]


def _read_items(kind: ListOf, item_spec: Obj, form: Mapping[str, str], path: tuple[str | int, ...],
                old: list[Value]) -> list[Value] | None:
    items: list[Value] = []
    for index in range(kind.max_items + 1):
        names = [n for n in form if n.startswith(f"{_name((*path, index))}.")]
        if not names:
            break
        before = old[index] if index < len(old) else None
        item = _read_group(item_spec, form, (*path, index), before if isinstance(before, Mapping) else {})
        if any(v not in (None, "") for v in item.values()):
            items.append(item)
    return items or None


def read_value(kind: Decoder, text: str, before: Value) -> Value:
    """One field's text → the value to store; None when empty (the key is then left out)."""
    text = text.replace("\r\n", "\n")
    if isinstance(kind, Paragraphs):
        parts = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]
        if not parts:
            return None
        if isinstance(before, str) or before is None and len(parts) == 1:
            return "\n\n".join(parts) if len(parts) > 1 or "\n" in str(before or "") else parts[0]
        return list[Value](parts)
    if isinstance(kind, ListOf):
        lines = list[Value](line.strip() for line in text.split("\n") if line.strip())
        return lines or None
    text = text.strip()
    if not text:
        return None
    if isinstance(kind, Integer) and re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if isinstance(kind, Number):
        try:
            return float(text) if "." in text else int(text)
        except ValueError:
            return text
    if isinstance(kind, Date):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if isinstance(kind, Boolean) and text in ("true", "false"):
        return text == "true"
    return text


def all_names(group: Group) -> list[str]:
    """Every widget name in the form, in order: diagnostics are matched to the longest of them."""
    names: list[str] = []
    for child in group.children:
        names.extend(all_names(child) if isinstance(child, Group) else [child.name])
        if isinstance(child, Group):
            names.append(child.name)
    return names
