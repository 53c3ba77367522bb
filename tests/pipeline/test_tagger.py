"""The attribution tagger: tokens and features, BIO runs, grouping into relations, the
shipped model, and its merge with the rules."""

from __future__ import annotations

from service.pipeline import tagger as tg
from service.pipeline import tagger_features as tf
from service.pipeline.cues import find_attributions, find_tagged_attributions
from service.pipeline.merge import merge
from service.pipeline.normalise import fold
from service.pipeline.segment import segment
from service.pipeline.types import Attribution, Span


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), part)


def test_tokenize_keeps_offsets_and_inner_apostrophes() -> None:
    text = 'He said: "We don\'t know."'
    tokens = tf.tokenize(text, 0, len(text))
    assert [t.text for t in tokens] == ["He", "said", ":", '"', "We", "don't", "know", ".", '"']
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_shape_collapses_runs() -> None:
    assert [tf.shape(w) for w in ("Trump", "U.S.", "2016", "said")] == ["Xx", "X.X.", "d", "x"]


def test_features_mark_lexicon_quotes_and_rule_roles() -> None:
    text = 'Smith said "it is over" today.'
    sentences = segment(text)
    tokens = tf.tokenize(text, 0, len(text))
    rule = Attribution(_span(text, '"it is over"'), _span(text, "said"), _span(text, "Smith"), ())
    feats = tf.features(tokens, text, sentences, tf.rule_roles(tokens, [rule]))
    said, it = feats[1], feats[3]
    assert "lex" in said and "r=cue" in said and "w=said" in said
    assert "q=1" in it and "r=content" in it and "lb=1" in it
    assert "r=source" in feats[0] and "first" in feats[0]


def test_runs_read_bio_labels_and_open_on_a_stray_inside() -> None:
    labels = ["B-SRC", "I-SRC", "B-CUE", "I-CON", "I-CON", "O", "B-CON", "B-CON"]
    assert tg.runs(labels) == [
        tg.Tagged("source", 0, 2),
        tg.Tagged("cue", 2, 3),
        tg.Tagged("content", 3, 5),
        tg.Tagged("content", 6, 7),
        tg.Tagged("content", 7, 8),
    ]


def test_relations_join_a_colon_quote_to_its_cue_and_source() -> None:
    text = 'Trump wrote: "The deal is dead."'
    norm = fold(text)
    [para] = tg.paragraphs(norm, segment(text))
    tokens = tg.paragraph_tokens(norm, para)
    labels = ["B-SRC", "B-CUE", "O", "B-CON", "I-CON", "I-CON", "I-CON", "I-CON", "I-CON", "I-CON"]
    [a] = tg.relations(text, para, tokens, labels)
    assert (a.source and a.source.text, a.cue and a.cue.text) == ("Trump", "wrote")
    assert a.content.text == '"The deal is dead."'
    assert a.sentence_ids == (para[0].id,)


def test_relations_drop_a_cue_without_content() -> None:
    text = "Trump wrote a book."
    norm = fold(text)
    [para] = tg.paragraphs(norm, segment(text))
    tokens = tg.paragraph_tokens(norm, para)
    assert tg.relations(text, para, tokens, ["B-SRC", "B-CUE", "O", "O", "O"]) == []


def test_merge_keeps_the_rules_and_adds_only_untouched_tagged_relations() -> None:
    text = "Smith said A is true. Jones believes B is false."
    rule = Attribution(_span(text, "A is true"), _span(text, "said"), _span(text, "Smith"), ())
    clash = Attribution(_span(text, "A is true."), _span(text, "Smith said"), None, ())
    new = Attribution(_span(text, "B is false"), _span(text, "believes"), _span(text, "Jones"), ())
    assert merge([rule], [new, clash]) == [rule, new]


def test_merge_puts_an_added_relation_in_reading_order() -> None:
    text = "Jones believes B is false. Smith said A is true."
    rule = Attribution(_span(text, "A is true"), _span(text, "said"), _span(text, "Smith"), ())
    new = Attribution(_span(text, "B is false"), _span(text, "believes"), _span(text, "Jones"), ())
    assert merge([rule], [new]) == [new, rule]


def test_shipped_model_loads_and_tags_deterministically() -> None:
    text = (
        'The senator wrote on Twitter: "This bill is a disaster for farmers." '
        "Officials believe the plan will fail, according to a report."
    )
    norm = fold(text)
    sentences = segment(text)
    rules = find_attributions(text, norm, sentences)
    feats = [f for _, _, f in tg.sequences(norm, sentences, rules)]
    first = [tg.load().tag(f) for f in feats]
    again = [tg.load().tag(f) for f in feats]
    assert first == again
    assert {label for labels in first for label in labels} <= {
        "O",
        "B-SRC",
        "I-SRC",
        "B-CUE",
        "I-CUE",
        "B-CON",
        "I-CON",
    }
    assert find_tagged_attributions(text, norm, sentences) == find_tagged_attributions(
        text, norm, sentences
    )


def test_tagged_relations_point_at_the_article_text() -> None:
    text = 'Records show the company paid no tax. The mayor tweeted: "We will rebuild."'
    relations = find_tagged_attributions(text, fold(text), segment(text))
    assert relations  # the check below is not vacuous
    for a in relations:
        for span in (a.content, a.cue, a.source):
            assert span is None or text[span.start : span.end] == span.text


def test_tagger_adds_a_relation_whose_cue_the_lexicon_lacks() -> None:
    text = "The senator knows that the bill will never pass the House."
    norm, sentences = fold(text), segment(text)
    assert find_attributions(text, norm, sentences) == []
    [a] = find_tagged_attributions(text, norm, sentences)
    assert (a.source and a.source.text, a.cue and a.cue.text) == ("The senator", "knows")
    assert a.content.text == "that the bill will never pass the House"


def test_rules_relation_is_kept_as_is_when_the_tagger_also_finds_it() -> None:
    text = 'Trump tweeted: "The election is rigged against us and everyone knows it."'
    norm, sentences = fold(text), segment(text)
    assert find_tagged_attributions(text, norm, sentences) == find_attributions(
        text, norm, sentences
    )


def test_a_tagged_relation_needs_a_source_that_names_someone() -> None:
    text = "His reply said the judge was wrong. Smith said the judge was wrong."
    content, cue = _span(text, "the judge was wrong"), _span(text, "said")
    assert tg.has_speaker(Attribution(content, cue, _span(text, "Smith"), ()))
    assert not tg.has_speaker(Attribution(content, cue, _span(text, "His"), ()))
    assert not tg.has_speaker(Attribution(content, cue, None, ()))
