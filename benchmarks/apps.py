"""Benchmark sections that run the app: each page under AppTest (server side) and in headless Chromium (browser),
each against the empty app (benchmarks/empty_app.py) measured in the same run, and the server's peak memory."""

from __future__ import annotations

import contextlib
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tools.apptest import open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tools.serving import Server

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "streamlit_app.py"
EMPTY_APP = Path(__file__).resolve().parent / "empty_app.py"
CHART_APP = Path(__file__).resolve().parent / "chart_app.py"
PAGES = ("overview", "municipalities", "themes_sdgs", "timeline", "commitments", "data_methodology")
QUICK_PAGES = ("overview",)


@contextlib.contextmanager
def data_env(path: Path):
    """DASHBOARD_DATA pointing at `path` for the block (the app reads it through store.resolve_data_dir)."""
    old = os.environ.get("DASHBOARD_DATA")
    os.environ["DASHBOARD_DATA"] = str(path)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("DASHBOARD_DATA", None)
        else:
            os.environ["DASHBOARD_DATA"] = old


def clear_caches() -> None:
    """Forget computed query results and figures (the loaded dataset stays): a filter never seen before."""
    import streamlit as st

    st.cache_data.clear()
    from dashboard.ui import widgets

    widgets.clear_caches()


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _check(at, what: str) -> None:
    if at.exception:
        raise RuntimeError(f"{what}: {[e.value for e in at.exception][:1]}")


def empty_apptest(repeat: int) -> tuple[list[float], list[float]]:
    """(first runs, reruns after a select change) of the empty app under AppTest."""
    from streamlit.testing.v1 import AppTest

    firsts, reruns = [], []
    for i in range(max(1, repeat) + 1):
        at = AppTest.from_file(str(EMPTY_APP), default_timeout=60)
        t = _timed(at.run)
        value = "two" if i % 2 == 0 else "three"
        r = _timed(lambda at=at, value=value: at.selectbox(key="choice").set_value(value).run())
        _check(at, "empty app")
        if i:  # the first pass warms the imports
            firsts.append(t)
            reruns.append(r)
    return firsts, reruns


def page_apptest(page: str, top_jurisdiction: str | None, repeat: int) -> tuple[list[float], list[float]]:
    """(first runs with cold query caches, reruns after a filter change with cold caches) of one page."""
    from streamlit.testing.v1 import AppTest

    firsts, reruns = [], []
    at = AppTest.from_file(str(APP), default_timeout=600)
    at.run()                      # loads the dataset once (cached per process), overview page
    _check(at, "app")
    for i in range(max(1, repeat)):
        clear_caches()
        at = AppTest.from_file(str(APP), default_timeout=600)
        at.run()
        clear_caches()
        firsts.append(_timed(lambda at=at, target=page: open_page(at, target).run()))
        _check(at, page)
        clear_caches()
        theme = at.multiselect(key="w_theme")
        value = ["transparency"] if i % 2 == 0 else ["accountability"]
        reruns.append(_timed(lambda theme=theme, value=value: theme.set_value(value).run()))
        _check(at, f"{page} after a filter change")
    return firsts, reruns


def synthetic_banner_everywhere(pages=PAGES) -> list[str]:
    """Pages that do NOT show the synthetic-data banner (run with DASHBOARD_DATA at a synthetic set)."""
    from streamlit.testing.v1 import AppTest

    from dashboard import i18n

    banner = i18n.t("banner.synthetic", "en")
    missing = []
    at = AppTest.from_file(str(APP), default_timeout=600)
    at.run()
    for page in pages:
        open_page(at, page).run()
        if not any(banner in w.value for w in at.warning):
            missing.append(page)
    return missing


# ------------------------------------------------------------------------------------------------ browser

def _idle(page, timeout=600_000):
    from tools.serving import wait_idle

    wait_idle(page, timeout=timeout)


def _wait_dashboard(page, timeout=600_000) -> None:
    """The Overview is drawn: headline figures shown, every plotly chart drawn, script finished."""
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=timeout)
    page.wait_for_function(
        """() => { const c = [...document.querySelectorAll('[data-testid="ogpChart"]')];
                   return c.length > 0 && c.every(e => e.querySelector('.main-svg')); }""", timeout=timeout)
    _idle(page, timeout)


def _metric_text(page) -> str:
    return page.locator('[data-testid="stMetricValue"]').first.inner_text()


