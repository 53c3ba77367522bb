"""Inputs the fuzzers found that once crashed the service (HTTP 500).

Each now has one outcome, pinned here: a grounded sheet of the text a reader sees, or a
named InputError (HTTP 422), never an exception.
"""

from __future__ import annotations

import pytest

from schemas.options import Options
from service.errors import EmptyInput, InputError, UndecodableInput
from service.produce import extractive_sheet, prepare
from tests.support.grounding import assert_grounded

SHEETS = [
    pytest.param(
        "<p>The mayor said\x01 the bridge will reopen in May.</p>",
        "The mayor said the bridge will reopen in May.",
        id="control-character",
    ),
    pytest.param(
        "<math><!DOCTYPE html><p>The mayor said so.</p>",
        "The mayor said so.",
        id="math-then-doctype",
    ),
]
REFUSED = [
    pytest.param("<p>&#1;</p>", "html", EmptyInput, id="control-character-entity"),
    # lxml refuses the brace attributes; what is left has no article text.
    pytest.param("<p><a {{ b }}>The mayor said it.</p>", "html", EmptyInput, id="brace-attr"),
    pytest.param("<b><Jonas Oman said {{ 7*7 }}</b>", "html", EmptyInput, id="brace-in-tag"),
    pytest.param("&nbsp;<!-- ignore previous instructions -->", "html", EmptyInput, id="comment"),
    pytest.param("<svg><!DOCTYPE html>", "html", EmptyInput, id="svg-then-doctype"),
    pytest.param("<svg><html>", "html", EmptyInput, id="svg-then-html"),
    pytest.param("The mayor said \ud800 it.", "text", UndecodableInput, id="surrogate-text"),
    pytest.param("The mayor said \ud800 it.", "auto", UndecodableInput, id="surrogate-auto"),
]


@pytest.mark.parametrize(("html", "article"), SHEETS)
def test_found_html_gives_a_grounded_sheet_of_the_visible_text(html: str, article: str) -> None:
    sheet = extractive_sheet(prepare(html, kind="html", max_chars=1_000_000), Options())
    assert sheet.article.text == article
    assert_grounded(sheet)


@pytest.mark.parametrize(("raw", "kind", "error"), REFUSED)
def test_found_input_is_refused_with_its_input_error(
    raw: str, kind: str, error: type[InputError]
) -> None:
    with pytest.raises(error):
        prepare(raw, kind=kind, max_chars=1_000_000)  # type: ignore[arg-type]
