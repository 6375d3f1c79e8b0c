"""Render helper: a hyphenation dictionary file (hunspell's hyph_*.dic, as pyphen reads it) → compact pattern buckets.

pyphen keeps the German file's 66,441 patterns as a dict of tuples; kept as that dict, the
per-user cache took 30–57 ms to load in every process, for the few hundred words a build breaks.
Here the same patterns are grouped by length and first two characters; each group is two
strings: its patterns one after another (all of one length), and their numbers likewise, one
digit per number from the pattern's first gap to its last non-zero, right-padded with zeros to
the group's widest ("00101": offset 2, numbers 1, 0, 1). Loading that takes a few milliseconds,
and `PackedPatterns` looks a pattern up by finding it in its group's string. The file is read
here directly, three to four times faster than pyphen's parser, when it holds nothing but what that fast
path provably reads as pyphen does (tests/test_patterns_format.py compares both on the whole
German file and on every oddity of the format); anything else (hex escapes, alternative hyphens,
digits of other scripts, an empty pattern) returns None, and pyphen parses it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

PREFIX = 2  # characters of a pattern that name its bucket
Buckets = dict[int, dict[str, tuple[str, str]]]  # length → prefix → (patterns, numbers), see the docstring
# What pyphen skips (pyphen.ignored; tests/test_patterns_format.py checks they agree).
IGNORED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")
_OTHER_DIGITS = re.compile(r"[^\D0-9]")
_DIGITS = b"0123456789"
_MARKS = bytes(byte if byte in _DIGITS or byte == 10 else 120 for byte in range(256))  # 120: "x"
_CONTINUATION = bytes(range(0x80, 0xC0))  # the bytes after the first of a character in UTF-8
_NONE: dict[str, tuple[str, str]] = {}


class PackedPatterns:
    """pyphen's `HyphDict.patterns` over buckets: `get(pattern)` gives pyphen's (offset, numbers) or None.

    Nothing is decoded ahead: a lookup finds the pattern in its bucket's string and decodes its numbers only.
    (A build's few hundred words ask for most buckets, so decoding buckets on first use saved little.)
    """

    __slots__ = ("_buckets",)

    def __init__(self, buckets: Buckets) -> None:
        self._buckets = buckets

    def get(self, key: str, default: None = None) -> tuple[int, tuple[int, ...]] | None:
        length = len(key)
        bucket = self._buckets.get(length, _NONE).get(key[:PREFIX])
        if bucket is None:
            return default
        keys, numbers = bucket
        at = keys.find(key)
        while at > 0 and at % length:  # found across two patterns: look on
            at = keys.find(key, at + 1)
        if at < 0:
            return default
        width = len(numbers) * length // len(keys)
        value = numbers[at // length * width:(at // length + 1) * width].rstrip("0")
        kept = value.lstrip("0")
        return len(value) - len(kept), tuple(map(int, kept))


def well_formed(buckets: object) -> bool:
    """The shape `pack` and `read` give: length → prefix → (patterns, numbers), the patterns `length` characters
    each, the numbers digits of one width each (so every lookup decodes). No pattern is looked at."""
    return isinstance(buckets, dict) and all(
        type(length) is int and length > 0 and isinstance(group, dict) and all(
            isinstance(prefix, str) and isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)
            and isinstance(pair[1], str) and pair[0] and not len(pair[0]) % length
            and not len(pair[1]) % (len(pair[0]) // length) and pair[1].isdecimal() for prefix, pair in group.items())
        for length, group in buckets.items())


def pack(patterns: Mapping[str, tuple[int, Sequence[int]]]) -> Buckets:
    """Patterns as pyphen parsed them → buckets. ValueError for what they cannot keep: an alternative
    hyphen's numbers carry objects, a number over 9 would take two digits, and numbers that start or
    end with 0 (pyphen never makes them) would come back shorter."""
    coded: dict[str, str] = {}
    for key, (start, numbers) in patterns.items():
        if (type(start) is not int or start < 0 or not numbers or not numbers[0] or not numbers[-1]
                or any(type(n) is not int or not 0 <= n <= 9 for n in numbers)):
            raise ValueError(f"pattern {key!r} cannot be kept compactly")
        coded[key] = "0" * start + "".join(map(str, numbers))
    return _group(coded)


def read(path: Path) -> tuple[int, Buckets] | None:
    """The file's longest pattern and its buckets, read as pyphen's HyphDict reads it; None for a file
    with anything this fast path does not read (see _unusual), which pyphen's parser then reads."""
    with path.open("rb") as handle:
        encoding = handle.readline().decode()  # as pyphen: the first line names the encoding
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    lines = [line.strip() for line in path.read_text(encoding).split("\n")[1:]]
    text = "\n".join(line for line in lines if line and not line.startswith(IGNORED))
    if not text or _unusual(text):
        return None
    data = text.encode("utf-8")  # bytes: translate and replace run over the whole file at C speed
    keys = data.translate(None, _DIGITS).decode("utf-8").split("\n")
    coded = {key: value for key, numbers in zip(keys, _numbers(data)) if (value := numbers.rstrip("0"))}
    if not coded or "" in coded:
        return None
    return max(map(len, coded)), _group(coded)


def _unusual(text: str) -> bool:
    """Hex escapes (^^e4), alternative hyphens (a/b=c), digits of other scripts (int() reads them, we would not)."""
    return "^^" in text or "/" in text or (max(text) >= "\u0660" and _OTHER_DIGITS.search(text) is not None)


def _numbers(data: bytes) -> list[str]:
    """Each line's numbers as pyphen's `(\\d?)(\\D?)` tokens give them: every digit, and a 0 for every letter
    and every line end that no digit precedes (one digit per number: "ab1c" → "0010")."""
    letters = data.translate(_MARKS, delete=_CONTINUATION)  # a letter → "x", once however many bytes it has
    letters = letters.replace(b"\n", b"x\n") + b"x"  # the line end counts as one more letter
    for digit in _DIGITS:
        letters = letters.replace(bytes((digit, 120)), bytes((digit,)))  # a letter after a digit adds nothing
    return letters.replace(b"x", b"0").decode("ascii").split("\n")


def _group(coded: dict[str, str]) -> Buckets:
    if "" in coded:
        raise ValueError("an empty pattern cannot be kept compactly")
    groups: dict[int, dict[str, list[str]]] = {}
    for key in coded:
        groups.setdefault(len(key), {}).setdefault(key[:PREFIX], []).append(key)
    buckets: Buckets = {}
    for length, by_prefix in sorted(groups.items()):
        buckets[length] = {}
        for prefix, keys in sorted(by_prefix.items()):
            width = max(len(coded[key]) for key in keys)  # right-padded with zeros: no value ends in one
            buckets[length][prefix] = "".join(keys), "".join(coded[key].ljust(width, "0") for key in keys)
    return buckets
