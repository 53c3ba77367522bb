"""The review page in a real headless Chromium (Debian's chromium + chromedriver, Selenium).

Skipped when the browser, the driver or axe-core (npm ci in tests/review) is missing;
FACTSHEET_REQUIRE_BROWSER=1 turns the skip into a failure (CI). The LLM behind the
progressive test is tests/support/fake_llm.py on loopback: hand-written fixtures, not recordings.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.api.app import create_app
from service.config import Settings
from tests.review.browser import (
    SCREENSHOTS,
    axe_violations,
    chromium,
    console,
    requested_urls,
    require_browser,
)
from tests.review.conftest import HOSTILE, SEED, TITLE
from tests.support.fake_llm import FakeLLM
from tests.support.servers import serve

KEY = "browser-key-0123456789abcdef"
PROBE = (
    "Mayor Ann Lee said the bridge fell. "
    '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    '<svg onload="window.__pwned = 3"></svg> <a href="javascript:window.__pwned=4">link</a> '
    '<iframe src="https://evil.example/"></iframe> The police said it was old.'
)
ALLOWED_TAGS = {"MARK", "SPAN", "STRONG", "DEL"}


def settings(data_dir: Path, **more: Any) -> Settings:
    # Explicit values: module fixtures run before the per-test environment reset.
    base: dict[str, Any] = {
        "data_dir": data_dir,
        "api_keys": (),
        "llm_base_url": None,
        "llm_api_key": None,
        "redis_url": None,
        "public_url": None,
        "cache": False,
        "rate_limit_per_minute": 0,  # the hostile seeds alone post 26 forms in seconds
    }
    return Settings(**{**base, **more})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    with serve(create_app(settings(tmp_path_factory.mktemp("review-data")))) as base:
        yield base


@pytest.fixture(scope="module")
def driver(site: str) -> Iterator[Any]:
    with chromium(1280, 900) as browser:
        yield browser


def wait(driver: Any, script: str, timeout: float = 15.0) -> Any:
    """Wait until the JavaScript expression `script` is truthy; return its value."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: d.execute_script(f"return {script}")
    )


