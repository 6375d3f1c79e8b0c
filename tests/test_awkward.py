"""Awkward data: literal markup characters, long compounds and urls, minimal and maximal projects."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pdfcheck import decode_pdf_qr, extract_text, page_count, squash

MINIMAL = "number: 9\ntitle: Kurz\ncarriers:\n  - name: Stadt Leipzig\nurl: https://www.leipzig.de/kurz\n"


def build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "build", "--only", "project-sheet-a4", "--quiet", *extra],
                          cwd=project, capture_output=True, text=True, timeout=120)


def add_project(project: Path, text: str, name: str = "09-test.yaml") -> None:
    (project / "data" / "projects" / name).write_text(text, encoding="utf-8")


def sheet(project: Path, profile: str = "print", name: str = "09-test.pdf") -> Path:
    return project / "output" / profile / "project-sheet-a4" / name


def test_markup_characters_print_as_typed(project: Path) -> None:
    add_project(project, MINIMAL.replace("title: Kurz", "title: 'Jugend & Schule <b>\"Zitat\"</b> *wichtig*'")
                + "summary: 'A < B & C > D – 100 % <i>nicht kursiv</i>'\n")
    result = build(project)
    assert result.returncode == 0, result.stderr
    text = squash(extract_text(sheet(project))[0])
    assert squash("Jugend & Schule <b>„Zitat“</b> *wichtig*") in text
    assert squash("A < B & C > D – 100 % <i>nicht kursiv</i>") in text


def test_long_compounds_and_a_long_url(project: Path) -> None:
    long_url = "https://www.leipzig.de/jugend-familie-und-bildung/kinder-und-jugendhilfe/angebote?bereich=" + "x" * 80
    words = " ".join(["Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen",
                      "Kinder- und Jugendhilfeplanungsfortschreibungsprozess"] * 6)
    add_project(project, MINIMAL.replace("https://www.leipzig.de/kurz", long_url)
                + f"summary: {words}\ntopics: [Rechtsanspruchserfüllungsüberprüfungsverfahren]\n"
                + "subtitle: Grundschulsozialarbeitsressourcensteuerungsinstrumentarium im Überblick\n")
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert decode_pdf_qr(sheet(project), dpi=150) == {0: [long_url]}
    assert squash("Rechtsanspruchserfüllungsüberprüfungsverfahren") in squash(extract_text(sheet(project))[0])


def test_minimal_project_builds(project: Path) -> None:
    add_project(project, MINIMAL)
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert decode_pdf_qr(sheet(project, "screen"), dpi=100) == {0: ["https://www.leipzig.de/kurz"]}


def test_maximal_project_continues_on_the_back_and_says_so(project: Path) -> None:
    paragraph = ("Die Stadt Leipzig entwickelt Angebote für Kinder, Jugendliche und Familien in allen Stadtteilen. " * 5).strip()
    summary = "\n\n".join([paragraph] * 4)
    topics = "".join(f"  - Thema Nummer {i} mit einer etwas längeren Beschreibung\n" for i in range(30))
    add_project(project, MINIMAL + "summary: |\n" + "".join(f"  {line}\n" for line in summary.splitlines())
                + "topics:\n" + topics)
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "09-test" in line]
    assert line.startswith("warning: data/projects/09-test.yaml:")
    assert "continues on 1 further page(s) of the project sheet (project-sheet-a4)" in line
    assert page_count(sheet(project, "print")) == 2
    text = " ".join(extract_text(sheet(project, "screen")))
    assert "Thema Nummer 29" in text and "Thema Nummer 0" in text


def test_fitting_shrinks_before_it_fails(project: Path) -> None:
    paragraph = ("Die Stadt Leipzig entwickelt Angebote für Kinder, Jugendliche und Familien in allen Stadtteilen. " * 6).strip()
    add_project(project, MINIMAL + "summary: |\n" + "".join(f"  {p}\n\n" for p in [paragraph] * 3))
    result = build(project)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("text, code", [("Projekt 中文", "U+4E2D"), ("Gute Laune 😀", "U+1F600")])
def test_missing_glyph_names_character_field_and_position(project: Path, text: str, code: str) -> None:
    add_project(project, MINIMAL.replace("title: Kurz", f"title: {text}"))
    result = build(project)
    assert result.returncode == 1
    (line, *_) = result.stderr.splitlines()
    assert line.startswith("data/projects/09-test.yaml:2:8: character " + code + " in 'title'"), line
    assert "Traceback" not in result.stderr
    assert not (project / "output" / "print").exists()


def test_long_url_gets_a_larger_code(project: Path) -> None:
    url = "https://www.leipzig.de/" + "a" * 300
    add_project(project, MINIMAL.replace("https://www.leipzig.de/kurz", url))
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert decode_pdf_qr(sheet(project, "print"), dpi=150) == {0: [url]}


def test_url_too_long_for_a_scannable_code(project: Path) -> None:
    add_project(project, MINIMAL.replace("https://www.leipzig.de/kurz", "https://www.leipzig.de/" + "a" * 975))
    result = build(project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("data/projects/09-test.yaml:5:6: the address is too long for a QR code"), lines
    assert sum("too long for a QR code" in line for line in lines) == 1, "one message, not one per layout"
