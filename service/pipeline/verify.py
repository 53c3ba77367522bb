"""Give each claim a status and reasons from the cues; the engine's word never overrides them."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from schemas.factsheet import ClaimStatus, Reason
from service.pipeline.links import caveat_is_generic
from service.pipeline.types import DraftClaim, DraftSource, Sentence, SentenceSignals, Span

# Reasons that forbid "corroborated" and force "unverified" (DESIGN.md, guarantee 2).
_DOUBT: frozenset[Reason] = frozenset(
    {"hedged", "speculative", "anonymous_source", "explicitly_unconfirmed", "unattributed"}
)
# Reasons the article confirms a claim independently (corroboration.corroborate).
_CONFIRMING: tuple[Reason, ...] = ("official_confirmation", "multiple_sources")
_CONTRAST = re.compile(r"[,;]\s*(?:yet|but|however|although|though)\s+$", re.IGNORECASE)
# A hedge governs the claim only from its main clause: not from a relative clause
# ("voters who are likely to ...") nor from an adverbial one ("while X may ...").
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]|\s-\s|[\"\u201c\u201d]")
_RELATIVE = re.compile(
    r"\b(?:who|whom|whose|which|where)\b|\bso\s+(?:that\s+)?(?:[A-Z]\w*|the|they|he|she|we|it|I)\b"
)
_SUBORDINATE = re.compile(
    r"\W*(?:that\s+)?(?:while|although|though|if|unless|because|since|whereas|when|even\s+if|"
    r"even\s+though|whether)\b",
    re.IGNORECASE,
)
# Hedge words that, as the claim's cue, only report it.
_REPORTING = re.compile(r"(?:suggest|alleg)\w*$", re.IGNORECASE)
# A cue that reports a belief, not an assertion ("Smith believes the bridge fell"): the
# claimant holds the view without saying it is so, so the claim is hedged by its cue.
# On editor gold (train) every belief cue is unverified, while wishes, plans and blame
# from a named speaker ("hopes", "seeks", "blamed") stay attributed.
_BELIEF = re.compile(
    r"\b(?:believ(?:e|es|ed|ing)|think|thinks|thinking|thought|fear(?:s|ed|ing)?|"
    r"suspect(?:s|ed|ing)?|worr(?:y|ies|ied)|guess(?:es|ed)?|suppos(?:e|es|ed)|feel|feels)\b",
    re.IGNORECASE,
)
# A cue in the conditional ("If she won, she would claim ...", "to see if Obama would
# appoint X") reports what someone might do or say, not what they did.
_HYPOTHETICAL = re.compile(r"\bwould\b(?!\s+not\b|\s+never\b)", re.IGNORECASE)
# A cue that reports how someone seemed ("sounded subdued", "looked tired"): the
# article's impression, not anyone's assertion.
_APPEARANCE = re.compile(r"^(?:sound(?:s|ed)?|look(?:s|ed)?)$", re.IGNORECASE)
# A claimant that names no one: a pronoun, an article, a bare title.
_NO_ONE = re.compile(
    r"^(?:he|she|they|it|we|i|you|his|her|its|their|the|a|an|this|that|these|those|"
    r"who|which|one|someone|mr\.?|mrs\.?|ms\.?|dr\.?)$",
    re.IGNORECASE,
)
# An unnamed group counted rather than named ("many European countries", "far fewer
# publications", "some Republicans"): no one is on record, whatever the group's type.
_VAGUE_GROUP = re.compile(
    r"^(?:(?:far|many|a\s+lot|much)\s+)?(?:many|some|several|numerous|few|fewer|most|various|"
    r"countless|multiple|a\s+few|a\s+number\s+of|a\s+handful\s+of|dozens\s+of|"
    r"hundreds\s+of|thousands\s+of|millions\s+of)\s+\S"
    # "95 retired generals", "two senior aides": people counted, none named.
    r"|^(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|dozens|scores)\s+"
    r"(?!percent\b|per\s+cent\b|in\s+\d)(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*s\b",
    re.IGNORECASE,
)
# A people spoken of as a whole ("African-Americans", "young voters", "Millennials",
# "political analysts"): no one in it is on record. Parties and institutions
# ("Republicans", "Senate Democrats", "appeals courts") are left to the source's type.
_PEOPLE = re.compile(
    r"^(?:the\s+)?(?:(?!of\b)[a-z][\w-]*\s+){0,3}?(?:voters|americans|african-americans|latinos|hispanics|"
    r"whites|blacks|millenn?ials|progressives|conservatives|liberals|economists|"
    r"analysts|experts|critics|observers|strategists|operatives|residents|supporters|"
    r"evangelicals|independents|moderates|women|men|people|citizens|taxpayers|workers|"
    r"consumers|respondents|activists|protesters|protestors)$",
    re.IGNORECASE,
)
# A complement clause inside the claim ("we told her that maybe she should run", "we
# felt that we could", "the problem was that it seemed to rhyme"): a hedge there
# qualifies what was told or felt, not the claim's main clause.
_COMPLEMENT = re.compile(r"\b(?:told|felt|was|said)\s+(?:\w+\s+)?that\b")
_SEVERITY: dict[ClaimStatus, int] = {
    "corroborated": 0,
    "attributed": 1,
    "unverified": 2,
    "disputed": 3,
}


@dataclass(frozen=True, slots=True)
class Verdict:
    """A claim's status, the reasons for it, and the doubt words found in its evidence."""

    status: ClaimStatus
    reasons: tuple[Reason, ...]
    words: tuple[str, ...]


