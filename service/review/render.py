"""Turn a FactSheet into what the review page draws: runs of article text with their marks.

Pure functions, no I/O: the templates only loop over what these return, so every decision
about what is highlighted where is made (and tested) here.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from schemas.factsheet import Claim, ClaimStatus, DebrisKind, FactSheet, Reason, Source
from service.pipeline.debris import remaining_regions
from service.pipeline.segment import segment
from service.pipeline.types import Debris

STATUSES: tuple[ClaimStatus, ...] = ("corroborated", "attributed", "unverified", "disputed")

# What each status means, said in words next to the colour (never colour alone).
STATUS_TEXT: dict[ClaimStatus, str] = {
    "corroborated": "the article confirms it from more than one independent side",
    "attributed": "someone named says it; the article does not confirm it",
    "unverified": "the article does not establish it",
    "disputed": "the article reports a denial or contradiction",
}

REASON_TEXT: dict[Reason, str] = {
    "single_source": "one source",
    "multiple_sources": "several sources",
    "official_confirmation": "officially confirmed",
    "hedged": "hedged wording",
    "speculative": "speculation",
    "anonymous_source": "anonymous source",
    "explicitly_unconfirmed": "the article says it is not confirmed",
    "denied": "denied or contradicted",
    "unattributed": "no source named",
    "model_judgement": "the model's judgement",
}


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of article text over which every mark is the same."""

    text: str
    start: int
    end: int
    cue_of: tuple[str, ...] = ()
    claimant_of: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    removed: DebrisKind | None = None
    removed_start: bool = False
    sentence: str | None = None  # id of the sentence that starts here


@dataclass(frozen=True, slots=True)
class Piece:
    """Consecutive runs inside one claim's content (the highlight), or outside every claim."""

    claim: Claim | None
    first: bool
    runs: tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class ClaimView:
    """One claim with what its card shows besides the contract fields."""

    claim: Claim
    source: Source | None
    explanation: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Review:
    """Everything the page needs about one sheet."""

    sheet: FactSheet
    pieces: tuple[Piece, ...]
    claims: tuple[ClaimView, ...]
    counts: dict[ClaimStatus, int]
    sentence_ids: frozenset[str]
    unverified: tuple[ClaimView, ...] = field(default=())


def sentence_spans(sheet: FactSheet) -> dict[str, tuple[int, int]]:
    """Return the offsets of every sentence id, segmented the way the pipeline segmented it.

    The sheet carries offsets only for evidence sentences; the others are found again by
    segmenting the text outside the removed debris. Evidence offsets always win.
    """
    text = sheet.article.text
    debris = tuple(Debris(r.start, r.end, r.text, r.kind) for r in sheet.article.removed)
    spans = {s.id: (s.start, s.end) for s in segment(text, remaining_regions(text, debris))}
    for claim in sheet.claims:
        for evidence in claim.evidence:
            spans[evidence.sentence_id] = (evidence.start, evidence.end)
    return spans


def _owners(sheet: FactSheet) -> list[Claim | None]:
    """For each character, the shortest claim content covering it (ties: reading order).

    Shortest first, so a claim nested in another's content ("Oman also noted intelligence
    suggesting ...") keeps a highlight of its own inside the outer one's.
    """
    owner: list[Claim | None] = [None] * len(sheet.article.text)
    for claim in sorted(sheet.claims, key=lambda c: c.content.end - c.content.start):
        for i in range(claim.content.start, claim.content.end):
            if owner[i] is None:
                owner[i] = claim
    return owner


def _boundaries(sheet: FactSheet, sentences: dict[str, tuple[int, int]]) -> list[int]:
    cuts = {0, len(sheet.article.text)}
    for claim in sheet.claims:
        cuts |= {claim.content.start, claim.content.end}
        for span in (claim.cue, claim.claimant):
            if span is not None:
                cuts |= {span.start, span.end}
    for source in sheet.sources:
        for mention in source.mentions:
            cuts |= {mention.start, mention.end}
    for removed in sheet.article.removed:
        cuts |= {removed.start, removed.end}
    cuts |= {start for start, _ in sentences.values()}
    return sorted(c for c in cuts if 0 <= c <= len(sheet.article.text))


