"""Batch input lines and output records, shared by the CLI and the jobs API."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from schemas.factsheet import FactSheet
from schemas.options import Options
from schemas.request import ArticleRequest
from service.errors import BadInputLine


class Item(BaseModel):
    """One article of a batch: an id and exactly one of text, html or url."""

    # Feeds often carry extra fields (dates, authors); they are ignored, not errors.
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    id: str = Field(min_length=1, max_length=500, description="Caller's id, unique in a batch.")
    text: str | None = Field(default=None, description="The article as plain text.")
    html: str | None = Field(default=None, description="The article as HTML.")
    url: str | None = Field(default=None, description="An http(s) URL of the article.")
    title: str | None = Field(default=None, max_length=500, description="The article's title.")

    def request(self, options: Options) -> ArticleRequest:
        """The pipeline request of this article."""
        return ArticleRequest(
            text=self.text, html=self.html, url=self.url, title=self.title, options=options
        )


@dataclass(frozen=True)
class BadLine:
    """An input line that cannot become an article; it becomes an error record."""

    line: int
    message: str

    @property
    def id(self) -> str:
        """The record id: the line number, since the line's own id may be missing or taken."""
        return f"line:{self.line}"

    def record(self) -> bytes:
        """The error record of this line."""
        return error_record(self.id, BadInputLine.slug, f"line {self.line}: {self.message}")


def _explain(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'article'}: {e['msg']}" for e in exc.errors()
    )


def parse_line(raw: str | bytes, line: int) -> Item | BadLine:
    """Parse one JSONL line into an article, or a BadLine naming what is wrong."""
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return BadLine(line, f"invalid JSON ({exc})")
    return parse_object(data, line)


def parse_object(data: object, line: int) -> Item | BadLine:
    """Validate one decoded object as an article."""
    if not isinstance(data, dict):
        return BadLine(line, "expected a JSON object")
    try:
        item = Item.model_validate(data)
        item.request(Options())  # exactly one of text, html or url
    except ValidationError as exc:
        return BadLine(line, _explain(exc))
    return item


def dedupe(
    entries: Iterable[tuple[int, Item | BadLine]], seen: set[str]
) -> Iterator[Item | BadLine]:
    """Turn a repeated id into a BadLine, so each id keeps exactly one record."""
    for line, entry in entries:
        if isinstance(entry, Item):
            if entry.id in seen:
                yield BadLine(line, f"duplicate id {entry.id!r}")
                continue
            seen.add(entry.id)
        yield entry


def parse_body(body: bytes) -> list[Item | BadLine]:
    """Parse an API body: a JSON list of articles, or JSONL (one article per line)."""
    stripped = body.lstrip()
    if stripped.startswith(b"["):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            return [BadLine(1, f"invalid JSON ({exc})")]
        if not isinstance(data, list):
            return [BadLine(1, "expected a JSON list of articles")]
        objects = [(n, parse_object(obj, n)) for n, obj in enumerate(data, start=1)]
    else:
        lines = enumerate(body.split(b"\n"), start=1)
        objects = [(n, parse_line(raw, n)) for n, raw in lines if raw.strip()]
    return list(dedupe(objects, set()))


def ok_record(article_id: str, sheet: FactSheet, review_url: str | None = None) -> bytes:
    """The output line of a successful article (with its review page, when one is kept)."""
    review = b',"review_url":%s' % json.dumps(review_url).encode() if review_url else b""
    return b'{"id":%s,"factsheet":%s%s}\n' % (
        json.dumps(article_id).encode(),
        sheet.model_dump_json().encode(),
        review,
    )


def error_record(article_id: str, kind: str, message: str) -> bytes:
    """The output line of a failed article."""
    error = json.dumps(
        {"type": kind, "message": message}, ensure_ascii=False, separators=(",", ":")
    )
    return b'{"id":%s,"error":%s}\n' % (json.dumps(article_id).encode(), error.encode())


_HEAD = b'{"id":'
_decoder = json.JSONDecoder()


def record_head(line: bytes) -> tuple[str, bool] | None:
    """The id of a record line and whether it is an error, or None for a line that is not one."""
    # Our records start with the id, so resuming a run of a million sheets skips parsing
    # each sheet; lines written by other tools fall back to a full parse.
    if line.startswith(_HEAD):
        text = line[len(_HEAD) :].decode("utf-8", "replace")
        with contextlib.suppress(json.JSONDecodeError):
            article_id, end = _decoder.raw_decode(text)
            if isinstance(article_id, str) and text[end:].startswith((',"error"', ',"factsheet"')):
                return article_id, text[end:].startswith(',"error"')
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return data["id"], "error" in data
    return None
