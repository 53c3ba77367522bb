"""Who a claim is credited to: names, pronouns, descriptions and junk mentions."""

from __future__ import annotations

from dataclasses import replace

from service.engines.extractive.claimants import resolve_claimants
from service.engines.extractive.engine import draft_extractive, states_something
from service.engines.extractive.sources import SourceBook, split_mention
from service.engines.extractive.speakers import (
    gender_of,
    named_people,
    names_a_speaker,
    referent,
)
from service.pipeline.cues import find_attributions, find_signals
from service.pipeline.normalise import fold
from service.pipeline.segment import segment
from service.pipeline.types import GroundedDraft, Span


def _draft(text: str) -> GroundedDraft:
    """The extractive engine's draft of ``text`` (one region, the whole text)."""
    sentences = segment(text)
    norm = fold(text)
    return draft_extractive(
        text,
        [(0, len(text))],
        sentences,
        find_attributions(text, norm, sentences),
        find_signals(text, norm, sentences),
        summary_sentences=1,
    )


def _claimants(text: str) -> list[str | None]:
    """The source name each claim of ``text`` is credited to, in reading order."""
    draft = _draft(text)
    return [
        draft.sources[c.source_index].name if c.source_index is not None else None
        for c in draft.claims
        if c.cue is not None
    ]


def _mention(text: str) -> tuple[str, str, str | None]:
    [m] = split_mention(Span(0, len(text), text))
    return m.name, m.type, m.role


def test_she_goes_to_the_nearest_woman_not_the_last_group() -> None:
    text = (
        "Mary Lane, the mayor, met the council on Monday. "
        "Republicans said the budget was too large. "
        "She said the city would borrow nothing this year."
    )
    assert _claimants(text) == ["Republicans", "Mary Lane"]


def test_he_prefers_the_speaker_just_before_over_a_man_named_in_his_quote() -> None:
    text = (
        'Tom Reed said, "Bill Ward will lose the vote in the fall." '
        "He said the campaign had raised two million dollars."
    )
    assert _claimants(text) == ["Tom Reed", "Tom Reed"]


def test_a_pronoun_with_no_agreeing_name_is_no_source() -> None:
    text = "The ministry said the road was closed. She said it would reopen soon."
    claimants = _claimants(text)
    assert claimants[-1] is None
    assert "She" not in claimants


def test_people_sharing_a_surname_stay_two_sources() -> None:
    text = (
        "Bill Clinton said the plan was sound. Hillary Clinton said the plan was expensive. "
        "Mrs. Clinton said the state would pay for it."
    )
    assert _claimants(text) == ["Bill Clinton", "Hillary Clinton", "Hillary Clinton"]


def test_a_surname_alone_takes_the_full_name_the_text_gives() -> None:
    text = "Walter Minor runs a bakery in town. Minor said sales fell by half this spring."
    assert _claimants(text) == ["Walter Minor"]


def test_a_description_goes_to_the_nearest_person() -> None:
    text = (
        "Donald Trump spoke in Ohio on Monday. "
        "The Republican nominee said the plant would reopen next year."
    )
    assert _claimants(text) == ["Donald Trump"]


def test_interview_outlet_is_a_source_but_not_the_claimant() -> None:
    text = (
        "Jan Ek said that the dam had failed twice. "
        "The failure occurred in May, as stated in an interview with public broadcaster KTV."
    )
    sentences = segment(text)
    attributions = find_attributions(text, fold(text), sentences)
    book = SourceBook()
    resolved = resolve_claimants(text, attributions, book)
    assert [book.names[indices[0]] for _, indices in resolved] == ["Jan Ek", "Jan Ek"]
    assert "KTV" in book.names


def test_appositive_becomes_the_role_and_leaves_the_name() -> None:
    assert _mention("Ben Sasse (R-Neb.), a member of the Homeland Security Committee") == (
        "Ben Sasse",
        "person",
        "member of the Homeland Security Committee",
    )
    name, _, role = _mention("Alma Ruiz, the executive director of the Farm Workers Fund")
    assert (name, role) == ("Alma Ruiz", "executive director of the Farm Workers Fund")


