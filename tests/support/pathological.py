"""Adversarial article generators: repeated cues, quotes, speakers, hedges, markup.

Shared by `bench/pathological.py` (time per KB of each stage) and the linear-time tests
(tests/pipeline/test_linear_time.py). Every generator takes a size in characters and
returns exactly that much text (HTML: markup included).
"""

from __future__ import annotations

from collections.abc import Callable

Generator = Callable[[int], str]


def _fill(unit: str, size: int) -> str:
    """``unit`` repeated to exactly ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def _numbered(template: str, size: int) -> str:
    """``template`` with {i} numbered 1, 2, ... until the text reaches ``size`` characters."""
    parts: list[str] = []
    total, i = 0, 0
    while total < size:
        i += 1
        piece = template.format(i=i, w=_word(i))
        parts.append(piece)
        total += len(piece)
    return "".join(parts)[:size]


def _word(i: int) -> str:
    """A distinct capitalised pseudo-name per number (letters only: names have no digits)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        out = letters[i % 26] + out
        i //= 26
        if not i:
            break
    return "Q" + out


# Every generator takes the size in characters and returns exactly that much text.
INPUTS: dict[str, Generator] = {
    # The repros of issue 12: one sentence of speech verbs; nested and unclosed quotes.
    "said_repeated": lambda n: _fill("said ", n),
    "said_sentence": lambda n: "Officials " + _fill("said that officials ", n - 11) + ".",
    "nested_quotes": lambda n: _fill('He said "she said ', n),
    "unclosed_quotes": lambda n: _fill('"Officials said the plan works, ', n),
    "doubled_apostrophes": lambda n: _fill("''He told reporters, ", n),
    "according_to": lambda n: _fill("according to officials, ", n),
    "told_said_mix": lambda n: _fill('"Yes," Smith told reporters, saying that ', n),
    # Length without punctuation: one 100 KB sentence of plain words.
    "one_long_sentence": lambda n: _fill("the quick brown fox jumps over the lazy dog ", n),
    # Many short units: sentences, paragraphs, headlines, distinct speakers.
    "tiny_sentences": lambda n: _fill("Go. ", n),
    "distinct_speakers": lambda n: _numbered("{w} said it works. ", n),
    "one_speaker_often": lambda n: _fill("Bill Clinton said no. Clinton agreed. ", n),
    "headline_speakers": lambda n: _numbered("{w}: we will win the vote.\n", n),
    "newlines": lambda n: _fill("\n", n - 1) + "x",
    "short_lines": lambda n: _fill("a said b\n", n),
    "crlf_paragraphs": lambda n: _fill("Smith said so.\r\n\r\n", n),
    # Tokeniser corner cases.
    "abbreviations": lambda n: _fill("Mr. Dr. U.S. Sen. Gov. Jr. a.m. ", n),
    "ellipses": lambda n: _fill("“He said… maybe… ", n),
    "zero_width": lambda n: _fill("alleg\u200bedly said\u200b ", n),
    "hedges_everywhere": lambda n: _fill("allegedly reportedly could may ", n),
    "commas_only": lambda n: _fill(", ", n),
    "colons": lambda n: _fill("A: B: ", n),
    "unicode_quotes": lambda n: _fill("“‘«said ", n),
    # HTML: many elements hidden from the reader, and many tiny visible blocks.
    "html_hidden_divs": lambda n: _html(_numbered("<div hidden>hidden words {w} here</div>", n)),
    "html_tiny_blocks": lambda n: _html(_numbered("<p>{w} said it.</p>", n)),
}


def _html(body: str) -> str:
    """A page with one real paragraph around ``body`` (the size counts the markup)."""
    return (
        "<html><head><title>Bench</title></head><body><article>"
        "<p>The mayor said the bridge would reopen in May, officials said.</p>"
        f"{body}</article></body></html>"
    )
