"""The `factsheet` command: output formats and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GOLD, SEED

FACTSHEET = [sys.executable, "-m", "service.cli"]


def run(
    *args: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*FACTSHEET, *args], input=stdin, capture_output=True, env=env, check=False
    )


def test_json_output_is_a_valid_fact_sheet() -> None:
    result = run("summarise", str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    sheet = json.loads(result.stdout)
    assert sheet["schema_version"] == "1"
    assert sheet["engine"] == {
        "name": "extractive",
        "model": None,
        "prompt_version": None,
        "degraded": False,
    }


def test_text_output_sets_the_unverified_section_apart() -> None:
    result = run("summarise", str(SEED), "--format", "text")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "UNVERIFIED" in out and "Summary" in out and "Sources" in out


def test_stdin_is_read_with_a_dash() -> None:
    result = run("summarise", "-", "--format", "json", stdin=SEED.read_bytes())
    assert result.returncode == 0
    assert json.loads(result.stdout)["claims"]


@pytest.mark.parametrize(
    ("stdin", "needle"),
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"caf\xe9 au lait", "UTF-8"),
    ],
)
def test_bad_input_gets_one_line_error_and_exit_2(stdin: bytes, needle: str) -> None:
    result = run("summarise", "-", "--format", "json", stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == b""
    # The engine line every run prints, then the one-line error.
    engine, *lines = result.stderr.decode().strip().splitlines()
    assert engine.startswith("engine: ")
    assert len(lines) == 1 and needle.lower() in lines[0].lower()


def test_input_over_max_chars_gets_exit_2(tmp_path: Path) -> None:
    env = {"FACTSHEET_MAX_CHARS": "100", "PATH": "/usr/bin:/bin"}
    result = run("summarise", str(SEED), "--format", "json", env=env)
    assert result.returncode == 2 and result.stdout == b""
    assert "100" in result.stderr.decode()


def test_missing_file_gets_exit_2() -> None:
    result = run("summarise", "/nonexistent/article.txt")
    assert result.returncode == 2 and result.stdout == b""


def test_article_without_attributions_gives_an_empty_claim_list_and_a_warning() -> None:
    text = b"The river rose two metres overnight. Schools closed on Tuesday morning."
    sheet = json.loads(run("summarise", "-", "--format", "json", stdin=text).stdout)
    assert sheet["claims"] == []
    assert any("No claims" in w for w in sheet["warnings"])


def test_non_english_text_runs_and_warns() -> None:
    text = (
        "Der Bürgermeister sagte, dass die Brücke am Montag gesperrt wird. "
        "Die Polizei bestätigte das nicht."
    ).encode()
    sheet = json.loads(run("summarise", "-", "--format", "json", stdin=text).stdout)
    assert sheet["article"]["language"] == "de"
    assert any("untested" in w for w in sheet["warnings"])


def test_eval_gold_passes_on_the_seed() -> None:
    if not GOLD.exists():
        pytest.skip("gold file not found")
    result = run("eval", "gold", str(GOLD), "--article", str(SEED))
    assert result.returncode == 0, result.stdout.decode()
    assert "0 failed" in result.stdout.decode()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:9/article", "loopback"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
    ],
)
def test_url_input_goes_through_the_fetch_policy(url: str, reason: str) -> None:
    result = run("summarise", url, "--format", "json")
    assert result.returncode == 2 and result.stdout == b""
    assert reason in result.stderr.decode()