def test_role_words_before_a_first_name_become_the_role() -> None:
    assert _mention("state Senate leader Phil Berger") == (
        "Phil Berger",
        "person",
        "state Senate leader",
    )


def test_honorific_is_stripped_and_kept_as_no_role() -> None:
    assert _mention("Mr. Hedge") == ("Hedge", "person", None)


def test_junk_mentions_name_no_one() -> None:
    for junk in ("Having", "Let me", "Tuesday", "the"):
        assert referent(junk).kind == "junk"
    assert referent("he").kind == "pronoun"
    assert referent("the Republican nominee").kind == "description"
    assert referent("Ada Brown").kind == "name"


def test_gender_from_first_name_or_role_else_unknown() -> None:
    assert gender_of("Mary Lane") == "f"
    assert gender_of("Tom Reed") == "m"
    assert gender_of("Lane", "spokeswoman") == "f"
    assert gender_of("Quill") is None


def test_bare_contents_are_no_statement() -> None:
    for bare in ("To comment.", "The report.", "This.", "it", ""):
        assert not states_something(bare)
    assert states_something("the bridge is unsafe")
    assert states_something("Bernie Sanders")


def test_they_goes_to_the_group_named_before_it() -> None:
    text = (
        "Mary Lane spoke first. Progressive economists disagree with the plan. "
        "Growth would have come back much faster with deficits, they argue."
    )
    assert _claimants(text)[-1] == "Progressive economists"


def test_a_word_before_a_first_name_is_a_role() -> None:
    assert _mention("Democrat Mary Lane") == ("Mary Lane", "person", "Democrat")
    assert _mention("J. Walter Minor")[0] == "J. Walter Minor"
    assert _mention("Amos William Brooks")[0] == "Amos William Brooks"


def test_a_place_after_a_name_is_not_part_of_it() -> None:
    text = "Mary Lane at the town forum said the plant would reopen."
    assert _claimants(text) == ["Mary Lane"]


def test_role_first_appositive_gives_the_name_after_the_comma() -> None:
    assert _mention("the country’s minister of trade, Rosa Vidal Ortega") == (
        "Rosa Vidal Ortega",
        "person",
        "country’s minister of trade",
    )


def test_the_statement_of_a_resumed_content_leaves_the_cue_out() -> None:
    text = "Cutting the federal budget far too soon, many economists say, slowed the recovery."
    draft = _draft(text)
    assert [c.statement for c in draft.claims] == [
        "Cutting the federal budget far too soon slowed the recovery."
    ]


def test_it_said_goes_to_the_organisation_before_it() -> None:
    text = (
        "The Water Board said its audit was late. Mary Lane said the audit was fine. "
        "It said the reservoir would be full by May."
    )
    assert _claimants(text) == ["The Water Board", "Mary Lane", "The Water Board"]


def test_it_is_mentioned_names_no_one() -> None:
    assert _claimants("It is also mentioned that the reservoir would be full by May.") == [None]


def test_a_bare_title_is_never_a_source() -> None:
    assert referent("the President").kind == "title"
    text = "The ministry said the road was closed. The President said it would reopen."
    assert _claimants(text) == ["The ministry", None]


def test_a_bare_title_goes_to_the_person_it_belongs_to() -> None:
    text = "Tom Reed toured the plant on Monday. The Governor said it would reopen."
    assert _claimants(text) == ["Tom Reed"]


def test_the_subject_of_a_passive_cue_is_no_speaker() -> None:
    text = "Tom Reed is widely considered the favourite to win the race in the fall."
    assert _claimants(text) == [None]


def test_a_pronoun_goes_to_the_subject_of_its_own_sentence_before_the_last_speaker() -> None:
    text = (
        'Tom Hale said the vote was close. "We lost," Hale said. '
        "Governor Mark Dunn is backing Hale, but he said the count was wrong."
    )
    assert _claimants(text)[-1] == "Mark Dunn"


def test_an_appositive_claimant_is_the_person_it_describes() -> None:
    text = (
        "Willie Minor, an African-American actor in Dallas, who runs a small theater, "
        "recalled that the bank had called him."
    )
    assert _claimants(text) == ["Willie Minor"]


