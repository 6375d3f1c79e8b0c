"""Incremental build records: data files decoded by an earlier build, taken again while their bytes are the same.

Loading a stand parses every data file (YAML with positions) and decodes it into the model:
0.37 s for 999 projects, 40 ms for the shipped stand, before anything is composed. A build
keeps what it decoded in the output folder (`.standgen/parsed.bin`); the next build takes a
file from there when its path and SHA-256 equal the record, with the warnings and marks that
decoding it gave. Only files that decoded without a problem are kept, so every problem is
found afresh. The store holds one program version and message language (warnings are texts);
anything else, a damaged or foreign store included, means the file is parsed again.

The store's frame is marshal data (no code runs on loading it); each record is a pickle read
by an unpickler that makes only the model's own dataclasses and dates, so a store put there by
someone else cannot run code either.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import marshal
import pickle
from pathlib import Path
from typing import Any

from generator import __version__
from generator.diag import Diagnostic
from generator.fields import INVALID, Decoder, Mark, Report, decode_file

STORE = "parsed.bin"
FORMAT = 1  # bump when a record's shape changes
_MODEL_MODULES = frozenset({"generator.model", "generator.layouts", "generator.fields", "generator.diag"})

Record = tuple[str, str, bytes]  # the file's sha256, what it was decoded as, the pickled (value, warnings, marks)


class ParsedFiles:
    """Decoded data files of the last build (`read`), and those of this one for the next (`write`)."""

    def __init__(self, records: dict[str, Record] | None = None, language: str = "") -> None:
        self._old = records or {}
        self._new: dict[str, Record] = {}
        self.language = language
        self.taken = 0  # files taken from the store (tests, benchmarks)

    @classmethod
    def read(cls, data: bytes | None, language: str) -> ParsedFiles:
        """The store's records when it was written by this version in this language; none otherwise."""
        try:
            loaded = marshal.loads(data) if data else None
        except (EOFError, ValueError, TypeError):
            loaded = None
        if (not isinstance(loaded, tuple) or len(loaded) != 4 or loaded[:3] != (FORMAT, __version__, language)
                or not isinstance(loaded[3], dict)):
            return cls(language=language)
        return cls(loaded[3], language)

    def decode(self, path: Path, spec: Decoder, kind: str, report: Report) -> Any:
        """`decode_file(path, spec, report)`, from the store when the file is the one recorded there."""
        digest = _digest(path)
        if digest is None:
            return decode_file(path, spec, report)  # decoding reports why it cannot be read
        record = self._old.get(str(path))
        if isinstance(record, tuple) and len(record) == 3 and record[:2] == (digest, kind):
            found = _unpickle(record[2])
            if found is not None:
                value, warnings, marks = found
                report.warnings.extend(warnings)
                report.marks.extend(marks)
                self._new[str(path)] = record
                self.taken += 1
                return value
        own = Report()
        value = decode_file(path, spec, own)
        report.problems.extend(own.problems)
        report.warnings.extend(own.warnings)
        report.marks.extend(own.marks)
        report.refused |= own.refused
        if value is not INVALID and not own.problems and _digest(path) == digest:  # not saved again meanwhile
            payload = pickle.dumps((value, tuple(own.warnings), tuple(own.marks)), protocol=5)
            self._new[str(path)] = (digest, kind, payload)
        return value

    def changed(self) -> bool:
        """This build's records differ from the store it read: worth writing."""
        return self._new != self._old

    def dump(self) -> bytes:
        return marshal.dumps((FORMAT, __version__, self.language, self._new))


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _unpickle(payload: object) -> tuple[Any, tuple[Diagnostic, ...], tuple[Mark, ...]] | None:
    """A record's (value, warnings, marks), or None for anything this program did not write."""
    if not isinstance(payload, bytes):
        return None
    try:
        found = _ModelOnly(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001  # a damaged record of any kind: parse the file again
        return None
    if (not isinstance(found, tuple) or len(found) != 3 or not isinstance(found[1], tuple)
            or not isinstance(found[2], tuple) or not all(isinstance(w, Diagnostic) for w in found[1])
            or not all(isinstance(m, Mark) for m in found[2])):
        return None
    return found[0], found[1], found[2]


class _ModelOnly(pickle.Unpickler):
    """Makes the model's dataclasses, spans, diagnostics and dates; refuses every other global (no code runs)."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "datetime" and name == "date":
            return datetime.date
        if module in _MODEL_MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type) and dataclasses.is_dataclass(found):
                return found
        raise pickle.UnpicklingError(f"not a model type: {module}.{name}")
