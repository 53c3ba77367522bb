"""Fact sheets of many articles with a chosen engine, for the evaluations.

The LLM engine goes through the same ``build_sheet`` as every interface, so a user with
a key measures quality the way the extractive engine is measured.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from schemas.factsheet import FactSheet
from schemas.options import Options
from service.config import Settings
from service.engines.llm.choice import resolved
from service.errors import UpstreamError
from service.pipeline.produce import Runtime, build_sheet
from service.pipeline.run import Prepared, extractive_sheet


@dataclass(slots=True)
class EvalRun:
    """Sheets in article order (None where the LLM gave none) and what failed."""

    sheets: list[FactSheet | None]
    failures: list[str] = field(default_factory=list)


async def _all(
    prepared: Sequence[Prepared], options: Options, settings: Settings, concurrency: int
) -> EvalRun:
    gate = asyncio.Semaphore(concurrency)
    runtime = Runtime(cache=None)
    failures: list[str] = []

    async def one(n: int, article: Prepared) -> FactSheet | None:
        async with gate:
            try:
                return await build_sheet(article, options, settings, runtime=runtime)
            except UpstreamError as exc:
                failures.append(f"article {n}: {type(exc).__name__}: {exc}")
                return None

    sheets = await asyncio.gather(*(one(n, a) for n, a in enumerate(prepared, 1)))
    return EvalRun(list(sheets), failures)


def eval_sheets(prepared: Sequence[Prepared], options: Options, settings: Settings) -> EvalRun:
    """Build every sheet with ``options.engine``; an explicit LLM never falls back silently."""
    if resolved(options.engine, settings) == "extractive":
        return EvalRun([extractive_sheet(p, options) for p in prepared])
    if options.engine == "llm":
        # A degraded extractive sheet would be scored as the LLM's: count it as a failure.
        settings = settings.model_copy(update={"fallback": False, "cache": False})
    return asyncio.run(_all(prepared, options, settings, settings.batch_concurrency))
