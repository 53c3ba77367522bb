"""Tier 3: articles through POST /v1/factsheets against recorded real-server exchanges.

The cassettes were recorded from a real OpenAI-compatible server (docs/recording.md).
They pin the wire format: the request our client sends (model, max_tokens, the Draft
tool, the article inside <article> delimiters) and the response shape it must parse
(tool call, finish_reason, usage). They say nothing about the quality of the model.

When replaying, the endpoint (base URL, model name, max_tokens) is read back from the
cassette, so a cassette recorded against any endpoint replays as it was recorded; all
the rest of each request body is built by our code and must match the recording.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DUMMY_KEY = "sk-test-not-a-real-key"
ARTICLES = {
    "kursk-north-korean-troops": "North Korean troops in Kursk",
    "dockers-strike-short": "Rivermouth dockers strike",
}

# No socket may open while replaying, whatever flags pytest got: "(?!)" matches no
# host, so a suite-wide --allowed-hosts=127.0.0.1 cannot reopen the local model
# server. Recording (--record-mode other than "none") lifts the block.
pytestmark = pytest.mark.block_network(allowed_hosts=["(?!)"])


@dataclass(frozen=True)
class Endpoint:
    """What a recording was made against: everything in the body our code does not choose."""

    base_url: str
    model: str
    api_key: str
    max_tokens: int
    timeout_s: float


def recording_endpoint() -> Endpoint:
    """The endpoint to record against, from FACTSHEET_RECORD_* (defaults: the local server)."""
    env = os.environ.get
    return Endpoint(
        base_url=env("FACTSHEET_RECORD_BASE_URL", "http://127.0.0.1:8089/v1"),
        model=env("FACTSHEET_RECORD_MODEL", "gemma-3-270m-q4_k_m"),
        api_key=env("FACTSHEET_RECORD_API_KEY") or DUMMY_KEY,
        max_tokens=int(env("FACTSHEET_RECORD_MAX_TOKENS", "512")),
        timeout_s=float(env("FACTSHEET_RECORD_TIMEOUT_S", "300")),
    )


# Read at import: tests/conftest.py clears every FACTSHEET_* variable before each test.
RECORDING = recording_endpoint()


def recorded_endpoint(cassette: Any) -> Endpoint:
    """The endpoint a cassette was recorded against, read from its first request."""
    if not cassette.requests:
        pytest.fail(f"no recorded interactions in {cassette.path}: run `make record`")
    first = cassette.requests[0]
    body = json.loads(first.body)
    return Endpoint(
        base_url=first.uri.removesuffix("/chat/completions"),
        model=body["model"],
        api_key=DUMMY_KEY,
        max_tokens=body.get("max_tokens") or body["max_completion_tokens"],
        timeout_s=30.0,
    )


@pytest.fixture
def endpoint(vcr: Any, record_mode: str) -> Endpoint:
    return RECORDING if record_mode != "none" else recorded_endpoint(vcr)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty working directory for the test, which must still be empty afterwards."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    yield cwd
    assert not list(cwd.iterdir()), "the cassette test wrote into its working directory"


@pytest.fixture
def client(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, workdir: Path
) -> Iterator[TestClient]:
    """The app on settings that reach the endpoint; nothing read from the caller's shell."""
    for name in list(os.environ):
        if name.startswith("FACTSHEET_") or name == "OPENAI_API_KEY":
            monkeypatch.delenv(name)
    monkeypatch.setenv("FACTSHEET_LLM_API_KEY", endpoint.api_key)
    settings = Settings(
        # The embedded job store and the cache live in the test's temporary directory.
        data_dir=tmp_path / "data",
        llm_base_url=endpoint.base_url,
        llm_model=endpoint.model,
        llm_mode="tools",
        llm_max_tokens=endpoint.max_tokens,
        llm_timeout_s=endpoint.timeout_s,
        llm_reasks=1,
        # One HTTP request per completion, so a recording holds no retried duplicates.
        llm_http_retries=0,
        # A replay mismatch must fail the test, not hide behind the extractive engine.
        fallback=False,
        cache=False,
        deadline_s=3000,
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def spans(node: Any) -> Iterator[dict[str, Any]]:
    """Every {text, start, end} object anywhere in a fact sheet."""
    if isinstance(node, dict):
        if {"text", "start", "end"} <= node.keys():
            yield node
        for value in node.values():
            yield from spans(value)
    elif isinstance(node, list):
        for value in node:
            yield from spans(value)


def delimited_article(body: dict[str, Any]) -> str:
    """The text between <article> and </article> in the user message of a request body."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    match = re.search(r"<article>\n(.*)\n</article>", user, re.DOTALL)
    assert match, "the user message does not delimit the article in <article> tags"
    return match.group(1)


@pytest.mark.vcr
@pytest.mark.parametrize(
    "name",
    [pytest.param(name, marks=pytest.mark.default_cassette(name), id=name) for name in ARTICLES],
)
def test_article_through_rest_route_matches_recorded_llm_exchange(
    name: str, client: TestClient, endpoint: Endpoint, vcr: Any
) -> None:
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    payload = {"text": text, "title": ARTICLES[name], "options": {"engine": "llm"}}

    response = client.post("/v1/factsheets", json=payload)

    # In replay, a 503 most often means a request matched no recorded interaction.
    assert response.status_code == 200, f"{response.text} (re-record? docs/recording.md)"
    sheet = response.json()
    assert sheet["engine"]["name"] == "llm"
    assert sheet["engine"]["degraded"] is False
    assert sheet["engine"]["model"] == endpoint.model

    # Usage is what the wire says: one call per recorded interaction, tokens summed.
    requests = [json.loads(r.body) for r in vcr.requests]
    responses = [json.loads(r["body"]["string"]) for r in vcr.responses]
    assert len(requests) >= 1
    assert sheet["usage"]["llm_calls"] == len(requests)
    assert sheet["usage"]["prompt_tokens"] == sum(r["usage"]["prompt_tokens"] for r in responses)
    assert sheet["usage"]["completion_tokens"] == sum(
        r["usage"]["completion_tokens"] for r in responses
    )
    assert sheet["usage"]["cache_hit"] is False

    # Whatever the model said, every span in the sheet is the article's own characters.
    article = sheet["article"]["text"]
    found = list(spans(sheet))
    assert found
    for span in found:
        assert article[span["start"] : span["end"]] == span["text"], span

    # Every request is bounded, asks for the Draft tool, and carries the article as data:
    # one labelled line per sentence of the (debris-stripped) article, inside the tags.
    # A re-ask resends the prompt and adds one short user message naming what to fix.
    for body in requests[1:]:
        assert body["messages"][:2] == requests[0]["messages"][:2]
        reask = body["messages"][-1]
        assert reask["role"] == "user"
        assert reask["content"].startswith(("These items of your answer", "Your answer could not"))

    flat_article = " ".join(article.split())
    for body in requests:
        assert body["model"] == endpoint.model
        assert (body.get("max_tokens") or body["max_completion_tokens"]) == endpoint.max_tokens
        # What the model reads is ours: no library's error text or documentation URL.
        for message in body["messages"]:
            assert "pydantic" not in message["content"], message["content"][:300]
            assert "https://" not in message["content"], message["content"][:300]
        assert [tool["function"]["name"] for tool in body["tools"]] == ["Draft"]
        labelled = delimited_article(body).splitlines()
        assert labelled
        for line in labelled:
            label, sentence = line.split(" ", 1)
            assert re.fullmatch(r"\[s\d+\]", label), line
            assert sentence in flat_article, line
