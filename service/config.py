"""Typed settings (prefix FACTSHEET_), validated once, failing fast on bad values."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting Factsheet reads from the environment."""

    model_config = SettingsConfigDict(env_prefix="FACTSHEET_", extra="ignore")

    max_chars: int = Field(
        default=100_000, ge=1, le=10_000_000, description="Longest article accepted, in characters."
    )
    summary_sentences: int = Field(
        default=3, ge=1, le=20, description="Default number of summary sentences."
    )
    max_claims: int = Field(default=50, ge=1, le=500, description="Default cap on claims.")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read from the environment once."""
    return Settings()
