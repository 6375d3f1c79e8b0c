"""Any text in any text field either loads unchanged or gives a clear problem, never an exception."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diag import Problems, Span
from generator.model import PROJECT
from generator.fields import Report, INVALID
from generator.source import parse_text

FIELDS = ("title", "subtitle", "short_url")


def project_yaml(field: str, value: str) -> str:
    base = {"number": 1, "title": "Titel", "carriers": [{"name": "Stadt Leipzig"}], "url": "https://www.leipzig.de"}
    base[field] = value
    # JSON is YAML: double-quoted strings with escapes reach every code point.
    return json.dumps(base, ensure_ascii=True)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=st.text(max_size=400))
def test_text_loads_unchanged_or_gives_a_problem(field: str, value: str) -> None:
    report = Report()
    try:
        tree, problems = parse_text(project_yaml(field, value), "p.yaml")
    except Problems as caught:
        assert all(isinstance(d.where, (Span, str)) and d.message for d in caught.diagnostics)
        return
    report.extend(problems)
    project = PROJECT.decode(tree, "", report)
    if project is INVALID:
        assert report.problems and all(str(d).startswith("p.yaml:1:") for d in report.problems)
        return
    assert not report.problems
    loaded = getattr(project, field)
    assert loaded == value.strip() or loaded == __import__("unicodedata").normalize("NFC", value.strip())


@pytest.mark.parametrize("value", ["Jugendhilfe & Schule <b>", "„Zitat“ – § 4a", "Careleaver*innen", "x" * 160])
def test_plain_text_is_kept_literally(value: str) -> None:
    tree, _ = parse_text(project_yaml("title", value), "p.yaml")
    report = Report()
    assert PROJECT.decode(tree, "", report).title == value
