"""Merge the tagger's relations into the rules' relations: the rules win where both speak.

A tagged relation is added only where the rules found nothing: its content and cue share
no character with any rule relation's content or cue. The rules' relations keep their
order; each added one goes before the first rule relation that starts after it.
Linear after sorting: the rules' spans are folded into disjoint intervals, looked up by
bisection.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from service.pipeline.types import Attribution, Span


def _occupied(rules: Sequence[Attribution]) -> tuple[list[int], list[int]]:
    """The union of the rules' content and cue spans as sorted disjoint [start, end)."""
    spans = sorted((s.start, s.end) for a in rules for s in (a.content, a.cue) if s is not None)
    starts: list[int] = []
    ends: list[int] = []
    for start, end in spans:
        if ends and start < ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _free(span: Span | None, starts: Sequence[int], ends: Sequence[int]) -> bool:
    """Whether ``span`` shares no character with the occupied intervals."""
    if span is None:
        return True
    k = bisect_right(starts, span.end - 1) - 1  # the last interval starting inside or before
    return k < 0 or ends[k] <= span.start


def _start(a: Attribution) -> int:
    return min(a.content.start, a.cue.start) if a.cue is not None else a.content.start


def _end(a: Attribution) -> int:
    return max(a.content.end, a.cue.end) if a.cue is not None else a.content.end


def merge(rules: Sequence[Attribution], tagged: Sequence[Attribution]) -> list[Attribution]:
    """The rules' relations, with each tagged relation the rules do not touch added."""
    starts, ends = _occupied(rules)
    added = sorted(
        (a for a in tagged if _free(a.content, starts, ends) and _free(a.cue, starts, ends)),
        key=_start,
    )
    # Tagged relations must not overlap each other either: the first in reading order wins.
    kept: list[Attribution] = []
    for a in added:
        if kept and _start(a) < _end(kept[-1]):
            continue
        kept.append(a)
    out: list[Attribution] = []
    k = 0
    for r in rules:
        while k < len(kept) and _start(kept[k]) < _start(r):
            out.append(kept[k])
            k += 1
        out.append(r)
    out.extend(kept[k:])
    return out
