"""Output stage: bytes → files written atomically below the output folder; the manifest last.

Only this module writes to the output folder. Every file is written to a temporary
file beside its target and moved into place with os.replace, so a reader sees the
old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from collections.abc import Callable

from generator import __version__, lockfile
from generator.diag import Diagnostic, Problems
from generator.messages import msg, register

MANIFEST = "manifest.json"
STATE_DIR = ".standgen"
KEYS = "keys.json"
# What may be in an output folder before the first build: ours, or a placeholder.
OWN_NAMES = frozenset({".gitkeep", STATE_DIR, "print", "screen", "previews", "index.html"})


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


register({
    "output.cannot-write": ("kann nicht schreiben: {reason}", "cannot write: {reason}"),
    "output.cannot-write.hint": ("frühere Ausgaben sind unverändert; Platz schaffen oder mit --out einen anderen "
                                 "Ordner wählen",
                                 "earlier outputs are unchanged; free space or choose another --out"),
    "output.is-a-file": ("der Ausgabeordner ist eine Datei", "the output folder is a file"),
    "output.choose-another": ("mit --out einen anderen Ordner wählen", "choose another --out"),
    "output.cannot-create": ("kann den Ausgabeordner nicht anlegen: {reason}",
                             "cannot create the output folder: {reason}"),
    "output.not-writable": ("in den Ausgabeordner kann nicht geschrieben werden", "the output folder is not writable"),
    "output.foreign": ("im Ausgabeordner liegen Dateien, die nicht von standgen stammen ({shown})",
                       "the output folder holds files standgen did not make ({shown})"),
    "output.foreign.hint": ("mit --out einen leeren Ordner wählen, damit nichts von dir überschrieben wird",
                            "choose an empty folder with --out, so nothing of yours is overwritten"),
    # for the output lock (its code is being replaced by a portable lock on another branch)
    "output.busy": ("ein anderer Lauf schreibt gerade hier ({holder})", "another build is writing here ({holder})"),
    "output.busy.hint": ("{seconds} s gewartet; versuche es erneut, wenn er fertig ist",
                         "waited {seconds} s; try again when it has finished"),
})

TEMP_PATTERN = ".*.standgen-tmp"


def write_atomic(path: Path, data: bytes, sync: bool = True) -> None:
    """Write `data` to `path` through a temporary file in the same folder; OSError becomes a Problem.

    Without `sync` the bytes are not forced to disk first: for the build's own records in .standgen,
    which after a power cut may read as empty, and then mean "build again" (see incremental)."""
    temp = write_temporary(path, data, sync=sync)
    try:
        os.replace(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise


def write_temporary(path: Path, data: bytes, background: bool = False, sync: bool = True) -> Path:
    """`data` in a new temporary file beside `path` (synced), for `Staging` to move into place; its name.

    With `background`, the file is synced by a thread of `SYNCS` while the caller goes on (the next document
    renders meanwhile); the caller must `SYNCS.wait()` before the file is moved or removed.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".standgen-tmp", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    handle = None
    try:
        os.chmod(temp, 0o666 & ~_umask())
        handle = os.fdopen(fd, "wb")
        handle.write(data)
        handle.flush()
        if background:
            SYNCS.add(handle, path)
            handle = None  # the thread closes it
        elif sync:
            os.fsync(handle.fileno())
    except BaseException as exc:  # an interrupt too: never a temporary file left behind
        if handle is not None:
            handle.close()
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise
    if handle is not None:
        handle.close()
    return Path(temp)


class Syncs:
    """Temporary files synced to disk by threads while the next document is made.

    An fsync waits for the disk (~2 ms a file on this machine's SSD, far longer on some Windows disks)
    and releases the GIL meanwhile, so a build that syncs each file in a thread overlaps that wait
    with rendering instead of adding it up (1,000 sheets: ~2 s). At most LIMIT files are in flight.
    `wait` returns when all are on disk, and raises the first failure as a Problem: before a build
    moves its files into place (the worker before it replies, the parent before it commits) and
    before anything removes them (Windows cannot remove a file another handle holds open).
    """

    LIMIT = 8

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._failed: list[Diagnostic] = []

    def add(self, handle: Any, path: Path) -> None:
        if len(self._threads) >= self.LIMIT:
            self._threads.pop(0).join()
        thread = threading.Thread(target=self._sync, args=(handle, path), name="standgen-sync", daemon=True)
        thread.start()
        self._threads.append(thread)

    def _sync(self, handle: Any, path: Path) -> None:
        try:
            os.fsync(handle.fileno())
        except OSError as exc:
            with self._lock:
                self._failed.append(_cannot_write(path, exc).diagnostics[0])
        finally:
            handle.close()

    def wait(self) -> None:
        while self._threads:
            self._threads.pop(0).join()
        failed, self._failed = self._failed, []
        if failed:
            raise Problems(failed[:1])


SYNCS = Syncs()  # one per process: workers sync their own files


class Staging:
    """Rendered files written to temporary files beside their targets as they come, so memory stays flat; moved
    into place all together by `commit` once everything succeeded, or all removed by `discard`."""

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []  # (temporary file, target)

    def stage(self, path: Path, data: bytes) -> None:
        self.add(write_temporary(path, data), path)

    def add(self, temp: Path, path: Path) -> None:
        """A temporary file written elsewhere (by a worker) with `write_temporary`."""
        self.staged.append((temp, path))

    def commit(self, on_each: Callable[[Path], None] | None = None) -> None:
        """Every staged file into place; a failure removes the temporary files not yet moved."""
        while self.staged:
            temp, path = self.staged[0]
            try:
                os.replace(temp, path)
            except OSError as exc:
                self.discard()
                raise _cannot_write(path, exc) from None
            self.staged.pop(0)
            if on_each:
                on_each(path)

    def discard(self) -> None:
        for temp, _ in self.staged:
            temp.unlink(missing_ok=True)
        self.staged.clear()


