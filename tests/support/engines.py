"""Test engines for a Runtime: slow, failing or recording stand-ins behind the engine interface."""

from __future__ import annotations

import asyncio

from schemas.factsheet import EngineInfo, FactSheet, Usage
from schemas.options import Options
from service.config import Settings
from service.engines.base import EngineOutput, EngineRuntime
from service.engines.extractive.engine import ExtractiveEngine
from service.engines.llm.draft import Draft
from service.engines.llm.engine import output_of
from service.pipeline.prepare import Prepared
from service.pipeline.types import GroundedDraft
from service.produce import ENGINES, Runtime, sheet_of

# LLM-like usage of one call, for engines that stand in for a model.
PROMPT_TOKENS = 1_750
COMPLETION_TOKENS = 600


class ScriptedEngine:
    """Waits `delay_s`, then raises `error`, or drafts like the rules engine (or empty)."""

    name = "scripted"

    def __init__(
        self,
        *,
        delay_s: float = 0.0,
        error: BaseException | None = None,
        empty: bool = False,
        info: EngineInfo | None = None,
    ) -> None:
        self.delay_s, self.error, self.empty = delay_s, error, empty
        self.info = info
        self.calls: list[EngineRuntime] = []

    async def draft(
        self, prepared: Prepared, options: Options, settings: Settings, runtime: EngineRuntime
    ) -> EngineOutput:
        """Record the call, sleep, then fail or answer."""
        self.calls.append(runtime)
        await asyncio.sleep(self.delay_s)
        if self.error is not None:
            raise self.error
        if self.empty:
            usage = Usage(
                llm_calls=1, prompt_tokens=PROMPT_TOKENS, completion_tokens=COMPLETION_TOKENS
            )
            info = self.info or EngineInfo(name="llm", model="fake", prompt_version="fake")
            return EngineOutput(GroundedDraft(claims=[], sources=[], summary=[]), info, [], usage)
        output = ExtractiveEngine().draft_now(prepared, options)
        if self.info is not None:
            return EngineOutput(output.draft, self.info, output.warnings, output.usage)
        return output


def runtime_with(engine: ScriptedEngine, **parts: object) -> Runtime:
    """A Runtime whose both engines are `engine` (the rest as given, or the defaults)."""
    return Runtime(engines={"extractive": engine, "llm": engine}, **parts)  # type: ignore[arg-type]


def fake_engines(monkeypatch: object, delay_s: float = 0.0) -> None:
    """Make every Runtime built during the test use an empty fake for both engine names."""
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    for name in ("extractive", "llm"):
        monkeypatch.setitem(ENGINES, name, lambda: ScriptedEngine(delay_s=delay_s, empty=True))


def llm_sheet(prepared: Prepared, draft: Draft, options: Options | None = None) -> FactSheet:
    """The sheet the LLM engine makes of a model's Draft: grounded, checked, assembled."""
    options = options or Options()
    runtime = Runtime()
    output = output_of(
        prepared,
        draft,
        EngineInfo(name="llm"),
        [],
        Usage(),
        lambda: runtime.rules_summary(prepared, options),
    )
    return sheet_of(prepared, output, options)
