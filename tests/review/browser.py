"""Headless Chromium for the review page's browser tests (Debian's chromium + chromedriver).

Nothing is downloaded: Selenium gets the driver's and the browser's paths, so its
selenium-manager never runs. Missing pieces skip the tests, or fail them when
FACTSHEET_REQUIRE_BROWSER=1 (CI, .ci/run).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# Read at import: the autouse settings fixture clears FACTSHEET_* before each test.
REQUIRED = os.environ.get("FACTSHEET_REQUIRE_BROWSER") == "1"
# Where the screenshot test writes its PNGs (a temporary directory when unset).
SCREENSHOTS = os.environ.get("FACTSHEET_REVIEW_SCREENSHOTS")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)


def missing() -> list[str]:
    """What the browser tests need and this machine lacks."""
    gaps = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if not AXE.exists():
        gaps.append(f"{AXE} (run `npm ci` in tests/review)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        gaps.append("the selenium package")
    return gaps


def require_browser() -> None:
    """Skip (or, with FACTSHEET_REQUIRE_BROWSER=1, fail) when something is missing."""
    gaps = missing()
    if gaps:
        reason = "browser tests need " + ", ".join(gaps)
        if REQUIRED:
            pytest.fail(reason + " (FACTSHEET_REQUIRE_BROWSER=1)")
        pytest.skip(reason)


@contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A headless Chromium with performance and console logs, in a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="factsheet-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    # A window cannot be narrower than 500 px; a phone's viewport is emulated instead.
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requested_urls(driver: Any) -> list[str]:
    """Every URL the page asked the network for since the last call (CDP Network events)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def console(driver: Any) -> list[str]:
    """The console messages since the last call (CSP violations are reported here)."""
    return [entry["message"] for entry in driver.get_log("browser")]


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    """Run axe-core on the current page; return its violations."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    violations: list[dict[str, Any]] = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations), e => done([{id: 'axe-error', impact: 'critical',"
        " help: String(e), nodes: []}]));"
    )
    return violations
