"""With FACTSHEET_PUBLIC_URL set, Slack answers link to the review page of a kept sheet."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from schemas.request import ArticleRequest
from service.cache import make_permalink_store
from service.config import Settings
from service.produce import Runtime
from service.slack.app import _build
from service.slack.blocks import MAX_BLOCKS
from tests.conftest import SEED


def _buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        element
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def test_the_answer_links_to_the_kept_sheets_review_page(tmp_path: Path) -> None:
    settings = Settings(public_url="https://factsheet.example/", data_dir=tmp_path)
    request = ArticleRequest(text=SEED.read_text(encoding="utf-8"))

    message = asyncio.run(_build(request, settings, Runtime(), "req-1"))
    (button,) = _buttons(message)
    sheet_id = button["url"].rsplit("/", 1)[1]
    kept = asyncio.run(make_permalink_store(settings).get(sheet_id))

    assert button["text"]["text"] == "Open review page"
    assert button["url"] == f"https://factsheet.example/review/{sheet_id}"
    assert kept is not None and kept.id == sheet_id
    assert len(message["blocks"]) <= MAX_BLOCKS


def test_without_a_public_url_there_is_no_button_and_nothing_is_kept(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    request = ArticleRequest(text=SEED.read_text(encoding="utf-8"))

    message = asyncio.run(_build(request, settings, Runtime(), "req-2"))

    assert _buttons(message) == []
    assert not (tmp_path / "review.sqlite").exists()


def test_an_unreachable_store_leaves_the_answer_without_the_button(tmp_path: Path) -> None:
    settings = Settings(
        public_url="https://factsheet.example",
        redis_url="redis://127.0.0.1:1/0",  # nothing listens on port 1
        data_dir=tmp_path,
    )
    request = ArticleRequest(text=SEED.read_text(encoding="utf-8"))

    message = asyncio.run(_build(request, settings, Runtime(), "req-3"))

    assert _buttons(message) == []
    assert message["blocks"][0]["type"] == "header"
