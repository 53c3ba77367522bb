"""manifest.yaml and the code agree on the command, the shortcut, the scopes and the URL."""

from __future__ import annotations

from typing import Any

import yaml

from service.api.routes.slack import EVENTS_PATH
from service.slack.app import COMMAND, SHORTCUT_CALLBACK_ID
from tests.conftest import REPO


def _manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "manifest.yaml").read_text(encoding="utf-8"))
    return data


def test_manifest_matches_the_code() -> None:
    manifest = _manifest()
    features = manifest["features"]
    [command] = features["slash_commands"]
    assert command["command"] == COMMAND
    assert command["url"].endswith(EVENTS_PATH)
    [shortcut] = features["shortcuts"]
    assert shortcut["type"] == "message" and shortcut["callback_id"] == SHORTCUT_CALLBACK_ID
    assert manifest["settings"]["interactivity"]["request_url"].endswith(EVENTS_PATH)
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == ["chat:write", "commands"]
