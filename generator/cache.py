"""Per-user cache: derived data that belongs to no stand (parsed hyphenation patterns) → the platform's cache folder.

The folder is `STANDGEN_CACHE_DIR` when set, else platformdirs' user cache folder
(XDG on Linux, %LOCALAPPDATA% on Windows, ~/Library/Caches on macOS). Entry names carry
the versions and file hashes they derive from, so a stale entry is never read; each
entry starts with the SHA-256 of its payload, so a damaged one is ignored. Writes go
through a temporary file and os.replace: two builds racing write the same bytes, and a
reader sees a whole entry or none. The cache is safe to delete at any time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from generator.messages import msg, register

ENV_DIR = "STANDGEN_CACHE_DIR"
ENV_OFF = "STANDGEN_NO_CACHE"  # set by --no-cache; spawned processes inherit it
_DIGEST = 32

register({
    "cache.unwritable": ("der Zwischenspeicher ist nicht beschreibbar ({reason}); es geht ohne ihn weiter, "
                         "nur langsamer",
                         "the cache is not writable ({reason}); carrying on without it, only slower"),
})


def cache_dir() -> Path | None:
    """The folder for cache entries, or None when --no-cache turned the cache off."""
    if os.environ.get(ENV_OFF):
        return None
    chosen = os.environ.get(ENV_DIR)
    if chosen:
        return Path(chosen)
    import platformdirs
    return Path(platformdirs.user_cache_dir("standgen", appauthor=False))


def disable() -> None:
    os.environ[ENV_OFF] = "1"


def read_entry(name: str) -> bytes | None:
    """The payload kept under `name`, or None when missing, damaged or the cache is off."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        raw = (folder / name).read_bytes()
    except OSError:
        return None
    digest, payload = raw[:_DIGEST], raw[_DIGEST:]
    return payload if hashlib.sha256(payload).digest() == digest else None


def write_entry(name: str, payload: bytes, supersedes: str = "") -> str | None:
    """Keep `payload` under `name`; return a one-line notice when the cache cannot be written.

    `supersedes` is the start of the names of older entries of the same data (made by another version
    of a library or of this program): once this one is written they are removed, so the cache does not
    grow with every upgrade. One still being read elsewhere (Windows) stays, for a later write to remove.
    """
    folder = cache_dir()
    if folder is None:
        return None
    temp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(hashlib.sha256(payload).digest() + payload)
        os.replace(temp, folder / name)
    except OSError as exc:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        if read_entry(name) == payload:  # Windows refuses to replace a file another build is reading: it is ours
            return None
        return msg("cache.unwritable", reason=exc.strerror or str(exc))
    if supersedes and name.startswith(supersedes):
        _remove_older(folder, name, supersedes)
    return None


def _remove_older(folder: Path, name: str, prefix: str) -> None:
    try:
        older = [entry for entry in os.listdir(folder) if entry.startswith(prefix) and entry != name]
    except OSError:
        return
    for entry in older:
        try:
            (folder / entry).unlink()
        except OSError:
            pass  # being read by another build, or gone already


def file_hash(path: str | Path) -> str:
    """A short hash of a file's bytes, for entry names."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
