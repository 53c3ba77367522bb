"""Request verification at POST /slack/events: signatures, timestamps, replays and retries."""

from __future__ import annotations

import asyncio
import logging
import time

import httpx
import pytest

from service.api.routes.slack import slack_router
from service.config import Settings
from service.produce import Runtime
from service.slack.guard import ReplayGuard
from tests.support.slack import command_body, fake_slack, sign, slack_client


async def _post(body: str, headers: dict[str, str]) -> list[httpx.Response]:
    async with fake_slack() as fake, slack_client(fake) as client:
        first = await client.post("/slack/events", content=body, headers=headers)
        again = await client.post("/slack/events", content=body, headers=headers)
        return [first, again]


def _help_body() -> str:
    # `help` is answered in the ack itself, so these tests start no background work.
    return command_body("help", "http://127.0.0.1:9/unused")


def test_valid_signature_gets_200_and_usage() -> None:
    body = _help_body()
    first, _ = asyncio.run(_post(body, sign(body)))
    assert first.status_code == 200
    assert "/factsheet" in first.json()["text"]


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(sign("other body"), id="signature-of-another-body"),
        pytest.param(sign(_help_body(), secret="wrong"), id="wrong-secret"),
        pytest.param({"content-type": "application/x-www-form-urlencoded"}, id="no-headers"),
        pytest.param({"x-slack-request-timestamp": str(int(time.time()))}, id="no-signature"),
        pytest.param({"x-slack-signature": sign(_help_body())["x-slack-signature"]}, id="no-ts"),
        pytest.param(sign(_help_body(), ts=int(time.time()) - 301), id="timestamp-5-min-old"),
        pytest.param({**sign(_help_body()), "x-slack-request-timestamp": "abc"}, id="bad-ts"),
    ],
)
def test_unsigned_requests_get_401(headers: dict[str, str]) -> None:
    first, _ = asyncio.run(_post(_help_body(), headers))
    assert first.status_code == 401


def test_replayed_request_is_deduplicated() -> None:
    body = _help_body()
    first, replay = asyncio.run(_post(body, sign(body)))
    assert first.status_code == 200 and first.content
    # Same signature, timestamp and body: answered 200 with an empty body, nothing runs.
    assert replay.status_code == 200
    assert replay.content == b""


def test_slack_retry_is_deduplicated() -> None:
    body = _help_body()
    headers = {**sign(body), "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"}
    first, _ = asyncio.run(_post(body, headers))
    assert first.status_code == 200
    assert first.content == b""
    assert first.headers["x-slack-no-retry"] == "1"


def test_replay_guard_forgets_after_the_window() -> None:
    now = [0.0]
    guard = ReplayGuard(window_s=300, clock=lambda: now[0])
    assert guard.first_time("v0=a")
    assert not guard.first_time("v0=a")
    now[0] = 301.0
    assert guard.first_time("v0=a")


def test_replay_guard_is_bounded() -> None:
    guard = ReplayGuard(max_entries=2)
    for signature in ("a", "b", "c"):
        assert guard.first_time(signature)
    assert guard.first_time("a")  # evicted, the oldest first


def test_router_is_off_without_settings(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="service.api.routes.slack")
    settings = Settings(slack_signing_secret=None, slack_bot_token=None)
    assert slack_router(settings, Runtime()) is None
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1
    assert "FACTSHEET_SLACK_SIGNING_SECRET" in lines[0] and "FACTSHEET_SLACK_BOT_TOKEN" in lines[0]
