"""Presentation mode in the browser: no chrome, one chart per screen, navigation by buttons and keyboard, the slide
number in the URL, the URL's filters and language applied, the sidebar toggle and the exit."""

from __future__ import annotations

import functools

import pytest

from dashboard import i18n, metrics, slides
from dashboard.schema import Filters
from tests.browser.browser_util import (
    EXCEPTION,
    has_georgian,
    heading,
    open_page,
    page_url,
    query,
    wait_heading,
    y_ticks,
)
from tools.serving import wait_idle

pytestmark = pytest.mark.browser

CHROME = ('[data-testid="stSidebar"]', '[data-testid="stHeader"]', '[data-testid="stToolbar"]',
          '[data-testid="stDecoration"]', '[data-testid="stSidebarNav"]')
SLIDE_CHART = '.st-key-present_slide [data-testid="ogpChart"]'


@pytest.fixture(scope="module")
def slide_title(bundled_dataset):
    """slide_title(n, lang): the title of slide n as the app shows it (built from the bundled data, as the app
    builds it)."""
    cur = bundled_dataset.con.cursor()

    @functools.cache
    def titles(lang: str) -> tuple[str, ...]:
        return tuple(s.title for s in slides.build_slides(lambda name: metrics.run(cur, name, Filters()), lang))

    return lambda n, lang: titles(lang)[n - 1]


def _wait_slide(page, slide_title, n: int, lang: str) -> None:
    page.wait_for_function("n => new URLSearchParams(location.search).get('page') === String(n)", arg=n)
    wait_heading(page, slide_title(n, lang))
    page.wait_for_selector(f"{SLIDE_CHART} .main-svg")
    wait_idle(page)


def _visible(page, selector: str) -> bool:
    loc = page.locator(selector)
    return loc.count() > 0 and loc.first.is_visible()


def test_presentation_hides_chrome_and_navigates(server, shared_page, slide_title):
    page = shared_page
    lang = "ka"
    page.goto(page_url(server.url, "overview", lang=lang, present="1", page="1"))
    _wait_slide(page, slide_title, 1, lang)
    assert page.locator(EXCEPTION).count() == 0
    for sel in CHROME:
        assert not _visible(page, sel), sel
    assert page.locator(SLIDE_CHART).count() == 1          # one chart per screen
    finding = page.locator(".st-key-present_finding").inner_text().strip()
    assert finding and has_georgian(finding)
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    assert size >= 36                                      # large type
    assert page.evaluate("""() => [...document.querySelectorAll('h1, p, button, span')]
                                 .every(e => getComputedStyle(e).textTransform === 'none')""")
    assert page.locator(".st-key-present_prev button").is_disabled()

    # buttons
    page.locator(".st-key-present_next button").click()
    _wait_slide(page, slide_title, 2, lang)
    assert heading(page) != slide_title(1, lang)
    # keyboard: ArrowRight / PageDown forward, ArrowLeft / PageUp back
    page.keyboard.press("ArrowRight")
    _wait_slide(page, slide_title, 3, lang)
    page.keyboard.press("PageDown")
    _wait_slide(page, slide_title, 4, lang)
    page.keyboard.press("PageUp")
    _wait_slide(page, slide_title, 3, lang)
    page.keyboard.press("ArrowLeft")
    _wait_slide(page, slide_title, 2, lang)
    page.locator(".st-key-present_prev button").click()
    _wait_slide(page, slide_title, 1, lang)
    assert query(page) == {"lang": "ka", "present": "1", "page": "1"}

    # the last slide: a page number beyond the end is clamped, Next is disabled
    total = len(slides.SLIDES)
    page.goto(page_url(server.url, "overview", lang=lang, present="1", page="99"))
    _wait_slide(page, slide_title, total, lang)
    assert page.locator(".st-key-present_next button").is_disabled()

    # Escape (or the exit button) leaves presentation mode and brings the sidebar back
    page.keyboard.press("Escape")
    wait_heading(page, i18n.t("page.overview.title", lang))
    assert "present" not in query(page) and query(page)["lang"] == lang
    assert page.locator('[data-testid="stSidebar"]').is_visible()


def test_filters_and_language_of_the_url_apply(server, shared_page):
    page = shared_page
    page.goto(page_url(server.url, "overview", lang="en", present="1", page="1", jurisdiction="rustavi"))
    wait_heading(page, i18n.t("chart.completion.title_jurisdiction", "en"))
    page.wait_for_selector(f"{SLIDE_CHART} .main-svg")
    ticks = y_ticks(page.locator(SLIDE_CHART))
    assert ticks == ["Rustavi"]
    # the next slide keeps the filter in the URL
    page.locator(".st-key-present_next button").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('page') === '2'")
    wait_idle(page)
    assert query(page)["jurisdiction"] == "rustavi" and query(page)["lang"] == "en"


def test_sidebar_toggle_enters_at_the_page_slides(server, shared_page, slide_title):
    page = shared_page
    open_page(page, server.url, "timeline", "en")
    page.locator('[data-testid="stSidebar"] .st-key-w_enter_present button').first.click()
    first = slides.first_slide_of("timeline")
    page.wait_for_function("n => new URLSearchParams(location.search).get('page') === String(n)", arg=first)
    wait_heading(page, slide_title(first, "en"))
    assert query(page)["present"] == "1"
    assert not _visible(page, '[data-testid="stSidebar"]')
    page.locator(".st-key-w_exit_present button").click()
    wait_heading(page, i18n.t("page.timeline.title", "en"))  # back on the page it was entered from
    assert page.locator('[data-testid="stSidebar"]').is_visible()
