"""GET /healthz (the process answers) and GET /readyz (it can serve requests)."""

from __future__ import annotations

import tempfile
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from service.api.deps import SettingsDep
from service.config import Settings
from service.engines.llm.choice import resolved
from service.llm.breaker import breaker_for

router = APIRouter(tags=["health"])
CheckResult = Literal["ok", "off", "skipped", "failed"]


class Health(BaseModel):
    """The process is alive."""

    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    """Whether the service can take requests, and in which mode."""

    status: Literal["ready", "not_ready"] = Field(description="not_ready comes with a 503.")
    engine: Literal["llm", "extractive"] = Field(description="What engine=auto resolves to.")
    auth: bool = Field(description="True when /v1 requires an API key.")
    checks: dict[str, CheckResult] = Field(description="Each check: settings, cache.")
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
    summary="Readiness: settings valid, cache writable, engine mode",
    responses={503: {"model": Readiness, "description": "Not ready (a check failed)."}},
)
def readyz(settings: SettingsDep, response: Response) -> Readiness:
    """Run the readiness checks; answer 503 when one fails (sync: it touches the disk)."""
    # Settings were validated when the app was built: a bad value stops the process earlier.
    checks: dict[str, CheckResult] = {"settings": "ok", "cache": cache_check(settings)}
    ready = "failed" not in checks.values()
    if not ready:
        response.status_code = 503
    return Readiness(
        status="ready" if ready else "not_ready",
        engine="llm" if resolved("auto", settings) == "llm" else "extractive",
        auth=bool(settings.api_keys),
        checks=checks,
        # Not a readiness check: every replica shares the endpoint, so pulling this one out
        # of the load balancer would not help; the sheets degrade instead (or answer 503).
        llm_circuit=breaker_for(settings).state if settings.llm_configured else "off",
    )


def cache_check(settings: Settings) -> CheckResult:
    """Check that the LLM sheet cache can be written (SQLite under data_dir)."""
    if not (settings.cache and settings.llm_configured):
        return "off"  # only LLM sheets are cached
    if settings.redis_url:
        # Probing Redis would make readiness depend on the network; its client reports errors.
        return "skipped"
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=settings.data_dir):
            pass
    except OSError:
        return "failed"
    return "ok"
