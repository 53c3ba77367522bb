"""Logs: JSON lines (or text) on stderr, each with the request id, secrets scrubbed.

What is never logged: article text, API keys, Slack secrets. Our code logs none of them;
the libraries that would (openai and the HTTP clients dump whole request
bodies at DEBUG) are held at WARNING whatever the level, and a last filter masks anything
shaped like a key or token.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

LogFormat = Literal["json", "text"]
REQUEST_ID: ContextVar[str | None] = ContextVar("factsheet_request_id", default=None)
# These log request and response bodies (the article, the prompt) at DEBUG or INFO.
PAYLOAD_LOGGERS = (
    "openai", "httpx", "httpx2", "httpcore", "hpack", "aiohttp",
    "slack_bolt", "slack_sdk", "urllib3", "asyncio", "multipart", "python_multipart",
)  # fmt: skip
# Bearer credentials, Slack tokens, OpenAI-style keys, Slack signatures.
SECRET = re.compile(
    r"(?i)(bearer\s+)\S+|\bxox[abposre]-[\w-]+|\bsk-[\w-]{8,}|\bv0=[0-9a-f]{16,}|\bxapp-[\w-]+"
)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def scrub(text: str) -> str:
    """Mask anything shaped like a credential."""
    return SECRET.sub(lambda m: (m.group(1) or "") + "[redacted]", text)


class ContextFilter(logging.Filter):
    """Adds the current request id to every record, and scrubs its message of secrets."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Annotate and scrub; never drops a record."""
        record.request_id = REQUEST_ID.get()
        if record.name == "uvicorn.access" and isinstance(record.args, tuple):
            _access_fields(record)
        record.msg, record.args = scrub(record.getMessage()), None
        return True


def _access_fields(record: logging.LogRecord) -> None:
    # uvicorn: '%s - "%s %s HTTP/%s" %d'; the query string is dropped, it is not ours to keep.
    if len(record.args or ()) == 5:
        client, method, path, _version, status = record.args  # type: ignore[misc]
        bare = str(path).split("?", 1)[0]
        record.__dict__["http"] = {"method": method, "path": bare, "status": status}
        record.__dict__["client"] = client
        record.msg, record.args = "%s %s %s", (method, bare, status)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, request_id, and extras."""

    def format(self, record: logging.LogRecord) -> str:
        """Render `record` as one line of JSON."""
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", REQUEST_ID.get()),
        }
        for extra in ("http", "client"):
            if hasattr(record, extra):
                line[extra] = getattr(record, extra)
        if record.exc_info:
            line["exc"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def default_format() -> LogFormat:
    """JSON unless a person is watching (stderr is a terminal)."""
    return "text" if sys.stderr.isatty() else "json"


def configure_logging(
    fmt: LogFormat | None = None, level: str | int = "INFO", stream: TextIO | None = None
) -> logging.Handler:
    """Send every logger (uvicorn's included) through one handler on the root; return it."""
    handler = logging.StreamHandler(stream or sys.stderr)
    chosen = fmt or default_format()
    handler.setFormatter(JsonFormatter() if chosen == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in PAYLOAD_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    # uvicorn's own handlers are not installed (log_config=None): its records reach the root.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    return handler
