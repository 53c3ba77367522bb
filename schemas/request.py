"""The request every interface turns its input into: one article and the options."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.options import Options


class ArticleRequest(BaseModel):
    """One article, given as exactly one of text, html or url."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="The article as plain text.")
    html: str | None = Field(default=None, description="The article as an HTML page or fragment.")
    url: str | None = Field(default=None, description="An http(s) URL to fetch the article from.")
    title: str | None = Field(default=None, max_length=500, description="The article's title.")
    options: Options = Field(default_factory=Options, description="How to build the sheet.")

    @model_validator(mode="after")
    def _exactly_one_input(self) -> Self:
        given = [name for name in ("text", "html", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of text, html or url (got {len(given)})")
        return self
