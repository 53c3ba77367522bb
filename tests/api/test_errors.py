"""Every error status the route can return, each as application/problem+json."""

from __future__ import annotations

import pytest

from service.errors import (
    GroundingError,
    UpstreamBadOutput,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from tests.support.api import assert_problem
from tests.support.engines import ScriptedEngine, runtime_with

URL = "/v1/factsheets"
MARKER = "MARKER-ARTICLE-WORDS"


def test_unparseable_json_is_400(client):
    response = client.post(URL, content=b'{"text": ', headers={"content-type": "application/json"})

    body = assert_problem(response, 400)
    assert body["type"] == "urn:factsheet:problem:invalid-json"
    assert body["instance"] == URL and body["request_id"] == response.headers["x-request-id"]


def test_body_over_the_limit_by_content_length_is_413(make_client):
    client = make_client(max_body_bytes=1024)

    response = client.post(URL, json={"text": "x" * 2000})

    body = assert_problem(response, 413)
    assert body["type"] == "urn:factsheet:problem:body-too-large"


def test_chunked_body_over_the_limit_is_413_without_content_length(make_client):
    engine = ScriptedEngine()
    client = make_client(runtime_with(engine), max_body_bytes=1024)
    chunks = [b'{"text": "', *([b"x" * 256] * 8), b'"}']

    def stream():
        yield from chunks

    response = client.post(URL, content=stream(), headers={"content-type": "application/json"})

    assert "content-length" not in response.request.headers
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert_problem(response, 413)
    assert engine.calls == []


def test_article_over_max_chars_is_413(make_client):
    client = make_client(max_chars=100)

    response = client.post(URL, json={"text": "A sentence of the article. " * 10})

    assert assert_problem(response, 413)["type"] == "urn:factsheet:problem:article-too-long"


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"text": "Some text.", "html": "<p>Some text.</p>"}, ["body"]),
        ({"text": "Some text.", "colour": "blue"}, ["body", "colour"]),
        ({"text": "Some text.", "options": {"max_claims": 0}}, ["body", "options", "max_claims"]),
    ],
    ids=["text-and-html", "unknown-field", "bad-option"],
)
def test_invalid_request_is_422_listing_the_errors(client, body, loc):
    response = client.post(URL, json=body)

    problem = assert_problem(response, 422)
    assert problem["type"] == "urn:factsheet:problem:invalid-request"
    assert [e["loc"] for e in problem["errors"]] == [loc]
    assert "Some text" not in response.text  # inputs are not echoed back


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_article_is_422_unusable(client, text):
    response = client.post(URL, json={"text": text})

    assert assert_problem(response, 422)["type"] == "urn:factsheet:problem:unusable-article"


def test_deadline_passed_is_504(make_client, seed_request):
    client = make_client(runtime_with(ScriptedEngine(delay_s=5)), deadline_s=0.05)

    response = client.post(URL, json=seed_request)

    assert assert_problem(response, 504)["type"] == "urn:factsheet:problem:deadline-exceeded"


def test_upstream_timeout_is_504(make_client, seed_request):
    client = make_client(runtime_with(ScriptedEngine(error=UpstreamTimeout("slow"))))

    response = client.post(URL, json=seed_request)

    assert assert_problem(response, 504)["type"] == "urn:factsheet:problem:upstream-timeout"


def test_upstream_unavailable_is_503_with_retry_after(make_client, seed_request):
    error = UpstreamUnavailable(f"429 from http://llm.internal {MARKER}", retry_after=7)
    client = make_client(runtime_with(ScriptedEngine(error=error)))

    response = client.post(URL, json=seed_request)

    assert_problem(response, 503)
    assert response.headers["retry-after"] == "7"
    assert MARKER not in response.text


def test_upstream_unavailable_without_a_hint_still_sends_retry_after(make_client):
    client = make_client(runtime_with(ScriptedEngine(error=UpstreamUnavailable("down"))))

    response = client.post(URL, json={"text": "Some text."})

    assert int(response.headers["retry-after"]) > 0


def test_unusable_upstream_output_is_502(make_client, seed_request):
    client = make_client(runtime_with(ScriptedEngine(error=UpstreamBadOutput(f"refusal {MARKER}"))))

    response = client.post(URL, json=seed_request)

    assert assert_problem(response, 502)["type"] == "urn:factsheet:problem:upstream-bad-output"
    assert MARKER not in response.text


@pytest.mark.parametrize("error", [RuntimeError(MARKER), GroundingError(MARKER)])
def test_anything_else_is_500_without_the_message_or_a_traceback(make_client, seed_request, error):
    client = make_client(runtime_with(ScriptedEngine(error=error)))

    response = client.post(URL, json=seed_request)

    body = assert_problem(response, 500)
    assert body["request_id"] == response.headers["x-request-id"]
    assert MARKER not in response.text
    assert "Traceback" not in response.text
    assert "Kursk" not in response.text


def test_unknown_path_and_method_are_problems_too(client):
    assert assert_problem(client.get("/v2/nothing"), 404)["type"] == "about:blank"
    response = client.get(URL)
    assert_problem(response, 405)
    assert response.headers["allow"] == "POST"


def test_engine_llm_on_a_server_without_an_llm_is_422(client):
    response = client.post(URL, json={"text": "Some text.", "options": {"engine": "llm"}})

    body = assert_problem(response, 422)
    assert body["type"] == "urn:factsheet:problem:unavailable-option"
    assert "no LLM is configured" in body["detail"]
