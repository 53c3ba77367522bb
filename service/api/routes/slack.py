"""The FastAPI router serving Slack at POST /slack/events, or None when Slack is not set up."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler

from service.config import Settings
from service.produce import Runtime
from service.slack.app import build_app
from service.slack.http import SlackHttp

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def _missing(settings: Settings) -> list[str]:
    names = {
        "FACTSHEET_SLACK_SIGNING_SECRET": settings.slack_signing_secret,
        "FACTSHEET_SLACK_BOT_TOKEN": settings.slack_bot_token,
    }
    return [name for name, value in names.items() if value is None]


def slack_router(
    settings: Settings, runtime: Runtime, *, http: SlackHttp | None = None
) -> APIRouter | None:
    """Return the router of the Slack app, or None (with one log line) when Slack is unset."""
    missing = _missing(settings)
    if missing:
        log.info("Slack routes off: %s not set (%s disabled)", " and ".join(missing), EVENTS_PATH)
        return None
    handler = AsyncSlackRequestHandler(build_app(settings, http or SlackHttp(), runtime))
    router = APIRouter(tags=["slack"])

    @router.post(EVENTS_PATH, include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        # Bolt raises (500) on a non-numeric timestamp; a malformed request is simply unsigned.
        timestamp = request.headers.get("x-slack-request-timestamp", "0")
        if not timestamp.isdigit():
            return Response(status_code=401, content='{"error":"invalid request"}')
        return await handler.handle(request)

    log.info("Slack routes on: POST %s", EVENTS_PATH)
    return router
