"""Fold-, case- and whitespace-insensitive search that returns offsets into the original text."""

from __future__ import annotations

from service.pipeline.normalise import fold


def _key(text: str) -> tuple[str, list[int]]:
    """Return the matching key of ``text`` and, per key character, its index in ``text``."""
    chars: list[str] = []
    index: list[int] = []
    folded = fold(text)
    for i, c in enumerate(folded):
        if c.isspace():
            # A whitespace run counts as one space, so line breaks and double
            # spaces in the article do not defeat a quote the model wrote on one line.
            if chars and chars[-1] == " ":
                continue
            chars.append(" ")
        else:
            low = c.lower()
            # Only 1:1 lowercasings, so each key character maps to one text character.
            chars.append(low if len(low) == 1 else c)
        index.append(i)
    return "".join(chars), index


def clean_needle(needle: str) -> str:
    """Return ``needle`` as it is compared: folded, stripped of spaces and wrapping quotes."""
    return fold(needle).strip().strip("\"'").strip()


def find(
    haystack: str, needle: str, start: int = 0, end: int | None = None
) -> tuple[int, int] | None:
    """Return the [start, end) offsets of the first match of ``needle`` in the given range."""
    stop = len(haystack) if end is None else end
    hay, index = _key(haystack[start:stop])
    # As given first (a quote may end on a quote mark), then without the quote
    # marks models like to wrap quotes in.
    for candidate in dict.fromkeys((needle.strip(), clean_needle(needle))):
        wanted, _ = _key(candidate)
        at = hay.find(wanted) if wanted else -1
        if at >= 0:
            return start + index[at], start + index[at + len(wanted) - 1] + 1
    return None


def find_all(haystack: str, needle: str) -> list[tuple[int, int]]:
    """Return every non-overlapping match of ``needle`` in ``haystack``."""
    found: list[tuple[int, int]] = []
    pos = 0
    while (hit := find(haystack, needle, pos)) is not None:
        found.append(hit)
        pos = hit[1]
    return found


def contains(haystack: str, needle: str) -> bool:
    """Return True when ``needle`` occurs in ``haystack`` under the matching fold."""
    return find(haystack, needle) is not None
