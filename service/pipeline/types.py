"""Internal data passed between pipeline stages (not part of the public contract)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DebrisKind = Literal["byline", "counter", "site_chrome", "other"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range [start, end) of the article text, with its characters."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Debris:
    """A range of the article removed as scraper debris."""

    start: int
    end: int
    text: str
    kind: DebrisKind


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: id s1, s2, ... in reading order, with offsets into the text."""

    id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Ingested:
    """What ingest hands on: the text offsets refer to, and what to analyse of it.

    ``norm`` is a length-preserving fold of ``text`` (curly quotes to straight,
    odd spaces and CR to a plain space) so that matching can ignore typography
    while every offset stays valid in ``text``.
    """

    text: str
    norm: str
    regions: tuple[tuple[int, int], ...]
    removed: tuple[Debris, ...]
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution relation found by the cues: who says what, through which cue."""

    content: Span
    cue: Span | None
    source: Span | None
    sentence_ids: tuple[str, ...]


@dataclass(slots=True)
class SentenceSignals:
    """Deterministic signals of one sentence."""

    hedges: list[Span] = field(default_factory=list)
    speculation: list[Span] = field(default_factory=list)
    denials: list[Span] = field(default_factory=list)
    anonymous: list[Span] = field(default_factory=list)
    no_confirmation: list[Span] = field(default_factory=list)
