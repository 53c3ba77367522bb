"""The request body limit, enforced as bytes arrive and before anything parses them.

FastAPI's own `max_body_size` is not used: when Content-Length is over its limit it swaps
whatever response starts for a text/plain 413, so the client would never see a problem.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.problems import BODY_TOO_LARGE, problem_response


class BodyLimitMiddleware:
    """Answer 413 for a body over `max_bytes`, declared (Content-Length) or streamed (chunked)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a declared oversize body unread; count the bytes of any other body."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            request = Request(scope, receive)
            detail = f"The body declares {declared} bytes; the limit is {self.max_bytes}."
            await problem_response(request, BODY_TOO_LARGE, detail)(scope, receive, send)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # A Starlette HTTPException: FastAPI re-raises it from its body reader
                    # (anything else becomes a 400), and the problem handler renders it.
                    raise HTTPException(413, f"The body is over the {self.max_bytes}-byte limit.")
            return message

        await self.app(scope, counted_receive, send)
