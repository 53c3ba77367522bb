"""The extractive engine: claims, sources and summary from the deterministic cues alone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from schemas.factsheet import EngineInfo
from schemas.options import Options
from service.config import Settings
from service.engines.base import EngineOutput, EngineRuntime
from service.engines.extractive.sources import SourceBook, is_pronoun, split_mention
from service.engines.extractive.summary import select_summary
from service.pipeline.prepare import Prepared
from service.pipeline.statement import statement_of
from service.pipeline.types import (
    Attribution,
    DraftClaim,
    GroundedDraft,
    Sentence,
    SentenceSignals,
    Span,
)


def _hedged_sentence_claim(sentence: Sentence, signals: SentenceSignals) -> DraftClaim | None:
    """An unattributed sentence is a claim of the article's own voice when it is hedged."""
    if not (signals.hedges or signals.speculation or signals.denials):
        return None
    content = Span(sentence.start, sentence.end, sentence.text)
    return DraftClaim(statement_of(sentence.text), content, None, None, None, (sentence.id,))


def draft_extractive(
    text: str,
    regions: Sequence[tuple[int, int]],
    sentences: Sequence[Sentence],
    attributions: Sequence[Attribution],
    signals: Mapping[str, SentenceSignals],
    *,
    summary_sentences: int,
) -> GroundedDraft:
    """Build a grounded draft from the cues: every span comes straight from the text."""
    book = SourceBook()
    claims: list[DraftClaim] = []
    last_person: int | None = None
    for attribution in attributions:
        indices: list[int] = []
        claimant = attribution.source
        if claimant is not None and is_pronoun(claimant.text) and last_person is not None:
            indices = [last_person]
        elif claimant is not None:
            mentions = split_mention(claimant)
            indices = [book.add(mention) for mention in mentions]
            claimant = mentions[0].span if mentions else claimant
            people = [i for i in indices if book.types[i] == "person"]
            last_person = people[0] if people else last_person
        claims.append(
            DraftClaim(
                statement=statement_of(attribution.content.text),
                content=attribution.content,
                cue=attribution.cue,
                source=claimant,
                source_index=indices[0] if indices else None,
                sentence_ids=attribution.sentence_ids,
                other_source_indices=tuple(indices[1:]),
            )
        )
    covered = {sid for claim in claims for sid in claim.sentence_ids}
    for sentence in sentences:
        sentence_signals = signals.get(sentence.id)
        if sentence_signals is None or sentence.id in covered:
            continue
        claim = _hedged_sentence_claim(sentence, sentence_signals)
        if claim is not None:
            claims.append(claim)
    claims.sort(key=lambda claim: claim.content.start)
    book.add_other_mentions(text, regions)
    summary = select_summary(sentences, claims, signals, limit=summary_sentences)
    return GroundedDraft(claims=claims, sources=book.sources(), summary=summary)


class ExtractiveEngine:
    """The rules engine: deterministic, no network; the default and the LLM's fallback."""

    name = "extractive"

    def draft_now(self, prepared: Prepared, options: Options) -> EngineOutput:
        """Draft synchronously (the CPU-bound work; callers keep it off the event loop)."""
        draft = draft_extractive(
            prepared.ingested.text,
            prepared.ingested.regions,
            prepared.sentences,
            prepared.attributions,
            prepared.signals,
            summary_sentences=options.summary_sentences,
        )
        return EngineOutput(draft, EngineInfo(name="extractive"))

    async def draft(
        self, prepared: Prepared, options: Options, settings: Settings, runtime: EngineRuntime
    ) -> EngineOutput:
        """Draft off the event loop (the runtime's CPU pool), so the loop keeps serving."""
        return await runtime.run_cpu(self.draft_now, prepared, options)
