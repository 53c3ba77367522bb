"""Where the follow-up HTTP calls go: the Web API base URL and the allowed response_url hosts.

Production uses the defaults. Tests point both at a local server, so no test reaches slack.com.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

SLACK_API = "https://slack.com/api/"
# Slack's response_url hosts (commercial and GovSlack).
SLACK_HOOKS = ("https://hooks.slack.com/", "https://hooks.slack-gov.com/")


class ResponseUrlRefused(Exception):
    """A response_url points outside the allowed prefixes; nothing was sent."""


class ResponseUrlFailed(Exception):
    """Slack did not accept the message POSTed to the response_url."""


@dataclass(frozen=True, slots=True)
class SlackHttp:
    """The injection point for every outgoing Slack call."""

    api_base_url: str = SLACK_API
    response_url_prefixes: tuple[str, ...] = SLACK_HOOKS
    timeout_s: int = 10  # FACTSHEET_SLACK_TIMEOUT_S: one timeout for every call to Slack

    def web_client(self) -> AsyncWebClient:
        """Return the app's Web API client; Bolt copies its base_url into per-request clients."""
        return AsyncWebClient(base_url=self.api_base_url, timeout=self.timeout_s)

    def allows(self, url: str | None) -> bool:
        """True when url is a response_url we may POST to."""
        return url is not None and url.startswith(self.response_url_prefixes)

    async def reply(self, respond: AsyncRespond, **message: Any) -> None:
        """POST a message to the request's response_url, after checking where it points.

        The payload is signed, so the URL is Slack's; the check still keeps a leaked signing
        secret from turning the bot into a request forwarder (SSRF).
        """
        if not self.allows(respond.response_url) or respond.response_url is None:
            raise ResponseUrlRefused(f"response_url refused: {respond.response_url!r}")
        # Our own client rather than respond(): Bolt's has a fixed 30 s timeout.
        client = AsyncWebhookClient(
            url=respond.response_url, timeout=self.timeout_s, proxy=respond.proxy, ssl=respond.ssl
        )
        response = await client.send(**message)
        if response.status_code != 200:
            raise ResponseUrlFailed(
                f"response_url answered {response.status_code}: {response.body}"
            )
