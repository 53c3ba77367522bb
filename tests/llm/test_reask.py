"""Point 5: near misses are forgiven locally; a re-ask names only what still fails, briefly."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import httpx2
import pytest

from service.config import Settings
from service.errors import UpstreamBadOutput
from service.llm.call import LLMResult, request_draft
from service.llm.ground import ground_draft
from service.observability import metrics
from tests.llm.conftest import GOOD_DRAFT, completion

Article = tuple[str, list[Any]]

SECOND_CLAIM = {
    "statement": "The ministry has not confirmed it.",
    "sentence_ids": ["s2"],
    "quote": "no official confirmation",
    "claimant": None,
    "cue": None,
    "status": "unverified",
}


def draft_of(article: Article, settings: Settings, client: httpx2.AsyncClient) -> LLMResult:
    text, sentences = article
    return asyncio.run(request_draft(sentences, text, settings=settings, http_client=client))


def two_claims(**second: Any) -> dict[str, Any]:
    draft = copy.deepcopy(GOOD_DRAFT)
    draft["claims"].append({**SECOND_CLAIM, **second})
    return draft


def reask_of(body: dict[str, Any]) -> str:
    return str(body["messages"][-1]["content"])


def test_reask_names_only_the_failing_item_without_library_text(
    fake, http_client, settings, article
):
    fixed = {"claims": [SECOND_CLAIM], "sources": [], "summary": []}
    fake.script = [completion(two_claims(quote="the enemy has surrendered")), completion(fixed)]
    result = draft_of(article, settings, http_client)
    assert fake.calls == 2
    second = fake.bodies()[1]
    reask = reask_of(second)
    assert "claim 2" in reask and "the enemy has surrendered" in reask
    assert "claim 1" not in reask and "North Korean soldiers" not in reask
    assert "http" not in reask and "pydantic" not in reask.lower()
    assert len(reask) < 600
    # The first answer is not resent: system, user, then the re-ask.
    assert [m["role"] for m in second["messages"]] == ["system", "user", "user"]
    assert [c.quote for c in result.draft.claims] == [
        GOOD_DRAFT["claims"][0]["quote"],
        "no official confirmation",
    ]
    assert result.usage.reasks == 1 and result.usage.http_retries == 0


def test_unreadable_answer_reask_is_short_and_free_of_library_urls(
    fake, http_client, settings, article
):
    fake.script = [completion('{"claims": [{"statement": '), completion(GOOD_DRAFT)]
    result = draft_of(article, settings, http_client)
    reask = reask_of(fake.bodies()[1])
    assert "http" not in reask and len(reask) < 300
    assert "whole Draft" in reask
    assert len(result.draft.claims) == 1


def test_a_shape_error_is_reported_by_field_without_input_values(
    fake, http_client, settings, article
):
    fixed = {"claims": [SECOND_CLAIM], "sources": [], "summary": []}
    fake.script = [completion(two_claims(status="certain")), completion(fixed)]
    draft_of(article, settings, http_client)
    reask = reask_of(fake.bodies()[1])
    assert "status" in reask and "input_value" not in reask and "http" not in reask


def test_quote_cited_with_the_neighbouring_sentence_id_is_fixed_without_reask(
    fake, http_client, settings, article
):
    fake.script = [completion(two_claims(sentence_ids=["s1"]))]
    result = draft_of(article, settings, http_client)
    assert fake.calls == 1
    assert result.draft.claims[1].sentence_ids == ["s2"]


def test_unreadable_answers_within_the_reasks_fail_with_the_answer_count(
    fake, http_client, settings, article
):
    fake.script = [completion("nope"), completion("still nope")]
    with pytest.raises(UpstreamBadOutput, match=r"after 2 answer\(s\)") as caught:
        draft_of(article, settings, http_client)
    assert "http" not in str(caught.value)


def test_a_model_that_answers_the_whole_draft_again_is_not_doubled(
    fake, http_client, settings, article
):
    answer = two_claims(quote="the enemy has surrendered")
    fake.script = [completion(answer), completion(answer)]
    result = draft_of(article, settings, http_client)
    assert fake.calls == 2
    quotes = [c.quote for c in result.draft.claims]
    assert quotes.count(GOOD_DRAFT["claims"][0]["quote"]) == 1
    assert [s.name for s in result.draft.sources] == ["Jonas Oman"]


def test_items_the_reask_does_not_bring_back_are_warned(fake, http_client, settings, article):
    empty = {"claims": [], "sources": [], "summary": []}
    fake.script = [completion(two_claims(quote="the enemy has surrendered")), completion(empty)]
    result = draft_of(article, settings, http_client)
    assert len(result.draft.claims) == 1
    assert any("re-asked 1 item(s) (claim 2); 0 came back" in w for w in result.warnings)


def test_reasks_forgiven_near_misses_and_dropped_items_are_counted_in_metrics(
    fake, http_client, settings, article
):
    sink = metrics.Metrics()
    metrics.attach(sink)
    try:
        neighbour = {**SECOND_CLAIM, "sentence_ids": ["s1"]}  # forgiven: quote is in s2
        invented = {**SECOND_CLAIM, "quote": "the enemy has surrendered"}
        answer = copy.deepcopy(GOOD_DRAFT)
        answer["claims"] += [neighbour, invented]
        fake.script = [completion(answer), completion(answer)]
        result = draft_of(article, settings, http_client)
        ground_draft(result.draft, article[1], article[0])
    finally:
        metrics.detach(sink)
    value = sink.registry.get_sample_value
    assert value("factsheet_llm_reasks_total", {"cause": "items"}) == 1
    assert value("factsheet_llm_forgiven_total") == 2  # once per answer
    assert value("factsheet_llm_dropped_total", {"kind": "claim"}) == 1


def test_an_unreadable_reask_answer_keeps_the_first_answers_usable_items(
    fake, http_client, settings, article
):
    fake.script = [completion(two_claims(quote="the enemy has surrendered")), completion("{oops")]
    result = draft_of(article, settings, http_client)
    assert fake.calls == 2
    assert [c.quote for c in result.draft.claims] == [GOOD_DRAFT["claims"][0]["quote"]]
    assert any("re-ask's answer could not be read" in w for w in result.warnings)
