"""Points 1, 2 and 4 through produce(): what the model writes is checked, its status is
capped by the cues, and caps and truncation keep what is whole.

Every upstream reply is a hand-written fixture (tests/engines/llm/conftest.py), not a recording.
"""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

import httpx2
import pytest

from schemas.factsheet import FactSheet
from schemas.options import Options
from schemas.request import ArticleRequest
from service.config import Settings
from service.produce import Runtime, produce
from tests.support.mock_llm import completion

TEXT = (
    "The European Commission said on Monday that exports rose by 4 per cent last year.\n\n"
    "Jonas Oman said North Korean soldiers fought in Kursk.\n\n"
    "Reuters reported that talks would resume in Geneva next week."
)
CLAIMS: list[dict[str, Any]] = [
    {
        "statement": "Exports rose by 4 per cent last year.",
        "sentence_ids": ["s1"],
        "quote": "exports rose by 4 per cent last year",
        "claimant": "The European Commission",
        "cue": "said",
        "status": "attributed",
    },
    {
        "statement": "North Korean soldiers fought in Kursk.",
        "sentence_ids": ["s2"],
        "quote": "North Korean soldiers fought in Kursk",
        "claimant": "Jonas Oman",
        "cue": "said",
        "status": "attributed",
    },
]
SOURCES = [
    {"name": "European Commission", "type": "government", "role": None},
    {"name": "Jonas Oman", "type": "person", "role": None},
    {"name": "Reuters", "type": "media", "role": None},
]
SUMMARY = [
    {"text": "The European Commission says exports rose last year.", "support": ["s1"]},
    {"text": "Reuters reports that talks will resume in Geneva.", "support": ["s3"]},
]


def draft(**changes: Any) -> dict[str, Any]:
    out = {"claims": copy.deepcopy(CLAIMS), "sources": SOURCES, "summary": SUMMARY}
    out.update(changes)
    return out


@pytest.fixture
def runtime(http_client: httpx2.AsyncClient) -> Runtime:
    return Runtime(http=http_client, cache=None)


@pytest.fixture
def nocache(settings: Settings) -> Settings:
    return settings.model_copy(update={"cache": False})


def sheet_of(settings: Settings, runtime: Runtime, text: str = TEXT, **options: Any) -> FactSheet:
    request = ArticleRequest(text=text, options=Options(engine="llm", **options))
    return asyncio.run(produce(request, settings, runtime=runtime))


def test_invented_quotation_in_a_statement_is_replaced_and_warned(nocache, runtime, fake):
    claims = copy.deepcopy(CLAIMS)
    claims[1]["statement"] = 'Officials said "the enemy has surrendered" in Kursk.'
    fake.script = [completion(draft(claims=claims))]
    sheet = sheet_of(nocache, runtime)
    statement = sheet.claims[1].statement
    assert "surrendered" not in statement
    assert statement == "North Korean soldiers fought in Kursk."
    assert any("claim 2" in w and "the enemy has surrendered" in w for w in sheet.warnings)


def test_invented_person_in_a_summary_line_is_replaced_by_an_extractive_one(nocache, runtime, fake):
    summary = [
        {"text": "General Rex says exports rose last year.", "support": ["s1"]},
        SUMMARY[1],
    ]
    fake.script = [completion(draft(summary=summary))]
    sheet = sheet_of(nocache, runtime)
    texts = [line.text for line in sheet.summary]
    assert not any("Rex" in t for t in texts)
    assert len(texts) == 2
    assert any("'General Rex' is not named" in w for w in sheet.warnings)
    # The substitute is the article's own sentence.
    assert any(t in TEXT for t in texts)


def test_invented_quotation_in_a_summary_line_is_replaced(nocache, runtime, fake):
    summary = [{"text": 'Oman said "all were captured alive".', "support": ["s2"]}]
    fake.script = [completion(draft(summary=summary))]
    sheet = sheet_of(nocache, runtime)
    assert not any("captured" in line.text for line in sheet.summary)
    assert any("all were captured alive" in w for w in sheet.warnings)


def test_summary_stating_an_unverified_claim_as_fact_is_replaced(nocache, runtime, fake):
    text = "Jonas Oman said North Korean soldiers allegedly fought in Kursk."
    claims = [{**CLAIMS[1], "quote": "North Korean soldiers allegedly fought in Kursk"}]
    summary = [{"text": "North Korean soldiers fought in Kursk.", "support": ["s1"]}]
    fake.script = [completion(draft(claims=claims, sources=[SOURCES[1]], summary=summary))]
    sheet = sheet_of(nocache, runtime, text=text)
    assert sheet.claims[0].status == "unverified"
    assert [line.text for line in sheet.summary] != ["North Korean soldiers fought in Kursk."]
    assert any("states as fact" in w for w in sheet.warnings)


