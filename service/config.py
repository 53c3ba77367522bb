"""Typed settings (prefix FACTSHEET_), validated once, failing fast on bad values."""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from platformdirs import user_data_dir
from pydantic import AliasChoices, BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

OPENAI_BASE_URL = "https://api.openai.com/v1"
log = logging.getLogger(__name__)
STRONG_KEY_CHARS = 16


class ModelPrice(BaseModel):
    """USD per one million tokens of one model."""

    prompt: float = Field(ge=0, description="USD per 1M prompt tokens.")
    completion: float = Field(ge=0, description="USD per 1M completion tokens.")
    cached: float | None = Field(
        default=None, ge=0, description="USD per 1M cached prompt tokens; None: full price."
    )


# Matched by longest prefix of the model name, so dated variants share a price.
# Unknown models (local servers) have no price: cost_usd is null and the sheet warns.
DEFAULT_PRICES: dict[str, ModelPrice] = {
    "gpt-4o-mini": ModelPrice(prompt=0.15, completion=0.60, cached=0.075),
    "gpt-4o": ModelPrice(prompt=2.50, completion=10.00, cached=1.25),
    "gpt-4.1-mini": ModelPrice(prompt=0.40, completion=1.60, cached=0.1),
    "gpt-4.1-nano": ModelPrice(prompt=0.10, completion=0.40, cached=0.025),
    "gpt-4.1": ModelPrice(prompt=2.00, completion=8.00, cached=0.5),
}


