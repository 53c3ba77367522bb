"""Tier 1: the Draft validators reject what is not in the article, and say how to fix it."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from pydantic import ValidationError

from service.engines.llm.answer import Checked, check_answer
from service.engines.llm.draft import MAX_CLAIMS, ArticleView, Draft
from tests.support.mock_llm import ARTICLE, GOOD_DRAFT, make_article


@pytest.fixture
def view() -> ArticleView:
    text, sentences = make_article(ARTICLE)
    return ArticleView({s.id: s.text for s in sentences}, text)


def with_claim(**changes: Any) -> dict[str, Any]:
    draft = copy.deepcopy(GOOD_DRAFT)
    draft["claims"][0].update(changes)
    return draft


def problems(data: dict[str, Any], view: ArticleView) -> list[str]:
    """What the answer check (answer.py, run on every answer) finds wrong with ``data``."""
    checked = check_answer(data, view, MAX_CLAIMS)
    return [problem for failing in checked.failing for problem in failing.problems]


def reported(pattern: str, data: dict[str, Any], view: ArticleView) -> bool:
    return any(re.search(pattern, problem) for problem in problems(data, view))


def usable(data: dict[str, Any], view: ArticleView) -> Checked:
    checked = check_answer(data, view, MAX_CLAIMS)
    assert checked.failing == [], checked.failing
    return checked


def test_grounded_draft_passes(view):
    assert usable(GOOD_DRAFT, view).claims[0].sentence_ids == ["s1"]


def test_unknown_sentence_id_is_rejected_with_a_fix(view):
    assert reported(
        r"sentence ids \['s9'\] do not exist; cite ids", with_claim(sentence_ids=["s9"]), view
    )


def test_invented_quote_is_rejected_with_a_fix(view):
    assert reported(
        "not verbatim in s1; copy the words exactly",
        with_claim(quote="North Korea invaded Kursk"),
        view,
    )


def test_quote_from_another_sentence_is_rejected(view):
    assert reported("not verbatim in s3", with_claim(sentence_ids=["s3"]), view)


def test_straight_quotes_match_curly_ones_in_the_article(view):
    draft = with_claim(sentence_ids=["s2"], quote='there was "no official confirmation"  of it')
    assert usable(draft, view).claims[0].quote.startswith("there")


def test_quote_spanning_two_cited_sentences_passes(view):
    draft = with_claim(sentence_ids=["s1", "s2"], quote="in Kursk. Ukraine's defence ministry")
    assert usable(draft, view).claims


def test_absent_claimant_is_rejected_with_a_fix(view):
    assert reported(
        "claimant 'Vladimir Putin' does not appear", with_claim(claimant="Vladimir Putin"), view
    )


def test_absent_source_name_is_rejected(view):
    draft = copy.deepcopy(GOOD_DRAFT)
    draft["sources"].append({"name": "Reuters", "type": "media"})
    assert reported("source 2: name 'Reuters'", draft, view)


def test_unknown_summary_support_is_rejected(view):
    draft = copy.deepcopy(GOOD_DRAFT)
    draft["summary"][0]["support"] = ["s0"]
    assert reported("summary 1: support ids", draft, view)


def test_all_problems_are_reported_at_once(view):
    draft = with_claim(quote="invented words", claimant="Nobody Known")
    found = " ".join(problems(draft, view))
    assert "quote" in found and "claimant" in found


def test_without_an_article_only_the_shape_is_checked():
    assert Draft.model_validate(with_claim(quote="invented words"))


def test_closed_sets_are_enforced():
    with pytest.raises(ValidationError):
        Draft.model_validate(with_claim(status="probably"))


def test_every_field_has_a_description():
    def walk(schema: dict[str, Any]) -> None:
        for name, prop in schema.get("properties", {}).items():
            assert prop.get("description"), name
        for sub in schema.get("$defs", {}).values():
            walk(sub)

    walk(Draft.model_json_schema())


def test_bracketed_or_capitalised_ids_are_accepted_as_bare_ids(view):
    assert usable(with_claim(sentence_ids=["[S1]"]), view).claims[0].sentence_ids == ["s1"]


def test_ids_that_are_not_sentence_ids_fail_the_shape():
    with pytest.raises(ValidationError, match="pattern"):
        Draft.model_validate(with_claim(sentence_ids=["sentence one"]))
