"""The one entry point every interface calls: an ArticleRequest in, a FactSheet out."""

from __future__ import annotations

import asyncio

from schemas.factsheet import FactSheet
from schemas.request import ArticleRequest
from service.config import Settings
from service.errors import InputError
from service.pipeline.run import InputKind, Prepared, extractive_sheet, prepare


async def prepare_request(request: ArticleRequest, settings: Settings) -> Prepared:
    """Resolve the request's input and run the deterministic stages off the event loop."""
    kind: InputKind
    if request.text is not None:
        raw, kind = request.text, "text"
    elif request.html is not None:
        raw, kind = request.html, "html"
    else:
        raise InputError("URL input is not supported yet: send text or html")
    return await asyncio.to_thread(
        prepare, raw, kind=kind, title=request.title, max_chars=settings.max_chars
    )


async def produce(request: ArticleRequest, settings: Settings) -> FactSheet:
    """Build the fact sheet of one article with the engine the options ask for."""
    prepared = await prepare_request(request, settings)
    return await asyncio.to_thread(extractive_sheet, prepared, request.options)
