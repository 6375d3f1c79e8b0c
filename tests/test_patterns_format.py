"""The compact patterns (render/patterns.py) hyphenate exactly as pyphen's parsed dictionary does: the fast reader
gives the same patterns as pyphen's parser on the whole German file and on every oddity of the file format, and
every word of the shipped and generated stands and of the dictionary's own patterns breaks at the same places."""

from __future__ import annotations

import re
from pathlib import Path

import pyphen
import pytest

from conftest import ROOT
from generator.render import fonts, patterns
from generator.render.adapter import make_hyphenator, parse_patterns
from stands import STANDS, make_stand

WORD = re.compile(r"[^\W\d_]{2,}")


@pytest.fixture(scope="module")
def german() -> Path:
    return Path(pyphen.LANGUAGES[pyphen.language_fallback(fonts.LANGUAGE)])


@pytest.fixture(scope="module")
def theirs(german: Path) -> pyphen.HyphDict:
    return pyphen.HyphDict(german)


def test_the_fast_reader_gives_pyphens_patterns_for_the_whole_german_file(german: Path,
                                                                         theirs: pyphen.HyphDict) -> None:
    read = patterns.read(german)
    assert read is not None, "the German file takes the fast path"
    assert read == (theirs.maxlen, patterns.pack(theirs.patterns))  # same patterns, numbers, order and buckets
    lookup = patterns.PackedPatterns(read[1])
    assert all(lookup.get(key) == value for key, value in theirs.patterns.items())
    assert len(theirs.patterns) > 60_000


def test_what_is_no_pattern_is_not_found(german: Path, theirs: pyphen.HyphDict) -> None:
    read = patterns.read(german)
    assert read is not None
    lookup = patterns.PackedPatterns(read[1])
    for probe in ("q", "qq", "zzzz", ".", "", "\n", "ab\nac", "0", "xyzzyq", *(key + "q" for key in list(theirs.patterns)[::97])):
        assert lookup.get(probe) == theirs.patterns.get(probe), probe


ODD_FILE = """ISO8859-1
% a comment
# another
LEFTHYPHENMIN 2
RIGHTHYPHENMIN 2

  .ab1c  \t
a12b
11ab
ab3
4ab
x0y
.ä1ö2ü3ß.
a b1c
dup1e
dup2e
du3pe
d0upe
a\t1b
9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9z9
"""


def test_every_oddity_of_the_format_reads_as_pyphen_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "hyph_xx.dic"
    path.write_bytes(ODD_FILE.encode("latin-1"))
    theirs = pyphen.HyphDict(path)
    assert patterns.read(path) == (theirs.maxlen, patterns.pack(theirs.patterns))
    utf8 = tmp_path / "hyph_yy.dic"
    utf8.write_bytes(ODD_FILE.replace("ISO8859-1", "UTF-8").encode("utf-8") + "1ж2\nя1ѣ\n".encode())
    theirs = pyphen.HyphDict(utf8)
    assert patterns.read(utf8) == (theirs.maxlen, patterns.pack(theirs.patterns))


@pytest.mark.parametrize("line", ["a^^e41b", "a1b/b=b,1,1", "a\u0663b", "a\u0e51b", "5"])
def test_what_the_fast_reader_does_not_read_goes_to_pyphen(tmp_path: Path, line: str) -> None:
    path = tmp_path / "hyph_zz.dic"
    path.write_text(f"UTF-8\nab1c\n{line}\n", encoding="utf-8")
    assert patterns.read(path) is None


def test_pack_refuses_what_it_cannot_keep() -> None:
    for key, value in (("ab", (0, (10,))), ("ab", (0, (0, 1))), ("ab", (0, (1, 0))), ("ab", (0, ())), ("ab", (-1, (1,))),
                       ("ab", (0, (pyphen.DataInt(1, ("ff=f", 1, 1)),))), ("", (0, (1,)))):
        with pytest.raises(ValueError):
            patterns.pack({key: value})
    assert patterns.pack({"abd": (2, (1, 0, 3)), "a": (0, (4,)), "abc": (0, (1,))}) == {
        1: {"a": ("a", "4")}, 3: {"ab": ("abdabc", "00103" "10000")}}  # padded to one width with zeros


def test_ignored_lines_are_pyphens() -> None:
    assert patterns.IGNORED == pyphen.ignored


def _words(tmp_path: Path, theirs: pyphen.HyphDict) -> set[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "data").rglob("*.yaml"))]
    for size in (9, 24, 40):
        stand = make_stand(tmp_path / str(size), size, size, **STANDS[size])
        texts += [path.read_text(encoding="utf-8") for path in sorted((stand / "data").rglob("*.yaml"))]
    words = {word for text in texts for word in WORD.findall(text)}
    # The dictionary's own patterns as words (every seventh: a few thousand), where the breaks are decided.
    words |= {key.strip(".") for key in list(theirs.patterns)[::7] if len(key.strip(".")) >= 4 and "." not in key.strip(".")}
    return words


def test_every_word_breaks_where_pyphen_breaks_it(german: Path, theirs: pyphen.HyphDict, tmp_path: Path) -> None:
    read = patterns.read(german)
    assert read is not None
    ours = make_hyphenator((read[0], patterns.PackedPatterns(read[1])), fonts.LEFT, fonts.RIGHT)
    reference = make_hyphenator(parse_patterns(german), fonts.LEFT, fonts.RIGHT)
    words = _words(tmp_path, theirs)
    assert len(words) > 5_000
    broken = 0
    for word in sorted(words):
        expected = reference.positions(word)
        assert ours.positions(word) == expected, word
        assert [p.data for p in ours.positions(word)] == [p.data for p in expected], word
        broken += bool(expected)
    assert broken > len(words) // 2  # the comparison is not vacuous


def test_a_pattern_found_across_two_others_is_not_taken_for_one() -> None:
    """Patterns of one group are written one after another: "abcab" + "abzzz" holds "ababz" at 3, not a pattern."""
    lookup = patterns.PackedPatterns(patterns.pack({"abcab": (0, (1,)), "abzzz": (1, (2,))}))
    assert lookup.get("ababz") is None
    assert (lookup.get("abcab"), lookup.get("abzzz")) == ((0, (1,)), (1, (2,)))
    lookup = patterns.PackedPatterns(patterns.pack({"abcab": (0, (1,)), "abzzz": (1, (2,)), "ababz": (2, (3, 0, 4))}))
    assert lookup.get("ababz") == (2, (3, 0, 4))
