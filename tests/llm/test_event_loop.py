"""Point 3: grounding and assembly run off the event loop, so other requests keep flowing.

The upstream reply is a hand-written fixture (tests/llm/conftest.py), not a recording.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx2
import pytest

import service.engines.llm.engine as engine_module
from schemas.options import Options
from schemas.request import ArticleRequest
from service.config import Settings
from service.llm.call import warm_up
from service.pipeline.produce import Runtime, produce
from service.pipeline.run import extractive_sheet, prepare
from tests.llm.conftest import ARTICLE, GOOD_DRAFT, completion, make_article

SLOW_S = 0.5


def test_the_event_loop_keeps_ticking_while_a_sheet_is_grounded(
    fake, http_client: httpx2.AsyncClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = engine_module.sheet_from_draft

    def slow_grounding(*args: Any, **kwargs: Any) -> Any:
        time.sleep(SLOW_S)  # stands for a long article's CPU-bound grounding
        return real(*args, **kwargs)

    monkeypatch.setattr(engine_module, "sheet_from_draft", slow_grounding)
    fake.script = [completion(GOOD_DRAFT)]
    text = make_article(ARTICLE)[0]
    request = ArticleRequest(text=text, options=Options(engine="llm"))
    settings = settings.model_copy(update={"cache": False})
    # One-time loads (language model, tokenizer), as the app's warm-up does before serving.
    extractive_sheet(prepare(text, kind="text", max_chars=10_000), Options())
    warm_up(settings)

    async def scenario() -> tuple[Any, float]:
        gaps: list[float] = []

        async def ticker() -> None:
            last = time.perf_counter()
            while True:
                await asyncio.sleep(0.01)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        ticking = asyncio.create_task(ticker())
        sheet = await produce(request, settings, runtime=Runtime(http=http_client, cache=None))
        ticking.cancel()
        return sheet, max(gaps)

    sheet, worst_gap = asyncio.run(scenario())
    assert sheet.engine.name == "llm"
    assert worst_gap < SLOW_S / 2, f"the event loop stalled {worst_gap:.2f} s"
