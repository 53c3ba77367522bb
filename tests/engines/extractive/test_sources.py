"""Source splitting, typing, roles and merging."""

from __future__ import annotations

from service.engines.extractive.sources import SourceBook, classify, split_mention
from service.pipeline.types import Span


def _mentions(text: str) -> list[tuple[str, str, str | None]]:
    return [(m.name, m.type, m.role) for m in split_mention(Span(0, len(text), text))]


def test_led_by_gives_a_person_leading_an_organisation() -> None:
    got = _mentions("The Lithuanian NGO “Blue-Yellow” led by Jonas Oman")
    assert got[0] == ("Jonas Oman", "person", "leads the Lithuanian NGO “Blue-Yellow”")
    assert got[1] == ("Blue-Yellow", "organization", "Lithuanian NGO")


def test_and_splits_two_sources_and_keeps_the_title_as_role() -> None:
    got = _mentions("Ukrainian intelligence and President Volodymyr Zelensky")
    assert got == [
        ("Ukrainian intelligence", "government", None),
        ("Volodymyr Zelensky", "person", "President"),
    ]


def test_lower_case_descriptor_becomes_the_role() -> None:
    assert _mentions("Lithuanian public broadcaster LRT") == [
        ("LRT", "media", "Lithuanian public broadcaster")
    ]


def test_split_mentions_point_at_their_own_characters() -> None:
    text = "The Lithuanian NGO “Blue-Yellow” led by Jonas Oman"
    for mention in split_mention(Span(10, 10 + len(text), text)):
        assert text[mention.span.start - 10 : mention.span.end - 10] == mention.span.text


def test_types_follow_the_words_of_the_mention() -> None:
    assert classify("a source") == "anonymous"
    assert classify("officials familiar with the matter") == "anonymous"
    assert classify("The New York Post") == "media"
    assert classify("the Pentagon") == "government"
    assert classify("a Gallup poll") == "document"
    assert classify("Hillary Clinton") == "person"


def test_last_name_mention_merges_into_the_full_name() -> None:
    book = SourceBook()
    full = split_mention(Span(0, 10, "Jonas Oman"))[0]
    short = split_mention(Span(50, 54, "Oman"))[0]
    assert book.add(full) == book.add(short) == 0
    assert book.sources()[0].name == "Jonas Oman"
    assert [m.text for m in book.sources()[0].mentions] == ["Jonas Oman", "Oman"]


def test_other_mentions_are_found_in_the_body_only() -> None:
    text = "Jonas Oman said so. Later Oman added more. Oman"
    book = SourceBook()
    book.add(split_mention(Span(0, 10, "Jonas Oman"))[0])
    book.add_other_mentions(text, [(0, 42)])
    assert [m.start for m in book.sources()[0].mentions] == [0, 26]


def test_an_organisation_whose_name_holds_and_is_one_source() -> None:
    assert [m.name for m in split_mention(Span(0, 35, "Central and East European Coalition"))] == [
        "Central and East European Coalition"
    ]
