"""Shared fixtures: paths to the seed, the gold file and PolNeAR (read from ../shared)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.config import get_settings

pytest_plugins = ["tests.support.fixtures"]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = REPO / "seeds" / "kursk-north-korean-troops.txt"
GOLD = SHARED / "gold" / "kursk-north-korean-troops.gold.yaml"
POLNEAR_DEV = SHARED / "polnear" / "dev"
# Read before the isolation fixture below clears the environment of each test.
REDIS_URL = os.environ.get("FACTSHEET_REDIS_URL")


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Keep the developer's FACTSHEET_* and OPENAI_API_KEY out of every test's settings."""
    for name in list(os.environ):
        if name.startswith("FACTSHEET_") or name == "OPENAI_API_KEY":
            monkeypatch.delenv(name)
    monkeypatch.setenv("FACTSHEET_DATA_DIR", str(tmp_path / "factsheet-data"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def polnear_dev() -> Path:
    if not (POLNEAR_DEV / "text").is_dir():
        pytest.skip(f"PolNeAR dev not found at {POLNEAR_DEV}")
    return POLNEAR_DEV
