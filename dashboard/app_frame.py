"""The app frame: page config, language, sidebar filters <-> URL, dataset and cursor, navigation, banners.

streamlit_app.py calls main(). Each page lives in dashboard/pages/<name>.py and defines render(ctx: PageContext);
its last lines hand it the context the frame built for this run:

    if __name__ == "__main__":
        render(current_context())

A page runs a metric with ctx.run("completion_by_jurisdiction") (cached per dataset version, query name, filters
and extra parameters; run on this session's own cursor) and takes every user-facing string from ctx.t("key").

The URL is the source of truth for the filters and the language: every run parses st.query_params (state.parse:
only valid codes, the rest dropped with a notice), sets the sidebar widgets from it, and a widget change writes the
new raw codes back to st.query_params (by hand, not bind=, so the URL holds codes, not translated labels).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import i18n, state
from dashboard.schema import Filters

log = logging.getLogger(__name__)

PAGES_DIR = Path(__file__).resolve().parent / "pages"
# A local image: a material-icon page_icon makes the browser fetch the favicon from fonts.gstatic.com.
FAVICON = Path(__file__).resolve().parent.parent / "static" / "favicon.png"
# (name, url path, material icon). The name is the module dashboard/pages/<name>.py and the catalog key nav.<name>.
# The first page is the default, served at "/"; its url path ("/overview") leads there too (_ALIAS_PATH).
PAGES: tuple[tuple[str, str, str], ...] = (
    ("overview", "overview", ":material/dashboard:"),
    ("municipalities", "municipalities", ":material/location_city:"),
    ("themes_sdgs", "themes-sdgs", ":material/category:"),
    ("timeline", "timeline", ":material/timeline:"),
    ("commitments", "commitments", ":material/checklist:"),
    ("data_methodology", "data", ":material/dataset:"),
)

# Session-state keys.
USER_DATASET_KEY = "user_dataset"      # a UserDataset: this session's own upload, takes precedence
_CURSOR_KEY = "_db_cursor"             # (dataset key, cursor)
_PARAMS_KEY = "_url_params"            # the last canonical URL parameters of this session
_FILTERS_KEY = "_filters"              # (Filters, lang, View) of the current run, read by widget callbacks
_W = "w_"                              # widget key prefix: w_lang, w_plan, w_period, ...
_LATEST = ""                           # the period selectbox value for "latest period"
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
</style>"""

_local = threading.local()
_CURSOR_LOCK = threading.Lock()


# ----------------------------------------------------------------------------------------------------- datasets

@dataclass
class UserDataset:
    """A dataset uploaded in this session (kept in st.session_state only, never on disk or in a shared cache)."""
    dataset: Any
    key: str          # content hash: the cache version of its query results
    label: str        # shown in the banner (plain text)