def _cpu_meter(page):
    """A function giving the seconds the page's renderer main thread has spent in tasks since this call (CDP
    Performance metrics, TaskDuration): the browser's own work, less sensitive than wall time to other processes."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")

    def read() -> float:
        metrics = cdp.send("Performance.getMetrics")["metrics"]
        return next((m["value"] for m in metrics if m["name"] == "TaskDuration"), 0.0)
    return read


MEASURES = ("empty_first", "empty_change", "empty_cpu", "chart_first", "chart_cpu", "overview_first",
            "overview_change", "overview_cpu")


@dataclass
class _Browsing:
    """One Chromium and the three servers it measures; `out` collects the figures."""
    browser: Browser
    empty: Server
    chart: Server
    dash: Server
    out: dict[str, list[float]]

    def simple_first(self, url: str, key: str):
        """First render of the empty (key "empty") or one-chart ("chart") app: (seconds, context, page)."""
        ctx = self.browser.new_context()
        page = ctx.new_page()
        cpu = _cpu_meter(page)
        t0 = time.perf_counter()
        page.goto(url)
        page.get_by_text("Chosen: one").wait_for(timeout=60_000)
        if key == "chart":  # benchmarks/chart_app.py: one chart by st.plotly_chart (Streamlit's plotly.js chunk)
            page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
        _idle(page)
        elapsed = time.perf_counter() - t0
        self.out[f"{key}_cpu"].append(cpu())
        return elapsed, ctx, page

    def dash_first(self):
        """First render of the dashboard's Overview in English: (seconds, context, page)."""
        ctx = self.browser.new_context(locale="en-US")
        page = ctx.new_page()
        cpu = _cpu_meter(page)
        t0 = time.perf_counter()
        page.goto(f"{self.dash.url}/?lang=en")
        _wait_dashboard(page)
        elapsed = time.perf_counter() - t0
        self.out["overview_cpu"].append(cpu())
        return elapsed, ctx, page

    def warm_up(self, pages) -> None:
        """Each server once; the dashboard's first session loads the data (not a render time, kept as
        server_first_session), then every page once for the memory peak."""
        for srv, key in ((self.empty, "empty"), (self.chart, "chart")):
            self.simple_first(srv.url, key)[1].close()
            self.out[f"{key}_cpu"].clear()
        t_load, ctx, page = self.dash_first()
        self.out["server_first_session"] = t_load
        self.out["overview_cpu"].clear()
        for name in pages[1:]:
            page.goto(f"{self.dash.url}/{_url(name)}?lang=en")
            page.locator("h1").first.wait_for(timeout=600_000)
            _idle(page)
        ctx.close()

    def empty_round(self) -> None:
        """The empty app: first render, then a selectbox change."""
        t, ctx, page = self.simple_first(self.empty.url, "empty")
        self.out["empty_first"].append(t)
        page.locator('[data-testid="stSelectbox"]').first.click()
        option = page.locator('[role="option"]', has_text="two").first
        option.wait_for()
        t0 = time.perf_counter()
        option.click()
        page.get_by_text("Chosen: two").wait_for(timeout=60_000)
        _idle(page)
        self.out["empty_change"].append(time.perf_counter() - t0)
        ctx.close()

    def chart_round(self) -> None:
        """The one-chart reference: first render."""
        t, ctx, _page = self.simple_first(self.chart.url, "chart")
        self.out["chart_first"].append(t)
        ctx.close()

    def overview_round(self, theme_label: str) -> None:
        """The Overview: first render, then a theme chosen in the sidebar (until the headline figure changes)."""
        t, ctx, page = self.dash_first()
        self.out["overview_first"].append(t)
        before = _metric_text(page)
        ms = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
            has_text=_theme_filter_label()).first
        ms.locator("input").click()
        page.keyboard.type(theme_label)
        page.locator('[role="option"]', has_text=theme_label).first.wait_for()
        t0 = time.perf_counter()
        page.keyboard.press("Enter")
        page.wait_for_function(
            """b => { const m = document.querySelector('[data-testid="stMetricValue"]');
                      return m && m.innerText !== b; }""", arg=before, timeout=600_000)
        _wait_dashboard(page)
        self.out["overview_change"].append(time.perf_counter() - t0)
        ctx.close()


def browser_measure(ds_path: Path, theme_label: str, repeat: int, pages=PAGES) -> dict[str, object]:
    """First render and filter change of the Overview, of the empty app and of the one-chart reference app in
    headless Chromium, in interleaved rounds (the machine's load affects all three alike), the browser main thread's
    CPU for each first render, and the server's peak RSS after every page was shown once. Times in seconds."""
    from playwright.sync_api import sync_playwright

    from tools.serving import launch_chromium, rss_bytes, streamlit_server

    out: dict[str, list[float]] = {k: [] for k in MEASURES}
    with sync_playwright() as pw, contextlib.ExitStack() as stack:
        browser = launch_chromium(pw)
        stack.callback(browser.close)
        empty = stack.enter_context(streamlit_server(EMPTY_APP))
        chart = stack.enter_context(streamlit_server(CHART_APP))
        dash = stack.enter_context(streamlit_server(APP, data_dir=ds_path, health_timeout=120))
        run = _Browsing(browser, empty, chart, dash, out)
        run.warm_up(pages)
        for _ in range(max(1, repeat)):
            run.empty_round()
            run.chart_round()
            run.overview_round(theme_label)
        out["rss_peak"] = rss_bytes(dash.pid, "VmHWM")
    return out


def _url(name: str) -> str:
    from dashboard.ui.app import PAGES as FRAME_PAGES

    return next(url for n, url, _icon in FRAME_PAGES if n == name)


def _theme_filter_label() -> str:
    from dashboard import i18n

    return i18n.t("filter.theme", "en")


def median(xs):
    return statistics.median(xs)
