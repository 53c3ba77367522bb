"""Request metrics (an ASGI middleware) and GET /metrics, the Prometheus scrape endpoint.

/metrics is left out of the OpenAPI document and needs an API key when keys are set, like
/v1 (Prometheus sends one with `authorization: {credentials: ...}`); it never spends a
client's rate. Run it behind the same port: keys on, it reveals nothing to outsiders.
"""

from __future__ import annotations

import time

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.deps import MetricsAuth
from service.observability.metrics import Metrics

router = APIRouter(include_in_schema=False)
# Paths that match no route are one label, so scanners cannot grow the label set.
UNMATCHED = "unmatched"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class MetricsMiddleware:
    """Counts each HTTP request by route template, method and status, and times it."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Time the request; an exception that escapes is counted as the 500 it becomes."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route: BaseRoute | None = scope.get("route")
            label = getattr(route, "path", None) or UNMATCHED
            method = scope["method"] if scope.get("method") in METHODS else "OTHER"
            self.metrics.requests.labels(label, method, str(status)).inc()
            self.metrics.latency.labels(label, method).observe(time.perf_counter() - start)


@router.get("/metrics")
async def metrics(request: Request, _auth: MetricsAuth) -> Response:
    """Serve the app's registry in the Prometheus text format."""
    registry: Metrics = request.app.state.metrics
    return Response(await registry.render(), media_type=CONTENT_TYPE_LATEST)
