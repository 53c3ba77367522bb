"""Guarantee 1: every span in the output is exactly the article's characters."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.factsheet import FactSheet
from schemas.options import Options
from service.errors import InputError
from service.eval.polnear import load_split
from service.produce import extractive_sheet, prepare
from tests.conftest import SEED
from tests.support.grounding import assert_grounded


def _sheet(raw: str | bytes) -> FactSheet:
    return extractive_sheet(prepare(raw, kind="text", max_chars=1_000_000), Options())


_PIECES = st.sampled_from(
    [
        "Jonas Oman said ",
        "“We will win,” she said. ",
        "according to officials familiar with the matter, ",
        "The survivor allegedly had papers. ",
        "there is no official confirmation. ",
        "Sept. 11 ",
        "U.S. ",
        "…",
        "\r\n",
        "\n\n",
        "“",
        "”",
        "'",
        '"',
        "😀",
        "Ünïcödé ",
        "Visited 1 times\n",
        ", a source said.",
        "He denied it. ",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=30)), min_size=1, max_size=30))
def test_every_span_round_trips_on_generated_text(pieces: list[str]) -> None:
    try:
        sheet = _sheet("".join(pieces))
    except InputError:
        return
    assert_grounded(sheet)


def test_every_span_round_trips_on_one_5000_character_sentence() -> None:
    words = " ".join(["officials said the allegedly unconfirmed report"] * 105)
    assert_grounded(_sheet(words[:5000]))


def test_every_span_round_trips_on_crlf_seed() -> None:
    crlf = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    sheet = _sheet(crlf)
    assert sheet.claims
    assert_grounded(sheet)


@pytest.mark.slow
def test_every_span_round_trips_on_all_polnear_dev_articles(polnear_dev: Path) -> None:
    docs = load_split(polnear_dev)
    assert len(docs) == 84
    for doc in docs:
        assert_grounded(_sheet(doc.text))
