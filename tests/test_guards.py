"""Guards that only show when they are broken: the renderer's safe-zone check and Kit.style's alignment override."""

from __future__ import annotations

import pytest

from generator.diag import Problems
from generator.jobs import make_jobs
from generator.layouts import load_layouts
from generator.model import load_content
from generator.pipeline import compose_job
from generator.plan import Box, Fonts, Ink, Meta, PagePlan, Para, Plan, Style, TextFrame
from generator.profiles import PROFILES
from generator.render import render_pdf
from generator.stand import packaged_font_dir
from conftest import ROOT

FONTS = Fonts(*(str(packaged_font_dir() / f"SourceSansPro-{n}.ttf") for n in ("Regular", "It", "Semibold", "Bold")),
              fallback=None)
BODY = Style("regular", 10.0, 10.0, 1.2, Ink("text", (0, 0, 0, 1), (0, 0, 0)))


def _plan(box: Box) -> Plan:
    frame = TextFrame(box, (Para("Text", BODY),), role="probe", fit=0.0)
    return Plan((210.0, 297.0), 3.0, False, (PagePlan((frame,)),), Meta("t", "a", "s", ()), FONTS, (), 5.0, "probe")


@pytest.mark.parametrize("box", [Box(4.0, 20, 50, 20), Box(20, 4.0, 50, 20), Box(156.5, 20, 50, 20),
                                 Box(20, 272.5, 50, 20)])
def test_text_in_the_safe_zone_is_refused(box: Box) -> None:
    with pytest.raises(Problems, match="reaches into the 5 mm safe margin"):
        render_pdf(_plan(box), PROFILES["print"])


def test_text_on_the_safe_line_is_drawn() -> None:
    assert render_pdf(_plan(Box(5.0, 5.0, 200.0, 287.0)), PROFILES["print"]).startswith(b"%PDF")


def test_the_contents_set_page_numbers_right_whatever_the_style_says() -> None:
    layouts = load_layouts(ROOT / "layouts", ("booklet-a4",))
    assert layouts[0].style("toc_entry").align == "left"  # else the override below would prove nothing
    (job,) = make_jobs(load_content(ROOT / "data"), layouts, ROOT / "layouts")
    plan, _ = compose_job(job)
    contents = [item for page in plan.pages for item in page.items
                if isinstance(item, TextFrame) and item.role == "contents"]
    size = layouts[0].style("toc_entry").size_pt
    entries = [para for frame in contents for para in frame.paras if para.style.size_pt == size]
    numbers = [para for para in entries if para.text.isdigit()]  # page numbers, beside titles in the same style
    titles = [para for para in entries if not para.text.isdigit()]
    assert len(numbers) == len(job.projects) and all(para.style.align == "right" for para in numbers)
    assert titles and all(para.style.align == "left" for para in titles)
