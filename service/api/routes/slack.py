"""The FastAPI router serving Slack at POST /slack/events, or None when Slack is not set up."""

from __future__ import annotations

import logging
import time

from fastapi import APIRouter, Request, Response
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from service.config import Settings
from service.observability.logs import REQUEST_ID
from service.produce import Runtime
from service.slack.app import build_app
from service.slack.http import SlackHttp
from service.slack.inputs import new_request_id

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_AGE_S = 300  # Slack's own rule, the one SignatureVerifier applies


def _missing(settings: Settings) -> list[str]:
    names = {
        "FACTSHEET_SLACK_SIGNING_SECRET": settings.slack_signing_secret,
        "FACTSHEET_SLACK_BOT_TOKEN": settings.slack_bot_token,
    }
    return [name for name, value in names.items() if value is None]


def refusal(
    verifier: SignatureVerifier,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    now: float,
) -> str | None:
    """Why a request is not validly signed by Slack, or None when it is (Bolt checks again)."""
    if not timestamp or not signature:
        return "missing X-Slack-Request-Timestamp or X-Slack-Signature"
    if not timestamp.isdigit():
        return "malformed timestamp"  # Bolt itself would raise (a 500)
    age = now - int(timestamp)
    if abs(age) > MAX_AGE_S:
        return f"timestamp {age:.0f} s away from now (over {MAX_AGE_S} s: stale or replayed)"
    if not verifier.is_valid(body, timestamp, signature):
        return "signature mismatch (wrong signing secret, or the body was altered)"
    return None


def slack_router(
    settings: Settings, runtime: Runtime, *, http: SlackHttp | None = None
) -> APIRouter | None:
    """Return the router of the Slack app, or None (with one log line) when Slack is unset."""
    missing = _missing(settings)
    if missing:
        log.info("Slack routes off: %s not set (%s disabled)", " and ".join(missing), EVENTS_PATH)
        return None
    http = http or SlackHttp(timeout_s=settings.slack_timeout_s)
    handler = AsyncSlackRequestHandler(build_app(settings, http, runtime))
    secret = settings.slack_signing_secret
    assert secret is not None  # noqa: S101 (_missing returned early otherwise)
    verifier = SignatureVerifier(secret.get_secret_value())
    router = APIRouter(tags=["slack"])

    @router.post(EVENTS_PATH, include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        request_id = REQUEST_ID.get() or new_request_id()
        REQUEST_ID.set(request_id)  # the lazy listener's task inherits it
        reason = refusal(
            verifier,
            await request.body(),
            request.headers.get("x-slack-request-timestamp"),
            request.headers.get("x-slack-signature"),
            time.time(),
        )
        if reason is not None:
            # The same answer as Bolt's for every failure; the reason goes to the log only.
            log.warning("slack request %s refused (401): %s", request_id, reason)
            return Response(status_code=401, content='{"error":"invalid request"}')
        return await handler.handle(request)

    log.info("Slack routes on: POST %s", EVENTS_PATH)
    return router
