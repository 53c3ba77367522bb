"""Who "I" is in a first-person article: the author the article itself names.

An essay, memoir excerpt or op-ed speaks in the first person outside quotation
marks; its "I said" is the author's. The author is read from the article alone
(a byline "By NAME", or "NAME's new book" near the top), and only when the
article is clearly first-person; otherwise "I" names no one.
"""

from __future__ import annotations

import re

# "I" as a word outside quotation marks, counted paragraph by paragraph.
_I = re.compile(r"(?<![\w'’])I(?![\w'’-])")
_QUOTE = re.compile(r"[\"“”]|''")
# At least this many first-person "I" outside quotes make an article first-person ...
FIRST_PERSON_MIN = 8
# ... and at least this share of all its "I".
FIRST_PERSON_SHARE = 0.5
# The byline and the introduction of an excerpt are in the article's first characters.
HEAD = 800
_NAME = r"(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+){1,2}?)"
_AUTHOR = (
    re.compile(rf"(?m)^\s*[Bb]y\s+{_NAME}\s*(?:$|,|\||\band\b)"),
    re.compile(
        rf"\b{_NAME}['’]s?\s+(?:(?:new|latest|forthcoming|bestselling|upcoming)\s+)*"
        r"(?:book|memoir|essay|op-ed|column)\b"
    ),
)


def _unquoted_share(text: str) -> tuple[int, int]:
    """How many "I" the text has outside quotation marks, and in all."""
    outside = total = 0
    for paragraph in text.split("\n"):
        open_quote = False
        cursor = 0
        for mark in [*_QUOTE.finditer(paragraph), None]:
            end = mark.start() if mark is not None else len(paragraph)
            found = len(_I.findall(paragraph, cursor, end))
            total += found
            outside += 0 if open_quote else found
            if mark is not None:
                open_quote = not open_quote
                cursor = mark.end()
    return outside, total


def first_person_author(text: str) -> str | None:
    """The author's name when the article speaks in the first person and names its
    author near the top; otherwise None."""
    if len(_I.findall(text)) < FIRST_PERSON_MIN:
        return None  # most articles: too few "I" to count them paragraph by paragraph
    outside, total = _unquoted_share(text)
    if outside < FIRST_PERSON_MIN or outside < FIRST_PERSON_SHARE * total:
        return None
    head = text[:HEAD]
    for pattern in _AUTHOR:
        if (found := pattern.search(head)) is not None:
            return re.sub(r"['’]s?$", "", found.group("name")).strip()
    return None
