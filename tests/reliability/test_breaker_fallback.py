"""The breaker on a failing fake upstream: it opens, requests fall back fast, recovery closes it."""

from __future__ import annotations

import asyncio
import time

import httpx2
import pytest

from schemas.options import Options
from service.errors import CircuitOpen
from service.pipeline.prepare import prepare
from service.produce import Runtime, build_sheet
from tests.support.faults import TINY, llm_settings
from tests.support.mock_llm import GOOD_DRAFT as GOOD
from tests.support.mock_llm import FakeLLM, completion, error


async def timed_sheets(n, settings, runtime):
    """Build `n` sheets of the tiny article in one loop, on one Runtime (one breaker)."""
    prepared = prepare(TINY, kind="text", max_chars=settings.max_chars)
    return [await build_sheet(prepared, Options(), settings, runtime=runtime) for _ in range(n)]


@pytest.fixture
def runtime(upstream):
    return Runtime(http=upstream)


def test_total_failure_opens_the_breaker_then_requests_fall_back_fast(fake, runtime):
    settings = llm_settings(breaker_failures=3, breaker_open_s=60)
    fake.script = [error(503)] * 9  # 3 articles x (1 call + 2 HTTP retries)

    failing = asyncio.run(timed_sheets(3, settings, runtime))

    assert fake.calls == 9 and [s.usage.llm_calls for s in failing] == [3, 3, 3]
    assert all(s.engine.degraded for s in failing)
    assert runtime.breakers.for_settings(settings).state == "open"

    sheets = asyncio.run(timed_sheets(200, settings, runtime))

    assert fake.calls == 9  # not one more call while open
    assert all(s.engine.degraded and s.usage.llm_calls == 0 for s in sheets)
    assert all("LLM circuit open" in s.warnings[0] for s in sheets)


def test_open_breaker_refuses_without_calling(runtime):
    from service.engines.llm.guard import guarded

    settings = llm_settings(breaker_failures=1)
    breaker = runtime.breakers.for_settings(settings)
    breaker.failure()

    async def never():
        raise AssertionError("the breaker let a call through")

    async def refusals(n):
        for _ in range(n):
            with pytest.raises(CircuitOpen):
                await guarded(never, settings, breaker)

    asyncio.run(refusals(100))


def test_recovery_after_the_open_interval_closes_the_breaker(fake, runtime):
    settings = llm_settings(breaker_failures=2, breaker_open_s=0.2, llm_http_retries=0)
    fake.script = [error(500), error(500)]
    asyncio.run(timed_sheets(2, settings, runtime))
    assert runtime.breakers.for_settings(settings).state == "open"

    time.sleep(0.25)  # the open interval passes; the upstream is healthy again
    fake.script = [completion(GOOD), completion(GOOD)]
    sheets = asyncio.run(timed_sheets(2, settings, runtime))

    assert [s.engine.name for s in sheets] == ["llm", "llm"]
    assert runtime.breakers.for_settings(settings).state == "closed" and fake.calls == 4


def test_failed_probe_reopens_and_waits_again(fake, runtime):
    settings = llm_settings(breaker_failures=1, breaker_open_s=0.2, llm_http_retries=0)
    fake.script = [error(500)]
    asyncio.run(timed_sheets(1, settings, runtime))
    time.sleep(0.25)
    fake.script = [error(500)]  # the probe fails

    sheets = asyncio.run(timed_sheets(3, settings, runtime))

    assert fake.calls == 2  # one probe, then fast fallbacks
    assert "LLM circuit open" in sheets[2].warnings[0]
    assert runtime.breakers.for_settings(settings).state == "open"


def test_only_one_probe_goes_out_while_half_open(fake):
    settings = llm_settings(breaker_failures=1, breaker_open_s=0.1, llm_http_retries=0)
    runtime = Runtime()
    runtime.breakers.for_settings(settings).failure()
    time.sleep(0.15)

    async def slow_ok(request: httpx2.Request) -> httpx2.Response:
        fake.requests.append(request)
        await asyncio.sleep(0.2)
        return completion(GOOD)

    async def concurrent():
        runtime.http = httpx2.AsyncClient(transport=httpx2.MockTransport(slow_ok))
        prepared = prepare(TINY, kind="text", max_chars=settings.max_chars)
        jobs = [build_sheet(prepared, Options(), settings, runtime=runtime) for _ in range(10)]
        return await asyncio.gather(*jobs)

    sheets = asyncio.run(concurrent())

    assert fake.calls == 1
    assert sorted(s.engine.name for s in sheets) == ["extractive"] * 9 + ["llm"]
    assert runtime.breakers.for_settings(settings).state == "closed"


def test_with_fallback_off_an_open_breaker_is_503_material(fake, runtime):
    settings = llm_settings(breaker_failures=1, breaker_open_s=30, fallback=False)
    runtime.breakers.for_settings(settings).failure()

    with pytest.raises(CircuitOpen) as raised:
        asyncio.run(timed_sheets(1, settings, runtime))

    assert 29 < raised.value.retry_after <= 30 and fake.calls == 0


def test_unusable_output_does_not_count_against_the_endpoint(fake, runtime):
    settings = llm_settings(breaker_failures=1, llm_reasks=0)
    fake.script = [completion("{not json", as_content=False)] * 3

    sheets = asyncio.run(timed_sheets(3, settings, runtime))

    assert all(s.engine.degraded for s in sheets)
    assert "UpstreamBadOutput" in sheets[0].warnings[0]
    assert runtime.breakers.for_settings(settings).state == "closed" and fake.calls == 3


def test_open_breaker_shows_in_readyz_and_falls_back_over_http(app_on_fake, fake: FakeLLM):
    settings = llm_settings(breaker_failures=1, llm_http_retries=0)
    client = app_on_fake(settings, fake.handler)
    fake.script = [error(502)]

    first = client.post("/v1/factsheets", json={"text": TINY})
    second = client.post("/v1/factsheets", json={"text": TINY})

    assert first.json()["engine"]["degraded"] and second.json()["engine"]["degraded"]
    assert "LLM circuit open" in second.json()["warnings"][0]
    assert fake.calls == 1
    assert client.get("/readyz").json()["llm_circuit"] == "open"
    assert client.get("/readyz").status_code == 200  # still serving, degraded


def test_open_breaker_without_fallback_answers_503_with_retry_after(app_on_fake, fake):
    settings = llm_settings(breaker_failures=1, breaker_open_s=42, fallback=False)
    client = app_on_fake(settings, fake.handler)
    client.app.state.runtime.breakers.for_settings(settings).failure()

    response = client.post("/v1/factsheets", json={"text": TINY})

    assert response.status_code == 503
    assert 40 <= int(response.headers["retry-after"]) <= 42
