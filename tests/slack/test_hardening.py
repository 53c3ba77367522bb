"""The Slack path under stress: the request deadline, one post timeout, ids and 401 reasons."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from aiohttp import web
from pydantic import SecretStr
from slack_bolt.async_app import AsyncRespond

from service.config import Settings
from service.slack.http import SlackHttp
from tests.support.engines import ScriptedEngine, runtime_with
from tests.support.slack import (
    BOT_TOKEN,
    SECRET,
    command_body,
    fake_slack,
    sign,
    slack_client,
)

ARTICLE = "The mayor said the bridge was closed on Monday."


def _settings(**overrides: object) -> Settings:
    return Settings(
        slack_signing_secret=SecretStr(SECRET),
        slack_bot_token=SecretStr(BOT_TOKEN),
        **overrides,  # type: ignore[arg-type]
    )


def test_the_request_deadline_stops_a_slow_sheet() -> None:
    slow = runtime_with(ScriptedEngine(delay_s=30))  # the deadline must cancel it

    async def scenario() -> tuple[float, str]:
        settings = _settings(deadline_s=1)
        async with fake_slack() as fake, slack_client(fake, slow, settings) as client:
            body = command_body(ARTICLE, fake.hook)
            start = time.perf_counter()
            assert (await client.post("/slack/events", content=body, headers=sign(body))).is_success
            follow = await fake.next(timeout=20)
            return follow.at - start, follow.payload["text"]

    seconds, text = asyncio.run(scenario())
    assert seconds < 5
    assert "took too long" in text and "request id" in text


@asynccontextmanager
async def _stalling_hook() -> AsyncIterator[str]:
    release = asyncio.Event()

    async def stall(request: web.Request) -> web.Response:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(release.wait(), 30)
        return web.Response(text="ok")

    server = web.Application()
    server.router.add_post("/{tail:.*}", stall)
    runner = web.AppRunner(server)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        release.set()
        await runner.cleanup()


def test_a_response_url_post_gives_up_after_the_configured_timeout() -> None:
    async def scenario() -> float:
        async with _stalling_hook() as url:
            http = SlackHttp(response_url_prefixes=(url,), timeout_s=1)
            start = time.perf_counter()
            with pytest.raises(asyncio.TimeoutError):
                await http.reply(AsyncRespond(response_url=f"{url}/hooks/x"), text="hi")
            return time.perf_counter() - start

    assert asyncio.run(scenario()) < 5  # Bolt's own respond() waited 30 s


def test_every_log_line_names_the_request(caplog: pytest.LogCaptureFixture) -> None:
    broken = runtime_with(ScriptedEngine(error=RuntimeError("boom")))

    async def scenario() -> None:
        async with fake_slack() as fake, slack_client(fake, broken) as client:
            # A response_url outside the allowed hosts: the error reply cannot be posted.
            body = command_body(ARTICLE, "http://127.0.0.1:9/elsewhere")
            assert (await client.post("/slack/events", content=body, headers=sign(body))).is_success
            for _ in range(100):
                if "response_url POST failed" in caplog.text:
                    return
                await asyncio.sleep(0.05)

    with caplog.at_level(logging.INFO, logger="service.slack"):
        asyncio.run(scenario())
    lines = [r.getMessage() for r in caplog.records if "slack request" in r.getMessage()]
    assert len(lines) >= 2
    ids = {m.group(1) for line in lines if (m := re.search(r"slack request (\S+?):? ", line))}
    assert len(ids) == 1 and "None" not in ids


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "missing X-Slack-Request-Timestamp"),
        ({"x-slack-request-timestamp": "soon", "x-slack-signature": "v0=1"}, "malformed"),
        (sign("x", ts=int(time.time()) - 3600), "stale or replayed"),
        (sign("x", secret="not-the-secret"), "signature mismatch"),
    ],
)
def test_each_401_is_logged_with_its_reason(
    headers: dict[str, str], reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> int:
        async with fake_slack() as fake, slack_client(fake) as client:
            response = await client.post("/slack/events", content="x", headers=headers)
            return response.status_code

    with caplog.at_level(logging.INFO, logger="service.slack"):
        assert asyncio.run(scenario()) == 401
    assert reason in caplog.text
    assert "refused (401)" in caplog.text
