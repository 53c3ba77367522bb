"""Content ends and non-cue words (service/pipeline/bounds.py), on made-up sentences."""

from __future__ import annotations

from service.pipeline import bounds


def _end(sentence: str, start_after: str) -> str:
    start = sentence.index(start_after) + len(start_after)
    cut = bounds.content_end(sentence, start, len(sentence))
    return sentence[start : cut if cut is not None else len(sentence)].strip()


def test_a_trailing_where_clause_ends_the_content() -> None:
    assert _end("X said the plan failed, where it was tried.", "said") == "the plan failed"


def test_an_and_clause_without_a_cue_stays_in_the_content() -> None:
    text = "X said the plan failed, and the city paid for it."
    assert _end(text, "said") == "the plan failed, and the city paid for it."


def test_an_and_clause_with_a_cue_of_its_own_ends_the_content() -> None:
    assert _end("X said the plan failed, and Y said it worked.", "said") == "the plan failed"


def test_an_aside_after_a_bare_that_subject_is_kept() -> None:
    text = "X said that the mayor, who lives here, left."
    assert _end(text, "said") == "that the mayor, who lives here, left."


def test_the_main_clause_after_an_opening_when_clause() -> None:
    text = "When Ann refused to leave, the mayor called the police."
    start = text.index("refused") + len("refused")
    end = bounds.main_clause(text, 0, text.index("refused"), start, len(text))
    assert end is not None and text[start:end].strip() == "to leave"


def test_no_main_clause_when_the_cue_is_in_the_main_clause() -> None:
    text = "Ann refused to leave, the mayor said."
    assert bounds.main_clause(text, 0, 4, 11, len(text)) is None


def test_a_tally_after_adding_is_no_cue() -> None:
    text = "Ann won, adding to her Super Tuesday victories."
    start = text.index("adding")
    assert bounds.not_a_cue(text, start, start + len("adding"))


def test_next_cue_skips_think_tank() -> None:
    text = "Ann, of a think tank, said it works."
    found = bounds.next_cue(text, 0, len(text))
    assert found is not None and found.group("verb") == "said"
