"""The circuit breaker's states on a fake clock: open, half-open probe, close, reopen."""

from __future__ import annotations

import pytest

from service.engines.llm.breaker import Breakers, CircuitBreaker
from tests.support.faults import llm_settings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def breaker(clock: Clock) -> CircuitBreaker:
    return CircuitBreaker(failures=3, open_s=30, clock=clock)


def test_opens_after_consecutive_failures_only(breaker):
    breaker.failure()
    breaker.failure()
    breaker.success()  # a success in between starts the count again
    breaker.failure()
    breaker.failure()
    assert breaker.state == "closed" and breaker.allow()
    breaker.failure()
    assert breaker.state == "open" and not breaker.allow()
    assert breaker.opened_total == 1


def test_open_breaker_tells_how_long_until_the_probe(breaker, clock):
    for _ in range(3):
        breaker.failure()
    clock.now += 10
    assert breaker.retry_after() == pytest.approx(20)


def test_half_open_lets_exactly_one_probe_through(breaker, clock):
    for _ in range(3):
        breaker.failure()
    clock.now += 30
    assert breaker.state == "half_open"
    assert breaker.allow()
    assert not breaker.allow()  # the probe is in flight; everyone else falls back


def test_successful_probe_closes_it(breaker, clock):
    for _ in range(3):
        breaker.failure()
    clock.now += 30
    assert breaker.allow()
    breaker.success()
    assert breaker.state == "closed" and breaker.allow()


def test_failed_probe_reopens_it_for_a_full_interval(breaker, clock):
    for _ in range(3):
        breaker.failure()
    clock.now += 30
    assert breaker.allow()
    breaker.failure()
    assert breaker.state == "open" and breaker.retry_after() == pytest.approx(30)
    assert breaker.opened_total == 2


def test_cancelled_probe_frees_the_slot_without_a_verdict(breaker, clock):
    for _ in range(3):
        breaker.failure()
    clock.now += 30
    assert breaker.allow()
    breaker.release()
    assert breaker.state == "half_open" and breaker.allow()


def test_late_failures_do_not_extend_the_open_interval(breaker, clock):
    for _ in range(3):
        breaker.failure()
    clock.now += 20
    breaker.failure()  # a call sent before it opened fails late
    assert breaker.retry_after() == pytest.approx(10)


def test_one_breaker_per_endpoint_and_model():
    breakers = Breakers()
    a = breakers.for_settings(llm_settings())
    assert breakers.for_settings(llm_settings(deadline_s=5)) is a
    assert breakers.for_settings(llm_settings(llm_model="other")) is not a
    assert breakers.for_settings(llm_settings(llm_base_url="http://elsewhere.test/v1")) is not a


def test_each_runtime_has_its_own_breakers():
    assert Breakers().for_settings(llm_settings()) is not Breakers().for_settings(llm_settings())
