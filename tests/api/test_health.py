"""GET /healthz and GET /readyz."""

from __future__ import annotations

from service.api.routes import health
from service.config import Settings


def test_healthz_answers_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_extractive_mode_without_an_llm(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "engine": "extractive",
        "auth": False,
        "checks": {"settings": "ok", "cache": "off"},
        "llm_circuit": "off",
    }


def test_readyz_reports_llm_mode_when_an_endpoint_and_model_are_set(make_client):
    client = make_client(llm_base_url="http://127.0.0.1:9/v1", llm_model="some-model")

    assert client.get("/readyz").json()["engine"] == "llm"


def test_readyz_reports_extractive_for_an_endpoint_without_a_chosen_model(make_client):
    client = make_client(llm_base_url="http://127.0.0.1:9/v1")

    assert client.get("/readyz").json()["engine"] == "extractive"


def test_readyz_is_503_when_a_check_fails(client, monkeypatch):
    monkeypatch.setattr(health, "cache_check", lambda settings: "failed")

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["status"] == "not_ready"
    assert response.json()["checks"]["cache"] == "failed"


def test_cache_check_writes_in_the_data_dir_when_an_llm_is_configured(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    llm = {"llm_base_url": "http://127.0.0.1:9/v1"}

    assert health.cache_check(Settings(**llm, data_dir=tmp_path / "data")) == "ok"
    assert health.cache_check(Settings(**llm, data_dir=blocker / "data")) == "failed"
    assert health.cache_check(Settings(**llm, cache=False)) == "off"
    assert health.cache_check(Settings(**llm, redis_url="redis://127.0.0.1:9")) == "skipped"
    assert health.cache_check(Settings(data_dir=blocker / "data")) == "off"  # extractive only
