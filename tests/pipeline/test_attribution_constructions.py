"""Each attribution construction, pinned on made-up sentences."""

from __future__ import annotations

import pytest

from service.pipeline.cues import find_attributions
from service.pipeline.normalise import fold
from service.pipeline.segment import segment

Found = list[tuple[str, str | None, str | None]]


def _found(text: str) -> Found:
    return [
        (a.content.text, a.cue.text if a.cue else None, a.source.text if a.source else None)
        for a in find_attributions(text, fold(text), segment(text))
    ]


def test_quote_then_said_then_name_credits_the_name() -> None:
    got = _found("“The bridge is unsafe.” said Ada Brown, the engineer.")
    assert got == [("“The bridge is unsafe.”", "said", "Ada Brown, the engineer")]


def test_colon_quote_after_wrote_is_the_content() -> None:
    got = _found("Ada Brown wrote: “The bridge is unsafe and must close.”")
    assert got == [("“The bridge is unsafe and must close.”", "wrote", "Ada Brown")]


def test_colon_quote_after_tweeted_is_the_content() -> None:
    got = _found('Ada Brown tweeted: "We will close the bridge on Monday."')
    assert got == [('"We will close the bridge on Monday."', "tweeted", "Ada Brown")]


def test_split_quote_is_one_content_over_both_halves() -> None:
    text = '"The bridge," Ada Brown said, "is unsafe and must close."'
    assert _found(text) == [(text, "said", "Ada Brown")]


def test_records_show_is_a_document_cue() -> None:
    got = _found("Records show that the firm paid no tax in 2019.")
    assert got == [("that the firm paid no tax in 2019", "show", "Records")]


def test_show_without_a_document_subject_is_no_cue() -> None:
    assert _found("The farmers show their cattle at the fair every year.") == []


@pytest.mark.parametrize("title", ["then-Gov.", "then-U.S. Attorney"])
def test_content_runs_past_a_then_title(title: str) -> None:
    [(content, _, _)] = _found(f"Ada Brown said that {title} Cole signed the permit in 2010.")
    assert content == f"that {title} Cole signed the permit in 2010"


def test_lead_in_before_that_is_not_content() -> None:
    [(content, _, _)] = _found("Ada Brown said over the weekend that the bridge is unsafe.")
    assert content == "that the bridge is unsafe"


def test_content_stops_before_the_articles_aside() -> None:
    got = _found("Ada Brown said the bridge is unsafe, yet no inspection report has surfaced.")
    assert got == [("the bridge is unsafe", "said", "Ada Brown")]


@pytest.mark.parametrize(
    "text",
    [
        "The firm posted better-than-expected profits on Tuesday.",
        "The essay appeared in print on Sunday.",
        "She works at a liberal think tank in Washington.",
        "The result is adding to his wins in the South.",
        "Ada Brown claimed victory in the third district.",
        "Ada Brown won Ohio, claiming her third victory of the night.",
        "Ada Brown won Ohio, adding to her Super Tuesday victories.",
        "The city came under repeated attack from the north.",
    ],
)
def test_words_that_only_look_like_cues_report_nothing(text: str) -> None:
    assert _found(text) == []


def test_participle_takes_the_speaker_of_its_sentence() -> None:
    got = _found("Ada Brown criticized the budget, saying that it cuts too deep.")
    assert ("that it cuts too deep", "saying", "Ada Brown") in got


def test_participle_after_a_relation_takes_its_speaker() -> None:
    got = _found("Ada Brown said the bridge is unsafe, adding that it must close.")
    assert got[-1] == ("that it must close", "adding", "Ada Brown")


def test_relative_who_takes_the_name_before_it() -> None:
    got = _found("The mayor praised Ada Brown, who has said that the bridge must close.")
    assert got[-1] == ("that the bridge must close", "has said", "Ada Brown")


def test_relative_who_after_an_inverted_source_takes_that_source() -> None:
    text = '"It is over," said Ann Lee, head of the Center for Policy, who also said it failed.'
    assert _found(text)[-1] == ("it failed", "also said", "Ann Lee, head of the Center for Policy")


def test_second_verb_takes_the_subject_of_the_sentence() -> None:
    got = _found("Ada Brown visited the site and told reporters that it is unsafe.")
    assert got == [("that it is unsafe", "told", "Ada Brown")]


def test_one_claim_when_according_to_sits_inside_another_relation() -> None:
    text = "Brown also noted reports of cracks, perhaps reaching 40 according to inspectors."
    got = _found(text)
    assert [cue for _, cue, _ in got] == ["also noted"]


def test_subject_before_a_relative_clause_with_commas_of_its_own() -> None:
    text = "Ada Brown, who is an engineer in Salem, Oregon, criticized the council for waiting."
    assert _found(text) == [("the council for waiting", "criticized", "Ada Brown")]