def test_a_name_in_running_text_ends_at_its_possessive() -> None:
    text = "As Rep. Alan Grayson’s Senate campaign fell apart, he blasted out a robocall."
    assert [name for _, _, name, _ in named_people(text, 0, len(text))] == ["Alan Grayson"]


def test_less_common_first_names_tell_gender() -> None:
    assert (gender_of("Lolita Grayson"), gender_of("Lionel Sosa")) == ("f", "m")


def test_seemed_and_appeared_credit_no_one() -> None:
    text = "Democrats, too, appeared headed for a long contest. Trump seemed to enjoy the fight."
    assert all(name is None for name in _claimants(text))


def test_the_judge_is_the_person_titled_judge() -> None:
    text = (
        "Ben Brafman said the case was unusual. Judge Berman listened. "
        "The judge said the sentence would be light."
    )
    assert _claimants(text)[-1] == "Judge Berman"


def test_the_senator_is_the_last_person_titled_senator() -> None:
    text = (
        "Donald Trump spoke first. Sen. Lindsey Graham spoke after him. "
        "The South Carolina senator said the deal was bad."
    )
    assert _claimants(text)[-1] == "Lindsey Graham"


def test_a_noun_phrase_that_is_no_speaker_is_not_a_claimant() -> None:
    from service.engines.extractive.speakers import names_a_speaker

    assert not names_a_speaker("massive fiscal stimulus")
    assert not names_a_speaker("attended the caucuses")
    assert names_a_speaker("a top GOP strategist")
    assert names_a_speaker("his father")


def test_a_described_person_keeps_the_article() -> None:
    text = "A federal judge ordered that the emails be released."
    assert _claimants(text) == ["A federal judge"]


def test_and_inside_a_long_description_does_not_split_it() -> None:
    text = "results of the exit poll conducted by Edison Research for the Press and Networks"
    assert [m.name for m in split_mention(Span(0, len(text), text))] == [text]


def test_he_is_the_subject_of_the_sentence_before_when_the_speaker_is_older() -> None:
    text = (
        "Sen. Lindsey Graham said the party should unite. "
        "Ted Cruz is drawing sharp contrasts with Donald Trump. "
        "He said the two differ on Israel."
    )
    assert _claimants(text)[-1] == "Ted Cruz"


def test_she_is_a_named_woman_before_an_unnamed_description() -> None:
    text = (
        "Hillary Clinton spoke about the case. A federal judge ordered that the video be "
        "released. She said the city had waited too long."
    )
    assert _claimants(text)[-1] == "Hillary Clinton"


def test_a_count_of_a_group_is_not_cut_to_its_number() -> None:
    text = "Six in 10 Virginia Democratic primary voters"
    assert [m.name for m in split_mention(Span(0, len(text), text))] == [text]


def test_mrs_clinton_is_completed_to_the_woman_of_that_surname() -> None:
    text = (
        "Bill Clinton and Hillary Clinton arrived in Ohio. "
        "Mrs. Clinton said that the plan would cut taxes."
    )
    assert _claimants(text)[-1] == "Hillary Clinton"


def test_a_quote_continuing_a_quoted_speaker_is_theirs() -> None:
    text = (
        "“Ted Cruz is not my favorite by any means,” Lindsey Graham told CBS News.\n\n"
        "“But we may be in a position where rallying around Ted Cruz is the only way to stop "
        "Donald Trump and I’m not so sure that would work.”"
    )
    draft = _draft(text)
    names = [draft.sources[c.source_index].name for c in draft.claims if c.source_index is not None]
    assert names == ["Lindsey Graham", "Lindsey Graham"]


def test_two_claims_ending_together_do_not_break_the_draft() -> None:
    text = (
        "Chris Christie said that was a natural part of having to run against him, no "
        "different, he said, from George H.W. Bush calling Ronald Reagan’s policies "
        "“voodoo economics” before becoming his vice presidential pick."
    )
    assert _draft(text).claims


def test_a_person_known_only_by_title_and_surname_keeps_the_title() -> None:
    text = "Judge Berman said the sentence was fair. Walter Minor said sales fell by half."
    assert _claimants(text) == ["Judge Berman", "Walter Minor"]


