"""Placement measures come from the layout: a changed measure moves the plan, a missing one is an error."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from generator.compose.poster import KIND as POSTER
from generator.compose.sheet import KIND as SHEET
from generator.diag import Problems
from generator.jobs import make_jobs
from generator.kinds import document_kind
from generator.layouts import Layout, load_layouts
from generator.model import load_content
from generator.pipeline import compose_job
from generator.plan import Fill, Item, Plan, QrCode, Rule, TextFrame

CONTENT = load_content(ROOT / "data")
SHEET_FILE, SHEET_JOB = "project-sheet-a4", "project-sheet-a4/02-kifaz.pdf"
POSTER_FILE, POSTER_JOB = "poster-a1", "poster-a1.pdf"


def copied(tmp_path: Path, layout: str, edit: tuple[str, str] | None = None, drop: str | None = None) -> Path:
    """The shipped layouts in tmp_path, with one measure of `layout` set to a new value or dropped."""
    folder = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts", folder)
    path = folder / f"{layout}.yaml"
    text = path.read_text(encoding="utf-8")
    name = edit[0] if edit else drop
    pattern = re.compile(rf"^  {name}: [0-9.]+(.*)\n", re.MULTILINE)
    assert pattern.search(text), f"{layout} has no measure {name}"
    text = pattern.sub((lambda m: f"  {name}: {edit[1]}{m.group(1)}\n") if edit else "", text, count=1)
    path.write_text(text, encoding="utf-8")
    return folder


def plan_of(layout_dir: Path, layout: str, job_name: str) -> Plan:
    layouts = load_layouts(layout_dir, only=(layout,))
    (job,) = [job for job in make_jobs(CONTENT, layouts, layout_dir) if job.name == job_name]
    return compose_job(job)[0]


def first(plan: Plan, wanted: type, test: object = None) -> Item:
    for item in plan.pages[0].items:
        if isinstance(item, wanted) and (test is None or test(item)):  # type: ignore[operator]
            return item
    raise AssertionError(f"no {wanted.__name__} on the first page")


def tint_strip(item: Item) -> bool:
    return isinstance(item, Fill) and item.ink.name == "tint"


def role(name: str) -> object:
    return lambda item: isinstance(item, TextFrame) and item.role == name


@pytest.fixture(scope="module")
def shipped() -> dict[str, Plan]:
    return {job: plan_of(ROOT / "layouts", layout, job) for layout, job in ((SHEET_FILE, SHEET_JOB),
                                                                             (POSTER_FILE, POSTER_JOB))}


# (layout, measure, new value, what is looked at, how far it moves in mm)
MOVES = [
    (SHEET_FILE, "kicker_row", "15", lambda p: first(p, TextFrame, role("title")).box.y, 5.0),
    (SHEET_FILE, "strip_padding", "6", lambda p: first(p, Fill, tint_strip).box.h, 4.0),
    (SHEET_FILE, "footer_gap", "5.5", lambda p: first(p, Rule).y1, 1.0),
    (SHEET_FILE, "band_gap", "14", lambda p: first(p, TextFrame, role("main column")).box.y, 4.0),
    (POSTER_FILE, "band_gap", "28", lambda p: first(p, Fill, tint_strip).box.y, 10.0),
    (POSTER_FILE, "cta_gap", "16", lambda p: first(p, QrCode, lambda q: q.role == "stand").box.y, -10.0),
    (POSTER_FILE, "accent_line", "6", lambda p: first(p, Fill, lambda f: f.ink.name == "accent").box.h, 2.0),
]


@pytest.mark.parametrize(("layout", "measure", "value", "probe", "moved"), MOVES,
                         ids=[f"{m[0]}-{m[1]}" for m in MOVES])
def test_a_measure_in_the_layout_file_drives_placement(tmp_path: Path, shipped: dict[str, Plan], layout: str,
                                                       measure: str, value: str, probe: object, moved: float) -> None:
    job = SHEET_JOB if layout == SHEET_FILE else POSTER_JOB
    changed = plan_of(copied(tmp_path, layout, edit=(measure, value)), layout, job)
    assert probe(changed) - probe(shipped[job]) == pytest.approx(moved)  # type: ignore[operator]


@pytest.mark.parametrize(("layout", "measure"), [(SHEET_FILE, m) for m in SHEET.needs.measures] +
                         [(POSTER_FILE, m) for m in POSTER.needs.measures])
def test_a_missing_measure_is_an_error_at_the_layout(tmp_path: Path, layout: str, measure: str) -> None:
    folder = copied(tmp_path, layout, drop=measure)
    with pytest.raises(Problems) as raised:
        load_layouts(folder, only=(layout,))
    kind = "project-sheet" if layout == SHEET_FILE else "poster"
    texts = [str(d) for d in raised.value.diagnostics]
    assert any(f"{layout}.yaml:" in t and f"a {kind} layout needs '{measure}' in 'measures_mm'" in t for t in texts), texts


def test_composers_read_only_the_measures_their_kind_declares(monkeypatch: pytest.MonkeyPatch) -> None:
    """A measure read but not declared would be a KeyError on a layout without it, not a message."""
    read: dict[str, set[str]] = {}
    original = Layout.measure

    def recording(self: Layout, name: str) -> float:
        read.setdefault(self.kind, set()).add(name)
        return original(self, name)

    monkeypatch.setattr(Layout, "measure", recording)
    layouts = load_layouts(ROOT / "layouts")
    for job in make_jobs(CONTENT, layouts, ROOT / "layouts"):
        if job.project is None or job.project.number == 2:
            compose_job(job)
    assert {"poster", "project-sheet", "booklet"} <= set(read)
    for kind, names in read.items():
        assert names <= set(document_kind(kind).needs.measures), kind
