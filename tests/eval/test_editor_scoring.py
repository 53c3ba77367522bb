"""The editor-gold scorer on small hand-made gold files and predictions (fixtures)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from service.cli.main import app
from service.eval.editor import (
    EditorDoc,
    PredictedClaim,
    bounded,
    check_floors,
    format_table,
    load_dir,
    parse_doc,
    score,
)

TEXT = (
    "Smith said that taxes rose. Officials said the plant closed. "
    "The mayor denied that the plant closed. The report was out."
)
#       0         1         2         3         4         5
#       012345678901234567890123456789012345678901234567890123456789


def _span(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


GOLD: dict[str, Any] = {
    "article": "doc.txt",
    "ann": "doc_x.ann",
    "sources": [
        {"id": "smith", "name": "John Smith", "type": "person", "aliases": ["Smith"]},
        {"id": "officials", "name": "Officials", "type": "anonymous", "aliases": ["Officials"]},
        {"id": "mayor", "name": "Mayor Jones", "type": "person", "aliases": ["the mayor"]},
    ],
    "attributions": [
        {
            "rel": "E1",
            "content": list(_span("that taxes rose")),
            "claimant": "smith",
            "status": "attributed",
            "editor_claim": True,
        },
        {
            "rel": "E2",
            "content": list(_span("the plant closed")),
            "claimant": "officials",
            "status": "disputed",
            "editor_claim": True,
        },
        {
            "rel": "E3",
            "content": list(_span("that the plant closed")),
            "claimant": "mayor",
            "status": "attributed",
            "editor_claim": False,
        },
    ],
}
DOC = parse_doc(GOLD, TEXT)


def _pred(
    needle: str, claimant: str | None, status: str, source_type: str | None = "person"
) -> PredictedClaim:
    return PredictedClaim(_span(needle), claimant, source_type, status)


ALL_RIGHT = [
    _pred("that taxes rose", "smith", "attributed"),
    _pred("the plant closed", "Officials", "disputed", "anonymous"),
    _pred("that the plant closed", "Mayor Jones", "attributed"),
]


def test_perfect_predictions_score_one_everywhere() -> None:
    s = score([DOC], [ALL_RIGHT])
    assert len(s.pairs) == 3
    assert s.claimant_accuracy == 1.0
    assert s.status_accuracy == 1.0
    assert s.over_trust_rate == 0.0
    assert s.false_corroborated == 0
    assert s.editor_recall == 1.0
    assert s.well_bounded == 1.0
    assert s.source_type_accuracy == 1.0
    assert s.fully_right_precision == 1.0
    assert s.fully_right_recall == 1.0


def test_claimant_matches_name_or_alias_case_insensitively_and_nothing_else() -> None:
    preds = [
        _pred("that taxes rose", "SMITH", "attributed"),
        _pred("the plant closed", "the officials", "disputed", "anonymous"),
        _pred("that the plant closed", None, "attributed"),
    ]
    s = score([DOC], [preds])
    assert {p.gold.rel: p.claimant_ok for p in s.pairs} == {"E1": True, "E2": False, "E3": False}
    assert s.claimant_accuracy == pytest.approx(1 / 3)


def test_null_gold_claimant_is_right_only_when_predicted_null() -> None:
    gold = dict(GOLD, attributions=[dict(GOLD["attributions"][0], claimant=None)])
    doc = parse_doc(gold, TEXT)
    assert score([doc], [[_pred("that taxes rose", None, "attributed")]]).claimant_accuracy == 1
    assert score([doc], [[_pred("that taxes rose", "Smith", "attributed")]]).claimant_accuracy == 0


def test_over_trust_counts_untrusted_gold_given_attributed_or_corroborated() -> None:
    preds = [ALL_RIGHT[0], _pred("the plant closed", "Officials", "attributed"), ALL_RIGHT[2]]
    s = score([DOC], [preds])
    assert s.over_trust_rate == 1.0
    assert s.status_accuracy == pytest.approx(2 / 3)
    preds[1] = _pred("the plant closed", "Officials", "unverified")
    assert score([DOC], [preds]).over_trust_rate == 0.0


def test_false_corroborated_counts_corroborated_where_gold_is_not() -> None:
    preds = [_pred("that taxes rose", "Smith", "corroborated"), *ALL_RIGHT[1:]]
    s = score([DOC], [preds])
    assert (s.false_corroborated, s.predicted_corroborated) == (1, 1)
    assert "1 of 1" in format_table(s)


def test_editor_recall_counts_only_editor_claims() -> None:
    s = score([DOC], [[ALL_RIGHT[2]]])  # only the non-editor claim is found
    assert s.editor_recall == 0.0
    s = score([DOC], [[ALL_RIGHT[0]]])
    assert s.editor_recall == 0.5


def test_bounded_needs_each_span_half_inside_the_other() -> None:
    assert bounded((0, 10), (0, 10))
    assert bounded((0, 10), (0, 19))
    assert not bounded((0, 10), (0, 21))  # gold mostly outside the prediction
    assert not bounded((0, 30), (5, 10))  # prediction mostly outside the gold
    assert not bounded((0, 5), (5, 10))


def test_badly_bounded_claim_is_not_fully_right() -> None:
    long = PredictedClaim((0, 40), "Smith", "person", "attributed")  # runs into sentence 2
    s = score([DOC], [[long]])
    assert s.pairs[0].claimant_ok and s.pairs[0].status_ok
    assert s.well_bounded == 0.0
    assert s.fully_right_precision == 0.0


def test_source_type_compared_where_both_claimants_are_named() -> None:
    preds = [
        _pred("that taxes rose", "Smith", "attributed", "organization"),
        _pred("the plant closed", "Officials", "disputed", "anonymous"),
        _pred("that the plant closed", None, "attributed", None),
    ]
    s = score([DOC], [preds])
    assert len(s.typed_pairs) == 2
    assert s.source_type_accuracy == 0.5


def test_lenient_claimant_accepts_names_that_contain_an_alias() -> None:
    preds = [_pred("that taxes rose", "Rival John Smith", "attributed"), *ALL_RIGHT[1:]]
    s = score([DOC], [preds])
    assert s.claimant_accuracy == pytest.approx(2 / 3)
    assert s.claimant_accuracy_lenient == 1.0
    assert s.fully_right_precision == pytest.approx(2 / 3)
    assert s.fully_right_precision_lenient == 1.0


def test_fully_right_precision_counts_unmatched_predictions() -> None:
    extra = _pred("The report was out", "Smith", "attributed")
    s = score([DOC], [[*ALL_RIGHT, extra]])
    assert s.fully_right_precision == 0.75
    assert s.fully_right_recall == 1.0


def test_matching_is_one_to_one() -> None:
    s = score([DOC], [[ALL_RIGHT[0], ALL_RIGHT[0]]])
    assert len(s.pairs) == 1


def test_floors_fail_below_minimum_and_above_ceiling() -> None:
    preds = [ALL_RIGHT[0], _pred("the plant closed", "Officials", "corroborated")]
    s = score([DOC], [preds])
    assert check_floors(s, "claimant_accuracy = 0.9\nover_trust_rate = 0.5") == [
        "over_trust_rate 1.000 > ceiling 0.5"
    ]
    failures = check_floors(s, "false_corroborated = 0\neditor_recall = 1.0")
    assert len(failures) == 1 and failures[0].startswith("false_corroborated")
    with pytest.raises(ValueError, match="unknown measure"):
        check_floors(s, "claimant = 1")


def test_unknown_claimant_id_is_rejected() -> None:
    gold = dict(GOLD, attributions=[dict(GOLD["attributions"][0], claimant="nobody")])
    with pytest.raises(ValueError, match="unknown source"):
        parse_doc(gold, TEXT)


def _write_split(tmp_path: Path) -> Path:
    (tmp_path / "polnear" / "dev" / "text").mkdir(parents=True)
    (tmp_path / "polnear" / "dev" / "text" / "doc.txt").write_bytes(TEXT.encode())
    gold_dir = tmp_path / "editor-gold" / "dev"
    gold_dir.mkdir(parents=True)
    (gold_dir / "doc.editor.yaml").write_text(yaml.safe_dump(GOLD), encoding="utf-8")
    return gold_dir


def test_load_dir_finds_the_article_in_the_sibling_polnear_split(tmp_path: Path) -> None:
    docs = load_dir(_write_split(tmp_path))
    assert [d.name for d in docs] == ["doc.txt"]
    assert isinstance(docs[0], EditorDoc)
    assert docs[0].text == TEXT
    assert docs[0].claims[0].content == _span("that taxes rose")


def test_cli_prints_the_table_and_fails_below_floors(tmp_path: Path) -> None:
    gold_dir = _write_split(tmp_path)
    runner = CliRunner()
    ok = runner.invoke(app, ["eval", "editor", str(gold_dir)])
    assert ok.exit_code == 0, ok.output
    assert "claimant accuracy" in ok.output
    floors = tmp_path / "floors.toml"
    floors.write_text("editor_recall = 1.01\n", encoding="utf-8")
    failed = runner.invoke(app, ["eval", "editor", str(gold_dir), "--floors", str(floors)])
    assert failed.exit_code == 1
    assert "editor_recall" in failed.output


def test_status_accuracy_where_claimant_is_right_ignores_pairs_with_a_wrong_claimant() -> None:
    preds = [
        _pred("that taxes rose", "Smith", "unverified"),
        _pred("the plant closed", "Nobody", "attributed"),
        ALL_RIGHT[2],
    ]
    s = score([DOC], [preds])
    assert s.status_accuracy_claimant_right == pytest.approx(1 / 2)
    assert "status accuracy where claimant is right" in format_table(s)
