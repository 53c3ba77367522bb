"""The page model: runs that rebuild the text, one highlight per claim, marks where they belong."""

from __future__ import annotations

import re

from markupsafe import Markup

from schemas.factsheet import FactSheet
from service.review.article import article_html
from service.review.render import STATUSES, pieces, review, runs, sentence_spans
from tests.review.conftest import sheet_of


def test_runs_rebuild_the_article_text_exactly(seed_sheet: FactSheet) -> None:
    parts = runs(seed_sheet)

    assert "".join(run.text for run in parts) == seed_sheet.article.text
    assert all(seed_sheet.article.text[r.start : r.end] == r.text for r in parts)


def test_every_claim_of_the_seed_gets_exactly_one_highlight_start(seed_sheet: FactSheet) -> None:
    firsts = [p.claim.id for p in pieces(seed_sheet) if p.claim is not None and p.first]

    assert sorted(firsts) == sorted(c.id for c in seed_sheet.claims)
    assert len(firsts) == len(set(firsts))


def test_a_claim_nested_in_another_keeps_its_own_highlight(seed_sheet: FactSheet) -> None:
    # The rules give one claim per attribution, but a model's Draft may nest one claim in
    # another: a second claim on the inner half of the first one's content.
    outer = seed_sheet.claims[0]
    half = (outer.content.start + outer.content.end) // 2
    inner_span = outer.content.model_copy(
        update={"start": half, "text": seed_sheet.article.text[half : outer.content.end]}
    )
    inner = outer.model_copy(update={"id": "c99", "content": inner_span})
    sheet = seed_sheet.model_copy(update={"claims": [*seed_sheet.claims, inner]})
    spans = {c.id: (c.content.start, c.content.end) for c in sheet.claims}
    nested = [
        (a, b)
        for a in spans
        for b in spans
        if a != b and spans[a][0] <= spans[b][0] and spans[b][1] <= spans[a][1]
    ]
    firsts = {p.claim.id for p in pieces(sheet) if p.claim is not None and p.first}

    assert nested, "the article must give one claim inside another's content"
    assert firsts == {c.id for c in sheet.claims}


def test_highlight_pieces_hold_only_their_claims_content(seed_sheet: FactSheet) -> None:
    for piece in pieces(seed_sheet):
        if piece.claim is None:
            continue
        start, end = piece.runs[0].start, piece.runs[-1].end
        assert piece.claim.content.start <= start and end <= piece.claim.content.end


def test_cue_claimant_and_removed_debris_are_marked_on_their_runs(seed_sheet: FactSheet) -> None:
    parts = runs(seed_sheet)
    c1 = seed_sheet.claims[0]
    assert c1.cue is not None and c1.claimant is not None

    cue_text = "".join(r.text for r in parts if c1.id in r.cue_of)
    claimant_text = "".join(r.text for r in parts if c1.id in r.claimant_of)
    removed = [r for r in parts if r.removed is not None]

    assert cue_text == c1.cue.text
    assert claimant_text == c1.claimant.text
    assert {r.removed for r in removed} == {d.kind for d in seed_sheet.article.removed}
    assert sum(r.removed_start for r in removed) == len(seed_sheet.article.removed)


def test_sentence_ids_agree_with_the_evidence_offsets(seed_sheet: FactSheet) -> None:
    spans = sentence_spans(seed_sheet)
    for claim in seed_sheet.claims:
        for evidence in claim.evidence:
            assert spans[evidence.sentence_id] == (evidence.start, evidence.end)
    summary_ids = {sid for line in seed_sheet.summary for sid in line.support}
    assert summary_ids <= set(spans)


def test_counts_cover_every_status_and_add_up(seed_sheet: FactSheet) -> None:
    model = review(seed_sheet)

    assert tuple(model.counts) == STATUSES
    assert sum(model.counts.values()) == len(seed_sheet.claims)
    assert [v.claim.id for v in model.unverified] == [u.claim_id for u in seed_sheet.unverified]


def test_article_markup_escapes_markup_in_the_article() -> None:
    hostile = (
        'Mayor Ann Lee said <script>window.__pwned = 1</script> the <img src=x onerror="x()"> '
        "bridge fell & more."
    )
    sheet = sheet_of(hostile)

    html = article_html(review(sheet).pieces)

    assert isinstance(html, Markup)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&amp; more" in html
    assert set(re.findall(r"<(\w+)", html)) <= {"mark", "span", "strong", "del"}


def test_article_markup_shows_exactly_the_article_text_besides_labels(
    seed_sheet: FactSheet,
) -> None:
    import html as std_html

    markup = str(article_html(review(seed_sheet).pieces))
    labels = re.compile(r'<span class="(?:sid|tag|removed-tag)"[^>]*>[^<]*</span>')
    text = std_html.unescape(re.sub(r"<[^>]+>", "", labels.sub("", markup)))

    assert text == seed_sheet.article.text
    for sid in sentence_spans(seed_sheet):
        assert markup.count(f'id="sent-{sid}"') == 1
    assert not re.search(r'<mark[^>]*><span class="tag">[^<]*</span><span class="sid"', markup)


def test_a_claim_with_the_same_span_as_another_still_gets_one_highlight(
    seed_sheet: FactSheet,
) -> None:
    twin = seed_sheet.claims[1].model_copy(update={"id": "c99", "status": "disputed"})
    sheet = seed_sheet.model_copy(update={"claims": [*seed_sheet.claims, twin]})

    model = review(sheet)
    firsts = [p.claim.id for p in model.pieces if p.claim is not None and p.first]
    markup = str(article_html(model.pieces))

    assert sorted(firsts) == sorted(c.id for c in sheet.claims)
    assert markup.count('id="hl-c99"') == 1 and "c99 disputed" in markup
    assert markup.index('id="hl-c99"') < markup.index(twin.content.text[:30])
