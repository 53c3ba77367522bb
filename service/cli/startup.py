"""What every long-running command says as it starts: where its data lives, and what is unsafe."""

from __future__ import annotations

import logging
from ipaddress import ip_address

import typer

from service.config import Settings

log = logging.getLogger("factsheet")


def is_loopback(host: str) -> bool:
    """True when ``host`` only accepts connections from this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name that may resolve to a public interface


def announce_data_dir(settings: Settings, command: str, *, logged: bool) -> None:
    """Say where the data directory is, so nobody has to guess where files went.

    ``logged``: the command logs to stderr (serve, worker), so one log line says it and
    the stream stays all JSON; otherwise (batch) a plain line on stderr.
    """
    if logged:
        log.info("factsheet %s: data directory %s", command, settings.data_dir)
    else:
        typer.echo(f"factsheet {command}: data directory {settings.data_dir}", err=True)


def warn_if_open(settings: Settings, host: str) -> bool:
    """Warn loudly (stderr and log) when serving beyond loopback without API keys."""
    if settings.api_keys or is_loopback(host):
        return False
    message = (
        f"serving on {host} WITHOUT API KEYS: anyone who can reach this address can use "
        "the API and spend its LLM budget; set FACTSHEET_API_KEYS, or bind 127.0.0.1"
    )
    typer.secho(f"WARNING: {message}", err=True, fg=typer.colors.RED, bold=True)
    log.warning(message)
    return True
