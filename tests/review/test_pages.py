"""The review pages over HTTP: CSP, CSRF, the no-JavaScript flow, permalinks, the key cookie."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from service.review.security import CSRF_COOKIE, SESSION_COOKIE, safe_next
from tests.review.conftest import SEED, TITLE, csrf_of

KEY = "review-key-0123456789abcdef"
Make = Callable[..., TestClient]


def _submit(client: TestClient, **fields: str) -> object:
    data = {"csrf": csrf_of(client), "kind": "text", "engine": "extractive", **fields}
    return client.post("/review", data=data, follow_redirects=False)


def test_pages_carry_a_strict_csp_whose_nonce_is_on_every_script(make_client: Make) -> None:
    client = make_client()
    first, second = client.get("/review"), client.get("/review")
    policy = first.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)

    assert nonce is not None
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy
    scripts = re.findall(r"<script[^>]*>", first.text)
    assert scripts and all(f'nonce="{nonce.group(1)}"' in s for s in scripts)
    assert not re.search(r"\son\w+=|\sstyle=", first.text)
    assert second.headers["content-security-policy"] != policy
    assert first.headers["x-frame-options"] == "DENY"
    assert first.headers["referrer-policy"] == "same-origin"


def test_a_form_post_without_the_csrf_token_is_refused(make_client: Make) -> None:
    client = make_client()
    csrf_of(client)

    response = client.post("/review", data={"article": "Ann said it.", "csrf": "wrong"})

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


def test_a_cross_origin_form_post_is_refused_even_with_the_token(make_client: Make) -> None:
    client = make_client()
    token = csrf_of(client)

    response = client.post(
        "/review",
        data={"article": "Ann said it.", "csrf": token},
        headers={"Origin": "https://evil.example"},
    )

    assert response.status_code == 403


def test_the_csrf_cookie_is_httponly_and_samesite_strict(make_client: Make) -> None:
    header = make_client().get("/review").headers["set-cookie"]

    assert header.startswith(CSRF_COOKIE + "=")
    assert "HttpOnly" in header and "SameSite=strict" in header and "Path=/review" in header


def test_the_form_builds_keeps_and_redirects_to_the_permalink(make_client: Make) -> None:
    client = make_client()
    response = _submit(client, article=SEED.read_text(encoding="utf-8"), title=TITLE)

    assert response.status_code == 303
    location = response.headers["location"]
    page = client.get(location)
    sheet = client.get(location + ".json").json()
    markdown = client.get(location + ".md")

    assert page.status_code == 200 and TITLE in page.text
    assert location == f"/review/{sheet['id']}"
    assert page.text.count('tabindex="0" role="button"') == len(sheet["claims"])
    for claim in sheet["claims"]:
        assert f'id="hl-{claim["id"]}"' in page.text
        assert f'id="card-{claim["id"]}"' in page.text
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "attachment" in markdown.headers["content-disposition"]
    assert markdown.text.startswith(f"# {TITLE}")


def test_html_and_the_engine_choice_reach_the_pipeline(make_client: Make) -> None:
    client = make_client()
    html = "<html><body><article><p>Jonas Oman said the bridge fell.</p></article></body></html>"

    location = _submit(client, article=html, kind="html").headers["location"]
    sheet = client.get(location + ".json").json()

    assert sheet["article"]["text"].strip() == "Jonas Oman said the bridge fell."
    assert sheet["engine"]["name"] == "extractive"


def test_an_unusable_article_shows_the_form_again_with_the_problem(make_client: Make) -> None:
    client = make_client()

    response = _submit(client, article="   ", url="")

    assert response.status_code == 422
    assert 'role="alert"' in response.text and "Unusable article" in response.text


def test_an_unknown_permalink_is_a_404_page_and_its_downloads_404(make_client: Make) -> None:
    client = make_client()
    unknown = "/review/" + "0" * 64

    assert client.get(unknown).status_code == 404
    assert client.get(unknown + ".json").status_code == 404
    assert client.get(unknown + "/fragment").status_code == 404
    assert client.get("/review/not-an-id").status_code == 422


def test_the_script_and_stylesheet_are_served_from_this_origin(make_client: Make) -> None:
    client = make_client()

    assert client.get("/review/static/review.js").status_code == 200
    assert client.get("/review/static/review.css").status_code == 200


def test_with_keys_every_page_and_download_needs_the_key(make_client: Make) -> None:
    client = make_client(api_keys=KEY)
    other = make_client()
    location = _submit(other, article="Jonas Oman said the bridge fell.").headers["location"]
    # Both apps share the data dir, so the locked app holds the sheet the open one kept.

    form, page = client.get("/review"), client.get(location)

    assert form.status_code == 401 and 'name="key"' in form.text
    assert page.status_code == 401 and "bridge fell" not in page.text
    assert client.get(location + ".json").status_code == 401
    assert client.get(location + ".md").status_code == 401
    assert client.get(location + "/fragment").status_code == 401
    assert _submit(client, article="Ann said it.").status_code == 401


def test_the_key_form_sets_an_httponly_strict_cookie_that_is_not_the_key(make_client: Make) -> None:
    client = make_client(api_keys=KEY)
    token = csrf_of(client)

    response = client.post(
        "/review/key",
        data={"key": KEY, "csrf": token, "next": "/review"},
        follow_redirects=False,
    )

    assert response.status_code == 303
    cookie = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE)
    )
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert KEY not in cookie
    assert client.get("/review").status_code == 200


def test_a_wrong_key_sets_no_cookie(make_client: Make) -> None:
    client = make_client(api_keys=KEY)
    token = csrf_of(client)

    response = client.post("/review/key", data={"key": "x" * 20, "csrf": token})

    assert response.status_code == 401
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")
    assert client.get("/review").status_code == 401


def test_signing_out_locks_the_pages_again(make_client: Make) -> None:
    client = make_client(api_keys=KEY)
    assert 'action="/review/logout"' not in client.get("/review").text
    client.post("/review/key", data={"key": KEY, "csrf": csrf_of(client)})
    assert 'action="/review/logout"' in client.get("/review").text

    client.post("/review/logout", data={"csrf": client.cookies.get(CSRF_COOKIE)})

    assert client.get("/review").status_code == 401


def test_the_key_form_without_its_csrf_token_is_refused(make_client: Make) -> None:
    client = make_client(api_keys=KEY)

    response = client.post("/review/key", data={"key": KEY})

    assert response.status_code == 403


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/review", "/v1/batches", "/review\\@x", None]
)
def test_after_the_key_form_the_browser_never_leaves_the_review_pages(target: str | None) -> None:
    assert safe_next(target) == "/review"


def test_review_json_download_is_the_contract(make_client: Make) -> None:
    client = make_client()
    location = _submit(client, article="Jonas Oman said the bridge fell.").headers["location"]

    body = client.get(location + ".json")

    assert body.headers["content-type"] == "application/json"
    assert json.loads(body.text)["schema_version"] == "1"


def test_form_posts_spend_the_rate_limit(make_client: Make) -> None:
    client = make_client(rate_limit_per_minute=1, rate_limit_burst=1)
    token = csrf_of(client)

    first = client.post("/review/key", data={"key": "x" * 20, "csrf": token})
    second = client.post("/review/key", data={"key": "y" * 20, "csrf": token})

    assert first.status_code != 429
    assert second.status_code == 429 and "retry-after" in second.headers
