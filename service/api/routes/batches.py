"""The jobs API: submit a batch, follow it, stream its results, cancel it.

The jobs service is started and stopped by the app's lifespan and reached through `JobsDep`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from schemas.options import EngineChoice, Options
from service.api.deps import JobsDep, SettingsDep, require_key_within_rate
from service.api.openapi import problem_responses
from service.config import Settings
from service.errors import EmptyInput
from service.jobs.records import Item, parse_body
from service.jobs.store import JobStatus


def _body(limit: int) -> dict[str, Any]:
    """The request body as OpenAPI shows it (the route reads raw bytes, so FastAPI cannot)."""
    article = Item.model_json_schema()
    return {
        "required": True,
        "description": (
            "A JSON list of articles, or JSONL: one article object per line. "
            f"At most {limit:,} bytes (FACTSHEET_MAX_BODY_BYTES, default 2 MiB); a larger "
            "body gets 413 before it is read. Split bigger batches, or use `factsheet batch`."
        ),
        "content": {
            "application/json": {
                "schema": {"type": "array", "items": article, "minItems": 1},
                "example": [{"id": "a1", "text": "The minister said ..."}],
            },
            "application/x-ndjson": {
                "schema": {"type": "string", "maxLength": limit},
                "example": '{"id": "a1", "text": "..."}\n',
            },
        },
    }


DEFAULT_LIMIT: int = Settings.model_fields["max_body_bytes"].default


def document_limit(schema: dict[str, Any], limit: int) -> None:
    """Show an app's own body cap in its OpenAPI document (the route is shared by apps)."""
    operation = schema.get("paths", {}).get(router.prefix, {}).get("post")
    if operation is not None:
        operation["requestBody"] = _body(limit)


router = APIRouter(
    prefix="/v1/batches",
    tags=["batches"],
    dependencies=[Depends(require_key_within_rate)],
    responses=problem_responses(400, 401, 404, 408, 413, 422, 429, 500, 503),
)


@router.post(
    "",
    status_code=202,
    response_model=JobStatus,
    openapi_extra={"requestBody": _body(DEFAULT_LIMIT)},
)
async def submit(
    request: Request,
    response: Response,
    settings: SettingsDep,
    jobs: JobsDep,
    engine: Annotated[EngineChoice, Query(description="Engine for every article.")] = "auto",
) -> JobStatus:
    """Queue a batch; bad lines become error results naming their line numbers."""
    entries = parse_body(await request.body())
    if not entries:
        raise EmptyInput("the batch has no articles")
    options = Options(engine=engine, summary_sentences=settings.summary_sentences)
    status = await jobs.submit(entries, options)
    response.headers["Location"] = f"/v1/batches/{status.id}"
    return status


@router.get("/{job_id}", response_model=JobStatus)
async def status(job_id: str, jobs: JobsDep) -> JobStatus:
    """Status and counts of a batch."""
    return await jobs.status(job_id)


@router.get(
    "/{job_id}/results",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}}},
)
async def results(job_id: str, jobs: JobsDep) -> StreamingResponse:
    """The results so far as JSONL: {"id", "factsheet"} or {"id", "error"} per line."""
    await jobs.status(job_id)  # a 404 before the stream starts, not inside it
    return StreamingResponse(jobs.results(job_id), media_type="application/x-ndjson")


@router.delete("/{job_id}", response_model=JobStatus)
async def cancel(job_id: str, jobs: JobsDep) -> JobStatus:
    """Cancel a batch: articles not yet started are skipped; results so far stay."""
    return await jobs.cancel(job_id)
