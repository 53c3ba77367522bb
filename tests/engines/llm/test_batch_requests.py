"""Batch API request lines are the online request, and their answers read back like online ones.

Every answer here is a hand-written fixture (tests/engines/llm/conftest.py), not a recording.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import pytest

from schemas.options import Options
from service.config import Settings
from service.engines.llm.batch_requests import (
    Answer,
    article_answer,
    custom_id,
    plan_article,
    read_answers,
)
from service.engines.llm.call import request_draft
from service.errors import UpstreamError
from service.pipeline.prepare import Prepared, prepare
from tests.support.mock_llm import ARTICLE, GOOD_DRAFT, FakeLLM, completion, make_article


@pytest.fixture
def prepared() -> Prepared:
    text, _ = make_article(ARTICLE)
    return prepare(text, kind="text", title="Kursk", max_chars=100_000)


def _online_body(
    prepared: Prepared, settings: Settings, fake: FakeLLM, http_client: Any
) -> dict[str, Any]:
    # Only the first request matters here: the answer may not suit the mode, so a re-ask
    # and its failure are expected and ignored.
    fake.script = [completion(GOOD_DRAFT), completion(GOOD_DRAFT)]
    with contextlib.suppress(UpstreamError):
        asyncio.run(
            request_draft(
                prepared.sentences,
                prepared.ingested.text,
                settings=settings,
                title=prepared.ingested.title,
                http_client=http_client,
            )
        )
    return fake.bodies()[0]


@pytest.mark.parametrize("mode", ["tools", "json_schema", "md_json"])
def test_batch_request_body_is_byte_for_byte_the_body_the_online_path_sends(
    mode: str, prepared: Prepared, settings: Settings, fake: FakeLLM, http_client: Any
) -> None:
    settings = settings.model_copy(update={"llm_mode": mode})
    online = _online_body(prepared, settings, fake, http_client)

    plan = plan_article("a-1", prepared, Options(), settings)

    assert len(plan.lines) == 1
    line = json.loads(plan.lines[0])
    assert line["custom_id"] == "a-1#0"
    assert (line["method"], line["url"]) == ("POST", "/v1/chat/completions")
    assert line["body"] == online


def test_a_long_article_becomes_one_request_per_chunk_with_the_split_warning(
    prepared: Prepared, settings: Settings
) -> None:
    settings = settings.model_copy(update={"llm_context_tokens": 256})
    long_text = "\n\n".join(f"Mayor number {n} said the bridge {n} is closed." for n in range(80))
    article = prepare(long_text, kind="text", max_chars=100_000)

    plan = plan_article("x#y", article, Options(), settings)

    assert len(plan.lines) == len(plan.chunks) > 1
    ids = [json.loads(line)["custom_id"] for line in plan.lines]
    assert ids == [custom_id("x#y", n) for n in range(len(plan.lines))]
    assert plan.warnings == [
        f"article split into {len(plan.chunks)} parts to fit the model's context"
    ]


def _body(draft: dict[str, Any] | str, usage: tuple[int, int] = (1000, 200)) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(completion(draft, usage=usage).content)
    return body


def test_a_good_answer_becomes_a_result_priced_at_the_batch_discount(
    prepared: Prepared, settings: Settings
) -> None:
    plan = plan_article("a", prepared, Options(), settings)
    answers = {"a#0": Answer(_body(GOOD_DRAFT))}

    got = article_answer("a", plan, prepared.ingested.text, answers, settings)

    assert got.error is None and got.result is not None
    assert got.result.draft.claims[0].claimant == "Jonas Oman"
    assert (got.usage.llm_calls, got.usage.prompt_tokens, got.usage.completion_tokens) == (
        1,
        1000,
        200,
    )
    online_cost = (1000 * 0.15 + 200 * 0.60) / 1e6
    assert got.result.usage.cost_usd == pytest.approx(online_cost * settings.llm_batch_price_factor)


def test_an_ungrounded_answer_is_kept_leniently_like_the_last_online_answer(
    prepared: Prepared, settings: Settings
) -> None:
    invented = json.loads(json.dumps(GOOD_DRAFT))
    invented["claims"][0]["quote"] = "the enemy has surrendered"
    plan = plan_article("a", prepared, Options(), settings)

    got = article_answer(
        "a", plan, prepared.ingested.text, {"a#0": Answer(_body(invented))}, settings
    )

    # Not failed: grounding drops the invented quote later and warns, as online after re-asks.
    assert got.result is not None
    assert got.result.draft.claims[0].quote == "the enemy has surrendered"


def test_invalid_json_fails_the_article_but_its_tokens_are_still_counted(
    prepared: Prepared, settings: Settings
) -> None:
    plan = plan_article("a", prepared, Options(), settings)

    got = article_answer(
        "a", plan, prepared.ingested.text, {"a#0": Answer(_body("{oops"))}, settings
    )

    assert got.result is None
    assert got.error is not None and got.error.startswith("part 1: invalid answer")
    assert (got.usage.llm_calls, got.usage.prompt_tokens) == (1, 1000)


def test_a_missing_or_failed_request_fails_the_article_with_its_reason(
    prepared: Prepared, settings: Settings
) -> None:
    plan = plan_article("a", prepared, Options(), settings)
    text = prepared.ingested.text

    missing = article_answer("a", plan, text, {}, settings)
    failed = article_answer("a", plan, text, {"a#0": Answer(None, "HTTP 500: boom")}, settings)

    assert missing.error == "part 1: no answer in the batch output"
    assert failed.error == "part 1: HTTP 500: boom"
    assert missing.usage.llm_calls == failed.usage.llm_calls == 0


def test_output_and_error_files_are_read_into_answers_by_request_id() -> None:
    ok = {"custom_id": "a#0", "response": {"status_code": 200, "body": {"id": "c1"}}, "error": None}
    server = {
        "custom_id": "b#0",
        "response": {"status_code": 500, "body": {"error": {"message": "overloaded"}}},
        "error": None,
    }
    expired = {
        "custom_id": "c#0",
        "response": None,
        "error": {"code": "batch_expired", "message": "not run in time"},
    }
    output = (json.dumps(ok) + "\n").encode()
    errors = "\n".join(json.dumps(x) for x in (server, expired)).encode()

    answers = read_answers(output, errors)

    assert answers["a#0"] == Answer({"id": "c1"})
    assert answers["b#0"] == Answer(None, "HTTP 500: overloaded")
    assert answers["c#0"] == Answer(None, "not run: not run in time")
