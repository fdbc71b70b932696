"""A real browser for the web page tests: Debian's Chromium, headless, driven by selenium.

``tools/system-packages.sh test`` installs ``chromium`` and ``chromium-driver`` (CI runs
it as root), so these tests run rather than skip; without them a test fails saying
what to install. The browser starts with a fresh profile and everything that would
reach the network on its own turned off, and keeps Chrome's performance log, from
which ``requests`` reads every request the page made.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
DRIVER = "chromedriver"
INSTALL = "install Chromium for the web page tests: sudo apt-get install chromium chromium-driver"


def _find(names: tuple[str, ...]) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


@contextmanager
def chromium(width: int = 1600, height: int = 1000) -> Iterator[Any]:
    """A headless Chromium window of ``width`` x ``height`` CSS pixels."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is missing: install the test tools (pip install -e '.[test]')")
    browser, driver = _find(CHROMIUM), _find((DRIVER,))
    if browser is None or driver is None:
        pytest.fail(f"Chromium or its driver is missing: {INSTALL}")
    profile = tempfile.mkdtemp(prefix="cjm-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    session = webdriver.Chrome(options=options, service=Service(driver))
    try:
        session.set_window_size(width, height)
        session.get("about:blank")
        session.get_log("performance")  # the new tab's own loading is not the page's
        yield session
    finally:
        session.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(session: Any, page: Path, timeout: float = 30.0) -> None:
    """Load ``page`` from its file:// address and wait until the map is drawn."""
    from selenium.webdriver.support.ui import WebDriverWait

    session.get(page.resolve().as_uri())
    WebDriverWait(session, timeout).until(
        lambda s: s.execute_script("return document.documentElement.hasAttribute('data-drawn')")
    )


def requests(session: Any) -> list[str]:
    """The address of every request and WebSocket the browser made since the last call."""
    addresses = []
    for entry in session.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            addresses.append(params["request"]["url"])
        elif message["method"] == "Network.webSocketCreated":
            addresses.append(params["url"])
    return addresses
