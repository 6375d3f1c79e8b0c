"""German line breaking as drawn (issue 15): the lines of every paragraph on every page of the shipped stand and of
the generated stands, broken by the renderer exactly as render_pdf draws them.

At most two hyphenated lines in a row; names and links never broken with a hyphen; no lone word on a last line
where binding it to its neighbour costs no line; compounds broken at their joints first; no paragraph split
between frames leaving one line behind or ahead; no justified body text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

import stands
from conftest import ROOT
from generator import typography
from generator.compose.kit import Kit
from generator.jobs import resolve_fonts
from generator.layouts import load_layouts
from generator.pipeline import check
from generator.plan import Para, TextFrame
from generator.profiles import SCREEN
from generator.render import german, measure
from generator.render.german import GermanParagraph, Hyphenation, lines_of
from generator.render.text import Context, UrlLines, layout_frame, make_flowable

NAMES = ("carriers", "contact.name", "contact.email", "contact.phone", "organiser")
STAND_NAMES = ("shipped", *(f"stand-{size:02d}" for size in sorted(stands.STANDS)))


@dataclasses.dataclass(frozen=True)
class Drawn:
    """One paragraph as drawn: where, its plan paragraph, its lines, the column width (points), the position t."""

    document: str
    page: int
    para: Para
    lines: tuple[str, ...]
    width: float
    t: float
    ctx: Context
    url: bool

    def __str__(self) -> str:
        return f"{self.document} p{self.page + 1}: " + " / ".join(self.lines)


def drawn(folder: Path) -> list[Drawn]:
    """Every paragraph of every document of the stand in `folder`, composed and broken as `standgen build` does."""
    measure._SHARED.clear()  # a mutation below changes the rules: never answer from metrics measured without it
    found = []
    checked = check(folder / "data", folder / "layouts", (SCREEN,))
    for pending in checked.pending:
        plan = checked.plans[pending.job.name]
        ctx = Context(plan.fonts, plan.hyphenation, "rgb", pending.path)
        for index, page in enumerate(plan.pages):
            for item in page.items:
                if isinstance(item, TextFrame):
                    found += [Drawn(pending.path, index, p.para, tuple(_lines(p.flowable)), item.box.w * mm,
                                    item.fit or 0.0, ctx, isinstance(p.flowable, UrlLines))
                              for p in layout_frame(item, ctx) if isinstance(p.flowable, GermanParagraph | UrlLines)]
    return found


def _lines(flowable: object) -> list[str]:
    return list(flowable.lines) if isinstance(flowable, UrlLines) else lines_of(flowable)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("stands")
    return {"shipped": ROOT, **{f"stand-{size:02d}": stands.make_issue_stand(root / f"stand-{size:02d}", size)
                                for size in sorted(stands.STANDS)}}


@pytest.fixture(scope="module")
def paragraphs(folders: dict[str, Path]) -> dict[str, list[Drawn]]:
    return {name: drawn(folder) for name, folder in folders.items()}


def ladders(found: list[Drawn]) -> Iterator[str]:
    """Paragraphs with three or more lines in a row ending in a hyphen."""
    for item in found:
        run = 0
        for line in item.lines[:-1]:
            run = run + 1 if line.endswith("-") else 0
            if run > 2:
                yield str(item)
                break


def hyphenated_names(found: list[Drawn]) -> Iterator[str]:
    """Names and links with a line ending in a hyphen the text does not have there."""
    for item in found:
        field = item.para.source.field if item.para.source else ""
        if not (item.url or item.para.link or field in NAMES):
            continue
        text = item.para.text.replace("\u00ad", "")
        for line, following in zip(item.lines, item.lines[1:]):
            if line.endswith("-") and line.split(" ")[-1] + following.split(" ")[0] not in text.replace(" ", ""):
                yield str(item)


def lone_last_words(found: list[Drawn]) -> Iterator[str]:
    """Paragraphs that end on one word although binding it to the word before would cost no line."""
    for item in found:
        lines, words = item.lines, item.para.text.split()
        if item.url or len(lines) < 2 or len(lines[-1].split()) != 1 or len(lines[-2].split()) < 3 or len(words) < 4:
            continue
        head, _, last = item.para.text.rstrip().rpartition(" ")
        bound = dataclasses.replace(item.para, text=f"{head}\u00a0{last}")
        flowable, _, _ = make_flowable(bound, item.t, item.ctx)
        flowable.wrap(item.width, 1e6)
        again = lines_of(flowable)
        pair = stringWidth(again[-1], flowable.style.fontName, flowable.style.fontSize)
        if len(again) == len(lines) and pair <= item.width - flowable.style.leftIndent:
            yield str(item)


@pytest.mark.parametrize("name", STAND_NAMES)
def test_at_most_two_hyphenated_lines_in_a_row(paragraphs: dict[str, list[Drawn]], name: str) -> None:
    assert len(paragraphs[name]) > 20
    assert list(ladders(paragraphs[name])) == []


@pytest.mark.parametrize("name", STAND_NAMES)
def test_names_and_links_never_break_with_a_hyphen(paragraphs: dict[str, list[Drawn]], name: str) -> None:
    assert list(hyphenated_names(paragraphs[name])) == []


@pytest.mark.parametrize("name", STAND_NAMES)
def test_no_lone_last_word_where_it_can_be_avoided(paragraphs: dict[str, list[Drawn]], name: str) -> None:
    assert list(lone_last_words(paragraphs[name])) == []


def test_links_break_only_after_a_separator(paragraphs: dict[str, list[Drawn]]) -> None:
    urls = [item for found in paragraphs.values() for item in found if item.url and len(item.lines) > 1]
    assert urls
    for item in urls:
        assert "".join(item.lines) == item.para.text
        for line in item.lines[:-1]:
            assert line[-1] in "/?&." or not re.search(r"[/?&.]", line), str(item)  # a part wider than the line


def test_the_checks_find_ladders_and_lone_words_without_the_repairs(folders: dict[str, Path],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The mutation: with the re-breaking switched off, the shipped stand has ladders and lone last words again."""
    monkeypatch.setattr(german, "REPAIRS", 0)
    monkeypatch.setattr(GermanParagraph, "_bind_last_line", lambda self, width, height, size, lines: size)
    try:
        found = drawn(folders["shipped"])
        assert list(ladders(found)), "no ladder without the repair: the test could not fail"
        assert list(lone_last_words(found)), "no lone last word without the repair: the test could not fail"
    finally:
        measure._SHARED.clear()


