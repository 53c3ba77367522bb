"""Every dependency of the API, as an `Annotated` alias routes put in their signatures.

All are `async def`: FastAPI runs a plain `def` dependency in a worker thread, a hop
these few attribute reads and hashes do not need.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from service.api.auth import authenticate, key_matches
from service.api.ratelimit import RateLimiter, client_id
from service.config import Settings
from service.jobs.service import Jobs
from service.produce import Runtime

# auto_error=False: a missing or malformed header must reach `authenticate`, so every
# failure gets the same 401; these objects also document both schemes in OpenAPI.
bearer_scheme = HTTPBearer(auto_error=False, description="`Authorization: Bearer <key>`.")
api_key_scheme = APIKeyHeader(name="X-API-Key", auto_error=False, description="The key.")


async def app_settings(request: Request) -> Settings:
    """Return the settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


async def app_runtime(request: Request) -> Runtime:
    """Return the app's Runtime: HTTP client, cache, breakers, metrics and engines."""
    runtime: Runtime = request.app.state.runtime
    return runtime


async def app_jobs(request: Request) -> Jobs:
    """Return the batch jobs service the app's lifespan started."""
    jobs: Jobs = request.app.state.jobs
    return jobs


SettingsDep = Annotated[Settings, Depends(app_settings)]
RuntimeDep = Annotated[Runtime, Depends(app_runtime)]
JobsDep = Annotated[Jobs, Depends(app_jobs)]
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
ApiKeyHeaderDep = Annotated[str | None, Depends(api_key_scheme)]


async def require_api_key(
    settings: SettingsDep, bearer: BearerDep, header: ApiKeyHeaderDep
) -> None:
    """Let the request through when keys are off or it presents a valid one."""
    authenticate(settings.api_keys, (bearer.credentials if bearer else None, header))


# /metrics: the key check alone, so a scraper never spends a client's rate.
MetricsAuth = Annotated[None, Depends(require_api_key)]


async def require_key_within_rate(
    request: Request, settings: SettingsDep, bearer: BearerDep, header: ApiKeyHeaderDep
) -> None:
    """Authenticate, then take one token from the caller's bucket (429 when it is empty)."""
    presented = (bearer.credentials if bearer else None, header)
    authenticate(settings.api_keys, presented)
    limiter: RateLimiter | None = getattr(request.app.state, "limiter", None)
    if limiter is None or not limiter.enabled:
        return
    # Auth passed, so with keys on one of the presented values is a valid key: bucket by it.
    key = next((k for k in presented if k and key_matches(k, settings.api_keys)), None)
    limiter.check(client_id(key, request.client.host if request.client else None))


ApiKeyAuth = Annotated[None, Depends(require_key_within_rate)]
