"""Block Kit output: within Slack's limits, and article text never becomes Slack markup."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest

from schemas.factsheet import FactSheet
from schemas.options import Options
from schemas.request import ArticleRequest
from service.config import Settings
from service.produce import produce
from service.slack.blocks import MAX_BLOCKS, MAX_HEADER, MAX_SECTION, sheet_message
from service.slack.text import WORD_JOINER, escape, fit, from_slack
from tests.conftest import SEED

HOSTILE = (
    "Mayor <@U123> said <!channel> that the bridge at <https://evil.example|click> was closed. "
    "Police chief Ana Ruiz said @here the road to <#C123> was flooded & unsafe. "
    "The minister allegedly said @channel that <!here> and <!everyone> should leave. "
    "According to <http://evil.example>, officials reportedly denied it."
)
_BARE_BROADCAST = re.compile(r"@(here|channel|everyone)", re.IGNORECASE)


def _sheet(text: str, title: str | None = None, max_claims: int = 50) -> FactSheet:
    request = ArticleRequest(text=text, title=title, options=Options(max_claims=max_claims))
    return asyncio.run(produce(request, Settings()))


def _texts(block: dict[str, Any]) -> list[str]:
    if "text" in block:
        return [block["text"]["text"]]
    return [element["text"] for element in block.get("elements", [])]


def _check_limits(message: dict[str, Any]) -> None:
    blocks = message["blocks"]
    assert len(blocks) <= MAX_BLOCKS
    assert blocks[0]["type"] == "header"
    assert 0 < len(blocks[0]["text"]["text"]) <= MAX_HEADER
    for block in blocks[1:]:
        for text in _texts(block):
            assert 0 < len(text) <= MAX_SECTION
    assert message["unfurl_links"] is False and message["unfurl_media"] is False


def test_seed_article_fits_and_has_every_part(seed_text: str) -> None:
    message = sheet_message(_sheet(seed_text, title="North Korean troops in Kursk"))
    _check_limits(message)
    text = json.dumps(message)
    for part in ("*Summary*", "*Claims*", "*Sources*", "UNVERIFIED", "claimant: _Jonas Oman_"):
        assert part in text
    assert SEED.exists()


def test_sixty_claims_show_the_first_and_count_the_rest() -> None:
    article = " ".join(f"Official {n} said the bridge {n} was closed." for n in range(1, 61))
    sheet = _sheet(article, max_claims=60)
    assert len(sheet.claims) == 60
    message = sheet_message(sheet)
    _check_limits(message)
    text = json.dumps(message)
    match = re.search(r"and (\d+) more claims", text)
    assert match is not None
    shown = sum(any(t.startswith("*c") for t in _texts(b)) for b in message["blocks"])
    assert shown + int(match.group(1)) == 60
    assert "Official 1 said" in text


def test_hostile_article_survives_only_as_text() -> None:
    sheet = _sheet(HOSTILE, title="<!here> Breaking & <https://evil.example|x> @channel")
    payload = json.dumps(sheet_message(sheet), ensure_ascii=False)
    for markup in ("<!", "<http", "<@", "<#"):
        assert markup not in payload
    assert not _BARE_BROADCAST.search(payload)
    # Not vacuous: the hostile text is there, escaped and neutralised.
    assert "&lt;!channel&gt;" in payload or "&lt;!" in payload
    assert "evil.example" in payload and "&amp;" in payload
    assert f"@{WORD_JOINER}here" in payload


def test_every_mrkdwn_text_is_verbatim(seed_text: str) -> None:
    for block in sheet_message(_sheet(seed_text))["blocks"][1:]:
        objects = [block["text"]] if "text" in block else block.get("elements", [])
        assert all(obj["type"] == "mrkdwn" and obj["verbatim"] is True for obj in objects)


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a & b", "a &amp; b"),
        ("<!channel>", f"&lt;!{WORD_JOINER}channel&gt;"),
        ("ping @Here now", f"ping @{WORD_JOINER}Here now"),
        ("mail me@here.com", f"mail me@{WORD_JOINER}here.com"),
        ("@heresy stays", "@heresy stays"),
    ],
)
def test_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_fit_never_splits_an_entity() -> None:
    out = fit("&" * 100, 23)
    assert len(out) <= 23 and out.endswith("…")
    assert out[:-1] == "&amp;" * 4


def test_from_slack_turns_markup_into_plain_text() -> None:
    assert from_slack("see <https://a.example|the story> &amp; <@U1> &lt;b&gt;") == (
        "see the story & @U1 <b>"
    )


def test_bidi_controls_cannot_reorder_article_text_in_slack() -> None:
    assert escape("paid \u202eseton 001\u202c by the mayor") == "paid seton 001 by the mayor"
