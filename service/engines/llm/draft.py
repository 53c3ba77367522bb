"""The Draft: the small model an LLM fills. Sentence ids and short quotes, no offsets, no metadata.

Validation checks the shape only. `claim_problems`, `source_problems` and
`summary_problems` ground each item in the article (known sentence ids, verbatim quotes,
names present); answer.py runs them on every answer, and their messages tell the model
what to fix, because the failing items are sent back to it on re-ask.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from schemas.factsheet import ClaimStatus, SourceType
from service.pipeline.match import contains, names

# One cap on claims shared by the prompt (``$max_claims`` never exceeds it), the schema the
# model sees (maxItems) and the output budget (service/engines/llm/wire.py sizes it).
MAX_CLAIMS = 40
MAX_SOURCES = 30
MAX_SUMMARY = 6

# The contract's own closed sets, not copies: a status or type the contract lacks cannot exist.
DraftStatus = ClaimStatus
DraftSourceType = SourceType


def _bare_id(value: object) -> object:
    # Small models often echo the label as written in the prompt ("[s3]", "S3").
    return value.strip().strip("[]").strip().lower() if isinstance(value, str) else value


SentenceId = Annotated[str, Field(pattern=r"^s[0-9]+$"), BeforeValidator(_bare_id)]


class _Model(BaseModel):
    # Small models add stray keys; ignoring them is cheaper than a re-ask.
    model_config = ConfigDict(extra="ignore")


class DraftClaim(_Model):
    """One claim the article makes."""

    statement: str = Field(
        min_length=3, max_length=300, description="Short plain restatement of the claim."
    )
    sentence_ids: list[SentenceId] = Field(
        min_length=1,
        max_length=4,
        description='Ids of the sentences that carry the claim, as given in the article: "s3".',
    )
    quote: str = Field(
        min_length=3,
        max_length=300,
        description="Short verbatim quote of what is claimed, copied from the cited sentence(s).",
    )
    claimant: str | None = Field(
        default=None,
        max_length=120,
        description="Who makes the claim, as written in the article; null for the article's voice.",
    )
    cue: str | None = Field(
        default=None,
        max_length=60,
        description='The attributing verb or phrase as written ("said", "according to"), or null.',
    )
    status: DraftStatus = Field(
        description="corroborated: confirmed independently; attributed: one named source says it; "
        "unverified: hedged, anonymous or unconfirmed; disputed: denied in the article."
    )


class DraftSource(_Model):
    """A source the article cites."""

    name: str = Field(min_length=1, max_length=120, description="Name exactly as written.")
    type: DraftSourceType = Field(description="Kind of source.")
    role: str | None = Field(
        default=None, max_length=160, description="Role or affiliation as written, or null."
    )


class DraftSummarySentence(_Model):
    """One sentence of the summary."""

    text: str = Field(
        min_length=3, max_length=400, description="Summary sentence; keep attributions and hedges."
    )
    support: list[SentenceId] = Field(
        min_length=1, max_length=6, description='Ids of the sentences it is built on: "s1".'
    )


class Draft(_Model):
    """Claims, sources and a short summary of one article, citing its sentence ids."""

    claims: list[DraftClaim] = Field(max_length=MAX_CLAIMS, description="Claims in reading order.")
    sources: list[DraftSource] = Field(
        max_length=MAX_SOURCES, description="Every source the claims cite."
    )
    summary: list[DraftSummarySentence] = Field(
        max_length=MAX_SUMMARY, description="A few sentences summarising the article."
    )


@dataclass(slots=True)
class ArticleView:
    """What validators check a draft against: sentence texts by id, the whole text."""

    sentences: dict[str, str]
    text: str


def _quote_in(view: ArticleView, ids: Sequence[str], quote: str) -> bool:
    texts = [view.sentences[i] for i in ids if i in view.sentences]
    return any(contains(t, quote) for t in texts) or contains(" ".join(texts), quote)


def claim_problems(n: int, claim: DraftClaim, view: ArticleView) -> list[str]:
    """Return what is ungrounded in claim ``n``: one short instruction per problem."""
    problems: list[str] = []
    unknown = [i for i in claim.sentence_ids if i not in view.sentences]
    if unknown:
        problems.append(f"claim {n}: sentence ids {unknown} do not exist; cite ids shown as [sN].")
    elif not _quote_in(view, claim.sentence_ids, claim.quote):
        cited = ", ".join(claim.sentence_ids)
        problems.append(
            f"claim {n}: quote {claim.quote!r} is not verbatim in {cited}; "
            "copy the words exactly from the cited sentence(s) or cite the right one."
        )
    if claim.claimant and not names(view.text, claim.claimant):
        problems.append(
            f"claim {n}: claimant {claim.claimant!r} does not appear in the article; "
            "write the name exactly as the article does, or null for the article's voice."
        )
    return problems


def source_problems(n: int, source: DraftSource, view: ArticleView) -> list[str]:
    """Return what is ungrounded in source ``n``."""
    if names(view.text, source.name):
        return []
    return [
        f"source {n}: name {source.name!r} does not appear in the article; "
        "write it exactly as the article does."
    ]


def summary_problems(n: int, line: DraftSummarySentence, view: ArticleView) -> list[str]:
    """Return what is ungrounded in summary sentence ``n``."""
    unknown = [i for i in line.support if i not in view.sentences]
    return [f"summary {n}: support ids {unknown} do not exist."] if unknown else []
