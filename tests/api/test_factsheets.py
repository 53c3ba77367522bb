"""POST /v1/factsheets on good input: the seed article comes back as a valid FactSheet."""

from __future__ import annotations

from schemas.factsheet import FactSheet
from service.api.routes import factsheets
from service.pipeline.produce import produce


def test_seed_article_returns_a_valid_grounded_factsheet(client, seed_request):
    response = client.post("/v1/factsheets", json=seed_request)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    sheet = FactSheet.model_validate_json(response.content)
    assert sheet.claims and sheet.sources
    text = sheet.article.text
    for claim in sheet.claims:
        assert text[claim.content.start : claim.content.end] == claim.content.text


def test_response_carries_a_request_id_and_echoes_a_well_formed_one(client, seed_request):
    fresh = client.post("/v1/factsheets", json=seed_request)
    echoed = client.get("/healthz", headers={"X-Request-ID": "trace-42"})
    replaced = client.get("/healthz", headers={"X-Request-ID": "bad id\twith <markup>"})

    assert len(fresh.headers["x-request-id"]) == 32
    assert echoed.headers["x-request-id"] == "trace-42"
    assert replaced.headers["x-request-id"] != "bad id\twith <markup>"


def test_html_input_is_accepted(client):
    html = "<html><body><article><p>The mayor said the bridge will reopen in May.</p>"
    html += "<p>Officials have not confirmed the date.</p></article></body></html>"

    response = client.post("/v1/factsheets", json={"html": html})

    assert response.status_code == 200, response.text
    assert "bridge" in FactSheet.model_validate_json(response.content).article.text


def test_requests_share_the_apps_long_lived_runtime(client, monkeypatch, seed_request):
    seen = []

    async def spy(request, settings, *, runtime=None):
        seen.append(runtime)
        return await produce(request, settings, runtime=runtime)

    monkeypatch.setattr(factsheets, "produce", spy)

    client.post("/v1/factsheets", json=seed_request)
    client.post("/v1/factsheets", json=seed_request)

    assert seen[0] is seen[1] is client.app.state.runtime
    assert seen[0].http is not None


def test_unreachable_llm_without_fallback_is_503_through_the_real_engine(make_client, seed_request):
    client = make_client(
        llm_base_url="http://127.0.0.1:9/v1",
        llm_model="gpt-4o-mini",
        fallback=False,
        llm_http_retries=0,
    )

    response = client.post("/v1/factsheets", json=seed_request)

    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) >= 1


def test_unreachable_llm_with_fallback_is_a_degraded_200(make_client, seed_request):
    client = make_client(
        llm_base_url="http://127.0.0.1:9/v1", llm_model="gpt-4o-mini", llm_http_retries=0
    )

    response = client.post("/v1/factsheets", json=seed_request)

    assert response.status_code == 200
    assert FactSheet.model_validate_json(response.content).engine.degraded is True
