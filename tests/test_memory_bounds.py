"""Caches that live as long as a worker stay bounded by what one document needs, and change no answer."""

from __future__ import annotations

import pytest

from conftest import ROOT
from generator import qr
from generator.jobs import make_jobs
from generator.pipeline import compose_job, load_inputs
from generator.render import measure


def test_the_metrics_memo_is_emptied_between_documents_past_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    content, loaded = load_inputs(ROOT / "data", ROOT / "layouts")
    jobs = make_jobs(content, loaded, ROOT / "layouts")
    measure._SHARED.clear()
    unbounded = [compose_job(job)[0].digest() for job in jobs]
    largest = max(len(memo) for memo in measure._SHARED.values())
    monkeypatch.setattr(measure, "SHARED_LIMIT", 50)
    measure._SHARED.clear()
    sizes = []
    bounded = []
    for job in jobs:
        bounded.append(compose_job(job)[0].digest())
        sizes.append(max(len(memo) for memo in measure._SHARED.values()))
    measure._SHARED.clear()
    assert bounded == unbounded
    assert largest > 50 and max(sizes) < largest  # it was emptied at least once, and held less at its fullest


def test_qr_caches_are_bounded_and_answer_the_same() -> None:
    assert qr.QR_CACHE <= 256
    qr.encode_qr.cache_clear()
    qr.merge_rects.cache_clear()
    urls = [f"https://example.org/projekt-{n}" for n in range(qr.QR_CACHE + 40)]
    first = [qr.encode_qr(url).dark for url in urls]
    rects = [qr.encode_qr(url).rects() for url in urls]
    assert qr.encode_qr.cache_info().currsize == qr.QR_CACHE
    assert qr.merge_rects.cache_info().currsize == qr.QR_CACHE
    assert [qr.encode_qr(url).dark for url in urls] == first  # the oldest were encoded again, alike
    assert [qr.encode_qr(url).rects() for url in urls] == rects
