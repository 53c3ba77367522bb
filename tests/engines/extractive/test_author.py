"""The first-person author: "I said" in an essay credited to the author it names."""

from __future__ import annotations

from service.engines.extractive.author import first_person_author
from tests.engines.extractive.test_speakers import _claimants

_ESSAY = (
    "An excerpt from Jane Roe's new book, Lessons.\n\n"
    + "I went to court. I sat down. I waited. I listened. I stood. I spoke. I left. "
    + "I wrote it all down.\n\n"
    + "I said that the ruling was unfair."
)


def test_a_first_person_essay_names_its_author() -> None:
    assert first_person_author(_ESSAY) == "Jane Roe"


def test_i_in_quotes_does_not_make_an_article_first_person() -> None:
    quoted = "An excerpt from Jane Roe's new book.\n\n" + ' "I went," Tom said.' * 10
    assert first_person_author(quoted) is None


def test_i_said_is_the_author_of_a_first_person_essay() -> None:
    assert _claimants(_ESSAY)[-1] == "Jane Roe"
