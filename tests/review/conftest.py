"""Fixtures of the review page tests: the seed's sheet, apps on explicit settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from schemas.factsheet import FactSheet
from schemas.options import Options
from service.api.app import create_app
from service.config import Settings
from service.produce import extractive_sheet, prepare
from service.review.security import CSRF_COOKIE

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "kursk-north-korean-troops.txt"
HOSTILE = sorted((REPO / "seeds" / "hostile").iterdir())
TITLE = "North Korean troops in Kursk"


def sheet_of(text: str, *, kind: str = "text", title: str | None = None) -> FactSheet:
    """The extractive sheet of an article (no network)."""
    prepared = prepare(text, kind=kind, title=title, max_chars=100_000)  # type: ignore[arg-type]
    return extractive_sheet(prepared, Options(engine="extractive"))


@pytest.fixture(scope="session")
def seed_sheet() -> FactSheet:
    return sheet_of(SEED.read_text(encoding="utf-8"), title=TITLE)


@pytest.fixture
def make_client() -> Iterator[Callable[..., TestClient]]:
    """Build a TestClient on Settings(**overrides), lifespan running; closed after the test."""
    clients: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        client = TestClient(create_app(Settings(**overrides)), raise_server_exceptions=False)
        clients.append(client.__enter__())
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def csrf_of(client: TestClient) -> str:
    """Load the form once so the CSRF cookie is set; return its token."""
    client.get("/review")
    token = client.cookies.get(CSRF_COOKIE)
    assert token
    return token
