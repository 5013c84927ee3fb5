"""Helpers for the browser tests: open a page of the running app, wait for Streamlit and the charts, read what the
browser drew (headings, plotly SVG text, widget values); a browser context that aborts every request beyond
localhost."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlparse

from dashboard import i18n
from dashboard.ui.app import PAGES
from tools.serving import wait_idle

# The default (first) page lives at the root ("/overview" also leads there: tests/browser/test_pages.py).
URLS = {name: "" if i == 0 else url for i, (name, url, _icon) in enumerate(PAGES)}
TITLE_KEYS = {name: f"page.{name}.title" for name in URLS}
CHART_PAGES = ("overview", "municipalities", "themes_sdgs", "timeline")
EXCEPTION = '[data-testid="stException"]'
GEORGIAN = re.compile("[\u10a0-\u10ff\u1c90-\u1cbf]")


def has_georgian(text: str) -> bool:
    return bool(GEORGIAN.search(text or ""))


def page_url(base: str, name: str = "overview", **params: str) -> str:
    query = urlencode(params)
    return f"{base}/{URLS[name]}" + (f"?{query}" if query else "")


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def heading(page) -> str:
    return page.locator("h1").first.inner_text().strip()


def wait_heading(page, text: str, timeout: float = 45_000) -> None:
    """Wait until the page's first h1 reads `text`, then until Streamlit is idle."""
    page.wait_for_function(
        "t => { const h = document.querySelector('h1'); return h && h.innerText.trim() === t; }",
        arg=text, timeout=timeout)
    wait_idle(page)


def wait_charts(page, timeout: float = 45_000, dataframes: bool = False) -> None:
    """Wait until every plotly chart shown on the page has drawn its SVG; with `dataframes`, also scroll every
    shown dataframe into view (they draw lazily) and wait for its canvas."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="ogpChart"]')]
                   .filter(e => !e.closest('details:not([open]), [hidden]'))
                   .every(c => c.querySelector('.main-svg'))""", timeout=timeout)
    if dataframes:
        frames = page.locator('[data-testid="stDataFrame"]')
        for i in range(frames.count()):
            frame = frames.nth(i)
            if not frame.is_visible() or frame.evaluate("e => !!e.closest('details:not([open])')"):
                continue
            frame.scroll_into_view_if_needed()
            frame.locator("canvas").first.wait_for(state="attached", timeout=timeout)
        page.evaluate("() => window.scrollTo(0, 0)")


def open_page(page, base: str, name: str, lang: str, dataframes: bool = False, **params: str) -> None:
    """Go to a page and wait for its heading, the end of the script run and (on chart pages) its charts."""
    page.goto(page_url(base, name, lang=lang, **params))
    wait_heading(page, i18n.t(TITLE_KEYS[name], lang))
    if name in CHART_PAGES:
        page.wait_for_selector('[data-testid="ogpChart"] .main-svg .gtitle', timeout=45_000)
        wait_idle(page)
    wait_charts(page, dataframes=dataframes)


def chart_texts(page) -> dict[str, list[str]]:
    """The title, x-axis and y-axis titles drawn in the SVG of every plotly chart on the page."""
    out = {}
    for sel, key in ((".js-plotly-plot .gtitle", "titles"), (".js-plotly-plot .xtitle", "x"),
                     (".js-plotly-plot .ytitle", "y")):
        out[key] = [t.strip() for t in page.locator(sel).all_text_contents() if t.strip()]
    return out


def chart(page, title: str):
    """The plotly chart whose drawn title is `title`."""
    return page.locator('[data-testid="ogpChart"]').filter(
        has=page.locator(".gtitle", has_text=title)).first


def y_ticks(chart_locator) -> list[str]:
    return [t.strip() for t in chart_locator.locator(".yaxislayer-above .ytick text").all_text_contents()]


def sidebar_multiselect(page, label: str):
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label).first


def pick(page, multiselect, option_text: str) -> None:
    """Choose one option of a Streamlit multiselect by typing it and pressing Enter."""
    multiselect.locator("input").click()
    page.keyboard.type(option_text)
    page.locator('[role="option"]', has_text=option_text).first.wait_for()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def chips(multiselect) -> list[str]:
    tags = multiselect.locator('[data-testid="stMultiSelectTagsContainer"] [data-tag]')
    return [tags.nth(i).get_attribute("aria-label") for i in range(tags.count())]


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
