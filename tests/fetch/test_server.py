"""The fetcher against a local HTTP server, reached only through the test allow list."""

from __future__ import annotations

import asyncio
import gzip
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from schemas.options import Options
from schemas.request import ArticleRequest
from service.config import Settings
from service.errors import FetchFailed, FetchRefused, InputError
from service.fetch import AllowList, Fetched, fetch_url
from service.produce import Runtime, produce
from tests.conftest import SEED

ARTICLE = SEED.read_text(encoding="utf-8")
PAGE = (
    "<html><head><title>Kursk</title></head><body><article>"
    + "".join(f"<p>{para}</p>" for para in ARTICLE.split("\n\n") if para.strip())
    + "</article></body></html>"
).encode()


@dataclass
class Server:
    """A local server, its port and what it saw."""

    port: int
    seen: list[dict[str, str]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


class Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        record: Server = self.server.record  # type: ignore[attr-defined]
        record.seen.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
        path = self.path
        if path == "/page":
            self._send(200, PAGE, Content_Type="text/html; charset=utf-8")
        elif path == "/plain":
            self._send(
                200,
                ARTICLE.encode("latin-1", "replace"),
                Content_Type="text/plain; charset=latin-1",
            )
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self._send(302, Location=f"/hop/{left - 1}" if left > 1 else "/page")
        elif path.startswith("/to?"):
            self._send(302, Location=path.split("?", 1)[1])
        elif path == "/big":  # no Content-Length: read until the cap, then stop
            self._send(200, b"<p>" + b"x" * 2_500_000, Content_Type="text/html")
        elif path == "/big-declared":
            self._send(200, b"x" * 3_000_000, Content_Type="text/plain", Content_Length="3000000")
        elif path == "/bomb":
            body = gzip.compress(b" " * 5_000_000)
            self._send(200, body, Content_Type="text/html", Content_Encoding="gzip")
        elif path == "/slow":
            time.sleep(2)
            self._send(200, PAGE, Content_Type="text/html")
        elif path == "/pdf":
            self._send(200, b"%PDF-1.7", Content_Type="application/pdf")
        else:
            self._send(404, b"not found", Content_Type="text/plain")


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    record = Server(port=httpd.server_address[1])
    httpd.record = record  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield record
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str, server: Server, settings: Settings | None = None, **kw: object) -> Fetched:
    allow = AllowList.local(server.port)
    coro = fetch_url(url, settings=settings or Settings(), allow=allow, **kw)  # type: ignore[arg-type]
    return asyncio.run(coro)


def test_html_page_is_fetched(server: Server) -> None:
    fetched = fetch(server.url("/page"), server)
    assert (fetched.kind, fetched.content_type, fetched.content) == ("html", "text/html", PAGE)
    assert fetched.charset == "utf-8"
    assert server.seen[0]["user-agent"].startswith("Factsheet/")


def test_plain_text_is_decoded_with_its_charset(server: Server) -> None:
    fetched = fetch(server.url("/plain"), server)
    assert fetched.kind == "text"
    assert isinstance(fetched.body(), str)


def test_name_is_resolved_once_and_the_connection_pinned(server: Server) -> None:
    calls: list[str] = []

    async def rebinding(host: str, port: int) -> list[str]:
        # A rebinding DNS answers the check with one address and the connect with another.
        calls.append(host)
        return ["127.0.0.1"] if len(calls) == 1 else ["10.0.0.1"]

    fetched = fetch(f"http://article.test:{server.port}/page", server, resolver=rebinding)
    assert fetched.content == PAGE
    assert calls == ["article.test"]
    assert server.seen[0]["host"] == f"article.test:{server.port}"


def test_three_redirects_are_followed(server: Server) -> None:
    fetched = fetch(server.url("/hop/3"), server)
    assert fetched.final_url == server.url("/page")
    assert [s["path"] for s in server.seen] == ["/hop/3", "/hop/2", "/hop/1", "/page"]


def test_four_redirects_are_refused(server: Server) -> None:
    with pytest.raises(FetchFailed, match="too many redirects: more than 3"):
        fetch(server.url("/hop/4"), server)
    assert len(server.seen) == 4  # the fifth request is never sent


@pytest.mark.parametrize("path", ["/big", "/big-declared", "/bomb"])
def test_body_over_the_cap_is_refused(server: Server, path: str) -> None:
    with pytest.raises(FetchFailed, match="over the limit of 2000000 bytes"):
        fetch(server.url(path), server)


def test_slow_server_is_cut_at_the_deadline(server: Server) -> None:
    # The server answers after 2 s: a timeout error (not the page) means it was cut at 0.5 s.
    with pytest.raises(FetchFailed, match=r"timed out after 0\.5 s"):
        fetch(server.url("/slow"), server, Settings(fetch_timeout_s=0.5))


def test_pdf_is_refused_naming_its_type(server: Server) -> None:
    with pytest.raises(FetchFailed, match="content type 'application/pdf' is not HTML"):
        fetch(server.url("/pdf"), server)


def test_bad_status_is_refused(server: Server) -> None:
    with pytest.raises(FetchFailed, match="HTTP 404"):
        fetch(server.url("/missing"), server)


REDIRECT_BYPASSES = [
    ("http://127.0.0.1:{other}/page", "127.0.0.1 is a loopback address"),
    ("http://localhost:{port}/page", "localhost is a loopback name"),
    ("http://[::1]:{port}/page", "::1 is a loopback address"),
    ("http://[::ffff:127.0.0.1]:{port}/page", "IPv4-mapped form of 127.0.0.1"),
    ("http://2130706433:{other}/page", "127.0.0.1 is a loopback address"),
    ("http://0x7f.1:{other}/page", "127.0.0.1 is a loopback address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://internal.test/", "10.9.8.7 is a private address"),
    ("file:///etc/passwd", "scheme 'file' is not http or https"),
]


@pytest.mark.parametrize(("location", "reason"), REDIRECT_BYPASSES)
def test_redirect_out_of_the_allowed_server_is_refused(
    server: Server, location: str, reason: str
) -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return ["10.9.8.7"]

    target = location.format(port=server.port, other=server.port + 1)
    with pytest.raises(FetchRefused, match=reason.replace(".", r"\.")):
        fetch(server.url(f"/to?{target}"), server, resolver=resolver)
    assert len(server.seen) == 1


def test_produce_fetches_a_url_request(server: Server) -> None:
    request = ArticleRequest(url=server.url("/page"), options=Options(engine="extractive"))

    async def local_fetch(url: str, settings: Settings) -> Fetched:
        return await fetch_url(url, settings=settings, allow=AllowList.local(server.port))

    runtime = Runtime(fetch=local_fetch)
    sheet = asyncio.run(produce(request, Settings(), runtime=runtime))
    assert sheet.claims
    assert sheet.article.title == "Kursk"
    assert server.seen[0]["path"] == "/page"


def test_produce_refuses_a_private_url_as_input_error() -> None:
    url = "http://169.254.169.254/latest/meta-data/"
    request = ArticleRequest(url=url, options=Options(engine="extractive"))
    with pytest.raises(InputError, match="link-local"):
        asyncio.run(produce(request, Settings()))
