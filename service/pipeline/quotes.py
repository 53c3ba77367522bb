"""Where quotations and reported contents open and close, for the attribution passes."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

from service.pipeline import lexicon as lx
from service.pipeline.types import Attribution, Sentence


def quote_open(norm: str, start: int, end: int) -> bool:
    """Whether an odd number of double quotes lies in [start, end)."""
    # NYT-style text writes a double quote as two apostrophes.
    return (norm.count('"', start, end) + norm.count("''", start, end)) % 2 == 1


_MARK = re.compile(r"''|\"")


class QuoteMarks:
    """The double quotes of one paragraph, found once: quote_open from the paragraph start
    for many positions costs a bisection each instead of a scan from the start."""

    def __init__(self, norm: str, start: int, end: int) -> None:
        self._ends = [m.end() for m in _MARK.finditer(norm, start, end)]

    def open_at(self, pos: int) -> bool:
        """quote_open(norm, start, pos) for a ``pos`` inside the paragraph."""
        return bisect_right(self._ends, pos) % 2 == 1


def extend_forward(norm: str, sents: Sequence[Sentence], i: int, start: int) -> int:
    """Index of the last sentence a quote opened in sentence ``i`` runs through."""
    j = i
    # Quotes in news copy do not run across paragraphs (each one reopens its quote).
    while (
        quote_open(norm, start, sents[j].end)
        and j + 1 < len(sents)
        and j - i < 8
        and "\n" not in norm[sents[j].end : sents[j + 1].start]
    ):
        j += 1
    return j if not quote_open(norm, start, sents[j].end) else i


def extend_back(norm: str, sents: Sequence[Sentence], i: int, end: int) -> int:
    """Index of the first sentence of a quote that closes in sentence ``i`` before ``end``."""
    j = i
    while (
        quote_open(norm, sents[j].start, end)
        and j > 0
        and i - j < 8
        and "\n" not in norm[sents[j - 1].end : sents[j].start]
    ):
        j -= 1
    return j if not quote_open(norm, sents[j].start, end) else i


def trailing_quote(norm: str, sents: Sequence[Sentence], i: int) -> int:
    """Last sentence of a quote that continues right after ``"...," she said.``."""
    if i + 1 >= len(sents) or norm[sents[i + 1].start] not in "\"'":
        return i
    if "\n" in norm[sents[i].end : sents[i + 1].start]:
        return i
    j = extend_forward(norm, sents, i + 1, sents[i + 1].start)
    # A new cue after the quote closes starts a relation of its own.
    # (an apostrophe, "the party's chairman", closes no quote; NYT-style '' does)
    close = max(
        norm.rfind('"', sents[j].start, sents[j].end),
        norm.rfind("''", sents[j].start, sents[j].end),
    )
    if lx.VERB.search(norm, close, sents[j].end) or quote_open(
        norm, sents[i + 1].start, sents[j].end
    ):
        return i
    return j


def quote_before(norm: str, sents: Sequence[Sentence], i: int) -> int:
    """Index of the previous sentence when it ends a quotation in the same paragraph, else -1."""
    if i == 0 or "\n" in norm[sents[i - 1].end : sents[i].start]:
        return -1
    return i - 1 if norm[sents[i - 1].end - 1] in "\"'" else -1


def outermost(found: list[Attribution]) -> list[Attribution]:
    """Drop relations whose cue lies inside the content that follows another relation's cue."""
    # "X said that Y told reporters Z": PolNeAR marks the outer relation only (train: 74
    # of 1088 inner cues are gold cues, 55 of those beside a gold outer one). An inner cue
    # in a content before its cue ("A believes B, X said") is gold half the time: kept.
    spans = sorted(
        (a.content.start, a.content.end) for a in found if a.cue and a.content.start >= a.cue.end
    )
    starts, ends = [s for s, _ in spans], list(accumulate((e for _, e in spans), max))
    return [
        a
        for a in found
        if a.cue is None
        or not (k := bisect_right(starts, a.cue.start))
        or ends[k - 1] <= a.cue.start
    ]
