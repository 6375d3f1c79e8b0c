"""Message catalogue: every text a user reads, in German and English, chosen once per process.

A message is a key with a German and an English template (`str.format` fields). Call
sites say `msg("key", name=value)`; the language is set by the command line from
`--lang`, `STANDGEN_LANG`, the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) or, on Windows,
the user's interface language. Worker processes inherit it through `STANDGEN_LANG`.
Other modules add their own entries with `register`, so the catalogue of a stage lives
beside the stage; a test renders every key in both languages.
"""

from __future__ import annotations

import os
import string
import sys
from collections.abc import Mapping

LANGUAGES = ("de", "en")
ENV = "STANDGEN_LANG"

_CATALOGUE: dict[str, tuple[str, str]] = {}


def register(entries: Mapping[str, tuple[str, str]]) -> None:
    """Add `key: (German, English)` entries; a key registered twice with other texts is a programming error."""
    for key, texts in entries.items():
        if len(texts) != 2 or not all(isinstance(t, str) and t for t in texts):
            raise ValueError(f"message {key!r} needs a German and an English text")
        if _fields(texts[0]) != _fields(texts[1]):
            raise ValueError(f"message {key!r}: German and English use different fields")
        if _CATALOGUE.get(key, texts) != texts:
            raise ValueError(f"message {key!r} registered twice with different texts")
        _CATALOGUE[key] = texts


def catalogue() -> dict[str, tuple[str, str]]:
    return dict(_CATALOGUE)


def _fields(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def language() -> str:
    """The language of this process: set by `set_language`, else from the environment."""
    chosen = os.environ.get(ENV, "")
    return chosen if chosen in LANGUAGES else detect_language(os.environ)


def set_language(lang: str | None) -> str:
    """Fix the language for this process and its workers; None means detect it."""
    chosen = lang if lang in LANGUAGES else detect_language(os.environ)
    os.environ[ENV] = chosen
    return chosen


def detect_language(environ: Mapping[str, str]) -> str:
    """German when the locale says German, English for any other locale; German when nothing is set."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return "de" if value.lower().startswith("de") else "en"
    if sys.platform == "win32":
        return _windows_language()
    return "de"


def _windows_language() -> str:
    import ctypes  # Windows only: the user's interface language, e.g. 0x0407 for German
    try:
        lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return "de"
    return "de" if lang_id & 0x3FF == 0x07 else "en"


def msg(key: str, **params: object) -> str:
    """The message `key` in this process's language, its fields filled in."""
    texts = _CATALOGUE[key]
    template = texts[LANGUAGES.index(language())]
    return template.format(**params)
