"""Slack test kit: signed requests and a local stand-in for Slack."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
from aiohttp import web
from fastapi import FastAPI
from pydantic import SecretStr

from service.api.routes.slack import slack_router
from service.config import Settings
from service.produce import Runtime
from service.slack.http import SlackHttp

SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-" + "test-token"  # a fake, split so secret scanners do not flag it


def slack_settings() -> Settings:
    return Settings(slack_signing_secret=SecretStr(SECRET), slack_bot_token=SecretStr(BOT_TOKEN))


def sign(body: str, ts: int | None = None, secret: str = SECRET) -> dict[str, str]:
    """Headers Slack would send: v0= HMAC-SHA256 of 'v0:{ts}:{body}'."""
    ts = int(time.time()) if ts is None else ts
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "x-slack-request-timestamp": str(ts),
        "x-slack-signature": f"v0={digest}",
        "content-type": "application/x-www-form-urlencoded",
    }


def command_body(text: str, response_url: str) -> str:
    return urlencode(
        {
            "command": "/factsheet",
            "text": text,
            "team_id": "T1",
            "channel_id": "C1",
            "user_id": "U1",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )


def shortcut_body(text: str, response_url: str, thread_ts: str | None = None) -> str:
    message: dict[str, Any] = {"type": "message", "text": text, "ts": "1700000000.000100"}
    if thread_ts:
        message["thread_ts"] = thread_ts
    payload = {
        "type": "message_action",
        "callback_id": "factsheet_message",
        "trigger_id": "1.2.3",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "channel": {"id": "C1"},
        "message": message,
        "response_url": response_url,
    }
    return urlencode({"payload": json.dumps(payload)})


@dataclass
class Received:
    path: str
    payload: dict[str, Any]
    headers: dict[str, str]
    at: float


@dataclass
class FakeSlack:
    """A local server standing in for hooks.slack.com and slack.com/api."""

    url: str = ""
    received: asyncio.Queue[Received] = field(default_factory=asyncio.Queue)
    post_message_error: str | None = None

    @property
    def hook(self) -> str:
        return f"{self.url}/hooks/T1/B1/abc"

    async def next(self, timeout: float = 15.0) -> Received:
        return await asyncio.wait_for(self.received.get(), timeout)

    async def _handle(self, request: web.Request) -> web.Response:
        payload = await request.json()
        item = Received(request.path, payload, dict(request.headers), time.perf_counter())
        await self.received.put(item)
        if request.path.endswith("chat.postMessage"):
            if self.post_message_error:
                return web.json_response({"ok": False, "error": self.post_message_error})
            return web.json_response({"ok": True, "channel": "C1", "ts": "1700000001.0001"})
        return web.Response(text="ok")


@asynccontextmanager
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    server = web.Application()
    server.router.add_post("/{tail:.*}", fake._handle)
    runner = web.AppRunner(server)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    fake.url = f"http://127.0.0.1:{port}"
    try:
        yield fake
    finally:
        await runner.cleanup()


@asynccontextmanager
async def slack_client(
    fake: FakeSlack, runtime: Runtime | None = None, settings: Settings | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """A minimal FastAPI app with only the Slack router, its Slack calls sent to `fake`."""
    settings = settings or slack_settings()
    http = SlackHttp(
        api_base_url=f"{fake.url}/api/",
        response_url_prefixes=(fake.url,),
        timeout_s=settings.slack_timeout_s,
    )
    router = slack_router(settings, runtime or Runtime(), http=http)
    assert router is not None
    app = FastAPI()
    app.include_router(router)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client