def _cannot_write(path: Path, exc: OSError) -> Problems:
    return Problems([Diagnostic(str(path), msg("output.cannot-write", reason=exc.strerror or str(exc)),
                                msg("output.cannot-write.hint"))])


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


def _document(raw: dict[str, Any]) -> Document:
    return Document(path=raw["path"], layout=raw["layout"], kind=raw["kind"], profile=raw["profile"],
                    project=raw["project"], pages=raw["pages"], trim_mm=tuple(raw["trim_mm"]),
                    bleed_mm=raw["bleed_mm"], qr=tuple(QrEntry(q["page"], q["url"]) for q in raw["qr"]),
                    sha256=raw["sha256"])


def read_json_state(out_dir: Path, name: str) -> dict[str, Any]:
    """A mapping the build keeps in .standgen/; empty when missing or unreadable."""
    try:
        value = json.loads((out_dir / STATE_DIR / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def write_json_state(out_dir: Path, name: str, value: dict[str, Any]) -> None:
    text = json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomic(out_dir / STATE_DIR / name, text.encode("utf-8"), sync=False)


def read_state_bytes(out_dir: Path, name: str) -> bytes | None:
    try:
        return (out_dir / STATE_DIR / name).read_bytes()
    except OSError:
        return None


def write_state_bytes(out_dir: Path, name: str, data: bytes) -> None:
    write_atomic(out_dir / STATE_DIR / name, data, sync=False)


def read_keys(out_dir: Path) -> dict[str, str]:
    """The previous build's key for each document path."""
    return {str(path): str(key) for path, key in read_json_state(out_dir, KEYS).items()}


def write_keys(out_dir: Path, keys: dict[str, str]) -> None:
    write_json_state(out_dir, KEYS, keys)


def is_current(out_dir: Path, previous: Document | None, old_key: str | None, key: str) -> bool:
    """The file on disk is what the previous build wrote for the same key, byte for byte."""
    return previous is not None and old_key == key and intact(out_dir / previous.path, previous.sha256)


def intact(path: Path, digest: str | None) -> bool:
    """The file holds the bytes whose sha256 the manifest lists."""
    if digest is None:
        return False
    try:
        return sha256(path.read_bytes()) == digest
    except OSError:
        return False


def same_bytes(path: Path, data: bytes) -> bool:
    """The file already holds exactly `data`: rewriting it would only change its modification time."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def write_manifest(out_dir: Path, documents: list[Document]) -> None:
    entries = [asdict(d) for d in sorted(documents, key=lambda d: d.path)]
    text = json.dumps({"generator": __version__, "documents": entries}, indent=2, ensure_ascii=False) + "\n"
    write_atomic(out_dir / MANIFEST, text.encode("utf-8"))


def check_out_dir(out_dir: Path) -> None:
    """The output folder exists or can be made, is writable, and holds nothing standgen did not write."""
    if out_dir.exists() and not out_dir.is_dir():
        raise Problems([Diagnostic(str(out_dir), msg("output.is-a-file"), msg("output.choose-another"))])
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Problems([Diagnostic(str(out_dir), msg("output.cannot-create", reason=exc.strerror))]) from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise Problems([Diagnostic(str(out_dir), msg("output.not-writable"), msg("output.choose-another"))])
    if not (out_dir / MANIFEST).exists():
        foreign = sorted(p.name for p in out_dir.iterdir() if p.name not in OWN_NAMES)
        if foreign:
            shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
            raise Problems([Diagnostic(str(out_dir), msg("output.foreign", shown=shown), msg("output.foreign.hint"))])


def remove_temporaries(out_dir: Path) -> int:
    """Delete temporary files an interrupted build left behind (only our own pattern)."""
    count = 0
    for temp in out_dir.rglob(TEMP_PATTERN):
        if temp.is_file() and not temp.is_symlink():
            temp.unlink(missing_ok=True)
            count += 1
    return count


def missing_folders(out_dir: Path, paths: list[str]) -> list[Path]:
    """The folders below `out_dir` that writing `paths` would create, deepest first."""
    found = {folder for path in paths for folder in (out_dir / path).parents if out_dir in folder.parents}
    return sorted((folder for folder in found if not folder.is_dir()), key=lambda f: len(f.parts), reverse=True)


def remove_empty_folders(folders: list[Path]) -> None:
    """After a failed build: the folders it created and left empty (deepest first); never one with a file in it."""
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()


def locked(out_dir: Path, wait_s: float = 30.0) -> contextlib.AbstractContextManager[None]:
    """One build at a time per output folder, on every platform (see lockfile)."""
    return lockfile.locked(out_dir / STATE_DIR, wait_s, str(out_dir))


def remove_stale(out_dir: Path, previous: dict[str, Document], current: set[str]) -> list[str]:
    """Delete files the previous manifest listed and this build no longer makes; nothing else."""
    removed = []
    for path in sorted(set(previous) - current):
        target = (out_dir / path).resolve()
        if out_dir.resolve() in target.parents and target.is_file():
            target.unlink()
            removed.append(path)
    return removed