def test_subject_of_the_second_clause_after_and() -> None:
    text = "No council member has spoken and Brown strongly suggested they should resign."
    assert _found(text) == [("they should resign", "strongly suggested", "Brown")]


def test_only_reporting_verbs_put_their_speaker_after_them() -> None:
    assert _found("The plan is dead, said Ada Brown.") == [
        ("The plan is dead", "said", "Ada Brown")
    ]


def test_an_aside_between_dashes_is_not_the_subject() -> None:
    text = "Ada Brown — like Cole, a critic of the plan — recalled that the vote failed."
    assert _found(text) == [("that the vote failed", "recalled", "Ada Brown")]


def test_content_goes_on_after_a_cue_set_off_by_commas() -> None:
    text = "Cutting the federal budget far too soon, many economists say, slowed the recovery."
    [(content, cue, source)] = _found(text)
    assert (content, cue, source) == (text[:-1], "say", "many economists")


def test_a_short_content_before_the_cue_with_nothing_after_it() -> None:
    got = _found("The plan is dead, Ada Brown said, adding that it cost millions.")
    assert got == [
        ("The plan is dead", "said", "Ada Brown"),
        ("that it cost millions", "adding", "Ada Brown"),
    ]


def test_a_second_speaker_after_a_comma_ends_the_content() -> None:
    got = _found(
        "Ada Brown said the bridge was unsafe and needed work, a mayor insisted repeatedly."
    )
    assert got[0] == ("the bridge was unsafe and needed work", "said", "Ada Brown")


def test_quote_then_cue_then_the_rest_of_the_sentence_is_one_content() -> None:
    text = '"Only you, Ada," she said, would turn a harsh sentence into praise.'
    assert _found(text) == [(text[:-1], "said", "she")]


@pytest.mark.parametrize(
    "text",
    [
        'A blog, called the "Feed," is run by five writers.',
        'The banks formed what they called "financial supermarkets" in 1999.',
    ],
)
def test_called_that_names_a_thing_reports_nothing(text: str) -> None:
    assert _found(text) == []


def test_second_verb_takes_a_described_subject() -> None:
    got = _found("The judge rubbed his chin, and then said the case was closed.")
    assert got == [("the case was closed", "then said", "The judge")]


def test_participle_after_a_connective_takes_the_pronoun_subject() -> None:
    got = _found("However, he held his fire on Ann Lee, calling her a fine mayor.")
    assert got == [("her a fine mayor", "calling", "he")]


def test_a_daily_is_the_source_not_part_of_the_cue() -> None:
    got = _found("The influential US daily wrote that the deal was dead.")
    assert got == [("that the deal was dead", "wrote", "The influential US daily")]


def test_think_tank_after_an_inverted_source_is_part_of_the_source() -> None:
    text = '"The bridge is unsafe," said Ada Brown, a fellow at a think tank. "It must close."'
    assert _found(text) == [(text, "said", "Ada Brown, a fellow at a think tank")]


def test_quote_resumed_after_a_listener_and_an_aside_stays_with_the_speaker() -> None:
    text = (
        '"The bridge is unsafe," Ada Brown told CBS News on Monday, when the river rose. '
        '"It must close."'
    )
    assert _found(text) == [(text, "told", "Ada Brown")]


def test_a_cue_word_inside_the_quoted_content_does_not_cut_it() -> None:
    [(content, _, _)] = _found('Ada Brown said that "I called the mayor, asked for help, waited."')
    assert content == 'that "I called the mayor, asked for help, waited."'


def test_an_aside_after_a_bare_subject_does_not_end_the_content() -> None:
    [(content, _, _)] = _found(
        "Ada Brown said that the mayor, who lives nearby, closed the bridge on Monday."
    )
    assert content == "that the mayor, who lives nearby, closed the bridge on Monday"


@pytest.mark.parametrize(
    "text",
    [
        "She sits with judges nominated by Republican presidents.",
        "It was one of the notes issued by his firm last year.",
        "Ada Brown noted in The Intercept.",
        "The two rivals do agree on something.",
        "The governor endorsed him last week.",
    ],
)
def test_a_passive_agent_a_short_place_phrase_or_a_bare_object_is_no_claim(text: str) -> None:
    assert _found(text) == []


def test_a_by_phrase_with_a_gerund_is_still_a_claim() -> None:
    got = _found("Ada Brown said the city saved money by closing the bridge.")
    assert got == [("the city saved money by closing the bridge", "said", "Ada Brown")]


