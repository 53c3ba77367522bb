"""Point 8: the CLI says which engine runs; a key alone never bills; --engine llm fails loudly."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import SEED

FACTSHEET = [sys.executable, "-m", "service.cli"]
# A port nothing listens on: connections are refused at once.
DEAD = "http://127.0.0.1:9/v1"


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("FACTSHEET_", "OPENAI_"))}
    return subprocess.run(
        [*FACTSHEET, *args], capture_output=True, text=True, env={**base, **env}, check=False
    )


def test_an_api_key_alone_keeps_auto_extractive_and_says_why() -> None:
    result = run("summarise", str(SEED), "--format", "json", OPENAI_API_KEY="sk-fixture-not-real")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["engine"]["name"] == "extractive"
    assert "FACTSHEET_LLM_MODEL is not set" in result.stderr.splitlines()[0]


def test_explicit_llm_against_a_dead_endpoint_exits_non_zero_naming_it() -> None:
    result = run(
        "summarise",
        str(SEED),
        "--format",
        "json",
        "--engine",
        "llm",
        FACTSHEET_LLM_BASE_URL=DEAD,
        FACTSHEET_LLM_HTTP_RETRIES="0",
    )
    assert result.returncode == 1
    assert result.stdout == ""
    first, *rest = result.stderr.strip().splitlines()
    assert first == "engine: llm (model gpt-4o-mini at 127.0.0.1:9)"
    message = " ".join(rest)
    assert "127.0.0.1:9" in message
    assert "FACTSHEET_LLM_BASE_URL" in message and "OPENAI_API_KEY" in message


def test_auto_with_a_chosen_model_prints_the_endpoint_host_and_falls_back() -> None:
    result = run(
        "summarise",
        str(SEED),
        "--format",
        "json",
        FACTSHEET_LLM_BASE_URL=DEAD,
        FACTSHEET_LLM_MODEL="some-model",
        FACTSHEET_LLM_HTTP_RETRIES="0",
        FACTSHEET_CACHE="false",
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("engine: llm (model some-model at 127.0.0.1:9")
    assert json.loads(result.stdout)["engine"]["degraded"] is True