def _covering(spans: list[tuple[int, int, str]], start: int, end: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys(key for lo, hi, key in spans if lo <= start and end <= hi))


def runs(sheet: FactSheet, sentences: dict[str, tuple[int, int]] | None = None) -> list[Run]:
    """Split the article into runs at every span edge; the runs' texts add up to the text."""
    text = sheet.article.text
    sentences = sentence_spans(sheet) if sentences is None else sentences
    starts = {start: sid for sid, (start, _) in sorted(sentences.items(), reverse=True)}
    cues = [(c.cue.start, c.cue.end, c.id) for c in sheet.claims if c.cue]
    claimants = [(c.claimant.start, c.claimant.end, c.id) for c in sheet.claims if c.claimant]
    mentions = [(m.start, m.end, s.id) for s in sheet.sources for m in s.mentions]
    removed = [(r.start, r.end, r.kind) for r in sheet.article.removed]
    cuts = _boundaries(sheet, sentences)
    out: list[Run] = []
    for start, end in itertools.pairwise(cuts):
        debris = next(((lo, kind) for lo, hi, kind in removed if lo <= start and end <= hi), None)
        out.append(
            Run(
                text=text[start:end],
                start=start,
                end=end,
                cue_of=_covering(cues, start, end),
                claimant_of=_covering(claimants, start, end),
                sources=_covering(mentions, start, end),
                removed=debris[1] if debris else None,
                removed_start=debris is not None and debris[0] == start,
                sentence=starts.get(start),
            )
        )
    return out


def pieces(sheet: FactSheet, sentences: dict[str, tuple[int, int]] | None = None) -> list[Piece]:
    """Group the runs into highlights: one piece per stretch of one claim's content."""
    owner = _owners(sheet)
    seen: set[str] = set()
    out: list[Piece] = []
    for run in runs(sheet, sentences):
        claim = owner[run.start] if run.start < len(owner) else None
        last = out[-1] if out else None
        if last is not None and last.claim is claim:
            out[-1] = Piece(claim, last.first, (*last.runs, run))
            continue
        first = claim is not None and claim.id not in seen
        if claim is not None:
            seen.add(claim.id)
        out.append(Piece(claim, first, (run,)))
    return _place_hidden(sheet, out, seen)


def _place_hidden(sheet: FactSheet, out: list[Piece], seen: set[str]) -> list[Piece]:
    """Give a claim whose content other claims cover entirely (same span) an empty highlight.

    It sits where its content starts, so every claim has exactly one highlight to focus.
    """
    for claim in sheet.claims:
        if claim.id in seen:
            continue
        at = next(
            (i for i, p in enumerate(out) if p.runs and p.runs[-1].end > claim.content.start),
            len(out),
        )
        out.insert(at, Piece(claim, True, ()))
    return out


def claim_views(sheet: FactSheet) -> list[ClaimView]:
    """Each claim with its source, its reasons in words and a one-line explanation."""
    sources = {source.id: source for source in sheet.sources}
    explained = {item.claim_id: item.explanation for item in sheet.unverified}
    views = []
    for claim in sheet.claims:
        source = sources.get(claim.claimant.source_id) if claim.claimant else None
        meaning = STATUS_TEXT[claim.status]
        explanation = explained.get(claim.id) or meaning[0].upper() + meaning[1:] + "."
        reasons = tuple(REASON_TEXT[reason] for reason in claim.reasons)
        views.append(ClaimView(claim, source, explanation, reasons))
    return views


def review(sheet: FactSheet) -> Review:
    """Build the page model of one sheet."""
    sentences = sentence_spans(sheet)
    views = claim_views(sheet)
    counts = Counter(claim.status for claim in sheet.claims)
    unverified_ids = {item.claim_id for item in sheet.unverified}
    return Review(
        sheet=sheet,
        pieces=tuple(pieces(sheet, sentences)),
        claims=tuple(views),
        counts={status: counts.get(status, 0) for status in STATUSES},
        sentence_ids=frozenset(sentences),
        unverified=tuple(v for v in views if v.claim.id in unverified_ids),
    )
