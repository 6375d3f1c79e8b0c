"""standgen edit without a browser: forms from the declarations, round-trip saving, live checks, the guard."""

from __future__ import annotations

import re
import subprocess
import warnings
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
with warnings.catch_warnings():  # Starlette asks for httpx2 instead of httpx; both work
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from generator.edit import forms, yamlfile  # noqa: E402
from generator.edit.app import Settings, create_app  # noqa: E402
from generator.model import PROJECT, STAND  # noqa: E402

ORIGIN = "http://testserver"


@pytest.fixture
def client(project: Path) -> TestClient:
    settings = Settings(Path("data"), Path("layouts"), Path("output"), origins={ORIGIN})
    test_client = TestClient(create_app(settings), base_url=ORIGIN)
    test_client.settings = settings  # type: ignore[attr-defined]
    return test_client


def form_of(client: TestClient, url: str) -> dict[str, str]:
    """The form's fields as the browser would post them (inputs and textareas, hidden ones too)."""
    page = client.get(url).text
    fields = {}
    for name, value in re.findall(r'<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', page):
        fields.setdefault(name, _unescape(value))
    for name, value in re.findall(r'<textarea[^>]*?name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[name] = _unescape(value)
    return fields


def _unescape(text: str) -> str:
    import html
    return html.unescape(text)


def save(client: TestClient, url: str, fields: dict[str, str], origin: str = ORIGIN, **kwargs: object):
    return client.post(f"{url}/save", data=fields, headers={"Origin": origin, "Accept": "application/json"}, **kwargs)


def diff(path: Path) -> list[str]:
    out = subprocess.run(["git", "diff", "--no-index", "-U0", "--", str(path) + ".orig", str(path)],
                         capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_the_form_comes_from_the_declarations(client: TestClient) -> None:
    page = client.get("/project/01-jugendhilfeplanung").text
    for f in PROJECT.fields:
        assert f'data-field="{f.key}"' in page, f.key
    assert 'name="carriers.0.name"' in page and 'name="carriers.1.name"' in page  # one empty entry to add
    assert 'data-limit="2500"' in page and 'maxlength="160"' in page
    stand = client.get("/stand").text
    assert 'name="event.dates.start"' in stand and 'name="focus.0.title"' in stand
    assert "Pflichtfeld" in stand or "required" in stand


def test_an_unchanged_form_writes_nothing(client: TestClient, project: Path) -> None:
    for url, path in (("/stand", "data/stand.yaml"), ("/project/01-jugendhilfeplanung", "data/projects/01-jugendhilfeplanung.yaml"),
                      ("/project/05-adoptionsvermittlung", "data/projects/05-adoptionsvermittlung.yaml")):
        before = (project / path).read_bytes()
        assert save(client, url, form_of(client, url)).json()["saved"]
        assert (project / path).read_bytes() == before, path


def test_one_field_is_one_line_and_comments_survive(client: TestClient, project: Path) -> None:
    path = project / "data/projects/05-adoptionsvermittlung.yaml"
    path.with_suffix(".yaml.orig").write_bytes(path.read_bytes())
    fields = form_of(client, "/project/05-adoptionsvermittlung")
    fields["title"] = "Adoption: Beratung #1 und mehr"
    assert save(client, "/project/05-adoptionsvermittlung", fields).status_code == 200
    changed = diff(path)
    assert changed[0].startswith("-title:") and changed[1] == "+title: 'Adoption: Beratung #1 und mehr'"
    assert len(changed) == 2
    text = path.read_text()
    assert "# to verify" in text and text.startswith("# yaml-language-server")
    from generator.model import load_content
    titles = {p.number: p.title for p in load_content(project / "data").projects}
    assert titles[5] == "Adoption: Beratung #1 und mehr"


@pytest.mark.parametrize("value", ["yes", "no", "Teil: eins", "C # zwei", "*Stern", "&Co KG", "!wichtig", "2025",
                                   "1.5", "2025-05-13", "null", "'zitiert'", '"doppelt"', "- Liste", "@home", "~"])
def test_values_yaml_would_misread_are_quoted(client: TestClient, project: Path, value: str) -> None:
    fields = form_of(client, "/project/03-careleaver")
    fields["subtitle"] = value
    assert save(client, "/project/03-careleaver", fields).status_code == 200
    from generator.model import load_content
    subtitle = {p.number: p.subtitle for p in load_content(project / "data").projects}[3]
    assert subtitle == value


def test_a_stale_file_is_not_overwritten(client: TestClient, project: Path) -> None:
    path = project / "data/projects/02-kifaz.yaml"
    fields = form_of(client, "/project/02-kifaz")
    path.write_text(path.read_text() + "# changed by someone else\n")
    fields["title"] = "Mein Titel"
    answer = save(client, "/project/02-kifaz", fields)
    assert answer.status_code == 409 and answer.json()["stale"]
    assert "Mein Titel" not in path.read_text() and "someone else" in path.read_text()
    page = client.post("/project/02-kifaz/save", data=fields, headers={"Origin": ORIGIN})
    assert page.status_code == 409 and 'id="reload"' in page.text


def test_foreign_origin_missing_token_and_large_bodies_are_refused(client: TestClient, project: Path) -> None:
    path = project / "data/projects/02-kifaz.yaml"
    before = path.read_bytes()
    fields = form_of(client, "/project/02-kifaz")
    fields["title"] = "Böse"
    assert save(client, "/project/02-kifaz", fields, origin="http://evil.example").status_code == 403
    assert client.post("/project/02-kifaz/save", data=fields).status_code == 403  # no Origin, no Referer
    assert save(client, "/project/02-kifaz", {**fields, "_token": "wrong"}).status_code == 403
    assert save(client, "/project/02-kifaz", {**fields, "title": "x" * 1_100_000}).status_code == 413
    assert client.get("/stand", headers={"Host": "attacker.example"}).status_code == 421  # DNS rebinding
    assert path.read_bytes() == before


def test_no_path_is_taken_from_a_request(client: TestClient, project: Path) -> None:
    assert client.get("/project/..%2Fstand").status_code in (404, 405)
    assert client.get("/project/../../etc/passwd").status_code == 404
    fields = form_of(client, "/stand")
    assert save(client, "/project/..%2F..%2Fevil", fields).status_code == 404


def test_save_builds_and_places_warnings_beside_fields(client: TestClient, project: Path) -> None:
    fields = form_of(client, "/project/04-pflegekinderhilfe")
    result = save(client, "/project/04-pflegekinderhilfe", fields).json()
    assert "url" in result["fields"]  # '# to verify' and the organiser's home page
    assert result["previews"] and client.get(result["previews"][0]["src"]).headers["content-type"] == "image/png"


def test_a_long_summary_is_reported_beside_the_summary(client: TestClient) -> None:
    fields = form_of(client, "/project/01-jugendhilfeplanung")
    paragraph = ("Die Stadt Leipzig engagiert sich für Chancengerechtigkeit für Kinder und Jugendliche. " * 10)[:820]
    fields["summary"] = "\n\n".join([paragraph] * 3)
    fields["topics"] = "\n".join(f"Thema Nummer {n}" for n in range(1, 31))
    draft = client.post("/project/01-jugendhilfeplanung/check", data=fields,
                        headers={"Origin": ORIGIN, "Accept": "application/json"}).json()
    assert any("further page" in d["message"] for d in draft["fields"].get("summary", [])), draft
    assert "standgen-draft" not in str(draft)  # the draft's copy is named as the real file


def test_add_duplicate_move_delete(client: TestClient, project: Path) -> None:
    headers = {"Origin": ORIGIN}
    token = client.settings.token  # type: ignore[attr-defined]
    new = client.post("/projects/new", data={"_token": token}, headers=headers, follow_redirects=False)
    assert new.status_code == 303 and new.headers["location"] == "/project/09-neues-projekt"
    created = project / "data/projects/09-neues-projekt.yaml"
    assert "number: 9" in created.read_text()
    copy = client.post("/project/09-neues-projekt/duplicate", data={"_token": token}, headers=headers,
                       follow_redirects=False)
    assert copy.headers["location"] == "/project/10-neues-projekt-kopie"
    client.post("/project/10-neues-projekt-kopie/up", data={"_token": token}, headers=headers)
    assert "number: 9" in (project / "data/projects/10-neues-projekt-kopie.yaml").read_text()
    assert "number: 10" in created.read_text()
    client.post("/project/09-neues-projekt/delete", data={"_token": token}, headers=headers)
    assert not created.exists() and len(list((project / "data/.trash").iterdir())) == 1
    from generator.model import load_content
    assert len(load_content(project / "data").projects) == 9


def test_finish_pages(client: TestClient) -> None:
    token = client.settings.token  # type: ignore[attr-defined]
    page = client.post("/print", data={"_token": token}, headers={"Origin": ORIGIN}).text
    assert 'id="download-zip"' in page
    archive = client.get("/print/standgen-druck.zip")
    import io
    import zipfile
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert "print/poster-a1.pdf" in names and "preflight.html" in names and any(n.endswith(".txt") for n in names)
    screen = client.get("/screen").text
    assert "/file/0" in screen and client.get("/file/0").headers["content-type"] == "application/pdf"


def test_read_form_keeps_unknown_keys_and_order() -> None:
    tree = yamlfile.new_map()
    tree["title"] = "A"
    tree["number"] = 3
    tree["titel"] = "typo"
    values = forms.read_form(PROJECT, {"title": "B", "number": "3"}, tree)
    assert list(values)[:3] == ["title", "number", "titel"]
    assert forms.widgets(STAND, {}).children


def test_a_folded_paragraph_of_the_stand_is_one_line(client: TestClient, project: Path) -> None:
    path = project / "data/stand.yaml"
    path.with_suffix(".yaml.orig").write_bytes(path.read_bytes())
    fields = form_of(client, "/stand")
    paragraphs = fields["intro"].split("\n\n")
    paragraphs[1] = paragraphs[1].replace("moderne", "offene")
    fields["intro"] = "\n\n".join(paragraphs)
    assert save(client, "/stand", fields).status_code == 200
    changed = diff(path)
    assert len(changed) == 2 and "offene" in changed[1] and changed[1].startswith("+    In einer")
    assert "# stand: the stand number is not known yet" in path.read_text()  # a comment on its own line too


def test_a_file_yaml_cannot_read_says_where(client: TestClient, project: Path) -> None:
    path = project / "data/projects/02-kifaz.yaml"
    path.write_text(path.read_text().replace("title:", "title: 'offen", 1))
    page = client.get("/project/02-kifaz")
    assert page.status_code == 422 and "data/projects/02-kifaz.yaml:" in page.text


def test_starts_on_loopback_in_english_and_stops_cleanly_on_ctrl_c(project: Path) -> None:
    import os
    import signal
    import sys
    import urllib.request
    env = {**os.environ, "STANDGEN_LANG": "de"}
    process = subprocess.Popen([sys.executable, "-m", "generator", "--lang", "en", "edit", "--no-browser"],
                               cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        assert "stop with Ctrl-C" in line
        page = urllib.request.urlopen(url + "stand").read().decode()
        assert '<html lang="en">' in page and "Save" in page
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=20)
    assert process.returncode == 0 and "standgen edit stopped." in out and "Traceback" not in out


def test_errors_are_saved_and_shown_beside_their_fields(client: TestClient, project: Path) -> None:
    fields = form_of(client, "/project/06-gewaltpraevention")
    fields.update({"number": "sechs", "url": "ftp://example.org/x", "title": ""})
    result = save(client, "/project/06-gewaltpraevention", fields).json()
    assert "whole number" in result["fields"]["number"][0]["message"]
    assert "http" in result["fields"]["url"][0]["message"] and result["fields"]["url"][0]["severity"] == "error"
    assert "empty" in result["fields"]["title"][0]["message"]
    page = client.get("/project/06-gewaltpraevention").text  # the page still opens, the values as typed
    assert 'value="sechs"' in page and 'value="ftp://example.org/x"' in page


def test_a_new_stand_from_init_opens_in_the_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.stand import init_stand
    init_stand(tmp_path / "messe")
    monkeypatch.chdir(tmp_path / "messe")
    settings = Settings(Path("data"), Path("layouts"), Path("output"), origins={ORIGIN})
    client = TestClient(create_app(settings), base_url=ORIGIN)
    fields = form_of(client, "/project/02-kifaz")
    fields["topics"] = "Teil: eins\nZwei #zwei\nyes"
    result = save(client, "/project/02-kifaz", fields).json()
    assert result["saved"] and result["previews"]
    from generator.model import load_content
    topics = {p.number: p.topics for p in load_content(Path("data")).projects}[2]
    assert topics == ("Teil: eins", "Zwei #zwei", "yes")


def test_the_preview_shows_print_or_screen(client: TestClient) -> None:
    fields = form_of(client, "/project/03-careleaver")
    headers = {"Origin": ORIGIN, "Accept": "application/json"}
    screen = client.post("/project/03-careleaver/preview", data={**fields, "_profile": "screen"}, headers=headers)
    printed = client.post("/project/03-careleaver/preview", data={**fields, "_profile": "print"}, headers=headers)
    assert "screen/project-sheet-a4/03-careleaver.pdf" in screen.json()["previews"][0]["alt"]
    assert "print/project-sheet-a4/03-careleaver.pdf" in printed.json()["previews"][0]["alt"]


def test_a_busy_port_is_one_line_and_exit_1(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main
    from generator.edit import open_socket
    taken = open_socket(0)
    try:
        assert main(["edit", "--no-browser", "--port", str(taken.getsockname()[1])]) == 1
    finally:
        taken.close()
    err = capsys.readouterr().err
    assert "cannot open the port" in err and "Traceback" not in err
