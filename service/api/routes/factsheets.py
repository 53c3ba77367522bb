"""POST /v1/factsheets: an article in, its FactSheet out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from schemas.factsheet import FactSheet
from schemas.request import ArticleRequest
from service.api import examples
from service.api.deps import ApiKeyAuth, RuntimeDep, SettingsDep
from service.api.openapi import problem_responses
from service.deadline import within
from service.produce import produce

router = APIRouter(prefix="/v1", tags=["factsheets"])

# Every status this route can answer with; tests check the OpenAPI document lists them all.
STATUSES = (400, 401, 408, 413, 422, 429, 500, 502, 503, 504)


@router.post(
    "/factsheets",
    summary="Build the fact sheet of one article",
    response_description="The grounded fact sheet.",
    responses={
        200: {"content": {"application/json": {"example": examples.response()}}},
        **problem_responses(*STATUSES),
    },
)
async def create_factsheet(
    article: Annotated[
        ArticleRequest,
        Body(
            openapi_examples={"seed": {"summary": "The seed article", "value": examples.request()}}
        ),
    ],
    settings: SettingsDep,
    runtime: RuntimeDep,
    _auth: ApiKeyAuth,
) -> FactSheet:
    """Return the fact sheet of the article, within the request deadline."""
    return await within(produce(article, settings, runtime=runtime), settings.deadline_s)
