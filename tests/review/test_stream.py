"""Progressive results as server-sent events, with the fake LLM server on loopback.

The LLM answers come from tests/support/fake_llm.py: hand-written fixtures in the shape of the
Chat Completions API (a grounded Draft), not recordings of a real server.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.review.conftest import SEED, csrf_of
from tests.support.fake_llm import FakeLLM
from tests.support.servers import serve

Make = Callable[..., TestClient]
ARTICLE = "Jonas Oman said the bridge fell. The mayor said repairs would take a year."


def events(body: str) -> list[tuple[str, dict[str, Any]]]:
    """Parse an SSE body into (event, JSON data) pairs; comments are skipped."""
    out = []
    for block in body.strip().split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith(":")]
        if not lines:
            continue
        name = next(line[7:] for line in lines if line.startswith("event: "))
        data = "".join(line[6:] for line in lines if line.startswith("data: "))
        out.append((name, json.loads(data)))
    return out


@pytest.fixture(scope="module")
def fake_llm() -> Iterator[tuple[FakeLLM, str]]:
    fake = FakeLLM()
    with serve(fake.asgi()) as base:
        yield fake, f"{base}/v1"


def llm_settings(base_url: str, **more: Any) -> dict[str, Any]:
    return {
        "llm_base_url": base_url,
        "llm_model": "fake-model",  # auto chooses the LLM only when a model is named
        "cache": False,
        "llm_http_retries": 0,
        "llm_reasks": 0,
        **more,
    }


def test_with_the_llm_the_extractive_sheet_comes_first_and_the_llm_sheet_last(
    make_client: Make, fake_llm: tuple[FakeLLM, str]
) -> None:
    client = make_client(**llm_settings(fake_llm[1]))

    response = client.post("/v1/factsheets/stream", json={"text": ARTICLE})
    got = events(response.text)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert [name for name, _ in got] == ["sheet", "final"]
    assert got[0][1]["engine"]["name"] == "extractive"
    assert got[1][1]["engine"]["name"] == "llm"
    assert got[1][1]["claims"], "the fake LLM's draft is grounded into a claim"


def test_the_extractive_engine_sends_only_the_final_sheet(make_client: Make) -> None:
    client = make_client()

    got = events(client.post("/v1/factsheets/stream", json={"text": ARTICLE}).text)

    assert [name for name, _ in got] == ["final"]
    assert got[0][1]["engine"]["name"] == "extractive"


def test_an_llm_failure_after_the_first_event_ends_with_a_problem_event(
    make_client: Make,
) -> None:
    failing = FakeLLM(failure_rate=1.0)
    with serve(failing.asgi()) as base:
        client = make_client(**llm_settings(f"{base}/v1", fallback=False))
        got = events(client.post("/v1/factsheets/stream", json={"text": ARTICLE}).text)

    assert [name for name, _ in got] == ["sheet", "problem"]
    assert got[1][1]["status"] == 503
    assert got[1][1]["type"] == "urn:factsheet:problem:upstream-unavailable"
    assert failing.calls >= 1


def test_an_unusable_article_is_an_http_problem_before_any_event(make_client: Make) -> None:
    client = make_client()

    response = client.post("/v1/factsheets/stream", json={"text": "   "})

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_the_stream_needs_an_api_key_when_keys_are_set(make_client: Make) -> None:
    client = make_client(api_keys="k" * 20)

    refused = client.post("/v1/factsheets/stream", json={"text": ARTICLE})
    allowed = client.post(
        "/v1/factsheets/stream", json={"text": ARTICLE}, headers={"X-API-Key": "k" * 20}
    )

    assert refused.status_code == 401
    assert allowed.status_code == 200


def test_the_review_stream_keeps_the_provisional_and_the_final_sheet(
    make_client: Make, fake_llm: tuple[FakeLLM, str]
) -> None:
    client = make_client(**llm_settings(fake_llm[1]))
    data = {"article": SEED.read_text(encoding="utf-8"), "engine": "llm", "csrf": csrf_of(client)}

    got = events(client.post("/review/stream", data=data).text)
    provisional = client.get(f"/review/{got[0][1]['id']}/fragment?provisional=true")
    final = client.get(f"/review/{got[-1][1]['id']}")

    assert [name for name, _ in got] == ["sheet", "final"]
    assert 'data-provisional="true"' in provisional.text
    assert "extractive (provisional)" in provisional.text
    assert final.status_code == 200 and "<dd>llm</dd>" in final.text


def test_the_openapi_documents_the_event_stream(make_client: Make) -> None:
    document = make_client().get("/openapi.json").json()

    operation = document["paths"]["/v1/factsheets/stream"]["post"]
    ok = operation["responses"]["200"]

    assert "text/event-stream" in ok["content"]
    assert "event: final" in ok["description"] or "`event: final`" in ok["description"]
    assert {"401", "413", "422", "429"} <= set(operation["responses"])
    assert not any(path.startswith("/review") for path in document["paths"])
