"""Run each hostile article (seeds/hostile/) through both engines, once per session."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import httpx2
import openai._base_client
import pytest

from schemas.factsheet import FactSheet
from schemas.options import Options
from service.config import Settings
from service.produce import Prepared, Runtime, build_sheet, extractive_sheet, prepare
from tests.hostile.obedient import ObedientLLM

HOSTILE = Path(__file__).resolve().parents[2] / "seeds" / "hostile"
ARTICLES = sorted(p for p in HOSTILE.iterdir() if p.suffix in {".txt", ".html"})
ENGINES = ("extractive", "llm")


@dataclass(frozen=True)
class Outcome:
    """One hostile article after the deterministic stages and both engines."""

    path: Path
    prepared: Prepared
    extractive: FactSheet
    llm: FactSheet
    bodies: list[dict[str, Any]]

    def sheet(self, engine: str) -> FactSheet:
        return self.llm if engine == "llm" else self.extractive


def llm_settings() -> Settings:
    # Explicit values for everything that matters, so the environment cannot change the run;
    # an endpoint of its own, so no other test's circuit breaker state reaches these.
    return Settings(
        llm_base_url="http://hostile-llm.test/v1",
        llm_model="gpt-4o-mini",
        llm_reasks=1,
        llm_http_retries=0,
        cache=False,
        fallback=False,
    )


@cache
def outcome(path: Path) -> Outcome:
    """Prepare the article and build its sheet with each engine (the LLM one on the fake)."""
    kind = "html" if path.suffix == ".html" else "text"
    prepared = prepare(path.read_text(encoding="utf-8"), kind=kind, max_chars=100_000)
    fake = ObedientLLM()

    async def run() -> FactSheet:
        async with httpx2.AsyncClient(transport=fake.transport()) as http:
            return await build_sheet(
                prepared, Options(), llm_settings(), runtime=Runtime(http=http)
            )

    llm = asyncio.run(run())
    return Outcome(path, prepared, extractive_sheet(prepared, Options()), llm, fake.bodies)


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openai._base_client, "INITIAL_RETRY_DELAY", 0.0)