def test_a_titled_surname_takes_the_full_name_when_the_text_gives_one() -> None:
    text = "Judge Ann Berman heard the case in May. Judge Berman said the sentence was fair."
    assert _claimants(text) == ["Ann Berman"]


def test_he_can_mean_a_person_named_by_surname_alone_since_the_full_name() -> None:
    filler = "The town has a bakery and a mill by the river. " * 40  # the full name is far back
    text = (
        f"Walter Minor runs a bakery. {filler}Ann Lee said sales fell. "
        "The question is what Minor will do. He said that the shop would close."
    )
    assert _claimants(text) == ["Ann Lee", "Walter Minor"]


def test_a_share_of_people_as_a_poll_reports_it_names_a_speaker() -> None:
    assert names_a_speaker("six in 10")
    assert names_a_speaker("almost half")
    assert referent("about two-thirds of caucus attendees").kind == "name"
    assert not names_a_speaker("massive fiscal stimulus")


def test_a_party_wing_names_a_speaker() -> None:
    assert names_a_speaker("the party's liberal wing")


def test_a_mention_ending_in_and_he_is_that_pronoun() -> None:
    text = (
        "Walter Minor spoke in Dallas. He wants to fix the nation’s broken campaign finance system "
        "and he, once again, said that the plant would reopen."
    )
    sentences = segment(text)
    start, end = text.index("fix"), text.index(", said")
    junk = Span(start, end, text[start:end])  # a tagger's source: "fix ... and he, once again"
    attributions = [
        replace(a, source=junk) if a.cue is not None and a.cue.text == "said" else a
        for a in find_attributions(text, fold(text), sentences)
    ]
    book = SourceBook()
    resolved = resolve_claimants(text, attributions, book, sentences)
    said = [i for a, (_, i) in zip(attributions, resolved, strict=True) if a.source == junk]
    assert [book.names[i[0]] for i in said] == ["Walter Minor"]


def test_in_particular_after_a_name_is_no_part_of_it() -> None:
    text = "progressives in particular"
    assert [m.name for m in split_mention(Span(0, len(text), text))] == ["progressives"]


def _credited(text: str, cue: str, source: str) -> list[str]:
    """The source names credited with the claims whose cue is ``cue`` when a tagger gave
    them the source span ``source``."""
    sentences = segment(text)
    start = text.index(source)
    span = Span(start, start + len(source), source)
    attributions = [
        replace(a, source=span) if a.cue is not None and a.cue.text == cue else a
        for a in find_attributions(text, fold(text), sentences)
    ]
    book = SourceBook()
    resolved = resolve_claimants(text, attributions, book, sentences)
    return [
        book.names[i[0]]
        for a, (_, i) in zip(attributions, resolved, strict=True)
        if a.cue is not None and a.cue.text == cue and i
    ]


def test_a_share_just_before_a_group_is_the_head_of_who_speaks() -> None:
    text = "About four in 10 Iowa Republicans said that taxes were too high."
    assert _credited(text, "said", "Iowa Republicans") == ["About four in 10 Iowa Republicans"]


def test_those_who_before_a_verb_phrase_is_the_head_of_who_speaks() -> None:
    text = "Those who back her rivals said that the race was over."
    assert _credited(text, "said", "back her rivals") == ["Those who back her rivals"]


def test_a_described_subject_before_the_cue_speaks_when_no_name_does() -> None:
    text = "The state officials whose laws were struck down say the courts have changed."
    assert _claimants(text) == ["The state officials whose laws were struck down"]


def test_a_conjunction_and_a_first_verb_are_no_part_of_the_subject() -> None:
    text = "But the Court of Appeals for the 6th Circuit overruled and said the law was fair."
    assert _claimants(text) == ["the Court of Appeals for the 6th Circuit"]


def test_a_clause_before_the_cue_is_no_subject() -> None:
    text = "Neither campaign would respond to the claims, the paper said."
    assert "Neither campaign would respond to the claims" not in _claimants(text)


def test_a_participial_opener_speaks_through_the_subject_after_it() -> None:
    text = "Having announced that he would not send me to prison, Judge Berman turned to the fine."
    assert _credited(text, "announced", "Having") == ["Judge Berman"]
