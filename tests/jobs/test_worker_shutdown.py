"""`factsheet worker` logs the same JSON lines as `serve`, and stops quietly when idle."""

from __future__ import annotations

import json
import signal
import time

from tests.jobs.conftest import spawn


def _stop_after_start(redis_url: str, prefix: str, *args: str) -> tuple[int, list[str]]:
    env = {"FACTSHEET_REDIS_URL": redis_url, "FACTSHEET_REDIS_PREFIX": prefix}
    worker = spawn(["worker", *args], env)
    assert worker.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait until it drains, then let its timers run once
        line = worker.stderr.readline().decode()
        lines.append(line)
        if "draining queue" in line or not line:
            break
    time.sleep(1.5)
    worker.send_signal(signal.SIGTERM)
    _, rest = worker.communicate(timeout=30)
    lines += rest.decode().splitlines()
    return worker.returncode, [line.strip() for line in lines if line.strip()]


def test_idle_worker_stops_on_sigterm_without_a_tasks_did_not_finish_warning(
    redis_url: str, prefix: str
) -> None:
    code, lines = _stop_after_start(redis_url, prefix)
    assert code == 0
    assert any("draining queue" in line for line in lines)
    assert not [line for line in lines if "did not finish" in line], lines
    assert not [line for line in lines if '"level": "warning"' in line], lines


def test_worker_logs_json_lines_like_serve(redis_url: str, prefix: str) -> None:
    _, lines = _stop_after_start(redis_url, prefix, "--log-format", "json")
    records = [json.loads(line) for line in lines]  # every line, not only some
    assert {"ts", "level", "logger", "message", "request_id"} <= set(records[0])
    assert any(r["message"].startswith("factsheet worker: data directory") for r in records)
