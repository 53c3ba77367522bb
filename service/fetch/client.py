"""Fetch an article URL: checked and pinned addresses, re-checked redirects, a capped body."""

from __future__ import annotations

import asyncio
import codecs
import socket
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal
from urllib.parse import urljoin

import httpx

from service.config import Settings
from service.errors import FetchFailed, FetchRefused
from service.fetch.addresses import AllowList, IPAddress, check_addresses
from service.fetch.decode import decoded, encoding_of, over_limit
from service.fetch.urls import Target, parse_url

Resolver = Callable[[str, int], Awaitable[list[str]]]
FetchedKind = Literal["html", "text"]

USER_AGENT = "Factsheet/0.1 (article fact-sheet service; fetches one page on a user's request)"
_ACCEPTED: dict[str, FetchedKind] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html, application/xhtml+xml, text/plain;q=0.9",
    # Uncompressed, please; a server that compresses anyway is decoded under the cap.
    "Accept-Encoding": "identity",
}
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched article page and what the server said it is."""

    url: str
    final_url: str
    content: bytes
    content_type: str
    kind: FetchedKind
    charset: str | None = None

    def body(self) -> str | bytes:
        """The body as text when the server named a known charset, else the raw bytes."""
        if self.charset is None:
            return self.content  # ingest decodes it as UTF-8, with a clear error otherwise
        return self.content.decode(self.charset, errors="replace")


# Built once: loading the CA bundle costs more than a small fetch.
@lru_cache(maxsize=1)
def tls_context() -> ssl.SSLContext:
    """The TLS context of every fetch: certifi's CAs, the certificate checked against the name."""
    return httpx.create_ssl_context()


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve a host name with the system resolver, off the event loop."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def _addresses(target: Target, resolver: Resolver, allow: AllowList | None) -> list[str]:
    """Resolve the target once and return its checked addresses as URL hosts."""
    if target.literal is not None:
        found = [str(target.literal)]
    else:
        try:
            found = await resolver(target.host, target.port)
        except OSError as exc:
            raise FetchFailed(f"could not resolve {target.host}: {exc}") from None
    checked: list[IPAddress] = check_addresses(found, target.port, allow)
    return [f"[{addr}]" if addr.version == 6 else str(addr) for addr in checked]


async def _open(client: httpx.AsyncClient, target: Target, hosts: list[str]) -> httpx.Response:
    """Send the GET to the first checked address that accepts a connection."""
    failure: Exception | None = None
    for host in hosts:
        # Connect to the checked IP itself, so no second DNS lookup can swap the address;
        # the name travels in the Host header and in TLS SNI (which also verifies the cert).
        pinned = f"{target.scheme}://{host}:{target.port}{target.path}"
        request = client.build_request(
            "GET",
            pinned,
            headers={"Host": target.host_header},
            extensions={"sni_hostname": target.host},
        )
        try:
            return await client.send(request, stream=True)
        except httpx.ConnectError as exc:
            failure = exc
        except httpx.InvalidURL as exc:
            # httpx parses a redirect's Location as the response arrives; not an HTTPError.
            detail = f"invalid redirect from {target.url[:200]}: {exc}"
            raise FetchRefused(f"URL refused: {detail}") from None
    raise FetchFailed(f"could not connect to {target.host}: {failure}")


async def _read(response: httpx.Response, url: str, final_url: str, limit: int) -> Fetched:
    """Check the status and content type, then read the body up to ``limit`` bytes."""
    if not response.is_success:
        raise FetchFailed(f"could not fetch {final_url}: HTTP {response.status_code}")
    content_type = response.headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    kind = _ACCEPTED.get(media)
    if kind is None:
        raise FetchFailed(f"content type {media or '(none)'!r} is not HTML or plain text")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchFailed(f"the page is {declared} bytes, over the limit of {limit} bytes")
    coding = encoding_of(response.headers.get("content-encoding", ""))
    body = bytearray()
    # Raw bytes, decoded here with an output cap: httpx would inflate a whole read at once.
    async for chunk in decoded(response.aiter_raw(), coding, limit):
        body.extend(chunk)
        if len(body) > limit:
            raise over_limit(limit)
    charset = response.charset_encoding
    try:
        charset = codecs.lookup(charset).name if charset else None
    except LookupError:
        charset = None
    return Fetched(url, final_url, bytes(body), media, kind, charset)


async def _follow(
    url: str, settings: Settings, resolver: Resolver, allow: AllowList | None
) -> Fetched:
    """Fetch ``url``, putting every redirect through the same checks as the first URL."""
    current = url
    async with httpx.AsyncClient(
        headers=_HEADERS,
        follow_redirects=False,
        trust_env=False,  # a proxy from the environment would resolve names itself
        timeout=settings.fetch_timeout_s,
        verify=tls_context(),
    ) as client:
        for hop in range(settings.fetch_max_redirects + 1):
            try:
                target = parse_url(current)
                hosts = await _addresses(target, resolver, allow)
            except FetchRefused as exc:
                if hop == 0:
                    raise
                raise FetchRefused(f"{exc} (redirected to {current[:200]})") from None
            response = await _open(client, target, hosts)
            try:
                if response.status_code not in _REDIRECTS:
                    return await _read(response, url, current, settings.fetch_max_bytes)
                location = response.headers.get("location")
                if not location:
                    raise FetchFailed(f"redirect without a Location from {current}")
                current = urljoin(current, location)
            finally:
                await response.aclose()
    raise FetchFailed(f"too many redirects: more than {settings.fetch_max_redirects}")


async def fetch_url(
    url: str,
    *,
    settings: Settings,
    resolver: Resolver | None = None,
    allow: AllowList | None = None,
) -> Fetched:
    """Fetch an article page safely; raise FetchRefused or FetchFailed with the reason."""
    timeout = settings.fetch_timeout_s
    try:
        # One deadline over DNS, every redirect and the whole body, not per read.
        async with asyncio.timeout(timeout):
            return await _follow(url, settings, resolver or system_resolver, allow)
    except (TimeoutError, httpx.TimeoutException):
        raise FetchFailed(f"could not fetch {url[:200]}: timed out after {timeout:g} s") from None
    except httpx.InvalidURL as exc:
        # Not an httpx.HTTPError: a URL (or redirect) httpx cannot even build a request for.
        raise FetchRefused(f"URL refused: {exc}") from None
    except (httpx.HTTPError, httpx.StreamError) as exc:
        raise FetchFailed(f"could not fetch {url[:200]}: {type(exc).__name__}: {exc}") from None
