"""Screen PDFs are tagged PDF/UA-1, checked by readers we did not write: Poppler's structure text and `pdfua`.

`pdfinfo -struct-text` (poppler-utils) prints the structure tree with each element's text: in order it must
equal the plan's text in reading order, and hold every text of the data. The PyPI package `pdfua` runs the
machine-checkable PDF/UA-1 rules. Our own preflight check must pass these files and fail broken ones.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from generator import typography
from generator.pipeline import compose_job
from generator.compose.furniture import display_url
from generator.jobs import Job, make_jobs
from generator.pipeline import load_inputs
from generator.plan import Plan, TextFrame
from generator.preflight.pdfread import PdfFile
from generator.preflight.uarules import check_tagged
from generator.profiles import PRINT, SCREEN
from generator.render import render_pdf
from conftest import ROOT

POPPLER = shutil.which("pdfinfo")
needs_poppler = pytest.mark.skipif(POPPLER is None, reason="poppler-utils (pdfinfo) is not installed: "
                                                           "structure-text checks skipped")


@pytest.fixture(scope="module")
def jobs() -> dict[str, Job]:
    content, layouts = load_inputs(ROOT / "data", ROOT / "layouts")
    return {job.name: job for job in make_jobs(content, layouts, ROOT / "layouts")}


@pytest.fixture(scope="module")
def screen(jobs: dict[str, Job], tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Job, Plan, Path]]:
    """Every document of the shipped stand, rendered for the screen."""
    folder = tmp_path_factory.mktemp("tagged")
    built = {}
    for name, job in jobs.items():
        plan = compose_job(job)[0]
        path = folder / name.replace("/", "--")
        path.write_bytes(render_pdf(plan, SCREEN))
        built[name] = (job, plan, path)
    return built


def squash(text: str) -> str:
    """Letters only: line breaks, hyphenation and the list bullets are layout, not text."""
    return "".join(c for c in text.casefold() if not c.isspace() and c not in "-\u00ad\u2011•")


def struct_text(path: Path) -> list[str]:
    """The text of every structure element, in the order `pdfinfo -struct-text` prints the tree."""
    result = subprocess.run([POPPLER, "-struct-text", str(path)], capture_output=True, text=True, check=True)
    return [line.strip()[1:-1] for line in result.stdout.splitlines() if re.fullmatch(r'\s*".*"', line)]


def reading_text(plan: Plan) -> list[str]:
    """The plan's text that is not decoration, in reading order: zones' ranks, then pages, then drawing order."""
    found = []
    for number, page in enumerate(plan.pages):
        for seq, item in enumerate(page.items):
            if isinstance(item, TextFrame):
                found += [((page.rank(item.box), number, seq, i), p.text.upper() if p.style.caps else p.text)
                          for i, p in enumerate(item.paras) if p.role != "Artifact"]
    return [text for _, text in sorted(found)]


def data_texts(job: Job) -> list[str]:
    """What a reader must find: the stand's headline on stand-wide documents; each project's title, subtitle,
    summary, topics, carriers and url where the document shows them."""
    texts = [job.stand.headline] if job.project is None else []
    for project in job.projects if job.project is None else (job.project,):
        texts += [project.title, *(c.name for c in project.carriers), display_url(project)]
        if job.kind in ("project-sheet", "booklet"):
            texts += [*([project.subtitle] if project.subtitle else []), *project.summary, *project.topics]
    return [typography.refine(text) for text in texts]


@needs_poppler
def test_structure_text_is_the_text_in_reading_order(screen: dict[str, tuple[Job, Plan, Path]]) -> None:
    for name, (_job, plan, path) in screen.items():
        assert squash("".join(struct_text(path))) == squash("".join(reading_text(plan))), name


@needs_poppler
def test_structure_text_holds_every_text_of_the_data(screen: dict[str, tuple[Job, Plan, Path]]) -> None:
    for name, (job, _, path) in screen.items():
        text = squash("".join(struct_text(path)))
        missing = [t for t in data_texts(job) if squash(t) not in text]
        assert not missing, f"{name}: {missing}"


@needs_poppler
def test_flyer_reads_cover_then_inside_then_back(screen: dict[str, tuple[Job, Plan, Path]]) -> None:
    job, _, path = screen["flyer.pdf"]
    text = squash("".join(struct_text(path)))
    cover, inside = text.index(squash(job.stand.headline)), text.index(squash("Unser Anliegen"))
    back = text.index(squash("Schwerpunkte"))
    assert cover < inside < back
    assert text.index(squash(job.projects[-1].title)) < back


def test_pdfua_finds_nothing(screen: dict[str, tuple[Job, Plan, Path]]) -> None:
    pdfua = pytest.importorskip("pdfua", reason="the PyPI package pdfua is not installed (pip install -e '.[test]')")
    for name, (_, _, path) in screen.items():
        report = pdfua.validate(str(path))
        assert not report.findings, f"{name}: {[(f.rule_id, f.message) for f in report.findings]}"


def test_preflight_passes_every_screen_file(screen: dict[str, tuple[Job, Plan, Path]]) -> None:
    for name, (_, _, path) in screen.items():
        findings = check_tagged(PdfFile(path.read_bytes()), None)  # type: ignore[arg-type]
        assert all(f.ok for f in findings), f"{name}: {findings}"


def test_catalog_links_and_pages(screen: dict[str, tuple[Job, Plan, Path]]) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    for _name, (job, plan, path) in screen.items():
        with pikepdf.open(path) as pdf:
            root = pdf.Root
            assert root.Lang == "de-DE" and root.MarkInfo.Marked and root.ViewerPreferences.DisplayDocTitle
            assert root.OpenAction[1] == pikepdf.Name.Fit
            pane = pikepdf.Name.UseOutlines if job.kind == "booklet" else pikepdf.Name.UseNone
            assert root.get("/PageMode") == pane
            assert all(page.obj.Tabs == pikepdf.Name.S for page in pdf.pages)
            xmp = root.Metadata.read_bytes().decode("utf-8")
            assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and f">{escape(plan.meta.title)}<" in xmp
            for page in pdf.pages:
                for annotation in page.obj.get("/Annots", []):
                    assert str(annotation.Contents).startswith(("Link zu ", "Gehe zu: "))
                    assert int(annotation.StructParent) >= len(pdf.pages)


def test_qr_codes_are_figures_with_alt_text(screen: dict[str, tuple[Job, Plan, Path]]) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    _, plan, path = screen["project-sheet-a4/02-kifaz.pdf"]
    with pikepdf.open(path) as pdf:
        alts = [str(obj.Alt) for obj in _elements(pdf, "/Figure")]
    assert alts == ["QR-Code: Link zu leipzig.de/kifaz"]


def _outline(path: Path) -> list[tuple[str, list[str]]]:
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        return [(item.title, [kid.title for kid in item.children]) for item in outline.root]


def test_booklet_and_poster_outlines_follow_their_headings(screen: dict[str, tuple[Job, Plan, Path]]) -> None:
    job, plan, path = screen["booklet-a4.pdf"]
    top = _outline(path)
    assert [title for title, _ in top] == [page.bookmark for page in plan.pages]
    first = job.projects[0]
    assert top[3][1][:2] == (["Themen", "Träger"] if first.topics else ["Träger"])[:2]
    job, plan, path = screen["poster-a1.pdf"]
    ((title, headings),) = _outline(path)
    assert title == job.stand.headline
    assert [squash(h) for h in headings[:len(job.projects)]] == [squash(p.title) for p in job.projects]
    single = _outline(screen["project-sheet-a4/02-kifaz.pdf"][2])
    assert len(single) == 1 and single[0][1] == []  # a one-page sheet: one bookmark, no headings beneath


def test_tagged_output_is_deterministic_and_print_untagged(screen: dict[str, tuple[Job, Plan, Path]]) -> None:
    _, plan, path = screen["booklet-a4.pdf"]
    assert render_pdf(plan, SCREEN) == path.read_bytes()
    printed = render_pdf(plan, PRINT)
    assert printed.startswith(b"%PDF-1.4") and b"/StructTreeRoot" not in printed and b"BDC" not in printed


def _broken(path: Path, tmp_path: Path, change) -> PdfFile:
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(path) as pdf:
        change(pdf, pikepdf)
        pdf.save(tmp_path / "broken.pdf", compress_streams=False)
    return PdfFile((tmp_path / "broken.pdf").read_bytes())


def _failures(pdf: PdfFile) -> list[str]:
    return [f.message for f in check_tagged(pdf, None) if not f.ok]  # type: ignore[arg-type]


def _elements(pdf, role: str) -> list:
    return [obj for obj in pdf.objects if hasattr(obj, "get") and obj.get("/S") == role]


def test_preflight_fails_untagged_content(jobs: dict[str, Job], tmp_path: Path) -> None:
    plan = compose_job(jobs["project-sheet-a4/02-kifaz.pdf"])[0]
    untagged = PdfFile(render_pdf(plan, dataclasses.replace(SCREEN, tagged=False)))
    problems = _failures(untagged)
    assert any("outside marked content" in p for p in problems)
    assert any("/StructTreeRoot" in p for p in problems) and any("pdfuaid" in p for p in problems)
    assert any("DisplayDocTitle" in p for p in problems) and any("OBJR" in p for p in problems)


def test_preflight_fails_broken_structure(screen: dict[str, tuple[Job, Plan, Path]], tmp_path: Path) -> None:
    _, _, path = screen["project-sheet-a4/02-kifaz.pdf"]

    def figure_without_alt(pdf, pikepdf) -> None:
        del _elements(pdf, "/Figure")[0].Alt

    def skipped_level(pdf, pikepdf) -> None:
        _elements(pdf, "/H2")[0].S = pikepdf.Name.H3

    def empty_element(pdf, pikepdf) -> None:
        _elements(pdf, "/P")[0].K = pikepdf.Array()

    def loose_link(pdf, pikepdf) -> None:
        for link in _elements(pdf, "/Link"):
            link.K = pikepdf.Array([kid for kid in link.K if not (hasattr(kid, "get") and kid.get("/Type") == "/OBJR")])

    assert any("without alternative text" in p for p in _failures(_broken(path, tmp_path, figure_without_alt)))
    assert any("H3 after H1" in p for p in _failures(_broken(path, tmp_path, skipped_level)))
    assert any("without content" in p for p in _failures(_broken(path, tmp_path, empty_element)))
    assert any("OBJR" in p for p in _failures(_broken(path, tmp_path, loose_link)))


# Roles and reading order in the plan, from compose (no rendering)

def _paras(plan: Plan) -> list:
    return [p for page in plan.pages for item in page.items if isinstance(item, TextFrame) for p in item.paras]


def test_compose_gives_every_paragraph_a_role(jobs: dict[str, Job]) -> None:
    sheet = compose_job(jobs["project-sheet-a4/01-jugendhilfeplanung.pdf"])[0]
    roles = {p.text: p.role for p in _paras(sheet)}
    project = jobs["project-sheet-a4/01-jugendhilfeplanung.pdf"].project
    assert [p.role for p in _paras(sheet) if p.role.startswith("H")][0] == "H1"
    assert roles[typography.headline(project.title)] == "H1" and roles["Träger"] == "H2"
    assert all(roles.get(typography.paragraph(topic), roles.get(typography.refine(topic))) == "LI"
               for topic in project.topics)
    footer = [item for item in sheet.pages[0].items if isinstance(item, TextFrame) and item.role == "footer"]
    assert footer and {p.role for frame in footer for p in frame.paras} == {"Artifact"}
    flyer = compose_job(jobs["flyer.pdf"])[0]
    assert {p.role for p in _paras(flyer) if p.text == "Schwerpunkte"} == {"H2"}


def test_flyer_zones_read_cover_inside_back(jobs: dict[str, Job]) -> None:
    outside, inside = compose_job(jobs["flyer.pdf"])[0].pages
    cover_x = outside.reading[-1].box.x
    assert [zone.rank for zone in outside.reading] == [2, 2, 0] and cover_x > outside.reading[0].box.x
    assert {inside.rank(item.box) for item in inside.items if hasattr(item, "box")} == {1}
