"""Points 4 and 6: the per-article call budget holds under faults, and usage is honest.

Every upstream reply is a hand-written fixture (tests/llm/conftest.py), not a recording.
"""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

import httpx2
import pytest

from schemas.options import Options
from schemas.request import ArticleRequest
from service.config import Settings
from service.errors import UpstreamError
from service.llm.call import LLMResult, request_draft
from service.pipeline.produce import Runtime, produce
from tests.llm.conftest import ARTICLE, GOOD_DRAFT, completion, error, make_article

Article = tuple[str, list[Any]]


def draft_of(article: Article, settings: Settings, client: httpx2.AsyncClient) -> LLMResult:
    text, sentences = article
    return asyncio.run(request_draft(sentences, text, settings=settings, http_client=client))


def long_article() -> Article:
    paragraphs = [
        [f"Paragraph {n} says that Jonas Oman met officials in Vilnius."] for n in range(6)
    ]
    paragraphs[0] = ARTICLE[0]
    return make_article(paragraphs)


def test_chunks_retries_and_reasks_together_never_exceed_max_calls(fake, http_client, settings):
    settings = settings.model_copy(
        update={"llm_context_tokens": 60, "llm_max_calls": 4, "llm_http_retries": 3}
    )
    fake.script = [error(500)] * 20
    with pytest.raises(UpstreamError):
        draft_of(long_article(), settings, http_client)
    assert fake.calls <= 4


def test_an_article_needing_more_chunks_than_max_calls_costs_nothing(fake, http_client, settings):
    settings = settings.model_copy(update={"llm_context_tokens": 60, "llm_max_calls": 2})
    with pytest.raises(UpstreamError, match="FACTSHEET_LLM_MAX_CALLS=2"):
        draft_of(long_article(), settings, http_client)
    assert fake.calls == 0


def test_reasks_are_skipped_when_the_budget_is_spent(fake, http_client, settings, article):
    settings = settings.model_copy(update={"llm_max_calls": 1, "llm_reasks": 2})
    bad = copy.deepcopy(GOOD_DRAFT)
    bad["claims"][0]["quote"] = "North Korea invaded Kursk"
    fake.script = [completion(bad)]
    result = draft_of(article, settings, http_client)
    assert fake.calls == 1 and result.usage.reasks == 0


def test_reasks_and_http_retries_are_reported_apart(fake, http_client, settings, article):
    bad = copy.deepcopy(GOOD_DRAFT)
    bad["claims"][0]["quote"] = "North Korea invaded Kursk"
    fixed = {"claims": GOOD_DRAFT["claims"], "sources": [], "summary": []}
    fake.script = [error(500), completion(bad), completion(fixed)]
    result = draft_of(article, settings, http_client)
    assert (result.usage.llm_calls, result.usage.reasks, result.usage.http_retries) == (3, 1, 1)


def with_cache(response: httpx2.Response, cached: int) -> httpx2.Response:
    body = json.loads(response.content)
    body["usage"]["prompt_tokens_details"] = {"cached_tokens": cached}
    return httpx2.Response(200, json=body)


def test_cached_prompt_tokens_are_read_and_priced(fake, http_client, settings, article):
    fake.script = [with_cache(completion(GOOD_DRAFT, usage=(1000, 200)), 800)]
    result = draft_of(article, settings, http_client)
    assert result.usage.cached_prompt_tokens == 800
    # gpt-4o-mini: 0.15 per 1M prompt tokens, 0.075 cached, 0.60 completion.
    expected = (200 * 0.15 + 800 * 0.075 + 200 * 0.60) / 1e6
    assert result.usage.cost_usd == pytest.approx(expected)


def test_price_table_is_settable(fake, http_client, settings, article, monkeypatch):
    monkeypatch.setenv("FACTSHEET_LLM_PRICES", '{"my-model": {"prompt": 1, "completion": 2}}')
    priced = Settings(llm_base_url="http://llm.test/v1", llm_model="my-model")
    fake.script = [completion(GOOD_DRAFT, usage=(1000, 100))]
    assert draft_of(article, priced, http_client).usage.cost_usd == pytest.approx(1200 / 1e6)


def produce_text(settings: Settings, client: httpx2.AsyncClient) -> Any:
    request = ArticleRequest(text=make_article(ARTICLE)[0], options=Options(engine="llm"))
    return asyncio.run(produce(request, settings, runtime=Runtime(http=client, cache=None)))


def test_a_fallback_after_paid_calls_reports_their_tokens(fake, http_client, settings):
    settings = settings.model_copy(update={"cache": False})
    fake.script = [completion("not json", usage=(100, 50)), completion("still", usage=(100, 50))]
    sheet = produce_text(settings, http_client)
    assert sheet.engine.degraded
    assert (sheet.usage.llm_calls, sheet.usage.prompt_tokens) == (2, 200)
    assert sheet.usage.completion_tokens == 100
    assert sheet.usage.cost_usd == pytest.approx((200 * 0.15 + 100 * 0.60) / 1e6)


def test_a_timeout_reports_the_calls_it_made(fake, settings):
    settings = settings.model_copy(update={"cache": False, "deadline_s": 0.6})

    async def slow(request: httpx2.Request) -> httpx2.Response:
        fake.requests.append(request)
        await asyncio.sleep(5)
        return completion(GOOD_DRAFT)

    client = httpx2.AsyncClient(transport=httpx2.MockTransport(slow))
    sheet = produce_text(settings, client)
    assert sheet.engine.degraded
    assert "UpstreamTimeout" in sheet.warnings[0]
    assert sheet.usage.llm_calls == 1