# Units: the repairs, the hyphenator, the splits between frames.

@pytest.fixture(scope="module")
def body() -> tuple[Kit, Context]:
    layout = load_layouts(ROOT / "layouts", ("project-sheet-a4",))[0]
    exceptions = typography.load_exceptions(ROOT / "layouts" / "hyphenation-de.txt", "hyphenation-de.txt")
    return Kit(layout, None, "test"), Context(resolve_fonts(layout, ROOT / "layouts"), exceptions, "rgb", "test")


LADDER = ("Die Jugendhilfeplanung koordiniert Erziehungsberatungsstellen, Gesundheitsförderung, Schulsozialarbeit "
          "und Übergangsmanagement gemeinsam mit Kindertageseinrichtungen und Beteiligungsverfahren in "
          "Sozialraumorientierung und Qualitätsentwicklungsvereinbarungen der Leistungserbringer.")


def test_a_ladder_is_broken_again_and_lines_depend_only_on_the_width(body: tuple[Kit, Context],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    kit, ctx = body
    para = Para(typography.paragraph(LADDER), kit.style("body"))
    probe, _, _ = make_flowable(para, 0.0, ctx)
    widest = max(stringWidth(word, probe.style.fontName, probe.style.fontSize) for word in LADDER.split())
    widths = [w / 2 for w in range(int(widest * 2) + 1, 800)]  # a word wider than the line must break: from there
    repaired: dict[float, list[str]] = {}
    for width in widths:
        flowable, _, _ = make_flowable(para, 0.0, ctx)
        flowable.wrap(width, 1e6)
        repaired[width] = lines_of(flowable)
        assert list(ladders([Drawn("t", 0, para, tuple(repaired[width]), width, 0, ctx, False)])) == []
    monkeypatch.setattr(german, "REPAIRS", 0)
    unrepaired: list[str] = []
    for width in widths:
        flowable, _, _ = make_flowable(para, 0.0, ctx)
        flowable.wrap(width, 1e6)
        unrepaired += ladders([Drawn("t", 0, para, tuple(lines_of(flowable)), width, 0, ctx, False)])
    assert unrepaired, "the text makes no ladder at any width: choose another"
    monkeypatch.undo()
    flowable, _, _ = make_flowable(para, 0.0, ctx)
    for width in (widths[-1], widths[0], widths[len(widths) // 2]):  # one paragraph, wrapped again and again
        flowable.wrap(width, 1e6)
        assert lines_of(flowable) == repaired[width]


def test_compounds_break_at_their_joints_first(body: tuple[Kit, Context]) -> None:
    _, ctx = body
    hyphenate = Hyphenation(ctx.hyphenation)
    assert hyphenate("Jugendhilfeausschuss")[0] == ("Jugendhilfe", "ausschuss")
    assert hyphenate.joints("Sozialraumorientierung") == (6, 10)  # a listed compound is a part, too
    ranked = hyphenate("Sozialraumorientierung")  # a joint beats a syllable break up to JOINT_BONUS letters further
    assert ranked.index(("Sozialraum", "orientierung")) < ranked.index(("Sozialraumori", "entierung"))
    assert ranked.index(("Sozialraumorientie", "rung")) < ranked.index(("Sozialraum", "orientierung"))
    assert hyphenate("Jugendhilfeplanungsprozess")[0] == ("Jugendhilfeplanungs", "prozess")  # a linking s
    assert ("Grunds", "tücksverkehrsgenehmigungszuständigkeit") not in hyphenate(stands.LONG_WORD)  # Grund-stücks
    assert ("Schulsoziala", "rbeiterin") not in hyphenate("Schulsozialarbeiterin")  # too near the joint
    assert hyphenate("Ganztagsbetreuung") == [("Ganztags", "betreuung")]  # listed: the joint only
    assert hyphenate.without(frozenset({"Jugendhilfe"}))("Jugendhilfeausschuss") == []


def test_a_line_end_takes_the_joint_over_a_longer_syllable_break(body: tuple[Kit, Context]) -> None:
    kit, ctx = body
    style = dataclasses.replace(kit.style("body"), size_pt=10.0)
    flowable, _, _ = make_flowable(Para("Der Jugendhilfeausschuss tagt heute.", style), 0.0, ctx)
    font, size = flowable.style.fontName, flowable.style.fontSize
    width = stringWidth("Der Jugendhilfeaus-", font, size) + 1  # room for the syllable break, and so the joint
    flowable.wrap(width, 1e6)
    assert lines_of(flowable)[0] == "Der Jugendhilfe-"


def test_a_paragraph_split_between_frames_leaves_no_line_alone(body: tuple[Kit, Context]) -> None:
    kit, ctx = body
    measurer = measure.TextMeasurer(ctx.fonts, ctx.hyphenation, "test")
    style = kit.style("body")
    paras = (Para("Erster Absatz mit ein paar Wörtern, der genau zwei Zeilen füllt oder etwas mehr.", style),
             *(Para(typography.paragraph(LADDER), style) for _ in range(3)))
    line_mm = style.size_pt * style.leading / mm
    splits = 0
    for height in [line_mm * n / 4 for n in range(8, 160)]:
        head, rest = measurer.split(paras, 80, height, 0.0)
        if len(head) + len(rest) == len(paras):
            continue  # split between paragraphs
        splits += 1
        assert _line_count(measurer, head[-1], 80) >= 2 or len(head) == 1, height  # no orphan
        assert _line_count(measurer, rest[0], 80) >= 2, height  # no widow
    assert splits > 10


def _line_count(measurer: measure.TextMeasurer, para: Para, width_mm: float) -> int:
    return round(float(measurer.height_mm((para,), width_mm, 0.0) / (para.style.size_pt * para.style.leading / mm)))


def test_no_body_text_is_justified() -> None:
    """Ragged right everywhere: justified narrow columns open rivers of white in German's long words."""
    for layout in load_layouts(ROOT / "layouts"):
        assert [name for name, style in layout.styles if style.align == "justify"] == [], layout.name


def test_paragraphs_with_several_fonts_are_read_and_repaired_alike(body: tuple[Kit, Context]) -> None:
    """A character from the fallback font makes ReportLab break by fragments (kind 1): same lines, same rules."""
    kit, ctx = body
    plain, _, _ = make_flowable(Para(typography.paragraph(LADDER), kit.style("body")), 0.0, ctx)
    bold = german.GermanParagraph(plain._plain, lambda text: text.replace(
        "Die", f'<font name="{plain.style.fontName}">Die</font>', 1), plain.style)
    for width in (150.0, 170.0, 190.0):
        plain.wrap(width, 1e6)
        bold.wrap(width, 1e6)
        assert bold.blPara.kind == 1 and plain.blPara.kind == 0
        assert lines_of(bold) == lines_of(plain)


def test_a_word_wider_than_the_line_keeps_its_breaks_in_a_ladder(body: tuple[Kit, Context]) -> None:
    """Refusing to hyphenate a word that cannot fit a line whole would push it past the frame's edge."""
    kit, ctx = body
    measurer = measure.TextMeasurer(ctx.fonts, ctx.hyphenation, "test")
    text = f"Die Erziehungsberatungsstellen und {stands.LONG_WORD} im Jugendhilfeplanungsprozess der Sozialraumorientierung"
    for width_mm in (20.0, 24.0, 28.0, 32.0):
        para = measurer._open_para(Para(text, kit.style("body")), width_mm * mm, 0.0)  # as fitting opens it
        flowable, _, _ = make_flowable(para, 0.0, ctx)
        flowable.wrap(width_mm * mm, 1e6)
        assert max(flowable.getActualLineWidths0()) <= width_mm * mm + 1.5, lines_of(flowable)
