"""The output budget is on every LLM request: first calls, HTTP retries, re-asks, every mode."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.reliability.conftest import TINY, completion, error, llm_settings, sheet_of
from tests.reliability.test_breaker_fallback import GOOD

SERVICE = Path(__file__).resolve().parents[2] / "service"


@pytest.mark.parametrize("mode", ["tools", "json_schema", "md_json"])
def test_every_request_of_an_article_carries_max_tokens(fake, upstream, mode):
    settings = llm_settings(llm_mode=mode, llm_max_tokens=777, llm_reasks=1)
    as_content = mode != "tools"
    # A 500 (retried over HTTP), an invalid answer (re-asked), then a good one.
    fake.script = [
        error(500),
        completion("{not json", as_content=as_content),
        completion(GOOD, as_content=as_content),
    ]

    sheet_of(TINY, settings, upstream)

    assert fake.calls == 3
    # A local endpoint (not api.openai.com) gets the classic field by default.
    assert [body["max_tokens"] for body in fake.bodies()] == [777, 777, 777]


def test_every_create_call_in_the_service_sends_a_request_body():
    # A static check, so a new call site cannot bypass request_body (and its output budget).
    found, missing = 0, []
    for path in SERVICE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_create = isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "create"
            if (
                is_create
                and getattr(getattr(node.func, "value", None), "attr", "") == "completions"
            ):
                found += 1
                if [k.arg for k in node.keywords] != [None]:
                    missing.append(f"{path.relative_to(SERVICE)}:{node.lineno}")
    assert found >= 1, "no LLM call site found: the check is looking in the wrong place"
    assert not missing, f"LLM calls not built by request_body: {missing}"
