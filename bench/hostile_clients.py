"""What hostile peers cost the service: slow clients against a real uvicorn configured as
`factsheet serve`, and a gzip bomb against the URL fetcher.

    python bench/hostile_clients.py [--runs 5] [--timeout-s 1]

Slow clients (deadlines set to --timeout-s): when a body sent one byte every 0.2 s gets
its 408, and when a trickled request head and a silent connection are closed. Gzip bomb:
a ~100 KB gzip body that inflates to 100 MB, served on loopback; the tracemalloc peak and
the time of one fetch (the cap is 2 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import socket
import statistics
import threading
import time
import tracemalloc

import uvicorn
from rich.console import Console
from rich.table import Table

from service.api.app import create_app
from service.api.connections import uvicorn_limits
from service.config import Settings
from service.errors import FetchFailed
from service.fetch import AllowList, fetch_url


def _start(settings: Settings) -> int:
    sock = socket.create_server(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(settings), log_config=None, **uvicorn_limits(settings))
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return int(sock.getsockname()[1])


def _slow_body(port: int) -> float:
    body = b'{"text": "' + b"x" * 300 + b'"}'
    conn = socket.create_connection(("127.0.0.1", port))
    conn.sendall(
        b"POST /v1/factsheets HTTP/1.1\r\nHost: b\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body)
    )
    started = time.monotonic()
    conn.settimeout(0.2)
    for byte in body:
        try:
            conn.sendall(bytes([byte]))
            if conn.recv(65536).startswith(b"HTTP/1.1 408"):
                return time.monotonic() - started
        except TimeoutError:
            continue
    raise AssertionError("no 408")


def _trickled_head(port: int) -> float:
    conn = socket.create_connection(("127.0.0.1", port))
    conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: b\r\n")
    started = time.monotonic()
    conn.settimeout(0.25)
    while time.monotonic() - started < 30:
        try:
            conn.sendall(b"X-Slow: 1\r\n")
            if conn.recv(4096) == b"":
                break
        except TimeoutError:
            continue
        except OSError:
            break
    return time.monotonic() - started


def _silent(port: int) -> float:
    conn = socket.create_connection(("127.0.0.1", port))
    started = time.monotonic()
    conn.settimeout(30)
    try:
        while conn.recv(4096):
            pass
    except ConnectionResetError:
        pass
    return time.monotonic() - started


def _bomb_server(body: bytes) -> int:
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
        b"Connection: close\r\n\r\n"
    )
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            conn, _ = listener.accept()
            with conn:
                conn.recv(65536)
                with contextlib.suppress(OSError):  # the fetcher hangs up at the cap
                    conn.sendall(head + body)

    threading.Thread(target=serve, daemon=True).start()
    return int(listener.getsockname()[1])


def _bomb(port: int) -> tuple[float, float]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        coro = fetch_url(
            f"http://127.0.0.1:{port}/", settings=Settings(), allow=AllowList.local(port)
        )
        asyncio.run(coro)
        raise AssertionError("the bomb was accepted")
    except FetchFailed:
        pass
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout-s", type=float, default=1.0)
    args = parser.parse_args()
    limit = args.timeout_s
    port = _start(Settings(cache=False, body_timeout_s=limit, header_timeout_s=limit))
    bomb = gzip.compress(b"\0" * 100_000_000, compresslevel=9)
    bomb_port = _bomb_server(bomb)
    rows: dict[str, list[float]] = {"body": [], "head": [], "silent": [], "mib": [], "s": []}
    for _ in range(args.runs):
        rows["body"].append(_slow_body(port))
        rows["head"].append(_trickled_head(port))
        rows["silent"].append(_silent(port))
        mib, seconds = _bomb(bomb_port)
        rows["mib"].append(mib)
        rows["s"].append(seconds)
    table = Table(title=f"hostile peers, {args.runs} runs (deadlines {limit:g} s)")
    for column in ("what", "min", "median", "max"):
        table.add_column(column, justify="left" if column == "what" else "right")
    names = {
        "body": "slow body: 408 after (s)",
        "head": "trickled head: closed after (s)",
        "silent": "silent connection: closed after (s)",
        "mib": f"gzip bomb ({len(bomb):,} B -> 100 MB): peak MiB",
        "s": "gzip bomb: fetch refused after (s)",
    }
    for key, name in names.items():
        values = rows[key]
        table.add_row(
            name, *(f"{v:.2f}" for v in (min(values), statistics.median(values), max(values)))
        )
    Console().print(table)


if __name__ == "__main__":
    main()
