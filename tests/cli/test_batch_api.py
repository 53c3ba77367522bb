"""`factsheet batch --via batch-api` end to end against a fake Files + Batches API on loopback.

The server (tests/support/fake_openai_batch.py) is a hand-written FIXTURE, not a recording:
it answers in the documented shapes of OpenAI's Files and Batches APIs, and its model
answers are built by tests/support/fake_llm.py (a grounded Draft for any article).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from service.cli.main import app
from service.config import get_settings
from service.engines.llm.batch_api import load_state, state_path
from tests.support.fake_llm import FakeLLM
from tests.support.fake_openai_batch import FakeBatchAPI, serving

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ARTICLES = {
    "kursk": (SEEDS / "kursk-north-korean-troops.txt").read_text(encoding="utf-8"),
    "dockers": (SEEDS / "dockers-strike-short.txt").read_text(encoding="utf-8"),
    "mayor": "The mayor said the bridge will close on Monday. Engineers found cracks.",
}


@pytest.fixture
def fake() -> FakeBatchAPI:
    llm = FakeLLM()

    async def answer(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return await llm.answer(json.dumps(body).encode())

    return FakeBatchAPI(answer=answer)


@pytest.fixture
def endpoint(fake: FakeBatchAPI, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with serving(fake.app()) as base_url:
        monkeypatch.setenv("FACTSHEET_LLM_BASE_URL", base_url)
        monkeypatch.setenv("FACTSHEET_LLM_API_KEY", "sk-fixture")
        monkeypatch.setenv("FACTSHEET_LLM_MODEL", "gpt-4o-mini")
        monkeypatch.setenv("FACTSHEET_LLM_HTTP_RETRIES", "0")
        monkeypatch.setenv("FACTSHEET_BATCH_API_POLL_S", "0.01")
        monkeypatch.setenv("FACTSHEET_CACHE", "false")
        yield base_url


def _input(tmp_path: Path, extra: list[str] | None = None) -> Path:
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": i, "text": t, "title": i.title()}) for i, t in ARTICLES.items()]
    source.write_text("\n".join(lines + (extra or [])) + "\n")
    return source


def _records(path: Path) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in map(json.loads, path.read_text().splitlines())}


def _batch(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["batch", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("env", "batches", "calls"),
    [
        pytest.param({}, 1, len(ARTICLES), id="one-batch"),
        # Two requests per input file: three articles need two batches.
        pytest.param({"FACTSHEET_BATCH_API_MAX_REQUESTS": "2"}, 2, len(ARTICLES), id="packed"),
        # A small context splits the long articles: several requests per article.
        pytest.param({"FACTSHEET_LLM_CONTEXT_TOKENS": "256"}, 1, None, id="chunked"),
    ],
)
def test_batch_api_records_equal_the_online_records_at_half_the_cost(
    tmp_path: Path,
    fake: FakeBatchAPI,
    endpoint: str,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    batches: int,
    calls: int | None,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    source = _input(tmp_path)
    online, batched = tmp_path / "online.jsonl", tmp_path / "batched.jsonl"

    assert _batch(str(source), "-o", str(online), "--engine", "llm")[0] == 0
    online_calls = fake.chat_calls
    code, output = _batch(str(source), "-o", str(batched), "--engine", "llm", "--via", "batch-api")

    assert code == 0, output
    assert fake.creates == batches
    assert fake.chat_calls == online_calls  # nothing went online on the batch run
    if calls is not None:
        assert online_calls == calls
    else:
        assert online_calls > len(ARTICLES)
    want, got = _records(online), _records(batched)
    assert got.keys() == want.keys() == ARTICLES.keys()
    for article_id in ARTICLES:
        a, b = want[article_id]["factsheet"], got[article_id]["factsheet"]
        assert b["engine"] == a["engine"] and b["engine"]["name"] == "llm"
        assert {k: v for k, v in b.items() if k != "usage"} == {
            k: v for k, v in a.items() if k != "usage"
        }
        for field in ("llm_calls", "prompt_tokens", "completion_tokens"):
            assert b["usage"][field] == a["usage"][field] > 0
        assert b["usage"]["cost_usd"] == pytest.approx(a["usage"]["cost_usd"] / 2)
    assert not state_path(batched).exists()  # finished: OUTPUT holds everything


def test_without_waiting_the_batch_id_is_kept_and_a_rerun_collects_the_same_batch(
    tmp_path: Path, fake: FakeBatchAPI, endpoint: str
) -> None:
    fake.polls_to_finish = 3
    source, out = _input(tmp_path), tmp_path / "out.jsonl"

    code, output = _batch(str(source), "-o", str(out), "--via", "batch-api", "--no-wait")

    assert code == 0, output
    assert "run the same command again" in output
    state = load_state(state_path(out))
    assert state is not None and state.submitted
    assert [b.id for b in state.batches] == list(fake.batches)
    assert not out.exists() or out.read_text() == ""

    code, output = _batch(str(source), "-o", str(out), "--via", "batch-api")

    assert code == 0, output
    assert fake.creates == 1  # resumed: polled the kept batch, paid for no new one
    assert set(_records(out)) == set(ARTICLES)
    assert not state_path(out).exists()


def test_failed_requests_are_redone_online_and_bad_lines_still_become_error_records(
    tmp_path: Path, fake: FakeBatchAPI, endpoint: str
) -> None:
    fake.fail_ids = {"dockers#0"}
    source, out = _input(tmp_path, ["{not json"]), tmp_path / "out.jsonl"

    code, output = _batch(str(source), "-o", str(out), "--via", "batch-api")

    records = _records(out)
    assert code == 1, output  # the bad line
    assert records["line:4"]["error"]["type"] == "bad-input-line"
    assert all("factsheet" in records[i] for i in ARTICLES)
    assert fake.chat_calls == 1  # only the failed article went online
    assert records["dockers"]["factsheet"]["usage"]["cost_usd"] > 0


def test_without_online_fallback_failed_requests_are_error_records_naming_the_cause(
    tmp_path: Path, fake: FakeBatchAPI, endpoint: str
) -> None:
    fake.fail_ids = {"mayor#0"}
    source, out = _input(tmp_path), tmp_path / "out.jsonl"

    code, _ = _batch(str(source), "-o", str(out), "--via", "batch-api", "--no-online-fallback")

    records = _records(out)
    assert code == 1
    assert fake.chat_calls == 0
    error = records["mayor"]["error"]
    assert error["type"] == "batch-request-failed"
    assert "HTTP 500: fake server error" in error["message"]
    assert "factsheet" in records["kursk"] and "factsheet" in records["dockers"]


def test_an_expired_batch_keeps_its_answers_and_redoes_the_rest_online(
    tmp_path: Path, fake: FakeBatchAPI, endpoint: str
) -> None:
    fake.final_status = "expired"
    source, out = _input(tmp_path), tmp_path / "out.jsonl"

    code, output = _batch(str(source), "-o", str(out), "--via", "batch-api")

    assert code == 0, output
    assert set(_records(out)) == set(ARTICLES)
    assert fake.chat_calls == len(ARTICLES) - len(ARTICLES) // 2


def test_a_state_file_from_other_settings_is_refused_not_reused(
    tmp_path: Path, fake: FakeBatchAPI, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out = _input(tmp_path), tmp_path / "out.jsonl"
    fake.polls_to_finish = 100
    assert _batch(str(source), "-o", str(out), "--via", "batch-api", "--no-wait")[0] == 0
    monkeypatch.setenv("FACTSHEET_LLM_MODEL", "gpt-4.1-mini")
    get_settings.cache_clear()

    code, output = _batch(str(source), "-o", str(out), "--via", "batch-api")

    assert code == 2
    assert "other settings" in output
    assert fake.creates == 1


def test_batch_api_without_an_llm_is_a_usage_error(tmp_path: Path) -> None:
    source, out = _input(tmp_path), tmp_path / "out.jsonl"

    code, output = _batch(str(source), "-o", str(out), "--via", "batch-api")

    assert code == 2
    assert "needs an LLM" in output


def test_a_failed_batch_sends_every_article_online(
    tmp_path: Path, fake: FakeBatchAPI, endpoint: str
) -> None:
    fake.final_status = "failed"
    source, out = _input(tmp_path), tmp_path / "out.jsonl"

    code, output = _batch(str(source), "-o", str(out), "--via", "batch-api")

    assert code == 0, output
    assert set(_records(out)) == set(ARTICLES)
    assert fake.chat_calls == len(ARTICLES)


def test_url_articles_are_never_batched_and_are_reported_without_online_fallback(
    tmp_path: Path, fake: FakeBatchAPI, endpoint: str
) -> None:
    url_line = json.dumps({"id": "web", "url": "https://news.example/a.html"})
    source, out = _input(tmp_path, [url_line]), tmp_path / "out.jsonl"

    code, _ = _batch(str(source), "-o", str(out), "--via", "batch-api", "--no-online-fallback")

    records = _records(out)
    assert code == 1
    assert records["web"]["error"] == {
        "type": "batch-request-failed",
        "message": "URL articles are not sent through the Batch API",
    }
    assert all("factsheet" in records[i] for i in ARTICLES)
    sent = b"".join(fake.files.values())
    assert b'"custom_id":"web#' not in sent
