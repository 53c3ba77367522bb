"""Cassette tier: replays recorded exchanges with a real OpenAI-compatible server.

Replay-only unless pytest gets ``--record-mode`` (``make record`` passes ``rewrite``).
The cassettes live in ``tests/cassettes/cassettes/``; docs/recording.md says how they
were made and how to re-record them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CASSETTE_DIR = Path(__file__).resolve().parent / "cassettes"

# Request headers that may carry a credential; dropped before anything is written.
SECRET_HEADERS = (
    "authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "set-cookie",
)


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """Drop secret headers from a recorded response (filter_headers only sees requests)."""
    headers = response.get("headers") or {}
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


def cassette_config() -> dict[str, Any]:
    """The vcr.py options of every cassette test (shared with the tests of the rules)."""
    return {
        "filter_headers": list(SECRET_HEADERS),
        "before_record_response": scrub_response,
        # The host differs between recordings (a free port, a hosted endpoint), so it is
        # not matched; the request body (JSON-compared) is what has to stay the same.
        "match_on": ("method", "scheme", "path", "query", "body"),
        "decode_compressed_response": True,
        # The in-process app is reached through Starlette's own transport, which vcr does
        # not patch; this is a second guard in case a future TestClient uses a real one.
        "ignore_hosts": ["testserver"],
        "allow_playback_repeats": False,
    }


@pytest.fixture
def vcr_config() -> dict[str, Any]:
    # No record_mode here: a value in this dict would override --record-mode, and the
    # plugin's own default, when the flag is absent, is "none" (replay only).
    return cassette_config()


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTE_DIR)


def assert_all_played(cassette: Any) -> None:
    """Fail when a recorded interaction was never requested."""
    unused = [
        f"{request.method} {request.uri}"
        for index, request in enumerate(cassette.requests)
        if not cassette.play_counts[index]
    ]
    assert cassette.all_played, (
        f"{len(unused)} of {len(cassette.requests)} recorded interactions in "
        f"{cassette.path} were never requested: {unused}"
    )


@pytest.fixture(autouse=True)
def _every_interaction_played(vcr: Any, record_mode: str) -> Iterator[None]:
    """After each replayed cassette test, fail if the cassette holds an unused interaction."""
    # Depending on pytest-recording's `vcr` fixture (None without a vcr mark) sets the
    # cassette up before this fixture and tears it down after this check.
    yield
    if vcr is not None and record_mode == "none":
        assert_all_played(vcr)