def submit(
    driver: Any, base: str, article: str, *, engine: str = "extractive", kind: str = "text"
) -> None:
    """Fill the form as an editor would (the text set in one go) and submit it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver.get(base + "/review")
    area = driver.find_element(By.ID, "f-article")
    driver.execute_script("arguments[0].value = arguments[1];", area, article)
    driver.find_element(By.ID, "f-title").send_keys(TITLE)
    driver.find_element(By.CSS_SELECTOR, f"input[name=kind][value={kind}]").click()
    Select(driver.find_element(By.ID, "f-engine")).select_by_value(engine)
    driver.find_element(By.CSS_SELECTOR, "#review-form button[type=submit]").click()


def kept_sheet(base: str, driver: Any) -> dict[str, Any]:
    """The JSON of the sheet the page shows, from its download link."""
    sheet_id = driver.execute_script("return document.getElementById('sheet').dataset.sheetId")
    return httpx.get(f"{base}/review/{sheet_id}.json").json()  # type: ignore[no-any-return]


def permalink(base: str, article: str, *, kind: str = "text") -> str:
    """Build a sheet through the no-JavaScript form post; return its permalink."""
    with httpx.Client(base_url=base) as client:
        client.get("/review")
        response = client.post(
            "/review",
            data={
                "article": article,
                "kind": kind,
                "engine": "extractive",
                "csrf": client.cookies["factsheet_csrf"],
            },
        )
    assert response.status_code == 303, response.text
    return base + response.headers["location"]


@pytest.fixture(scope="module")
def seed_page(site: str, driver: Any) -> dict[str, Any]:
    submit(driver, site, SEED.read_text(encoding="utf-8"))
    wait(driver, "document.getElementById('sheet') && location.pathname.length > 70")
    return kept_sheet(site, driver)


def test_the_seed_shows_one_highlight_per_claim_with_its_status_label(
    driver: Any, seed_page: dict[str, Any]
) -> None:
    highlights = driver.execute_script(
        "return [...document.querySelectorAll('mark.hl[id]')].map("
        "h => [h.dataset.claim, h.querySelector('.tag').textContent])"
    )

    assert len(seed_page["claims"]) > 1
    assert sorted(highlights) == sorted(
        [c["id"], f"{c['id']} {c['status']}"] for c in seed_page["claims"]
    )
    assert driver.current_url.endswith("/review/" + seed_page["id"])


def test_a_card_opens_by_keyboard_and_by_click(driver: Any, seed_page: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    first, second = (c["id"] for c in seed_page["claims"][:2])
    driver.find_element(By.ID, "show-removed").send_keys(Keys.TAB)
    assert driver.execute_script("return document.activeElement.id") == f"hl-{first}"
    outline = driver.execute_script(
        "const s = getComputedStyle(document.activeElement);"
        "return [s.outlineStyle, parseFloat(s.outlineWidth)]"
    )
    assert outline[0] != "none" and outline[1] >= 2, "focus must be visible"
    driver.switch_to.active_element.send_keys(Keys.ENTER)

    assert driver.find_element(By.ID, f"card-{first}").is_displayed()
    assert driver.execute_script("return document.activeElement.id") == f"card-{first}-h"

    driver.find_element(By.ID, f"hl-{second}").click()

    assert driver.find_element(By.ID, f"card-{second}").is_displayed()
    assert not driver.find_element(By.ID, f"card-{first}").is_displayed()
    card = driver.find_element(By.ID, f"card-{second}").text
    assert seed_page["claims"][1]["statement"] in card
    assert seed_page["claims"][1]["evidence"][0]["text"] in card


def test_filtering_by_status_hides_the_other_claims(driver: Any, seed_page: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By

    statuses = [c["status"] for c in seed_page["claims"]]
    dropped = max(set(statuses), key=statuses.count)
    box = driver.find_element(By.CSS_SELECTOR, f".filter-status[value={dropped}]")
    box.click()
    try:
        visible = driver.execute_script(
            "return [...document.querySelectorAll('#claim-list > li')]"
            ".filter(li => !li.hidden).map(li => li.dataset.status)"
        )
        dimmed = driver.execute_script(
            "return [...document.querySelectorAll('mark.hl.dim[id]')].map(h => h.dataset.status)"
        )
        shown = driver.find_element(By.ID, "shown").text
    finally:
        box.click()

    assert dropped not in visible and len(visible) == len(statuses) - statuses.count(dropped)
    assert set(dimmed) == {dropped} and len(dimmed) == statuses.count(dropped)
    assert shown == f"{len(visible)} of {len(statuses)} claims shown"


def test_filtering_by_source_shows_only_that_sources_claims(
    driver: Any, seed_page: dict[str, Any]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    source = max(seed_page["sources"], key=lambda s: len(s["claim_ids"]))
    select = Select(driver.find_element(By.ID, "filter-source"))
    select.select_by_value(source["id"])
    try:
        visible = driver.execute_script(
            "return [...document.querySelectorAll('#claim-list > li')]"
            ".filter(li => !li.hidden).map(li => li.querySelector('.open-claim').dataset.open)"
        )
    finally:
        select.select_by_value("")

    expected = [
        c["id"]
        for c in seed_page["claims"]
        if c["claimant"] and c["claimant"]["source_id"] == source["id"]
    ]
    assert expected and visible == expected


def test_clicking_a_source_highlights_every_mention_of_it(
    driver: Any, seed_page: dict[str, Any]
) -> None:
    from selenium.webdriver.common.by import By

    source = max(seed_page["sources"], key=lambda s: len(s["mentions"]))
    driver.find_element(By.CSS_SELECTOR, f".source-item[data-source={source['id']}]").click()

    lit = driver.execute_script(
        "return [...document.querySelectorAll('.mention.on')].map(m => m.textContent)"
    )

    assert "".join(lit) == "".join(m["text"] for m in source["mentions"])


def test_a_permalink_shows_the_same_sheet_on_a_fresh_load(
    site: str, driver: Any, seed_page: dict[str, Any]
) -> None:
    driver.get(f"{site}/review/{seed_page['id']}")

    count = driver.execute_script("return document.querySelectorAll('mark.hl[id]').length")

    assert count == len(seed_page["claims"])
    assert TITLE in driver.title


def test_the_page_has_no_serious_or_critical_accessibility_violation(
    site: str, driver: Any, seed_page: dict[str, Any]
) -> None:
    from selenium.webdriver.common.by import By

    found = []
    for path in ("/review", f"/review/{seed_page['id']}"):
        driver.get(site + path)
        if path != "/review":
            driver.find_element(By.ID, f"hl-{seed_page['claims'][0]['id']}").click()
            driver.find_element(By.ID, "show-sids").click()
        found += [
            (path, v["id"], v["help"], [n.get("target") for n in v["nodes"]][:3])
            for v in axe_violations(driver)
            if v["impact"] in ("serious", "critical")
        ]

    assert found == []


@pytest.mark.parametrize(
    "path", [*HOSTILE, "probe"], ids=lambda p: p if isinstance(p, str) else p.name
)
def test_a_hostile_article_renders_as_inert_text(site: str, driver: Any, path: Path | str) -> None:
    if isinstance(path, Path):
        article, kind = (
            path.read_text(encoding="utf-8"),
            ("html" if path.suffix == ".html" else "text"),
        )
    else:
        article, kind = PROBE, "text"
    url = permalink(site, article, kind=kind)
    requested_urls(driver), console(driver)  # drop what earlier pages logged

    driver.get(url)
    wait(driver, "document.readyState === 'complete'")
    driver.execute_script("document.querySelectorAll('.hl[id]').forEach(h => h.click())")
    tags = set(
        driver.execute_script(
            "return [...document.querySelectorAll('#article-text *')].map(e => e.tagName)"
        )
    )
    pwned = driver.execute_script("return window.__pwned === undefined ? null : window.__pwned")
    urls = requested_urls(driver)
    messages = console(driver)

    assert pwned is None
    assert tags <= ALLOWED_TAGS
    assert urls and all(u.startswith(site + "/") for u in urls), urls
    assert not [m for m in messages if "Content Security Policy" in m or "Refused" in m]
    if path == "probe":
        # The markup is on the page as the characters the article contains.
        shown = driver.find_element("id", "article-text").text
        assert "<script>window.__pwned = 1</script>" in shown


def test_screenshots_of_the_seed_on_a_desktop_and_a_phone(
    site: str, seed_page: dict[str, Any], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    out = Path(SCREENSHOTS or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    widths = {}
    for name, (width, height) in {"desktop": (1280, 900), "phone": (390, 844)}.items():
        with chromium(width, height) as browser:
            browser.get(f"{site}/review/{seed_page['id']}")
            browser.find_element(By.ID, f"hl-{seed_page['claims'][0]['id']}").click()
            browser.execute_script(
                "document.getElementById('article-h').scrollIntoView({block: 'start'})"
            )
            widths[name] = browser.execute_script("return document.documentElement.scrollWidth")
            browser.save_screenshot(str(out / f"review-{name}.png"))

    for name in widths:
        assert (out / f"review-{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert widths["phone"] <= 390, "the page must not scroll sideways on a phone"
    assert widths["desktop"] <= 1280


@pytest.fixture(scope="module")
def slow_llm() -> Iterator[str]:
    fake = FakeLLM(latency_s=2.0)
    with serve(fake.asgi()) as base:
        yield f"{base}/v1"


def test_with_the_llm_the_provisional_sheet_shows_first_then_the_llm_sheet(
    slow_llm: str, tmp_path: Path
) -> None:
    require_browser()
    app = create_app(settings(tmp_path, llm_base_url=slow_llm, llm_http_retries=0))
    with serve(app) as base, chromium(1280, 900) as browser:
        submit(browser, base, SEED.read_text(encoding="utf-8"), engine="llm")
        wait(browser, "document.querySelector('#sheet[data-provisional=true]')")
        engine = browser.execute_script("return document.querySelector('.meta dd').textContent")
        assert "extractive (provisional)" in engine
        wait(browser, "document.querySelector('#sheet[data-provisional=false]')", timeout=30)
        final = browser.execute_script("return document.querySelector('.meta dd').textContent")
        path = browser.execute_script("return location.pathname")

    assert final == "llm"
    assert path.startswith("/review/") and len(path) == len("/review/") + 64


def test_an_llm_failure_after_the_provisional_sheet_is_shown_as_a_problem(
    tmp_path: Path,
) -> None:
    require_browser()
    failing = FakeLLM(failure_rate=1.0)
    with serve(failing.asgi()) as llm:
        app = create_app(
            settings(tmp_path, llm_base_url=f"{llm}/v1", llm_http_retries=0, fallback=False)
        )
        with serve(app) as base, chromium(1280, 900) as browser:
            submit(browser, base, SEED.read_text(encoding="utf-8"), engine="llm")
            alert = wait(
                browser,
                "!document.getElementById('problem').hidden"
                " && document.getElementById('problem').textContent",
            )
            provisional = browser.execute_script(
                "return document.querySelector('#sheet').dataset.provisional"
            )

    assert "LLM unavailable" in alert and "request id" in alert
    assert provisional == "true"


def test_with_api_keys_the_browser_signs_in_through_the_key_form(tmp_path: Path) -> None:
    require_browser()
    from selenium.webdriver.common.by import By

    with serve(create_app(settings(tmp_path, api_keys=KEY))) as base, chromium() as browser:
        browser.get(base + "/review")
        assert browser.find_elements(By.ID, "f-key") and not browser.find_elements(
            By.ID, "f-article"
        )
        browser.find_element(By.ID, "f-key").send_keys(KEY)
        browser.find_element(By.CSS_SELECTOR, "form.article-form button").click()
        wait(browser, "document.getElementById('f-article')")
        cookies = {c["name"]: c for c in browser.get_cookies()}

    session = cookies["factsheet_review"]
    assert session["httpOnly"] and session["sameSite"] == "Strict"
    assert KEY not in session["value"]