def _within(spans: Sequence[Span], ranges: Sequence[Span | None]) -> list[Span]:
    return [
        s for s in spans for r in ranges if r is not None and s.start < r.end and r.start < s.end
    ]


def _between(claim: DraftClaim, text: str | None) -> Span | None:
    """The gap between the source and the cue ("Trump reportedly said"), if both are given."""
    if claim.source is None or claim.cue is None or claim.cue.start <= claim.source.end:
        return None
    start, end = claim.source.end, claim.cue.start
    return Span(start, end, text[start:end] if text is not None else "")


_ACCORDING = re.compile(r"[\s,\"'\u201d]*(?:according\s+to\s+)?", re.IGNORECASE)


def _trailing_attribution(content: Span, text: str | None) -> Span:
    """The few characters after the content where its attribution starts ('..., according to')."""
    if text is None:
        return Span(content.end, content.end + 4, "")
    m = _ACCORDING.match(text, content.end, content.end + 40)
    end = m.end() + 1 if m else content.end + 4
    return Span(content.end, end, text[content.end : end])


def _governs(claim: DraftClaim, gap: Span | None, span: Span) -> bool:
    cue = claim.cue
    if cue is not None and cue.start <= span.start < cue.end and _REPORTING.match(span.text):
        return False  # "X alleged that", "suggesting that": the reporting verb, not a hedge
    if gap is not None and gap.text and gap.start <= span.start < gap.end:
        return governs(gap, span)
    return governs(claim.content, span)


def _aside(content: Span, span: Span) -> bool:
    """True when a contrast ("..., yet no sightings") makes the span the article's aside."""
    before = content.text[max(0, span.start - content.start - 16) : span.start - content.start]
    return bool(_CONTRAST.search(before))


