"""FactSheet v1: the one contract every interface returns.

Every span carries ``start``/``end`` Python string indices into ``article.text``
(the text the caller sent, or the text extracted from the HTML they sent), and
``article.text[start:end] == text`` holds for all of them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["1"] = "1"

ClaimStatus = Literal["corroborated", "attributed", "unverified", "disputed"]
SourceType = Literal["person", "organization", "government", "media", "document", "anonymous"]
Reason = Literal[
    "single_source",
    "multiple_sources",
    "official_confirmation",
    "hedged",
    "speculative",
    "anonymous_source",
    "explicitly_unconfirmed",
    "denied",
    "unattributed",
    "model_judgement",
]
DebrisKind = Literal["byline", "counter", "site_chrome", "other"]
NoteKind = Literal["no_confirmation", "denial", "speculation"]
EngineName = Literal["extractive", "llm"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TextSpan(_Model):
    """A grounded span of the article."""

    text: str = Field(description="The exact characters of the article: article.text[start:end].")
    start: int = Field(ge=0, description="Start offset (Python string index) into article.text.")
    end: int = Field(ge=0, description="End offset (exclusive) into article.text.")


class Evidence(TextSpan):
    """A whole sentence that supports a claim."""

    sentence_id: str = Field(description="Id of the sentence (s1, s2, ...) in reading order.")


class Claimant(TextSpan):
    """The mention of who makes a claim."""

    source_id: str = Field(description="Id of the source (in `sources`) this mention belongs to.")


class EngineInfo(_Model):
    """Which engine produced the sheet, and how."""

    name: EngineName = Field(description="Engine that drafted the sheet.")
    model: str | None = Field(default=None, description="LLM model name; null for extractive.")
    prompt_version: str | None = Field(
        default=None, description="Hash of the prompt files and draft schema; null for extractive."
    )
    degraded: bool = Field(
        default=False, description="True when the requested engine failed and a fallback ran."
    )


class Removed(TextSpan):
    """Scraper debris dropped from the article before analysis."""

    kind: DebrisKind = Field(description="What kind of debris this is.")


class ArticleInfo(_Model):
    """The article as analysed."""

    title: str | None = Field(default=None, description="Title given by the caller or extracted.")
    language: str = Field(description="ISO 639-1 code of the detected language.")
    chars: int = Field(ge=0, description="Length of `text` in characters.")
    text: str = Field(description="The text all offsets refer to.")
    removed: list[Removed] = Field(description="Debris removed before analysis, with offsets.")


class SummarySentence(_Model):
    """One sentence of the summary."""

    text: str = Field(description="Summary sentence; attributions and hedges are kept.")
    support: list[str] = Field(min_length=1, description="Ids of the sentences it is built on.")


class Claim(_Model):
    """One claim the article makes, with who makes it and the evidence."""

    id: str = Field(description="Claim id: c1, c2, ...")
    statement: str = Field(description="Plain restatement of the claim for readers.")
    content: TextSpan = Field(
        description="Exact span of what is claimed, without speaker and verb."
    )
    claimant: Claimant | None = Field(
        description="Mention of who claims it; null for the article's own voice."
    )
    cue: TextSpan | None = Field(
        description="The verb or phrase that attributes it ('has claimed', 'according to')."
    )
    evidence: list[Evidence] = Field(min_length=1, description="Whole sentences that carry it.")
    status: ClaimStatus = Field(description="What the article itself establishes about the claim.")
    reasons: list[Reason] = Field(description="Why the claim has its status.")


class Source(_Model):
    """A named (or anonymous) source the article cites."""

    id: str = Field(description="Source id: src1, src2, ...")
    name: str = Field(description="Fullest name the article gives the source.")
    type: SourceType = Field(description="Kind of source.")
    role: str | None = Field(
        default=None, description="Role or affiliation the article gives it, if any."
    )
    mentions: list[TextSpan] = Field(min_length=1, description="Every place the article names it.")
    claim_ids: list[str] = Field(description="Claims this source makes.")


class UnverifiedItem(_Model):
    """An entry of the unverified section."""

    claim_id: str = Field(description="Id of an unverified or disputed claim.")
    status: Literal["unverified", "disputed"] = Field(description="The claim's status.")
    reasons: list[Reason] = Field(min_length=1, description="Why it is not confirmed.")
    explanation: str = Field(description="One line for editors saying why.")


class Note(TextSpan):
    """Something the article says about the claims as a whole."""

    kind: NoteKind = Field(description="What the note records.")


class Usage(_Model):
    """What producing the sheet cost."""

    llm_calls: int = Field(
        default=0, ge=0, description="HTTP requests to the LLM: answers, re-asks and retries."
    )
    reasks: int = Field(default=0, ge=0, description="Re-asks sent after unusable answers.")
    http_retries: int = Field(
        default=0, ge=0, description="Requests the HTTP client re-sent (429, 5xx, timeouts)."
    )
    cached_prompt_tokens: int = Field(
        default=0, ge=0, description="Prompt tokens the endpoint served from its cache."
    )
    prompt_tokens: int = Field(default=0, ge=0, description="Prompt tokens summed over calls.")
    completion_tokens: int = Field(default=0, ge=0, description="Completion tokens summed.")
    cost_usd: float | None = Field(
        default=0.0,
        ge=0,
        description="Cost from the price table, in USD; null when the model has no price.",
    )
    cache_hit: bool = Field(default=False, description="True when the sheet came from the cache.")


class FactSheet(_Model):
    """A grounded fact sheet of one article."""

    schema_version: Literal["1"] = Field(default=SCHEMA_VERSION, description="Contract version.")
    id: str = Field(description="sha256 of the normalised text and the options.")
    engine: EngineInfo = Field(description="Engine metadata.")
    article: ArticleInfo = Field(description="The article: title, language, text, debris.")
    summary: list[SummarySentence] = Field(description="A few sentences summarising the article.")
    claims: list[Claim] = Field(description="Claims in reading order.")
    sources: list[Source] = Field(description="Sources cited, merged across mentions.")
    unverified: list[UnverifiedItem] = Field(
        description="Every claim whose status is unverified or disputed."
    )
    notes: list[Note] = Field(description="Article-level observations, such as no confirmation.")
    warnings: list[str] = Field(description="Anything the reader should know about this sheet.")
    usage: Usage = Field(description="Calls, tokens and cost.")
