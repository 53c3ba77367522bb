"""Internal data passed between pipeline stages (not part of the public contract)."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas import factsheet as contract

# The closed sets are the contract's: one definition, shared by the pipeline and the output.
DebrisKind = contract.DebrisKind
SourceKind = contract.SourceType
Status = contract.ClaimStatus


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


@dataclass(frozen=True, slots=True)
class DraftSource:
    """A source as an engine found it: its fullest name, type, role and every mention."""

    name: str
    type: SourceKind
    role: str | None
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class DraftClaim:
    """A claim as an engine found it, already grounded: every span is in the text.

    ``source`` is the claimant mention (None for the article's own voice) and
    ``source_index`` points into ``GroundedDraft.sources``. ``engine_status`` is the
    engine's own judgement (the LLM's; None for the extractive engine); the verify
    stage combines it with the cues and never lets it override them.
    ``other_source_indices`` are further sources making the same claim ("X and Y said").
    """

    statement: str
    content: Span
    cue: Span | None
    source: Span | None
    source_index: int | None
    sentence_ids: tuple[str, ...]
    engine_status: Status | None = None
    other_source_indices: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class DraftSummary:
    """One summary sentence and the sentence ids it is built on."""

    text: str
    support: tuple[str, ...]


@dataclass(slots=True)
class GroundedDraft:
    """An engine's output after grounding: what verify and assembly turn into a FactSheet."""

    claims: list[DraftClaim]
    sources: list[DraftSource]
    summary: list[DraftSummary]
    warnings: list[str] = field(default_factory=list)
