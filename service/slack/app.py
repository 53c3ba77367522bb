"""The Bolt AsyncApp: /factsheet and the message shortcut, acknowledged at once, answered later.

Each listener is an ack function (answers Slack's HTTP request within its 3-second rule) plus
a lazy function that Bolt runs as a separate asyncio task after the ack: it calls produce()
and posts the sheet through response_url (slash command) or chat.postMessage (shortcut).
Lazy listeners keep this true even with process_before_response=True.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import SecretStr
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from schemas.request import ArticleRequest
from service.config import Settings
from service.deadline import within
from service.errors import ConfigError, DeadlineExceeded, InputError
from service.observability.logs import REQUEST_ID
from service.produce import Runtime, produce
from service.review.store import review_link
from service.slack.blocks import sheet_message
from service.slack.guard import ReplayGuard, dedupe_middleware
from service.slack.http import SlackHttp
from service.slack.inputs import (
    NO_TEXT,
    USAGE,
    WORKING,
    command_request,
    failure_text,
    is_help,
    message_request,
    new_request_id,
)

log = logging.getLogger(__name__)

COMMAND = "/factsheet"
SHORTCUT_CALLBACK_ID = "factsheet_message"
NOT_IN_CHANNEL = (
    ":warning: I can't post in this channel. Invite me with `/invite @Factsheet` and try again."
)


def _secret(value: SecretStr | None, name: str) -> str:
    if value is None:
        raise ConfigError(f"FACTSHEET_{name.upper()} is not set")
    return value.get_secret_value()


async def _build(
    request: ArticleRequest, settings: Settings, runtime: Runtime, request_id: str
) -> dict[str, Any]:
    """Run the pipeline and return the sheet's message; errors are logged with the request id."""
    try:
        # The HTTP deadline applies here too: Bolt runs this after the ack, outside the route.
        sheet = await within(produce(request, settings, runtime=runtime), settings.deadline_s)
        review_url = await review_link(sheet, settings, runtime.permalink_store)
    except DeadlineExceeded as error:
        log.warning("slack request %s: %s", request_id, error)
        raise
    except InputError as error:
        # The user's input, not our fault: one line, no traceback.
        log.info("slack request %s: input refused: %s", request_id, error)
        raise
    except Exception:
        log.exception("slack request %s failed", request_id)
        raise
    return sheet_message(sheet, review_url=review_url)


def build_app(settings: Settings, http: SlackHttp, runtime: Runtime) -> AsyncApp:
    """Build the Bolt app from the Slack settings; it never calls slack.com to authorize."""
    token = _secret(settings.slack_bot_token, "slack_bot_token")

    # A single-workspace app: the configured bot token is the answer for every request, so
    # Bolt skips its auth.test call (which would reach slack.com on the first request).
    async def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token=token)

    app = AsyncApp(
        signing_secret=_secret(settings.slack_signing_secret, "slack_signing_secret"),
        authorize=authorize,
        client=http.web_client(),
        process_before_response=False,
        logger=log,
    )
    app.use(dedupe_middleware(ReplayGuard()))

    async def ack_command(ack: AsyncAck, command: dict[str, Any]) -> None:
        text = USAGE if is_help(command.get("text", "")) else WORKING
        await ack(text=text, response_type="ephemeral")

    async def run_command(command: dict[str, Any], respond: AsyncRespond) -> None:
        text = command.get("text", "")
        if is_help(text):
            return
        request_id = _request_id()
        try:
            message = await _build(command_request(text), settings, runtime, request_id)
        except Exception as error:
            await _tell(http, respond, failure_text(error, request_id), request_id)
            return
        await _post(http, respond, request_id, response_type="in_channel", **message)

    async def ack_shortcut(ack: AsyncAck) -> None:
        await ack()

    async def run_shortcut(
        body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        message = body.get("message") or {}
        request_id = _request_id()
        if not (message.get("text") or "").strip():
            await _tell(http, respond, NO_TEXT, request_id)
            return
        # A shortcut's ack shows nothing, so say (to the user only) that work has started.
        await _tell(http, respond, WORKING, request_id)
        try:
            reply = await _build(message_request(message["text"]), settings, runtime, request_id)
        except Exception as error:
            await _tell(http, respond, failure_text(error, request_id), request_id)
            return
        channel = str((body.get("channel") or {}).get("id", ""))
        thread = message.get("thread_ts") or message.get("ts")
        try:
            await client.chat_postMessage(channel=channel, thread_ts=thread, **reply)
        except Exception as error:
            # Slack's refusal or a network error: either way the user hears about it.
            log.warning("slack request %s: chat.postMessage failed: %r", request_id, error)
            code = error.response.get("error") if isinstance(error, SlackApiError) else None
            text = NOT_IN_CHANNEL if code == "not_in_channel" else failure_text(error, request_id)
            await _tell(http, respond, text, request_id)

    app.command(COMMAND)(ack=ack_command, lazy=[run_command])
    app.message_shortcut(SHORTCUT_CALLBACK_ID)(ack=ack_shortcut, lazy=[run_shortcut])
    return app


def _request_id() -> str:
    """The HTTP request's id (the lazy task inherits its context), set for every log line."""
    request_id = REQUEST_ID.get() or new_request_id()
    REQUEST_ID.set(request_id)
    return request_id


async def _tell(http: SlackHttp, respond: AsyncRespond, text: str, request_id: str) -> None:
    """Send a short ephemeral message to the user who asked; never raise."""
    await _post(http, respond, request_id, text=text, response_type="ephemeral")


async def _post(http: SlackHttp, respond: AsyncRespond, request_id: str, **message: Any) -> None:
    """POST to response_url; a failure here can only be logged, as there is no other channel."""
    try:
        await http.reply(respond, **message)
    except Exception:
        log.exception("slack request %s: response_url POST failed", request_id)
