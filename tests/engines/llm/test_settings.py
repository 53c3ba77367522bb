"""Tier 1: LLM settings fail fast, fall back to OPENAI_API_KEY and merge price overrides."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.config import Settings
from service.engines.llm.usage import LLMUsage, cost_usd, price_for


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in (
        "OPENAI_API_KEY",
        "FACTSHEET_LLM_API_KEY",
        "FACTSHEET_LLM_BASE_URL",
        "FACTSHEET_LLM_PRICES",
        "FACTSHEET_LLM_MODE",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults_are_small_budgets_and_unconfigured():
    s = Settings()
    assert (s.llm_reasks, s.llm_http_retries, s.llm_mode, s.fallback) == (1, 2, "tools", True)
    assert not s.llm_configured


def test_api_key_falls_back_to_openai_api_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    s = Settings()
    assert s.llm_configured and s.llm_api_key.get_secret_value() == "sk-env"
    assert "sk-env" not in repr(s)


def test_factsheet_key_wins_over_openai_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    monkeypatch.setenv("FACTSHEET_LLM_API_KEY", "sk-mine")
    assert Settings().llm_api_key.get_secret_value() == "sk-mine"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FACTSHEET_LLM_MODE", "json"),
        ("FACTSHEET_LLM_BASE_URL", "localhost:8080"),
        ("FACTSHEET_LLM_REASKS", "9"),
        ("FACTSHEET_LLM_TIMEOUT_S", "0"),
    ],
)
def test_bad_values_fail_fast(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_price_override_adds_to_the_defaults(monkeypatch):
    monkeypatch.setenv("FACTSHEET_LLM_PRICES", '{"my-model": {"prompt": 1, "completion": 2}}')
    prices = Settings().llm_prices
    assert prices["my-model"].completion == 2 and "gpt-4o-mini" in prices


def test_dated_model_names_use_the_longest_prefix_price():
    prices = Settings().llm_prices
    assert price_for("gpt-4o-mini-2024-07-18", prices) == prices["gpt-4o-mini"]
    assert price_for("llama-3", prices) is None
    usage = LLMUsage(prompt_tokens=1_000_000, completion_tokens=1_000_000)
    assert cost_usd(usage, prices["gpt-4o-mini"]) == pytest.approx(0.75)
