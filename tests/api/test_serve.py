"""`factsheet serve`: uvicorn with the app factory, host and port from options or settings."""

from __future__ import annotations

import uvicorn
from typer.testing import CliRunner

from service.cli import serve
from service.cli.main import app
from service.config import get_settings


def _run(monkeypatch, args, env=None):
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: calls.append((target, kw)))
    # The real one replaces the root handlers, pytest's capture included.
    monkeypatch.setattr(serve, "configure_logging", lambda *a, **kw: None)
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["serve", *args])
    finally:
        get_settings.cache_clear()
    return result, calls


def test_serve_defaults_to_localhost_8000(monkeypatch):
    monkeypatch.delenv("FACTSHEET_HOST", raising=False)
    monkeypatch.delenv("FACTSHEET_PORT", raising=False)

    result, calls = _run(monkeypatch, [])

    assert result.exit_code == 0, result.output
    target, kwargs = calls[0]
    assert target == "service.api.app:create_app" and kwargs["factory"] is True
    assert (kwargs["host"], kwargs["port"]) == ("127.0.0.1", 8000)


def test_serve_options_override_settings(monkeypatch):
    anywhere = "0.0.0.0"  # noqa: S104 (the Docker image binds all interfaces)

    result, calls = _run(
        monkeypatch, ["--host", anywhere, "--port", "9001"], {"FACTSHEET_PORT": "7000"}
    )

    assert result.exit_code == 0, result.output
    assert (calls[0][1]["host"], calls[0][1]["port"]) == (anywhere, 9001)


def test_serve_fails_fast_on_bad_settings(monkeypatch):
    result, calls = _run(monkeypatch, [], {"FACTSHEET_PORT": "0"})

    assert result.exit_code == 2
    assert calls == []
