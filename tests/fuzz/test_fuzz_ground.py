"""Fuzz `ground_draft` with whatever a model might answer: quotes cut anywhere in the
article (re-cased, re-spaced, wrapped in quote marks, across sentences) or invented,
unknown sentence ids, claimants and sources present or not.

Nothing raises; every span kept is the article's own characters inside the cited
sentences; every claim is either kept or dropped with a warning naming it.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from service.engines.llm.draft import Draft
from service.engines.llm.ground import ground_draft
from service.errors import InputError
from service.pipeline.match import find
from service.pipeline.prepare import Prepared, prepare
from service.pipeline.types import Sentence, Span
from tests.fuzz.strategies import TEXT

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
_DROPPED = re.compile(r"^dropped claim (\d+):")
_STATUSES = ["corroborated", "attributed", "unverified", "disputed"]
_TYPES = ["person", "organization", "government", "media", "document", "anonymous"]


def _cut(draw: st.DrawFn, text: str, start: int, end: int) -> str:
    """A piece of text[start:end], sometimes re-cased, re-spaced or wrapped in quotes."""
    if end - start < 1:
        return draw(st.text(min_size=3, max_size=40))
    a = draw(st.integers(start, end - 1))
    b = draw(st.integers(min(a + 3, end), min(end, a + 200)))  # the Draft wants 3+ chars
    piece = text[a:b]
    how = draw(st.sampled_from(["as-is", "upper", "lower", "spaces", "quoted", "curly"]))
    if how == "upper":
        piece = piece.upper()
    elif how == "lower":
        piece = piece.lower()
    elif how == "spaces":
        piece = re.sub(r"\s+", "  \n ", piece)
    elif how == "quoted":
        piece = f'"{piece}"'
    elif how == "curly":
        piece = f"“{piece}”"
    return piece


@st.composite
def drafts(draw: st.DrawFn, prepared: Prepared) -> Draft:
    """A Draft of the Draft schema's shape, grounded or not, for this article."""
    text, sentences = prepared.ingested.text, prepared.sentences
    known = [s.id for s in sentences]
    # Mostly known ids and quotes cut from them, so most claims get far enough to be kept.
    ids = st.one_of(st.sampled_from(known), st.sampled_from(["s0", "s999", f"s{len(known) + 1}"]))

    def quote(cited: list[str]) -> str:
        inside = [s for s in sentences if s.id in cited]
        if inside and draw(st.sampled_from([True, True, True, False])):
            lo, hi = min(s.start for s in inside), max(s.end for s in inside)
            return _cut(draw, text, lo, hi)
        return draw(st.one_of(st.text(min_size=3, max_size=60), st.just(text[:80])))

    def name() -> str | None:
        how = draw(st.sampled_from(["none", "none", "cut", "invented"]))
        if how == "cut":
            return _cut(draw, text, 0, len(text))
        return draw(st.text(min_size=1, max_size=30)) if how == "invented" else None

    claims = []
    for _ in range(draw(st.integers(0, 6))):
        cited = draw(st.lists(ids, min_size=1, max_size=4))
        claims.append(
            {
                "statement": draw(st.text(min_size=3, max_size=50)),
                "sentence_ids": cited,
                "quote": quote(cited)[:300],
                "claimant": (name() or "")[:120] or None,
                "cue": (name() or "")[:60] or None,
                "status": draw(st.sampled_from(_STATUSES)),
            }
        )
    sources = [
        {"name": (name() or "x")[:120], "type": draw(st.sampled_from(_TYPES)), "role": None}
        for _ in range(draw(st.integers(0, 4)))
    ]
    summary = [
        {
            "text": draw(st.text(min_size=3, max_size=50)),
            "support": draw(st.lists(ids, min_size=1, max_size=3)),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    try:
        return Draft.model_validate({"claims": claims, "sources": sources, "summary": summary})
    except ValidationError:
        assume(False)
        raise


def _exact(text: str, span: Span) -> None:
    assert text[span.start : span.end] == span.text, span


def _inside(span: Span, cited: list[Sentence]) -> bool:
    return min(s.start for s in cited) <= span.start and span.end <= max(s.end for s in cited)


@FUZZ
@given(TEXT, st.data())
def test_ground_draft_keeps_only_exact_spans_inside_cited_sentences(
    text: str, data: st.DataObject
) -> None:
    try:
        prepared = prepare(text, kind="text", max_chars=1_000_000)
    except InputError:
        return
    assume(prepared.sentences)
    draft = data.draw(drafts(prepared))
    article = prepared.ingested.text
    by_id = {s.id: s for s in prepared.sentences}

    grounded = ground_draft(draft, prepared.sentences, article)

    dropped = {int(m.group(1)) for w in grounded.warnings if (m := _DROPPED.match(w))}
    kept = [c for n, c in enumerate(draft.claims, 1) if n not in dropped]
    assert len(kept) == len(grounded.claims)
    event(f"claims kept: {min(len(kept), 2)}{'+' if len(kept) > 1 else ''}")
    for original, claim in zip(kept, grounded.claims, strict=True):
        cited = [by_id[i] for i in claim.sentence_ids]
        assert cited and set(claim.sentence_ids) <= set(original.sentence_ids)
        _exact(article, claim.content)
        assert _inside(claim.content, cited)
        # The kept span is the model's quote, up to case, spacing and quote marks.
        assert find(claim.content.text, original.quote) == (0, len(claim.content.text))
        if claim.cue is not None:
            _exact(article, claim.cue)
            assert _inside(claim.cue, cited)
        assert (claim.source is None) == (claim.source_index is None) == (original.claimant is None)
        if claim.source is not None:
            _exact(article, claim.source)
            assert claim.source_index is not None and claim.source_index < len(grounded.sources)
    for source in grounded.sources:
        assert source.name and source.name in article and source.mentions
        for mention in source.mentions:
            _exact(article, mention)
    for line in grounded.summary:
        assert line.support and set(line.support) <= set(by_id)
