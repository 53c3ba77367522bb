"""The extractive engine: claims, sources and summary from the deterministic cues alone."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import replace

from schemas.factsheet import EngineInfo
from schemas.options import Options
from service.config import Settings
from service.engines.base import EngineOutput, EngineRuntime
from service.engines.extractive.claimants import resolve_claimants
from service.engines.extractive.sources import SourceBook
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

_STRIP = "\"'“”‘’«» ,:;"
# A content of one or two words that is a pronoun, a determiner's noun phrase or an
# infinitive ("This.", "The report.", "To comment.") states nothing an editor can check.
_BARE = re.compile(
    r"^(?:(?:it|this|that|these|those|he|she|they|him|her|them|so|not|yes|no|the|a|an|his|"
    r"its|their|to)\b.*|[a-z][\w-]*)$",
    re.IGNORECASE,
)


def states_something(content: str) -> bool:
    """Whether a content is a statement: not empty, not a pronoun or a bare noun phrase
    ("The report.", "This."), not a bare infinitive ("To comment.")."""
    text = content.strip(_STRIP + ".!?")
    words = text.split()
    if not words:
        return False
    if len(words) > 2:
        return True
    return _BARE.match(text) is None and (len(words) > 1 or text[:1].isupper())


_OPEN = "\"“‘'«"
_CLOSE = "\"”’'»"


def _without_inner_cue(text: str, attribution: Attribution) -> str:
    """The content's text with the cue of a split quote left out:
    '"The plan," Tom Smith said, "is dead."' -> '"The plan is dead."'."""
    content, cue, source = attribution.content, attribution.cue, attribution.source
    if cue is None or not content.start < cue.start < cue.end < content.end:
        return content.text
    left = cue.start if source is None else min(source.start, cue.start)
    close = max(text.rfind(q, content.start, left) for q in _CLOSE)
    opens = [at for q in _OPEN if (at := text.find(q, cue.end, content.end)) != -1]
    if close <= content.start or not opens:
        # "Pivoting too soon, economists say, limited the recovery": no quotes to join.
        after = cue.end
        while after < content.end and text[after] in " ,;":
            after += 1
        head = text[content.start : left].rstrip(" ,;")
        return head + " " + text[after : content.end] if head else content.text
    return text[content.start : close].rstrip(" ,") + " " + text[min(opens) + 1 : content.end]


def _hedged_sentence_claim(sentence: Sentence, signals: SentenceSignals) -> DraftClaim | None:
    """An unattributed sentence is a claim of the article's own voice when it is hedged."""
    if not (signals.hedges or signals.speculation or signals.denials):
        return None
    content = Span(sentence.start, sentence.end, sentence.text)
    return DraftClaim(statement_of(sentence.text), content, None, None, None, (sentence.id,))


# A quote that continues the last speaker's: it opens the sentence, and that speaker's
# claim ended at most this many characters before it.
CONTINUATION_REACH = 300
_OPENS_QUOTE = re.compile(r"[\"“]|''")


def _continued_quote(
    text: str, claim: DraftClaim, attributed: Sequence[tuple[int, DraftClaim]]
) -> DraftClaim:
    """A sentence that is a quotation following a quoted speaker's claim continues that
    speaker's words ('“Ted Cruz is not my favorite,” Graham said. “But we may be in a
    position ...”'): it is theirs, not the article's."""
    if not _OPENS_QUOTE.match(text, claim.content.start):
        return claim
    k = bisect_right(attributed, claim.content.start, key=lambda item: item[0])
    if k == 0:
        return claim
    end, previous = attributed[k - 1]
    if claim.content.start - end > CONTINUATION_REACH or not _OPENS_QUOTE.match(
        text, previous.content.start
    ):
        return claim
    return replace(
        claim,
        source=previous.source,
        source_index=previous.source_index,
        other_source_indices=previous.other_source_indices,
    )


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
        attributions, resolve_claimants(text, attributions, book, sentences), strict=True
    ):
        if not states_something(attribution.content.text):
            continue
        claims.append(
            DraftClaim(
                statement=statement_of(_without_inner_cue(text, attribution)),
                content=attribution.content,
                cue=attribution.cue,
                source=claimant,
                source_index=indices[0] if indices else None,
                sentence_ids=attribution.sentence_ids,
                other_source_indices=tuple(indices[1:]),
            )
        )
    covered = {sid for claim in claims for sid in claim.sentence_ids}
    attributed = sorted(
        ((c.content.end, c) for c in claims if c.source_index is not None and c.cue is not None),
        key=lambda item: item[0],
    )
    for sentence in sentences:
        sentence_signals = signals.get(sentence.id)
        if sentence_signals is None or sentence.id in covered:
            continue
        claim = _hedged_sentence_claim(sentence, sentence_signals)
        if claim is not None:
            claims.append(_continued_quote(text, claim, attributed))
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
