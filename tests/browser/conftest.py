"""Real-browser fixtures: one `streamlit run` server per session, Debian's Chromium through Playwright."""

from __future__ import annotations

import os
from urllib.parse import urlparse

import pytest

from dashboard.serving import chromium_available, launch_chromium, streamlit_server

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with streamlit_server(log_path=log) as srv:
        yield srv


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("Debian chromium is required for the browser tests (apt-get install chromium)")
        pytest.skip("Debian chromium is not installed (apt-get install chromium fonts-noto-core)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


class OutsideRequests(list):
    """Requests the page tried to make beyond localhost (they are aborted)."""


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US", accept_downloads=True)
    outside = OutsideRequests()

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost", "::1"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    ctx.outside_requests = outside
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
