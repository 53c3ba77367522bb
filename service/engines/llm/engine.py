"""The LLM engine behind the engine interface: the guarded call, then grounding."""

from __future__ import annotations

import hashlib

from schemas.factsheet import EngineInfo, Usage
from schemas.options import Options
from service.config import Settings
from service.engines.base import EngineOutput, EngineRuntime
from service.engines.llm.guard import guarded
from service.errors import UpstreamError
from service.pipeline.prepare import Prepared


def llm_identity(settings: Settings) -> str:
    """What an LLM sheet depends on besides the article: endpoint, model and prompt version."""
    from service.engines.llm.prompts import prompt_version

    raw = f"{settings.llm_base_url}|{settings.llm_model}|{prompt_version()}"
    return hashlib.sha256(raw.encode()).hexdigest()


class LLMEngine:
    """Drafts with a model on an OpenAI-compatible endpoint, through its circuit breaker."""

    name = "llm"

    async def draft(
        self, prepared: Prepared, options: Options, settings: Settings, runtime: EngineRuntime
    ) -> EngineOutput:
        """One guarded call (or one per chunk), grounded here; raise an UpstreamError."""
        breaker = runtime.breakers.for_settings(settings)
        try:
            # The breaker and the LLM time budget (guard.py) bound the call.
            output = await guarded(
                lambda: self._draft(prepared, options, settings, runtime),
                settings,
                breaker,
                runtime.metrics,
            )
        except UpstreamError as exc:
            runtime.metrics.llm_requests(exc.llm_calls)
            raise
        runtime.metrics.llm_requests(output.usage.llm_calls)
        return output

    async def _draft(
        self, prepared: Prepared, options: Options, settings: Settings, runtime: EngineRuntime
    ) -> EngineOutput:
        # Imported here: openai and instructor take most of a second to import, which every
        # extractive-only run (the CLI, the eval, the tests) would otherwise pay.
        from service.engines.llm.call import request_draft
        from service.engines.llm.ground import ground_draft

        result = await request_draft(
            prepared.sentences,
            prepared.ingested.text,
            settings=settings,
            title=prepared.ingested.title,
            max_claims=options.max_claims,
            summary_sentences=options.summary_sentences,
            http_client=runtime.http,
        )
        draft = ground_draft(result.draft, prepared.sentences, prepared.ingested.text)
        usage = Usage(
            llm_calls=result.usage.llm_calls,
            prompt_tokens=result.usage.prompt_tokens,
            completion_tokens=result.usage.completion_tokens,
            cost_usd=result.usage.cost_usd,
        )
        info = EngineInfo(name="llm", model=result.model, prompt_version=result.prompt_version)
        return EngineOutput(draft, info, list(result.warnings), usage)
