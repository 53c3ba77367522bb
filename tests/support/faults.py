"""Helpers of the fault tests: settings on the fake LLM endpoint and one-call sheets."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx2

from schemas.factsheet import FactSheet
from schemas.options import Options
from service.config import Settings
from service.produce import Runtime, build_sheet, prepare

# One short sentence: the extractive fallback's own time is negligible next to the overhead.
TINY = "Jonas Oman has claimed that North Korean soldiers fought Ukrainian forces in Kursk."


def llm_settings(**overrides: Any) -> Settings:
    """Settings on the fake endpoint, cache off so every request reaches the engine."""
    base: dict[str, Any] = {
        "llm_base_url": "http://llm.test/v1",
        "llm_model": "gpt-4o-mini",
        # A fake, split so secret scanners do not flag it.
        "llm_api_key": "sk-" + "fixture-not-a-real-key",
        "cache": False,
    }
    return Settings(**{**base, **overrides})


def sheet_of(text: str, settings: Settings, upstream: httpx2.AsyncClient | Runtime) -> FactSheet:
    """Build one sheet through build_sheet (the path every interface takes)."""
    prepared = prepare(text, kind="text", max_chars=settings.max_chars)
    runtime = upstream if isinstance(upstream, Runtime) else Runtime(http=upstream)
    return asyncio.run(build_sheet(prepared, Options(), settings, runtime=runtime))
