"""What Slack sends becomes the right ArticleRequest."""

from __future__ import annotations

import pytest

from service.slack.inputs import command_request, is_help, message_request


@pytest.mark.parametrize(
    "text",
    ["https://example.com/a?b=1", "<https://example.com/a?b=1>", " <https://example.com/a?b=1|x> "],
)
def test_a_lone_url_is_a_url_request(text: str) -> None:
    request = command_request(text)
    assert request.url == "https://example.com/a?b=1" and request.text is None


def test_text_with_a_url_inside_stays_text() -> None:
    request = command_request("Read https://example.com: the mayor said &lt;no&gt;.")
    assert request.text == "Read https://example.com: the mayor said <no>."


def test_message_markup_becomes_plain_text() -> None:
    request = message_request("<@U1> said <https://x.example|this> &amp; more")
    assert request.text == "@U1 said this & more"


@pytest.mark.parametrize(
    ("text", "expected"), [("", True), (" help ", True), ("?", True), ("hi", False)]
)
def test_is_help(text: str, expected: bool) -> None:
    assert is_help(text) is expected