def content_key(files: Mapping[str, bytes]) -> str:
    """A version key for uploaded files: hash of names and contents."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(files[name]).digest())
    return "upload:" + h.hexdigest()[:32]


def set_user_dataset(dataset: Any, key: str, label: str) -> None:
    """Use an uploaded dataset for the rest of this session (the upload page calls this)."""
    st.session_state[USER_DATASET_KEY] = UserDataset(dataset, key, label)
    st.session_state.pop(_CURSOR_KEY, None)


def clear_user_dataset() -> None:
    """Back to the bundled data."""
    st.session_state.pop(USER_DATASET_KEY, None)
    st.session_state.pop(_CURSOR_KEY, None)


@st.cache_resource(show_spinner=False)
def _live_data(data_dir: str) -> Any:
    """The bundled (or $DASHBOARD_DATA) data, one per process, shared read-only by all sessions (each queries it
    through its own cursor). dashboard/live_data.py: reloaded only when a changed directory validates; a bad
    replacement keeps the last good data; before the first good load the error propagates (error page, retry)."""
    from dashboard.housekeeping import start_periodic_gc
    from dashboard.live_data import LiveData

    start_periodic_gc()   # memory of closed sessions is returned (runner.postScriptGC is off: docs/reliability.md)
    return LiveData(Path(data_dir))


def _bundled_dataset(data_dir: str) -> tuple[Any, str]:
    """(dataset, version key) of the served data directory."""
    return _live_data(data_dir).current()


def _active_dataset() -> tuple[Any, str, UserDataset | None]:
    user = st.session_state.get(USER_DATASET_KEY)
    if isinstance(user, UserDataset):
        return user.dataset, user.key, user
    from dashboard.store import resolve_data_dir

    dataset, key = _bundled_dataset(str(resolve_data_dir(None)))
    return dataset, key, None


def _session_cursor(dataset: Any, key: str) -> Any:
    held = st.session_state.get(_CURSOR_KEY)
    if held is not None and held[0] == key:
        return held[1]
    with _CURSOR_LOCK:  # the shared connection hands out one cursor per session
        cursor = dataset.con.cursor()
    st.session_state[_CURSOR_KEY] = (key, cursor)
    return cursor


@st.cache_data(show_spinner=False, max_entries=2000, ttl=6 * 3600)
def _cached_metric(dataset_key: str, name: str, filters_key: tuple, extra_key: tuple,
                   _cursor: Any, _filters: Filters, _extra: dict[str, Any]) -> pd.DataFrame:
    from dashboard import metrics

    return metrics.run(_cursor, name, _filters, **_extra)


def _extra_key(extra: Mapping[str, Any]) -> tuple:
    return tuple(sorted((k, repr(v)) for k, v in extra.items()))


# ----------------------------------------------------------------------------------------------------- context

@dataclass(frozen=True)
class Option:
    code: str
    label_en: str | None
    label_ka: str | None
    sort: float


@dataclass
class PageContext:
    """Everything a page needs for one run. Pages read it; they never touch st.query_params or the dataset."""
    lang: str                                  # "en" | "ka"
    filters: Filters                           # validated filters of this view
    view: state.View                           # present (presentation mode), page (1-based, optional)
    cursor: Any                                # this session's DuckDB cursor
    dataset: Any                               # store.Dataset (bundled or this session's upload)
    dataset_key: str                           # version of the dataset (cache key)
    options: dict[str, list[Option]]           # filter_options rows per dimension, in display order
    synthetic: bool = False                    # show the synthetic-data watermark on charts/exports
    user_data: UserDataset | None = None       # set when this session's own upload is active
    pages: dict[str, Any] = field(default_factory=dict)   # name -> st.Page (for st.page_link / st.switch_page)

    # -- text
    def t(self, key: str, **kwargs: Any) -> str:
        return i18n.t(key, self.lang, **kwargs)

    def label(self, kind: str, code: Any) -> str:
        """Catalog label of a code: ctx.label("rating", "fully_implemented"); None -> "not reported"."""
        return i18n.label(kind, code, self.lang)

    def option_label(self, dimension: str, code: Any) -> str:
        """Label of a filter value in the page language: data label (with fallback marker), else catalog, else code."""
        code = str(code)
        text = _option_labels(self.dataset_key, self.lang, self.options).get(dimension, {}).get(code)
        if text:
            return text
        key = f"{dimension}.{code}"
        return self.t(key) if i18n.has_key(key, self.lang) else code

    def data_text(self, row: Any, stem: str) -> tuple[str, bool]:
        return i18n.data_text(row, stem, self.lang)

    def data_label(self, row: Any, stem: str) -> str:
        """Data text in the page language, with "(EN)"/"(KA)" appended when it fell back. Plain text."""
        return i18n.data_label(row, stem, self.lang)

    def fmt_number(self, x: Any, decimals: int = 0) -> str:
        return i18n.fmt_number(x, self.lang, decimals)

    def fmt_percent(self, x: Any, decimals: int = 0) -> str:
        return i18n.fmt_percent(x, self.lang, decimals)

    def fmt_date(self, d: Any) -> str:
        return i18n.fmt_date(d, self.lang)

    def fmt_month(self, d: Any) -> str:
        return i18n.fmt_month(d, self.lang)

    # -- data
    def run(self, name: str, filters: Filters | None = None, **extra: Any) -> pd.DataFrame:
        """Run queries/<name>.sql with this view's filters (or `filters`) and extra parameters, cached by
        (dataset version, name, filters, extra). Returns a copy the page may modify."""
        f = self.filters if filters is None else filters
        return _cached_metric(self.dataset_key, name, state.canonical_key(f), _extra_key(extra),
                              self.cursor, f, dict(extra))

    def run_or_error(self, name: str, filters: Filters | None = None, **extra: Any) -> pd.DataFrame | None:
        """ctx.run, but a failing query shows a short translated error (no traceback) and returns None."""
        try:
            return self.run(name, filters, **extra)
        except Exception:  # noqa: BLE001 - one failed figure must not break the page
            log.exception("metric %s failed", name)
            st.error(self.t("error.metric_failed"), icon=":material/error:")
            return None

    # -- links
    def params(self, filters: Filters | None = None, lang: str | None = None, **changes: Any) -> dict[str, str]:
        """URL parameters of this view with some filters changed: st.page_link(ctx.pages["commitments"],
        query_params=ctx.params(commitment=["GE-2018-6.2"]))."""
        f = state.replace(self.filters if filters is None else filters, **changes)
        return state.to_params(f, lang or self.lang, self.view)

    # -- common UI pieces
    def empty_state(self) -> None:
        st.info(self.t("app.empty_state"), icon=":material/filter_alt_off:")


@st.cache_resource(show_spinner=False, max_entries=128, ttl=6 * 3600)
def _option_labels(dataset_key: str, lang: str, _options: dict[str, list[Option]]) -> dict[str, dict[str, str]]:
    """Data labels of the filter values of a dataset version in one language (dimension -> code -> label), built
    once: the sidebar formats every option of every filter on each run."""
    out: dict[str, dict[str, str]] = {}
    for dimension, opts in _options.items():
        labels = out.setdefault(dimension, {})
        for opt in opts:
            if opt.code in labels:
                continue
            text = i18n.data_label({"label_en": opt.label_en, "label_ka": opt.label_ka}, "label", lang)
            labels[opt.code] = (f"{opt.code} · {text}" if dimension == "sdg" else text) if text else ""
    return out


def current_context() -> PageContext:
    """The PageContext the frame built for the page that is running now."""
    ctx = getattr(_local, "ctx", None)
    if ctx is None:
        raise RuntimeError("no page context: run the app through streamlit_app.py")
    return ctx


def md_escape(text: Any) -> str:
    """Text safe to put inside Markdown (data values, file names): every Markdown/HTML character escaped."""
    out = []
    for ch in str(text):
        if ch in "\\`*_{}[]()#+-.!|<>~$&:\"'=":
            out.append("\\" + ch)
        elif ch in "\r\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def safe_url(url: Any) -> str | None:
    """`url` when it is an absolute http(s) URL with a host and no spaces, quotes or brackets (safe as a link
    target in st.link_button, a LinkColumn or a Markdown link); None otherwise (javascript:, data:, relative ...)."""
    from urllib.parse import urlsplit

    if url is None or (isinstance(url, float) and url != url):
        return None
    text = str(url).strip()
    if not text or len(text) > 2000 or any(ch.isspace() or ord(ch) < 32 or ch in "<>\"'`()[]{}|\\^" for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


# ----------------------------------------------------------------------------------------------------- URL state

def _read_query_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _browser_lang() -> str:
    try:
        locale = st.context.locale or ""
    except Exception:  # noqa: BLE001 - no browser context (tests, bare mode)
        locale = ""
    return "ka" if str(locale).lower().startswith("ka") else i18n.DEFAULT_LANG


def _write_url(params: dict[str, str]) -> None:
    st.session_state[_PARAMS_KEY] = dict(params)
    current = {k: v[-1] if len(v) == 1 else v for k, v in _read_query_params().items()}
    if current != params:
        st.query_params.from_dict(params)


def _widget_filters() -> tuple[Filters, str, state.View]:
    """The filters and language the sidebar widgets hold now (callbacks run before the script)."""
    filters, lang, view = st.session_state.get(_FILTERS_KEY, (Filters(), i18n.DEFAULT_LANG, state.View()))
    ss = st.session_state
    lang = ss.get(_W + "lang", lang)
    changes: dict[str, Any] = {}
    for dim in state.SIDEBAR_FILTERS:
        key = _W + dim
        if key not in ss:
            continue
        value = ss[key]
        if dim == "period":
            changes[dim] = value or None
        elif dim == "sdg":
            changes[dim] = tuple(int(v) for v in value or ())
        else:
            changes[dim] = tuple(value or ())
    return state.replace(filters, **changes), lang, view


def _on_widget_change() -> None:
    filters, lang, view = _widget_filters()
    # A filter change goes back to the first page of any table (the comparison choice stays).
    _write_url(state.to_params(filters, lang, state.View(present=view.present, compare=view.compare)))


def _on_lang_change() -> None:
    filters, lang, view = st.session_state.get(_FILTERS_KEY, (Filters(), i18n.DEFAULT_LANG, state.View()))
    _write_url(state.to_params(filters, st.session_state.get(_W + "lang", lang), view))


def _on_reset() -> None:
    _filters, lang, view = st.session_state.get(_FILTERS_KEY, (Filters(), i18n.DEFAULT_LANG, state.View()))
    _write_url(state.to_params(Filters(), lang, state.View(present=view.present)))


def _on_exit_present() -> None:
    filters, lang, _view = st.session_state.get(_FILTERS_KEY, (Filters(), i18n.DEFAULT_LANG, state.View()))
    _write_url(state.to_params(filters, lang, state.View()))


def _on_back_to_bundled() -> None:
    clear_user_dataset()


def set_filters(**changes: Any) -> None:
    """Widget callback for pages: change some filters of the current view, e.g. open a commitment with
    on_click=set_filters, kwargs={"commitment": ("GE-2018-6.2",)}. Writes the new raw codes to the URL (keeping
    the language and presentation mode); the run that follows applies them."""
    filters, lang, view = st.session_state.get(_FILTERS_KEY, (Filters(), i18n.DEFAULT_LANG, state.View()))
    _write_url(state.to_params(state.replace(filters, **changes), lang,
                               state.View(present=view.present, compare=view.compare)))


# ----------------------------------------------------------------------------------------------------- UI pieces

def _language_toggle(lang: str) -> None:
    st.session_state[_W + "lang"] = lang
    st.sidebar.radio(i18n.t("app.language", lang), options=list(i18n.LANGS), key=_W + "lang",
                     format_func=lambda code: i18n.t(f"lang.{code}", lang), horizontal=True,
                     on_change=_on_lang_change)


def _sidebar_filters(ctx: PageContext) -> None:
    lang = ctx.lang
    sb = st.sidebar
    sb.subheader(ctx.t("filter.title"))
    # The data labels are looked up once per run (not through the cached function for each of the ~400 option
    # formats at 50,000 commitments); ctx.option_label only for a code without one (catalog label or the code).
    labels = _option_labels(ctx.dataset_key, ctx.lang, ctx.options)
    for dim in state.SIDEBAR_FILTERS:
        codes = [o.code for o in ctx.options.get(dim, [])]
        key = _W + dim
        known = labels.get(dim, {})
        if dim == "period":
            current = ctx.filters.period or _LATEST
            st.session_state[key] = current if current in codes else _LATEST
            latest = ctx.t("filter.period_latest")
            sb.selectbox(ctx.t("filter.period"), options=[_LATEST, *codes], key=key,
                         format_func=lambda c, _k=known: latest if c == _LATEST
                         else _k.get(str(c)) or ctx.option_label("period", c),
                         on_change=_on_widget_change)
            continue
        selected = [str(v) for v in getattr(ctx.filters, dim)]
        st.session_state[key] = [c for c in selected if c in codes]
        sb.multiselect(ctx.t(f"filter.{dim}"), options=codes, key=key,
                       format_func=lambda c, _d=dim, _k=known: _k.get(str(c)) or ctx.option_label(_d, c),
                       placeholder=ctx.t("filter.all"), on_change=_on_widget_change)
    sb.button(ctx.t("filter.reset"), key=_W + "reset", on_click=_on_reset, icon=":material/filter_alt_off:")
    sb.caption(ctx.t("filter.help_link"))
    del lang


def _notices(notices: list[state.Notice], lang: str) -> None:
    """Dropped URL values, as plain text (never Markdown/HTML: the values come from the URL)."""
    if not notices:
        return
    with st.container(border=True, key="url_notices"):
        st.warning(i18n.t("notice.title", lang), icon=":material/link_off:")
        for n in notices[:20]:
            kwargs = n.kwargs()
            if n.param in state.SIDEBAR_FILTERS:  # the filter's name in the page language, then the raw key
                kwargs["param"] = f"{i18n.t(f'filter.{n.param}', lang)} ({n.param})"
            st.text(i18n.t(n.key, lang, **kwargs))


def _error_page(lang: str, exc: BaseException) -> None:
    """A friendly page in the chosen language when the data cannot be loaded. No traceback on screen."""
    log.exception("dataset could not be loaded")
    st.title(i18n.t("error.data_title", lang))
    st.write(i18n.t("error.data_body", lang))
    st.button(i18n.t("error.retry", lang), key="error_retry", icon=":material/refresh:")
    problems = list(getattr(exc, "problems", None) or [])
    with st.expander(i18n.t("error.data_details", lang)):
        if problems:
            st.text(i18n.t("error.data_problems", lang, n=i18n.fmt_number(len(problems), lang)))
            st.text("\n".join(state.shown(str(p), 300) for p in problems[:30]))
        else:
            st.text(type(exc).__name__)


@st.cache_resource(show_spinner=False, max_entries=64, ttl=6 * 3600)
def _load_options(dataset_key: str, _cursor: Any) -> dict[str, list[Option]]:
    """The sidebar's options of a dataset version, built once per version (they do not depend on the filters, so
    a filter change never queries them again). Shared read-only by every session."""
    from dashboard import metrics

    frame = metrics.run(_cursor, "filter_options", Filters())
    out: dict[str, list[Option]] = {}
    for row in frame.to_dict("records"):
        code = row.get("code")
        if code is None or (isinstance(code, float) and code != code):
            continue

        def _text(v: Any) -> str | None:
            return None if v is None or (isinstance(v, float) and v != v) or str(v) == "" else str(v)

        sort = row.get("sort")
        out.setdefault(str(row["dimension"]), []).append(
            Option(str(code), _text(row.get("label_en")), _text(row.get("label_ka")),
                   float(sort) if sort is not None and sort == sort else 0.0))
    for dim in out:
        out[dim].sort(key=lambda o: o.sort)
    return out


# ----------------------------------------------------------------------------------------------------- main

def main() -> None:
    raw = _read_query_params()
    saved = st.session_state.get(_PARAMS_KEY)
    if saved and not any(k in state.PARAMS for k in raw):
        # Switching pages in the browser drops the query string: restore this session's view.
        raw = {k: [v] for k, v in saved.items()}
    default_lang = _browser_lang()
    _, lang, _ = state.parse({"lang": raw["lang"]} if "lang" in raw else {}, None, default_lang)
    view = state.parse_view(raw)

    st.set_page_config(page_title=i18n.t("app.title", lang), page_icon=str(FAVICON),
                       layout="wide", initial_sidebar_state="collapsed" if view.present else "auto")
    st.html(_FONT_CSS)

    if not view.present:
        _language_toggle(lang)

    try:
        dataset, dataset_key, user = _active_dataset()
        cursor = _session_cursor(dataset, dataset_key)
        options = _load_options(dataset_key, cursor)
    except Exception as exc:  # noqa: BLE001 - any failure to load is shown as the friendly error page
        _error_page(lang, exc)
        return

    codes = {dim: [o.code for o in opts] for dim, opts in options.items()}
    filters, lang, notices = state.parse(raw, codes, default_lang)
    # parse() reports unknown comparison codes; drop them from the view too so the URL is rewritten without them.
    known = set(codes.get("jurisdiction", ()))
    view = dataclasses.replace(view, compare=tuple(c for c in view.compare if c in known))
    st.session_state[_FILTERS_KEY] = (filters, lang, view)
    _write_url(state.to_params(filters, lang, view))

    pages = {name: st.Page(str(PAGES_DIR / f"{name}.py"), title=i18n.t(f"nav.{name}", lang), icon=icon,
                           url_path=_DEFAULT_INTERNAL_PATH if i == 0 else url, default=(i == 0))
             for i, (name, url, icon) in enumerate(PAGES)}
    first_name, first_url, first_icon = PAGES[0]
    params = state.to_params(filters, lang, view)

    def _to_default_page() -> None:  # "/overview?lang=ka..." -> "/?lang=ka...", same view
        st.switch_page(pages[first_name], query_params=params)

    alias = st.Page(_to_default_page, title=i18n.t(f"nav.{first_name}", lang), icon=first_icon,
                    url_path=first_url, visibility="hidden")
    nav = st.navigation([*pages.values(), alias], position="hidden" if view.present else "sidebar")
    if nav.url_path == first_url and not view.present:
        nav.run()  # switches to the default page (a rerun): nothing below runs for the alias

    ctx = PageContext(lang=lang, filters=filters, view=view, cursor=cursor, dataset=dataset,
                      dataset_key=dataset_key, options=options,
                      synthetic=bool(getattr(dataset, "synthetic", False)
                                     or (getattr(dataset, "metadata", None) or {}).get("synthetic")),
                      user_data=user, pages=pages)

    from dashboard import presentation  # presentation mode: dashboard/presentation.py (imports this module)

    if not view.present:
        _sidebar_filters(ctx)
        current = first_name if nav.url_path in ("", first_url) else nav.url_path
        presentation.sidebar_toggle(ctx, next((n for n, url, _i in PAGES if url == current), None))

    if ctx.synthetic:
        st.warning(ctx.t("banner.synthetic"), icon=":material/science:")
    if user is not None:
        st.info(ctx.t("banner.user_data", label=md_escape(user.label)), icon=":material/upload_file:")
        st.button(ctx.t("banner.back_to_bundled"), key=_W + "back_to_bundled", on_click=_on_back_to_bundled,
                  icon=":material/undo:")
    _notices(notices, lang)

    _local.ctx = ctx
    try:
        if view.present:  # one chart per screen (with its own exit button) instead of the page
            presentation.render(ctx)
        else:
            nav.run()
    finally:
        _local.ctx = None


def run_page(render: Callable[[PageContext], None]) -> None:
    """For a page module: render(current_context())."""
    render(current_context())
