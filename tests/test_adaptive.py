"""Issue 11: documents that adapt to any stand, and `check` tells the truth.

Generated stands of 1, 2, 9, 13, 17, 24 and 40 projects (tests/stands.py) mix minimal,
typical and maximal projects, long tracking urls with and without short_url, a long
headline and many intro paragraphs. Each is built once per module, through the command
line as a user runs it, and then:

* build exits 0 and prints nothing on stderr but warnings, one line per cause;
* `standgen check` agrees with build (exit status, and every warning and problem of
  build also appears in check's output);
* `standgen preflight` passes;
* every project has one sheet per profile (one or two pages) with its title on it;
* every QR code in sheets, flyer and posters decodes to a url of the data, page by page
  as the manifest says, and each sheet carries its project's code;
* posters and flyer name every project; the flyer prints each short_url;
* the booklet holds every sheet, its outline and contents lead to each, its print
  padding sits before the back cover, which carries the stand's contact and code.

Further: the README's "Adding a project" recipe for a 9th and a 25th project, and a
title holding "Grundstücksverkehrsgenehmigungszuständigkeit".

Deselect with `-m "not adaptive"` (the whole module takes a few minutes).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

import stands
from pdfcheck import (char_boxes_mm, decode_qr_codes, extract_text, internal_links, page_boxes, page_count, pt_to_mm,
                      render_page, squash)
from conftest import ROOT

pytestmark = pytest.mark.adaptive

SIZES = tuple(stands.STANDS)
SHIPPED = 8  # the repository's own data/ (8 projects) joins the generated stands
JOBS = "2"
TIMEOUT = 600
PROFILES = ("print", "screen")


def standgen(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` in the stand folder, English messages."""
    env = {**os.environ, "STANDGEN_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=folder, capture_output=True, text=True,
                          timeout=TIMEOUT, env=env)


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def warning_lines(text: str) -> list[str]:
    return [line for line in lines(text) if line.startswith("warning: ")]


@dataclass
class Stand:
    """One generated stand folder, built once."""

    size: int
    folder: Path
    build: subprocess.CompletedProcess[str]
    check: subprocess.CompletedProcess[str]
    projects: list[dict[str, Any]] = field(default_factory=list)
    stand: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)  # manifest path -> text per page, on demand

    @property
    def out(self) -> Path:
        return self.folder / "output"

    def require_build(self) -> None:
        if self.build.returncode != 0 or not (self.out / "manifest.json").exists():
            pytest.fail(f"{self.size}-project stand: build exited {self.build.returncode}, so nothing to inspect:\n"
                        + "\n".join(lines(self.build.stderr)[:12]), pytrace=False)

    @cached_property
    def manifest(self) -> list[dict[str, Any]]:
        self.require_build()
        return json.loads((self.out / "manifest.json").read_text(encoding="utf-8"))["documents"]

    def documents(self, kind: str, profile: str | None = None) -> list[dict[str, Any]]:
        return [d for d in self.manifest if d["kind"] == kind and (profile is None or d["profile"] == profile)]

    def sheet(self, number: int, profile: str) -> dict[str, Any]:
        found = [d for d in self.documents("project-sheet", profile) if d["project"] == number]
        assert len(found) == 1, f"{len(found)} {profile} sheets for project {number}"
        return found[0]

    @cached_property
    def urls(self) -> set[str]:
        """Every url of the data: projects, the stand, the organiser."""
        return {p["url"] for p in self.projects} | {self.stand["url"], self.stand["organiser"].get("url")}

    def text(self, path: str) -> list[str]:
        if path not in self.texts:
            self.texts[path] = extract_text(self.out / path)
        return self.texts[path]


