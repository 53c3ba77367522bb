"""The API key check at the ASGI level: a request without a valid key is refused (401)
before its body is read, so a client without a key never learns about 400 or 413."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi.security.utils import get_authorization_scheme_param
from pydantic import SecretStr
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.auth import authenticate
from service.api.problems import handle
from service.errors import AuthError

PROTECTED = "/v1"


def presented_keys(headers: Headers) -> tuple[str | None, str | None]:
    """The Bearer token and the X-API-Key header, as the route dependencies read them."""
    scheme, token = get_authorization_scheme_param(headers.get("authorization"))
    return (token if scheme.lower() == "bearer" and token else None), headers.get("x-api-key")


class ApiKeyMiddleware:
    """Refuse /v1 requests without a valid key before anything reads or parses the body."""

    def __init__(self, app: ASGIApp, keys: Sequence[SecretStr]) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the one 401 problem, or pass the request on untouched."""
        path: str = scope.get("path", "") if scope["type"] == "http" else ""
        if self.keys and (path == PROTECTED or path.startswith(PROTECTED + "/")):
            try:
                authenticate(self.keys, presented_keys(Headers(scope=scope)))
            except AuthError as exc:
                response = await handle(Request(scope, receive), exc)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
