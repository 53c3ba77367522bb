"""`factsheet batch` never destroys data: OUTPUT is never its INPUT (by path, symlink or
hard link) nor an unrelated file (unless --force); `-` is stdin or stdout."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli.main import app
from service.jobs.outputs import is_record_line
from tests.support.engines import fake_engines

REPO = Path(__file__).resolve().parents[2]
FAKE = REPO / "bench" / "fake_engine.py"
NOTES = b"shopping list\nmilk\nbread, no newline at the end"


@pytest.fixture(autouse=True)
def fake_produce(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_engines(monkeypatch)


def _articles(path: Path, count: int = 3) -> bytes:
    lines = "".join(
        json.dumps({"id": f"a{n}", "text": f"{n} was said."}) + "\n" for n in range(count)
    )
    path.write_text(lines)
    return lines.encode()


def _run(*args: str, stdin: bytes | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["batch", *args], input=stdin)
    return result.exit_code, result.output


def _spawn(*args: str, stdin: bytes = b"", cwd: Path = REPO) -> subprocess.CompletedProcess[bytes]:
    # The fake engine as a script; a timeout so a run that loops forever fails, not hangs.
    command = [sys.executable, str(FAKE), "batch", *args]
    return subprocess.run(command, input=stdin, capture_output=True, cwd=cwd, timeout=60)


def test_output_that_is_the_input_is_refused_and_the_input_kept(tmp_path: Path) -> None:
    # The repro: it read its own error records back as input forever (2.2 GB).
    source = tmp_path / "copy.jsonl"
    before = _articles(source)
    done = _spawn(str(source), "-o", str(source))
    assert done.returncode == 2
    assert b"is the input" in done.stderr
    assert source.read_bytes() == before


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_output_linked_to_the_input_is_refused(tmp_path: Path, link: str) -> None:
    source, alias = tmp_path / "in.jsonl", tmp_path / "alias.jsonl"
    before = _articles(source)
    (alias.symlink_to if link == "symlink" else alias.hardlink_to)(source)
    code, output = _run(str(source), "-o", str(alias))
    assert code == 2
    assert "is the input" in output
    assert source.read_bytes() == before


def test_unrelated_existing_output_is_refused_byte_for_byte_intact(tmp_path: Path) -> None:
    # The repro: its unterminated last line was cut off and records appended.
    source, notes = tmp_path / "in.jsonl", tmp_path / "notes.txt"
    _articles(source)
    notes.write_bytes(NOTES)
    code, output = _run(str(source), "-o", str(notes))
    assert code == 2
    assert "not a factsheet record file" in output
    assert "--force" in output
    assert notes.read_bytes() == NOTES


def test_output_whose_first_line_is_an_article_not_a_record_is_refused(tmp_path: Path) -> None:
    # An input file has ids too; only {"id", "factsheet"} or {"id", "error"} lines are ours.
    source, other = tmp_path / "in.jsonl", tmp_path / "other-input.jsonl"
    _articles(source)
    kept = _articles(other, 2)
    code, _ = _run(str(source), "-o", str(other))
    assert code == 2
    assert other.read_bytes() == kept


def test_force_replaces_an_unrelated_output(tmp_path: Path) -> None:
    source, notes = tmp_path / "in.jsonl", tmp_path / "notes.txt"
    _articles(source)
    notes.write_bytes(NOTES)
    code, _ = _run(str(source), "-o", str(notes), "--force")
    assert code == 0
    lines = notes.read_bytes().splitlines(keepends=True)
    assert len(lines) == 3
    assert all(is_record_line(line) for line in lines)


def test_existing_record_file_is_resumed_not_refused(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _articles(source, 2)
    assert _run(str(source), "-o", str(out))[0] == 0
    _articles(source, 4)
    code, output = _run(str(source), "-o", str(out))
    assert code == 0
    assert sorted(json.loads(line)["id"] for line in out.read_text().splitlines()) == [
        "a0",
        "a1",
        "a2",
        "a3",
    ]
    assert "skipped" in output


def test_dash_reads_the_articles_from_stdin(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    articles = _articles(tmp_path / "in.jsonl", 3)
    code, _ = _run("-", "-o", str(out), stdin=articles)
    assert code == 0
    assert len(out.read_text().splitlines()) == 3


def test_dash_output_writes_records_to_stdout_and_no_file_named_dash(tmp_path: Path) -> None:
    articles = _articles(tmp_path / "in.jsonl", 3)
    done = _spawn("-", "-o", "-", stdin=articles, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.splitlines(keepends=True)
    assert sorted(json.loads(line)["id"] for line in lines) == ["a0", "a1", "a2"]
    assert all(is_record_line(line) for line in lines)
    assert not (tmp_path / "-").exists()


def test_stdin_redirected_from_the_output_file_is_refused(tmp_path: Path) -> None:
    # `factsheet batch - -o out.jsonl < out.jsonl`: the same file reached through stdin.
    out = tmp_path / "out.jsonl"
    before = _articles(out)
    with out.open("rb") as stdin:
        command = [sys.executable, str(FAKE), "batch", "-", "-o", str(out)]
        done = subprocess.run(command, stdin=stdin, capture_output=True, cwd=REPO, timeout=60)
    assert done.returncode == 2
    assert out.read_bytes() == before


def test_output_directory_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    _articles(source)
    code, output = _run(str(source), "-o", str(tmp_path))
    assert code == 2
    assert "is a directory" in output


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b'{"id":"a","factsheet":{"claims":[]}}\n', True),
        (b'{"id":"a","error":{"type":"X","message":"m"}}\n', True),
        (b'{"id":"a","text":"an article"}\n', False),
        (b'{"id":"a","factsheet":{},"error":{}}\n', False),
        (b'{"id":1,"factsheet":{}}\n', False),
        (b"shopping list\n", False),
        (b"\xff\xfe{\x00", False),
    ],
)
def test_record_line_is_told_apart_from_other_lines(line: bytes, expected: bool) -> None:
    assert is_record_line(line) is expected


def test_same_file_check_uses_device_and_inode_not_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.jsonl"
    _articles(source)
    monkeypatch.chdir(tmp_path)
    code, _ = _run("in.jsonl", "-o", f"../{tmp_path.name}/in.jsonl")
    assert code == 2


def test_batch_prints_its_data_directory_on_stderr(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _articles(source, 1)
    done = _spawn(str(source), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0
    assert b"factsheet batch: data directory " in done.stderr
    assert b"data directory" not in done.stdout


def test_stdin_and_stdout_on_one_terminal_are_not_the_same_file(tmp_path: Path) -> None:
    # `factsheet batch - -o -` typed at a terminal: fd 0 and fd 1 are the same tty.

    leader, follower = pty.openpty()
    try:
        command = [sys.executable, str(FAKE), "batch", "-", "-o", "-"]
        child = subprocess.Popen(
            command, stdin=follower, stdout=follower, stderr=subprocess.PIPE, cwd=REPO
        )
        os.write(leader, json.dumps({"id": "t1", "text": "He said so."}).encode() + b"\n\x04")
        _, err = child.communicate(timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    assert child.returncode == 0, err.decode()
    assert b"is the input" not in err
