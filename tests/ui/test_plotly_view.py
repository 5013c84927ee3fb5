"""The charts' plotly.js (dashboard/ui/plotly_view.py): the bundle in static/ is the plotly.js of the installed plotly
package, every figure of every page and slide uses only the bundle's trace types, and each chart is sent with its
label, its language's locale and the static URLs under any base path. In Chromium: tests/browser/test_plotly_view.py."""

from __future__ import annotations

import json
import re

import plotly.offline
import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from dashboard import REPO_DIR, exports, i18n, metrics, slides
from dashboard.exports.images import PLOTLY_TEXTS
from dashboard.schema import Filters
from dashboard.ui import plotly_view
from dashboard.ui.app import CHART_PAGES, PAGES
from tools import apptest
from tools.apptest import open_page

STATIC = REPO_DIR / "static"


def test_bundle_is_the_plotly_js_of_the_installed_plotly():
    """The figures come from plotly (Python); plotly.js must be the version its schema was written for."""
    assert plotly_view.PLOTLY_JS_VERSION == plotly.offline.get_plotlyjs_version()
    head = (STATIC / plotly_view.BUNDLE).read_text(encoding="utf-8")[:300]
    assert re.match(r"/\*! plotly\.js v(\S+) ", head).group(1) == plotly_view.PLOTLY_JS_VERSION
    built = json.loads((REPO_DIR / "scripts/plotly_bundle/package.json").read_text(encoding="utf-8"))
    assert built["dependencies"]["plotly.js"] == plotly_view.PLOTLY_JS_VERSION
    for name in plotly_view.LOCALES.values():
        locale = (STATIC / name).read_text(encoding="utf-8")
        assert 'moduleType:"locale",name:"ka"' in locale and "Plotly.register(locale)" in locale
    assert "MIT License" in (STATIC / "plotly.js-LICENSE.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("base, expected", [("", "/app/static/x.js"), ("/ogp/", "/ogp/app/static/x.js"),
                                            ("a/b", "/a/b/app/static/x.js")])
def test_static_url_follows_the_base_path(base, expected):
    before = st_config.get_option("server.baseUrlPath")
    st_config.set_option("server.baseUrlPath", base)
    try:
        assert plotly_view.static_url("x.js") == expected
    finally:
        st_config.set_option("server.baseUrlPath", before)


def _charts_of_every_page(lang: str, **query: str) -> list[tuple[str, dict]]:
    """(page, component data) of every chart on every page of the navigation; checks on the way that plotly.js is
    preloaded on exactly the pages that draw charts (app.CHART_PAGES)."""
    out = []
    for name, _url, _icon in PAGES:
        at = AppTest.from_file(str(REPO_DIR / "streamlit_app.py"), default_timeout=60)
        at.query_params.update({"lang": lang, **query})
        at.run()
        if name != PAGES[0][0]:
            open_page(at, name).run()
        assert not at.exception, (name, [e.value for e in at.exception])
        out += [(name, json.loads(el.proto.json)) for el in apptest.charts(at)]
        preloads = [json.loads(el.proto.json) for el in at.get("bidi_component")
                    if el.proto.component_name == plotly_view.PRELOAD_COMPONENT]
        assert bool(apptest.charts(at)) == (name in CHART_PAGES) == bool(preloads), name
        assert all(p["bundle"].endswith(plotly_view.BUNDLE) and "figure" not in p for p in preloads)
    return out


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_chart_uses_only_the_bundles_trace_types(lang):
    charts = _charts_of_every_page(lang)
    assert {name for name, _ in charts} >= {"overview", "municipalities", "themes_sdgs", "timeline", "assessments"}
    used = set()
    for name, data in charts:
        figure = json.loads(data["figure"])
        used |= {trace.get("type", "scatter") for trace in figure["data"]}
        assert data["bundle"] == "/app/static/" + plotly_view.BUNDLE
        title = re.sub(r"<br\s*/?>", " ", figure["layout"]["title"]["text"])  # the label is plain text
        assert data["label"] and data["label"] == title, name
        assert data["failed"] == i18n.t("widget.chart_not_loaded", lang)
        assert data["config"]["locale"] == lang
        assert data["locale"] == ("/app/static/" + plotly_view.LOCALES["ka"] if lang == "ka" else None)
    assert used and used <= plotly_view.TRACE_TYPES, used - plotly_view.TRACE_TYPES


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_slide_uses_only_the_bundles_trace_types(bundled_dataset, lang):
    """Presentation mode draws every slide of slides.build_slides through the same component."""
    cursor = bundled_dataset.con.cursor()
    built = slides.build_slides(lambda name: metrics.run(cursor, name, Filters()), lang)
    figures = [s.figure for s in built if s.figure is not None]
    assert len(figures) >= 5
    used = {trace.type or "scatter" for fig in figures for trace in fig.data}
    assert used <= plotly_view.TRACE_TYPES, used - plotly_view.TRACE_TYPES


def test_plotly_texts_are_asked_for_by_the_bundle_and_georgian_in_georgian():
    """exports.PLOTLY_TEXTS are plotly.js's own texts (the bundle localises exactly these strings), and the
    Georgian config carries a Georgian text for each; the English config needs none."""
    bundle = (STATIC / plotly_view.BUNDLE).read_text(encoding="utf-8")
    for english in PLOTLY_TEXTS:
        assert f'"{english}")' in bundle, english
    ka = exports.plotly_config("ka", "x")["locales"]["ka"]["dictionary"]
    assert set(ka) == set(PLOTLY_TEXTS)
    assert all(re.search("[\u10d0-\u10ff]", text) for text in ka.values())
    assert "locales" not in exports.plotly_config("en", "x")
    for lang in i18n.LANGS:  # plotly.js 4's "Share chart" button would send the data to Plotly's cloud
        assert exports.plotly_config(lang, "x")["showSendToCloud"] is False
