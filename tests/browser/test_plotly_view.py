"""The charts' plotly.js in Debian's Chromium (dashboard/ui/plotly_view.py): the cartesian bundle draws every chart,
is fetched once per page and declares exactly plotly_view.TRACE_TYPES; Streamlit's own Plotly chunk is never
fetched; Georgian pages load plotly.js's Georgian locale; a chart follows the column's width; and when the bundle
cannot be loaded each chart says so in the page's language."""

from __future__ import annotations

import pytest

from dashboard import i18n
from dashboard.ui import plotly_view
from tests.browser.browser_util import EXCEPTION, has_georgian, open_page, page_url, wait_heading

pytestmark = pytest.mark.browser

CHART = '[data-testid="ogpChart"]'


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_bundle_draws_every_chart_and_is_fetched_once(server, context, page, lang):
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    open_page(page, server.url, "overview", lang)
    assert page.locator(EXCEPTION).count() == 0
    drawn = page.locator(f"{CHART} .main-svg").count()
    assert drawn >= 2
    assert sum(url.endswith("/app/static/" + plotly_view.BUNDLE) for url in fetched) == 1
    assert not [url for url in fetched if "PlotlyChart" in url]  # st.plotly_chart's 4.7 MB chunk
    assert any(url.endswith("/app/static/" + plotly_view.LOCALES["ka"]) for url in fetched) == (lang == "ka")
    traces = page.evaluate("() => Object.keys(window.Plotly.PlotSchema.get().traces).sort()")
    assert set(traces) == plotly_view.TRACE_TYPES
    assert page.evaluate("() => window.Plotly.version") == plotly_view.PLOTLY_JS_VERSION
    # Each chart is a figure named by its title, for screen readers.
    labels = page.locator(CHART).evaluate_all("els => els.map(e => [e.getAttribute('role'), e.ariaLabel])")
    assert all(role == "figure" and label for role, label in labels)
    assert context.outside_requests == []
    # plotly.js's own texts (modebar buttons) follow the language: Georgian from the catalogs.
    titles = page.locator(f"{CHART} .modebar-btn").evaluate_all("els => els.map(e => e.dataset.title)")
    assert titles and all(has_georgian(t) == (lang == "ka") for t in titles), titles
    # No button that sends data elsewhere (plotly.js 4 offers "Share chart..." to its cloud unless told not to).
    assert not [t for t in titles if "Share" in t or "გაზიარ" in t]


def test_chart_follows_the_column_width(server, context, page):
    open_page(page, server.url, "overview", "en")
    svg = page.locator(f"{CHART} .main-svg").first

    def width() -> float:
        return float(svg.get_attribute("width"))

    wide = width()
    page.set_viewport_size({"width": 700, "height": 1000})
    page.wait_for_function("([sel, w]) => parseFloat(document.querySelector(sel).getAttribute('width')) < w",
                           arg=[f"{CHART} .main-svg", wide - 100])
    assert width() < wide - 100
    container = page.locator(CHART).first.bounding_box()["width"]
    assert abs(width() - container) <= 2


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_bundle_that_does_not_load_is_said_in_the_pages_language(server, context, page, lang):
    page.route(f"**/app/static/{plotly_view.BUNDLE}", lambda route: route.abort())
    page.goto(page_url(server.url, "overview", lang=lang))
    wait_heading(page, i18n.t("page.overview.title", lang))
    message = i18n.t("widget.chart_not_loaded", lang)
    page.locator(".ogp-chart-failed").first.wait_for(timeout=30_000)
    notes = page.locator(".ogp-chart-failed").all_text_contents()
    assert notes and all(note == message for note in notes)
    assert page.locator(f"{CHART} .main-svg").count() == 0
