"""uvicorn's HTTP/1.1 protocol with a deadline on the request head (slowloris).

uvicorn bounds idle keep-alive connections (`timeout_keep_alive`), but the timer stops at
the first byte: a client that opens a connection and trickles its headers, one byte every
few seconds, holds the connection forever, and enough of them take every slot under
`limit_concurrency`. This protocol closes a connection whose next request head has not
fully arrived `header_timeout_s` after the connection opened or the last response ended.
Once a head has arrived, the body deadline (service/api/body_deadline.py) takes over.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from service.config import Settings

log = logging.getLogger(__name__)


class HeadDeadlineProtocol(H11Protocol):
    """H11Protocol that closes connections whose request head is late; see the module doc."""

    header_timeout_s: float = 10.0
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the head deadline of the connection's first request."""
        super().connection_made(transport)
        self._arm_head_deadline()

    def on_response_complete(self) -> None:
        """Start the head deadline of the next request on this keep-alive connection."""
        super().on_response_complete()
        self._arm_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        """Drop the timer with the connection."""
        self._disarm_head_deadline()
        super().connection_lost(exc)

    def _arm_head_deadline(self) -> None:
        self._disarm_head_deadline()
        if not self.transport.is_closing():
            self._head_timer = self.loop.call_later(self.header_timeout_s, self._head_expired)

    def _disarm_head_deadline(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_expired(self) -> None:
        self._head_timer = None
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a request is being served: its body and request deadlines apply
        if not self.transport.is_closing():
            log.warning(
                "closing a connection whose request head took over %gs", self.header_timeout_s
            )
            self.transport.close()


def head_deadline_protocol(header_timeout_s: float) -> type[HeadDeadlineProtocol]:
    """The protocol class to pass to uvicorn as `http=`, with this deadline."""
    return type(
        "HeadDeadlineProtocol", (HeadDeadlineProtocol,), {"header_timeout_s": header_timeout_s}
    )


def uvicorn_limits(settings: Settings) -> dict[str, Any]:
    """uvicorn options bounding what slow or greedy clients hold (`serve` and the tests)."""
    return {
        "http": head_deadline_protocol(settings.header_timeout_s),
        "timeout_keep_alive": settings.keep_alive_s,
        # Past this many open connections (or running requests) uvicorn answers 503.
        "limit_concurrency": settings.max_connections,
        # A request head past this many bytes is refused with 400 before it is parsed.
        "h11_max_incomplete_event_size": settings.max_header_bytes,
    }
