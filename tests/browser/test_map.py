"""The municipality map in Debian's Chromium: drawn in both languages with no request beyond the app (no tile or
world-map server), readable on a 390 px wide phone screen and in presentation mode, and choosing a unit filters
the view and the URL. Screenshots go to the test's tmp directory."""

from __future__ import annotations

import pytest

from dashboard import i18n, slides
from tests.browser.browser_util import (
    EXCEPTION,
    has_georgian,
    new_guarded_context,
    open_page,
    page_url,
    query,
    wait_heading,
)
from tools.serving import wait_idle

pytestmark = pytest.mark.browser

MAP_UNITS = 74


def _map(page, lang: str):
    """The map's chart: the one plotly chart carrying the OpenStreetMap attribution (its title wraps on two lines)."""
    m = page.locator('[data-testid="ogpChart"]').filter(
        has=page.locator("text", has_text="© OpenStreetMap contributors")).first
    m.locator(".scatterlayer .trace").nth(MAP_UNITS - 1).wait_for(state="attached")
    m.scroll_into_view_if_needed()
    title = " ".join(m.locator(".gtitle tspan").all_text_contents()) or (m.locator(".gtitle").text_content() or "")
    assert title.split() == i18n.t("chart.map.title_commitments", lang).split()
    return m


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_map_draws_with_no_outside_request(server, context, page, lang, tmp_path):
    open_page(page, server.url, "municipalities", lang)
    assert page.locator(EXCEPTION).count() == 0
    m = _map(page, lang)
    assert m.locator(".scatterlayer .trace").count() == MAP_UNITS
    drawn = m.inner_text()
    assert "© OpenStreetMap contributors" in drawn
    assert has_georgian(drawn) == (lang == "ka")
    box = m.bounding_box()
    assert box["width"] > 300 and box["height"] > 300
    m.screenshot(path=str(tmp_path / f"map_{lang}.png"))
    assert context.outside_requests == []


def test_map_on_a_phone(server, browser, tmp_path):
    ctx = new_guarded_context(browser)
    try:
        page = ctx.new_page()
        page.set_viewport_size({"width": 390, "height": 844})
        page.set_default_timeout(30_000)
        open_page(page, server.url, "municipalities", "ka")
        m = _map(page, "ka")
        box = m.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1
        assert box["height"] >= 200                       # the country is not squashed to a strip
        # The units are drawn inside the chart, not cut off: the drawn shapes fit its width.
        shapes = m.locator(".scatterlayer").bounding_box()
        assert shapes["width"] >= 250 and shapes["x"] + shapes["width"] <= 390 + 1
        title = m.locator(".gtitle").bounding_box()           # the Georgian title wraps, not cut at the edge
        assert title["x"] + title["width"] <= 390 + 1
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390 + 1
        page.screenshot(path=str(tmp_path / "map_phone.png"), full_page=False)
        assert ctx.outside_requests == []
    finally:
        ctx.close()


def test_map_in_presentation_mode(server, context, page, tmp_path):
    n = slides.SLIDE_KEYS.index("municipalities.map") + 1
    page.goto(page_url(server.url, "overview", lang="ka", present="1", page=str(n)))
    wait_heading(page, i18n.t("chart.map.title_commitments", "ka"))
    slide_chart = page.locator('.st-key-present_slide [data-testid="ogpChart"]')
    slide_chart.locator(".scatterlayer .trace").nth(MAP_UNITS - 1).wait_for(state="attached")
    wait_idle(page)
    assert page.locator(EXCEPTION).count() == 0
    assert "© OpenStreetMap contributors" in slide_chart.inner_text()
    assert slide_chart.bounding_box()["height"] >= 400
    page.screenshot(path=str(tmp_path / "map_present.png"))
    assert context.outside_requests == []


def test_choosing_a_unit_filters_view_and_url(server, context, page):
    open_page(page, server.url, "municipalities", "en")
    box = page.locator('[data-testid="stSelectbox"]').filter(
        has_text=i18n.t("page.municipalities.map_choose", "en")).first
    box.locator("input, [role=combobox]").first.click()
    page.locator('[role="option"]', has_text="Rustavi").first.click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('jurisdiction') === 'rustavi'")
    wait_idle(page)
    assert query(page)["jurisdiction"] == "rustavi"
    m = _map(page, "en")
    assert m.locator(".scatterlayer .trace").count() == MAP_UNITS
    assert context.outside_requests == []
