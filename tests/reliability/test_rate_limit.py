"""Per-key rate limit: a token bucket per API key (or client IP), 429 with Retry-After."""

from __future__ import annotations

import pytest

from service.api.ratelimit import RateLimiter, client_id
from service.errors import RateLimited
from tests.support.api import KEY, OTHER_KEY, assert_problem

TEXT = {"text": "The minister said the bridge would reopen on Monday."}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_bucket_allows_a_burst_then_refills_at_the_rate():
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=3, clock=clock)

    assert [limiter.take("a") for _ in range(3)] == [0, 0, 0]
    assert limiter.take("a") == pytest.approx(1.0)  # one token a second
    clock.now += 0.5
    assert limiter.take("a") == pytest.approx(0.5)
    clock.now += 0.5
    assert limiter.take("a") == 0


def test_buckets_are_per_client():
    limiter = RateLimiter(per_minute=60, burst=1, clock=Clock())
    assert limiter.take("a") == 0 and limiter.take("b") == 0
    with pytest.raises(RateLimited) as raised:
        limiter.check("a")
    assert raised.value.retry_after == pytest.approx(1.0)


def test_memory_stays_bounded_by_forgetting_the_oldest_clients():
    limiter = RateLimiter(per_minute=60, burst=1, clock=Clock(), max_clients=100)
    for n in range(1000):
        limiter.take(f"client-{n}")
    assert len(limiter._buckets) == 100


def test_zero_rate_turns_the_limit_off():
    limiter = RateLimiter(per_minute=0, burst=1)
    assert not limiter.enabled and all(limiter.take("a") == 0 for _ in range(100))


def test_bucket_key_never_holds_the_api_key():
    assert KEY not in client_id(KEY, "10.0.0.1")
    assert client_id(KEY, "10.0.0.1") == client_id(KEY, "10.0.0.2")  # the key, not the address
    assert client_id(None, "10.0.0.1") == "ip:10.0.0.1"


def test_a_key_over_its_rate_gets_429_with_retry_after(make_client):
    client = make_client(api_keys=[KEY, OTHER_KEY], rate_limit_per_minute=6, rate_limit_burst=2)
    headers = {"X-API-Key": KEY}

    statuses = [client.post("/v1/factsheets", json=TEXT, headers=headers).status_code for _ in "ab"]
    refused = client.post("/v1/factsheets", json=TEXT, headers=headers)

    assert statuses == [200, 200]
    body = assert_problem(refused, 429)
    assert body["type"] == "urn:factsheet:problem:rate-limited"
    assert int(refused.headers["retry-after"]) == 10  # 6 a minute: one token per 10 s
    assert refused.headers["x-request-id"] == body["request_id"]
    # Another key has its own bucket; the same key by Bearer shares the first one.
    other = client.post("/v1/factsheets", json=TEXT, headers={"X-API-Key": OTHER_KEY})
    assert other.status_code == 200
    bearer = client.post("/v1/factsheets", json=TEXT, headers={"Authorization": f"Bearer {KEY}"})
    assert bearer.status_code == 429


def test_unauthenticated_requests_spend_no_tokens(make_client):
    client = make_client(api_keys=[KEY], rate_limit_per_minute=6, rate_limit_burst=1)
    for _ in range(5):
        assert (
            client.post("/v1/factsheets", json=TEXT, headers={"X-API-Key": "x" * 20}).status_code
            == 401
        )
    assert client.post("/v1/factsheets", json=TEXT, headers={"X-API-Key": KEY}).status_code == 200


def test_without_keys_the_limit_applies_per_client_address(make_client):
    client = make_client(rate_limit_per_minute=6, rate_limit_burst=1)
    assert client.post("/v1/factsheets", json=TEXT).status_code == 200
    assert client.post("/v1/factsheets", json=TEXT).status_code == 429


def test_health_and_metrics_are_not_rate_limited(make_client):
    client = make_client(rate_limit_per_minute=6, rate_limit_burst=1)
    for path in ["/healthz", "/readyz", "/metrics"] * 5:
        assert client.get(path).status_code == 200
    assert client.post("/v1/factsheets", json=TEXT).status_code == 200


def test_429_is_documented_in_openapi(client):
    responses = client.get("/openapi.json").json()["paths"]["/v1/factsheets"]["post"]["responses"]
    assert "Retry-After" in responses["429"]["headers"]
