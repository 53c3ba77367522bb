"""The fetcher against servers that misbehave on the wire: every oddity is a clear input
error (FetchRefused or FetchFailed: HTTP 422), never an unhandled exception (HTTP 500).

The servers are fixtures: hand-written raw responses on loopback (tests/support/raw_http.py).
"""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest

from schemas.options import Options
from schemas.request import ArticleRequest
from service.config import Settings
from service.errors import FetchFailed, FetchRefused, InputError
from service.fetch import AllowList, Fetched, fetch_url
from service.produce import Runtime, produce
from tests.support.raw_http import RawServer, raw_server, response

PAGE = b"<html><body><article><p>The minister said the bridge fell.</p></article></body></html>"
# 100 MB of zeros gzip to about 100 KB: the bomb of the issue (133 MiB per fetch before).
BOMB_SIZE = 100_000_000
REDIRECT_PRIVATE = "10.9.8.7"


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip.compress(b"\0" * BOMB_SIZE, compresslevel=9)


def _redirect(location: bytes) -> bytes:
    return response("302 Found", {"Location": location})


def _page(body: bytes = PAGE, **headers: str) -> bytes:
    return response("200 OK", {"Content-Type": "text/html; charset=utf-8", **headers}, body)


async def _private(host: str, port: int) -> list[str]:
    return [REDIRECT_PRIVATE]


def _fetch(server: RawServer, path: str, settings: Settings | None = None) -> Fetched:
    coro = fetch_url(
        server.url(path),
        settings=settings or Settings(),
        allow=AllowList.local(server.port),
        resolver=_private,
    )
    return asyncio.run(coro)


@pytest.fixture
def redirector() -> Iterator[RawServer]:
    """/to/<n> redirects to LOCATIONS[n] (PORT: this server's port); anything else is PAGE."""

    def reply(path: str) -> bytes:
        number = path.removeprefix("/to/")
        if number.isdigit():
            location = REDIRECTS[int(number)][0]
            return _redirect(location.replace(b"PORT", str(server.port).encode()))
        if path.startswith("/page"):
            return _page()
        return response("404 Not Found", {"Content-Type": "text/plain"}, b"no")

    with raw_server(reply) as server:
        yield server


# (Location header bytes, the error class, a substring of its message); None: followed.
REDIRECTS: list[tuple[bytes, type[InputError] | None, str]] = [
    (b"http:\\\\127.0.0.1\\ok", FetchRefused, "invalid redirect from http://127"),
    (b"javascript:alert(1)", FetchRefused, "invalid redirect from"),
    (b"", FetchFailed, "redirect without a Location"),
    (b"//other.test/x", FetchRefused, f"{REDIRECT_PRIVATE} is a private address"),
    (b"127.0.0.1/page", FetchFailed, "HTTP 404"),  # no scheme: a relative path, as browsers do
    (b"../page", None, "/page"),
    (b"HTTP://127.0.0.1:PORT/page", None, "/page"),
    (b"http://127.0.0.1:99999/", FetchRefused, "Port out of range"),
    (b"http://127.0.0.1:abc/", FetchFailed, "Invalid port"),
    (b"http://[::1", FetchFailed, "Invalid URL in location header"),
    (b"http://:80/", FetchRefused, "no host"),
    ("http://exämple.test/päge".encode(), FetchRefused, "private address"),
    ("/päge".encode(), FetchFailed, "HTTP 404"),
    (b"\xff\xfe", FetchFailed, "HTTP 404"),
    (b"http://127.0.0.1:PORT/\x7f", FetchFailed, "non-printable ASCII character"),
]


@pytest.mark.parametrize(
    ("index", "expected", "message"),
    [(n, error, message) for n, (_, error, message) in enumerate(REDIRECTS)],
    ids=[repr(location)[2:-1] or "empty" for location, _, _ in REDIRECTS],
)
def test_redirect_oddity_is_an_input_error_or_followed(
    redirector: RawServer, index: int, expected: type[InputError] | None, message: str
) -> None:
    if expected is None:
        assert _fetch(redirector, f"/to/{index}").final_url.endswith(message)
        return
    with pytest.raises(expected, match=message.replace("[", r"\[").replace(".", r"\.")):
        _fetch(redirector, f"/to/{index}")


def test_malformed_redirect_reaches_the_pipeline_as_an_input_error(
    redirector: RawServer,
) -> None:
    # The repro: this Location was an httpx InvalidURL, unhandled, so HTTP 500.
    request = ArticleRequest(url=redirector.url("/to/0"), options=Options(engine="extractive"))

    async def local_fetch(url: str, settings: Settings) -> Fetched:
        return await fetch_url(url, settings=settings, allow=AllowList.local(redirector.port))

    runtime = Runtime(fetch=local_fetch)
    with pytest.raises(InputError):
        asyncio.run(produce(request, Settings(), runtime=runtime))


def test_fetch_asks_for_an_uncompressed_body(redirector: RawServer) -> None:
    _fetch(redirector, "/page")
    assert b"\r\naccept-encoding: identity\r\n" in redirector.heads[0].lower()


def _encoded(body: bytes, coding: str) -> bytes:
    if coding == "deflate-raw":
        packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return packer.compress(body) + packer.flush()
    return gzip.compress(body) if coding == "gzip" else zlib.compress(body)


@pytest.mark.parametrize("coding", ["gzip", "deflate", "deflate-raw"])
def test_server_that_compresses_anyway_is_decoded(coding: str) -> None:
    header = "deflate" if coding.startswith("deflate") else coding
    reply = _page(_encoded(PAGE, coding), Content_Encoding=header)
    with raw_server(lambda path: reply.replace(b"Content_Encoding", b"Content-Encoding")) as srv:
        assert _fetch(srv, "/page").content == PAGE


@pytest.mark.parametrize(
    ("header", "message"),
    [("br", "'br' is not supported"), ("gzip, gzip", "more than one coding")],
)
def test_unsupported_content_encoding_is_refused(header: str, message: str) -> None:
    reply = response(
        "200 OK", {"Content-Type": "text/html", "Content-Encoding": header}, b"\x1b\x00"
    )
    with raw_server(lambda path: reply) as srv, pytest.raises(FetchFailed, match=message):
        _fetch(srv, "/page")


def test_corrupt_gzip_is_an_input_error() -> None:
    reply = response("200 OK", {"Content-Type": "text/html", "Content-Encoding": "gzip"}, b"nope")
    with raw_server(lambda path: reply) as srv, pytest.raises(FetchFailed, match="corrupt"):
        _fetch(srv, "/page")


def test_gzip_bomb_is_refused_without_inflating_it(bomb: bytes) -> None:
    reply = response("200 OK", {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb)
    with raw_server(lambda path: reply) as srv:
        tracemalloc.start()
        try:
            with pytest.raises(FetchFailed, match="over the limit of 2000000 bytes"):
                _fetch(srv, "/page")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    # The cap is 2 MB of output; httpx's own decoder held the whole 100 MB (133 MiB peak).
    assert len(bomb) < 200_000
    assert peak < 16 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"
