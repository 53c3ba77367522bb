"""Request ids: a well-formed incoming X-Request-ID, or a new one; kept in state, echoed back."""

from __future__ import annotations

import re
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.observability.logs import REQUEST_ID

HEADER = "X-Request-ID"
# Anything else is replaced: the id is logged and echoed, so it must not carry markup or newlines.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,64}")


class RequestIdMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware) so it adds no task or buffering per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Tag the request with its id and add the id to the response headers."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Headers(scope=scope).get(HEADER, "")
        request_id = incoming if _WELL_FORMED.fullmatch(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        # Every log line of this request (and of tasks it starts) carries the id. Not reset
        # on the way out: the server runs each request in its own task (its own context), and
        # the 500 handler logs from outside this middleware, after it returns.
        REQUEST_ID.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                # setdefault: a problem response may already carry it.
                MutableHeaders(scope=message).setdefault(HEADER, request_id)
            await send(message)

        await self.app(scope, receive, send_with_id)
