"""The app factory mounts the Slack routes only when Slack is configured."""

from __future__ import annotations

import json
import time
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


def test_batch_routes_are_mounted_behind_the_api_keys(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(api_keys="k" * 20)
    assert client.get("/v1/batches/nope").status_code == 401
    missing = client.get("/v1/batches/nope", headers={"X-API-Key": "k" * 20})
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_batch_submitted_through_the_app_completes_in_process(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client()
    body = b'{"id": "a", "text": "Jonas Oman said the bridge fell."}\n'
    accepted = client.post("/v1/batches?engine=extractive", content=body)
    assert accepted.status_code == 202
    location = accepted.headers["location"]
    for _ in range(100):
        status = client.get(location).json()
        if status["status"] == "done":
            break
        time.sleep(0.05)
    assert status["status"] == "done" and status["succeeded"] == 1
    lines = client.get(location + "/results").text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a"]
