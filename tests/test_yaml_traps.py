"""YAML traps in plain words (issue 13, item 4; issue 14, item 5): each parser error or silent loss → cause and fix."""

from __future__ import annotations

import pytest

from generator.diag import Problems
from generator.source import parse_text

# (name, text, the one line a user reads, or its start)
TRAPS = [
    ("colon in text", "number: 1\ntitle: Projekt: Teilhabe\n",
     "p.yaml:2:15: the text after 'title:' contains ': ' – put the whole text in quotes "
     "(write title: \"Projekt: Teilhabe\")"),
    ("star", "title: *Careleaver\n",
     "p.yaml:1:8: a value cannot start with '*' (it means something special in YAML) – put the whole text in quotes "
     "(write title: \"*Careleaver\")"),
    ("ampersand", "title: &Co KG\n", "p.yaml:1:8: a value cannot start with '&'"),
    ("bang", "title: !wichtig Text\n", "p.yaml:1:8: a value cannot start with '!'"),
    ("at", "title: @leipzig auf Instagram\n", "p.yaml:1:8: a value cannot start with '@'"),
    ("backtick", "title: `Code`\n", "p.yaml:1:8: a value cannot start with '`'"),
    ("percent", "title: %50 Rabatt\n", "p.yaml:1:8: a value cannot start with '%'"),
    ("pipe", "title: |Text\n", "p.yaml:1:8: a value cannot start with '|'"),
    ("greater", "title: >Text\n", "p.yaml:1:8: a value cannot start with '>'"),
    ("indented more", "number: 1\ntitle: T\n  subtitle: S\n",
     "p.yaml:3:3: line 3 is indented differently from the line before – indent it like 'title:'"),
    ("indented less", "carriers:\n  - name: a\n   unit: b\n",
     "p.yaml:3:4: line 3 is indented differently from the line before – indent it like 'name:'"),
    ("tab", "number: 1\n\ttitle: T\n", "p.yaml:2:1: tab character in indentation (replace the tab with spaces"),
    ("no space after colon", "number: 1\ntitle:Text\nurl: x\n",
     "p.yaml:2:1: the ':' in line 2 needs a space after it (write title: Text)"),
    ("unclosed quote", 'number: 1\ntitle: "Text\nurl: x\n',
     "p.yaml:2:8: the quote \" opened in line 2 is never closed (put a closing \" at the end of the text)"),
    ("quote inside", 'title: "Das "Projekt" hier"\n', "p.yaml:1:14: the quoted text ends too early"),
]


def diagnostics(text: str):
    try:
        return parse_text(text, "p.yaml")[1]
    except Problems as caught:
        return caught.diagnostics


@pytest.mark.parametrize("text, expected", [case[1:] for case in TRAPS], ids=[case[0] for case in TRAPS])
def test_each_trap_is_explained(text: str, expected: str) -> None:
    found = [str(d) for d in diagnostics(text)]
    assert found and found[0].startswith(expected), found
    assert not any(jargon in line for line in found for jargon in ("mapping values", "alias", "<block", "token"))


def test_the_parsers_words_stay_available() -> None:
    (found,) = diagnostics("number: 1\ntitle: Projekt: Teilhabe\n")
    assert "mapping values are not allowed here" in found.detail


def test_a_hashtag_after_text_is_a_warning_not_lost_silently() -> None:
    tree, found = parse_text("number: 1\ntitle: Teilhabe #Careleaver\nshort_url: leipzig.de  # change with url\n",
                             "p.yaml")
    assert [str(d) for d in found] == [
        "p.yaml:2:17: the text after ' #' is a comment and is left out (write title: \"Teilhabe #Careleaver\")"]
    assert found[0].severity == "warning"
    assert tree.items[1][1].value == "Teilhabe"


def test_german_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANDGEN_LANG", "de")
    (found,) = diagnostics("number: 1\ntitle: T\n  subtitle: S\n")
    assert str(found) == ("p.yaml:3:3: Zeile 3 ist anders eingerückt als die Zeile davor – rücke sie wie 'title:' ein "
                          "(gleich weit eingerückte Zeilen gehören zusammen; rücke nur mit Leerzeichen ein)")
    (found,) = diagnostics("title: Projekt: Teilhabe\n")
    assert str(found) == ("p.yaml:1:15: der Text nach 'title:' enthält ': ' – setze den ganzen Text in "
                          "Anführungszeichen (schreibe title: \"Projekt: Teilhabe\")")


def test_a_list_entry_without_space_after_the_dash(project) -> None:
    from pathlib import Path

    from generator.model import load_content
    path = project / "data" / "projects" / "01-jugendhilfeplanung.yaml"
    path.write_text("number: 1\ntitle: T\ntopics:\n  -Eins\n  - Zwei\ncarriers:\n  - name: Stadt Leipzig\n"
                    "url: https://www.leipzig.de/x\n", encoding="utf-8")
    with pytest.raises(Problems) as caught:
        load_content(Path("data"))
    assert any("'topics' must be a list, found text ('-Eins - Zwei') (the '-' in line 4 needs a space after it" in str(d)
               for d in caught.value.diagnostics), caught.value


def test_a_list_entry_gets_the_quoted_form_too() -> None:
    (found,) = diagnostics("topics:\n  - Eins\n  - *Zwei\n")
    assert str(found).startswith("p.yaml:3:5: a value cannot start with '*'") and str(found).endswith('(write - "*Zwei")')
