"""The Markdown export: every part of the sheet, and article text kept inert."""

from __future__ import annotations

from schemas.factsheet import FactSheet
from service.review.markdown import escape, to_markdown
from tests.review.conftest import sheet_of


def test_markdown_lists_summary_unverified_claims_and_sources(seed_sheet: FactSheet) -> None:
    text = to_markdown(seed_sheet, link="https://factsheet.example/review/x")

    assert text.startswith("# North Korean troops in Kursk\n")
    assert "<https://factsheet.example/review/x>" in text
    for heading in ("## Summary", "## Unverified", "## Claims", "## Sources"):
        assert heading in text
    for claim in seed_sheet.claims:
        assert f"**{claim.id}** [{claim.status}]" in text
    for source in seed_sheet.sources:
        assert escape(source.name) in text


def test_markdown_syntax_and_html_in_the_article_stay_text() -> None:
    assert escape("[click](https://evil.example) ![x](y) <b>hi</b> *a* `c`") == (
        r"\[click\]\(https://evil.example\) \!\[x\]\(y\) &lt;b&gt;hi&lt;/b&gt; \*a\* \`c\`"
    )


def test_a_hostile_title_cannot_add_a_heading_or_a_line() -> None:
    sheet = sheet_of("Jonas Oman said the bridge fell.", title="T\n\n# Owned\n<script>")

    first, second = to_markdown(sheet).splitlines()[:2]

    assert first == r"# T \# Owned &lt;script&gt;"
    assert second == ""
