"""Slow and greedy clients against a real uvicorn on loopback, configured as `serve` does:
a late body gets 408, a late request head is disconnected, and the connection cap holds."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import uvicorn

from service.api.app import create_app
from service.api.connections import uvicorn_limits
from service.config import Settings

Start = Callable[..., int]


@pytest.fixture
def start_server() -> Iterator[Start]:
    """Start `factsheet serve`'s uvicorn on Settings(**overrides); return its port."""
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(**overrides: Any) -> int:
        settings = Settings(cache=False, **overrides)
        sock = socket.create_server(("127.0.0.1", 0))
        config = uvicorn.Config(
            create_app(settings), log_config=None, lifespan="on", **uvicorn_limits(settings)
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        servers.append((server, thread))
        return int(sock.getsockname()[1])

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)


def _connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def _read_all(conn: socket.socket) -> bytes:
    data = b""
    try:
        while chunk := conn.recv(65536):
            data += chunk
    except ConnectionResetError:
        pass  # the server closed with our unread bytes pending: a reset after its answer
    return data


def _closed_within(conn: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed the connection (or None if it did not in time)."""
    start = time.monotonic()
    conn.settimeout(seconds)
    try:
        while conn.recv(4096):
            pass
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return time.monotonic() - start


def test_body_sent_slowly_gets_408_problem_at_the_body_deadline(start_server: Start) -> None:
    port = start_server(body_timeout_s=1.0)
    body = json.dumps({"text": "The mayor said the bridge fell.", "x": "y" * 200}).encode()
    conn = _connect(port)
    head = (
        "POST /v1/factsheets HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    started = time.monotonic()
    conn.sendall(head.encode())
    answer = b""
    conn.settimeout(0.2)
    for byte in body:  # one byte every 0.2 s: the body would take 50 s
        try:
            conn.sendall(bytes([byte]))
            answer += conn.recv(65536)
        except TimeoutError:
            continue
        except OSError:
            break
        if answer:
            break
    conn.settimeout(5)
    answer += _read_all(conn)
    elapsed = time.monotonic() - started
    status, _, rest = answer.partition(b"\r\n")
    assert status == b"HTTP/1.1 408 Request Timeout"
    headers, _, payload = rest.partition(b"\r\n\r\n")
    assert b"content-type: application/problem+json" in headers.lower()
    assert b"connection: close" in headers.lower()
    problem = json.loads(payload)
    assert problem["status"] == 408
    assert problem["request_id"]
    assert "within 1 s" in problem["detail"]
    assert 0.9 < elapsed < 3.0


def test_complete_body_within_the_deadline_is_served(start_server: Start) -> None:
    port = start_server(body_timeout_s=1.0)
    body = json.dumps({"text": "The mayor said the bridge fell."}).encode()
    conn = _connect(port)
    conn.sendall(
        b"POST /v1/factsheets HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    )
    assert _read_all(conn).startswith(b"HTTP/1.1 200 ")


def test_request_head_trickled_byte_by_byte_is_disconnected(start_server: Start) -> None:
    # Slowloris: uvicorn's keep-alive timer stops at the first byte, so this was held forever.
    port = start_server(header_timeout_s=1.0, keep_alive_s=1)
    conn = _connect(port)
    conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n")
    started = time.monotonic()
    conn.settimeout(0.25)
    closed = None
    while time.monotonic() - started < 5:
        try:
            conn.sendall(b"X-Slow: 1\r\n")
            if conn.recv(4096) == b"":
                closed = time.monotonic() - started
                break
        except TimeoutError:
            continue
        except OSError:
            closed = time.monotonic() - started
            break
    assert closed is not None, "the server kept a trickling request head open for 5 s"
    assert 0.8 < closed < 2.5


def test_silent_connection_is_disconnected_at_the_head_deadline(start_server: Start) -> None:
    port = start_server(header_timeout_s=1.0, keep_alive_s=60)
    closed = _closed_within(_connect(port), 5)
    assert closed is not None and 0.8 < closed < 2.5


def test_keep_alive_connection_serves_a_second_request(start_server: Start) -> None:
    port = start_server(header_timeout_s=1.0)
    conn = _connect(port)
    for close in (b"", b"Connection: close\r\n"):
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n" + close + b"\r\n")
        time.sleep(0.6)  # two requests 1.2 s apart: each head has its own deadline
    answer = _read_all(conn)
    assert answer.count(b"HTTP/1.1 200 OK") == 2


def test_connections_past_the_cap_get_503_and_the_cap_frees_up(start_server: Start) -> None:
    port = start_server(max_connections=3, header_timeout_s=30)
    idle = [_connect(port) for _ in range(3)]
    time.sleep(0.2)
    conn = _connect(port)
    conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    assert _read_all(conn).startswith(b"HTTP/1.1 503 ")
    for held in idle:
        held.close()
    time.sleep(0.2)
    conn = _connect(port)
    conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    assert _read_all(conn).startswith(b"HTTP/1.1 200 ")


def test_request_head_over_the_size_limit_is_refused(start_server: Start) -> None:
    port = start_server(max_header_bytes=2048)
    conn = _connect(port)
    conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + b"a" * 3000)
    time.sleep(0.3)  # the server holds an incomplete head of 3,000 bytes: over the limit
    with contextlib.suppress(OSError):
        conn.sendall(b"\r\n\r\n")
    assert _read_all(conn).startswith(b"HTTP/1.1 400 ")
