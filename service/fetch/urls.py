"""Parse a URL the way a browser would and refuse the forms the fetcher never follows."""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from ipaddress import IPv4Address, ip_address
from urllib.parse import unquote, urlsplit

from service.errors import FetchRefused
from service.fetch.addresses import IPAddress, refusal_reason

_DEFAULT_PORTS = {"http": 80, "https": 443}
# WHATWG: a host whose last label is a number is an IPv4 address, however it is spelled.
_NUMERIC_LABEL = re.compile(r"(0x[0-9a-f]*|[0-9]+)")
_NUMERIC_HOST = re.compile(r"[0-9a-fx.]+")
_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*")
# Tabs, newlines and backslashes are silently rewritten by browsers; refuse them instead.
_SUSPECT = re.compile(r"[\x00-\x20\x7f\\]")


@dataclass(frozen=True, slots=True)
class Target:
    """A URL that passed the syntax checks: where to connect and what to call the host."""

    url: str
    scheme: str
    host: str
    port: int
    path: str
    literal: IPAddress | None

    @property
    def host_header(self) -> str:
        """The Host header: the name (or bracketed IPv6), with the port when not default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == _DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def _refuse(why: str) -> FetchRefused:
    return FetchRefused(f"URL refused: {why}")


def _numeric_ipv4(host: str) -> IPv4Address | None:
    """Read decimal, octal, hex and short IPv4 forms as libc's inet_aton does."""
    labels = host.split(".")
    if not _NUMERIC_LABEL.fullmatch(labels[-1]):
        return None
    if not _NUMERIC_HOST.fullmatch(host):
        raise ValueError(f"{host} ends in a number but is not an IPv4 address")
    try:
        return IPv4Address(socket.inet_aton(host))
    except OSError:
        raise ValueError(f"{host} is not a valid IPv4 address") from None


def _parse_host(raw: str) -> tuple[str, IPAddress | None]:
    """Normalise the host to ASCII and read it as an IP address when it is one."""
    host = unquote(raw)
    if ":" in host:
        addr, _, zone = host.partition("%")
        try:
            parsed = ip_address(addr)
        except ValueError:
            raise _refuse(f"{host} is not a valid IPv6 address") from None
        if zone:
            # A zone id names a local interface: never part of a public address.
            scoped = ip_address(host)
            raise _refuse(refusal_reason(scoped) or f"{host} has an IPv6 zone id")
        return addr, parsed
    try:
        # IDNA maps look-alikes (full-width digits) to ASCII, as browsers do.
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise _refuse(f"{host!r} is not a valid host name") from None
    if host.endswith("."):
        host = host[:-1]
    try:
        numeric = _numeric_ipv4(host)
    except ValueError as exc:
        raise _refuse(str(exc)) from None
    if numeric is not None:
        return str(numeric), numeric
    if not _NAME.fullmatch(host):
        raise _refuse(f"{host!r} is not a valid host name")
    if host == "localhost" or host.endswith(".localhost"):
        raise _refuse(f"{host} is a loopback name")
    return host, None


def parse_url(url: str) -> Target:
    """Split and check a URL: http(s) only, no userinfo, a valid host; no network access."""
    if _SUSPECT.search(url):
        raise _refuse("whitespace, control characters or backslashes in the URL")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise _refuse(f"malformed URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise _refuse(f"scheme {scheme or '(none)'!r} is not http or https")
    if "@" in parts.netloc:
        raise _refuse("credentials (userinfo) in the URL")
    if not parts.hostname:
        raise _refuse("no host")
    if port == 0:
        raise _refuse("port 0")
    host, literal = _parse_host(parts.hostname)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(
        url=url,
        scheme=scheme,
        host=host,
        port=port if port is not None else _DEFAULT_PORTS[scheme],
        path=path,
        literal=literal,
    )
