"""A loopback HTTP server that answers with scripted raw bytes, so tests can send what
well-behaved server libraries refuse to (backslashes or UTF-8 in headers, gzip bombs)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

# A reply: the path of the request in, the whole response (status line to body) out.
Reply = Callable[[str], bytes]


def response(status: str, headers: dict[str, str | bytes], body: bytes = b"") -> bytes:
    """Raw response bytes; header values given as bytes are sent exactly as they are."""
    lines = [f"HTTP/1.1 {status}".encode()]
    for name, value in {"Connection": "close", **headers}.items():
        raw = value if isinstance(value, bytes) else value.encode("latin-1")
        lines.append(name.encode() + b": " + raw)
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


@dataclass
class RawServer:
    """Where the server listens and the request paths it saw, in order."""

    port: int
    paths: list[str] = field(default_factory=list)
    heads: list[bytes] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _serve(listener: socket.socket, reply: Reply, record: RawServer, stop: threading.Event) -> None:
    listener.settimeout(0.05)  # so the loop sees `stop` soon after the test ends
    while not stop.is_set():
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        except OSError:
            return
        conn.settimeout(5)
        with conn:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                head += chunk
            if not head:
                continue
            path = head.split(b" ", 2)[1].decode("latin-1")
            record.paths.append(path)
            record.heads.append(head)
            try:
                answer = reply(path)
            except Exception as exc:  # a broken script must not kill the server thread
                answer = response("500 Script Error", {}, repr(exc).encode())
            with contextlib.suppress(OSError):  # the client hung up (it read enough to refuse)
                conn.sendall(answer)


@contextmanager
def raw_server(reply: Reply) -> Iterator[RawServer]:
    """Run a one-request-per-connection server on 127.0.0.1 for the ``with`` block."""
    listener = socket.create_server(("127.0.0.1", 0))
    record = RawServer(port=listener.getsockname()[1])
    stop = threading.Event()
    thread = threading.Thread(target=_serve, args=(listener, reply, record, stop), daemon=True)
    thread.start()
    try:
        yield record
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()
