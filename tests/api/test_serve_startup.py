"""`factsheet serve` says where its data lives, warns loudly when open to the network without
API keys, and hands uvicorn the connection limits from the settings."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from service.api.connections import HeadDeadlineProtocol
from service.cli import serve
from service.cli.main import app
from service.cli.startup import is_loopback
from service.config import Settings, get_settings

KEY = "serve-key-0123456789abcdef"


def _run(
    monkeypatch: pytest.MonkeyPatch, args: list[str], env: dict[str, str] | None = None
) -> tuple[Any, list[dict[str, Any]]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: calls.append(kw))
    monkeypatch.setattr(serve, "configure_logging", lambda *a, **kw: None)
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, ["serve", *args]), calls
    finally:
        get_settings.cache_clear()


def test_serving_all_interfaces_without_keys_warns_on_stderr_and_in_the_log(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        result, calls = _run(monkeypatch, ["--host", "0.0.0.0"])  # noqa: S104
    assert result.exit_code == 0
    assert "WARNING: serving on 0.0.0.0 WITHOUT API KEYS" in result.output
    assert any("WITHOUT API KEYS" in r.getMessage() for r in caplog.records)
    assert calls  # a warning, not a refusal: the server still starts


@pytest.mark.parametrize(
    ("host", "env"),
    [("127.0.0.1", {}), ("0.0.0.0", {"FACTSHEET_API_KEYS": KEY})],  # noqa: S104
)
def test_no_warning_on_loopback_or_with_keys(
    monkeypatch: pytest.MonkeyPatch, host: str, env: dict[str, str]
) -> None:
    result, _ = _run(monkeypatch, ["--host", host], env)
    assert result.exit_code == 0
    assert "WITHOUT API KEYS" not in result.output


def test_serve_logs_its_data_directory(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Any
) -> None:
    with caplog.at_level(logging.INFO):
        _run(monkeypatch, [], {"FACTSHEET_DATA_DIR": str(tmp_path / "here")})
    assert f"factsheet serve: data directory {tmp_path / 'here'}" in caplog.text


def test_serve_passes_the_connection_limits_to_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {
        "FACTSHEET_MAX_CONNECTIONS": "77",
        "FACTSHEET_KEEP_ALIVE_S": "9",
        "FACTSHEET_MAX_HEADER_BYTES": "4096",
        "FACTSHEET_HEADER_TIMEOUT_S": "3.5",
    }
    _, calls = _run(monkeypatch, [], env)
    options = calls[0]
    assert (options["limit_concurrency"], options["timeout_keep_alive"]) == (77, 9)
    assert options["h11_max_incomplete_event_size"] == 4096
    assert issubclass(options["http"], HeadDeadlineProtocol)
    assert options["http"].header_timeout_s == 3.5


def test_bad_connection_setting_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    result, calls = _run(monkeypatch, [], {"FACTSHEET_BODY_TIMEOUT_S": "0"})
    assert result.exit_code == 2
    assert calls == []


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.1", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),  # noqa: S104
        ("::", False),
        ("10.0.0.5", False),
        ("factsheet.internal", False),
    ],
)
def test_loopback_hosts_are_told_apart(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_default_data_dir_is_the_platform_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTSHEET_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", "/xdg/data")
    assert str(Settings().data_dir) == "/xdg/data/factsheet"
