"""The ack comes at once; the sheet (or a short error) follows on response_url or in the thread."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from schemas.factsheet import EngineInfo
from service.config import Settings
from service.errors import InputError, InputTooLong, UpstreamUnavailable
from service.fetch import Fetched
from service.produce import Runtime
from service.slack.blocks import DEGRADED_NOTE
from tests.support.engines import ScriptedEngine, runtime_with
from tests.support.slack import (
    BOT_TOKEN,
    FakeSlack,
    Received,
    command_body,
    fake_slack,
    shortcut_body,
    sign,
    slack_client,
)

ARTICLE = (
    "The mayor said the bridge was closed on Monday. Police reportedly found a crack in a pillar. "
    "The transport minister denied that the bridge was unsafe."
)
SLOW_S = 10.0


async def _command(
    text: str, runtime: Runtime | None = None
) -> tuple[float, dict[str, Any], Received, float]:
    """POST /factsheet; return ack latency, ack body, the follow-up and when it came."""
    async with fake_slack() as fake, slack_client(fake, runtime) as client:
        body = command_body(text, fake.hook)
        start = time.perf_counter()
        ack = await client.post("/slack/events", content=body, headers=sign(body))
        ack_s = time.perf_counter() - start
        assert ack.status_code == 200
        follow = await fake.next(timeout=SLOW_S + 10)
        return ack_s, ack.json(), follow, follow.at - start


def test_ack_within_3s_while_a_10s_engine_works() -> None:
    runtime = runtime_with(ScriptedEngine(delay_s=SLOW_S))
    ack_s, ack, follow, follow_s = asyncio.run(_command(ARTICLE, runtime))
    assert ack_s < 3.0
    assert "Building" in ack["text"] and ack["response_type"] == "ephemeral"
    assert follow_s >= SLOW_S > ack_s
    assert follow.path == "/hooks/T1/B1/abc"
    assert follow.payload["response_type"] == "in_channel"
    assert follow.payload["blocks"][0]["type"] == "header"


def test_followup_is_the_sheet_without_unfurls() -> None:
    _, _, follow, _ = asyncio.run(_command(ARTICLE))
    payload = follow.payload
    assert payload["unfurl_links"] is False and payload["unfurl_media"] is False
    text = json.dumps(payload)
    assert "UNVERIFIED" in text and "The mayor" in text


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (InputTooLong("The article is longer than 100000 characters."), "longer than"),
        (UpstreamUnavailable("503"), "language model is unavailable"),
        (RuntimeError("boom"), "Something went wrong (request id "),
    ],
)
def test_failures_reach_the_user_ephemerally(error: Exception, expected: str) -> None:
    _, _, follow, _ = asyncio.run(_command(ARTICLE, runtime_with(ScriptedEngine(error=error))))
    assert follow.payload["response_type"] == "ephemeral"
    assert expected in follow.payload["text"]
    assert "boom" not in follow.payload["text"]


def test_url_input_reaches_produce_as_a_url() -> None:
    seen: list[str] = []

    async def fetch(url: str, settings: Settings) -> Fetched:
        seen.append(url)
        raise InputError("Could not fetch https://example.com/<b>: 404")

    runtime = Runtime(fetch=fetch)
    _, _, follow, _ = asyncio.run(_command("<https://example.com/story?a=1&amp;b=2>", runtime))
    assert seen[0] == "https://example.com/story?a=1&b=2"
    assert follow.payload["response_type"] == "ephemeral"
    assert follow.payload["text"] == ":warning: Could not fetch https://example.com/&lt;b&gt;: 404"


def test_degraded_sheet_says_so() -> None:
    degraded = ScriptedEngine(info=EngineInfo(name="extractive", degraded=True))
    _, _, follow, _ = asyncio.run(_command(ARTICLE, runtime_with(degraded)))
    assert DEGRADED_NOTE in json.dumps(follow.payload, ensure_ascii=False)


async def _shortcut(fake: FakeSlack, text: str, thread_ts: str | None = None) -> Received:
    """Run the shortcut; return what followed the ephemeral "Building…" note."""
    async with slack_client(fake) as client:
        body = shortcut_body(text, fake.hook, thread_ts)
        ack = await client.post("/slack/events", content=body, headers=sign(body))
        assert ack.status_code == 200
        first = await fake.next()
        if "Building" not in first.payload.get("text", ""):
            return first
        assert first.payload["response_type"] == "ephemeral"
        return await fake.next()


def test_shortcut_posts_the_sheet_in_the_thread() -> None:

    async def run() -> Received:
        async with fake_slack() as fake:
            return await _shortcut(fake, ARTICLE.replace("&", "&amp;"), thread_ts="1699.0001")

    follow = asyncio.run(run())
    assert follow.path == "/api/chat.postMessage"
    assert follow.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    assert follow.payload["channel"] == "C1" and follow.payload["thread_ts"] == "1699.0001"
    assert follow.payload["unfurl_links"] is False
    assert len(follow.payload["blocks"]) <= 50


def test_shortcut_outside_the_channel_tells_the_user() -> None:

    async def run() -> list[Received]:
        async with fake_slack() as fake:
            fake.post_message_error = "not_in_channel"
            first = await _shortcut(fake, ARTICLE)
            return [first, await fake.next()]

    post, told = asyncio.run(run())
    assert post.path == "/api/chat.postMessage"
    assert told.payload["response_type"] == "ephemeral"
    assert "/invite" in told.payload["text"]


def test_shortcut_on_an_empty_message_tells_the_user() -> None:
    async def run() -> Received:
        async with fake_slack() as fake:
            return await _shortcut(fake, "   ")

    told = asyncio.run(run())
    assert told.payload["response_type"] == "ephemeral"
    assert "no text" in told.payload["text"]


def test_replayed_command_builds_one_sheet() -> None:

    async def run() -> int:
        async with fake_slack() as fake, slack_client(fake) as client:
            body = command_body(ARTICLE, fake.hook)
            headers = sign(body)
            for _ in range(3):
                await client.post("/slack/events", content=body, headers=headers)
            await fake.next()
            await asyncio.sleep(0.5)  # time for a second follow-up, were there one
            return 1 + fake.received.qsize()

    assert asyncio.run(run()) == 1
