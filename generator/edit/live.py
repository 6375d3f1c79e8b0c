"""Editor, live checks: the stand folder → what `standgen check`/`build` say, each warning placed at its form field.

A Diagnostic's span (file:line:col) is matched to the value the source stage read at
that position; a span on a whole mapping (a missing key, "the text continues on a
further page") goes to the field its hint names, else to the top of the page.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from generator.diag import Diagnostic, Problems, Span
from generator.output import Document, read_manifest
from generator.source import Mapping, Node, Sequence, load_tree


@dataclass(slots=True)
class Placed:
    """Diagnostics sorted for one page: by field name, for the page as a whole, and for other files."""

    fields: dict[str, list[Diagnostic]] = field(default_factory=dict)
    page: list[Diagnostic] = field(default_factory=list)
    elsewhere: list[Diagnostic] = field(default_factory=list)
    errors: int = 0


# A value's start in its file (line, column) and its key path there.
Position = tuple[tuple[int, int], tuple[str | int, ...]]


def positions(path: Path, shown: str) -> list[Position]:
    """Every value's start (line, col) in a data file with its key path; [] when the file cannot be read."""
    try:
        tree, _ = load_tree(path, shown)
    except Problems:
        return []
    found: list[Position] = []
    _walk(tree, (), found)
    return sorted(found, key=lambda item: item[0])


def _walk(node: Node, path: tuple[str | int, ...], found: list[Position]) -> None:
    found.append(((node.span.line, node.span.col), path))
    if isinstance(node, Mapping):
        for key, value in node.items:
            found.append(((key.span.line, key.span.col), (*path, key.value)))
            _walk(value, (*path, key.value), found)
    elif isinstance(node, Sequence):
        for index, item in enumerate(node.items):
            _walk(item, (*path, index), found)


def place(diagnostics: tuple[Diagnostic, ...], file: str, path: Path, names: list[str]) -> Placed:
    """Sort `diagnostics` onto the form of the data file `file` (as the pipeline names it)."""
    placed = Placed()
    where = positions(path, file)
    known = set(names)
    for diagnostic in diagnostics:
        placed.errors += diagnostic.severity == "error"
        span = diagnostic.where
        if not isinstance(span, Span) or not same_file(span.file, file):
            if isinstance(span, str) and same_file(span, file):
                placed.page.append(diagnostic)
            else:
                placed.elsewhere.append(diagnostic)
            continue
        name = _field_at(span, where, known) or _named_in(diagnostic, known)
        if name:
            placed.fields.setdefault(name, []).append(diagnostic)
        else:
            placed.page.append(diagnostic)
    return placed


def same_file(a: str, b: str) -> bool:
    return Path(a).as_posix().removeprefix("./") == Path(b).as_posix().removeprefix("./")


def _field_at(span: Span, where: list[Position], known: set[str]) -> str | None:
    # A mapping starts where its first key does: a span there means the mapping (the shortest path).
    exact = sorted((path for position, path in where if position == (span.line, span.col)), key=len)
    before = [path for position, path in where if position <= (span.line, span.col)]
    for path in (exact[:1] or before[-1:]):
        if not path:
            return None  # the file's own mapping: the page as a whole
        for cut in range(len(path), 0, -1):
            name = ".".join(str(step) for step in path[:cut])
            if name in known:
                return name
    return None


def _named_in(diagnostic: Diagnostic, known: set[str]) -> str | None:
    """A whole-file warning whose words name a field ('shorten the summary …', 'kürze die Zusammenfassung …')
    goes to that field: its key or its label, as a whole word, longest first."""
    from generator.edit.forms import label
    text = f"{diagnostic.hint or ''} {diagnostic.message}".lower()
    names = [(word.lower(), name) for name in known if "." not in name for word in {name, label(name)}]
    for word, name in sorted(names, key=lambda item: len(item[0]), reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            return name
    return None


class Runner:
    """Runs check and build one at a time for the app (a save and a typing pause may overlap)."""

    def __init__(self, data: Path, layouts: Path, out: Path) -> None:
        self.data, self.layouts, self.out = data, layouts, out
        self.lock = threading.Lock()

    def check(self, data: Path | None = None) -> tuple[tuple[Diagnostic, ...], bool]:
        """Warnings (and problems) of check over `data` (default: the stand's); True when check passed."""
        from generator.pipeline import check
        from generator.profiles import select_profiles
        try:
            checked = check(data or self.data, self.layouts, select_profiles("all"))
        except Problems as problems:
            return problems.diagnostics, False
        return tuple(w for w in checked.warnings if w.severity != "note"), True

    def check_draft(self, relative: Path, text: bytes) -> tuple[tuple[Diagnostic, ...], bool]:
        """check over a copy of the data folder in which one file has the draft's text; spans name the real file."""
        with tempfile.TemporaryDirectory(prefix="standgen-draft-") as temp:
            copy = Path(temp) / "data"
            shutil.copytree(self.data, copy, ignore=shutil.ignore_patterns(".trash"))
            (copy / relative).write_bytes(text)
            found, ok = self.check(copy)
            return tuple(_renamed(d, str(copy), str(self.data)) for d in found), ok

    def build(self, only: tuple[str, ...] = (),
              profile: str = "all") -> tuple[tuple[Diagnostic, ...], bool, tuple[str, ...]]:
        """Rebuild what changed into the output folder; the warnings, whether it worked, and the paths written.

        `only` and `profile` make the quick first step of a save: the screen file of the page's own
        documents, so its preview is back in well under a second; the rest follows.
        """
        from generator.pipeline import build
        from generator.profiles import select_profiles
        with self.lock:
            try:
                outcome = build(self.data, self.layouts, self.out, select_profiles(profile), only, workers=1)
            except Problems as problems:
                return problems.diagnostics, False, ()
        return tuple(w for w in outcome.warnings if w.severity != "note"), True, outcome.built

    def documents(self) -> dict[str, Document]:
        return read_manifest(self.out)


def _renamed(diagnostic: Diagnostic, old: str, new: str) -> Diagnostic:
    import dataclasses
    where = diagnostic.where
    if isinstance(where, Span) and where.file.startswith(old):
        where = Span(new + where.file[len(old):], where.line, where.col)
    elif isinstance(where, str) and where.startswith(old):
        where = new + where[len(old):]
    hint = diagnostic.hint.replace(old, new) if diagnostic.hint else diagnostic.hint
    return dataclasses.replace(diagnostic, where=where, message=diagnostic.message.replace(old, new), hint=hint)


def thumbnails(out: Path, document: Document, width_px: int = 260) -> list[bytes]:
    """PNG images of a document's pages (the preview's own thumbnail code, kept in memory)."""
    import pypdfium2
    pdf = pypdfium2.PdfDocument(str(out / document.path))
    try:
        images = []
        for page in pdf:
            image = page.render(scale=width_px / page.get_width()).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            images.append(buffer.getvalue())
        return images
    finally:
        pdf.close()
