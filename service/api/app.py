"""The FastAPI application factory: `uvicorn service.api.app:create_app --factory`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx2
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from service import __version__
from service.api import openapi, problems
from service.api.body_deadline import BodyDeadlineMiddleware
from service.api.keycheck import ApiKeyMiddleware
from service.api.limits import BodyLimitMiddleware
from service.api.ratelimit import RateLimiter
from service.api.request_id import RequestIdMiddleware
from service.api.routes import batches, factsheets, health, review, stream
from service.api.routes import metrics as metrics_route
from service.api.routes.slack import slack_router
from service.api.telemetry import MetricsMiddleware
from service.config import Settings, get_settings
from service.cpu import CpuPool
from service.engine_choice import describe_engine
from service.jobs.service import Jobs
from service.produce import Runtime, warm_up
from service.review.pages import STATIC_DIR

log = logging.getLogger(__name__)

DESCRIPTION = """\
Turns a news article into a grounded fact sheet: summary, claims and who makes them,
sources, and an explicit unverified section. Every span points back to the article.

Errors are `application/problem+json` (RFC 9457). When the server has API keys set,
`/v1/*` needs `Authorization: Bearer <key>` or `X-API-Key: <key>`.
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the Runtime's HTTP client (unless given one) and the jobs service; log the mode."""
    settings: Settings = app.state.settings
    runtime: Runtime = app.state.runtime
    jobs: Jobs = app.state.jobs
    log.info(
        "factsheet API: %s, api keys=%d, max body=%d bytes, deadline=%gs",
        describe_engine(settings),
        len(settings.api_keys),
        settings.max_body_bytes,
        settings.deadline_s,
    )
    await asyncio.to_thread(warm_up, settings)
    own_http, own_cpu = runtime.http is None, runtime.cpu is None
    if own_http:
        # One pooled client for the app's life, not one per request.
        runtime.http = httpx2.AsyncClient()
    if own_cpu:
        # The bounded pool for CPU-bound stages: a saturated service says so (503, /readyz).
        runtime.cpu = CpuPool(settings.cpu_workers, settings.cpu_queue)
    await jobs.start()
    try:
        yield
    finally:
        await jobs.stop()
        if own_http and runtime.http is not None:
            await runtime.http.aclose()
            runtime.http = None
        if own_cpu and runtime.cpu is not None:
            runtime.cpu.close()
            runtime.cpu = None


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    """Build the app from `settings` (default: the environment, failing fast on bad values).

    `runtime` holds the HTTP client, cache, breakers, metrics, fetcher and engines; tests pass
    one with fakes. Without one the app builds its own and opens its client in the lifespan.
    """
    settings = settings if settings is not None else get_settings()
    runtime = runtime if runtime is not None else Runtime()
    # /docs and /redoc load Swagger UI and ReDoc from the package's own files, not a CDN,
    # so they work on an air-gapped network; the assets are under /static-offline-docs.
    app = FastAPIOffline(
        title="Factsheet",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.runtime = runtime
    app.state.jobs = jobs = Jobs(settings, runtime)
    runtime.metrics.watch_queue_depth(jobs.depth)
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    problems.install(app)
    # The last added runs first: ids are assigned before the body limits can answer.
    app.add_middleware(BodyDeadlineMiddleware, timeout_s=settings.body_timeout_s)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    # Keys before the body: a caller without a key gets 401, never 400 or 413.
    app.add_middleware(ApiKeyMiddleware, keys=settings.api_keys)
    app.add_middleware(MetricsMiddleware, metrics=runtime.metrics)
    app.add_middleware(RequestIdMiddleware)
    app.include_router(health.router)
    app.include_router(metrics_route.router)
    app.include_router(factsheets.router)
    app.include_router(stream.router)
    app.mount("/review/static", StaticFiles(directory=STATIC_DIR), name="review-static")
    app.include_router(review.router)
    app.include_router(batches.router)
    slack = slack_router(settings, runtime)
    if slack is not None:
        app.include_router(slack)
    openapi.install(app, lambda schema: batches.document_limit(schema, settings.max_body_bytes))
    return app
