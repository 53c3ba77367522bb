"""The sentence subject that speaks for a cue whose own subject was lost or is junk."""

from __future__ import annotations

from service.engines.extractive.subjects import sentence_subject
from tests.engines.extractive.test_speakers import _claimants


def _subject(text: str, known: frozenset[str] = frozenset()) -> str | None:
    found = sentence_subject(text, 0, len(text), known)
    return found.text if found is not None else None


def test_the_subject_is_the_first_person_outside_quotes() -> None:
    text = "“Our method works,” Braynard is quoted as"
    assert _subject(text, frozenset({"Braynard"})) == "Braynard"


def test_an_object_is_no_subject() -> None:
    text = "One supporter who still backs Randolph, former Rep. Pat Schroeder, wrote"
    assert _subject(text, frozenset({"Randolph"})) == "Rep. Pat Schroeder"


def test_a_junk_claimant_falls_back_to_the_sentence_subject() -> None:
    text = (
        "Dan Alpert, managing partner of the investment bank Westwood Capital and author of "
        "The Age of Oversupply, a book calling for massive fiscal stimulus, expressed alarm "
        "that his views on debt might be closer to Trump’s than Clinton’s."
    )
    assert _claimants(text)[-1] == "Dan Alpert"


def test_a_leading_phrase_is_no_part_of_the_claimant() -> None:
    text = "In a Bloomberg interview Donald Trump declared that the alliance was obsolete."
    assert _claimants(text) == ["Donald Trump"]


def test_a_claimant_after_the_cue_that_opens_with_a_preposition_is_the_subject() -> None:
    text = (
        "“We will stop it,” Mrs. Clinton said on the stump last year in Iowa, "
        "talking about the financial crisis."
    )
    assert _claimants(text)[-1] == "Clinton"


def test_a_sentence_ending_according_to_x_is_x_claim() -> None:
    text = (
        "When Randolph refused to bow out, Grayson began attacking her, "
        "according to numerous fellow Democrats."
    )
    assert _claimants(text)[0] == "numerous fellow Democrats"


def test_a_sentence_ending_x_said_relays_the_claim_inside_it() -> None:
    text = "He promised to defeat Randolph thanks to the family name, Frankel said."
    assert _claimants(text)[0] == "Frankel"
