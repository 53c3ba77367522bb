"""Turn what Slack sends into an ArticleRequest, and failures into short user-facing replies."""

from __future__ import annotations

import re
import uuid

from pydantic import ValidationError

from schemas.request import ArticleRequest
from service.errors import DeadlineExceeded, InputError, UpstreamError
from service.slack.text import escape, from_slack

USAGE = (
    "*Factsheet* turns a news article into a fact sheet: summary, claims and who makes them, "
    "sources, and what the article does not confirm.\n"
    "• `/factsheet <article text>`: paste the article.\n"
    "• `/factsheet https://example.com/story`: fetch the article from a URL.\n"
    "• Message menu (⋮) → *Fact sheet for this message*: the sheet of a message's text, "
    "posted in its thread.\n"
    "• `/factsheet help`: this text."
)
WORKING = ":hourglass_flowing_sand: Building the fact sheet…"
NO_TEXT = "That message has no text to build a fact sheet from."
# A lone http(s) URL, bare or as Slack's <url> / <url|label> link markup.
_URL = re.compile(r"^<?(https?://[^\s<>|]+)(?:\|[^<>]*)?>?$")


def is_help(text: str) -> bool:
    """True when the command text asks for usage (empty, 'help' or '?')."""
    return text.strip().lower() in {"", "help", "?", "-h", "--help"}


def command_request(text: str) -> ArticleRequest:
    """Build the request of a slash command: a URL request for a lone URL, else the text."""
    stripped = text.strip()
    match = _URL.match(stripped)
    if match:
        return ArticleRequest(url=from_slack(match.group(1)))
    return ArticleRequest(text=from_slack(stripped))


def message_request(message_text: str) -> ArticleRequest:
    """Build the request of a message shortcut from the message's Slack-formatted text."""
    return ArticleRequest(text=from_slack(message_text))


def new_request_id() -> str:
    """Return a short id that ties a user-facing error to the log line that explains it."""
    return uuid.uuid4().hex[:12]


def failure_text(error: Exception, request_id: str) -> str:
    """Return the short ephemeral reply for an error; internal details stay in the log."""
    if isinstance(error, InputError):
        # The message may quote the input (a URL), so it is escaped like article text.
        return f":warning: {escape(str(error))}"
    if isinstance(error, ValidationError):
        return ":warning: That input cannot be analysed: send article text or one http(s) URL."
    if isinstance(error, DeadlineExceeded):
        return f":hourglass: That article took too long to analyse (request id {request_id})."
    if isinstance(error, UpstreamError):
        return (
            ":warning: The language model is unavailable right now; try again in a minute "
            f"(request id {request_id})."
        )
    return f":x: Something went wrong (request id {request_id})."
