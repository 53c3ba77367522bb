"""The smart-fake tier: a good model's Draft of the seed, over real HTTP, passes the gold file.

The model is tests/support/smart_fake.py behind tests/support/fake_llm.py on a loopback
port: a FIXTURE that answers with a Draft built by the extractive engine, not a recording
of a model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from schemas.factsheet import FactSheet
from service.api.app import create_app
from service.config import Settings
from service.eval.gold import check_sheet
from tests.conftest import GOLD, SEED
from tests.support.fake_llm import FakeLLM
from tests.support.fake_openai_batch import serving
from tests.support.smart_fake import smart_draft


def test_a_good_draft_of_the_seed_passes_the_gold_file_end_to_end_over_http(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not GOLD.exists():
        pytest.skip(f"gold file not found at {GOLD}")
    fake = FakeLLM(drafter=smart_draft)
    monkeypatch.setenv("FACTSHEET_LLM_API_KEY", "sk-fixture")
    with serving(fake.asgi()) as base_url:
        settings = Settings(
            llm_base_url=base_url,
            llm_model="gpt-4o-mini",
            fallback=False,
            cache=False,
            data_dir=tmp_path / "data",
        )
        with TestClient(create_app(settings)) as client:
            payload = {"text": SEED.read_text(encoding="utf-8"), "options": {"engine": "llm"}}
            response = client.post("/v1/factsheets", json=payload)

    assert response.status_code == 200, response.text
    sheet = FactSheet.model_validate(response.json())
    assert sheet.engine.name == "llm" and not sheet.engine.degraded
    assert fake.calls == sheet.usage.llm_calls == 1
    failed = [c for c in check_sheet(sheet, yaml.safe_load(GOLD.read_text())) if not c.ok]
    assert not failed, failed
