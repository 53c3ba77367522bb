"""Length-preserving typographic fold, so offsets in the fold are offsets in the text."""

from __future__ import annotations

# Each entry maps one character to exactly one character: the fold never changes
# the length, so a match found in the fold is a span of the original text.
_FOLD = str.maketrans(
    {
        "\u2018": "'",  # left single quote
        "\u2019": "'",  # right single quote / apostrophe
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',  # left double quote
        "\u201d": '"',  # right double quote
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u3000": " ",
        "\t": " ",
        "\r": " ",
        # Cyrillic and Greek letters that look Latin: a look-alike inside "allegedly"
        # must not hide the hedge from the cues.
        "\u0430": "a",
        "\u0435": "e",
        "\u043e": "o",
        "\u0440": "p",
        "\u0441": "c",
        "\u0443": "y",
        "\u0445": "x",
        "\u0456": "i",
        "\u0455": "s",
        "\u0458": "j",
        "\u0410": "A",
        "\u0415": "E",
        "\u041e": "O",
        "\u0420": "P",
        "\u0421": "C",
        "\u0425": "X",
        "\u0406": "I",
        "\u03bf": "o",
        "\u039f": "O",
        "\u2028": "\n",
        "\u2029": "\n",
    }
)


def fold(text: str) -> str:
    """Return ``text`` with quotes, dashes and odd spaces folded; same length, same offsets."""
    return text.translate(_FOLD)
