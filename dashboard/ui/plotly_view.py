"""Charts on the page, drawn by the dashboard's own plotly.js bundle instead of `st.plotly_chart`.

`st.plotly_chart` makes the browser fetch Streamlit's Plotly chunk: the whole of plotly.js, 4.7 MB (1.4 MB
gzipped) and ~1.8 s of main-thread work before the first chart (docs/benchmarks.md, "First visit"). Every chart
here is a bar chart, a heatmap or scatter (lines, markers; the map is filled scatter shapes, charts/map.py), so a
Streamlit component (`st.components.v2`: in the page, no iframe) draws each figure with plotly.js built with only
those trace types (scripts/plotly_bundle): 1.26 MB (0.42 MB gzipped) and ~0.15 s to load, fetched once per page
from the app's static files (static/README.md), with plotly.js's Georgian locale beside it.

    plotly_view.show(fig, key="chart_overview", config=exports.plotly_config(lang, title), label=title,
                     failed=ctx.t("widget.chart_not_loaded"))

The bundle's version is plotly.js's version in the installed plotly package (the figures' schema), checked by
tests/ui/test_plotly_view.py; `TRACE_TYPES` is what the bundle draws, checked against the bundle itself in
Chromium (tests/browser/test_plotly_view.py), and every figure of every page and slide uses only those.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import streamlit as st

PLOTLY_JS_VERSION = "4.1.1"
BUNDLE = f"plotly-ogp-{PLOTLY_JS_VERSION}.min.js"
LOCALES = {"ka": f"plotly-locale-ka-{PLOTLY_JS_VERSION}.js"}
# The trace types of the bundle (scripts/plotly_bundle/entry.js; Plotly.PlotSchema in the browser test).
TRACE_TYPES = frozenset({"bar", "heatmap", "scatter"})

_JS = (Path(__file__).with_suffix(".js")).read_text(encoding="utf-8")
COMPONENT = "ogp_plotly_chart"
_chart = st.components.v2.component(COMPONENT, js=_JS, isolate_styles=False)
# The same code without a figure: starts fetching and running plotly.js while the rest of the page is on its way.
PRELOAD_COMPONENT = "ogp_plotly_preload"
_preload = st.components.v2.component(PRELOAD_COMPONENT, js=_JS, isolate_styles=False)


def static_url(name: str) -> str:
    """The URL path of a file in the app's static folder (`server.enableStaticServing`), under any base path."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/app/static/{name}" if base else f"/app/static/{name}"


def _scripts(lang: str) -> dict[str, str | None]:
    locale = LOCALES.get(lang)
    return {"bundle": static_url(BUNDLE), "locale": static_url(locale) if locale else None}


def preload(lang: str) -> None:
    """Start loading plotly.js (and `lang`'s locale) now: call it early in the run of a page with charts, inside a
    hidden container. The first chart then waits for no download (docs/benchmarks.md, "First visit")."""
    _preload(key="plotly_preload", width="stretch", height="content", data=_scripts(lang))


def show(fig: go.Figure, *, key: str, config: dict[str, Any], label: str, failed: str) -> None:
    """Draw `fig` across the column. `config` is plotly.js's (exports.plotly_config); `label` names the chart for
    screen readers (role "figure"); `failed` is shown instead if the browser could not load plotly.js."""
    _chart(key=key, width="stretch", height="content", data={
        "figure": getattr(fig, "_dash_json", None) or fig.to_json(),  # cached with the figure (widgets.py)
        "config": config, "label": label, "failed": failed,
        **_scripts(str(config.get("locale", ""))),
    })
