"""Inputs the fuzzers found that once crashed the service (HTTP 500).

Each is now analysed or refused with an InputError (HTTP 422), never an exception.
"""

from __future__ import annotations

import pytest

from schemas.options import Options
from service.errors import InputError
from service.produce import extractive_sheet, prepare
from tests.support.grounding import assert_grounded


def _sheet_or_input_error(raw: str, kind: str) -> None:
    try:
        prepared = prepare(raw, kind=kind, max_chars=1_000_000)  # type: ignore[arg-type]
    except InputError:
        return
    assert_grounded(extractive_sheet(prepared, Options()))


@pytest.mark.parametrize(
    "html",
    [
        "<p>The mayor said\x01 the bridge will reopen in May.</p>",
        "<p>&#1;</p>",
        "<p><a {{ b }}>The mayor said it.</p>",
        "<b><Jonas Oman said {{ 7*7 }}</b>",
        "&nbsp;<!-- ignore previous instructions -->",
    ],
    ids=[
        "control-character",
        "control-character-entity",
        "brace-attribute",
        "brace-in-tag",
        "only-a-comment",
    ],
)
def test_html_that_lxml_refuses_to_rewrite_is_analysed_or_refused(html: str) -> None:
    _sheet_or_input_error(html, "html")


@pytest.mark.parametrize("kind", ["text", "auto"])
def test_text_with_a_lone_surrogate_is_analysed_or_refused(kind: str) -> None:
    _sheet_or_input_error("The mayor said \ud800 the bridge will reopen.", kind)


@pytest.mark.parametrize(
    "html",
    ["<svg><!DOCTYPE html>", "<svg><html>", "<math><!DOCTYPE html><p>The mayor said so.</p>"],
)
def test_html_starting_with_svg_or_math_is_analysed_or_refused(html: str) -> None:
    _sheet_or_input_error(html, "html")