def test_summary_that_keeps_the_claimant_or_a_hedge_passes(nocache, runtime, fake):
    text = "Jonas Oman said North Korean soldiers allegedly fought in Kursk."
    claims = [{**CLAIMS[1], "quote": "North Korean soldiers allegedly fought in Kursk"}]
    summary = [
        {"text": "Jonas Oman says North Korean soldiers fought in Kursk.", "support": ["s1"]}
    ]
    fake.script = [completion(draft(claims=claims, sources=[SOURCES[1]], summary=summary))]
    sheet = sheet_of(nocache, runtime, text=text)
    assert [line.text for line in sheet.summary] == [summary[0]["text"]]
    assert sheet.warnings == []


def test_the_model_cannot_raise_a_single_source_claim_to_corroborated(nocache, runtime, fake):
    claims = copy.deepcopy(CLAIMS)
    claims[1]["status"] = "corroborated"
    fake.script = [completion(draft(claims=claims))]
    sheet = sheet_of(nocache, runtime)
    oman = sheet.claims[1]
    assert oman.status == "attributed"
    assert "single_source" in oman.reasons


def test_the_model_may_still_make_a_claim_more_cautious(nocache, runtime, fake):
    claims = copy.deepcopy(CLAIMS)
    claims[0]["status"] = "unverified"
    fake.script = [completion(draft(claims=claims))]
    sheet = sheet_of(nocache, runtime)
    assert sheet.claims[0].status == "unverified"
    assert "model_judgement" in sheet.claims[0].reasons


def test_eu_is_not_found_inside_reuters_so_the_claim_is_not_reattributed(nocache, runtime, fake):
    claims = copy.deepcopy(CLAIMS)
    claims.append(
        {
            "statement": "Talks would resume in Geneva.",
            "sentence_ids": ["s3"],
            "quote": "talks would resume in Geneva next week",
            "claimant": "EU",
            "cue": "reported",
            "status": "attributed",
        }
    )
    sources = [*SOURCES, {"name": "EU", "type": "government", "role": None}]
    fake.script = [completion(draft(claims=claims, sources=sources))] * 2
    sheet = sheet_of(nocache, runtime)
    assert all(c.claimant is None or c.claimant.text != "EU" for c in sheet.claims)
    assert "EU" not in [s.name for s in sheet.sources]
    # Re-asked once for the claim and the source; dropped and warned after that.
    assert fake.calls == 2
    assert any("'EU' not found" in w for w in sheet.warnings)


def test_45_claims_keep_the_cap_with_one_call_and_a_warning(nocache, runtime, fake):
    sentences = [f"Officials said that convoy {n} reached the port." for n in range(45)]
    text = "\n\n".join(sentences)
    claims = [
        {
            "statement": f"Convoy {n} reached the port.",
            "sentence_ids": [f"s{n + 1}"],
            "quote": f"convoy {n} reached the port",
            "claimant": "Officials",
            "cue": "said",
            "status": "attributed",
        }
        for n in range(45)
    ]
    data = {"claims": claims, "sources": [], "summary": []}
    fake.script = [completion(data)]
    sheet = sheet_of(nocache, runtime, text=text, max_claims=200)
    assert fake.calls == 1
    assert len(sheet.claims) == 40
    assert any("returned 45 claims; kept the first 40" in w for w in sheet.warnings)


def test_an_answer_that_spent_the_whole_budget_is_read_as_truncated_whatever_its_reason(
    nocache, runtime, fake
):
    # llama.cpp's server reports "tool_calls" for a tool call cut at max_tokens.
    whole = json.dumps(draft())
    cut = whole[: whole.index('"North Korean soldiers fought in Kursk"') + 10]
    settings = nocache.model_copy(update={"llm_max_tokens": 512})
    fake.script = [completion(cut, finish_reason="tool_calls", usage=(100, 512))]
    sheet = sheet_of(settings, runtime)
    assert fake.calls == 1
    assert [c.content.text for c in sheet.claims] == ["exports rose by 4 per cent last year"]
    assert any("cut at 512" in w and "left out 1" in w for w in sheet.warnings)


def test_truncated_mid_claim_keeps_the_complete_claims_and_warns(nocache, runtime, fake):
    whole = json.dumps(draft())
    cut = whole[: whole.index('"North Korean soldiers fought in Kursk"') + 10]
    fake.script = [completion(cut, finish_reason="length")]
    sheet = sheet_of(nocache, runtime)
    assert fake.calls == 1
    assert sheet.engine.name == "llm" and not sheet.engine.degraded
    assert [c.content.text for c in sheet.claims] == ["exports rose by 4 per cent last year"]
    assert any("cut at" in w and "left out 1" in w for w in sheet.warnings)
