"""The review form: an urlencoded body read into an ArticleRequest (stdlib parsing only)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from pydantic import ValidationError

from schemas.options import EngineChoice, Options
from schemas.request import ArticleRequest
from service.errors import InputError

ENGINES: dict[str, EngineChoice] = {"auto": "auto", "extractive": "extractive", "llm": "llm"}


@dataclass(frozen=True, slots=True)
class ReviewForm:
    """What the editor typed, kept to fill the form again after an error."""

    article: str = ""
    kind: str = "text"
    url: str = ""
    title: str = ""
    engine: str = "auto"
    csrf: str | None = None
    key: str = ""
    next: str = ""


def parse_form(body: bytes) -> ReviewForm:
    """Read an application/x-www-form-urlencoded body; unknown fields are ignored."""
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError("the form is not valid UTF-8 urlencoded data") from exc

    def one(name: str, default: str = "") -> str:
        values = fields.get(name)
        return values[0] if values else default

    return ReviewForm(
        article=one("article"),
        kind="html" if one("kind") == "html" else "text",
        url=one("url").strip(),
        title=one("title").strip(),
        engine=one("engine", "auto"),
        csrf=fields.get("csrf", [None])[0],
        key=one("key"),
        next=one("next"),
    )


def article_request(form: ReviewForm) -> ArticleRequest:
    """The request the form describes: the pasted article, else the URL (InputError if none)."""
    options = Options(engine=ENGINES.get(form.engine, "auto"))
    title = form.title[:500] or None
    try:
        if form.article.strip():
            if form.kind == "html":
                return ArticleRequest(html=form.article, title=title, options=options)
            return ArticleRequest(text=form.article, title=title, options=options)
        if form.url:
            return ArticleRequest(url=form.url, title=title, options=options)
    except ValidationError as exc:
        raise InputError("the form does not describe one article") from exc
    raise InputError("paste an article or give its address")