@lru_cache(maxsize=64)
def _clause_marks(text: str) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """Where clauses start in `text`, and where relative words and complement openers
    ("told her that") start and end (one scan each)."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text)]
    relatives = list(_RELATIVE.finditer(text))
    complements = list(_COMPLEMENT.finditer(text))
    return (
        breaks,
        [m.start() for m in relatives],
        [m.end() for m in relatives],
        [m.start() for m in complements],
        [m.end() for m in complements],
    )


def _opens(starts: list[int], ends: list[int], clause_start: int, at: int) -> bool:
    """True when a mark starts in the clause and ends before `at` (marks do not overlap)."""
    r = bisect_left(starts, clause_start)
    return r < len(starts) and ends[r] <= at


def governs(content: Span, span: Span) -> bool:
    """True unless the span sits in a relative or adverbial clause of `content`.

    `content` is the claim's content, or the stretch between its source and cue
    ("Trump reportedly said": main clause; "X, who was rumored to ..., said": not).
    The content is scanned once (cached), so checking many hedges of one long content
    stays linear in its length.
    """
    if not content.start <= span.start < content.end:
        return True
    at = span.start - content.start
    breaks, starts, ends, comp_starts, comp_ends = _clause_marks(content.text)
    k = bisect_right(breaks, at)
    clause_start = breaks[k - 1] if k else 0
    if _opens(starts, ends, clause_start, at):
        return False  # a relative word ("who", "which", "so that he") opens its clause
    if _opens(comp_starts, comp_ends, clause_start, at):
        return False  # "we told her that maybe ...": the hedge qualifies what was told
    return _SUBORDINATE.match(content.text, clause_start, at) is None


def names_a_vague_group(source: DraftSource) -> bool:
    """True for a group counted or spoken of as a whole rather than named ("many countries",
    "some Republicans", "African-Americans")."""
    name = source.name.strip()
    return bool(_VAGUE_GROUP.match(name) or _PEOPLE.match(name))


def names_no_one(source: DraftSource) -> bool:
    """True for a source that is a pronoun, an article or a bare honorific."""
    return bool(_NO_ONE.match(source.name.strip(" ,.")))


def unconfirmed_from(
    sentences: Sequence[Sentence], signals: Mapping[str, SentenceSignals]
) -> int | None:
    """Return the start of the first sentence where the article says nothing is confirmed.

    Only the article's own caveat counts ("There is no official confirmation"); someone
    declining to confirm covers the claims they answer (links.link_claims).
    """
    for sentence in sentences:
        found = signals.get(sentence.id)
        if found is not None and any(caveat_is_generic(c) for c in found.no_confirmation):
            return sentence.start
    return None


def verify_claim(
    claim: DraftClaim,
    sources: Sequence[DraftSource],
    signals: Mapping[str, SentenceSignals],
    unconfirmed_at: int | None,
    linked: Collection[Reason] = (),
    text: str | None = None,
) -> Verdict:
    """Combine the cues (and the engine's judgement, only ever downwards) into a verdict.

    `linked` are reasons from other sentences (links.link_claims); `text`, the article,
    lets a hedge between the source and the cue be read in its clause.
    """
    evidence = [signals[sid] for sid in claim.sentence_ids if sid in signals]
    gap = _between(claim, text)
    scope = (claim.content, claim.cue, claim.source, gap)
    hedges = [h for e in evidence for h in _within(e.hedges, scope) if _governs(claim, gap, h)]
    speculation = [
        h for e in evidence for h in _within(e.speculation, scope) if _governs(claim, gap, h)
    ]
    if claim.cue is not None and (
        _BELIEF.search(claim.cue.text) or _APPEARANCE.match(claim.cue.text.strip())
    ):
        hedges.append(claim.cue)
    if claim.cue is not None and _HYPOTHETICAL.search(claim.cue.text):
        speculation.append(claim.cue)
    denials = [h for e in evidence for h in _within(e.denials, scope)]
    # "..., according to numerous sources.": the trailing attribution names the claim's speakers.
    tail = _trailing_attribution(claim.content, text)
    anonymous = [h for e in evidence for h in _within(e.anonymous, (*scope, tail))]
    unconfirmed = [
        h
        for e in evidence
        for h in _within(e.no_confirmation, (claim.content,))
        if not _aside(claim.content, h)
    ]
    indices = [i for i in (claim.source_index, *claim.other_source_indices) if i is not None]
    indices = [i for i in indices if not names_no_one(sources[i])]
    kinds = ["anonymous" if names_a_vague_group(sources[i]) else sources[i].type for i in indices]

    reasons: list[Reason] = []
    if denials or "denied" in linked:
        reasons.append("denied")
    if hedges:
        reasons.append("hedged")
    if speculation:
        reasons.append("speculative")
    if anonymous or "anonymous" in kinds:
        reasons.append("anonymous_source")
    # The article's own "no official confirmation" covers the claims reported before it.
    if (
        unconfirmed
        or "explicitly_unconfirmed" in linked
        or (unconfirmed_at is not None and claim.content.end <= unconfirmed_at)
    ):
        reasons.append("explicitly_unconfirmed")
    if not indices:
        # No source, or a cue whose speaker was not resolved: no one is on record.
        reasons.append("unattributed")
    named = [k for k in kinds if k != "anonymous"]
    if named:
        # "X and Y said": co-speakers of one statement are one source, not corroboration.
        reasons.append("single_source")

    confirmed: list[Reason] = [r for r in _CONFIRMING if r in linked]
    if "denied" in reasons:
        status: ClaimStatus = "disputed"
    elif _DOUBT.intersection(reasons):
        status = "unverified"
    elif confirmed:
        # The article confirms it independently (corroboration.corroborate).
        status = "corroborated"
        reasons = [r for r in reasons if r != "single_source"]
        reasons.extend(confirmed)
    else:
        status = "attributed"
    if claim.engine_status is not None:
        # The engine may be more cautious than the cues, never less.
        if _SEVERITY[claim.engine_status] > _SEVERITY[status]:
            status = claim.engine_status
            reasons.append("model_judgement")
        elif claim.engine_status == "corroborated" and status == "attributed":
            # The engine's word alone does not corroborate: an independent source must.
            status = "attributed"
    words = tuple(dict.fromkeys(s.text for s in (*denials, *hedges, *speculation, *anonymous)))
    return Verdict(status, tuple(reasons), words)
