"""POST /v1/factsheets/stream: progressive results as server-sent events (docs/review.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import StreamingResponse

from schemas.request import ArticleRequest
from service.api import examples
from service.api.deps import ApiKeyAuth, RuntimeDep, SettingsDep
from service.api.openapi import problem_responses
from service.api.progressive import MEDIA_TYPE, STREAM_HEADERS, sheet_events
from service.deadline import within
from service.produce import prepare_request

router = APIRouter(prefix="/v1", tags=["factsheets"])

# Errors found before the stream starts are HTTP problems; later ones are problem events.
STATUSES = (400, 401, 413, 422, 429, 500, 504)

_EXAMPLE = (
    'event: sheet\ndata: {"schema_version": "1", "engine": {"name": "extractive"}, ...}\n\n'
    ": keep-alive\n\n"
    'event: final\ndata: {"schema_version": "1", "engine": {"name": "llm"}, ...}\n\n'
)
_EVENT: dict[str, Any] = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"type": "string", "enum": ["sheet", "final", "problem"]},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "description": "A FactSheet (sheet, final) or a Problem (problem): one JSON line.",
        },
    },
}
_STREAM_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": (
            "Server-sent events. `event: sheet` carries the extractive FactSheet, provisional, "
            "sent first and only when the LLM engine runs; `event: final` carries the final "
            "FactSheet and is the last event; `event: problem` carries an RFC 9457 problem "
            "and is the last event when building fails after the stream began. Lines starting "
            "with `:` are keep-alives. Every `data:` is one line of JSON."
        ),
        # Before OpenAPI 3.2, the schema of an event-stream media type describes each event.
        "content": {MEDIA_TYPE: {"schema": _EVENT, "example": _EXAMPLE}},
    }
}


@router.post(
    "/factsheets/stream",
    summary="Build the fact sheet progressively (server-sent events)",
    response_class=StreamingResponse,
    responses={**_STREAM_RESPONSE, **problem_responses(*STATUSES)},
)
async def stream_factsheet(
    article: Annotated[
        ArticleRequest,
        Body(
            openapi_examples={"seed": {"summary": "The seed article", "value": examples.request()}}
        ),
    ],
    request: Request,
    settings: SettingsDep,
    runtime: RuntimeDep,
    _auth: ApiKeyAuth,
) -> StreamingResponse:
    """With the LLM engine: the extractive sheet at once, then the LLM sheet; else the sheet."""
    prepared = await within(prepare_request(article, settings, runtime), settings.deadline_s)
    events = sheet_events(
        prepared,
        article.options,
        settings,
        runtime=runtime,
        request_id=getattr(request.state, "request_id", None),
        instance=request.url.path,
    )
    return StreamingResponse(events, media_type=MEDIA_TYPE, headers=STREAM_HEADERS)
