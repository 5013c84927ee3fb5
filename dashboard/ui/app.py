"""The app frame: page config, language, dataset and cursor, sidebar, banners, and the one place where the pages
are listed and navigated.

streamlit_app.py calls main(). Each page is a module of dashboard/ui/pages/ with render(ctx: PageContext); the
frame builds the context of the run (dashboard/ui/context.py) and hands it to the page through st.Page(callable).
A page runs a metric with ctx.run("completion_by_jurisdiction") and takes every user-facing string from ctx.t("key").

The URL is the source of truth for the filters and the language (dashboard/ui/url_state.py).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import i18n, state
from dashboard.ui import notices, plotly_view, presentation, sidebar, url_state
from dashboard.ui.context import PageContext, load_options
from dashboard.ui.pages import (
    assessments,
    commitments,
    data_methodology,
    moderation,
    municipalities,
    overview,
    themes_sdgs,
    timeline,
)
from dashboard.ui.session_data import active_dataset, session_cursor

# A local image: a material-icon page_icon makes the browser fetch the favicon from fonts.gstatic.com.
FAVICON = Path(__file__).resolve().parents[2] / "static" / "favicon.png"
# (name, url path, material icon). The name is the page's module dashboard/ui/pages/<name>.py and the catalog key
# nav.<name>. The first page is the default, served at "/"; its url path ("/overview") leads there too (alias).
PAGES: tuple[tuple[str, str, str], ...] = (
    ("overview", "overview", ":material/dashboard:"),
    ("municipalities", "municipalities", ":material/location_city:"),
    ("themes_sdgs", "themes-sdgs", ":material/category:"),
    ("timeline", "timeline", ":material/timeline:"),
    ("assessments", "assessments", ":material/balance:"),
    ("commitments", "commitments", ":material/checklist:"),
    ("data_methodology", "data", ":material/dataset:"),
    ("moderation", "moderation", ":material/shield_person:"),
)
# Pages that draw charts: plotly.js starts loading as soon as the page is known (plotly_view.preload).
CHART_PAGES = frozenset({"overview", "municipalities", "themes_sdgs", "timeline", "assessments"})
_PRELOAD_KEY = "plotly_preload_box"
# Pages served at their url path but not listed in the navigation (the moderators open /moderation themselves).
HIDDEN_PAGES = frozenset({"moderation"})
RENDER: dict[str, Callable[[PageContext], None]] = {
    "overview": overview.render, "municipalities": municipalities.render, "themes_sdgs": themes_sdgs.render,
    "timeline": timeline.render, "assessments": assessments.render, "commitments": commitments.render,
    "data_methodology": data_methodology.render, "moderation": moderation.render,
}
# Streamlit serves the default page at "/" and reserves its own url_path without serving it ("Page not found"):
# the default page gets this internal path, and a hidden page at the first page's path sends the browser to "/".
_DEFAULT_INTERNAL_PATH = "home"

# Heading and body text: Latin in Source Sans, Georgian in the bundled Noto Sans Georgian (config.toml declares
# the faces; this makes sure headings and widgets use them too). No text-transform anywhere (Mtavruli).
_FONT_CSS = """<style>
h1, h2, h3, h4, h5, h6, [data-testid="stHeading"], [data-testid="stMarkdownContainer"],
[data-testid="stSidebarNav"], [data-testid="stWidgetLabel"], button, input, textarea {
  font-family: 'Source Sans', 'Source Sans Pro', 'Noto Sans Georgian', sans-serif;
}
.st-key-doc_lang, div:has(> .st-key-doc_lang), .st-key-plotly_preload_box, div:has(> .st-key-plotly_preload_box) {
  display: none;
}
</style>"""

# Streamlit's page declares <html lang="en"> whatever the language: a screen reader would read Georgian with English
# rules. The frame sets the document's language on every run (the element changes, so it runs again, when the
# language does). `lang` is one of i18n.LANGS (parsed), inserted as a JSON string.
_LANG_KEY = "doc_lang"
_LANG_JS = """<script>
(function () {
  var doc = document;
  try { if (window.parent && window.parent.document) { doc = window.parent.document; } } catch (e) {}
  doc.documentElement.lang = __LANG__;
})();
</script>"""


def page_url_path(name: str) -> str:
    """The url path st.navigation serves page `name` at (the default page's is internal: it is served at "/")."""
    index = next(i for i, (n, _url, _icon) in enumerate(PAGES) if n == name)
    return _DEFAULT_INTERNAL_PATH if index == 0 else PAGES[index][1]


def _page(name: str, ctx: PageContext) -> Callable[[], None]:
    """The callable st.Page runs for a page: its render function with this run's context."""
    render = RENDER[name]

    def run() -> None:
        render(ctx)

    run.__name__ = name
    return run


def _navigation(ctx: PageContext) -> Any:
    """st.navigation over the pages (hidden in presentation mode); fills ctx.pages for st.page_link."""
    lang, view = ctx.lang, ctx.view
    ctx.pages = {name: st.Page(_page(name, ctx), title=i18n.t(f"nav.{name}", lang), icon=icon,
                               url_path=page_url_path(name), default=(i == 0),
                               visibility="hidden" if name in HIDDEN_PAGES else "visible")
                 for i, (name, _url, icon) in enumerate(PAGES)}
    first_name, first_url, first_icon = PAGES[0]
    params = state.to_params(ctx.filters, lang, view)

    def _to_default_page() -> None:  # "/overview?lang=ka..." -> "/?lang=ka...", same view
        st.switch_page(ctx.pages[first_name], query_params=params)

    alias = st.Page(_to_default_page, title=i18n.t(f"nav.{first_name}", lang), icon=first_icon,
                    url_path=first_url, visibility="hidden")
    return st.navigation([*ctx.pages.values(), alias], position="hidden" if view.present else "sidebar")


def main() -> None:
    raw = url_state.read()
    default_lang = url_state.browser_lang()
    _, lang, _ = state.parse({"lang": raw["lang"]} if "lang" in raw else {}, None, default_lang)
    view = state.parse_view(raw)

    st.set_page_config(page_title=i18n.t("app.title", lang), page_icon=str(FAVICON),
                       layout="wide", initial_sidebar_state="collapsed" if view.present else "auto")
    st.html(_FONT_CSS)
    with st.container(key=_LANG_KEY):  # hidden by _FONT_CSS: the script takes no space
        st.html(_LANG_JS.replace("__LANG__", json.dumps(lang)), unsafe_allow_javascript=True)

    # First in the sidebar, which the browser renders first: plotly.js's loading starts before the other elements'
    # front-end code is fetched (filled below once the page is known).
    preload_slot = st.sidebar.empty()
    if not view.present:
        sidebar.language_toggle(lang)

    try:
        dataset, dataset_key, user = active_dataset()
        cursor = session_cursor(dataset, dataset_key)
        options = load_options(dataset_key, cursor)
    except Exception as exc:
        notices.error_page(lang, exc)
        return

    codes = {dim: [o.code for o in opts] for dim, opts in options.items()}
    filters, lang, dropped = state.parse(raw, codes, default_lang)
    # parse() reports unknown comparison codes; drop them from the view too so the URL is rewritten without them.
    known = set(codes.get("jurisdiction", ()))
    view = dataclasses.replace(view, compare=tuple(c for c in view.compare if c in known))
    url_state.remember(filters, lang, view)
    url_state.show(filters, lang, view)

    ctx = PageContext(lang=lang, filters=filters, view=view, cursor=cursor, dataset=dataset,
                      dataset_key=dataset_key, options=options,
                      synthetic=bool(getattr(dataset, "synthetic", False)
                                     or (getattr(dataset, "metadata", None) or {}).get("synthetic")),
                      user_data=user)
    nav = _navigation(ctx)
    _first_name, first_url, _icon = PAGES[0]
    if nav.url_path == first_url and not view.present:
        nav.run()  # switches to the default page (a rerun): nothing below runs for the alias

    current_url = first_url if nav.url_path in ("", first_url) else nav.url_path
    current = next((n for n, url, _i in PAGES if url == current_url), None)
    if view.present or current in CHART_PAGES:
        with preload_slot.container(key=_PRELOAD_KEY):  # hidden by _FONT_CSS
            plotly_view.preload(lang)

    if not view.present:
        sidebar.filters(ctx)
        presentation.sidebar_toggle(ctx, current)

    notices.banners(ctx)
    notices.url_notices(dropped, lang)

    if view.present:  # one chart per screen (with its own exit button) instead of the page
        presentation.render(ctx)
    else:
        nav.run()
