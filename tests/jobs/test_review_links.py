"""Batch records link to the review page of their sheet when FACTSHEET_PUBLIC_URL is set."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from schemas.options import Options
from service.config import Settings
from service.jobs.records import Item
from service.jobs.work import summarise_item
from service.produce import Runtime

ARTICLE = "The mayor said the bridge would reopen in May. Police reportedly found a crack."


def test_a_batch_record_carries_the_review_url_of_its_kept_sheet(tmp_path: Path) -> None:
    settings = Settings(public_url="https://factsheet.example", data_dir=tmp_path)
    runtime = Runtime()

    outcome = asyncio.run(summarise_item(Item(id="a1", text=ARTICLE), Options(), settings, runtime))

    record = json.loads(outcome.record)
    sheet_id = record["factsheet"]["id"]
    assert record["review_url"] == f"https://factsheet.example/review/{sheet_id}"
    kept = asyncio.run(runtime.permalink_store(settings).get(sheet_id))
    assert kept is not None and kept.id == sheet_id


def test_without_a_public_url_a_record_has_no_review_url(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)

    outcome = asyncio.run(summarise_item(Item(id="a1", text=ARTICLE), Options(), settings))

    assert "review_url" not in json.loads(outcome.record)
    assert not (tmp_path / "review.sqlite").exists()
