"""Real-browser fixtures: one `streamlit run` server per session, Debian's Chromium through Playwright."""

from __future__ import annotations

import os

import pytest

from tests.browser.browser_util import new_guarded_context
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
