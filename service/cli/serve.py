"""`factsheet serve`: run the REST API under uvicorn."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
import uvicorn

from service.api.connections import uvicorn_limits
from service.cli.startup import announce_data_dir, warn_if_open
from service.config import get_settings
from service.observability.logs import configure_logging


class LogChoice(StrEnum):
    """Log line format."""

    json = "json"
    text = "text"


def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to bind (default: FACTSHEET_HOST, else 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(min=1, max=65_535, help="Port (default: FACTSHEET_PORT, else 8000)."),
    ] = None,
    log_format: Annotated[
        LogChoice | None,
        typer.Option(help="json or text (default: json unless stderr is a terminal)."),
    ] = None,
    log_level: Annotated[str, typer.Option(help="Root log level.")] = "INFO",
) -> None:
    """Serve the REST API (POST /v1/factsheets, /healthz, /readyz, /docs)."""
    settings = get_settings()  # fails before binding the port (one line, exit 2)
    # An import string with factory=True builds the app inside the server process, from the
    # same environment, so the app sees exactly the settings validated above.
    configure_logging(log_format.value if log_format else None, log_level.upper())
    bind = host or settings.host
    announce_data_dir(settings, "serve", logged=True)
    warn_if_open(settings, bind)
    uvicorn.run(
        "service.api.app:create_app",
        factory=True,
        host=bind,
        port=port or settings.port,
        server_header=False,
        # None: uvicorn installs no handlers of its own; its records, access log included,
        # go through ours (one format, request id on every line).
        log_config=None,
        # Connections (docs/operations.md): what one slow or greedy client can hold. The
        # body deadline is a middleware of the app (service/api/body_deadline.py).
        **uvicorn_limits(settings),
    )