@pytest.fixture(scope="module", params=(*SIZES, SHIPPED), ids=lambda n: "shipped" if n == SHIPPED else f"{n}p")
def stand(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Stand:
    size = request.param
    folder = tmp_path_factory.mktemp(f"stand{size:02d}")
    if size == SHIPPED:
        shutil.copytree(ROOT / "data", folder / "data")
        shutil.copytree(ROOT / "layouts", folder / "layouts")
    else:
        stands.make_issue_stand(folder, size)
    build = standgen(folder, "build", "--jobs", JOBS, "--quiet")
    check = standgen(folder, "check")
    return Stand(size, folder, build, check, stands.load_projects(folder), stands.load_stand(folder))


# Fixture sanity (passes today: the generated data is valid and shaped as the issue asks)

def test_generated_stands_are_valid_and_mixed(tmp_path: Path) -> None:
    for size in SIZES:
        folder = stands.make_issue_stand(tmp_path / f"s{size}", size)
        assert stands.validate_stand(folder) == [], size
        again = stands.make_issue_stand(tmp_path / f"t{size}", size)
        for path in sorted((folder / "data").rglob("*.yaml")):
            assert path.read_bytes() == (again / "data" / path.relative_to(folder / "data")).read_bytes(), path
        projects = stands.load_projects(folder)
        assert len(projects) == size
        if size >= 9:
            titles = [p["title"] for p in projects]
            assert any(len(t) >= 150 and stands.LONG_WORD in t for t in titles), size  # maximal
            assert any(len(t.split()) <= 3 and list(p) == ["number", "title", "carriers", "url"]
                       for t, p in zip(titles, projects)), size  # minimal
            assert any(len(p["url"]) >= 600 for p in projects), size
            assert any(len(p["url"]) >= 200 and "short_url" not in p for p in projects), size
            assert any(len(p["url"]) >= 200 and "short_url" in p for p in projects), size
    big = stands.load_projects(tmp_path / "s40")
    maximal = next(p for p in big if len(p["title"]) >= 150)
    assert len(maximal["topics"]) == 30 and len(maximal["carriers"]) == 12 and len(maximal["formats"]) == 12
    assert 2250 <= len(maximal["summary"]) <= 2500 and maximal["summary"].count("\n\n") >= 3
    assert 190 <= len(maximal["subtitle"]) <= 200
    assert [p["number"] for p in stands.load_projects(tmp_path / "s17")][-2:] == [117, 888]
    assert {p.name[:4] for p in (tmp_path / "s17" / "data" / "projects").glob("*.yaml")} >= {"117-", "888-"}
    long_stand = stands.load_stand(tmp_path / "s13")
    assert len(long_stand["headline"]) >= 140 and len(long_stand["intro"]) == 10 and len(long_stand["focus"]) == 12


# Build, check, preflight

def test_build_exits_0(stand: Stand) -> None:
    assert stand.build.returncode == 0, "\n".join(lines(stand.build.stderr)[:20])


def test_build_prints_only_warnings_on_stderr_one_per_cause(stand: Stand) -> None:
    problems = [line for line in lines(stand.build.stderr) if not line.startswith(("warning: ", "note: "))]
    assert problems == [], "\n".join(problems[:20])
    warnings = warning_lines(stand.build.stderr)
    # One line per cause, not one per layout that hits it: lines equal but for the layout's name are one cause.
    names = sorted((p.stem for p in (stand.folder / "layouts").glob("*.yaml")), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(name) for name in names))
    repeated = [line for line, n in Counter(pattern.sub("LAYOUT", line) for line in warnings).items() if n > 1]
    assert repeated == [], "the same warning once per layout:\n" + "\n".join(repeated[:10])
    for line in warnings:
        assert re.match(r"warning: [^\s:][^:]*(:\d+:\d+)?: \S", line), f"a warning without a FILE position: {line}"


def test_check_agrees_with_build(stand: Stand) -> None:
    assert (stand.check.returncode == 0) == (stand.build.returncode == 0), (
        f"check exit {stand.check.returncode}, build exit {stand.build.returncode}\n"
        f"check: {stand.check.stdout + stand.check.stderr}\nbuild: {stand.build.stderr}")
    check_said = set(lines(stand.check.stdout + stand.check.stderr))
    build_problems = [line for line in lines(stand.build.stderr)
                      if not line.startswith("note: ") and not re.fullmatch(r"\d+ problems? found", line)]
    missing = [line for line in build_problems if line not in check_said]
    assert missing == [], "build said, check did not:\n" + "\n".join(missing[:20])


def test_check_prints_only_warnings_on_stderr(stand: Stand) -> None:
    problems = [line for line in lines(stand.check.stderr) if not line.startswith(("warning: ", "note: "))]
    assert problems == [], "\n".join(problems[:20])


