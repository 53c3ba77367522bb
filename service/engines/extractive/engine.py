"""The extractive engine: claims, sources and summary from the deterministic cues alone."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from schemas.factsheet import EngineInfo
from schemas.options import Options
from service.config import Settings
from service.engines.base import EngineOutput, EngineRuntime
from service.engines.extractive.sources import SourceBook, split_mention
from service.engines.extractive.summary import select_summary
from service.pipeline.prepare import Prepared
from service.pipeline.speakers import Referent, referent
from service.pipeline.statement import statement_of
from service.pipeline.types import (
    Attribution,
    DraftClaim,
    GroundedDraft,
    Sentence,
    SentenceSignals,
    Span,
)

# The words before an outlet that only carried an interview.
_OUTLET = re.compile(r"\binterview\s+(?:with|to)\s+\Z", re.IGNORECASE)
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
    '"The plan," Tom Smith said, "is dead."' -> '"The plan, is dead."'."""
    content, cue, source = attribution.content, attribution.cue, attribution.source
    if cue is None or not content.start < cue.start < cue.end < content.end:
        return content.text
    left = cue.start if source is None else min(source.start, cue.start)
    close = max(text.rfind(q, content.start, left) for q in _CLOSE)
    opens = [at for q in _OPEN if (at := text.find(q, cue.end, content.end)) != -1]
    if close <= content.start or not opens:
        return content.text
    return text[content.start : close].rstrip(" ,") + " " + text[min(opens) + 1 : content.end]


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
        elif ref.kind == "name" and _OUTLET.search(
            text, max(0, claimant.start - 30), claimant.start
        ):
            # "X said ..., as stated in an interview with LRT": LRT carried the words; the
            # speaker is the one before (resolved below), LRT stays a source.
            for mention in split_mention(claimant):
                book.add(mention)
            out.append(Referent("outlet"))
        elif ref.kind == "name":
            mentions = [m for m in split_mention(claimant) if referent(m.name).kind == "name"]
            # One source: the claim's mention is the whole noun phrase, appositive included.
            span = claimant if len(mentions) == 1 else mentions[0].span if mentions else None
            out.append((span, [book.add(m) for m in mentions]))
        else:
            out.append(ref)
    book.complete_names(text)
    resolved: list[Resolved] = []
    speaker: tuple[int, int] | None = None  # the last claimant: (source index, where)
    for attribution, item in zip(attributions, out, strict=True):
        if isinstance(item, Referent):
            claimant = attribution.source
            assert claimant is not None  # noqa: S101 (a referent is only made for a claimant)
            found = book.nearest(text, claimant.start, item, speaker)
            if found is not None and item.kind == "outlet":
                # The claim's mention is the speaker's last name mention, not the outlet.
                earlier = [m for m in book.mentions[found] if m.start < claimant.start]
                last = max(earlier, key=lambda m: m.start, default=None)
                item = (last, [found] if last is not None else [])
            elif found is not None:
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
