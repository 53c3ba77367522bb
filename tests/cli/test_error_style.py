"""One error style: empty variables mean unset, bounded reads, UTF-16 named or decoded."""

from __future__ import annotations

import codecs
import io
import subprocess
import sys
from pathlib import Path

import pytest

from service.config import Settings
from service.errors import InputTooLong, UndecodableInput
from service.pipeline.ingest import ingest, max_input_bytes, read_bounded

REPO = Path(__file__).resolve().parent.parent
TEXT = "The minister said the bridge would reopen in May."


def test_an_empty_variable_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTSHEET_LLM_BASE_URL", "")
    monkeypatch.setenv("FACTSHEET_MAX_CHARS", "")
    monkeypatch.setenv("OPENAI_API_KEY", "")

    settings = Settings()

    assert settings.llm_base_url is None and settings.llm_api_key is None
    assert settings.max_chars == Settings.model_fields["max_chars"].default
    assert not settings.llm_configured


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_text_with_a_byte_order_mark_is_decoded(codec: str) -> None:
    mark = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    raw = mark + TEXT.encode(codec)

    assert ingest(raw).text == TEXT


def test_utf16_without_a_mark_is_named_as_utf16() -> None:
    with pytest.raises(UndecodableInput, match="UTF-16 without a byte-order mark"):
        ingest(TEXT.encode("utf-16-le"))


class _Counting(io.BytesIO):
    """A stream that records how many bytes were asked of it."""

    asked = 0

    def read(self, size: int | None = -1) -> bytes:
        self.asked += size if size is not None and size >= 0 else 1 << 62
        return super().read(size)


def test_a_huge_input_is_read_only_up_to_the_limit() -> None:
    stream = _Counting(b"a" * (max_input_bytes(1000) * 3))

    with pytest.raises(InputTooLong, match="over 80000 bytes"):
        read_bounded(stream, 1000)

    assert stream.asked == max_input_bytes(1000) + 1


def test_an_input_within_the_limit_is_read_whole() -> None:
    assert read_bounded(io.BytesIO(TEXT.encode()), 1000) == TEXT.encode()


def test_the_cli_refuses_an_oversized_file_in_one_line(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 20_000)  # 100 KB, over what 100 characters may take (8 KB)

    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "summarise", str(big)],
        cwd=REPO,
        env={"FACTSHEET_MAX_CHARS": "100", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if not line.startswith("engine: ")]
    assert len(errors) == 1 and errors[0].startswith("error: ")
    assert "over 8000 bytes" in done.stderr
