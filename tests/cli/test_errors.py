"""Every `factsheet` command reports a failure the same way: one line on stderr, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from service.cli.errors import describe
from service.config import Settings
from service.errors import EmptyInput, JobNotFound

FACTSHEET = [sys.executable, "-m", "service.cli"]
# Each command, with arguments that get it past its own argument parsing.
COMMANDS = [
    pytest.param(["summarise", "-"], id="summarise"),
    pytest.param(["eval", "polnear", "."], id="eval-polnear"),
    pytest.param(["eval", "gold", "gold.yaml"], id="eval-gold"),
    pytest.param(["batch", "in.jsonl", "-o", "out.jsonl"], id="batch"),
    pytest.param(["worker"], id="worker"),
    pytest.param(["serve"], id="serve"),
]


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FACTSHEET_")}
    return subprocess.run(
        [*FACTSHEET, *args],
        cwd=cwd,
        env={**clean, "PYTHONPATH": str(Path.cwd()), **env},
        input="",
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize("args", COMMANDS)
def test_a_bad_setting_is_one_line_naming_the_variable_in_every_command(
    args: list[str], tmp_path: Path
) -> None:
    (tmp_path / "in.jsonl").write_text('{"id": "a", "text": "x"}\n')
    line = one_line(run(args, tmp_path, FACTSHEET_DEADLINE_S="-1", FACTSHEET_REDIS_URL="redis://x"))
    assert "FACTSHEET_DEADLINE_S" in line and "greater than 0" in line


def test_eval_gold_on_a_missing_file_is_one_line(tmp_path: Path) -> None:
    line = one_line(run(["eval", "gold", "missing.gold.yaml"], tmp_path))
    assert "missing.gold.yaml" in line


def test_eval_polnear_on_a_directory_without_articles_is_one_line(tmp_path: Path) -> None:
    assert "no articles" in one_line(run(["eval", "polnear", str(tmp_path)], tmp_path))


def test_errors_are_named_by_their_public_slug() -> None:
    assert describe(EmptyInput("nothing here")) == "unusable-article: nothing here"
    assert describe(JobNotFound("j1")) == "job-not-found: j1"


def test_a_settings_error_never_shows_the_value() -> None:
    with pytest.raises(ValidationError) as raised:
        Settings(deadline_s="s3cret-value")  # type: ignore[arg-type]
    assert "s3cret-value" not in describe(raised.value)