def test_preflight_passes(stand: Stand) -> None:
    stand.require_build()
    result = standgen(stand.folder, "preflight", "--jobs", JOBS)
    assert result.returncode == 0, "\n".join(lines(result.stderr)[:20]) + "\n" + result.stdout[-2000:]
    assert result.stderr.strip() == ""


# Project sheets

def test_manifest_pages_match_files(stand: Stand) -> None:
    for doc in stand.manifest:
        assert page_count(stand.out / doc["path"]) == doc["pages"], doc["path"]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_title_is_on_its_sheet(stand: Stand, profile: str) -> None:
    missing = []
    for project in stand.projects:
        doc = stand.sheet(project["number"], profile)
        assert doc["pages"] in (1, 2), f"{doc['path']}: {doc['pages']} pages (a sheet is one A4 leaf)"
        width = 2 if project["number"] < 100 else 3
        assert Path(doc["path"]).name.startswith(f"{project['number']:0{width}d}-"), doc["path"]
        text = squash("".join(stand.text(doc["path"])))
        if squash(project["title"]) not in text:
            missing.append(f"{doc['path']}: {project['title']!r}")
        if "short_url" in project and squash(project["short_url"]) not in text:
            missing.append(f"{doc['path']}: short_url {project['short_url']!r} not printed")
    assert missing == [], "\n".join(missing)


def test_a_sheet_continued_on_its_back_says_so(stand: Stand) -> None:
    warnings = "\n".join(warning_lines(stand.build.stderr))
    silent = []
    for project in stand.projects:
        doc = stand.sheet(project["number"], "print")
        if doc["pages"] == 2 and f"{Path(doc['path']).stem}.yaml" not in warnings:
            silent.append(doc["path"])
    assert silent == [], f"two-page sheets without a warning naming their data file: {silent}"


# QR codes

def first_pass_dpi(trim_mm: list[float], pixels: int) -> float:
    """The dpi that makes the page's long side about `pixels` wide."""
    return pixels / (max(trim_mm) / 25.4)


def decoded_pages(path: Path, expected: dict[int, list[str]], dpis: tuple[float, ...]) -> dict[int, list[str]]:
    """Page (1-based) -> decoded codes; a page whose codes differ from `expected` is tried again at the next dpi."""
    found = {}
    for index in range(page_count(path)):
        want = sorted(expected.get(index + 1, []))
        for dpi in dpis:
            got = decode_qr_codes(render_page(path, index, dpi))
            if sorted(got) == want:
                break
        found[index + 1] = got
    return found


def check_codes(stand: Stand, doc: dict[str, Any], dpis: tuple[float, ...]) -> list[str]:
    expected: dict[int, list[str]] = {}
    for entry in doc["qr"]:
        expected.setdefault(entry["page"], []).append(entry["url"])
    problems = [f"{doc['path']}: manifest names a url not in the data: {url[:80]}"
                for urls in expected.values() for url in urls if url not in stand.urls]
    for page, got in decoded_pages(stand.out / doc["path"], expected, dpis).items():
        foreign = [url[:80] for url in got if url not in stand.urls]
        if foreign:
            problems.append(f"{doc['path']} p{page}: decodes to urls not in the data: {foreign}")
        if sorted(got) != sorted(expected.get(page, [])):
            lost = Counter(expected.get(page, [])) - Counter(got)
            problems.append(f"{doc['path']} p{page}: {sum(lost.values())} of {len(expected.get(page, []))} codes "
                            f"do not decode (e.g. {next(iter(lost), '')[:60]!r}), {len(got)} decoded")
    return problems


def test_sheet_codes_decode_to_their_project(stand: Stand) -> None:
    problems = []
    for project in stand.projects:
        for profile in PROFILES:
            doc = stand.sheet(project["number"], profile)
            if project["url"] not in [q["url"] for q in doc["qr"]]:
                problems.append(f"{doc['path']}: the project's own url is not among its codes")
            problems += check_codes(stand, doc, (150, 300))
    assert problems == [], "\n".join(problems[:30])


