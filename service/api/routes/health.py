"""GET /healthz (the process answers) and GET /readyz (it can serve requests)."""

from __future__ import annotations

import asyncio
import tempfile
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from service.api.deps import JobsDep, RuntimeDep, SettingsDep
from service.config import Settings
from service.engine_choice import resolved

router = APIRouter(tags=["health"])
CheckResult = Literal["ok", "off", "skipped", "failed", "saturated"]


class Health(BaseModel):
    """The process is alive."""

    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    """Whether the service can take requests, and in which mode."""

    status: Literal["ready", "not_ready"] = Field(description="not_ready comes with a 503.")
    engine: Literal["llm", "extractive"] = Field(description="What engine=auto resolves to.")
    auth: bool = Field(description="True when /v1 requires an API key.")
    checks: dict[str, CheckResult] = Field(
        description=(
            "Each check: settings, cache, jobs (the job store answers a ping), cpu "
            "(saturated while every CPU worker is busy and the queue is full)."
        )
    )
    llm_circuit: Literal["closed", "half_open", "open", "off"] = Field(
        default="off",
        description="The LLM endpoint's circuit breaker; open still serves (extractive fallback).",
    )


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> Health:
    """Answer 200 as long as the event loop runs."""
    return Health()


@router.get(
    "/readyz",
    summary="Readiness: settings valid, cache and job store reachable, engine mode",
    responses={503: {"model": Readiness, "description": "Not ready (a check failed)."}},
)
async def readyz(
    settings: SettingsDep, runtime: RuntimeDep, jobs: JobsDep, response: Response
) -> Readiness:
    """Run the readiness checks; answer 503 when one fails."""
    store: CheckResult = "ok" if await jobs.ping() else "failed"
    cache = await asyncio.to_thread(cache_check, settings)
    if cache == "skipped":
        cache = store  # the Redis cache lives on the job store's server
    # Settings were validated when the app was built: a bad value stops the process earlier.
    cpu = runtime.cpu
    checks: dict[str, CheckResult] = {"settings": "ok", "cache": cache, "jobs": store}
    checks["cpu"] = "off" if cpu is None else "saturated" if cpu.saturated else "ok"
    ready = not {"failed", "saturated"} & set(checks.values())
    if not ready:
        response.status_code = 503
    return Readiness(
        status="ready" if ready else "not_ready",
        engine="llm" if resolved("auto", settings) == "llm" else "extractive",
        auth=bool(settings.api_keys),
        checks=checks,
        # Not a readiness check: every replica shares the endpoint, so pulling this one out
        # of the load balancer would not help; the sheets degrade instead (or answer 503).
        llm_circuit=runtime.breakers.for_settings(settings).state
        if settings.llm_configured
        else "off",
    )


def cache_check(settings: Settings) -> CheckResult:
    """Check that the LLM sheet cache can be written (SQLite under data_dir)."""
    if not (settings.cache and settings.llm_configured):
        return "off"  # only LLM sheets are cached
    if settings.redis_url:
        return "skipped"  # readyz pings the Redis server once, as the job store
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=settings.data_dir):
            pass
    except OSError:
        return "failed"
    return "ok"
