"""Logs: JSON lines with a request id; never article text, API keys or Slack secrets."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from service.observability.logs import PAYLOAD_LOGGERS, REQUEST_ID, configure_logging
from tests.support.api import KEY
from tests.support.faults import llm_settings
from tests.support.mock_llm import GOOD_DRAFT as GOOD
from tests.support.mock_llm import completion, error

MARKER = "ZEBRA-MARKER-7f3a91c2"
SLACK_SECRET = "slack-signing-secret-5e1d0c"
# Fakes, split so secret scanners do not flag them.
SLACK_TOKEN = "xoxb-" + "1111111111-2222222222-abcdefABCDEF"
LLM_KEY = "sk-" + "fixture-not-a-real-key"
WRONG_KEY = "wrong-key-but-nearly-right-0123"
ARTICLE = (
    "Jonas Oman has claimed that North Korean soldiers fought Ukrainian forces in Kursk. "
    f"The leaked note carried the token {'xox' + 'b'}-9999999999-8888888888-zzzzzz and {MARKER}."
)
SECRETS = (MARKER, KEY, SLACK_SECRET, SLACK_TOKEN, LLM_KEY, WRONG_KEY, "xox" + "b-9999999999")


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Route every log record, DEBUG included, through the service's JSON handler."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    names = (*PAYLOAD_LOGGERS, "uvicorn", "uvicorn.error", "uvicorn.access")
    levels = {name: logging.getLogger(name).level for name in names}
    stream = io.StringIO()
    configure_logging("json", "DEBUG", stream=stream)
    yield stream
    root.handlers[:], _ = saved
    root.setLevel(saved[1])
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    """Every captured line, parsed (a line that is not JSON fails the test)."""
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_no_article_text_keys_or_slack_secrets_reach_the_logs(captured, app_on_fake, fake):
    settings = llm_settings(
        api_keys=[KEY],
        llm_api_key=LLM_KEY,
        slack_signing_secret=SecretStr(SLACK_SECRET),
        slack_bot_token=SecretStr(SLACK_TOKEN),
    )
    client = app_on_fake(settings, fake.handler)
    fake.script = [completion(GOOD), error(500), error(500), error(500)]
    auth = {"Authorization": f"Bearer {KEY}"}
    json_auth = {**auth, "Content-Type": "application/json"}  # with a body that is not JSON

    answers = [
        client.post("/v1/factsheets", json={"text": ARTICLE}, headers=auth),  # LLM sheet
        client.post("/v1/factsheets", json={"text": ARTICLE + " Again."}, headers=auth),  # fallback
        client.post("/v1/factsheets", json={"text": ARTICLE}, headers={"X-API-Key": WRONG_KEY}),
        client.post("/v1/factsheets", content=f'{{"text": "{MARKER}', headers=json_auth),
        client.post("/v1/factsheets", json={"text": MARKER, "bogus": MARKER}, headers=auth),
        client.post(
            "/slack/events",
            content=f"command=/factsheet&text={MARKER}",
            headers={"x-slack-request-timestamp": "1", "x-slack-signature": "v0=" + "0" * 64},
        ),
    ]

    assert [a.status_code for a in answers] == [200, 200, 401, 400, 422, 401]
    assert answers[1].json()["engine"]["degraded"]
    raw = captured.getvalue()
    assert raw, "nothing was logged: the capture is broken"
    for secret in SECRETS:
        assert secret not in raw, f"{secret!r} reached the logs"
    parsed = lines(captured)
    assert all("request_id" in line for line in parsed)
    # The lines a request causes carry its id (the fallback warning, the refused key).
    ids = {line["request_id"] for line in parsed}
    assert answers[1].headers["x-request-id"] in ids
    assert answers[2].headers["x-request-id"] in ids


def test_payload_loggers_would_leak_at_debug_which_is_why_they_are_held(captured, upstream, fake):
    # Proves the test above can fail: openai logs the whole request (the article) at DEBUG.
    from tests.support.faults import sheet_of

    logging.getLogger("openai").setLevel(logging.DEBUG)
    fake.script = [completion(GOOD)]
    sheet_of(ARTICLE, llm_settings(), upstream)
    assert MARKER in captured.getvalue()


def test_secret_shaped_strings_are_masked_in_messages_and_tracebacks(captured):
    log = logging.getLogger("service.test")
    log.warning("header was Bearer %s and token %s", KEY, SLACK_TOKEN)
    try:
        raise ValueError(f"bad key {LLM_KEY}")
    except ValueError:
        log.exception("failed")

    raw = captured.getvalue()
    assert KEY not in raw and SLACK_TOKEN not in raw and LLM_KEY not in raw
    assert "Bearer [redacted]" in raw


def test_uvicorn_access_lines_are_json_with_the_request_id_and_no_query(captured):
    token = REQUEST_ID.set("req-123")
    try:
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d',
            "10.0.0.1:5555",
            "POST",
            f"/v1/factsheets?k={KEY}",
            "1.1",
            200,
        )
    finally:
        REQUEST_ID.reset(token)

    (line,) = lines(captured)
    assert line["request_id"] == "req-123"
    assert line["http"] == {"method": "POST", "path": "/v1/factsheets", "status": 200}
    assert KEY not in json.dumps(line)


def test_text_format_carries_the_request_id_too():
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging("text", "INFO", stream=stream)
        token = REQUEST_ID.set("req-456")
        logging.getLogger("service.test").info("hello")
        REQUEST_ID.reset(token)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    assert "[req-456] hello" in stream.getvalue()
