"""Optional API keys: Bearer or X-API-Key, one constant 401, keys never logged."""

from __future__ import annotations

import logging

import pytest
from pydantic import ValidationError

from service.api.auth import key_matches
from service.config import Settings
from tests.support.api import KEY, OTHER_KEY, assert_problem

URL = "/v1/factsheets"
BODY = {"text": "The mayor said the bridge will reopen in May."}


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": f"Bearer {KEY}"},
        {"authorization": f"bearer {OTHER_KEY}"},
        {"X-API-Key": KEY},
        {"X-API-Key": "wrong", "Authorization": f"Bearer {OTHER_KEY}"},
    ],
    ids=["bearer", "bearer-lowercase-second-key", "x-api-key", "one-valid-of-two"],
)
def test_a_valid_key_is_accepted(keyed_client, headers):
    assert keyed_client.post(URL, json=BODY, headers=headers).status_code == 200


def test_every_401_is_identical_but_its_request_id_and_asks_for_bearer(keyed_client):
    attempts = [
        {},
        {"Authorization": f"Bearer {KEY}x"},
        {"Authorization": f"Basic {KEY}"},
        {"Authorization": "Bearer"},
        {"Authorization": KEY},
        {"X-API-Key": ""},
        {"X-API-Key": KEY[:-1]},
        {"X-API-Key": "ключ".encode()},  # non-ASCII bytes
    ]
    responses = [keyed_client.post(URL, json=BODY, headers=h) for h in attempts]

    assert_problem(responses[0], 401)
    assert {r.status_code for r in responses} == {401}
    ids = [r.json().pop("request_id") for r in responses]
    assert ids == [r.headers["x-request-id"] for r in responses]
    bodies = [{k: v for k, v in r.json().items() if k != "request_id"} for r in responses]
    assert all(body == bodies[0] for body in bodies)
    assert {r.headers["www-authenticate"] for r in responses} == {"Bearer"}
    assert {r.headers["content-type"] for r in responses} == {"application/problem+json"}


def test_health_routes_stay_open_when_keys_are_set(keyed_client):
    assert keyed_client.get("/healthz").status_code == 200
    assert keyed_client.get("/readyz").json()["auth"] is True


def test_without_keys_the_api_is_open(client):
    assert client.post(URL, json=BODY).status_code == 200


def test_keys_never_reach_the_logs(make_client, caplog):
    caplog.set_level(logging.DEBUG)
    client = make_client(api_keys=f"{KEY},{OTHER_KEY}")

    client.post(URL, json=BODY, headers={"Authorization": f"Bearer {KEY}"})
    client.post(URL, json=BODY, headers={"X-API-Key": f"{OTHER_KEY}-typo"})
    client.post(URL, json=BODY, headers={"X-API-Key": "not-a-key"})

    assert caplog.records, "expected the startup and refusal lines"
    assert KEY not in caplog.text and OTHER_KEY not in caplog.text
    assert "not-a-key" not in caplog.text


def test_keys_are_read_comma_separated_from_the_environment(monkeypatch):
    monkeypatch.setenv("FACTSHEET_API_KEYS", f" {KEY} ,{OTHER_KEY},")

    keys = Settings().api_keys

    assert [k.get_secret_value() for k in keys] == [KEY, OTHER_KEY]
    assert KEY not in repr(keys)


def test_a_malformed_key_fails_fast_without_echoing_it(monkeypatch):
    monkeypatch.setenv("FACTSHEET_API_KEYS", f"{KEY},has space")

    with pytest.raises(ValidationError) as caught:
        Settings()

    assert "has space" not in str(caught.value) and KEY not in str(caught.value)


def test_the_readme_short_keys_work_with_a_warning(monkeypatch, caplog):
    monkeypatch.setenv("FACTSHEET_API_KEYS", "key1,key2")

    keys = Settings().api_keys

    assert [k.get_secret_value() for k in keys] == ["key1", "key2"]
    assert "2 of the 2 FACTSHEET_API_KEYS are shorter than 16" in caplog.text
    assert "key1" not in caplog.text


def test_key_matches_compares_against_every_key():
    keys = [Settings(api_keys=[KEY]).api_keys[0], Settings(api_keys=[OTHER_KEY]).api_keys[0]]

    assert key_matches(OTHER_KEY, keys)
    assert not key_matches(KEY + " ", keys)
    assert not key_matches("", keys)


def test_auth_is_checked_before_the_body_is_validated(keyed_client):
    response = keyed_client.post(URL, json={"colour": "blue"})

    assert_problem(response, 401)


def test_a_401_comes_before_a_413_for_an_oversized_body(make_client):
    client = make_client(api_keys=[KEY], max_body_bytes=1024)

    response = client.post(URL, content=b"x" * 5000, headers={"Content-Type": "application/json"})

    assert_problem(response, 401)


def test_a_401_comes_before_a_400_for_broken_json(keyed_client):
    response = keyed_client.post(
        URL, content=b"{not json", headers={"Content-Type": "application/json"}
    )

    assert_problem(response, 401)
    assert response.json()["request_id"] == response.headers["x-request-id"]


def test_batches_are_behind_the_same_early_401(keyed_client):
    assert_problem(keyed_client.post("/v1/batches", content=b"{broken"), 401)
