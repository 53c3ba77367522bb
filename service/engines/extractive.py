"""The extractive engine: claims, sources and summary from the deterministic cues alone."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from service.pipeline.sources import SourceBook, split_mention
from service.pipeline.speakers import Referent, referent
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


def _covered(sentence: Sentence, claims: Sequence[DraftClaim]) -> bool:
    return any(sentence.id in claim.sentence_ids for claim in claims)


def _hedged_sentence_claim(sentence: Sentence, signals: SentenceSignals) -> DraftClaim | None:
    """An unattributed sentence is a claim of the article's own voice when it is hedged."""
    if not (signals.hedges or signals.speculation or signals.denials):
        return None
    content = Span(sentence.start, sentence.end, sentence.text)
    return DraftClaim(statement_of(sentence.text), content, None, None, None, (sentence.id,))


Resolved = tuple[Span | None, list[int]]


def resolve_claimants(
    text: str, attributions: Sequence[Attribution], book: SourceBook
) -> list[Resolved]:
    """Each attribution's claimant mention and source indices, pronouns and descriptions
    resolved to the nearest agreeing named source; junk and unresolved pronouns give none.

    Names are added to the book first, so that a pronoun can refer to anyone the
    article names before it, claimant or not.
    """
    out: list[Resolved | Referent] = []
    for attribution in attributions:
        claimant = attribution.source
        ref = referent(claimant.text) if claimant is not None else Referent("junk")
        if claimant is None or ref.kind == "junk":
            out.append((None, []))
        elif ref.kind == "name":
            mentions = [m for m in split_mention(claimant) if referent(m.name).kind == "name"]
            # One source: the claim's mention is the whole noun phrase, appositive included.
            span = claimant if len(mentions) == 1 else mentions[0].span if mentions else None
            out.append((span, [book.add(m) for m in mentions]))
        else:
            out.append(ref)
    resolved: list[Resolved] = []
    speaker: tuple[int, int] | None = None  # the last claimant: (source index, where)
    for attribution, item in zip(attributions, out, strict=True):
        if isinstance(item, Referent):
            claimant = attribution.source
            assert claimant is not None  # noqa: S101 (a referent is only made for a claimant)
            found = book.nearest(text, claimant.start, item, speaker)
            if found is not None:
                item = (claimant, [found])
            elif item.kind == "description":
                item = (claimant, [book.add(m) for m in split_mention(claimant)])
            else:
                item = (None, [])
        if item[1] and item[0] is not None:
            speaker = (item[1][0], item[0].start)
        resolved.append(item)
    return resolved


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
    for attribution, (claimant, indices) in zip(
        attributions, resolve_claimants(text, attributions, book), strict=True
    ):
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
    for sentence in sentences:
        sentence_signals = signals.get(sentence.id)
        if sentence_signals is None or _covered(sentence, claims):
            continue
        claim = _hedged_sentence_claim(sentence, sentence_signals)
        if claim is not None:
            claims.append(claim)
    claims.sort(key=lambda claim: claim.content.start)
    book.add_other_mentions(text, regions)
    summary = select_summary(sentences, claims, signals, limit=summary_sentences)
    return GroundedDraft(claims=claims, sources=book.sources(), summary=summary)
