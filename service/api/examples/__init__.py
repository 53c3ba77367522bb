"""OpenAPI examples built from the seed article; regenerate: python -m service.api.examples."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from schemas.factsheet import FactSheet
from schemas.request import ArticleRequest
from service.config import Settings

SEED_TITLE = "North Korean troops in Kursk"


@cache
def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(files(__name__).joinpath(name).read_text("utf-8"))
    return loaded


def request() -> dict[str, Any]:
    """Return the example request body: the seed article with explicit options."""
    return _load("request.json")


def response() -> dict[str, Any]:
    """Return the FactSheet the extractive engine makes of the example request."""
    return _load("response.json")


async def build(seed_text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Build both examples from the seed text, with the deterministic extractive engine."""
    # Imported here: the pipeline is only needed to regenerate, not to serve the examples.
    from service.produce import produce

    body = {
        "text": seed_text,
        "title": SEED_TITLE,
        "options": {"engine": "extractive", "summary_sentences": 3, "max_claims": 50},
    }
    sheet: FactSheet = await produce(ArticleRequest.model_validate(body), Settings())
    return body, sheet.model_dump(mode="json")
