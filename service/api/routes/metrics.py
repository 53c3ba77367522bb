"""GET /metrics, the Prometheus scrape endpoint.

/metrics is left out of the OpenAPI document and needs an API key when keys are set, like
/v1 (Prometheus sends one with `authorization: {credentials: ...}`); it never spends a
client's rate. Run it behind the same port: keys on, it reveals nothing to outsiders.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST

from service.api.deps import MetricsAuth, RuntimeDep

router = APIRouter(include_in_schema=False)


@router.get("/metrics")
async def metrics(runtime: RuntimeDep, _auth: MetricsAuth) -> Response:
    """Serve the Runtime's registry in the Prometheus text format."""
    return Response(await runtime.metrics.render(), media_type=CONTENT_TYPE_LATEST)
