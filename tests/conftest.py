"""Shared fixtures: paths to the seed, the gold file and PolNeAR (read from ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = REPO / "seeds" / "kursk-north-korean-troops.txt"
GOLD = SHARED / "gold" / "kursk-north-korean-troops.gold.yaml"
POLNEAR_DEV = SHARED / "polnear" / "dev"


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def polnear_dev() -> Path:
    if not (POLNEAR_DEV / "text").is_dir():
        pytest.skip(f"PolNeAR dev not found at {POLNEAR_DEV}")
    return POLNEAR_DEV
