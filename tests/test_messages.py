"""The message catalogue: every key in both languages, the language chosen as documented."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import generator
from generator import messages


def _import_all() -> None:
    for info in pkgutil.walk_packages(generator.__path__, "generator."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)


def test_every_key_renders_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    _import_all()
    entries = messages.catalogue()
    for key, (german, english) in entries.items():
        fields = {name: "X" for name in messages._fields(german)}
        for lang, expected in (("de", german), ("en", english)):
            monkeypatch.setenv(messages.ENV, lang)
            assert messages.msg(key, **fields) == expected.format(**fields)


def test_register_refuses_a_missing_translation() -> None:
    with pytest.raises(ValueError):
        messages.register({"test.only-german": ("Nur Deutsch", "")})
    with pytest.raises(ValueError):
        messages.register({"test.fields": ("{a} fehlt", "{b} missing")})


@pytest.mark.parametrize("environ, expected", [
    ({}, "de"), ({"LANG": "C.UTF-8"}, "de"), ({"LANG": "de_DE.UTF-8"}, "de"), ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LC_ALL": "de_AT.UTF-8", "LANG": "en_US.UTF-8"}, "de"), ({"LC_ALL": "fr_FR.UTF-8"}, "en"),
])
def test_language_follows_the_locale(environ: dict[str, str], expected: str) -> None:
    assert messages.detect_language(environ) == expected