@pytest.mark.parametrize("kind", ["flyer", "booklet"])
def test_flyer_and_booklet_codes_decode(stand: Stand, kind: str) -> None:
    problems = []
    for doc in stand.documents(kind):
        if stand.stand["url"] not in [q["url"] for q in doc["qr"]]:
            problems.append(f"{doc['path']}: no code for the stand url")
        if kind == "booklet":
            missing = {p["url"] for p in stand.projects} - {q["url"] for q in doc["qr"]}
            problems += [f"{doc['path']}: no code for {url[:80]}" for url in sorted(missing)]
        problems += check_codes(stand, doc, (150, 300))
    assert len(stand.documents(kind)) == 2 and problems == [], "\n".join(problems[:30])


def test_poster_codes_decode(stand: Stand) -> None:
    problems = []
    posters = stand.documents("poster")
    for doc in posters:
        if stand.stand["url"] not in [q["url"] for q in doc["qr"]]:
            problems.append(f"{doc['path']}: no code for the stand url")
        # ~1900 px on the long side first (A0 at 40 dpi), ~3600 px where a code did not decode.
        dpis = (first_pass_dpi(doc["trim_mm"], 1900), first_pass_dpi(doc["trim_mm"], 3600))
        problems += check_codes(stand, doc, dpis)
    assert len(posters) == 6 and problems == [], "\n".join(problems[:30])


# Posters and flyer name every project

@pytest.mark.parametrize("kind", ["poster", "flyer"])
def test_posters_and_flyer_name_every_project(stand: Stand, kind: str) -> None:
    missing = []
    for doc in stand.documents(kind, "screen"):
        text = squash("".join(stand.text(doc["path"])))
        for project in stand.projects:
            if squash(project["title"]) not in text:
                missing.append(f"{doc['path']}: {project['number']} {project['title'][:60]!r}")
            elif kind == "flyer" and "short_url" in project and squash(project["short_url"]) not in text:
                missing.append(f"{doc['path']}: short_url {project['short_url']!r} of project {project['number']}")
    assert stand.documents(kind, "screen") and missing == [], "\n".join(missing[:30])


# Booklet

def outline_destinations(path: Path) -> list[tuple[str, int]]:
    """(title, 0-based page) of every top-level outline item."""
    reader = pypdf.PdfReader(path)
    return [(item.title, reader.get_destination_page_number(item)) for item in reader.outline
            if not isinstance(item, list)]


def test_booklet_holds_every_sheet_with_outline_and_contents(stand: Stand) -> None:
    booklet = stand.documents("booklet", "screen")
    assert len(booklet) == 1
    path = stand.out / booklet[0]["path"]
    pages = stand.text(booklet[0]["path"])
    outline = outline_destinations(path)
    starts = []
    for project in stand.projects:
        title = squash(project["title"])
        items = [(t, p) for t, p in outline if title in squash(t)]
        items = [(t, p) for t, p in items if squash(t).startswith(str(project["number"]))] or items
        assert items, f"the outline does not name project {project['number']} {project['title'][:60]!r}"
        page = items[0][1]
        assert title in squash(pages[page]), f"the outline leads project {project['number']} to page {page + 1}"
        starts.append(page)
    sizes = [stand.sheet(p["number"], "screen")["pages"] for p in stand.projects]
    for index in range(1, len(starts)):
        assert starts[index] == starts[index - 1] + sizes[index - 1], (
            f"project {stand.projects[index]['number']} starts on page {starts[index] + 1}, expected "
            f"{starts[index - 1] + sizes[index - 1] + 1} after a sheet of {sizes[index - 1]} pages")
    assert starts[-1] + sizes[-1] <= len(pages)
    front = "".join(pages[:starts[0]])
    missing = [p["title"][:60] for p in stand.projects if squash(p["title"]) not in squash(front)]
    assert missing == [], f"the contents before page {starts[0] + 1} do not list {missing}"
    targets = {target for _, target in internal_links(path)}
    assert set(starts) <= targets, f"contents links miss the pages {sorted(set(starts) - targets)}"


