"""Batch input parsing: every line becomes an article or an error naming its line."""

from __future__ import annotations

import json

from service.jobs.records import BadLine, Item, error_record, parse_body, record_head


def test_jsonl_body_keeps_line_numbers_across_blank_lines() -> None:
    body = b'{"id": "a", "text": "x"}\n\n{"id": "a", "text": "y"}\n{"id": "b"}\n'
    entries = parse_body(body)
    assert isinstance(entries[0], Item)
    assert [(e.line, e.id) for e in entries[1:] if isinstance(e, BadLine)] == [
        (3, "line:3"),
        (4, "line:4"),
    ]


def test_json_list_body_numbers_articles_from_one() -> None:
    entries = parse_body(json.dumps([{"id": "a", "html": "<p>x</p>"}, {"text": "no id"}]).encode())
    assert isinstance(entries[0], Item)
    assert isinstance(entries[1], BadLine) and entries[1].line == 2


def test_body_that_is_not_a_list_or_jsonl_is_one_bad_line() -> None:
    assert parse_body(b"[1, 2") == [BadLine(1, parse_body(b"[1, 2")[0].message)]  # type: ignore[union-attr]


def test_record_head_reads_ids_of_our_records_and_of_hand_written_ones() -> None:
    assert record_head(error_record('he said "no"', "X", "m")) == ('he said "no"', True)
    assert record_head(b'{"id":"a","factsheet":{}}\n') == ("a", False)
    assert record_head(b'{"id": "b", "error": {}}\n') == ("b", True)
    assert record_head(b'{"id":"c","fa') is None
