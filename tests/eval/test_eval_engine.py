"""Point 11: `factsheet eval gold|polnear --engine llm` measures the LLM through any endpoint.

The endpoint here is tests/support/fake_llm.py on loopback: a fake that builds its answers on
the spot (a fixture, not a recording), so these tests pin the wiring, not quality.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from tests.conftest import GOLD, POLNEAR_DEV, REPO

FACTSHEET = [sys.executable, "-m", "service.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def fake_endpoint() -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "tests" / "support" / "fake_llm.py"),
            "--port",
            str(port),
            "--latency",
            "0",
        ],
        cwd=REPO,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx2.get(f"{url}/stats", timeout=1)
                break
            except httpx2.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the fake LLM server did not start")
        yield f"{url}/v1"
    finally:
        server.terminate()
        server.wait(timeout=10)


def run(*args: str, endpoint: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTSHEET_", "OPENAI_"))}
    env |= {"FACTSHEET_LLM_BASE_URL": endpoint, "FACTSHEET_LLM_MODEL": "fake-llm"}
    return subprocess.run(
        [*FACTSHEET, *args], capture_output=True, text=True, env=env, check=False, cwd=REPO
    )


def calls(endpoint: str) -> int:
    stats = httpx2.get(endpoint.removesuffix("/v1") + "/stats").json()
    return int(stats["calls"])


def test_eval_gold_with_the_llm_builds_the_sheet_through_the_endpoint(fake_endpoint):
    if not GOLD.exists():
        pytest.skip(f"no gold file at {GOLD}")
    before = calls(fake_endpoint)
    result = run("eval", "gold", str(GOLD), "--engine", "llm", endpoint=fake_endpoint)
    assert calls(fake_endpoint) == before + 1
    assert result.stderr.startswith("engine: llm (model fake-llm at 127.0.0.1:")
    assert "(llm)" in result.stdout
    assert "passed" in result.stdout


def test_eval_polnear_with_the_llm_scores_every_article_through_the_endpoint(
    fake_endpoint, tmp_path: Path
):
    if not (POLNEAR_DEV / "text").is_dir():
        pytest.skip(f"PolNeAR dev not found at {POLNEAR_DEV}")
    split = tmp_path / "split"
    for kind in ("text", "attributions"):
        (split / kind).mkdir(parents=True)
    texts = sorted((POLNEAR_DEV / "text").glob("*.txt"))[:3]
    for txt in texts:
        shutil.copy(txt, split / "text")
        for ann in (POLNEAR_DEV / "attributions").glob(f"{txt.stem}_*.ann"):
            shutil.copy(ann, split / "attributions")
    before = calls(fake_endpoint)
    result = run("eval", "polnear", str(split), "--engine", "llm", endpoint=fake_endpoint)
    assert result.returncode == 0, result.stderr
    assert calls(fake_endpoint) - before >= len(texts)
    assert f"({len(texts)} articles)" in result.stdout
    assert "warning:" not in result.stderr


def test_eval_editor_with_the_llm_scores_every_article_through_the_endpoint(
    fake_endpoint, tmp_path: Path
):
    editor_dev = REPO.parent / "shared" / "editor-gold" / "dev"
    if not editor_dev.is_dir() or not (POLNEAR_DEV / "text").is_dir():
        pytest.skip("editor gold or PolNeAR dev not found beside the repository")
    split = tmp_path / "dev"
    split.mkdir()
    golds = sorted(editor_dev.glob("*.editor.yaml"))[:2]
    for gold in golds:
        shutil.copy(gold, split)
    before = calls(fake_endpoint)
    result = run(
        "eval",
        "editor",
        str(split),
        "--polnear",
        str(POLNEAR_DEV.parent),
        "--engine",
        "llm",
        endpoint=fake_endpoint,
    )
    assert result.returncode == 0, result.stderr
    assert calls(fake_endpoint) - before >= len(golds)
    assert f"({len(golds)} articles, llm engine)" in result.stdout
    assert result.stderr.startswith("engine: llm (model fake-llm at 127.0.0.1:")
