"""The LLM engine behind the engine interface: the guarded call, grounding, the words checked.

CPU-bound steps (grounding, the checks of statements and summary lines) run off the event
loop, so other requests keep flowing while a long article is grounded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from schemas.factsheet import EngineInfo, FactSheet, Usage
from schemas.options import Options
from service.config import Settings
from service.engines.base import EngineOutput, EngineRuntime
from service.engines.llm.draft import Draft
from service.engines.llm.guard import guarded
from service.engines.llm.usage import LLMEvents, LLMUsage, recording
from service.errors import UpstreamError
from service.pipeline.prepare import Prepared
from service.pipeline.types import DraftSummary

if TYPE_CHECKING:  # a type only: the call module loads openai (about a second)
    from service.engines.llm.call import LLMResult


def llm_identity(settings: Settings) -> str:
    """What an LLM sheet depends on besides the article: endpoint, model and prompt version."""
    from service.engines.llm.prompts import prompt_version

    raw = f"{settings.llm_base_url}|{settings.llm_model}|{prompt_version()}"
    return hashlib.sha256(raw.encode()).hexdigest()


def usage_of(spent: LLMUsage) -> Usage:
    """The sheet's Usage from what the LLM calls spent (failed attempts included)."""
    return Usage(
        llm_calls=spent.llm_calls,
        reasks=spent.reasks,
        http_retries=spent.http_retries,
        prompt_tokens=spent.prompt_tokens,
        cached_prompt_tokens=spent.cached_prompt_tokens,
        completion_tokens=spent.completion_tokens,
        cost_usd=spent.cost_usd,
    )


class LLMEngine:
    """Drafts with a model on an OpenAI-compatible endpoint, through its circuit breaker."""

    name = "llm"

    async def draft(
        self, prepared: Prepared, options: Options, settings: Settings, runtime: EngineRuntime
    ) -> EngineOutput:
        """One guarded call (or one per chunk), grounded here; raise an UpstreamError.

        An UpstreamError carries in ``spent`` what the failed attempts cost, so a fallback
        sheet reports it.
        """
        breaker = runtime.breakers.for_settings(settings)
        spent, events = LLMUsage(), LLMEvents()
        try:
            with recording(events):
                # The breaker and the LLM time budget (guard.py) bound the call.
                return await guarded(
                    lambda: self._draft(prepared, options, settings, runtime, spent),
                    settings,
                    breaker,
                    runtime.metrics,
                )
        except UpstreamError as exc:
            if spent.llm_calls:
                exc.spent = usage_of(spent)
            raise
        finally:
            runtime.metrics.llm_requests(spent.llm_calls)
            runtime.metrics.llm_events(events.reasks, events.forgiven, events.dropped)

    async def _draft(
        self,
        prepared: Prepared,
        options: Options,
        settings: Settings,
        runtime: EngineRuntime,
        spent: LLMUsage,
    ) -> EngineOutput:
        # Imported here: openai takes most of a second to import, which every
        # extractive-only run (the CLI, the eval, the tests) would otherwise pay.
        from service.engines.llm.call import request_draft

        result = await request_draft(
            prepared.sentences,
            prepared.ingested.text,
            settings=settings,
            title=prepared.ingested.title,
            max_claims=options.max_claims,
            summary_sentences=options.summary_sentences,
            http_client=runtime.http,
            usage=spent,
        )
        return await runtime.run_cpu(output_of_result, prepared, result, options, runtime)


def output_of_result(
    prepared: Prepared, result: LLMResult, options: Options, runtime: EngineRuntime
) -> EngineOutput:
    """The engine's output for a model's answer, online or from the Batch API (CPU-bound)."""
    info = EngineInfo(name="llm", model=result.model, prompt_version=result.prompt_version)
    return output_of(
        prepared,
        result.draft,
        info,
        list(result.warnings),
        usage_of(result.usage),
        lambda: runtime.rules_summary(prepared, options),
    )


def output_of(
    prepared: Prepared,
    draft: Draft,
    info: EngineInfo,
    warnings: list[str],
    usage: Usage,
    spare: Callable[[], Sequence[DraftSummary]],
) -> EngineOutput:
    """Ground a model's Draft in the article and check its statements (CPU-bound).

    Every online answer and every Batch API result goes through here. ``spare`` gives the
    rules' summary, which a summary line failing the review gives way to.
    """
    from service.engines.llm.checks import check_statements
    from service.engines.llm.ground import ground_draft

    text = prepared.ingested.text
    grounded = check_statements(ground_draft(draft, prepared.sentences, text), text)
    return EngineOutput(grounded, info, warnings, usage, review=_summary_review(spare))


def _summary_review(
    spare: Callable[[], Sequence[DraftSummary]],
) -> Callable[[FactSheet], FactSheet]:
    """The review of the assembled sheet: summary lines the model wrote are held to guarantee 3
    (attribution survives summarising); a failing line gives way to the rules' summary."""

    def review(sheet: FactSheet) -> FactSheet:
        from service.engines.llm.checks import check_summary

        summary, notes = check_summary(sheet, spare)
        if not notes:
            return sheet
        return sheet.model_copy(update={"summary": summary, "warnings": [*sheet.warnings, *notes]})

    return review
