"""Presentation mode (`?present=1&page=N`): no sidebar, header or Streamlit chrome, large type, one chart per screen
with its title and a one-sentence finding, previous/next by button and by keyboard (ArrowLeft/ArrowRight,
PageUp/PageDown; Escape leaves), the slide number in the URL. The filters and language of the URL still apply.

The slides come from dashboard/slides.py (pure; the PPTX deck reuses them). The frame (dashboard/ui/app.py)
calls `render(ctx)` instead of running the page when ctx.view.present is set, and `sidebar_toggle(ctx, page)` in
the sidebar otherwise. Every user-facing string comes from the catalogs.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable

import plotly.graph_objects as go
import streamlit as st

from dashboard import exports, slides, state
from dashboard.safe_text import md_escape
from dashboard.ui import plotly_view, url_state
from dashboard.ui.context import PageContext

PREV_KEY = "present_prev"
NEXT_KEY = "present_next"
EXIT_KEY = "w_exit_present"      # the frame's key (tests/ui/test_app_shell.py clicks it)
ENTER_KEY = "w_enter_present"
CHART_HEIGHT = 540

# Injected only in presentation mode. No text-transform anywhere (upper-cased Georgian turns into Mtavruli).
_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarNav"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], [data-testid="stMainMenu"], footer { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container {
  padding: 1rem 2.5rem 1rem 2.5rem !important; max-width: 100% !important;
}
.st-key-present_slide h1 { font-size: 2.6rem; line-height: 1.2; padding: 0.2rem 0 0.4rem 0; }
.st-key-present_finding p { font-size: 1.7rem; line-height: 1.35; font-weight: 600; color: #1f2a44; }
.st-key-present_meta p, .st-key-present_counter p { font-size: 1.15rem; color: #555; }
.st-key-present_caption p { font-size: 1.05rem; }
.st-key-present_prev button, .st-key-present_next button { font-size: 1.2rem; min-height: 3rem; }
.st-key-present_prev button p, .st-key-present_next button p { font-size: 1.2rem; }
.st-key-present_counter { text-align: center; }
</style>"""

# Streamlit has no key events: a listener on the page's document clicks the navigation buttons (found by their
# keys' st-key-* classes). Installed once per document; a missing button (presentation left) is a no-op.
_KEYS_JS = """<script>
(function () {
  var doc = document;
  try { if (window.parent && window.parent.document) { doc = window.parent.document; } } catch (e) {}
  var win = doc.defaultView || window;
  if (win.__ogpPresentKeys) { return; }
  win.__ogpPresentKeys = true;
  var keys = {ArrowLeft: "present_prev", PageUp: "present_prev", ArrowRight: "present_next",
              PageDown: "present_next", Escape: "w_exit_present"};
  doc.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName || ""))) { return; }
    var key = keys[e.key];
    if (!key) { return; }
    var button = doc.querySelector(".st-key-" + key + " button");
    if (!button || button.disabled) { return; }
    e.preventDefault();
    button.click();
  }, true);
})();
</script>"""


# ----------------------------------------------------------------------------------------------------- slides

def _screen_figure(fig: go.Figure) -> go.Figure:
    """A copy of a chart for the screen: its title moves to the page heading, type is larger, a fixed height."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    out.update_layout(title={"text": "", "subtitle": {"text": ""}}, height=CHART_HEIGHT, autosize=True,
                      margin={"t": 50 if len(out.layout.annotations or ()) else 20})
    out.update_layout(font={"size": max(int(out.layout.font.size or 13), 17)})
    out.update_xaxes(tickfont={"size": 16}, title_font={"size": 18})
    out.update_yaxes(tickfont={"size": 16}, title_font={"size": 18})
    if out.layout.legend:
        out.update_layout(legend={"font": {"size": 16}})
    return out


@st.cache_resource(show_spinner=False, max_entries=64, ttl=6 * 3600)
def _cached_slides(dataset_key: str, filters_key: tuple, lang: str, synthetic: bool, compare: Hashable,
                   _ctx: PageContext) -> list[tuple[slides.Slide, go.Figure | None]]:
    built = slides.build_slides(_ctx.run, lang, _ctx.filters, synthetic, compare)
    return [(s, None if s.figure is None else _screen_figure(s.figure)) for s in built]


def view_slides(ctx: PageContext) -> list[tuple[slides.Slide, go.Figure | None]]:
    """The slides of this view (built once per dataset, filters, language and comparison; shared read-only)."""
    return _cached_slides(ctx.dataset_key, state.canonical_key(ctx.filters), ctx.lang, bool(ctx.synthetic),
                          tuple(ctx.view.compare), ctx)


# ----------------------------------------------------------------------------------------------------- UI

def sidebar_toggle(ctx: PageContext, page_name: str | None = None) -> None:
    """The sidebar button that enters presentation mode at the first slide of the current page."""
    st.sidebar.button(ctx.t("present.enter"), key=ENTER_KEY, on_click=url_state.enter_present,
                      args=(slides.first_slide_of(page_name or ""),), icon=":material/slideshow:",
                      help=ctx.t("present.enter_help"), width="stretch")


def render(ctx: PageContext) -> None:
    """One slide of the view: the number comes from the URL (clamped to the slides there are)."""
    st.html(_CSS)
    items = view_slides(ctx)
    total = len(items)
    number = min(max(ctx.view.page or 1, 1), total)
    if ctx.view.page != number:
        url_state.show(ctx.filters, ctx.lang, state.View(present=True, page=number, compare=ctx.view.compare))
    slide, fig = items[number - 1]
    counter = ctx.t("present.counter", n=ctx.fmt_number(number), total=ctx.fmt_number(total))

    top = st.columns([6, 2], vertical_alignment="center")
    with top[0].container(key="present_meta"):
        st.markdown(md_escape(f"{ctx.t(f'nav.{slide.page}')} · {counter}"))
    top[1].button(ctx.t("present.exit"), key=EXIT_KEY, on_click=url_state.exit_present,
                  icon=":material/close_fullscreen:", type="tertiary", width="stretch")

    with st.container(key="present_slide"):
        st.title(md_escape(slide.title), anchor=False)
        with st.container(key="present_finding"):
            st.markdown(md_escape(slide.finding))
        if slide.subtitle:  # e.g. what grey cells mean, the as-of date: was under the chart's title
            st.caption(md_escape(slide.subtitle))
        if fig is None:
            ctx.empty_state()
        else:
            plotly_view.show(fig, key=f"present_chart_{number}", label=slide.title,
                             config={**exports.plotly_config(ctx.lang, slide.title), "displayModeBar": False},
                             failed=ctx.t("widget.chart_not_loaded"))
        if slide.caption:
            with st.container(key="present_caption"):
                st.caption(md_escape(slide.caption))

    nav = st.columns([2, 3, 2], vertical_alignment="center")
    nav[0].button(ctx.t("present.prev"), key=PREV_KEY, on_click=url_state.enter_present, args=(number - 1,),
                  disabled=number <= 1, icon=":material/arrow_back:", width="stretch")
    with nav[1].container(key="present_counter"):
        st.markdown(md_escape(ctx.t("present.keys_hint")))
    nav[2].button(ctx.t("present.next"), key=NEXT_KEY, on_click=url_state.enter_present, args=(number + 1,),
                  disabled=number >= total, icon=":material/arrow_forward:", width="stretch")
    st.html(_KEYS_JS, unsafe_allow_javascript=True)
