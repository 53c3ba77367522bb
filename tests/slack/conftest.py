"""Slack tests never leave this machine: any host but localhost fails to resolve."""

from __future__ import annotations

import socket
from typing import Any

import pytest

_LOCAL = {"127.0.0.1", "localhost", "::1", "test"}


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse to resolve any host but this machine, so a call to slack.com fails loudly."""
    real = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in _LOCAL:
            raise OSError(f"network disabled in tests: {host!r}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


@pytest.fixture(autouse=True)
def extractive_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep an LLM configured in the developer's shell out of these tests."""
    for name in ("OPENAI_API_KEY", "FACTSHEET_LLM_API_KEY", "FACTSHEET_LLM_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
