"""Tests for the segment stage: sentences with offsets into the original text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from service.pipeline.segment import segment

SEED = Path(__file__).resolve().parents[2] / "seeds" / "kursk-north-korean-troops.txt"


def texts(text: str, regions: list[tuple[int, int]] | None = None) -> list[str]:
    return [s.text for s in segment(text, regions)]


def test_ids_run_s1_s2_in_reading_order_and_text_matches_offsets() -> None:
    text = "First one. Second one."
    sents = segment(text)
    assert [s.id for s in sents] == ["s1", "s2"]
    assert all(text[s.start : s.end] == s.text for s in sents)


def test_empty_and_blank_text_give_no_sentences() -> None:
    assert segment("") == []
    assert segment(" \n\r\n\t ") == []


def test_closing_quote_after_period_stays_with_its_sentence() -> None:
    assert texts("He said “no.” Then he left.") == ["He said “no.”", "Then he left."]
    assert texts('He said "no." Then he left.') == ['He said "no."', "Then he left."]


def test_question_inside_quote_followed_by_lowercase_attribution_does_not_split() -> None:
    assert texts("“Really?” he asked. Yes.") == ["“Really?” he asked.", "Yes."]


def test_ellipsis_inside_curly_quotation_does_not_end_the_sentence() -> None:
    text = (
        "“Except for one person, all were killed in action… North Korean troops already "
        "engaged in combat in Kursk on the 25th.” Next."
    )
    assert texts(text) == [text[: -len(" Next.")], "Next."]


def test_ellipsis_before_lowercase_inside_straight_quotes_does_not_split() -> None:
    assert texts('He said "we\'ll see... maybe" and left. Ok.') == [
        'He said "we\'ll see... maybe" and left.',
        "Ok.",
    ]


def test_ellipsis_outside_quotes_before_capital_ends_the_sentence() -> None:
    assert texts("He paused... Then he spoke.") == ["He paused...", "Then he spoke."]


def test_month_abbreviation_before_a_day_does_not_split() -> None:
    assert texts("It was Sept. 11 in New York. Jan. 5 too.") == [
        "It was Sept. 11 in New York.",
        "Jan. 5 too.",
    ]


def test_dotted_acronym_before_lowercase_does_not_split() -> None:
    assert texts("U.S. officials said so. Others did not.") == [
        "U.S. officials said so.",
        "Others did not.",
    ]


def test_titles_never_end_a_sentence() -> None:
    assert texts("Gov. Smith met Mr. Jones and Dr. Lee. They talked.") == [
        "Gov. Smith met Mr. Jones and Dr. Lee.",
        "They talked.",
    ]


def test_number_abbreviation_before_digit_does_not_split() -> None:
    assert texts("He ranked No. 2 in the poll.") == ["He ranked No. 2 in the poll."]


def test_time_abbreviation_splits_only_before_a_sentence_starter() -> None:
    assert texts("At 9 a.m. Eastern time it passed. At 5 p.m. The end.") == [
        "At 9 a.m. Eastern time it passed.",
        "At 5 p.m.",
        "The end.",
    ]


def test_middle_initial_does_not_split_a_name() -> None:
    assert texts("Donald J. Trump spoke. Robert C. “Bobby” Scott did too.") == [
        "Donald J. Trump spoke.",
        "Robert C. “Bobby” Scott did too.",
    ]


def test_dc_before_a_sentence_starter_ends_the_sentence_judgment_call() -> None:
    # Documented judgment call: "D.C." ends a sentence only before a common sentence opener.
    assert texts("He flew to Washington, D.C. The talks began.") == [
        "He flew to Washington, D.C.",
        "The talks began.",
    ]
    assert texts("D.C. Mayor Bowser spoke.") == ["D.C. Mayor Bowser spoke."]


def test_decimal_numbers_and_money_do_not_split() -> None:
    assert texts("GDP grew 3.5 percent to $1.2 billion. Stocks rose.") == [
        "GDP grew 3.5 percent to $1.2 billion.",
        "Stocks rose.",
    ]


def test_headline_without_period_on_its_own_line_is_a_sentence() -> None:
    assert texts("Troops Enter Kursk\nOfficials confirmed it.") == [
        "Troops Enter Kursk",
        "Officials confirmed it.",
    ]


def test_paragraph_break_ends_a_sentence() -> None:
    assert texts("First paragraph ends here\n\nSecond one.") == [
        "First paragraph ends here",
        "Second one.",
    ]


def test_crlf_offsets_stay_valid_and_exclude_carriage_returns() -> None:
    text = "One line.\r\nTwo lines. Three.\r\n\r\nFour\r\n"
    sents = segment(text)
    assert [s.text for s in sents] == ["One line.", "Two lines.", "Three.", "Four"]
    assert all(text[s.start : s.end] == s.text and "\r" not in s.text for s in sents)


def test_emoji_and_unicode_keep_offsets_valid() -> None:
    text = "Fans cheered 🎉🔥. The café reopened 🙂 today. Ünïcödé wörks."
    sents = segment(text)
    assert [s.text for s in sents] == [
        "Fans cheered 🎉🔥.",
        "The café reopened 🙂 today.",
        "Ünïcödé wörks.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sents)


def test_long_sentence_without_punctuation_is_one_sentence() -> None:
    text = ("word " * 1000).strip()
    assert len(text) > 4_990
    assert texts(text) == [text]


def test_unbalanced_quote_does_not_swallow_the_next_line() -> None:
    text = "She said “it is over… Nobody came.\nNext line… Here."
    assert texts(text) == ["She said “it is over… Nobody came.", "Next line…", "Here."]


def test_dash_after_closing_quote_keeps_the_attribution() -> None:
    assert texts("“We lost.” ― Jane Doe") == ["“We lost.” ― Jane Doe"]


def test_sentences_never_cross_region_boundaries() -> None:
    text = "Visited 1 times. Real body starts here and. Goes on. Close Search"
    body = (17, 52)
    sents = segment(text, [body])
    assert [s.text for s in sents] == ["Real body starts here and.", "Goes on."]
    cut = segment("Alpha beta gamma.", [(0, 10), (10, 17)])
    assert [s.text for s in cut] == ["Alpha beta", "gamma."]
    assert [s.id for s in cut] == ["s1", "s2"]


def test_kursk_seed_quoted_first_sentence_with_ellipsis_is_one_sentence() -> None:
    text = SEED.read_text(encoding="utf-8")
    got = texts(text)
    assert got[0] == "Written by 11:07 AM World"
    assert got[1] == (
        "“Except for one person, all were killed in action… North Korean troops already "
        "engaged in combat in Kursk on the 25th.”"
    )
    assert got[2].startswith("The Lithuanian NGO “Blue-Yellow” led by Jonas Oman has claimed")
    assert got[2].endswith("who carried identification as a Buryat.")
    assert "This incident reportedly occurred on October 25 in Kursk, as stated in an " in got[3]
    assert "There’s speculation that North Korea might be prepping soldiers" in got[6]
    assert got[-3:] == ["Visited 1 times, 1 visit(s) today", "Close Search Window", "Close"]
    assert len(got) == 16


# News-like pieces (quotes, terminators, CRLF, emoji, abbreviations) hit the rules far more
# often than uniform unicode; both are drawn.
_PIECES = st.sampled_from(
    [*"ab Z.!?…\"'“”‘’\r\n\t ,;:-―()$3", "\u00a0", "😀", "é", "\u2028", "Mr.", "U.S.", "..."]
)
_TEXT = st.one_of(st.text(max_size=80), st.lists(_PIECES, max_size=80).map("".join))


@given(
    _TEXT,
    st.lists(st.tuples(st.integers(-5, 90), st.integers(-5, 90)), max_size=4),
    st.booleans(),
)
def test_sentences_are_exact_ordered_disjoint_trimmed_and_inside_regions(
    text: str, raw: list[tuple[int, int]], whole: bool
) -> None:
    regions = None if whole else [(min(a, b), max(a, b)) for a, b in raw]
    sents = segment(text, regions)
    allowed = [(0, len(text))] if regions is None else regions
    previous_end = 0
    for i, s in enumerate(sents, 1):
        assert s.id == f"s{i}"
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert previous_end <= s.start < s.end
        assert any(lo <= s.start and s.end <= hi for lo, hi in allowed)
        previous_end = s.end
