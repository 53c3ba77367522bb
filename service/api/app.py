"""The FastAPI application factory: `uvicorn service.api.app:create_app --factory`."""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx2
from fastapi import Depends, FastAPI

from service import __version__
from service.api import openapi, problems
from service.api.deps import require_key_within_rate
from service.api.limits import BodyLimitMiddleware
from service.api.openapi import problem_responses
from service.api.ratelimit import RateLimiter
from service.api.request_id import RequestIdMiddleware
from service.api.routes import factsheets, health
from service.api.telemetry import MetricsMiddleware
from service.api.telemetry import router as metrics_router
from service.config import Settings, get_settings
from service.engines.llm.choice import describe_engine
from service.jobs.routes import jobs_router
from service.jobs.service import Jobs
from service.observability import metrics
from service.pipeline.language import detect_language
from service.pipeline.produce import Runtime
from service.slack import slack_router

log = logging.getLogger(__name__)

DESCRIPTION = """\
Turns a news article into a grounded fact sheet: summary, claims and who makes them,
sources, and an explicit unverified section. Every span points back to the article.

Errors are `application/problem+json` (RFC 9457). When the server has API keys set,
`/v1/*` needs `Authorization: Bearer <key>` or `X-API-Key: <key>`.
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Hold one LLM HTTP client for the app's life (pooled connections); log the mode."""
    settings: Settings = app.state.settings
    log.info(
        "factsheet API: %s, api keys=%d, max body=%d bytes, deadline=%gs",
        describe_engine(settings),
        len(settings.api_keys),
        settings.max_body_bytes,
        settings.deadline_s,
    )
    await asyncio.to_thread(_warm_up, settings)
    metrics.attach(app.state.metrics)
    async with httpx2.AsyncClient() as http:
        app.state.runtime = Runtime(http=http)
        try:
            yield
        finally:
            del app.state.runtime
            metrics.detach(app.state.metrics)


def _warm_up(settings: Settings) -> None:
    # One-time loads (the language model, openai, the tokenizer) take over a second; done
    # lazily, the first request pays them where no deadline can cut the synchronous work.
    detect_language("Warm up the language identifier before the first request arrives.")
    if settings.llm_configured:
        importlib.import_module("service.llm.call").warm_up(settings)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app from `settings`, or from the environment (failing fast on bad values)."""
    settings = settings if settings is not None else get_settings()
    app = FastAPI(
        title="Factsheet",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.metrics = metrics.Metrics()
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    problems.install(app)
    # The last added runs first: ids are assigned before the body limit can answer.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    app.add_middleware(RequestIdMiddleware)
    app.include_router(health.router)
    app.include_router(metrics_router)
    app.include_router(factsheets.router)
    jobs = Jobs(settings)
    app.state.metrics.watch_queue_depth(jobs.depth)
    app.include_router(
        jobs_router(settings, jobs),
        dependencies=[Depends(require_key_within_rate)],
        responses=problem_responses(400, 401, 404, 413, 422, 429, 500),
    )
    slack = slack_router(settings)
    if slack is not None:
        app.include_router(slack)
    openapi.install(app)
    return app
