"""/docs and /redoc work on an air-gapped network: every asset comes from the service."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

# src= and href= attributes, and the JavaScript `url:` of Swagger UI's spec.
_REFERENCES = re.compile(r"""(?:src|href|spec-url)=["']([^"']+)["']|url: '([^']+)'""")


def _references(html: str) -> list[str]:
    return [a or b for a, b in _REFERENCES.findall(html)]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_page_references_no_external_origin(
    make_client: Callable[..., TestClient], page: str
) -> None:
    html = make_client().get(page).text
    found = _references(html)
    assert len(found) >= 3  # the script, the favicon and the OpenAPI document at least
    assert all(ref.startswith("/") and not ref.startswith("//") for ref in found), found
    assert "cdn" not in html.lower()


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_every_asset_of_the_docs_page_is_served_locally(
    make_client: Callable[..., TestClient], page: str
) -> None:
    client = make_client()
    for ref in _references(client.get(page).text):
        response = client.get(ref)
        assert response.status_code == 200, ref
        assert len(response.content) > 100, ref
