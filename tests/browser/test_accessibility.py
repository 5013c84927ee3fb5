"""Accessibility in the real browser: axe-core (WCAG 2.1 A/AA rules, the copy shipped in the PyPI package
axe-playwright-python, injected into the page: no network at test time) over every page of
dashboard.ui.app.PAGES in every language and over every slide of presentation mode; the document's language
following the page's; and a keyboard-only walk through the language switch, a filter and a chart's table
alternative."""

from __future__ import annotations

import functools

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard import i18n, metrics, slides
from dashboard.schema import Filters
from tests.browser.browser_util import (
    URLS,
    open_page,
    page_url,
    query,
    sidebar_multiselect,
    wait_charts,
    wait_heading,
)
from tools.serving import wait_idle

pytestmark = pytest.mark.browser

axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright",
                                     reason="axe-playwright-python is in the test extra (pip install -e '.[test]')")

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
BLOCKING = ("serious", "critical")
SLIDE_CHART = '.st-key-present_slide [data-testid="ogpChart"] .main-svg'


@functools.cache
def _axe():
    return axe_playwright.Axe()


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as drawn now, one readable line each
    (rule, impact, how many elements, the first element and axe's summary of what is wrong)."""
    found = _axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements) at {v['nodes'][0]['target']}: "
            f"{v['nodes'][0].get('failureSummary', '')}"
            for v in found if v["impact"] in BLOCKING]


def html_lang(page, expected: str | None = None) -> str:
    """The document's language; with `expected`, after waiting up to 10 s for it (the frame's script runs when its
    element is drawn, which on a page of many charts can come after the heading)."""
    if expected is not None:
        try:
            page.wait_for_function("(l) => document.documentElement.lang === l", arg=expected, timeout=10_000)
        except PlaywrightTimeout:  # the assertion that follows reports what the document says
            pass
    return page.evaluate("() => document.documentElement.lang")


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_page_has_no_serious_violation(server, shared_page, lang):
    """Every page in PAGES (a new page is covered without a change here), in each language."""
    page = shared_page
    problems = {}
    for name in URLS:
        open_page(page, server.url, name, lang)
        assert html_lang(page, lang) == lang, name
        found = blocking_violations(page)
        if found:
            problems[name] = found
    assert problems == {}


@pytest.fixture(scope="module")
def slide_titles(bundled_dataset):
    cur = bundled_dataset.con.cursor()

    @functools.cache
    def titles(lang: str) -> tuple[str, ...]:
        return tuple(s.title for s in slides.build_slides(lambda name: metrics.run(cur, name, Filters()), lang))

    return titles


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_slide_has_no_serious_violation(server, shared_page, slide_titles, lang):
    page = shared_page
    problems = {}
    for n, title in enumerate(slide_titles(lang), start=1):
        page.goto(page_url(server.url, "overview", lang=lang, present="1", page=str(n)))
        wait_heading(page, title)
        if page.locator('.st-key-present_slide [data-testid="ogpChart"]').count():
            page.wait_for_selector(SLIDE_CHART)
        wait_idle(page)
        assert html_lang(page, lang) == lang
        found = blocking_violations(page)
        if found:
            problems[n] = found
    assert problems == {}


# ------------------------------------------------------------------------------------------------ keyboard only

def tab_to(page, predicate: str, what: str, limit: int = 150) -> None:
    """Press Tab until the focused element satisfies `predicate` (a JS function of the element); fail naming
    `what` if it is never reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate})(el); }}"):
            return
    pytest.fail(f"{what} was never reached with Tab ({limit} presses)")


def test_keyboard_only_language_filter_and_table(server, page):
    """From a fresh Overview, with the keyboard alone: switch the language, choose a jurisdiction, open the first
    chart's table alternative; each is reached by Tab and does what it says. The opened table passes axe too."""
    open_page(page, server.url, "overview", "en")
    assert html_lang(page, "en") == "en"

    # 1. The language switch: a radio group, reached by Tab; the arrow key selects the next language.
    tab_to(page, "el => el.type === 'radio' && !!el.closest('[data-testid=\"stSidebar\"] [data-testid=\"stRadio\"]')",
           "the language switch")
    page.keyboard.press("ArrowRight")
    wait_heading(page, i18n.t("page.overview.title", "ka"))
    wait_charts(page)
    assert query(page)["lang"] == "ka"
    assert html_lang(page, "ka") == "ka"

    # 2. A filter: the jurisdiction multiselect, reached by Tab; type, Enter chooses, Escape closes the list.
    label = i18n.t("filter.jurisdiction", "ka")
    box = sidebar_multiselect(page, label)
    box_handle = box.element_handle()
    tab_to(page, "el => el.tagName === 'INPUT' && !!el.closest('[data-testid=\"stMultiSelect\"]')"
                 f" && el.closest('[data-testid=\"stMultiSelect\"]').innerText.includes({label!r})",
           "the jurisdiction filter")
    assert box_handle.evaluate("(b) => b.contains(document.activeElement)")
    page.keyboard.type("რუსთავი")  # Rustavi's Georgian name in data/jurisdictions.csv
    page.locator('[role="option"]').first.wait_for()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => new URLSearchParams(location.search).get('jurisdiction') === 'rustavi'")
    wait_idle(page)
    wait_charts(page)

    # 3. The first chart's table alternative: an expander reached by Tab, opened with Enter.
    summary = i18n.t("widget.table_alternative", "ka")
    tab_to(page, f"el => el.tagName === 'SUMMARY' && el.innerText.includes({summary!r})", "the chart's table")
    page.keyboard.press("Enter")
    expander = page.locator('[data-testid="stExpander"]').filter(has_text=summary).first
    expander.locator('[data-testid="stDataFrame"], [data-testid="stCaptionContainer"]').first.wait_for()
    wait_idle(page)
    assert expander.locator("details").get_attribute("open") is not None
    assert blocking_violations(page) == []
