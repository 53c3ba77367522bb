"""`factsheet batch`: bad lines become records, and a killed or interrupted run resumes exactly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli.main import app
from tests.support.engines import fake_engines

REPO = Path(__file__).resolve().parents[2]
FAKE = REPO / "bench" / "fake_engine.py"


@pytest.fixture(autouse=True)
def fake_produce(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runtimes built in the test draft with an empty fake engine answering at once."""
    fake_engines(monkeypatch)


def _write_articles(path: Path, count: int) -> list[str]:
    ids = [f"art-{n}" for n in range(count)]
    path.write_text("".join(json.dumps({"id": i, "text": f"{i} was said."}) + "\n" for i in ids))
    return ids


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["batch", *args])
    return result.exit_code, result.output


def test_bad_lines_become_error_records_with_line_numbers_and_the_rest_succeed(
    tmp_path: Path,
) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "The mayor said the road will close."}),
        "{not json",
        json.dumps({"id": "a", "text": "same id again"}),
        json.dumps({"id": "no-text"}),
        "",
        json.dumps({"id": "b", "html": "<p>Police confirmed the arrest.</p>", "title": "T"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": 7, "text": "numeric ids are fine"}),
    ]
    source.write_text("\n".join(lines) + "\n")
    code, _ = _run(str(source), "-o", str(out), "--concurrency", "3")
    records = {r["id"]: r for r in _records(out)}
    assert code == 1
    assert {"a", "b", "7"} <= records.keys()
    assert all("factsheet" in records[i] for i in ("a", "b", "7"))
    for line in (2, 3, 4, 7):
        error = records[f"line:{line}"]["error"]
        assert error["type"] == "bad-input-line"
        assert error["message"].startswith(f"line {line}:")
    assert "duplicate id 'a'" in records["line:3"]["error"]["message"]
    assert len(records) == 7


def test_all_succeeding_exits_zero_and_rerun_skips_everything(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_articles(source, 20)
    assert _run(str(source), "-o", str(out))[0] == 0
    first = out.read_bytes()
    code, output = _run(str(source), "-o", str(out))
    assert code == 0
    assert out.read_bytes() == first
    assert "20" in output  # skipped count in the summary


def test_directory_input_uses_file_names_as_ids(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text("The minister said taxes will rise.")
    (folder / "two.html").write_text("<html><body><p>Officials denied it.</p></body></html>")
    (folder / "notes.md").write_text("ignored")
    out = tmp_path / "out.jsonl"
    assert _run(str(folder), "-o", str(out))[0] == 0
    assert sorted(r["id"] for r in _records(out)) == ["one.txt", "two.html"]


def test_truncated_last_line_from_a_crash_is_dropped_and_redone(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    ids = _write_articles(source, 5)
    out.write_text(
        json.dumps({"id": ids[0], "error": {"type": "X", "message": "m"}}) + '\n{"id":"art-1","fa'
    )
    code, _ = _run(str(source), "-o", str(out))
    records = _records(out)  # every line parses
    assert sorted(r["id"] for r in records) == sorted(ids)
    assert code == 1  # the earlier error record still counts as a failure


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert _run(str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl"))[0] == 2
    assert _run(str(tmp_path), "-o", str(tmp_path / "no" / "o.jsonl"))[0] == 2


def _spawn(source: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FAKE_LLM_LATENCY_MS": "40"}
    args = [sys.executable, str(FAKE), "batch", str(source), "-o", str(out), "--concurrency", "8"]
    return subprocess.Popen(args, env=env, cwd=REPO, stderr=subprocess.PIPE)


def _wait_for_lines(out: Path, count: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if out.exists() and out.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"{out} never reached {count} lines")


def test_killed_run_resumes_and_each_id_appears_exactly_once(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    ids = _write_articles(source, 300)
    run = _spawn(source, out)
    _wait_for_lines(out, 100)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert out.read_bytes().count(b"\n") < 300  # killed halfway, not after the end
    rerun = _spawn(source, out)
    assert rerun.wait(timeout=60) == 0, rerun.stderr.read() if rerun.stderr else ""
    got = [r["id"] for r in _records(out)]
    assert sorted(got) == sorted(ids)
    assert len(got) == len(set(got))


def test_ctrl_c_stops_cleanly_with_whole_lines_and_exit_130(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_articles(source, 300)
    run = _spawn(source, out)
    _wait_for_lines(out, 50)
    run.send_signal(signal.SIGINT)
    assert run.wait(timeout=30) == 130
    assert run.stderr is not None and b"interrupted" in run.stderr.read()
    data = out.read_bytes()
    assert data.endswith(b"\n")
    assert 50 <= len(_records(out)) < 300