class Settings(BaseSettings):
    """Every setting Factsheet reads from the environment."""

    # hide_input_in_errors: a rejected value may be a secret (API keys), and errors reach logs.
    # env_ignore_empty: FACTSHEET_LLM_BASE_URL= (empty) means unset, as in a shell.
    model_config = SettingsConfigDict(
        env_prefix="FACTSHEET_", extra="ignore", hide_input_in_errors=True, env_ignore_empty=True
    )

    max_chars: int = Field(
        default=100_000, ge=1, le=10_000_000, description="Longest article accepted, in characters."
    )
    summary_sentences: int = Field(
        default=3, ge=1, le=20, description="Default number of summary sentences."
    )
    max_claims: int = Field(default=50, ge=1, le=500, description="Default cap on claims.")

    llm_base_url: str | None = Field(
        default=None, description="OpenAI-compatible endpoint; None means api.openai.com."
    )
    # The plugin flags any AliasChoices; the field has a default, so it is never required.
    llm_api_key: SecretStr | None = Field(  # type: ignore[pydantic-alias]
        default=None,
        validation_alias=AliasChoices("FACTSHEET_LLM_API_KEY", "OPENAI_API_KEY"),
        description="API key of the endpoint (falls back to OPENAI_API_KEY).",
    )
    llm_model: str = Field(default="gpt-4o-mini", min_length=1, description="Model name.")
    llm_mode: Literal["tools", "json_schema", "md_json"] = Field(
        default="tools", description="How the model returns JSON (llama.cpp needs tools/md_json)."
    )
    llm_timeout_s: float = Field(default=60.0, gt=0, le=600, description="Per HTTP request.")
    llm_max_tokens: int | None = Field(
        default=None,
        ge=64,
        le=131_072,
        description="Output tokens per completion; unset: sized to the claim cap (about "
        "150 tokens a claim, plus the sources and summary).",
    )
    llm_token_field: Literal["auto", "max_completion_tokens", "max_tokens"] = Field(
        default="auto",
        description="Request field carrying the output budget; auto: max_completion_tokens "
        "for api.openai.com (its newer models refuse max_tokens), max_tokens elsewhere.",
    )
    llm_temperature: float | None = Field(
        default=0.0,
        ge=0,
        le=2,
        description="Sampling temperature; 'none' leaves it out (models that only take 1).",
    )
    llm_max_calls: int = Field(
        default=6,
        ge=1,
        le=100,
        description="Most HTTP requests per article: chunks, re-asks and HTTP retries together.",
    )
    llm_reasks: int = Field(default=1, ge=0, le=3, description="Re-asks after invalid output.")
    llm_http_retries: int = Field(
        default=2, ge=0, le=5, description="HTTP retries on connection errors, 429 and 5xx."
    )
    llm_context_tokens: int = Field(
        default=6000, ge=256, le=1_000_000, description="Most article tokens sent in one call."
    )
    llm_prices: dict[str, ModelPrice] = Field(
        default_factory=lambda: dict(DEFAULT_PRICES),
        description="USD per 1M tokens by model-name prefix (JSON in the environment).",
    )
    llm_batch_price_factor: float = Field(
        default=0.5, ge=0, le=1, description="Batch API price as a share of the online price."
    )
    batch_api_poll_s: float = Field(
        default=30.0, gt=0, le=3600, description="Seconds between Batch API status polls."
    )
    batch_api_max_requests: int = Field(
        default=50_000, ge=1, le=50_000, description="Most requests in one Batch API input file."
    )
    batch_api_max_bytes: int = Field(
        default=190_000_000, ge=1024, le=200_000_000, description="Largest Batch API input file."
    )
    fallback: bool = Field(
        default=True, description="On an LLM error, fall back to the extractive engine."
    )
    cache: bool = Field(
        default=True,
        description="Cache LLM sheets (SQLite under data_dir, or Redis when redis_url is set).",
    )
    cache_ttl_s: int = Field(
        default=30 * 24 * 3600, ge=60, le=10 * 365 * 24 * 3600, description="Cache entry lifetime."
    )

    # Batch jobs (service/jobs): embedded SQLite + in-process worker, or Redis + workers.
    data_dir: Path = Field(
        default_factory=lambda: Path(user_data_dir("factsheet", appauthor=False)),
        description="Job store and cache files (default: the platform's user data directory).",
    )
    redis_url: str | None = Field(
        default=None, description="redis:// URL; when set, jobs go through the Redis queue."
    )
    redis_prefix: str = Field(
        default="factsheet", pattern=r"^[A-Za-z0-9_.-]{1,64}$", description="Redis key prefix."
    )
    batch_concurrency: int = Field(
        default=16, ge=1, le=1000, description="Articles summarised at once per worker."
    )
    job_timeout_s: int = Field(
        default=300, ge=1, le=3600, description="Longest one article may take in a worker."
    )
    job_heartbeat_s: int = Field(
        default=30, ge=1, le=3600, description="A silent worker's article is retried after this."
    )
    job_retries: int = Field(
        default=3, ge=1, le=20, description="Deliveries of one article before it is given up."
    )
    queue_sweep_s: int = Field(
        default=10, ge=1, le=600, description="How often workers look for stuck articles."
    )
    worker_redis_wait_s: float = Field(
        default=300.0,
        gt=0,
        le=86_400,
        description="How long a worker retries an unreachable Redis before exiting non-zero.",
    )

    @field_validator("llm_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("FACTSHEET_LLM_BASE_URL must start with http:// or https://")
        return value

    @field_validator("llm_temperature", mode="before")
    @classmethod
    def _no_temperature(cls, value: object) -> object:
        return None if isinstance(value, str) and value.strip().lower() in {"", "none"} else value

    @field_validator("public_url")
    @classmethod
    def _public_http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("FACTSHEET_PUBLIC_URL must start with http:// or https://")
        return value.rstrip("/") if value else value

    @field_validator("llm_prices")
    @classmethod
    def _merge_prices(cls, value: dict[str, ModelPrice]) -> dict[str, ModelPrice]:
        # An override adds or replaces models; the defaults for the others stay.
        return {**DEFAULT_PRICES, **value}

    @property
    def llm_configured(self) -> bool:
        """True when an endpoint or an API key is set, so the LLM engine can run."""
        return self.llm_base_url is not None or self.llm_api_key is not None

    @property
    def llm_chosen(self) -> bool:
        """True when FACTSHEET_LLM_MODEL is set: only then does engine ``auto`` use the LLM."""
        return self.llm_configured and "llm_model" in self.model_fields_set

    @property
    def llm_host(self) -> str:
        """Host of the LLM endpoint, for messages (never the key)."""
        return urlsplit(self.llm_base_url or OPENAI_BASE_URL).netloc

    slack_signing_secret: SecretStr | None = Field(
        default=None, description="Slack app signing secret; the Slack routes are off without it."
    )
    slack_bot_token: SecretStr | None = Field(
        default=None, description="Slack bot token (xoxb-...); the Slack routes are off without it."
    )
    slack_timeout_s: int = Field(
        default=10, ge=1, le=120, description="Every call to Slack (Web API, response_url), in s."
    )

    fetch_max_bytes: int = Field(
        default=2_000_000, ge=1, le=50_000_000, description="Largest URL body read, in bytes."
    )
    fetch_timeout_s: float = Field(
        default=10.0, gt=0, le=120, description="Whole URL fetch, redirects included, in s."
    )
    fetch_max_redirects: int = Field(
        default=3, ge=0, le=10, description="Redirects followed when fetching a URL."
    )

    # Comma-separated in the environment (NoDecode: not parsed as JSON); empty leaves /v1 open.
    api_keys: Annotated[tuple[SecretStr, ...], NoDecode] = Field(
        default=(), description="API keys accepted on /v1/* (comma-separated); empty: no auth."
    )
    public_url: str | None = Field(
        default=None,
        description="Public base URL of this server (https://factsheet.example.org); when set, "
        "Slack answers link to the review page.",
    )
    max_body_bytes: int = Field(
        default=2 * 1024 * 1024, ge=1024, le=100 * 1024 * 1024, description="Largest body (413)."
    )
    host: str = Field(default="127.0.0.1", min_length=1, description="Address `serve` binds.")
    port: int = Field(default=8000, ge=1, le=65_535, description="Port `serve` listens on.")
    deadline_s: float = Field(default=60.0, gt=0, le=3600, description="Per request (504 after).")
    cpu_workers: int = Field(
        default_factory=lambda: min(8, os.cpu_count() or 1),
        ge=1,
        le=256,
        description="Threads the API runs CPU-bound stages in (default: the CPUs, up to 8).",
    )
    cpu_queue: int = Field(
        default=32,
        ge=0,
        le=10_000,
        description="CPU tasks that may wait for a thread; beyond that the API answers 503.",
    )

    # Connections (docs/operations.md): what one slow or greedy client can hold.
    body_timeout_s: float = Field(
        default=30.0, gt=0, le=3600, description="Whole request body must arrive in this (408)."
    )
    header_timeout_s: float = Field(
        default=10.0, gt=0, le=3600, description="Request head must arrive in this, or close."
    )
    keep_alive_s: int = Field(
        default=5, ge=1, le=3600, description="Idle keep-alive connections close after this."
    )
    max_connections: int = Field(
        default=1000, ge=1, le=1_000_000, description="Open connections before requests get 503."
    )
    max_header_bytes: int = Field(
        default=16 * 1024, ge=1024, le=1024 * 1024, description="Largest request head (400)."
    )

    # Reliability (docs/operations.md): the LLM circuit breaker and the per-key rate limit.
    breaker_failures: int = Field(
        default=5, ge=1, le=1000, description="Consecutive LLM failures that open the breaker."
    )
    breaker_open_s: float = Field(
        default=30.0, gt=0, le=3600, description="Seconds the breaker stays open before a probe."
    )
    rate_limit_per_minute: float = Field(
        default=120.0, ge=0, le=1_000_000, description="Sustained /v1 requests per key; 0: off."
    )
    rate_limit_burst: int = Field(
        default=30, ge=1, le=100_000, description="Requests a key may send at once (bucket size)."
    )

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list | tuple | set | frozenset):
            # Blank entries (a trailing comma) are dropped rather than accepted as keys.
            stripped = (v.strip() if isinstance(v, str) else v for v in value)
            return tuple(v for v in stripped if v != "")
        return value

    @field_validator("api_keys")
    @classmethod
    def _usable_keys(cls, value: tuple[SecretStr, ...]) -> tuple[SecretStr, ...]:
        short = 0
        for key in value:
            secret = key.get_secret_value()
            if not (secret.isascii() and secret.isprintable()) or " " in secret:
                # The message must never quote the key: settings errors reach the logs.
                raise ValueError("each FACTSHEET_API_KEYS entry must be printable ASCII, no spaces")
            short += len(secret) < STRONG_KEY_CHARS
        if short:
            # The README's "key1,key2" works; a short key is easy to guess, so say so.
            log.warning(
                "%d of the %d FACTSHEET_API_KEYS are shorter than %d characters: easy to guess",
                short,
                len(value),
                STRONG_KEY_CHARS,
            )
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read from the environment once."""
    return Settings()
