"""The extractive engine: claims, sources and summary from the deterministic cues alone."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from service.pipeline.sources import SourceBook, is_pronoun, split_mention
from service.pipeline.summary import select_summary
from service.pipeline.types import (
    Attribution,
    DraftClaim,
    GroundedDraft,
    Sentence,
    SentenceSignals,
    Span,
)

_LEADING = re.compile(r"^(?:that|whether|if)\s+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_QUOTES = "\"'“”‘’«» ,:;"


def statement_of(content: str) -> str:
    """Restate a content span as a plain sentence: no leading 'that', no outer quotes."""
    text = _LEADING.sub("", content.strip()).strip(_QUOTES)
    text = _SPACES.sub(" ", text)
    if not text:
        return content.strip()
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


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
