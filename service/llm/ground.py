"""Turn an LLM Draft into a GroundedDraft: offsets computed here, ungrounded items dropped."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from schemas.draft import Draft
from schemas.draft import DraftClaim as LLMClaim
from service.llm.match import find, folded, same_name
from service.observability import metrics
from service.pipeline.types import (
    DraftClaim,
    DraftSource,
    DraftSummary,
    GroundedDraft,
    Sentence,
    SourceKind,
    Span,
)

# Only for a claimant the model forgot to list in sources: a rough kind beats none,
# and the warning tells the reader it was guessed.
_KIND_WORDS: dict[SourceKind, str] = {
    "anonymous": r"sources?|officials?|people|person|someone|insiders?",
    "government": r"ministry|government|department|army|military|police|kremlin",
    "media": r"news|media|broadcaster|newspaper|tv|radio|times|post|agency",
    "organization": r"ngo|company|group|association|institute|university|party|council",
    "document": r"report|document|statement|study|data",
}
_KINDS = {kind: re.compile(rf"\b({words})\b", re.IGNORECASE) for kind, words in _KIND_WORDS.items()}


def _span(text: str, hit: tuple[int, int] | None) -> Span | None:
    return None if hit is None else Span(hit[0], hit[1], text[hit[0] : hit[1]])


def _find_in(text: str, needle: str, sentences: Sequence[Sentence]) -> Span | None:
    """Find ``needle`` inside one of ``sentences``, else across their whole range."""
    for s in sentences:
        if hit := find(text, needle, s.start, s.end):
            return _span(text, hit)
    if len(sentences) > 1:
        return _span(text, find(text, needle, sentences[0].start, sentences[-1].end))
    return None


def _name_in(text: str, name: str, sentences: Sequence[Sentence]) -> Span | None:
    """Find the name on whole words inside one of ``sentences``, else across their range."""
    prepared = folded(text)
    for s in sentences:
        if hit := prepared.find_name(name, s.start, s.end):
            return _span(text, hit)
    if len(sentences) > 1:
        return _span(text, prepared.find_name(name, sentences[0].start, sentences[-1].end))
    return None


def _mentions(text: str, name: str) -> tuple[Span, ...]:
    prepared = folded(text)
    full = prepared.find_names(name)
    spans = {hit: text[hit[0] : hit[1]] for hit in full}
    starts = [s for s, _ in full]
    parts = name.split()
    # People are named in full once, then by surname ("Oman said"): count those too.
    if len(parts) > 1 and parts[-1][:1].isupper() and len(parts[-1]) > 2:
        for hit in prepared.find_names(parts[-1]):
            at = bisect.bisect_right(starts, hit[0]) - 1
            if at < 0 or not full[at][0] <= hit[0] < full[at][1]:
                spans[hit] = text[hit[0] : hit[1]]
    return tuple(Span(s, e, t) for (s, e), t in sorted(spans.items()))


def _guess_kind(name: str) -> SourceKind:
    return next((kind for kind, words in _KINDS.items() if words.search(name)), "person")


class _Grounder:
    """Grounds one draft against one article, collecting warnings as it goes."""

    def __init__(self, draft: Draft, sentences: Sequence[Sentence], text: str) -> None:
        self.text = text
        self.by_id = {s.id: s for s in sentences}
        self.warnings: list[str] = []
        self.sources: list[DraftSource] = []
        self.draft = draft

    def source_index(self, name: str, kind: SourceKind | None = None) -> int | None:
        for i, source in enumerate(self.sources):
            if same_name(source.name, name):
                return i
        full = folded(self.text).find_name(name)
        if full is None:
            return None
        mentions = _mentions(self.text, name)
        if kind is None:
            kind = _guess_kind(name)
            self.warnings.append(
                f"claimant {name!r} was not among the sources; added as {kind} (a guess)"
            )
        written = self.text[full[0] : full[1]]
        self.sources.append(DraftSource(written, kind, None, mentions))
        return len(self.sources) - 1

    def claim(self, n: int, claim: LLMClaim) -> DraftClaim | None:
        cited = [self.by_id[i] for i in claim.sentence_ids if i in self.by_id]
        where = ", ".join(claim.sentence_ids)
        if not cited:
            self.warnings.append(f"dropped claim {n}: cites no known sentence ({where})")
            return None
        cited.sort(key=lambda s: s.start)
        content = _find_in(self.text, claim.quote, cited)
        if content is None:
            self.warnings.append(f"dropped claim {n}: quote not found in {where}")
            return None
        source = index = None
        if claim.claimant:
            index = self.source_index(claim.claimant)
            source = _name_in(self.text, claim.claimant, cited)
            if index is not None and source is None:
                source = self.sources[index].mentions[0]
            if index is None or source is None:
                # Never pass a claim on as the article's own voice when the model said
                # someone else makes it: that would turn a quote into a fact.
                self.warnings.append(f"dropped claim {n}: claimant {claim.claimant!r} not found")
                return None
        cue = _find_in(self.text, claim.cue, cited) if claim.cue else None
        if claim.cue and cue is None:
            self.warnings.append(f"claim {n}: cue {claim.cue!r} not found in {where}; left out")
        ids = tuple(s.id for s in cited)
        # The model may only make a claim more cautious than the cues: "corroborated" never
        # is, so it carries no judgement and verify decides from the cues alone.
        status = None if claim.status == "corroborated" else claim.status
        return DraftClaim(claim.statement, content, cue, source, index, ids, status)

    def summary(self) -> list[DraftSummary]:
        lines: list[DraftSummary] = []
        for n, line in enumerate(self.draft.summary, 1):
            support = tuple(i for i in line.support if i in self.by_id)
            if support:
                lines.append(DraftSummary(line.text, support))
            else:
                self.warnings.append(f"dropped summary sentence {n}: no known support")
        return lines


def ground_draft(draft: Draft, sentences: Sequence[Sentence], text: str) -> GroundedDraft:
    """Ground ``draft`` in ``text``: every span located here; the rest dropped and warned."""
    g = _Grounder(draft, sentences, text)
    for n, source in enumerate(draft.sources, 1):
        i = g.source_index(source.name, source.type)
        if i is None:
            g.warnings.append(f"dropped source {n}: {source.name!r} not found in the article")
        elif source.role and g.sources[i].role is None:
            old = g.sources[i]
            g.sources[i] = DraftSource(old.name, old.type, source.role, old.mentions)
    claims: list[DraftClaim] = []
    for n, llm_claim in enumerate(draft.claims, 1):
        grounded = g.claim(n, llm_claim)
        if grounded is not None:
            claims.append(grounded)
    summary = g.summary()
    for kind in ("claim", "source", "summary"):
        dropped = sum(w.startswith(f"dropped {kind}") for w in g.warnings)
        if dropped:
            metrics.llm_dropped(kind, dropped)
    return GroundedDraft(claims=claims, sources=g.sources, summary=summary, warnings=g.warnings)
