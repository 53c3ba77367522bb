"""Point 7: the request body suits today's models (output field, strict schema, temperature)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx2

from service.config import Settings
from service.engines.llm.wire import output_budget, strict_draft_schema
from service.llm.call import request_draft
from tests.llm.conftest import GOOD_DRAFT, FakeLLM, completion

Article = tuple[str, list[Any]]


def first_body(
    fake: FakeLLM, client: httpx2.AsyncClient, settings: Settings, article: Article, **kw: Any
) -> dict[str, Any]:
    as_content = settings.llm_mode != "tools"
    fake.script = [completion(GOOD_DRAFT, as_content=as_content, finish_reason="stop")]
    text, sentences = article
    asyncio.run(request_draft(sentences, text, settings=settings, http_client=client, **kw))
    return fake.bodies()[0]


def test_openai_endpoint_gets_max_completion_tokens_not_max_tokens(
    fake, http_client, settings, article
):
    settings = settings.model_copy(update={"llm_base_url": "https://api.openai.com/v1"})
    body = first_body(fake, http_client, settings, article)
    assert "max_tokens" not in body
    assert body["max_completion_tokens"] == output_budget(settings, 40)


def test_other_endpoints_get_max_tokens_unless_told(fake, http_client, settings, article):
    assert "max_tokens" in first_body(fake, http_client, settings, article)
    told = settings.model_copy(update={"llm_token_field": "max_completion_tokens"})
    fake.requests.clear()
    body = first_body(fake, http_client, told, article)
    assert "max_tokens" not in body and "max_completion_tokens" in body


def test_output_budget_grows_with_the_claim_cap_and_is_settable(settings):
    assert output_budget(settings, 40) > output_budget(settings, 10) > 1000
    assert output_budget(settings.model_copy(update={"llm_max_tokens": 900}), 40) == 900


def test_fewer_claims_asked_means_a_smaller_budget_on_the_wire(
    fake, http_client, settings, article
):
    body = first_body(fake, http_client, settings, article, max_claims=5)
    assert body["max_tokens"] == output_budget(settings, 5)
    assert "At most 5 claims" in body["messages"][0]["content"]


def test_json_schema_mode_is_strict(fake, http_client, settings, article):
    settings = settings.model_copy(update={"llm_mode": "json_schema"})
    body = first_body(fake, http_client, settings, article)
    spec = body["response_format"]["json_schema"]
    assert spec["strict"] is True
    claim = spec["schema"]["$defs"]["DraftClaim"]
    assert claim["additionalProperties"] is False
    assert set(claim["required"]) == set(claim["properties"])  # nullable, never optional
    assert "minLength" not in json.dumps(spec["schema"])


def test_strict_schema_keeps_the_claim_cap():
    assert strict_draft_schema()["properties"]["claims"]["maxItems"] == 40


def test_temperature_defaults_to_zero_and_can_be_left_out(
    fake, http_client, settings, article, monkeypatch
):
    assert first_body(fake, http_client, settings, article)["temperature"] == 0
    monkeypatch.setenv("FACTSHEET_LLM_TEMPERATURE", "none")
    unset = Settings(llm_base_url="http://llm.test/v1")
    assert unset.llm_temperature is None
    fake.requests.clear()
    assert "temperature" not in first_body(fake, http_client, unset, article)


def test_reasoning_models_get_no_temperature_unless_it_is_set(
    fake, http_client, settings, article, monkeypatch
):
    o_series = settings.model_copy(update={"llm_model": "o3-mini"})
    assert "temperature" not in first_body(fake, http_client, o_series, article)
    monkeypatch.setenv("FACTSHEET_LLM_TEMPERATURE", "0.2")
    told = Settings(llm_base_url="http://llm.test/v1", llm_model="o3-mini")
    fake.requests.clear()
    assert first_body(fake, http_client, told, article)["temperature"] == 0.2
