"""Warnings about valid content (issue 13, items 5 and 8): marked URLs, shared and home-page QR targets, stray files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.model import content_warnings, load_content

SHIPPED = Path(__file__).resolve().parent.parent / "data"


def warnings_of(data: Path) -> list[str]:
    return [str(w) for w in content_warnings(load_content(data))]


def test_each_marked_url_is_a_warning_with_its_position(project: Path) -> None:
    found = [w for w in warnings_of(Path("data")) if "marked 'to verify'" in w]
    assert found == [
        "data/projects/02-kifaz.yaml:12:6: 'url' is marked 'to verify' – check it before printing: "
        "https://www.leipzig.de/kifaz (a city short link named by a partner site)",
        "data/projects/04-pflegekinderhilfe.yaml:12:6: 'url' is marked 'to verify' – check it before printing: "
        "https://www.leipzig.de (no page of the Pflegekinderdienst found)",
        "data/projects/05-adoptionsvermittlung.yaml:16:6: 'url' is marked 'to verify' – check it before printing: "
        "https://www.leipzig.de (no page found (landkreisleipzig.de is the district, not the city: do not use))",
        "data/projects/08-schulerfolg.yaml:18:6: 'url' is marked 'to verify' – check it before printing: "
        "https://www.verein-fairbund.de (no single project page; partners' sites are verein-fairbund.de and "
        "bbw-leipzig.de)"]
    assert all(w.severity == "warning" for w in content_warnings(load_content(SHIPPED)))


def test_shared_and_home_page_targets(project: Path) -> None:
    found = warnings_of(Path("data"))
    assert ("data/projects/05-adoptionsvermittlung.yaml:16:6: project 5 has the same QR target as project 4 "
            "(data/projects/04-pflegekinderhilfe.yaml:12:6): https://www.leipzig.de (give each project its own page, "
            "or both codes lead to the same place)") in found
    homes = [w for w in found if "organiser's home page" in w]
    assert [w.split(":")[0] for w in homes] == ["data/projects/04-pflegekinderhilfe.yaml",
                                                "data/projects/05-adoptionsvermittlung.yaml"]


def test_a_home_page_with_a_slash_is_still_the_home_page(project: Path) -> None:
    path = project / "data" / "projects" / "07-ombudschaft.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("url: https://www.jugendhilferechtsverein.de", "url: https://WWW.leipzig.de/"),
                    encoding="utf-8")
    assert any(w.startswith("data/projects/07-ombudschaft.yaml:12:6: the QR target of project 7 is the organiser's")
               for w in warnings_of(Path("data")))


def test_project_file_names_in_any_case_and_warnings_for_others(project: Path) -> None:
    projects = project / "data" / "projects"
    (projects / "02-kifaz.yaml").rename(projects / "02-kifaz.YAML")
    (projects / "03-careleaver.yaml").rename(projects / "03-careleaver.yml")
    (projects / "05-adoptionsvermittlung.yaml").rename(projects / "05-adoptionsvermittlung.yaml.txt")
    (projects / "notizen.docx").write_bytes(b"PK")
    (projects / "README.md").write_text("Hinweise", encoding="utf-8")
    (projects / ".gitkeep").write_text("", encoding="utf-8")
    (projects / ".~lock.x#").write_text("", encoding="utf-8")
    content = load_content(Path("data"))
    assert [p.number for p in content.projects] == [1, 2, 3, 4, 6, 7, 8]
    found = [str(w) for w in content_warnings(content) if "not read" in str(w)]
    assert found == [
        "data/projects/05-adoptionsvermittlung.yaml.txt: is not read: only files ending in .yaml or .yml are project "
        "files (rename it to 05-adoptionsvermittlung.yaml)",
        "data/projects/notizen.docx: is not read: only files ending in .yaml or .yml are project files"]


def test_build_prints_the_warnings_once(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--quiet", "--only", "flyer"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    marked = [line for line in result.stderr.splitlines() if "marked 'to verify'" in line]
    assert len(marked) == 4 and all(line.startswith("warning: data/projects/") for line in marked)


def test_the_hashtag_warning_reaches_the_content(project: Path) -> None:
    path = project / "data" / "projects" / "03-careleaver.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Teilhabe von Careleaver*innen", "title: Teilhabe #Careleaver"),
                    encoding="utf-8")
    content = load_content(Path("data"))
    assert content.projects[2].title == "Teilhabe"
    assert any(str(w).startswith("data/projects/03-careleaver.yaml:3:17: the text after ' #' is a comment")
               for w in content_warnings(content))


@pytest.mark.parametrize("comment", ["# zu prüfen", "# to verify"])
def test_markers_in_either_language(project: Path, comment: str) -> None:
    path = project / "data" / "stand.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  url: https://www.leipzig.de\n", f"  url: https://www.leipzig.de  {comment}\n", 1),
                    encoding="utf-8")
    content = load_content(Path("data"))
    assert [m.label for m in content.marks if m.span.file == "data/stand.yaml"] == ["organiser.url"]


def test_preflight_lists_marked_urls_before_printing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main
    from generator.pipeline import build
    from generator.profiles import PROFILES
    build(Path("data"), Path("layouts"), Path("output"), (PROFILES["print"],), only=("project-sheet-a4",))
    code = main(["preflight", "--jobs", "1", "--report", "report.html"])
    out = capsys.readouterr().out
    assert code == 0, out
    section = out[out.index("\nBefore printing:\n"):]
    marked = [line for line in section.splitlines() if "marked 'to verify'" in line]
    assert len(marked) == 4 and marked[0].startswith("  data/projects/02-kifaz.yaml:12:6: 'url' is marked")
    page = (project / "report.html").read_text(encoding="utf-8")
    assert "<h2>Before printing</h2>" in page and "https://www.verein-fairbund.de" in page


def test_preview_shows_a_badge_for_marked_urls(project: Path) -> None:
    from generator.pipeline import build
    from generator.preview import make_preview
    from generator.profiles import PROFILES
    build(Path("data"), Path("layouts"), Path("output"), (PROFILES["screen"],), only=("project-sheet-a4",))
    page = make_preview(Path("output")).read_text(encoding="utf-8")
    cards = {card.split('href="', 1)[1].split('"', 1)[0]: card for card in page.split('<article class="card')[1:]}
    assert "URL prüfen" in cards["screen/project-sheet-a4/02-kifaz.pdf"]
    assert "URL prüfen" not in cards["screen/project-sheet-a4/01-jugendhilfeplanung.pdf"]
    assert "<h2>Vor dem Druck prüfen</h2>" in page and "a city short link named by a partner site" in page
