"""Output stage: bytes → files written atomically below the output folder; the manifest last.

Only this module writes to the output folder. Every file is written to a temporary
file beside its target and moved into place with os.replace, so a reader sees the
old file or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from generator import __version__

MANIFEST = "manifest.json"
STATE_DIR = ".standgen"


@dataclass(frozen=True, slots=True)
class QrEntry:
    page: int
    url: str


@dataclass(frozen=True, slots=True)
class Document:
    """One built file, as the manifest lists it."""

    path: str
    layout: str
    kind: str
    profile: str
    project: int | None
    pages: int
    trim_mm: tuple[float, float]
    bleed_mm: float
    qr: tuple[QrEntry, ...]
    sha256: str
    key: str


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(out_dir: Path) -> dict[str, Document]:
    """The previous build's documents by path; empty when there is none or it is unreadable."""
    try:
        raw = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return {d["path"]: _document(d) for d in raw["documents"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _document(raw: dict) -> Document:
    return Document(path=raw["path"], layout=raw["layout"], kind=raw["kind"], profile=raw["profile"],
                    project=raw["project"], pages=raw["pages"], trim_mm=tuple(raw["trim_mm"]),
                    bleed_mm=raw["bleed_mm"], qr=tuple(QrEntry(q["page"], q["url"]) for q in raw["qr"]),
                    sha256=raw["sha256"], key=raw.get("key", ""))


def is_current(out_dir: Path, previous: Document | None, key: str) -> bool:
    """The file on disk is what the previous build wrote for the same key."""
    if previous is None or previous.key != key:
        return False
    try:
        return sha256((out_dir / previous.path).read_bytes()) == previous.sha256
    except OSError:
        return False


def write_manifest(out_dir: Path, documents: list[Document]) -> None:
    entries = [asdict(d) for d in sorted(documents, key=lambda d: d.path)]
    text = json.dumps({"generator": __version__, "documents": entries}, indent=2, ensure_ascii=False) + "\n"
    write_atomic(out_dir / MANIFEST, text.encode("utf-8"))


def remove_stale(out_dir: Path, previous: dict[str, Document], current: set[str]) -> list[str]:
    """Delete files the previous manifest listed and this build no longer makes; nothing else."""
    removed = []
    for path in sorted(set(previous) - current):
        target = (out_dir / path).resolve()
        if out_dir.resolve() in target.parents and target.is_file():
            target.unlink()
            removed.append(path)
    return removed
