"""From a model's Draft to a fact sheet: ground, check the model's own words, verify, assemble.

CPU-bound and synchronous: the orchestrator runs it off the event loop.
"""

from __future__ import annotations

from schemas.draft import Draft
from schemas.factsheet import EngineInfo, FactSheet
from schemas.options import Options
from service.engines.extractive import draft_extractive
from service.engines.llm.checks import check_statements, check_summary
from service.llm.ground import ground_draft
from service.pipeline.run import Prepared, finish
from service.pipeline.types import DraftSummary


def _extractive_summary(prepared: Prepared, options: Options) -> list[DraftSummary]:
    draft = draft_extractive(
        prepared.ingested.text,
        prepared.ingested.regions,
        prepared.sentences,
        prepared.attributions,
        prepared.signals,
        summary_sentences=options.summary_sentences,
    )
    return draft.summary


def sheet_from_draft(
    prepared: Prepared,
    draft: Draft,
    options: Options,
    engine: EngineInfo,
    warnings: list[str],
) -> FactSheet:
    """Ground ``draft`` in the article and assemble the sheet; invented text is replaced."""
    text = prepared.ingested.text
    grounded = check_statements(ground_draft(draft, prepared.sentences, text), text)
    sheet = finish(prepared, grounded, options, engine, warnings)
    summary, notes = check_summary(sheet, lambda: _extractive_summary(prepared, options))
    if not notes:
        return sheet
    return sheet.model_copy(update={"summary": summary, "warnings": [*sheet.warnings, *notes]})
