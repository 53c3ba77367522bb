"""A deadline on receiving the request body, so a slow client cannot hold a request forever.

uvicorn has no such timeout: a client that sends its headers and then one body byte a
minute keeps a connection, a task and a buffer for as long as it likes. Here the whole body
must arrive within `body_timeout_s` of the request's start, or the request ends with
408 problem+json and the connection is closed. Once the body is complete, later receives
(a streaming response waiting for a disconnect) pass through untouched.
"""

from __future__ import annotations

import asyncio

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The connection is closed: the rest of the body would otherwise be read as the next request.
CLOSE = {"Connection": "close"}


class BodyDeadlineMiddleware:
    """Answer 408 when the request body is not fully received within ``timeout_s``."""

    def __init__(self, app: ASGIApp, timeout_s: float) -> None:
        self.app = app
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Bound every body read by what is left of the deadline."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s
        complete = False

        async def bounded_receive() -> Message:
            nonlocal complete
            if complete:
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                # A Starlette HTTPException: FastAPI re-raises it from its body reader and
                # the problem handler renders it (as BodyLimitMiddleware's 413).
                detail = f"The request body did not arrive within {self.timeout_s:g} s."
                raise HTTPException(408, detail, headers=CLOSE) from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                complete = True
            return message

        await self.app(scope, bounded_receive, send)
