"""Crashes the fuzzers found in code these tests do not own; tracked in test_known_bugs.py.

The property tests set these aside (hypothesis `reject`) so they keep searching for new
bugs; the strict xfails in test_known_bugs.py fail once a fix lands, and then this list
should shrink with them.
"""

from __future__ import annotations

import traceback

# lxml's ValueErrors out of ingest's lxml fallback (service/pipeline/ingest.py `_lxml_text`).
_LXML_MESSAGES = (
    "All strings must be XML compatible",
    "Invalid tag name",
    "Input object is not an XML element",
)


def is_known_ingest_crash(exc: BaseException) -> bool:
    """True for an exception of one of the known ingest crashes on HTML input."""
    if isinstance(exc, ValueError):
        return any(message in str(exc) for message in _LXML_MESSAGES)
    if isinstance(exc, AssertionError):
        # htmldate (inside trafilatura) calls drop_tree() on the root of an <svg>/<math> page.
        frames = traceback.extract_tb(exc.__traceback__)
        return bool(frames) and frames[-1].filename.endswith("lxml/html/__init__.py")
    return False
