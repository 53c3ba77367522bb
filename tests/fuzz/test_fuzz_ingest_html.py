"""Fuzz ingest with HTML (pipeline/test_ingest.py fuzzes text): only InputErrors, exact spans.

Generated pages nest block, inline and hidden elements (script, style, template, ...),
hidden attributes, comments, broken tags, odd entities and hostile tokens.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.options import Options
from service.errors import InputError
from service.pipeline.ingest import ingest
from service.pipeline.segment import segment
from service.pipeline.types import Ingested
from service.produce import extractive_sheet, prepare
from tests.fuzz.strategies import HTML
from tests.support.grounding import assert_consistent, assert_grounded

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _check(doc: Ingested) -> None:
    assert_consistent(doc)
    assert doc.text.strip()
    for s in segment(doc.text, list(doc.regions)):
        assert doc.text[s.start : s.end] == s.text


@FUZZ
@given(HTML, st.sampled_from(["html", "auto"]), st.booleans())
def test_html_ingest_raises_only_input_errors_and_keeps_offsets_exact(
    html: str, kind: str, as_bytes: bool
) -> None:
    raw: str | bytes = html.encode("utf-8") if as_bytes else html
    try:
        doc = ingest(raw, kind=kind, max_chars=1_000_000)  # type: ignore[arg-type]
    except InputError:
        return
    _check(doc)


@FUZZ
@given(HTML, st.one_of(st.none(), st.text(max_size=40)))
def test_every_span_of_a_sheet_from_generated_html_round_trips(
    html: str, title: str | None
) -> None:
    try:
        prepared = prepare(html, kind="html", title=title, max_chars=1_000_000)
    except InputError:
        return
    assert_grounded(extractive_sheet(prepared, Options()))
