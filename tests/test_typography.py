"""German typography: quotes, dashes, non-breaking spaces, headlines, hyphenation and its exceptions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator import typography
from generator.jobs import resolve_fonts
from generator.layouts import load_layouts
from generator.plan import Para
from generator.render.fonts import hyphenator
from generator.render.text import Context, make_flowable
from conftest import ROOT

NB = "\u00a0"


@pytest.mark.parametrize("text, expected", [
    ('Er sagte "Hallo" - und ging.', "Er sagte „Hallo“ – und ging."),
    ("Selbstvertretung nach § 4a", f"Selbstvertretung nach §{NB}4a"),
    ("Jugendhaus Leipzig e. V.", f"Jugendhaus Leipzig e.{NB}V."),
    ("z. B. Kita", f"z.{NB}B. Kita"),
    ("13.-15. Mai 2025", f"13.–15.{NB}Mai{NB}2025"),
    ("Careleaver*innen und Partner/-innen", "Careleaver*innen und Partner/-innen"),
])
def test_refine(text: str, expected: str) -> None:
    assert typography.refine(text) == expected


def test_headlines_never_end_on_a_single_word() -> None:
    assert typography.headline("Teilhabe von Careleaver*innen") == f"Teilhabe von{NB}Careleaver*innen"
    assert typography.headline("Adoptionsvermittlung") == "Adoptionsvermittlung"


def test_date_range() -> None:
    assert typography.date_range(dt.date(2025, 5, 13), dt.date(2025, 5, 15)) == f"13.–15.{NB}Mai{NB}2025"
    assert typography.date_range(dt.date(2025, 5, 30), dt.date(2025, 6, 2)) == f"30.{NB}Mai – 2.{NB}Juni{NB}2025"


def test_exception_list_overrides_the_dictionary() -> None:
    words = typography.load_exceptions(ROOT / "layouts" / "hyphenation-de.txt", "hyphenation-de.txt")
    breaks = hyphenator(words)
    assert breaks("Jugendhilfeplanung") == [("Jugendhilfe", "planung"), ("Jugend", "hilfeplanung")]
    assert breaks("Übergang") == [("Über", "gang")]
    assert breaks("KiFaZ") == []
    # A word ending in a listed word breaks where the list says, too.
    assert ("Kinderjugendhilfe", "planung") in breaks("Kinderjugendhilfeplanung")


def test_bad_exception_line_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "h.txt"
    path.write_text("Jugend-hilfe\nJugend hilfe\n", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        typography.load_exceptions(path, "h.txt")
    assert "h.txt:2:1: 'Jugend hilfe' is not a word with '-' at its breaks" in str(caught.value)


def test_no_line_breaks_inside_gender_star_or_slash_words() -> None:
    layout = load_layouts(ROOT / "layouts", ("project-sheet-a4",))[0]
    from generator.compose.kit import Kit
    style = Kit(layout, None, "test").style("body")
    ctx = Context(resolve_fonts(layout, ROOT / "layouts"), (), "rgb", "test")
    text = typography.refine("Teilhabe von Careleaver*innen und Partner/-innen nach § 4a, Jugendhaus e. V. " * 6)
    paragraph, _, _ = make_flowable(Para(text, style), 0, ctx)
    for width in (70, 90, 110, 140):
        paragraph.wrap(width, 2000)
        lines = [" ".join(str(w) for w in line[1]) if isinstance(line, tuple) else " ".join(line.words)
                 for line in paragraph.blPara.lines]
        assert len(lines) > 3
        for line in lines:
            assert not line.rstrip().endswith(("Careleaver*", "Careleaver-", "Partner/", "§", "e.")), lines


def test_a_theme_is_summed_up_by_a_sentence_that_says_more_than_its_title() -> None:
    from generator.typography import gist
    text = ("Ein weiteres zentrales Thema in Leipzig ist die Gewaltprävention an Schulen. Gewalt und Mobbing "
            "beeinträchtigen nicht nur das soziale Miteinander, sondern auch die Bildungschancen. Mehr dazu.")
    assert gist("Gewaltprävention an Schulen", text, "Stadt Leipzig").startswith("Gewalt und Mobbing")
    informative = ("Ein wesentliches Beispiel für die bedarfsorientierte Ressourcensteuerung in Leipzig ist die Arbeit "
                   "der Kinder- und Familienzentren (KiFaZ) sowie der Grundschulsozialarbeit. Zweitens.")
    assert gist("Bedarfsorientierte Ressourcensteuerung", informative, "Stadt Leipzig").endswith("Grundschulsozialarbeit.")
    alone = "Ein weiteres zentrales Thema ist die Gewaltprävention an Schulen."
    assert gist("Gewaltprävention an Schulen", alone) == alone  # nothing better: the sentence as written
