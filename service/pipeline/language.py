"""Language detection with py3langid, restricted to ISO 639-1 codes.

Policy (the contract's ``article.language`` is an ISO 639-1 code):

- text with fewer than ``MIN_LETTERS`` letters returns ``DEFAULT_LANGUAGE`` ("en"):
  a headline-sized snippet gives the classifier too little to go on, and the
  pipeline's cues are English, so English is the honest default;
- a guess below ``MIN_CONFIDENCE`` (py3langid's normalised probability) also
  returns ``DEFAULT_LANGUAGE``, for the same reason;
- otherwise the code py3langid gives, chosen only among its two-letter labels so
  that a three-letter ISO 639-3 label (e.g. "fuv") can never leak into the contract.

Only the first ``SAMPLE_CHARS`` characters are classified: the language of a news
article is settled well before that, and it keeps detection under a millisecond.
"""

from __future__ import annotations

import threading
from typing import Any

DEFAULT_LANGUAGE = "en"
MIN_LETTERS = 20
MIN_CONFIDENCE = 0.5
SAMPLE_CHARS = 4000

_lock = threading.Lock()
_identifier: Any = None


def _get_identifier() -> Any:
    """Load the model once (about 0.4 s), on first use rather than at import."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                # Restrict before publishing: set_languages mutates the identifier.
                ident.set_languages([c for c in ident.labels if len(c) == 2])
                _identifier = ident
    return _identifier


def detect_language(text: str) -> str:
    """Return the ISO 639-1 code of ``text``'s language ("en" when too short or unsure)."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return DEFAULT_LANGUAGE
    code, confidence = _get_identifier().classify(sample)
    if confidence < MIN_CONFIDENCE:
        return DEFAULT_LANGUAGE
    return str(code)
