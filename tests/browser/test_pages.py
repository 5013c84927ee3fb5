"""The real app in Debian's Chromium: every page in both languages, the language switch, a filter, a copied link,
the Georgian web font, and no request beyond localhost."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from dashboard import i18n, metrics
from dashboard.schema import Filters
from dashboard.ui.app import PAGES
from tests.browser.browser_util import (
    CHART_PAGES,
    EXCEPTION,
    TITLE_KEYS,
    URLS,
    chart,
    chart_texts,
    chips,
    has_georgian,
    heading,
    new_guarded_context,
    open_page,
    pick,
    query,
    sidebar_multiselect,
    wait_charts,
    wait_heading,
    y_ticks,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_page_opens(server, shared_page, shared_context, lang):
    page = shared_page
    for name in URLS:
        open_page(page, server.url, name, lang)
        assert page.locator(EXCEPTION).count() == 0, (name, page.locator(EXCEPTION).first.inner_text())
        assert page.locator("h1").first.is_visible()
        assert heading(page) == i18n.t(TITLE_KEYS[name], lang)
        assert page.locator('[data-testid="stSidebar"]').is_visible()
        assert query(page)["lang"] == lang
        if name in CHART_PAGES:
            texts = chart_texts(page)
            assert texts["titles"], name
            drawn = " ".join(texts["titles"] + texts["x"] + texts["y"])
            assert has_georgian(drawn) == (lang == "ka"), (name, drawn)
    assert shared_context.outside_requests == []


def test_overview_path_opens_the_overview(server, shared_page):
    """/overview (the first page's own path) shows the Overview at "/" with the same view, no "Page not found"."""
    page = shared_page
    page.goto(f"{server.url}/{PAGES[0][1]}?lang=ka&jurisdiction=rustavi")
    wait_heading(page, i18n.t("page.overview.title", "ka"))
    wait_charts(page)
    assert page.locator('[role="dialog"]').count() == 0
    assert page.locator(EXCEPTION).count() == 0
    assert urlparse(page.url).path.rstrip("/") == ""
    assert query(page)["lang"] == "ka" and query(page)["jurisdiction"] == "rustavi"


def test_language_switch_changes_headings_titles_and_axes(server, shared_page):
    page = shared_page
    open_page(page, server.url, "themes_sdgs", "en")
    before = chart_texts(page)
    en_heading = heading(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label', has_text=i18n.t("lang.ka", "en")).click()
    wait_heading(page, i18n.t("page.themes_sdgs.title", "ka"))
    wait_charts(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot .gtitle')]"
        ".some(t => /[\u10a0-\u10ff]/.test(t.textContent))")
    after = chart_texts(page)
    assert query(page)["lang"] == "ka"
    assert heading(page) != en_heading
    assert i18n.t("chart.completion.title_theme", "en") in before["titles"]
    assert i18n.t("chart.completion.title_theme", "ka") in after["titles"]
    for part in ("titles", "x"):
        assert before[part] and after[part]
        assert not set(before[part]) & set(after[part]), part
        assert all(has_georgian(t) for t in after[part]), after[part]
        assert not any(has_georgian(t) for t in before[part]), before[part]
    # the sidebar follows: filter labels in Georgian
    assert sidebar_multiselect(page, i18n.t("filter.theme", "ka")).count() == 1


def test_filter_changes_chart_and_url_and_the_link_reproduces_the_view(server, shared_page, browser,
                                                                       bundled_dataset):
    lang = "ka"
    ds = bundled_dataset
    rows = metrics.run(ds.con.cursor(), "completion_by_jurisdiction", Filters(jurisdiction=("rustavi",)))
    all_rows = metrics.run(ds.con.cursor(), "completion_by_jurisdiction", Filters())
    rustavi = str(all_rows.set_index("jurisdiction_id").loc["rustavi", "name_ka"])
    title = i18n.t("chart.completion.title_jurisdiction", lang)

    page = shared_page
    open_page(page, server.url, "overview", lang)
    bars = chart(page, title)
    assert len(y_ticks(bars)) == len(all_rows)
    box = sidebar_multiselect(page, i18n.t("filter.jurisdiction", lang))
    pick(page, box, rustavi)
    page.wait_for_function("() => location.search.includes('jurisdiction=rustavi')")
    page.wait_for_function(
        """n => { const c = [...document.querySelectorAll('[data-testid="ogpChart"]')]
                   .find(e => e.querySelector('.gtitle') && e.querySelector('.gtitle').textContent.length);
                  return c && c.querySelectorAll('.yaxislayer-above .ytick text').length === n; }""",
        arg=len(rows))
    wait_charts(page)
    ticks = y_ticks(chart(page, title))
    assert len(ticks) == len(rows) == 1 and rustavi in ticks[0]
    assert query(page)["jurisdiction"] == "rustavi" and query(page)["lang"] == "ka"
    link = page.url

    fresh = new_guarded_context(browser)
    try:
        other = fresh.new_page()
        other.goto(link)
        wait_heading(other, i18n.t("page.overview.title", lang))
        wait_charts(other)
        box = sidebar_multiselect(other, i18n.t("filter.jurisdiction", lang))
        box.locator('[data-testid="stMultiSelectTagsContainer"] [data-tag]').first.wait_for(state="attached")
        assert chips(box) == [rustavi]
        other.wait_for_function(  # the chart may still be drawing when the page is idle on a busy machine
            """([t, n]) => { const c = [...document.querySelectorAll('[data-testid="ogpChart"]')]
                   .find(e => e.querySelector('.gtitle') && e.querySelector('.gtitle').textContent.includes(t));
                  return c && c.querySelectorAll('.yaxislayer-above .ytick text').length === n; }""",
            arg=[title, len(ticks)], timeout=45_000)
        assert y_ticks(chart(other, title)) == ticks
        checked = other.locator('[data-testid="stSidebar"] [data-testid="stRadio"] input:checked')
        assert checked.count() == 1
        assert query(other) == query(page)
        assert fresh.outside_requests == []
    finally:
        fresh.close()


def test_georgian_is_drawn_with_the_bundled_georgian_font(server, shared_page, shared_context):
    page = shared_page
    open_page(page, server.url, "overview", "ka")
    faces = page.evaluate(
        """async () => { await document.fonts.ready;
             return [...document.fonts].map(f => [f.family.replace(/["']/g, ''), f.status, f.weight]); }""")
    georgian = [f for f in faces if f[0] == "Noto Sans Georgian"]
    assert georgian and any(status == "loaded" for _fam, status, _w in georgian), faces
    family = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "Noto Sans Georgian" in family
    # What the renderer actually used for the heading's glyphs (not only the CSS): the web font served by the app.
    cdp = shared_context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    used = {f["familyName"]: f for f in fonts}
    assert "Noto Sans Georgian" in used, fonts
    assert used["Noto Sans Georgian"]["glyphCount"] >= len(heading(page).replace(" ", "")) - 1
    assert used["Noto Sans Georgian"].get("isCustomFont") is True, fonts  # the app's font file, not a system one
    assert shared_context.outside_requests == []


def test_overview_first_load_is_one_script_run_without_the_data_grid(server, context):
    """A new browser opening the Overview: one script run (the URL is already canonical, so nothing writes the
    query string or switches page), no second run; the seven-row coverage table is text, so the data grid's
    front-end code (DataFrame and its Arrow/moment chunks, ~1.7 MB) is not fetched before the page is shown."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    page = context.new_page()
    runs, requests = [], []

    def on_ws(ws):
        def sent(payload):
            if isinstance(payload, bytes):
                msg = BackMsg()
                msg.ParseFromString(payload)
                if msg.WhichOneof("type") == "rerun_script":
                    runs.append(msg.rerun_script.query_string)
        ws.on("framesent", sent)

    page.on("websocket", on_ws)
    page.on("request", lambda r: requests.append(urlparse(r.url).path))
    open_page(page, server.url, "overview", "en")
    page.wait_for_timeout(500)
    assert runs == ["lang=en"]
    assert not [p for p in requests if p.rsplit("/", 1)[-1].startswith(("DataFrame.", "arrowFormatUtils."))]
    table = page.locator('[data-testid="stMarkdownContainer"] table').filter(
        has_text=i18n.t("page.overview.coverage.field", "en"))
    assert table.locator("tbody tr").count() == 7
    assert page.locator(EXCEPTION).count() == 0
