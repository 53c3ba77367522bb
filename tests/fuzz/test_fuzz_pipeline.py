"""Fuzz the whole pipeline, `produce`, with generated articles and whatever the model says.

The fake model answers each call with a generated Draft (grounded or not), broken JSON,
or an HTTP 500. Whatever happens, `produce` returns a sheet or raises an InputError; the
sheet is grounded (guarantee 1) and honest (guarantee 2).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx2
import openai._base_client
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from schemas.factsheet import FactSheet
from schemas.options import Options
from schemas.request import ArticleRequest
from service.config import Settings
from service.errors import InputError
from service.pipeline.prepare import Prepared, prepare
from service.produce import Runtime, produce
from tests.fuzz.strategies import HTML, TEXT, drafts
from tests.support.fake_llm import completion_body
from tests.support.grounding import assert_grounded

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# An endpoint of its own, so no other test's circuit breaker state reaches this one, and a
# breaker that never opens: this test sends failures on purpose, one example after another.
SETTINGS = Settings(
    llm_base_url="http://fuzz-pipeline-llm.test/v1",
    breaker_failures=1000,
    llm_model="gpt-4o-mini",
    llm_reasks=1,
    llm_http_retries=0,
    cache=False,
    fallback=True,
)


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openai._base_client, "INITIAL_RETRY_DELAY", 0.0)


def _replies(data: st.DataObject, prepared: Prepared | None) -> list[httpx2.Response]:
    """Up to two answers (a call and its re-ask): drafts, broken JSON or a 500."""
    kinds = ["draft"] * 6 + ["broken", "error"] if prepared else ["broken", "error"]
    replies = []
    for _ in range(2):
        kind = data.draw(st.sampled_from(kinds))
        if kind == "draft" and prepared is not None:
            draft = data.draw(drafts(prepared)).model_dump()
            replies.append(httpx2.Response(200, json=completion_body(draft)))
        elif kind == "broken":
            body = completion_body({})
            body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] = '{"claims": ['
            replies.append(httpx2.Response(200, json=body))
        else:
            replies.append(httpx2.Response(500, json={"error": {"message": "fake"}}))
    return replies


def _run(request: ArticleRequest, replies: list[httpx2.Response]) -> FactSheet:
    script = list(replies)

    def handler(_: httpx2.Request) -> httpx2.Response:
        return script.pop(0) if script else httpx2.Response(500, json={})

    async def go() -> FactSheet:
        async with httpx2.AsyncClient(transport=httpx2.MockTransport(handler)) as http:
            return await produce(request, SETTINGS, runtime=Runtime(http=http))

    return asyncio.run(go())


def _assert_honest(sheet: FactSheet, prepared: Prepared) -> None:
    for claim in sheet.claims:
        if claim.status == "corroborated":
            for evidence in claim.evidence:
                found = prepared.signals[evidence.sentence_id]
                assert not (
                    found.hedges or found.speculation or found.anonymous or found.no_confirmation
                ), (claim.id, evidence.text)


@FUZZ
@given(
    st.one_of(TEXT.map(lambda t: ("text", t)), HTML.map(lambda h: ("html", h))),
    st.sampled_from(["auto", "llm", "extractive"]),
    st.integers(1, 10),
    st.integers(1, 200),
    st.data(),
)
def test_produce_returns_a_grounded_honest_sheet_or_an_input_error(
    article: tuple[str, str],
    engine: Any,
    summary_sentences: int,
    max_claims: int,
    data: st.DataObject,
) -> None:
    kind, raw = article
    options = Options(engine=engine, summary_sentences=summary_sentences, max_claims=max_claims)
    request = ArticleRequest(**{kind: raw}, options=options)
    try:
        prepared: Prepared | None = prepare(raw, kind=kind, max_chars=SETTINGS.max_chars)  # type: ignore[arg-type]
    except InputError:
        prepared = None
    replies = _replies(data, prepared if prepared and prepared.sentences else None)
    try:
        sheet = _run(request, replies)
    except InputError:
        assert prepared is None, "produce refused what prepare accepted"
        event("input error")
        return
    assert prepared is not None
    event(f"engine {sheet.engine.name}{', degraded' if sheet.engine.degraded else ''}")
    assert_grounded(sheet)
    _assert_honest(sheet, prepared)
    assert len(sheet.claims) <= max_claims
    assert json.loads(sheet.model_dump_json())["schema_version"] == "1"
