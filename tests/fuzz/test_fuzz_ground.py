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

from service.engines.llm.ground import ground_draft
from service.errors import InputError
from service.pipeline.match import find
from service.pipeline.prepare import prepare
from service.pipeline.types import Sentence, Span
from tests.fuzz.strategies import TEXT, drafts

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
_DROPPED = re.compile(r"^dropped claim (\d+):")


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
