"""The parsed-patterns payload (per-user cache entry, worker payload) is checked by a format key and the shape of
its buckets, not pattern by pattern: what warm_up makes installs, anything else is read afresh."""

from __future__ import annotations

import marshal

import pytest

from generator.render import fonts
from generator.render.adapter import parse_patterns


@pytest.fixture
def forget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts._German, "table", None)
    monkeypatch.setattr(fonts._German, "dictionary", None)
    monkeypatch.setattr(fonts._German, "payload", None)


def test_a_payload_made_by_warm_up_installs_without_parsing(forget: None) -> None:
    made, keep = fonts.warm_up((), None)
    assert keep and made.patterns is not None
    expected = fonts.Hyphenator(())("Jugendhilfeplanung")
    fonts._German.table = fonts._German.dictionary = fonts._German.payload = None
    again, keep = fonts.warm_up((), made.patterns)
    assert not keep and again.patterns == made.patterns
    assert fonts._German.table is not None and fonts._German.payload == made.patterns
    assert fonts.Hyphenator(())("Jugendhilfeplanung") == expected and expected


@pytest.mark.parametrize("payload", [
    marshal.dumps(parse_patterns(fonts._dictionary_file())),  # the layout before the format key
    marshal.dumps(("patterns-2", *parse_patterns(fonts._dictionary_file()))),  # one dict of tuples: read afresh
    marshal.dumps(("patterns-1", 5, {})),
    marshal.dumps((fonts._FORMAT, "5", {})),
    marshal.dumps((fonts._FORMAT, 5, [])),
    marshal.dumps((fonts._FORMAT, 5, {"ab": ("ab", "1")})),  # the layout of patterns-3's first draft
    marshal.dumps((fonts._FORMAT, 5, {2: {"ab": ["ab", "1"]}})),
    marshal.dumps((fonts._FORMAT, 5, {2: {3: ("ab", "1")}})),
    marshal.dumps((fonts._FORMAT, 5, {2: {"ab": ("ab", b"1")}})),
    marshal.dumps((fonts._FORMAT, 5, {2: {"ab": ("abc", "1")}})),  # patterns of another length
    marshal.dumps((fonts._FORMAT, 5, {2: {"ab": ("abac", "001")}})),  # numbers of two widths
    marshal.dumps((fonts._FORMAT, 5, {2: {"ab": ("ab", "0x")}})),  # numbers that are no digits
    marshal.dumps((fonts._FORMAT, 5, {0: {"": ("", "1")}})),
    marshal.dumps((fonts._FORMAT, 5, {2: {"ab": ("ab",)}})),
    b"",
    b"\x00garbage",
], ids=range(16))
def test_anything_else_is_refused_and_parsed_afresh(forget: None, payload: bytes) -> None:
    assert not fonts._install_patterns(payload)
    assert fonts._German.table is None
    warm, keep = fonts.warm_up((), payload)
    assert keep and warm.patterns is not None and fonts._install_patterns(warm.patterns)


def test_a_truncated_payload_is_refused(forget: None) -> None:
    made, _ = fonts.warm_up((), None)
    assert made.patterns is not None
    for cut in (1, len(made.patterns) // 2, len(made.patterns) - 1):
        assert not fonts._install_patterns(made.patterns[:cut])


def test_the_entry_name_carries_the_format() -> None:
    assert fonts._FORMAT in fonts.patterns_name()


def test_a_forked_worker_keeps_the_table_it_inherited(forget: None) -> None:
    """start_worker after warm_up in the same process (as in a forked worker) loads nothing again."""
    made, _ = fonts.warm_up((), None)
    assert made.patterns is not None
    table = fonts._German.table
    fonts.start_worker(made)
    assert fonts._German.table is table
    fonts.start_worker(fonts.WarmUp((), bytes(made.patterns)))  # equal bytes (as pickled for spawn): kept too
    assert fonts._German.table is table


def test_a_fresh_worker_installs_the_payload(forget: None) -> None:
    made, _ = fonts.warm_up((), None)
    assert made.patterns is not None
    fonts._German.table = fonts._German.dictionary = None  # a spawned worker: nothing inherited
    fonts.start_worker(made)
    assert fonts._German.table is not None and fonts._German.payload == made.patterns
    other = fonts.WarmUp((), marshal.dumps((fonts._FORMAT, 7, {3: {"ab": ("abcabd", "01000002")}})))
    fonts.start_worker(other)  # another payload than the one installed: installed
    table = fonts._German.table
    assert table is not None and table[0] == 7 and fonts._German.payload == other.patterns
    assert (table[1].get("abc"), table[1].get("abd"), table[1].get("ab"), table[1].get("x")) == ((1, (1,)), (3, (2,)),
                                                                                                None, None)
