"""The app factory mounts the Slack routes only when Slack is configured."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient


def test_slack_events_route_is_absent_without_slack_settings(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(slack_signing_secret=None, slack_bot_token=None)
    assert client.post("/slack/events", content=b"{}").status_code == 404


def test_slack_events_route_checks_signatures_when_configured(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(slack_signing_secret="s" * 32, slack_bot_token="xoxb-test")
    response = client.post("/slack/events", content=b"command=/factsheet&text=hi")
    assert response.status_code == 401
