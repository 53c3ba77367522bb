"""A fake LLM engine for the batch bench and tests; never imported by the service.

    FAKE_LLM_LATENCY_MS=500 python bench/fake_engine.py batch in.jsonl -o out.jsonl

`install()` swaps `service.pipeline.produce.produce` for a coroutine that sleeps like an
LLM call and returns a fixed sheet with LLM-like usage. Run as a script it installs
itself and then runs the `factsheet` CLI, so subprocess workers can use it too.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable, Coroutine
from functools import lru_cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

import service.pipeline.produce as pipeline
from schemas.factsheet import FactSheet
from schemas.request import ArticleRequest
from service.config import Settings
from service.errors import EmptyInput
from service.pipeline.produce import Runtime

# Measured on the seed article's prompt (system + user + Draft tool schema); see docs/batch.md.
PROMPT_TOKENS = 1_750
COMPLETION_TOKENS = 600
_TEXT = "The minister said on Monday that the bridge would reopen in May, officials reported."


@lru_cache(maxsize=1)
def _template() -> FactSheet:
    # Built by hand, not by the pipeline, so the bench measures the batch path alone.
    cost = (PROMPT_TOKENS * 0.15 + COMPLETION_TOKENS * 0.60) / 1e6  # gpt-4o-mini prices
    return FactSheet.model_validate(
        {
            "id": "0" * 64,
            "engine": {"name": "llm", "model": "fake", "prompt_version": "fake"},
            "article": {"language": "en", "chars": len(_TEXT), "text": _TEXT, "removed": []},
            "summary": [{"text": _TEXT, "support": ["s1"]}],
            "claims": [],
            "sources": [],
            "unverified": [],
            "notes": [],
            "warnings": [],
            "usage": {
                "llm_calls": 1,
                "prompt_tokens": PROMPT_TOKENS,
                "completion_tokens": COMPLETION_TOKENS,
                "cost_usd": cost,
            },
        }
    )


def make_fake(latency_s: float) -> Callable[..., Coroutine[Any, Any, FactSheet]]:
    """A stand-in for produce() that answers after latency_s with a fixed sheet."""
    template = _template()

    async def fake_produce(
        request: ArticleRequest, settings: Settings, *, runtime: Runtime | None = None
    ) -> FactSheet:
        body = request.text if request.text is not None else request.html
        if body is None or not body.strip():
            raise EmptyInput("input is empty or whitespace only")
        await asyncio.sleep(latency_s)
        return template

    return fake_produce


def install(latency_s: float) -> None:
    """Replace the pipeline's entry point with a fake answering after latency_s."""
    pipeline.produce = make_fake(latency_s)


if __name__ == "__main__":
    install(float(os.environ.get("FAKE_LLM_LATENCY_MS", "500")) / 1000)
    from service.cli.main import app

    app(prog_name="factsheet")
