"""The cues stage: attribution relations and per-sentence signals, both deterministic."""

from __future__ import annotations

from collections.abc import Sequence

from service.pipeline.attribution import find_attributions
from service.pipeline.merge import merge
from service.pipeline.signals import find_signals
from service.pipeline.tagger import has_speaker, tag_attributions
from service.pipeline.types import Attribution, Sentence

__all__ = ["find_attributions", "find_signals", "find_tagged_attributions"]


def find_tagged_attributions(
    text: str, norm: str, sentences: Sequence[Sentence]
) -> list[Attribution]:
    """The rules' relations, with the trained tagger's added where the rules found none.

    Only tagged relations with a speaker are added: on editor gold train, a claim the tagger
    adds without a claimant (or with "his" as one) is more often wrong than right
    (docs/tagger.md has the figures).
    """
    rules = find_attributions(text, norm, sentences)
    tagged = tag_attributions(text, norm, sentences, rules)
    return merge(rules, [a for a in tagged if has_speaker(a)])
