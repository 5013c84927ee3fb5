"""The view in the URL: the filters, the language and presentation mode live in st.query_params as raw codes.

Every run parses the URL (dashboard/state.py: only valid codes, the rest dropped with a notice) and remembers the
view it shows (`remember`); a widget callback reads that view, changes it and writes the new raw codes back with
`write` (by hand, not bind=, so the URL holds codes, not translated labels). Switching pages in the browser drops the
query string: `read` then restores this session's last view.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import i18n, state
from dashboard.schema import Filters

WIDGET_PREFIX = "w_"                   # widget key prefix: w_lang, w_plan, w_period, ...
LANG_KEY = WIDGET_PREFIX + "lang"
_PARAMS_KEY = "_url_params"            # the last canonical URL parameters of this session
_VIEW_KEY = "_filters"                 # (Filters, lang, View) of the current run, read by widget callbacks


def read() -> dict[str, list[str]]:
    """The URL's parameters (every value of each key); this session's last view when the URL holds none."""
    raw = {key: st.query_params.get_all(key) for key in st.query_params}
    saved = st.session_state.get(_PARAMS_KEY)
    if saved and not any(k in state.PARAMS for k in raw):
        raw = {k: [v] for k, v in saved.items()}
    return raw


def browser_lang() -> str:
    """"ka" when the browser asks for Georgian, else the default language."""
    try:
        locale = st.context.locale or ""
    except Exception:
        locale = ""
    return "ka" if str(locale).lower().startswith("ka") else i18n.DEFAULT_LANG


def write(params: dict[str, str]) -> None:
    """Make `params` the URL (and this session's last view); no change when the URL already says so."""
    st.session_state[_PARAMS_KEY] = dict(params)
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    current = {k: v[-1] if len(v) == 1 else v for k, v in current.items()}
    if current != params:
        st.query_params.from_dict(params)


def remember(filters: Filters, lang: str, view: state.View) -> None:
    """The view this run shows: the callbacks of its widgets change it."""
    st.session_state[_VIEW_KEY] = (filters, lang, view)


def current() -> tuple[Filters, str, state.View]:
    """(filters, language, view) of the run the widgets belong to."""
    return st.session_state.get(_VIEW_KEY, (Filters(), i18n.DEFAULT_LANG, state.View()))


def show(filters: Filters, lang: str, view: state.View) -> None:
    """Write this view to the URL (the run that follows shows it)."""
    write(state.to_params(filters, lang, view))


# ----------------------------------------------------------------------------------------------------- callbacks

def set_filters(**changes: Any) -> None:
    """Widget callback for pages: change some filters of the current view, e.g. open a commitment with
    on_click=set_filters, kwargs={"commitment": ("GE-2018-6.2",)}. Keeps the language, presentation mode and
    comparison; goes back to the first page of any table."""
    filters, lang, view = current()
    show(state.replace(filters, **changes), lang, state.View(present=view.present, compare=view.compare))


def on_lang_change() -> None:
    filters, lang, view = current()
    show(filters, st.session_state.get(LANG_KEY, lang), view)


def on_reset() -> None:
    _filters, lang, view = current()
    show(Filters(), lang, state.View(present=view.present))


def enter_present(slide: int) -> None:
    """Presentation mode at slide number `slide` (1-based) of the current view."""
    filters, lang, view = current()
    show(filters, lang, state.View(present=True, page=slide, compare=view.compare))


def exit_present() -> None:
    filters, lang, _view = current()
    show(filters, lang, state.View())