@pytest.mark.parametrize(
    "text",
    [
        "After Ada Brown said that the bridge is unsafe, the city closed it.",
        "Three weeks after Ada Brown said that the bridge is unsafe, the city closed it.",
        "Having said that the bridge is unsafe, Ada Brown left the meeting.",
    ],
)
def test_a_cue_in_an_opening_clause_reports_up_to_the_main_clause(text: str) -> None:
    assert _found(text)[0][0] == "that the bridge is unsafe"


def test_a_but_clause_with_no_cue_of_its_own_stays_in_the_content() -> None:
    [(content, _, _)] = _found(
        "Ada Brown said that the city tried to close the bridge, but a judge stopped it."
    )
    assert content == "that the city tried to close the bridge, but a judge stopped it"


def test_a_but_clause_with_its_own_cue_ends_the_content() -> None:
    got = _found("Ada Brown said that the bridge is unsafe, but the mayor said it is fine.")
    assert got[0][0] == "that the bridge is unsafe"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Half of the voters described themselves as moderates, a larger share than in 2012.",
            "themselves as moderates",
        ),
        (
            "Most voters said they wanted an outsider, compared with a third who wanted a senator.",
            "they wanted an outsider",
        ),
    ],
)
def test_the_articles_aside_after_a_comma_ends_the_content(text: str, content: str) -> None:
    assert _found(text)[0][0] == content


def test_a_relative_clause_inside_the_quote_does_not_end_the_content() -> None:
    text = 'Ada Brown said, "No one like Mr. Cole, who is a first offender, goes to prison."'
    assert _found(text)[0][0] == '"No one like Mr. Cole, who is a first offender, goes to prison."'


def test_a_listener_closed_by_a_colon_is_not_content() -> None:
    got = _found('Ada Brown told Mr. Cole: "The bridge is unsafe, but it can be fixed."')
    assert got == [('"The bridge is unsafe, but it can be fixed."', "told", "Ada Brown")]


def test_a_list_of_quoted_names_is_one_content() -> None:
    text = 'Ada Brown called the mayor a "coward," an "amateur" and "unfit."'
    assert _found(text)[0][0] == 'the mayor a "coward," an "amateur" and "unfit."'


def test_a_subordinate_clause_at_the_end_of_the_sentence_has_no_main_clause_after_it() -> None:
    text = "Cole left early after Ada Brown criticized Tom Lee, the former mayor."
    assert _found(text)[0][0] == "Tom Lee, the former mayor"


def test_a_cue_word_quoted_after_and_does_not_end_the_content() -> None:
    text = 'Ada Brown said that she felt that way, and "I think the mayor is right."'
    assert _found(text)[0][0] == 'that she felt that way, and "I think the mayor is right."'


def test_a_possessive_after_an_inverted_cue_is_no_clause() -> None:
    got = _found('"The bridge is unsafe," says an adviser to the mayor\'s office.')
    assert got == [('"The bridge is unsafe,"', "says", "an adviser to the mayor's office")]


def test_an_apostrophe_after_the_next_quote_closes_no_quote() -> None:
    text = '"The bridge is unsafe," said Ada Brown. "We are done," said the party\'s chairman.'
    assert [content for content, _, _ in _found(text)] == [
        '"The bridge is unsafe,"',
        '"We are done,"',
    ]


def test_inverted_split_quote_is_one_content_and_the_source_stops_at_the_comma() -> None:
    text = '"The bridge is unsafe," said the engineer, "because the river rose."'
    assert _found(text) == [(text, "said", "the engineer")]


def test_a_quote_that_opened_a_sentence_earlier_goes_on_after_the_cue() -> None:
    text = '"Like Oakland. Or Ferguson," Ada Brown said. "The numbers are worse."'
    assert _found(text) == [(text, "said", "Ada Brown")]


def test_a_content_that_closes_a_quote_goes_on_with_the_next_quote() -> None:
    text = 'Still, the bridge is "barely standing," Ada Brown said. "It must close."'
    assert _found(text) == [(text, "said", "Ada Brown")]


def test_a_quoted_title_after_the_listener_does_not_stop_the_next_quote() -> None:
    text = '"The bridge is unsafe," Ada Brown told NBC\'s "Today" on Monday. "It must close."'
    assert _found(text) == [(text, "told", "Ada Brown")]


def test_a_colon_closing_the_paragraph_introduces_the_next_paragraph() -> None:
    text = 'Ada Brown wrote on Monday:\n"The bridge is unsafe. It must close."\nThe city agreed.'
    assert _found(text) == [('"The bridge is unsafe. It must close."', "wrote", "Ada Brown")]


def test_a_that_clause_before_the_colon_stays_in_the_content() -> None:
    text = 'Ada Brown said that given the risks:\n"The bridge must close."\nThe city agreed.'
    assert _found(text)[0][0] == 'that given the risks:\n"The bridge must close."'
