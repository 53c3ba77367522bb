"""Draft claims built by hand from a short article, for the verify-stage tests."""

from __future__ import annotations

from service.pipeline.segment import segment
from service.pipeline.types import DraftClaim, Sentence, Span


def sentences_of(text: str) -> list[Sentence]:
    """The article's sentences, as one paragraph."""
    return segment(text, ((0, len(text)),))


def claim_at(
    text: str, sentences: list[Sentence], content: str, cue: str, source: int
) -> DraftClaim:
    """A claim whose content and cue are the last occurrences of those strings in `text`."""
    start = text.rindex(content)
    cue_at = text.rindex(cue)
    sid = next(s.id for s in sentences if s.start <= start < s.end)
    return DraftClaim(
        statement=content,
        content=Span(start, start + len(content), content),
        cue=Span(cue_at, cue_at + len(cue), cue),
        source=Span(0, 1, text[0]),
        source_index=source,
        sentence_ids=(sid,),
    )
