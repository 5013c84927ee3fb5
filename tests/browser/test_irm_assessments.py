"""The "Government and independent assessments" page in Debian's Chromium, in both languages: its four charts
drawn with titles in the page language, the source filter in the URL, and no request beyond localhost."""

from __future__ import annotations

import pytest

from dashboard import i18n
from tests.browser.browser_util import (
    EXCEPTION,
    chart_texts,
    has_georgian,
    heading,
    open_page,
    query,
    wait_charts,
    wait_heading,
)

pytestmark = pytest.mark.browser

TITLES = ("chart.assessment_coverage.title", "chart.agreement.title", "chart.moves.title",
          "chart.open_government.title")


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_assessments_page_in_both_languages(server, shared_page, shared_context, lang):
    page = shared_page
    open_page(page, server.url, "assessments", lang, dataframes=True)
    page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot .gtitle').length >= n",
                           arg=len(TITLES), timeout=45_000)
    assert page.locator(EXCEPTION).count() == 0
    assert heading(page) == i18n.t("page.assessments.title", lang)
    titles = chart_texts(page)["titles"]
    for key in TITLES:
        assert i18n.t(key, lang) in titles, (key, titles)
    assert has_georgian(" ".join(titles)) == (lang == "ka")
    body = page.locator("body").inner_text()
    assert i18n.t("page.assessments.metric.portal", lang) in body
    assert i18n.t("page.assessments.no_disagreement", lang) in body
    assert shared_context.outside_requests == []


def test_source_filter_goes_to_the_url(server, shared_page):
    page = shared_page
    open_page(page, server.url, "assessments", "en")
    page.locator('[data-testid="stButtonGroup"] button', has_text=i18n.t("assessment_source.irm", "en")).click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('source') === 'irm'", timeout=30_000)
    wait_heading(page, i18n.t("page.assessments.title", "en"))
    wait_charts(page)
    assert query(page)["source"] == "irm"
    assert i18n.t("page.assessments.source_note", "en") in page.locator("body").inner_text()
    titles = chart_texts(page)["titles"]
    assert i18n.t("chart.agreement.title", "en") not in titles
    assert i18n.t("chart.open_government.title", "en") in titles
