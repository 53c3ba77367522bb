"""GET /metrics: requests, latency, LLM calls, tokens, cost, fallbacks, cache, breaker."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from service.observability.metrics import Metrics
from tests.support.api import KEY
from tests.support.faults import TINY, llm_settings
from tests.support.mock_llm import GOOD_DRAFT as GOOD
from tests.support.mock_llm import FakeLLM, completion, error


def samples(client, headers=None):
    """Every sample of the scrape, as {(name, sorted labels): value}."""
    response = client.get("/metrics", headers=headers or {})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def test_requests_are_counted_by_route_template_and_status(client):
    client.post("/v1/factsheets", json={"text": TINY})
    client.post("/v1/factsheets", json={"nothing": 1})
    client.get("/no/such/path/1234")

    got = samples(client)

    route = ("route", "/v1/factsheets")
    ok = ("factsheet_http_requests_total", (("method", "POST"), route, ("status", "200")))
    bad = ("factsheet_http_requests_total", (("method", "POST"), route, ("status", "422")))
    assert got[ok] == 1 and got[bad] == 1
    unmatched = (("method", "GET"), ("route", "unmatched"), ("status", "404"))
    assert got[("factsheet_http_requests_total", unmatched)] == 1
    count = ("factsheet_http_request_duration_seconds_count", (("method", "POST"), route))
    assert got[count] == 2
    assert got[("factsheet_sheets_total", (("engine", "extractive"),))] == 1


def test_llm_calls_tokens_cost_cache_hits_and_fallbacks(app_on_fake, fake: FakeLLM):
    settings = llm_settings(cache=True, llm_http_retries=1)
    client = app_on_fake(settings, fake.handler)
    fake.script = [completion(GOOD, usage=(1000, 200)), error(500), error(500)]

    client.post("/v1/factsheets", json={"text": TINY})
    client.post("/v1/factsheets", json={"text": TINY})  # the same article: a cache hit
    client.post("/v1/factsheets", json={"text": TINY + " It was cold."})  # fails: fallback
    got = samples(client)

    assert got[("factsheet_llm_calls_total", ())] == 3 == fake.calls
    assert got[("factsheet_llm_tokens_total", (("kind", "prompt"),))] == 1000
    assert got[("factsheet_llm_tokens_total", (("kind", "completion"),))] == 200
    assert got[("factsheet_llm_cost_usd_total", ())] > 0
    assert got[("factsheet_cache_lookups_total", (("result", "hit"),))] == 1
    assert got[("factsheet_cache_lookups_total", (("result", "miss"),))] == 2
    assert got[("factsheet_fallbacks_total", (("reason", "UpstreamUnavailable"),))] == 1
    assert got[("factsheet_llm_failures_total", (("reason", "UpstreamUnavailable"),))] == 1
    assert got[("factsheet_sheets_total", (("engine", "llm"),))] == 2
    assert got[("factsheet_sheets_total", (("engine", "fallback"),))] == 1


def test_breaker_state_is_a_gauge_per_endpoint(app_on_fake, fake):
    settings = llm_settings(breaker_failures=1)
    client = app_on_fake(settings, fake.handler)
    labels = (("endpoint", "http://llm.test/v1"), ("model", "gpt-4o-mini"))
    breaker = client.app.state.runtime.breakers.for_settings(settings)

    assert samples(client)[("factsheet_llm_circuit_state", labels)] == 0
    breaker.failure()
    got = samples(client)
    assert got[("factsheet_llm_circuit_state", labels)] == 2
    assert got[("factsheet_llm_circuit_opened_total", labels)] == 1


def test_queue_depth_comes_from_the_jobs_hook(client):
    metrics: Metrics = client.app.state.runtime.metrics

    async def depth() -> int:
        return 17

    metrics.watch_queue_depth(depth)

    assert samples(client)[("factsheet_batch_queue_depth", ())] == 17


def test_metrics_need_a_key_when_keys_are_set(make_client):
    client = make_client(api_keys=[KEY])

    assert client.get("/metrics").status_code == 401
    assert samples(client, {"Authorization": f"Bearer {KEY}"})


def test_metrics_stay_out_of_the_openapi_document(client):
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]


def test_each_app_has_its_own_registry(make_client):
    first, second = make_client(), make_client()
    first.post("/v1/factsheets", json={"text": TINY})

    key = ("factsheet_sheets_total", (("engine", "extractive"),))
    # Each app's Runtime owns its registry: the sheet is counted by the app that built it.
    assert samples(first)[key] == 1
    assert key not in samples(second) or samples(second)[key] == 0
    requests = [k for k in samples(second) if k[0] == "factsheet_http_requests_total"]
    assert all(dict(labels)["route"] == "/metrics" for _, labels in requests)
