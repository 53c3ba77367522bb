"""The stages around an engine: prepare (ingest, segment, cues) before it, finish after it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from schemas.factsheet import EngineInfo, FactSheet
from schemas.options import Options
from service.pipeline.assemble import assemble
from service.pipeline.cues import find_signals, find_tagged_attributions
from service.pipeline.ingest import detect_language, ingest
from service.pipeline.segment import segment
from service.pipeline.types import (
    Attribution,
    GroundedDraft,
    Ingested,
    Sentence,
    SentenceSignals,
)

InputKind = Literal["auto", "text", "html"]


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article after the deterministic stages, ready for any engine."""

    ingested: Ingested
    sentences: list[Sentence]
    attributions: list[Attribution]
    signals: dict[str, SentenceSignals]
    language: str


def prepare(
    raw: str | bytes, *, kind: InputKind = "auto", title: str | None = None, max_chars: int
) -> Prepared:
    """Run ingest, segment and cues; raise an InputError for input that cannot be analysed."""
    ingested = ingest(raw, kind=kind, title=title, max_chars=max_chars)
    sentences = segment(ingested.text, ingested.regions)
    return Prepared(
        ingested=ingested,
        sentences=sentences,
        attributions=find_tagged_attributions(ingested.text, ingested.norm, sentences),
        signals=find_signals(ingested.text, ingested.norm, sentences),
        language=detect_language(ingested.text),
    )


def option_key(options: Options) -> dict[str, object]:
    """Return the options that change the output, for the sheet id and the cache key."""
    return options.model_dump(exclude={"engine"})


def finish(
    prepared: Prepared,
    draft: GroundedDraft,
    options: Options,
    engine: EngineInfo,
    warnings: list[str],
) -> FactSheet:
    """Cap the claims, add language warnings and assemble the sheet."""
    if len(draft.claims) > options.max_claims:
        warnings.append(
            f"Showing the first {options.max_claims} of {len(draft.claims)} claims (max_claims)."
        )
        draft = replace(draft, claims=draft.claims[: options.max_claims])
    if prepared.language != "en":
        warnings.append(
            f"Detected language '{prepared.language}': quality is untested for languages "
            "other than English."
        )
    return assemble(
        prepared.ingested,
        prepared.sentences,
        prepared.signals,
        draft,
        engine=engine,
        language=prepared.language,
        options={**option_key(options), "engine": engine.name},
        warnings=warnings,
    )
