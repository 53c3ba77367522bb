"""HTTPS through a pinned address: SNI and certificate checks use the name, not the IP."""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import trustme

from service.config import Settings
from service.errors import FetchFailed
from service.fetch import AllowList, fetch_url
from service.fetch import client as fetch_client

BODY = b"<html><body><p>Pinned and verified.</p></body></html>"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("X-Seen-Host", self.headers.get("Host", ""))
        self.end_headers()
        self.wfile.write(BODY)


@pytest.fixture
def ca(monkeypatch: pytest.MonkeyPatch) -> trustme.CA:
    authority = trustme.CA()

    def trusting() -> ssl.SSLContext:
        context = ssl.create_default_context()
        authority.configure_trust(context)
        return context

    monkeypatch.setattr(fetch_client, "tls_context", trusting)
    return authority


def serve_tls(ca: trustme.CA, name: str) -> Iterator[int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(name).configure_cert(context)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def article_port(ca: trustme.CA) -> Iterator[int]:
    yield from serve_tls(ca, "article.test")


@pytest.fixture
def impostor_port(ca: trustme.CA) -> Iterator[int]:
    yield from serve_tls(ca, "impostor.test")


async def resolver(host: str, port: int) -> list[str]:
    assert host == "article.test"
    return ["127.0.0.1"]


def fetch(url: str, port: int) -> bytes:
    coro = fetch_url(url, settings=Settings(), resolver=resolver, allow=AllowList.local(port))
    return asyncio.run(coro).content


def test_https_to_the_pinned_ip_verifies_the_name(article_port: int) -> None:
    assert fetch(f"https://article.test:{article_port}/", article_port) == BODY


def test_https_certificate_for_another_name_fails(impostor_port: int) -> None:
    with pytest.raises(FetchFailed, match=r"CERTIFICATE_VERIFY_FAILED|certificate"):
        fetch(f"https://article.test:{impostor_port}/", impostor_port)
