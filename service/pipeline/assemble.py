"""Assemble the FactSheet from a grounded draft: ids, spans, statuses and the unverified section."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

from schemas.factsheet import (
    ArticleInfo,
    Claim,
    Claimant,
    EngineInfo,
    Evidence,
    FactSheet,
    Note,
    Removed,
    Source,
    SummarySentence,
    TextSpan,
    UnverifiedItem,
    Usage,
)
from service.errors import GroundingError
from service.pipeline.corroboration import corroborate
from service.pipeline.explain import explain
from service.pipeline.links import link_claims
from service.pipeline.types import (
    DraftClaim,
    DraftSource,
    GroundedDraft,
    Ingested,
    Sentence,
    SentenceSignals,
    Span,
)
from service.pipeline.verify import Verdict, unconfirmed_from, verify_claim


def sheet_id(norm: str, options: Mapping[str, object]) -> str:
    """Return the sha256 of the whitespace-collapsed folded text and the options."""
    payload = " ".join(norm.split()) + "\x00" + json.dumps(options, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _span(text: str, span: Span) -> TextSpan:
    """Return the span as contract data, refusing any span that is not in the text."""
    if text[span.start : span.end] != span.text or not span.text:
        raise GroundingError(f"span {span.start}:{span.end} does not match the article text")
    return TextSpan(text=span.text, start=span.start, end=span.end)


def assemble(
    ingested: Ingested,
    sentences: Sequence[Sentence],
    signals: Mapping[str, SentenceSignals],
    draft: GroundedDraft,
    *,
    engine: EngineInfo,
    language: str,
    options: Mapping[str, object],
    usage: Usage | None = None,
    warnings: Sequence[str] = (),
) -> FactSheet:
    """Turn a grounded draft into the FactSheet contract, verifying every span."""
    text = ingested.text
    by_id = {s.id: s for s in sentences}
    unconfirmed_at = unconfirmed_from(sentences, signals)
    links = link_claims(draft.claims, sentences, signals, draft.sources)
    confirmed = corroborate(draft.claims, sentences, draft.sources)
    claims: list[Claim] = []
    unverified: list[UnverifiedItem] = []
    claim_ids: dict[int, list[str]] = {i: [] for i in range(len(draft.sources))}
    for number, item in enumerate(draft.claims, start=1):
        claim_id = f"c{number}"
        verdict = verify_claim(
            item,
            draft.sources,
            signals,
            unconfirmed_at,
            links[number - 1] | confirmed[number - 1],
            text=text,
        )
        for index in (item.source_index, *item.other_source_indices):
            if index is not None:
                claim_ids[index].append(claim_id)
        claims.append(_claim(text, claim_id, item, verdict, by_id))
        if verdict.status in ("unverified", "disputed"):
            unverified.append(_unverified_item(claim_id, item, verdict, draft.sources))
    all_warnings = [*warnings, *draft.warnings]
    if not claims:
        all_warnings.append("No claims or attributions were found in the article.")
    return FactSheet(
        id=sheet_id(ingested.norm, options),
        engine=engine,
        article=_article(ingested, language),
        summary=[
            SummarySentence(text=s.text, support=[i for i in s.support if i in by_id])
            for s in draft.summary
            if any(i in by_id for i in s.support)
        ],
        claims=claims,
        sources=_sources(text, draft.sources, claim_ids),
        unverified=unverified,
        notes=_notes(text, sentences, signals),
        warnings=all_warnings,
        usage=usage or Usage(),
    )


def _claim(
    text: str, claim_id: str, item: DraftClaim, verdict: Verdict, by_id: Mapping[str, Sentence]
) -> Claim:
    """One claim of the contract, every span checked against the text."""
    claimant = None
    if item.source is not None and item.source_index is not None:
        span = _span(text, item.source)
        claimant = Claimant(source_id=f"src{item.source_index + 1}", **span.model_dump())
    return Claim(
        id=claim_id,
        statement=item.statement,
        content=_span(text, item.content),
        claimant=claimant,
        cue=_span(text, item.cue) if item.cue is not None else None,
        evidence=[
            Evidence(sentence_id=sid, **_span(text, _as_span(by_id[sid])).model_dump())
            for sid in item.sentence_ids
        ],
        status=verdict.status,
        reasons=list(verdict.reasons),
    )


def _unverified_item(
    claim_id: str, item: DraftClaim, verdict: Verdict, sources: Sequence[DraftSource]
) -> UnverifiedItem:
    """The unverified section's entry of a claim, with its one-line explanation."""
    name = sources[item.source_index].name if item.source_index is not None else None
    return UnverifiedItem(
        claim_id=claim_id,
        status="disputed" if verdict.status == "disputed" else "unverified",
        reasons=list(verdict.reasons),
        explanation=explain(verdict.reasons, name, verdict.words),
    )


def _sources(
    text: str, sources: Sequence[DraftSource], claim_ids: Mapping[int, list[str]]
) -> list[Source]:
    return [
        Source(
            id=f"src{i + 1}",
            name=s.name,
            type=s.type,
            role=s.role,
            mentions=[_span(text, m) for m in s.mentions],
            claim_ids=claim_ids[i],
        )
        for i, s in enumerate(sources)
    ]


def _notes(
    text: str, sentences: Sequence[Sentence], signals: Mapping[str, SentenceSignals]
) -> list[Note]:
    """A no_confirmation note for each sentence that says nothing is confirmed."""
    return [
        Note(kind="no_confirmation", **_span(text, _as_span(s)).model_dump())
        for s in sentences
        if s.id in signals and signals[s.id].no_confirmation
    ]


def _article(ingested: Ingested, language: str) -> ArticleInfo:
    text = ingested.text
    return ArticleInfo(
        title=ingested.title,
        language=language,
        chars=len(text),
        text=text,
        removed=[
            Removed(kind=d.kind, **_span(text, Span(d.start, d.end, d.text)).model_dump())
            for d in ingested.removed
        ],
    )


def _as_span(sentence: Sentence) -> Span:
    return Span(sentence.start, sentence.end, sentence.text)
