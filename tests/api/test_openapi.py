"""The OpenAPI document: every status each route returns, problem+json, valid examples."""

from __future__ import annotations

import pytest

from schemas.factsheet import FactSheet
from schemas.request import ArticleRequest
from service.api import examples

# The statuses the tests in this folder make each route return.
PRODUCED = {
    ("/v1/factsheets", "post"): {"200", "400", "401", "413", "422", "500", "502", "503", "504"},
    ("/healthz", "get"): {"200"},
    ("/readyz", "get"): {"200", "503"},
}


@pytest.fixture(scope="module")
def document():
    from fastapi.testclient import TestClient

    from service.api.app import create_app
    from service.config import Settings

    return TestClient(create_app(Settings())).get("/openapi.json").json()


@pytest.mark.parametrize(("path", "method"), sorted(PRODUCED))
def test_each_route_documents_every_status_it_returns(document, path, method):
    documented = set(document["paths"][path][method]["responses"])

    assert PRODUCED[(path, method)] <= documented


def test_error_statuses_are_problem_json_with_the_problem_schema(document):
    responses = document["paths"]["/v1/factsheets"]["post"]["responses"]

    for status, response in responses.items():
        if status.startswith(("4", "5")):
            assert list(response["content"]) == ["application/problem+json"], status
            content = response["content"]["application/problem+json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Problem"}
            assert all(e["value"]["status"] == int(status) for e in content["examples"].values())
    assert {"Problem", "FieldError"} <= set(document["components"]["schemas"])
    assert responses["503"]["headers"]["Retry-After"]


def test_both_api_key_schemes_are_documented(document):
    schemes = document["components"]["securitySchemes"]

    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}


def test_seed_examples_validate_against_the_models(document):
    operation = document["paths"]["/v1/factsheets"]["post"]
    request = operation["requestBody"]["content"]["application/json"]["examples"]["seed"]["value"]
    response = operation["responses"]["200"]["content"]["application/json"]["example"]

    assert request == examples.request()
    ArticleRequest.model_validate(request)
    sheet = FactSheet.model_validate(response)
    assert sheet.article.text == request["text"]
    for claim in sheet.claims:
        for span in (claim.content, *claim.evidence):
            assert sheet.article.text[span.start : span.end] == span.text
