"""The pyphen part of the library adapter (generator/render/adapter.py): hyphenation from parsed patterns kept in
the per-user cache, with nothing written into pyphen's module. Each test fails when pyphen changes underneath."""

from __future__ import annotations

import marshal
from pathlib import Path

import pyphen
import pytest

from generator.render import fonts, patterns
from generator.render.adapter import make_hyphenator, parse_patterns

WORDS = ("Jugendhilfeplanung", "Kinderschutz", "Familienzentrum", "Beteiligung", "Übergang", "Schulsozialarbeit",
         "Erziehungsberatungsstelle", "Ganztagsangebote", "Leipzig", "Ausbildungsbegleitung")


@pytest.fixture
def german() -> Path:
    return Path(pyphen.LANGUAGES[pyphen.language_fallback(fonts.LANGUAGE)])


@pytest.fixture
def untouched(monkeypatch: pytest.MonkeyPatch) -> dict[object, object]:
    """pyphen's module-wide cache, empty for this test; and this process's patterns forgotten."""
    cache: dict[object, object] = {}
    monkeypatch.setattr(pyphen, "hdcache", cache)
    monkeypatch.setattr(fonts._German, "table", None)
    monkeypatch.setattr(fonts._German, "dictionary", None)
    return cache


def test_parsed_patterns_hyphenate_as_pyphen_does(german: Path, untouched: dict[object, object]) -> None:
    ours = make_hyphenator(parse_patterns(german), fonts.LEFT, fonts.RIGHT)
    assert not untouched  # parsing through the adapter keeps nothing in pyphen's cache
    theirs = pyphen.Pyphen(filename=german, left=fonts.LEFT, right=fonts.RIGHT)
    for word in WORDS:
        assert ours.positions(word) == theirs.positions(word), word
        assert list(ours.iterate(word)) == list(theirs.iterate(word)), word
    assert ours.positions("Jugendhilfeplanung")  # a German word with breaks: the comparison is not vacuous


def test_the_attributes_the_adapter_sets_are_all_pyphen_keeps(german: Path) -> None:
    """make_hyphenator fills HyphDict and Pyphen objects without their constructors: these are what they hold."""
    parsed = pyphen.HyphDict(german)
    assert set(vars(parsed)) == {"patterns", "cache", "maxlen"}
    start, values = next(iter(parsed.patterns.values()))
    assert isinstance(start, int) and isinstance(values, tuple)
    assert set(vars(pyphen.Pyphen(filename=german, left=3, right=3))) == {"left", "right", "hd"}


def test_cached_patterns_survive_marshal(german: Path) -> None:
    compact = patterns.read(german)
    assert compact is not None and marshal.loads(marshal.dumps(compact)) == compact


def test_positions_asks_its_patterns_only_for_get(german: Path) -> None:
    """PackedPatterns stands in for HyphDict's dict: positions may use nothing of it but `get`."""
    maxlen, parsed = parse_patterns(german)
    asked: list[str] = []

    class OnlyGet:
        def get(self, key: str, /) -> tuple[int, tuple[int, ...]] | None:
            asked.append(key)
            return parsed.get(key)

    ours = make_hyphenator((maxlen, OnlyGet()), fonts.LEFT, fonts.RIGHT)
    theirs = pyphen.Pyphen(filename=german, left=fonts.LEFT, right=fonts.RIGHT)
    for word in WORDS:
        assert ours.positions(word) == theirs.positions(word), word
    assert asked


def test_warm_up_and_workers_write_nothing_into_pyphen(untouched: dict[object, object]) -> None:
    fresh, keep = fonts.warm_up((), None)
    assert keep and fresh.patterns is not None
    expected = fonts.Hyphenator(())("Jugendhilfeplanung")
    fonts._German.table = fonts._German.dictionary = None  # a new worker process, started from the payload
    fonts.start_worker(fresh)
    assert fonts._German.table is not None
    assert fonts.Hyphenator(())("Jugendhilfeplanung") == expected
    cached, keep = fonts.warm_up((), fresh.patterns)
    assert not keep and cached.patterns == fresh.patterns
    assert untouched == {}
    assert fonts.patterns_name().endswith(".marshal")


def test_damaged_cached_patterns_are_parsed_afresh(untouched: dict[object, object]) -> None:
    warm, keep = fonts.warm_up((), b"not marshal data")
    assert keep and warm.patterns is not None
    assert fonts.Hyphenator(())("Jugendhilfeplanung")
    assert untouched == {}