def test_booklet_padding_sits_before_the_back_cover(stand: Stand) -> None:
    screen, = stand.documents("booklet", "screen")
    printed, = stand.documents("booklet", "print")
    layout = yaml.safe_load((stand.folder / "layouts" / f"{printed['layout']}.yaml").read_text(encoding="utf-8"))
    multiple = int(layout.get("page_multiple", 1))
    assert printed["pages"] % multiple == 0
    assert 0 <= printed["pages"] - screen["pages"] < multiple
    text = stand.text(printed["path"])
    for index in range(screen["pages"] - 1, printed["pages"] - 1):
        assert text[index].strip() == "", f"print booklet page {index + 1} should be a padding page"
    for doc in (screen, printed):
        last = doc["pages"] - 1
        assert decode_qr_codes(render_page(stand.out / doc["path"], last, 100)) == [stand.stand["url"]], (
            f"{doc['path']}: the back cover (page {last + 1}) does not carry the stand's code alone")
        contact = stand.stand.get("contact", {})
        for value in (contact.get("email"), contact.get("phone")):
            assert value is None or squash(value) in squash(stand.text(doc["path"])[last]), (
                f"{doc['path']}: the back cover does not carry the stand's contact ({value})")


# The README's "Adding a project" recipe

def copy_as(source: Path, target: Path, number: int, title: str) -> None:
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^number: \d+$", f"number: {number}", text, count=1)
    text = re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1)
    target.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("last", [9, 25])
def test_readme_recipe_adds_a_project(project: Path, last: int) -> None:
    """Copy a shipped project file as number 9 (and, for 25, generate 10–24 before it), check, build."""
    projects = project / "data" / "projects"
    copy_as(projects / "02-kifaz.yaml", projects / "09-neues-projekt.yaml", 9, "Neues Projekt im Stadtteil")
    if last == 25:
        stands.write_projects(projects, list(range(10, 25)), seed=25, mix=("typical",), long_urls=False)
        copy_as(projects / "06-gewaltpraevention.yaml", projects / "25-noch-ein-projekt.yaml", 25,
                "Noch ein Projekt für Familien")
    check = standgen(project, "check")
    assert check.returncode == 0, check.stderr
    assert any(line.startswith(f"{last} projects, ") for line in lines(check.stdout)), check.stdout
    build = standgen(project, "build", "--jobs", JOBS, "--quiet")
    assert build.returncode == 0, "\n".join(lines(build.stderr)[:20])
    name = "09-neues-projekt" if last == 9 else "25-noch-ein-projekt"
    for profile in PROFILES:
        sheet = project / "output" / profile / "project-sheet-a4" / f"{name}.pdf"
        assert sheet.exists(), sheet
        title = "Neues Projekt im Stadtteil" if last == 9 else "Noch ein Projekt für Familien"
        assert squash(title) in squash("".join(extract_text(sheet)))


# A title holding one long German compound

@pytest.mark.parametrize("title", [stands.LONG_WORD, f"{stands.LONG_WORD} in Leipzig"])
def test_long_compound_in_a_title_builds(project: Path, title: str) -> None:
    path = project / "data" / "projects" / "01-jugendhilfeplanung.yaml"
    copy_as(path, path, 1, title)
    build = standgen(project, "build", "--jobs", JOBS, "--quiet")
    assert build.returncode == 0, "\n".join(lines(build.stderr)[:20])
    check = standgen(project, "check")
    assert check.returncode == 0, check.stderr
    for profile in PROFILES:
        sheet = project / "output" / profile / "project-sheet-a4" / "01-jugendhilfeplanung.pdf"
        assert squash(stands.LONG_WORD) in squash("".join(extract_text(sheet))), f"{profile}: the word is missing"
    # Broken or not, no letter of it leaves the trimmed page: on the sheet and on the smallest poster.
    for path in (project / "output" / "print" / "project-sheet-a4" / "01-jugendhilfeplanung.pdf",
                 project / "output" / "print" / "poster-a2.pdf"):
        assert squash(stands.LONG_WORD) in squash("".join(extract_text(path))), path.name
        for index, boxes in enumerate(page_boxes(path)):
            left, bottom, right, top = (pt_to_mm(v) for v in boxes["TrimBox"])
            outside = [c for c, x0, b, r, t in char_boxes_mm(path, index)
                       if x0 < left - 0.01 or r > right + 0.01 or b < bottom - 0.01 or t > top + 0.01]
            assert outside == [], f"{path.name} p{index + 1}: {''.join(outside)[:60]!r} outside the trim box"
