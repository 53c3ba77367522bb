"""A slow upstream never holds a request past the deadline plus 100 ms, in the API or outside it."""

from __future__ import annotations

import asyncio
import time

import httpx2
import pytest

from schemas.options import Options
from service.deadline import REQUEST_DEADLINE
from service.pipeline.prepare import prepare
from service.produce import Runtime, build_sheet
from tests.support.faults import TINY, llm_settings, sheet_of

DEADLINE_S = 0.5
# Far from the deadline and far from the 30 s upstream: the call was cut, not awaited.
# How close to the deadline the answer comes is measured by bench/service_overhead.py.
CUT_S = 5.0


async def asleep(request: httpx2.Request) -> httpx2.Response:
    """An upstream that accepts the request and never answers in time."""
    await asyncio.sleep(30)
    raise AssertionError("the deadline did not cancel the call")


@pytest.mark.parametrize("fallback", [True, False])
def test_slow_upstream_is_cut_at_the_api_deadline(app_on_fake, fallback):
    settings = llm_settings(deadline_s=DEADLINE_S, fallback=fallback)
    client = app_on_fake(settings, asleep)

    start = time.perf_counter()
    response = client.post("/v1/factsheets", json={"text": TINY})
    took = time.perf_counter() - start

    assert took < CUT_S
    if fallback:
        # The LLM budget keeps a reserve, so the fallback still fits inside the deadline.
        assert response.status_code == 200, response.text
        assert response.json()["engine"]["degraded"]
        assert "UpstreamTimeout" in response.json()["warnings"][0]
    else:
        assert response.status_code == 504
    runtime = client.app.state.runtime
    assert runtime.breakers.for_settings(settings).state == "closed"  # one timeout: no outage


def test_slow_upstream_is_cut_outside_the_api_too():
    # The CLI and the batch worker call build_sheet directly: the same deadline applies.
    settings = llm_settings(deadline_s=DEADLINE_S)
    client = httpx2.AsyncClient(transport=httpx2.MockTransport(asleep))

    start = time.perf_counter()
    sheet = sheet_of(TINY, settings, client)
    took = time.perf_counter() - start

    assert took < CUT_S
    assert sheet.engine.degraded and "UpstreamTimeout" in sheet.warnings[0]


def test_timeouts_count_against_the_breaker():
    settings = llm_settings(deadline_s=0.2, breaker_failures=2)
    runtime = Runtime(http=httpx2.AsyncClient(transport=httpx2.MockTransport(asleep)))

    sheet_of(TINY, settings, runtime)
    sheet_of(TINY, settings, runtime)

    assert runtime.breakers.for_settings(settings).state == "open"


def test_no_time_left_skips_the_call_and_spares_the_breaker(fake, upstream):
    settings = llm_settings(breaker_failures=1)

    async def spent():
        # As if a slow URL fetch had used up the request's deadline.
        REQUEST_DEADLINE.set(asyncio.get_running_loop().time())
        prepared = prepare(TINY, kind="text", max_chars=1000)
        return await build_sheet(prepared, Options(), settings, runtime=runtime)

    runtime = Runtime(http=upstream)
    sheet = asyncio.run(spent())

    assert sheet.engine.degraded and fake.calls == 0
    assert runtime.breakers.for_settings(settings).state == "closed"
