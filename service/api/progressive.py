"""Progressive results: the extractive sheet at once, then the LLM sheet, as server-sent events.

One generator serves both streaming routes (`POST /v1/factsheets/stream` for newsroom tools,
`POST /review/stream` for the review page), so they cannot drift apart. The wire format
(docs/review.md):

    event: sheet      data: the extractive FactSheet, provisional (only when the LLM runs)
    event: final      data: the final FactSheet (always the last event on success)
    event: problem    data: an RFC 9457 problem (always the last event on failure)

Comment lines (`: keep-alive`) are sent while the LLM works, so proxies keep the stream open.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Literal

from schemas.factsheet import FactSheet
from schemas.options import Options
from service.api.problems import Problem, kind_of
from service.config import Settings
from service.deadline import within
from service.produce import Prepared, Runtime, build_sheet, resolve_engine

log = logging.getLogger(__name__)

EventName = Literal["sheet", "final", "problem"]
KEEP_ALIVE_S = 15.0
MEDIA_TYPE = "text/event-stream"
# Sent by the streaming routes so no proxy buffers the events or caches the answer.
STREAM_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}

OnSheet = Callable[[EventName, FactSheet], Awaitable[None]]


def encode(event: EventName, data: str) -> str:
    """One SSE event; `data` is single-line JSON, so it fits one `data:` field."""
    return f"event: {event}\ndata: {data}\n\n"


def problem_event(exc: BaseException, request_id: str | None, instance: str) -> str:
    """The problem event of an exception, mapped exactly as the HTTP handler maps it."""
    kind = kind_of(exc)
    if kind.status >= 500:
        log.warning("stream failed: %s", type(exc).__name__, exc_info=kind.status == 500)
    problem = Problem(
        type=kind.type,
        title=kind.title,
        status=kind.status,
        detail=kind.detail or str(exc),
        instance=instance,
        request_id=request_id,
    )
    return encode("problem", problem.model_dump_json(exclude_none=True))


async def _with_keep_alive(work: Awaitable[FactSheet], out: list[FactSheet]) -> AsyncIterator[str]:
    task = asyncio.ensure_future(work)
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=KEEP_ALIVE_S)
            if done:
                out.append(task.result())
                return
            yield ": keep-alive\n\n"
    finally:
        task.cancel()


async def sheet_events(
    prepared: Prepared,
    options: Options,
    settings: Settings,
    *,
    runtime: Runtime,
    request_id: str | None = None,
    instance: str = "",
    on_sheet: OnSheet | None = None,
) -> AsyncIterator[str]:
    """Yield the SSE text of one article: [sheet], final; or a problem as the last event."""
    try:
        steps: list[tuple[EventName, Options]] = [("final", options)]
        if resolve_engine(options.engine, settings) == "llm":
            extractive = options.model_copy(update={"engine": "extractive"})
            steps.insert(0, ("sheet", extractive))
        for name, step in steps:
            built: list[FactSheet] = []
            build = build_sheet(prepared, step, settings, runtime=runtime)
            work = within(build, settings.deadline_s)
            async for beat in _with_keep_alive(work, built):
                yield beat
            if on_sheet is not None:
                await on_sheet(name, built[0])
            yield encode(name, built[0].model_dump_json())
    except Exception as exc:
        yield problem_event(exc, request_id, instance)
