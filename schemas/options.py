"""Per-request options, shared by every interface."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EngineChoice = Literal["auto", "llm", "extractive"]


class Options(BaseModel):
    """How to build a fact sheet."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    engine: EngineChoice = Field(
        default="auto",
        description="auto: the LLM when one is configured, else extractive; or force one.",
    )
    summary_sentences: int = Field(default=3, ge=1, le=10, description="Summary length.")
    max_claims: int = Field(default=50, ge=1, le=200, description="Most claims to return.")
