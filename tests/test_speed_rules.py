"""Speed must not change what is made: plans composed with every memo shared equal plans composed afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from generator.jobs import make_jobs
from generator.pipeline import compose_job, load_inputs
from generator.render import measure
from stands import make_issue_stand


def _jobs(data: Path, layouts: Path):
    content, loaded = load_inputs(data, layouts)
    return make_jobs(content, loaded, layouts)


@pytest.mark.parametrize("size", [0, 13])
def test_shared_measurements_keep_plans(tmp_path: Path, size: int) -> None:
    """The measurer's paragraph metrics shared across jobs (and the booklet after the sheets) give the same plan
    and warnings as a measurer that starts empty for every job; 0 = the shipped stand."""
    if size:
        make_issue_stand(tmp_path, size)
        data, layouts = tmp_path / "data", tmp_path / "layouts"
    else:
        data, layouts = ROOT / "data", ROOT / "layouts"
    jobs = _jobs(data, layouts)
    measure._SHARED.clear()
    shared = [compose_job(job) for job in jobs]
    afresh = []
    for job in reversed(jobs):  # another order, too
        measure._SHARED.clear()
        afresh.append(compose_job(job))
    afresh.reverse()
    assert [plan.digest() for plan, _ in shared] == [plan.digest() for plan, _ in afresh]
    assert [notes for _, notes in shared] == [notes for _, notes in afresh]
