"""Source types read from the name itself (service/engines/extractive/source_types.py)."""

from __future__ import annotations

import pytest

from service.engines.extractive.source_types import head_of, source_type


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Mike Shields, the group's president", "person"),
        ("Ben Sasse (R-Neb.), a member of the Homeland Security Committee", "person"),
        ("retired Air Force general Lloyd Newton", "person"),
        ("Hillary Clinton's campaign manager Robby Mook", "person"),
        ("Marc E. Elias", "person"),
        ("the judge", "person"),
        ("GOP nominee", "person"),
        ("CNN's Jake Tapper", "person"),
        ("his father", "person"),
        ("her senior policy adviser, Jake Sullivan", "person"),
        ("NBC reporter", "person"),
        ("Breitbart News’ Michael Patrick Leahy", "person"),
    ],
)
def test_a_person_is_typed_by_the_name_not_the_appositive(name: str, kind: str) -> None:
    assert source_type(name) == kind


@pytest.mark.parametrize(
    "name",
    [
        "officials familiar with the matter",
        "a senior aide",
        "some Republicans",
        "critics",
        "Political observers in Virginia and around the country",
        "a longtime GOP data expert who has worked for one of Trump's 2016 rivals",
        "half of GOP primary voters",
        "a wide array of economists",
        "authorities",
        "a federal judge",
        "Several former RT journalists",
        "His aides",
        "someone",
        "the left",
        "the party's liberal wing",
    ],
)
def test_unnamed_people_and_groups_are_anonymous(name: str) -> None:
    assert source_type(name) == "anonymous"


@pytest.mark.parametrize(
    "name",
    [
        "Pfizer",
        "Facebook",
        "the Sanders campaign",
        "Trump's campaign",
        "NATO",
        "Commission on Presidential Debates",
    ],
)
def test_companies_and_campaigns_are_organizations(name: str) -> None:
    assert source_type(name) == "organization"


@pytest.mark.parametrize(
    "name",
    [
        "Vox",
        "USA TODAY",
        "The New York Post",
        "Post",
        "The Daily Beast",
        "LRT",
        "Ukrainian media",
        "Christian News Service",
    ],
)
def test_outlets_are_media(name: str) -> None:
    assert source_type(name) == "media"


@pytest.mark.parametrize(
    "name",
    [
        "the Justice Department",
        "Department of Veterans Affairs",
        "the White House",
        "Obama administration",
        "the United States",
        "appeals courts",
        "Ukrainian intelligence",
        "Federal Election Commission",
        "a 9-to-6 vote of the full U.S. Court of Appeals for the 5th Circuit",
    ],
)
def test_institutions_and_countries_are_government(name: str) -> None:
    assert source_type(name) == "government"


@pytest.mark.parametrize(
    "name",
    [
        "a Quinnipiac poll",
        "A New York Times/CBS News poll conducted last week",
        "Federal Election Commission filings",
        "records",
        "State Department Refugee Processing Center data",
        "Polls",
        "About four in 10",
        "about two-thirds of caucus attendees",
        "Only 52 percent of registered voters",
        "Seventy-four percent of Democratic registered voters",
        "Nearly three in four",
        "Morning Consult Poll",
    ],
)
def test_polls_filings_and_records_are_documents(name: str) -> None:
    assert source_type(name) == "document"


def test_a_class_noun_descriptor_types_a_bare_name() -> None:
    assert source_type("Blue-Yellow", "Lithuanian NGO") == "organization"
    assert source_type("Blue-Yellow") == "person"


def test_head_stops_at_appositive_clause_or_preposition() -> None:
    assert head_of("Isaac Boltansky, an analyst at Compass Point") == "Isaac Boltansky"
    assert head_of("people close to the campaign") == "people"
    assert head_of("Hillary Clinton") == "Hillary Clinton"


def test_nested_groups_do_not_recurse_without_bound() -> None:
    assert source_type("a group of " * 3000 + "people") == "anonymous"


def test_a_body_named_with_and_is_no_person() -> None:
    assert source_type("the Central and East European Coalition") == "organization"


def test_an_acronym_names_a_body_not_a_person() -> None:
    assert source_type("CNS") == "organization"


def test_a_quiz_is_a_document_and_a_panel_is_government() -> None:
    assert (source_type("a quiz"), source_type("an arbitration panel")) == (
        "document",
        "government",
    )
