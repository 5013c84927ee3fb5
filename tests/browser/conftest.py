"""Real-browser fixtures: one `streamlit run` server per session, Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import re
from urllib.parse import urlparse

import pytest

from tools.serving import chromium_available, launch_chromium, streamlit_server

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


_NOT_LOOPBACK = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/)")


class OutsideRequests(list):
    """Requests the page tried to make beyond localhost (they are aborted)."""


def new_guarded_context(browser):
    """A browser context that aborts (and records in .outside_requests) every request beyond localhost."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US", accept_downloads=True)
    outside = OutsideRequests()

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost", "::1"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    # Only requests that are not plainly to the loopback server are routed (routing every asset through Python
    # would slow each page load a lot); the handler decides, and the request log below catches anything else.
    ctx.route(_NOT_LOOPBACK, guard)

    def seen(request):
        host = urlparse(request.url).hostname or ""
        if not request.url.startswith(("data:", "blob:")) and host not in ("127.0.0.1", "localhost", "::1"):
            if request.url not in outside:
                outside.append(request.url)

    ctx.on("request", seen)
    ctx.outside_requests = outside
    return ctx


@pytest.fixture
def context(browser):
    ctx = new_guarded_context(browser)
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def shared_context(browser):
    """One context for the whole session (pages are reused to keep the suite fast); its .outside_requests
    collects every request beyond localhost made by any test that used it."""
    ctx = new_guarded_context(browser)
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def shared_page(shared_context):
    pg = shared_context.new_page()
    pg.set_default_timeout(30_000)
    yield pg


@pytest.fixture
def page(context):
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
